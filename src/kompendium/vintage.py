"""Data vintages: a committed record of the book's published numbers, and what a data update changed.

A vintage (``vintages/<YYYY-MM>.json``) holds, for one released state of the data:
- ``berkas``: the sha256 of every raw file (from data/raw/datapackage.json),
- ``nilai``: every value of every processed BPS table (data/processed/<table>.csv),
- ``angka``: every number glued into the book's prose (data/processed/angka/<chapter>.json),
- ``putusan``: verdict tables, i.e. any processed CSV with an ``id`` column and a ``status``,
  ``arah`` or ``putusan`` column: the claims audit (``claims_audit.csv``) and a conclusions table,
  when present (nothing else of their internals is assumed).

:func:`potret` takes that snapshot of the current build; :func:`bandingkan` compares two snapshots:
new periods, past values BPS revised (same key, another value), values that disappeared, glued
numbers old -> new, and changed claim statuses or conclusion directions.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kompendium import tidy
from kompendium.atomic import write_json
from kompendium.errors import KompendiumError
from kompendium.kosakata import KUNCI, PERIODE, URUTAN_PERIODE
from kompendium.provenance import HASH_PREFIX, load_datapackage

FORMAT = 1
POLA_NAMA = re.compile(r"^[0-9]{4}-(03|09)$")
#: Columns that make a processed CSV a verdict table, and the ones recorded from it.
KOLOM_PUTUSAN = ("status", "arah", "putusan")
KOLOM_DICATAT = ("status", "arah", "putusan", "nilai_hitung")
#: Folders of data/raw that are not BPS tables (see kompendium.pembaruan).
BUKAN_TABEL_BPS = frozenset({"transkripsi"})
#: This page's own numbers describe the comparison; recording them would compare the page with itself.
BAB_PERUBAHAN = "perubahan_data"
SEP = "|"  # joins the key columns of one value: series "p0|18|Lampung|Perkotaan", period "2019|Maret"


def tabel_bps(raw_dir: Path) -> list[str]:
    """The BPS table folders of data/raw, each processed into data/processed/<folder>.csv."""
    return sorted(p.name for p in Path(raw_dir).iterdir()
                  if p.is_dir() and p.name not in BUKAN_TABEL_BPS and not p.name.startswith("."))


def read_values(path: Path) -> dict[str, dict[str, float]]:
    """Values of one tidy CSV as {"indikator|kode_wilayah|wilayah|daerah": {"tahun|periode": nilai}};
    missing values are left out (a value that appears later counts as new)."""
    tabel = tidy.read_csv(path)
    kurang = [k for k in (*KUNCI, "nilai") if k not in tabel.columns]
    if kurang:
        raise KompendiumError(f"{path} (baris 1): diharapkan kolom tabel rapi; tidak ada {kurang}")
    nilai = pd.to_numeric(tabel["nilai"], errors="coerce")
    salah = nilai.isna() & tabel["nilai"].notna()
    if salah.any():
        i = int(salah.to_numpy().argmax())
        raise KompendiumError(f"{path} (baris {i + 2}, kolom nilai): diharapkan angka; "
                              f"ditemukan {tabel['nilai'].iloc[i]!r}")
    seri: dict[str, dict[str, float]] = {}
    ada = nilai.notna()
    for r, x in zip(tabel[ada].itertuples(index=False), nilai[ada], strict=False):
        kunci = SEP.join(str(getattr(r, k)) for k in KUNCI[:4])
        seri.setdefault(kunci, {})[f"{int(r.tahun)}{SEP}{r.periode}"] = round(float(x), 10)
    return seri


def read_verdicts(path: Path) -> dict[str, dict[str, str]] | None:
    """id -> {status/arah/nilai_hitung} of a verdict table, or None when `path` is not one."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        kolom = reader.fieldnames or []
        if "id" not in kolom or not any(k in kolom for k in KOLOM_PUTUSAN):
            return None
        dicatat = [k for k in KOLOM_DICATAT if k in kolom]
        return {r["id"]: {k: r[k] for k in dicatat} for r in reader}


def _cek_build(bukti: Path, dibaca: Iterable[Path]) -> None:
    """Refuse a build that is not finished: the comparison file that the workflow writes last
    (after every table, chapter and verdict it reads) must be newer than all of them."""
    if not bukti.is_file():
        raise KompendiumError(f"{bukti}: tidak ada; bangun dulu dengan `snakemake --cores 2`")
    batas = bukti.stat().st_mtime
    basi = sorted(p for p in dibaca if p.stat().st_mtime > batas)
    if basi:
        raise KompendiumError(f"{basi[0]}: lebih baru dari {bukti} (build belum dijalankan sejak "
                              "berkas ini berubah); bangun dulu dengan `snakemake --cores 2`")


def potret(root: str | Path, nama: str, *, cek_kesegaran: bool = True) -> dict:
    """Snapshot of the current build under `root` (the repository): the content of a vintage."""
    root = Path(root)
    if not POLA_NAMA.match(nama):
        raise KompendiumError(f"nama vintage {nama!r}: diharapkan YYYY-03 atau YYYY-09 (data_vintage)")
    raw, processed = root / "data" / "raw", root / "data" / "processed"
    package = load_datapackage(raw)
    tabel = tabel_bps(raw)
    csv_tabel = [processed / f"{t}.csv" for t in tabel]
    hilang = [p for p in csv_tabel if not p.is_file()]
    if hilang:
        raise KompendiumError(f"{hilang[0]}: tidak ada; bangun dulu dengan `snakemake --cores 2`")
    angka_dir = processed / "angka"
    file_angka = sorted(p for p in angka_dir.glob("*.json") if p.stem != BAB_PERUBAHAN)
    file_putusan = sorted(p for p in processed.glob("*.csv") if p.stem not in tabel)
    if cek_kesegaran:
        mentah = [p for p in raw.rglob("*") if p.is_file()]
        _cek_build(processed / f"{BAB_PERUBAHAN}.json", [*mentah, *csv_tabel, *file_angka, *file_putusan])
    putusan = {}
    for p in file_putusan:
        isi = read_verdicts(p)
        if isi is not None:
            putusan[p.stem] = isi
    return {
        "format": FORMAT,
        "nama": nama,
        "berkas": {r["path"]: str(r.get("hash", "")).removeprefix(HASH_PREFIX)
                   for r in sorted(package["resources"], key=lambda r: r["path"])},
        "nilai": {t: read_values(p) for t, p in zip(tabel, csv_tabel, strict=False)},
        "angka": {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in file_angka},
        "putusan": putusan,
    }


def write(vintages_dir: str | Path, dok: dict, *, ganti: bool = False) -> Path:
    """Write a vintage to vintages/<nama>.json atomically, as deterministic JSON (sorted keys, one
    value per line, so a git diff shows each changed value); an existing one only with `ganti`."""
    path = Path(vintages_dir) / f"{dok['nama']}.json"
    if path.exists() and not ganti:
        raise KompendiumError(f"{path}: vintage ini sudah tercatat; pakai --replace untuk mencatat ulang")
    write_json(path, dok, indent=1, sort_keys=True)
    path.chmod(0o644)  # a committed file: readable like the rest of the repository
    return path



def read(path: str | Path) -> dict:
    """Read one vintage file and check its shape."""
    path = Path(path)
    try:
        dok = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KompendiumError(f"{path} (baris {exc.lineno}): bukan JSON yang sah: {exc.msg}") from None
    kurang = [k for k in ("format", "nama", "berkas", "nilai", "angka", "putusan") if k not in dok]
    if kurang or dok.get("format") != FORMAT:
        raise KompendiumError(f"{path}: diharapkan vintage format {FORMAT} dengan kunci "
                              f"nama, berkas, nilai, angka, putusan; tidak ada {kurang or 'format'}")
    return dok


def pilih_pembanding(vintages_dir: str | Path, nama_sekarang: str) -> Path | None:
    """The vintage to compare the build with: the newest one before `nama_sekarang`;
    else the record of `nama_sekarang` itself (what changed since it was recorded); else None."""
    files = sorted(p for p in Path(vintages_dir).glob("*.json") if POLA_NAMA.match(p.stem))
    sebelum = [p for p in files if p.stem < nama_sekarang]
    if sebelum:
        return sebelum[-1]
    sama = [p for p in files if p.stem == nama_sekarang]
    return sama[0] if sama else None


def _indeks(dok: dict) -> dict[tuple, float]:
    """(tabel, indikator, kode_wilayah, wilayah, daerah, tahun, periode) -> nilai."""
    indeks = {}
    for tabel, semua_seri in dok["nilai"].items():
        for seri, nilai in semua_seri.items():
            for periode, x in nilai.items():
                tahun, nama_periode = periode.split(SEP)
                indeks[(tabel, *seri.split(SEP), int(tahun), nama_periode)] = x
    return indeks


def _baris(kunci: tuple, **nilai) -> dict:
    return {"tabel": kunci[0], **dict(zip(KUNCI, kunci[1:], strict=False)), **nilai}


def _banding_nilai(lama: dict, baru: dict) -> dict:
    a, b = _indeks(lama), _indeks(baru)
    periode_lama = {(k[0], k[5], k[6]) for k in a}
    nilai_baru = [_baris(k, baru=b[k], periode_baru=(k[0], k[5], k[6]) not in periode_lama)
                  for k in sorted(b.keys() - a.keys(), key=_urut)]
    revisi = [_baris(k, lama=a[k], baru=b[k], selisih=round(b[k] - a[k], 10))
              for k in sorted(a.keys() & b.keys(), key=_urut) if a[k] != b[k]]
    hilang = [_baris(k, lama=a[k]) for k in sorted(a.keys() - b.keys(), key=_urut)]
    periode: dict[tuple, int] = {}
    for r in nilai_baru:
        if r["periode_baru"]:
            k = (r["tabel"], r["tahun"], r["periode"])
            periode[k] = periode.get(k, 0) + 1
    return {
        "baru": nilai_baru,
        "revisi": revisi,
        "hilang": hilang,
        "periode_baru": [{"tabel": t, "tahun": th, "periode": p, "jumlah_nilai": n}
                         for (t, th, p), n in sorted(periode.items(), key=lambda x: (
                             x[0][0], x[0][1], _posisi(x[0][2])))],
    }


def _posisi(periode: str) -> int:
    """Time order of a period; an unknown one (an old record) sorts after the known ones."""
    return URUTAN_PERIODE.get(periode, len(PERIODE))


def _urut(k: tuple) -> tuple:
    return (*k[:6], _posisi(k[6]))


def _tanda(x) -> int | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return (x > 0) - (x < 0)


def _jenis_perubahan(a, b) -> tuple[str, bool]:
    """What kind of change a glued value underwent, and whether it turns a statement around.

    A number whose sign flips (a rise became a fall) and a changed word or name without digits
    (a verdict such as "mendukung" -> "memperhalus", "naik" -> "turun", another province) change
    what the prose says; a sentence with numbers in it changes with those numbers.
    """
    if _tanda(a) is not None and _tanda(b) is not None:
        return "angka", _tanda(a) != _tanda(b)
    if any(ch.isdigit() for ch in f"{a}{b}"):
        return "teks", False
    return "kata", True


def _banding_angka(lama: dict, baru: dict) -> dict:
    berubah, muncul, hilang = [], [], []
    for bab in sorted(lama["angka"].keys() | baru["angka"].keys()):
        a, b = lama["angka"].get(bab, {}), baru["angka"].get(bab, {})
        for k in sorted(a.keys() | b.keys()):
            if k not in a:
                muncul.append({"bab": bab, "kunci": k, "baru": b[k]})
            elif k not in b:
                hilang.append({"bab": bab, "kunci": k, "lama": a[k]})
            elif a[k] != b[k]:
                jenis, arah = _jenis_perubahan(a[k], b[k])
                berubah.append({"bab": bab, "kunci": k, "lama": a[k], "baru": b[k], "jenis": jenis,
                                "arah_berubah": arah})
    return {"berubah": berubah, "baru": muncul, "hilang": hilang}


def _banding_putusan(lama: dict, baru: dict) -> dict:
    berubah, muncul, hilang = [], [], []
    for tabel in sorted(lama["putusan"].keys() | baru["putusan"].keys()):
        a, b = lama["putusan"].get(tabel, {}), baru["putusan"].get(tabel, {})
        for i in sorted(a.keys() | b.keys()):
            if i not in a:
                muncul.append({"tabel": tabel, "id": i, **b[i]})
            elif i not in b:
                hilang.append({"tabel": tabel, "id": i, **a[i]})
            else:
                for kolom in sorted(a[i].keys() | b[i].keys()):
                    if a[i].get(kolom) != b[i].get(kolom):
                        berubah.append({"tabel": tabel, "id": i, "kolom": kolom,
                                        "lama": a[i].get(kolom), "baru": b[i].get(kolom)})
    return {"berubah": berubah, "baru": muncul, "hilang": hilang}


def _banding_berkas(lama: dict, baru: dict) -> dict:
    a, b = lama["berkas"], baru["berkas"]
    return {
        "baru": sorted(b.keys() - a.keys()),
        "diganti": sorted(k for k in a.keys() & b.keys() if a[k] != b[k]),
        "hilang": sorted(a.keys() - b.keys()),
    }


def bandingkan(lama: dict, baru: dict) -> dict:
    """What changed from vintage `lama` to snapshot `baru` (both as made by :func:`potret`)."""
    nilai = _banding_nilai(lama, baru)
    angka = _banding_angka(lama, baru)
    putusan = _banding_putusan(lama, baru)
    berkas = _banding_berkas(lama, baru)
    arah_putusan = [r for r in putusan["berubah"] if r["kolom"] in KOLOM_PUTUSAN]
    ringkasan = {
        "berkas_baru": len(berkas["baru"]),
        "berkas_diganti": len(berkas["diganti"]),
        "berkas_hilang": len(berkas["hilang"]),
        "periode_baru": len(nilai["periode_baru"]),
        "nilai_baru": len(nilai["baru"]),
        "nilai_baru_periode_lama": sum(not r["periode_baru"] for r in nilai["baru"]),
        "nilai_revisi": len(nilai["revisi"]),
        "nilai_hilang": len(nilai["hilang"]),
        "angka_berubah": len(angka["berubah"]),
        "angka_arah_berubah": sum(r["arah_berubah"] for r in angka["berubah"]),
        "angka_kata_berubah": sum(r["jenis"] == "kata" for r in angka["berubah"]),
        "angka_baru": len(angka["baru"]),
        "angka_hilang": len(angka["hilang"]),
        "putusan_berubah": len(arah_putusan),
    }
    ringkasan["ada_perubahan"] = any(v for k, v in ringkasan.items())
    return {"lama": lama["nama"], "baru": baru["nama"], "ringkasan": ringkasan, "berkas": berkas,
            "nilai": nilai, "angka": angka, "putusan": putusan}


def bandingkan_build(root: str | Path, nama: str, vintages_dir: str | Path | None = None,
                     *, terhadap: str | None = None) -> dict:
    """Compare the current build (as vintage `nama`) with the chosen recorded vintage.

    Returns the comparison, plus ``lama: None`` when no vintage is recorded yet.
    """
    root = Path(root)
    vintages_dir = Path(vintages_dir) if vintages_dir else root / "vintages"
    # The workflow guarantees freshness through its dependencies; no mtime check here.
    sekarang = potret(root, nama, cek_kesegaran=False)
    path = vintages_dir / f"{terhadap}.json" if terhadap else pilih_pembanding(vintages_dir, nama)
    if path is None:
        # Nothing recorded yet: the same shape, empty (the build compared with itself).
        return {**bandingkan(sekarang, sekarang), "lama": None}
    if not path.is_file():
        raise KompendiumError(f"{path}: vintage pembanding tidak ada")
    return bandingkan(read(path), sekarang)
