"""Readers for every BPS file format, returning the validated tidy long table.

The table's first columns are always the contract's (:data:`kompendium.kosakata.KOLOM`). A file
with a breakdown that is neither region, area nor period (a WebAPI answer by sex or age group)
adds two columns after them: ``jenis_rincian`` (what the breakdown is, e.g. ``Jenis Kelamin``)
and ``rincian`` (its label, e.g. ``Laki-laki``); files without one, which are all the files of
data/raw, have exactly the contract's columns. Where each column came from in the file
(``vervar``, ``turvar``, a header row...) is kept in ``table.attrs["dimensi"]``, shown by
:func:`explain` (``kompendium bps read --explain``), with any warnings in
``table.attrs["peringatan"]``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kompendium import kosakata, tidy
from kompendium.bps.detect import READERS, detect_format
from kompendium.errors import BpsFormatError

__all__ = ["RINCIAN", "BpsFormatError", "detect_format", "explain", "read_bps_file"]

_URUT_DAERAH = {d: i for i, d in enumerate(kosakata.DAERAH_SAH)}
#: Extra columns of a table with another breakdown, after the contract's columns.
RINCIAN = ["jenis_rincian", "rincian"]


def _validate(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """Validate against the contract; a table with a breakdown is validated one label at a time
    (the contract's key does not know the breakdown), the labels kept beside."""
    if not set(RINCIAN) <= set(df.columns):
        return tidy.validate(df, file)
    bagian = []
    for (jenis, label), grup in df.groupby(RINCIAN, sort=False):
        v = tidy.validate(grup.drop(columns=RINCIAN), file)
        bagian.append(v.assign(jenis_rincian=jenis, rincian=label))
    return pd.concat(bagian, ignore_index=True)


def read_bps_file(path: str | Path) -> pd.DataFrame:
    """Detect the format of `path`, read it, validate it, and return the sorted tidy table."""
    path = Path(path)
    if not path.is_file():
        raise BpsFormatError(path.name, "berkas yang ada", found=str(path))
    fmt = detect_format(path)
    mentah = READERS[fmt](path)
    attrs = {"format": fmt, "peringatan": [], "dimensi": {}, **mentah.attrs}
    df = _validate(mentah, path.name)
    extra = [c for c in RINCIAN if c in df.columns]
    urut = df.assign(
        _p=df["periode"].map(kosakata.URUTAN_PERIODE), _d=df["daerah"].map(_URUT_DAERAH),
        # Indonesia first, then provinces and kab/kota by code; uncoded kab/kota by name.
        _k=df["kode_wilayah"].where(df["kode_wilayah"] != "", "zz"),
    ).sort_values(["indikator", *extra, "_k", "wilayah", "_d", "tahun", "_p"], kind="stable")
    hasil = urut.drop(columns=["_p", "_d", "_k"]).reset_index(drop=True)
    hasil.attrs = attrs
    return hasil


def _daftar(nilai: list[str], n: int = 6) -> str:
    teks = ", ".join(nilai[:n])
    return teks + (f", ... ({len(nilai)} semua)" if len(nilai) > n else "")


def explain(path: str | Path) -> str:
    """What the readers detect in `path`, in a few lines (for `kompendium bps read --explain`)."""
    path = Path(path)
    df = read_bps_file(path)
    a = df.attrs
    baris = [f"berkas: {path.name}", f"format: {a['format']}"]
    ind = df[["indikator", "satuan"]].drop_duplicates()
    baris.append("indikator: " + "; ".join(f"{i} ({s})" for i, s in ind.itertuples(index=False)))
    if a.get("dimensi"):
        baris.append("dimensi: " + "; ".join(f"{k} <- {v}" for k, v in a["dimensi"].items()))
    w = df[["kode_wilayah", "wilayah"]].drop_duplicates()
    if (w["wilayah"] == "").all():
        baris.append("wilayah: tidak ada dimensi wilayah (kolom wilayah kosong)")
    else:
        jenis = {2: "provinsi/Indonesia", 4: "kabupaten/kota", 0: "kabupaten/kota tanpa kode"}
        hitung = w["kode_wilayah"].str.len().map(jenis).value_counts()
        baris.append(f"wilayah: {len(w)} ({', '.join(f'{n} {k}' for k, n in hitung.items())}): "
                     + _daftar([f"{n} [{k}]" if k else n for k, n in w.itertuples(index=False)]))
    daerah = [d for d in kosakata.DAERAH if d in set(df["daerah"])]
    baris.append("daerah: " + (", ".join(daerah) if daerah else "tanpa rincian perkotaan/perdesaan"))
    for jenis, grup in (df.groupby("jenis_rincian", sort=False) if "rincian" in df else []):
        baris.append(f"rincian {jenis}: " + _daftar(list(dict.fromkeys(grup["rincian"]))))
    tahun = sorted(set(df["tahun"]))
    baris.append(f"tahun: {tahun[0]}-{tahun[-1]} ({len(tahun)} tahun)" if len(tahun) > 1
                 else f"tahun: {tahun[0]}")
    baris.append("periode: " + ", ".join(p for p in kosakata.PERIODE if p in set(df["periode"])))
    kosong = int(df["nilai"].isna().sum())
    baris.append(
        f"nilai: {len(df) - kosong} angka" + (f", {kosong} kosong (belum dirilis atau tidak berlaku)" if kosong else "")
    )
    konv = a.get("konvensi_angka")
    if konv is not None and konv.desimal == ",":
        baris.append(f"angka: desimal koma (dibuktikan sel {konv.bukti!r})")
    for p in a.get("peringatan") or []:
        baris.append(f"peringatan: {p}")
    if not a.get("peringatan"):
        baris.append("peringatan: tidak ada")
    return "\n".join(baris)
