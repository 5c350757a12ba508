"""What the province notebook does with its summary: read it, glue every number, show its table."""

from __future__ import annotations

import json
from pathlib import Path

from kompendium.errors import KompendiumError


def read_summary(path: str | Path, kode: str) -> dict:
    """One province summary written by `ringkasan.write_summaries`, checked to be province `kode`."""
    path = Path(path)
    if not path.is_file():
        raise KompendiumError(f"{path}: ringkasan provinsi belum dibuat (jalankan snakemake)")
    r = json.loads(path.read_text(encoding="utf-8"))
    if r["teks"]["kode"] != str(kode):
        raise KompendiumError(f"{path}: kode provinsi {r['teks']['kode']}, padahal parameter provinsi = {kode!r}")
    return r


def glue_summary(angka, r: dict) -> None:
    """Glue every number, year and name of one summary (`angka`: a `kompendium.tempel.Angka`)."""
    for kunci, teks in sorted(r["teks"].items()):
        angka.tempel_teks(kunci, teks)
    for kunci, (nilai, desimal) in sorted(r["angka"].items()):
        # Whole numbers (ranks, rupiah) are recorded as integers; others keep their value, and the
        # text is rounded by `format.angka` (113.8 -> 114, never truncated to 113).
        angka.tempel(kunci, int(nilai) if float(nilai).is_integer() else nilai, desimal)
    for kunci, nilai in sorted(r["tahun"].items()):
        angka.tempel_tahun(kunci, nilai)


def glue_kabkota(angka, kk: dict) -> None:
    """Glue the numbers of the kabupaten/kota section (`kk` from `ringkasan.ringkas_kabkota`)."""
    angka.tempel_tahun("kk_tahun", kk["tahun"])
    angka.tempel("kk_jumlah", kk["jumlah"], 0)
    angka.tempel("kk_provinsi", kk["provinsi"], 2)
    for i, s in enumerate(kk["sorot"]):
        angka.tempel_teks(f"kk_sorot_{i}_nama", s["nama"])
        angka.tempel(f"kk_sorot_{i}_p0", s["p0"], 2)
        angka.tempel(f"kk_sorot_{i}_peringkat", s["peringkat"], 0)


def tabel(r: dict):
    """The page's table as `ringkasan.tabel_buku` stored it, ready to show (`gaya.TabelBuku`)."""
    from kompendium.gaya import TabelBuku

    return TabelBuku(r["tabel"]["html"], r["tabel"]["teks"])
