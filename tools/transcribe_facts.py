"""Regenerate ``data/raw/`` from the collected published figures (the *facts* folder).

Provenance: this is how every file in ``data/raw`` was obtained. The published BPS
figures (gathered and cross-checked in the facts folder, see its README) are written
back in the exact layout in which BPS serves each table, one file per table and year
as an author downloads them from bps.go.id, plus tidy transcriptions of the secondary
sources (BPS publications, press reports of BPS releases) under ``transkripsi/``.
``datapackage.json`` records each file's sha256, source, licence, schema and dialect, and its
source tier (kompendium.sumber): a file identical to a BPS download (compared with the stored
downloads in ``bps-exports/website-csv`` beside the facts), a BPS table or publication
transcribed, a BPS figure as a secondary source reports it, or another institution's figure.

Usage (from the repository root)::

    .venv/bin/python tools/transcribe_facts.py ../shared/data/facts [--out data/raw] [--bps-exports DIR]

(with the project's environment, where the package is installed: ``bash build.sh`` sets it up).

Deterministic: the same facts give the same bytes (the acquisition date is fixed below).
The values always come from the facts; the stored BPS downloads are only compared with.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path, PurePath

from kompendium import sumber  # noqa: E402
from kompendium.atomic import write_bytes
from kompendium.provenance import (
    DATAPACKAGE,
    resource_descriptor,
    upsert_resource,
    write_datapackage,
)
from kompendium.sumber import LEMBAGA_LAIN, SEKUNDER, TRANSKRIPSI_BPS, UNDUHAN_BPS, asal  # noqa: E402

#: date the figures were transcribed into data/raw (fixed: the output is deterministic)
TANGGAL_DIPEROLEH = "2026-11-29"

BOM = "\ufeff"
MISSING = "-"
SEMESTER = ["Semester 1 (Maret)", "Semester 2 (September)", "Tahunan"]
PERIODE = ["Maret", "September", "Tahunan"]
DAERAH_NASIONAL = [("Kota", "Perkotaan"), ("Desa", "Perdesaan"), ("Kota+Desa", "Perkotaan+Perdesaan")]
BLOK_PROVINSI = [("Perkotaan", "Perkotaan"), ("Perdesaan", "Perdesaan"), ("Jumlah", "Perkotaan+Perdesaan")]

#: The 38 provinces in the order of BPS's provincial downloads, INDONESIA last
#: (taken from the BPS website exports of "... Menurut Provinsi dan Daerah", 2007-2025).
PROVINSI_BPS = [
    "ACEH", "SUMATERA UTARA", "SUMATERA BARAT", "RIAU", "JAMBI", "SUMATERA SELATAN",
    "BENGKULU", "LAMPUNG", "KEP. BANGKA BELITUNG", "KEP. RIAU", "DKI JAKARTA",
    "JAWA BARAT", "JAWA TENGAH", "DI YOGYAKARTA", "JAWA TIMUR", "BANTEN", "BALI",
    "NUSA TENGGARA BARAT", "NUSA TENGGARA TIMUR", "KALIMANTAN BARAT", "KALIMANTAN TENGAH",
    "KALIMANTAN SELATAN", "KALIMANTAN TIMUR", "KALIMANTAN UTARA", "SULAWESI UTARA",
    "SULAWESI TENGAH", "SULAWESI SELATAN", "SULAWESI TENGGARA", "GORONTALO",
    "SULAWESI BARAT", "MALUKU", "MALUKU UTARA", "PAPUA BARAT", "PAPUA BARAT DAYA", "PAPUA",
    "PAPUA SELATAN", "PAPUA TENGAH", "PAPUA PEGUNUNGAN", "INDONESIA",
]

LISENSI_BPS = [{
    "name": "bps-hak-cipta",
    "title": "Hak cipta Badan Pusat Statistik; boleh digunakan dengan menyebut sumber",
}]
BPS_SUBJEK_URL = "https://www.bps.go.id/subject/23/kemiskinan-dan-ketimpangan.html"
SUMBER_BPS = {"title": "Badan Pusat Statistik (BPS)", "path": "https://www.bps.go.id"}
FAKTA = "facts/"  # how the facts folder is cited in `cara_diperoleh`

NASIONAL = "kemiskinan_nasional_menurut_daerah_1996_2025.csv"
PROV_P0 = "kemiskinan_provinsi_p0_menurut_daerah_2007_2025.csv"
PROV_GK = "garis_kemiskinan_provinsi_menurut_daerah_2013_2025.csv"
KABKOTA = "kemiskinan_kabkota_lampung_p0_2004_2025.csv"
TABEL_1276 = "bps1276_persentase_penduduk_perkotaan_proyeksi_2010_2035.csv"


# ---------------------------------------------------------------------------- values

def bps_angka(value: str | None) -> str:
    """A value as BPS's website CSV writes it: trailing zeros dropped, `-` if missing."""
    value = (value or "").strip()
    if value in ("", MISSING):
        return MISSING
    Decimal(value)  # fails loudly on anything that is not a number
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value or "0"


def satu_desimal(value: str) -> str:
    """A value with one fixed decimal (BPS static table 1276: `31.0`)."""
    return str(Decimal(value).quantize(Decimal("0.1")))


def baca(facts: Path, name: str) -> list[dict[str, str]]:
    with open(facts / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def baris_csv(cells: list[str]) -> str:
    """One row as BPS writes it: plain comma join (BPS does not quote)."""
    for cell in cells:
        if any(c in cell for c in ',"\n\r'):
            raise ValueError(f"cell would need quoting in a BPS layout: {cell!r}")
    return ",".join(cells)


def gabung(rows: list[list[str]], *, bom: bool) -> bytes:
    """Rows joined with LF and no newline after the last row, as BPS serves them."""
    return ((BOM if bom else "") + "\n".join(rows)).encode("utf-8")


# ---------------------------------------------------------------------------- layouts

def website_csv_nasional(judul: str, tahun: int, nilai: dict, *, bom: bool) -> bytes:
    """National website CSV: 4 header rows, rows Kota/Desa/Kota+Desa."""
    rows = [
        "Wilayah,,,",
        f",{judul},,",
        f",{tahun},,",
        "," + ",".join(SEMESTER),
    ]
    for label, daerah in DAERAH_NASIONAL:
        rows.append(baris_csv([label] + [bps_angka(nilai.get((daerah, p))) for p in PERIODE]))
    return gabung(rows, bom=bom)


def website_csv_provinsi(judul: str, tahun: int, nilai: dict, blok: list, *, bom: bool = True) -> bytes:
    """Provincial website CSV: 5 header rows, 38 provinces + INDONESIA in BPS order."""
    ncol = 3 * len(blok)
    rows = [
        "38 Provinsi" + "," * ncol,
        f",{judul}" + "," * (ncol - 1),
        "," + ",".join(label + ",," for label, _ in blok),
        "," + ",".join(f"{tahun},," for _ in blok),
        "," + ",".join(",".join(SEMESTER) for _ in blok),
    ]
    for prov in PROVINSI_BPS:
        cells = [prov]
        for _, daerah in blok:
            cells += [bps_angka(nilai.get((prov, daerah, p))) for p in PERIODE]
        rows.append(baris_csv(cells))
    return gabung(rows, bom=bom)


def website_csv_kabkota(tahun: int, wilayah: list[tuple[str, str]]) -> bytes:
    """Kabupaten/kota website CSV (extract: the given rows only)."""
    rows = [
        "Nama Wilayah,",
        ",Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)",
        f",{tahun}",
    ]
    rows += [baris_csv([nama, bps_angka(v)]) for nama, v in wilayah]
    return gabung(rows, bom=True)


def tabel_statis_1276(rows_fakta: list[dict[str, str]]) -> tuple[bytes, list[int]]:
    judul = "Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035"
    tahun = sorted({int(r["tahun"]) for r in rows_fakta})
    provinsi: list[str] = []
    nilai: dict[tuple[str, int], str] = {}
    for r in rows_fakta:
        if r["provinsi_seperti_di_bps"] not in provinsi:
            provinsi.append(r["provinsi_seperti_di_bps"])
        nilai[(r["provinsi_seperti_di_bps"], int(r["tahun"]))] = r["persen_penduduk_perkotaan"]
    if provinsi[-1] != "INDONESIA":
        provinsi.remove("INDONESIA")
        provinsi.append("INDONESIA")
    # The title holds a comma and BPS does not quote it: it is written as is.
    rows = [judul + "," * len(tahun), "Provinsi," + ",".join(map(str, tahun))]
    for prov in provinsi:
        cells = [prov] + [
            satu_desimal(nilai[(prov, t)]) if nilai.get((prov, t)) else MISSING for t in tahun
        ]
        rows.append(baris_csv(cells))
    return gabung(rows, bom=True), tahun


# ---------------------------------------------------------------------------- metadata

def _field(name: str, type_: str, title: str | None = None, **extra) -> dict:
    field = {"name": name, "type": type_}
    if title:
        field["title"] = title
    field.update(extra)
    return field


def dialect_bps(n_header: int, kepala: list[str]) -> dict:
    return {
        "delimiter": ",",
        "lineTerminator": "\n",
        "header": False,
        "commentRows": list(range(1, n_header + 1)),
        "bps_baris_kepala": kepala,
        "bps_catatan": "baris kepala BPS (bukan nama kolom); tanpa baris baru setelah baris terakhir",
    }


def schema_nasional(unit: str, type_: str) -> dict:
    return {
        "fields": [
            _field("wilayah", "string", "Wilayah", constraints={"enum": ["Kota", "Desa", "Kota+Desa"]}),
            _field("semester_1_maret", type_, "Semester 1 (Maret)", description=unit),
            _field("semester_2_september", type_, "Semester 2 (September)", description=unit),
            _field("tahunan", type_, "Tahunan", description=unit),
        ],
        "missingValues": [MISSING],
        "primaryKey": ["wilayah"],
    }


def schema_provinsi(unit: str, type_: str, blok: list) -> dict:
    fields = [_field("provinsi", "string", "38 Provinsi")]
    for label, _ in blok:
        for kolom, judul in zip(("maret", "september", "tahunan"), SEMESTER, strict=True):
            fields.append(_field(f"{label.lower()}_{kolom}", type_, f"{label} {judul}", description=unit))
    return {"fields": fields, "missingValues": [MISSING], "primaryKey": ["provinsi"]}


#: National website-CSV tables: folder, fact column, BPS title, file stem, BOM, unit, type
TABEL_NASIONAL = [
    ("p0_daerah", "p0_persen", "Persentase Penduduk Miskin (P0) Menurut Daerah",
     "Persentase Penduduk Miskin (P0) Menurut Daerah", True, "persen", "number"),
    ("p1_daerah", "p1", "Indeks Kedalaman Kemiskinan (P1) Menurut Daerah",
     "Indeks Kedalaman Kemiskinan (P1) Menurut Daerah", False, "indeks", "number"),
    ("p2_daerah", "p2", "Indeks Keparahan Kemiskinan (P2) Menurut Daerah",
     "Indeks Keparahan Kemiskinan (P2) Menurut Daerah", False, "indeks", "number"),
    ("gk_daerah", "garis_kemiskinan_rp", "Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Daerah",
     "Garis Kemiskinan (Rupiah_Kapita_Bulan) Menurut Daerah", True, "rupiah per kapita per bulan", "integer"),
    ("jumlah_miskin_daerah", "jumlah_penduduk_miskin_juta", "Jumlah Penduduk Miskin (Juta Jiwa) Menurut Daerah",
     "Jumlah Penduduk Miskin (Juta Jiwa) Menurut Daerah", True, "juta jiwa", "number"),
    ("gini_daerah", "gini", "Gini Rasio Menurut Daerah",
     "Gini Rasio Menurut Daerah", True, "rasio", "number"),
]

SUMBER_NASIONAL = {
    "p0_persen": "ekspor situs BPS, identik dengan WebAPI BPS (var 184) untuk semua nilai 2000-2021",
    "p1": "ekspor situs BPS, dicek dengan TNP2K (2011-12), databoks (2021) dan katakini (2022-23)",
    "p2": "ekspor situs BPS, dicek dengan TNP2K (2011-12), databoks (2021) dan katakini (2022-23)",
    "garis_kemiskinan_rp": "ekspor situs BPS, identik dengan WebAPI BPS (var 182) untuk semua nilai 2000-2021",
    "jumlah_penduduk_miskin_juta":
        "WebAPI BPS var 183 (2011-2020) dan berita resmi BPS sebagaimana diberitakan (2021-2025)",
    "gini": "berita resmi BPS sebagaimana diberitakan (umumnya 2-4 media per nilai)",
}


def tanpa_unduhan_nasional(kolom: str, tahun: int):
    """The documented source of national values that no stored BPS download holds."""
    def bagian(b: str) -> dict:
        if kolom == "gini":
            return asal(b, SEKUNDER, "BPS", (
                "berita rilis BPS, umumnya 2-4 media per nilai (media tidak dirinci di facts); Gini Maret "
                "cocok dengan tabel statis BPS 946 setelah dibulatkan ke 2 desimal"))
        if kolom == "jumlah_penduduk_miskin_juta" and tahun <= 2020:
            return asal(b, TRANSKRIPSI_BPS, "BPS", "WebAPI BPS var 183 (juta jiwa, 2 desimal)")
        if kolom == "jumlah_penduduk_miskin_juta":
            return asal(b, SEKUNDER, "BPS", "berita rilis BPS tiap semester (media tidak dirinci di facts)")
        if b == "semua nilai":
            return asal(b, TRANSKRIPSI_BPS, "BPS", f"{SUMBER_NASIONAL[kolom]} (unduhan tidak tersimpan)")
        return asal(b, SEKUNDER, "BPS", (
            "rilis BPS yang lebih baru dari unduhan tersimpan; sumbernya tidak dirinci di facts, maka "
            "diperlakukan sebagai laporan sekunder"))
    return bagian


def tanpa_unduhan_provinsi(kolom: str):
    """The documented source of provincial values that no stored BPS download holds."""
    def bagian(b: str) -> dict:
        if b == "semua nilai":
            return asal(b, TRANSKRIPSI_BPS, "BPS", "ekspor situs BPS menurut facts (unduhan tidak tersimpan)")
        if kolom == "p0_persen":
            return asal(b, SEKUNDER, "BPS", (
                "satu koleksi tabel BPS pihak ketiga (September 2025: hanya total), dikonfirmasi pers "
                "untuk Lampung dan INDONESIA"))
        return asal(b, SEKUNDER, "BPS", "sumber tidak dirinci di facts; diperlakukan sebagai laporan sekunder")
    return bagian


def meta_dasar(**extra) -> dict:
    meta = {
        "licenses": LISENSI_BPS,
        "tanggal_diperoleh": TANGGAL_DIPEROLEH,
    }
    meta.update(extra)
    return meta


# ---------------------------------------------------------------------------- source tiers
# What each file is (kompendium.sumber): a file identical to a BPS download, a BPS table or
# publication transcribed, a BPS figure as a secondary source reports it, another institution's
# figure. Files in BPS's layout are compared with the BPS downloads kept beside the facts
# (bps-exports/website-csv): identical bytes make a BPS download; cells the stored download does
# not hold get the source the facts document for them.

#: where the stored BPS downloads are (set by transcribe(); None: not available)
EKSPOR: Path | None = None


def _label_kolom(rows: list[list[str]], n_header: int) -> list[str]:
    """A label per column from BPS's header rows (block, year, semester), gaps filled rightwards."""
    ncol = max(len(r) for r in rows)
    label = [""] * ncol
    for row in rows[2:n_header]:
        isi = ""
        for j in range(1, ncol):
            isi = row[j] if j < len(row) and row[j] else isi
            label[j] = f"{label[j]} {isi}".strip()
    return label


def _rows_bps(data: bytes) -> list[list[str]]:
    return list(csv.reader(data.decode("utf-8-sig").split("\n")))


def asal_tata_letak_bps(nama: str, data: bytes, n_header: int, tanpa_unduhan) -> list[dict]:
    """Parts of a file in BPS's website-CSV layout. ``tanpa_unduhan(bagian)`` gives the part for
    values that no stored BPS download confirms (``bagian``: which ones)."""
    unduhan = EKSPOR / nama if EKSPOR else None
    if unduhan is None or not unduhan.is_file():
        return [tanpa_unduhan("semua nilai")]
    asli = unduhan.read_bytes()
    sumber_unduhan = f"unduhan situs BPS '{nama}' (salinan tersimpan, identik byte demi byte)"
    if asli == data:
        return [asal("semua nilai", UNDUHAN_BPS, "BPS", sumber_unduhan)]
    ours, theirs = _rows_bps(data), _rows_bps(asli)
    if [len(r) for r in ours] != [len(r) for r in theirs] or ours[:n_header] != theirs[:n_header]:
        raise SystemExit(f"{nama}: tata letak berbeda dengan unduhan BPS tersimpan {unduhan}")
    label = _label_kolom(ours, n_header)
    kolom: dict[int, int] = defaultdict(int)
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        for j, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                if y != MISSING:  # the download holds another value: a conflict, not a newer value
                    raise SystemExit(f"{nama} baris {i + 1} kolom {j + 1}: {x!r} di facts, {y!r} di unduhan BPS")
                kolom[j] += 1
    beda = ", ".join(f"kolom '{label[j]}' ({n} baris)" for j, n in sorted(kolom.items()))
    return [
        asal("nilai lain", UNDUHAN_BPS, "BPS",
             sumber_unduhan.replace("identik byte demi byte", "sama kecuali sel '-' yang kini terisi")),
        tanpa_unduhan(f"nilai yang belum ada di unduhan BPS tersimpan: {beda}"),
    ]


def asal_ekstrak_kabkota(nama: str, data: bytes, tanpa_unduhan) -> list[dict]:
    """The Lampung extract of a national kabupaten/kota download: its rows equal the download's."""
    unduhan = EKSPOR / nama if EKSPOR else None
    if unduhan is None or not unduhan.is_file():
        return [tanpa_unduhan("semua nilai")]
    baris = unduhan.read_bytes().split(b"\n")
    mulai = next(i for i, b in enumerate(baris) if b.startswith(b"LAMPUNG,"))
    akhir = next(i for i in range(mulai + 1, len(baris)) if baris[i].split(b",")[0].isupper())
    if data != b"\n".join(baris[:3] + baris[mulai:akhir]):
        raise SystemExit(f"{nama}: baris Lampung berbeda dengan unduhan BPS tersimpan {unduhan}")
    return [asal("semua nilai", TRANSKRIPSI_BPS, "BPS",
                 f"ekstrak baris LAMPUNG dan kabupaten/kotanya dari unduhan situs BPS '{nama}' "
                 "(salinan tersimpan; baris identik)")]


_URL = re.compile(r"https?://([^/\s]+)(\S*)")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+\b", re.IGNORECASE)
_SEKUNDER = ("reported by", "citing", "repo ", "thesis", "infographic")
_BULAN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def tanggal_sumber(teks: str) -> str | None:
    """The date a source text names (ISO, in its URL, or written out), as written; None if none."""
    for pola in (r"\b\d{4}-\d{2}-\d{2}\b", rf"\b\d{{1,2}}(?:-\d{{1,2}})? (?:{_BULAN}) \d{{4}}\b",
                 rf"\b(?:{_BULAN}) \d{{4}}\b"):
        m = re.search(pola, teks)
        if m:
            return m.group(0)
    for m in _URL.finditer(teks):
        d = re.search(r"/(20\d{2})/(\d{1,2})(?:/(\d{1,2}))?/", m.group(2))
        if d:
            return "-".join(f"{int(x):02d}" if i else x for i, x in enumerate(d.groups()) if x)
    m = re.search(r"World Bank \((\d{4})\)", teks)
    return m.group(1) if m else None


def tingkat_baris(teks: str) -> tuple[str, str]:
    """(tier, publisher of the figure) of one transcribed row, from its source text in the facts."""
    kecil = teks.lower()
    if "world bank" in kecil:
        return LEMBAGA_LAIN, "World Bank"
    if "http" in kecil or any(k in kecil for k in _SEKUNDER) or _DOMAIN.match(teks):
        return SEKUNDER, "BPS"
    if kecil.startswith("bps"):
        return TRANSKRIPSI_BPS, "BPS"
    raise ValueError(f"sumber tidak dikenali (tambahkan aturannya di tools/transcribe_facts.py): {teks!r}")


def _rentang(baris: list[int]) -> str:
    bagian, mulai = [], baris[0]
    for a, b in zip(baris, baris[1:] + [None], strict=False):
        if b != a + 1:
            bagian.append(f"{mulai}" if mulai == a else f"{mulai}-{a}")
            mulai = b
    return "baris " + ", ".join(bagian)


def asal_per_baris(nama: str, teks_sumber: list[str]) -> list[dict]:
    """Parts of a tidy transcription: rows grouped by their source (line numbers, header = 1).
    A source that starts with 'same' (and names no outlet of its own) is the row above's."""
    kelompok: dict[tuple, list[int]] = {}
    sebelumnya: tuple | None = None
    for i, teks in enumerate(teks_sumber, start=2):
        if teks.startswith("same") and "reported by" not in teks and sebelumnya:
            kunci = sebelumnya
        else:
            try:
                kunci = (*tingkat_baris(teks), teks, tanggal_sumber(teks))
            except ValueError as exc:
                raise SystemExit(f"{nama} baris {i}: {exc}") from None
        kelompok.setdefault(kunci, []).append(i)
        sebelumnya = kunci
    if len(kelompok) == 1:
        ((tingkat, penerbit, teks, tanggal),) = kelompok
        return [asal("semua baris", tingkat, penerbit, teks, tanggal)]
    return [asal(_rentang(b), t, p, teks, d) for (t, p, teks, d), b in kelompok.items()]


# ---------------------------------------------------------------------------- tables

def tulis(out: Path, rel: str, data: bytes, package: dict, **meta) -> None:
    path = out / rel
    write_bytes(path, data)
    upsert_resource(package, resource_descriptor(out, path, **meta))


def nasional(facts: Path, out: Path, package: dict) -> None:
    rows = baca(facts, NASIONAL)
    for folder, kolom, judul, stem, bom, unit, type_ in TABEL_NASIONAL:
        per_tahun: dict[int, dict] = defaultdict(dict)
        for r in rows:
            if r[kolom].strip():
                per_tahun[int(r["tahun"])][(r["daerah"], r["periode"])] = r[kolom]
        for tahun in sorted(per_tahun):
            rel = f"{folder}/{stem}, {tahun}.csv"
            data = website_csv_nasional(judul, tahun, per_tahun[tahun], bom=bom)
            tingkat = sumber.properti(
                asal_tata_letak_bps(PurePath(rel).name, data, 4, tanpa_unduhan_nasional(kolom, tahun))
            )
            tulis(
                out, rel, data, package,
                name=f"{folder}-{tahun}",
                title=f"{judul}, {tahun}",
                description=(
                    f"Tabel dinamis BPS '{judul}', tahun {tahun}, dalam tata letak CSV unduhan situs BPS "
                    "(baris Kota/Desa/Kota+Desa; sampai 2010 nilai di kolom Tahunan, sejak 2011 di kolom "
                    f"semester; '-' = tidak ada nilai). Satuan: {unit}."
                    + ("" if bom else " Tanpa BOM, seperti unduhan BPS untuk tabel ini.")
                ),
                **meta_dasar(
                    bps_tabel=judul,
                    bps_url=BPS_SUBJEK_URL,
                    cara_diperoleh=(
                        f"ditranskripsi dalam tata letak BPS dari {FAKTA}{NASIONAL} (kolom {kolom}, "
                        f"tahun {tahun}); sumber nilai: {SUMBER_NASIONAL[kolom]}"
                    ),
                    sources=[{"title": f"BPS, tabel dinamis '{judul}'", "path": BPS_SUBJEK_URL}],
                    dialect=dialect_bps(4, ["Wilayah", "judul tabel", "tahun", "semester"]),
                    schema=schema_nasional(unit, type_),
                    **tingkat,
                ),
            )


def provinsi(facts: Path, out: Path, package: dict) -> None:
    specs = [
        (PROV_P0, "p0_persen", "p0_provinsi",
         "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah (Persen)",
         "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah, {t}.csv",
         "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah",
         BLOK_PROVINSI, "persen", "number",
         "ekspor situs BPS; 570 dari 572 nilai dicek identik dengan koleksi tabel BPS kedua; "
         "September 2025 hanya total (satu koleksi, dikonfirmasi pers untuk Lampung dan INDONESIA)"),
        (PROV_GK, "garis_kemiskinan_rp", "gk_provinsi",
         "Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Provinsi dan Daerah",
         "Garis Kemiskinan (Rupiah_Kapita_Bulan) Menurut Provinsi dan Daerah , {t}.csv",
         "Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Provinsi dan Daerah",
         BLOK_PROVINSI[:2], "rupiah per kapita per bulan", "integer", "ekspor situs BPS"),
    ]
    for fakta, kolom, folder, judul, nama_file, tabel, blok, unit, type_, asal_spec in specs:
        per_tahun: dict[int, dict] = defaultdict(dict)
        for r in baca(facts, fakta):
            prov = r["provinsi_seperti_di_bps"]
            if prov not in PROVINSI_BPS:
                raise SystemExit(f"{fakta}: provinsi tidak dikenal {prov!r}")
            per_tahun[int(r["tahun"])][(prov, r["daerah"], r["periode"])] = r[kolom]
        for tahun in sorted(per_tahun):
            rel = f"{folder}/{nama_file.format(t=tahun)}"
            data = website_csv_provinsi(judul, tahun, per_tahun[tahun], blok)
            tingkat = sumber.properti(asal_tata_letak_bps(PurePath(rel).name, data, 5, tanpa_unduhan_provinsi(kolom)))
            tulis(
                out, rel, data, package,
                name=f"{folder}-{tahun}",
                title=f"{tabel}, {tahun}",
                description=(
                    f"Tabel dinamis BPS '{tabel}', tahun {tahun}, dalam tata letak CSV unduhan situs BPS: "
                    f"38 provinsi dalam urutan BPS lalu INDONESIA, blok {', '.join(b for b, _ in blok)}; "
                    "'-' = provinsi belum ada atau nilai tidak ada. Satuan: " + unit + "."
                ),
                **meta_dasar(
                    bps_tabel=tabel,
                    bps_url=BPS_SUBJEK_URL,
                    cara_diperoleh=(
                        f"ditranskripsi dalam tata letak BPS dari {FAKTA}{fakta} (tahun {tahun}); "
                        f"sumber nilai: {asal_spec}"
                    ),
                    sources=[{"title": f"BPS, tabel dinamis '{tabel}'", "path": BPS_SUBJEK_URL}],
                    dialect=dialect_bps(5, ["38 Provinsi", "judul tabel", "blok daerah", "tahun", "semester"]),
                    schema=schema_provinsi(unit, type_, blok),
                    **tingkat,
                ),
            )


def kabkota(facts: Path, out: Path, package: dict) -> None:
    per_tahun: dict[int, list] = defaultdict(list)
    for r in baca(facts, KABKOTA):
        per_tahun[int(r["tahun"])].append((r["wilayah"], r["p0_persen"]))
    tabel = "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota"
    for tahun in sorted(per_tahun):
        rel = f"p0_kabkota_lampung/Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota, {tahun}.csv"
        data = website_csv_kabkota(tahun, per_tahun[tahun])
        tingkat = sumber.properti(asal_ekstrak_kabkota(PurePath(rel).name, data, lambda b: asal(
            b, TRANSKRIPSI_BPS, "BPS",
            f"ekspor situs BPS tabel '{tabel}', baris Lampung (satu sumber menurut facts; unduhan tidak tersimpan)",
        )))
        tulis(
            out, rel, data, package,
            name=f"p0_kabkota_lampung-{tahun}",
            title=f"{tabel}, {tahun} (baris Provinsi Lampung)",
            description=(
                f"Ekstrak: hanya baris LAMPUNG dan kabupaten/kotanya dari unduhan nasional BPS '{tabel}', "
                f"tahun {tahun}, dalam tata letak CSV unduhan situs BPS (unduhan BPS memuat semua provinsi "
                "dan kabupaten/kota). '-' = kabupaten/kota belum dibentuk. Satuan: persen."
            ),
            **meta_dasar(
                bps_tabel=tabel,
                bps_url=BPS_SUBJEK_URL,
                bps_ekstrak="baris LAMPUNG dan 15 kabupaten/kota Lampung dari unduhan nasional",
                cara_diperoleh=(
                    f"ditranskripsi dalam tata letak BPS dari {FAKTA}{KABKOTA} (tahun {tahun}); "
                    "sumber nilai: ekspor situs BPS (satu sumber); ekstrak baris Lampung"
                ),
                sources=[{"title": f"BPS, tabel dinamis '{tabel}'", "path": BPS_SUBJEK_URL}],
                dialect=dialect_bps(3, ["Nama Wilayah", "judul tabel", "tahun"]),
                **tingkat,
                schema={
                    "fields": [
                        _field("wilayah", "string", "Nama Wilayah"),
                        _field("p0_persen", "number", f"{tabel} (Persen)", description="persen"),
                    ],
                    "missingValues": [MISSING],
                    "primaryKey": ["wilayah"],
                },
            ),
        )


def statis_1276(facts: Path, out: Path, package: dict) -> None:
    data, tahun = tabel_statis_1276(baca(facts, TABEL_1276))
    judul = "Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035"
    publikasi = "Proyeksi Penduduk Indonesia 2010-2035, BPS/Bappenas/UNFPA 2013"
    url = "https://www.bps.go.id/linkTabelStatis/view/id/1276"
    tulis(
        out, f"bps_1276_penduduk_perkotaan/{judul}.csv", data, package,
        name="bps_1276_penduduk_perkotaan",
        title=judul,
        description=(
            "Tabel statis BPS 1276 (33 provinsi + INDONESIA; Kalimantan Utara masih di dalam Kalimantan "
            "Timur dalam proyeksi ini), tata letak CSV: baris judul, baris kepala Provinsi/tahun, nilai "
            "persen dengan satu desimal tetap, INDONESIA terakhir. Judul memuat koma tanpa tanda kutip."
        ),
        **meta_dasar(
            bps_tabel=1276,
            bps_url=url,
            publikasi=publikasi,
            cara_diperoleh=(
                f"ditranskripsi dalam tata letak BPS dari {FAKTA}{TABEL_1276} (semua provinsi, "
                f"tahun {tahun[0]}-{tahun[-1]}); sumber nilai: tabel statis BPS 1276 ('Last Update: "
                "September 17, 2020'), baris INDONESIA dikonfirmasi dua berita peluncuran BPS/Bappenas"
            ),
            sources=[{"title": f"BPS, tabel statis 1276; {publikasi}", "path": url}],
            **sumber.properti([asal(
                "semua nilai", TRANSKRIPSI_BPS, "BPS",
                f"tabel statis BPS 1276 ({url}; 'Last Update: September 17, 2020'), dari publikasi {publikasi}; "
                "baris INDONESIA dikonfirmasi dua berita peluncuran BPS/Bappenas", "2020-09-17",
            )]),
            dialect={
                "delimiter": ",",
                "lineTerminator": "\n",
                "header": True,
                "headerRows": [2],
                "commentRows": [1],
                "bps_baris_kepala": ["judul tabel", "Provinsi dan tahun"],
                "bps_catatan": "tanpa baris baru setelah baris terakhir",
            },
            schema={
                "fields": [_field("Provinsi", "string", "Provinsi")]
                + [_field(str(t), "number", str(t), description="persen penduduk perkotaan") for t in tahun],
                "missingValues": [MISSING],
                "primaryKey": ["Provinsi"],
            },
        ),
    )


# ---------------------------------------------------------------------------- transkripsi

def _tidy_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


#: secondary sources: facts file, output columns (from fact column, or None), types, title, extra
TRANSKRIPSI = [
    {
        "fakta": "bps946_distribusi_pengeluaran_gini_tahunan_2010_2024.csv",
        "name": "transkripsi-bps946-distribusi-pengeluaran-gini",
        "title": "Distribusi pembagian pengeluaran per kapita dan Gini rasio menurut daerah "
        "(tabel statis BPS 946), Maret 2010-2024",
        "kolom": [
            ("daerah", "daerah", "string"),
            ("tahun", "tahun", "integer"),
            ("bagian_40_persen_terbawah", "bagian_40_persen_terbawah", "number"),
            ("bagian_40_persen_menengah", "bagian_40_persen_menengah", "number"),
            ("bagian_20_persen_teratas", "bagian_20_persen_teratas", "number"),
            ("gini_2_desimal", "gini_2_desimal", "number"),
            ("sumber", None, "string"),
            ("catatan", None, "string"),
        ],
        "bps_tabel": 946,
        "description": (
            "Tabel statis BPS 946: bagian pengeluaran 40 % terbawah, 40 % menengah, 20 % teratas (persen) "
            "dan Gini (2 desimal), menurut daerah, tahunan (Maret). Salinan tabel yang tersimpan terpotong: "
            "baris Perkotaan+Perdesaan 2019-2024 tidak lengkap (Gini 2019 kosong, 2020-2024 tidak ada)."
        ),
        "sumber": "BPS, tabel statis 946 (bps.go.id)",
        "cara": "tabel statis BPS 946 (salinan tersimpan, terpotong)",
    },
    {
        "fakta": "bagian_40_persen_terbawah_semester_2015_2025.csv",
        "name": "transkripsi-bagian-40-persen-terbawah-semester",
        "title": "Bagian pengeluaran 40 % penduduk terbawah menurut daerah dan semester, 2015-2025",
        "kolom": [
            ("tahun", "tahun", "integer"),
            ("periode", "periode", "string"),
            ("daerah", "daerah", "string"),
            ("bagian_40_persen_terbawah", "bagian_40_persen_terbawah", "number"),
            ("sumber", "sumber", "string"),
        ],
        "description": (
            "Persentase pengeluaran yang dinikmati 40 % penduduk terbawah (kriteria ketimpangan Bank Dunia), "
            "dari berita rilis Gini BPS; satu sumber per baris (URL di kolom sumber)."
        ),
        "cara": "berita media tentang rilis BPS (satu per baris, kolom sumber)",
    },
    {
        "fakta": "rentan_miskin_terbitan.csv",
        "name": "transkripsi-rentan-miskin-terbitan",
        "title": (
            "Angka terbitan tentang penduduk menurut kelipatan garis kemiskinan: "
            "hampir miskin, rentan miskin dan kelas ekonomi"
        ),
        "kolom": [
            ("periode", "periode", "string"),
            ("cakupan", "cakupan", "string"),
            ("indikator", "indikator", "string"),
            ("batas", "batas", "string"),
            ("nilai", "nilai", "string"),
            ("satuan", "satuan", "string"),
            ("penerbit", None, "string"),
            ("jenis_sumber", None, "string"),
            ("sumber", "sumber", "string"),
        ],
        "description": (
            "Persentase (atau jumlah, juta jiwa) penduduk menurut kelipatan garis kemiskinan: World Bank 2011 "
            "(di bawah 1,2 dan 1,5 x GK) dan 2016 (kelas ekonomi, sekitar 1,0-1,5 x GK untuk rentan); lima kelas "
            "ekonomi BPS dari Susenas Maret (miskin < 1, rentan miskin 1-1,5, menuju kelas menengah 1,5-3,5, kelas "
            "menengah 3,5-17, kelas atas > 17 x GK) untuk 2019 (lengkap), 2021-2023 (sebagian), 2025 (juta jiwa, "
            "dibulatkan); 2024: bagian tiap kelas menengah yang tinggal di perkotaan. Nasional, kecuali angka 2024. "
            "Kolom penerbit: lembaga yang menghitung angka (BPS atau World Bank); jenis_sumber: 'terbitan langsung' "
            "(publikasi lembaga itu sendiri) atau 'laporan sekunder' (media yang dinamai di kolom sumber). Angka "
            "kelas lain yang disebut dalam kalimat sumber yang sama (2016, 2025) ditulis sebagai baris sendiri. "
            "Kolom nilai berupa teks (mis. '24 (sekitar)')."
        ),
        "licenses": [
            {
                "name": "bps-worldbank-kutip-sumber",
                "title": "Angka terbitan BPS dan World Bank; boleh digunakan dengan menyebut sumber",
            }
        ],
        "cara": "publikasi World Bank (2012, 2019) dan berita rilis BPS Agustus 2024 dan sesudahnya (kolom sumber)",
        "baris": "_baris_rentan_miskin",
    },
    {
        "fakta": "dki_jakarta_penduduk_kepadatan.csv",
        "name": "transkripsi-dki-jakarta-penduduk-kepadatan",
        "title": "Penduduk, luas dan kepadatan DKI Jakarta (sensus dan proyeksi)",
        "kolom": [
            ("tahun", "tahun", "integer"),
            ("konsep", "konsep", "string"),
            ("jumlah_penduduk", "jumlah_penduduk", "number"),
            ("satuan_penduduk", "satuan_penduduk", "string"),
            ("luas_km2", "luas_km2", "number"),
            ("kepadatan_per_km2", "kepadatan_per_km2", "number"),
            ("sumber", "sumber", "string"),
            ("catatan", "catatan", "string"),
        ],
        "description": (
            "Jumlah penduduk DKI Jakarta (satuan berbeda per baris: lihat satuan_penduduk), luas daratan dan "
            "kepadatan; beberapa baris dari laporan sekunder angka BPS (kolom sumber dan catatan)."
        ),
        "cara": "tabel BPS, rilis BPS dan laporan sekunder angka BPS (kolom sumber)",
    },
    {
        "fakta": "rata2_pengeluaran_per_kapita_titik.csv",
        "name": "transkripsi-rata2-pengeluaran-per-kapita",
        "title": "Titik rata-rata pengeluaran per kapita sebulan menurut daerah yang diterbitkan",
        "kolom": [
            ("periode", "period", "string"),
            ("daerah", "area", "string"),
            ("rata2_pengeluaran_rp_per_bulan", "mean_pcexp_rp_per_month", "integer"),
            ("makanan_rp", "food_rp", "integer"),
            ("bukan_makanan_rp", "nonfood_rp", "integer"),
            ("bagian_makanan_persen", "food_share_pct", "number"),
            ("tertulis", "as_stated", "string"),
            ("sumber", "source", "string"),
        ],
        "description": (
            "Beberapa angka rata-rata pengeluaran per kapita sebulan (rupiah) dari berita rilis Susenas BPS; "
            "kolom tertulis memuat angka persis seperti dalam berita (kolom dari facts diterjemahkan: "
            "period->periode, area->daerah, source->sumber, ...)."
        ),
        "cara": "berita media tentang rilis Susenas BPS (kolom sumber)",
    },
]


#: class names in the facts' source sentences -> the multiples of the poverty line they cover
_KELAS_BATAS = {
    "miskin": "kurang dari 1.0 x garis kemiskinan",
    "menuju kelas menengah": "1.5 - 3.5 x garis kemiskinan",
    "calon kelas menengah": "1.5 - 3.5 x garis kemiskinan",
    "kelas menengah": "3.5 - 17 x garis kemiskinan",
    "kelas atas": "lebih dari 17 x garis kemiskinan",
}
_KELAS_DALAM_KALIMAT = re.compile(
    r"(?<![a-z] )\b(menuju kelas menengah|calon kelas menengah|kelas menengah|kelas atas|miskin) "
    r"(\d+(?:\.\d+)?)(?=[,;)]| (?:juta jiwa|persen))"
)
_SATUAN_KALIMAT = re.compile(r"(juta jiwa|persen)\)?\s*$")


def _baris_rentan_miskin(row: dict[str, str], fakta: dict[str, str]) -> list[dict[str, str]]:
    """One facts row as transcribed rows: who published it, and the other classes its source sentence names.

    The 2016 (World Bank) and 2025 (BPS) rows name the remaining classes of the same release inside the
    source text ("... miskin 23.9, menuju kelas menengah 142.0, ... juta jiwa"); each becomes its own row
    with the same period, source and unit, so that every published figure is one cell.
    """
    sumber = row["sumber"]
    penerbit = "World Bank" if sumber.startswith("World Bank") else "BPS"
    # Only the World Bank (2012) abstract is the publisher's own text; every other row is a press report.
    langsung = sumber.startswith("World Bank (2012)")
    dasar = {**row, "penerbit": penerbit, "jenis_sumber": "terbitan langsung" if langsung else "laporan sekunder"}
    hasil = [dasar]
    kurung = sumber[sumber.find("(", sumber.find(")") + 1 if sumber.startswith("World Bank") else 0) :]
    satuan = _SATUAN_KALIMAT.search(kurung)
    sekitar = row["batas"].startswith("sekitar")
    for kelas, nilai in _KELAS_DALAM_KALIMAT.findall(kurung) if satuan else []:
        batas = _KELAS_BATAS[kelas]
        if sekitar:  # the World Bank's thresholds are Rupiah amounts close to these multiples
            batas = re.sub(r"(\d)", r"sekitar \1", batas, count=1)
        hasil.append(
            {
                **dasar,
                "indikator": f"{kelas} ({penerbit})",
                "batas": batas,
                "nilai": nilai,
                "satuan": satuan.group(1),
            }
        )
    return hasil


def transkripsi(facts: Path, out: Path, package: dict) -> None:
    for spec in TRANSKRIPSI:
        rows_in = baca(facts, spec["fakta"])
        header = [k for k, _, _ in spec["kolom"]]
        rows = []
        sumber_sebelumnya = ""
        for r in rows_in:
            row = {k: (r[src] if src else "") for k, src, _ in spec["kolom"]}
            if row.get("sumber") == "same":  # facts: "same" = the source of the row above
                row["sumber"] = sumber_sebelumnya
            elif row.get("sumber", "").startswith("same ("):  # "same (25.14 juta jiwa)": the source above + note
                row["sumber"] = sumber_sebelumnya + row["sumber"][len("same") :]
            sumber_sebelumnya = row.get("sumber", "")
            if "sumber" in header and not row["sumber"] and spec.get("sumber"):
                row["sumber"] = spec["sumber"]
            for k, v in row.items():
                if v == "NA_truncated":
                    row[k] = ""
                    row["catatan"] = f"{k} terpotong pada salinan tabel yang tersimpan"
            if "baris" in spec:
                rows.extend([b[k] for k in header] for b in globals()[spec["baris"]](row, r))
                continue
            rows.append([row[k] for k in header])
        rel = f"transkripsi/{spec['fakta']}"
        extra = {"bps_tabel": spec["bps_tabel"]} if "bps_tabel" in spec else {}
        tulis(
            out,
            rel,
            _tidy_csv(header, rows),
            package,
            name=spec["name"],
            title=spec["title"],
            description=(
                spec["description"] + " Bukan unduhan BPS: transkripsi rapi (satu nilai per sel); "
                "sumber 'same' di facts diganti dengan sumber baris di atasnya."
            ),
            **meta_dasar(
                **extra,
                cara_diperoleh=(
                    f"ditranskripsi (bukan unduhan BPS) dari {FAKTA}{spec['fakta']}; sumber: {spec['cara']}"
                ),
                sources=[{"title": spec["cara"]}],
                **sumber.properti(asal_per_baris(spec["fakta"], [r[header.index("sumber")] for r in rows])),
                dialect={"delimiter": ",", "lineTerminator": "\n", "header": True},
                schema={
                    "fields": [_field(k, t) for k, _, t in spec["kolom"]],
                    "missingValues": [""],
                },
            ),
        )
        if "licenses" in spec:
            res = next(r for r in package["resources"] if r["path"] == rel)
            res["licenses"] = spec["licenses"]


# ---------------------------------------------------------------------------- main


def paket_kosong() -> dict:
    return {
        "profile": "data-package",
        "name": "kompendium-kemiskinan-perkotaan-data-mentah",
        "title": "Data mentah kompendium kemiskinan perkotaan (Nata 2024): tabel BPS dalam tata letak unduhan BPS",
        "description": (
            "Setiap folder adalah satu tabel BPS, satu file per tahun, dengan nama dan tata letak persis seperti "
            "unduhan situs BPS; transkripsi/ memuat sumber sekunder (publikasi BPS, berita rilis BPS) dalam CSV "
            "rapi. File dibuat ulang oleh tools/transcribe_facts.py dari angka terbitan yang dikumpulkan dan "
            "dicek silang; sha256 setiap file dicatat di sini dan diperiksa sebelum alur kerja berjalan."
        ),
        "licenses": LISENSI_BPS,
        "sources": [
            SUMBER_BPS,
            {"title": "Proyeksi Penduduk Indonesia 2010-2035, BPS/Bappenas/UNFPA 2013"},
            {"title": "Berita media tentang rilis resmi BPS (URL per baris di transkripsi/)"},
            {"title": "World Bank (2012), Protecting Poor and Vulnerable Households in Indonesia"},
            {"title": "World Bank (2019), Aspiring Indonesia: Expanding the Middle Class (sebagaimana diberitakan)"},
        ],
        "resources": [],
    }


def transcribe(facts: Path, out: Path, exports: Path | None = None) -> Path:
    """Write every raw file and the datapackage of ``facts`` into ``out``; ``exports``: the stored
    BPS downloads the files are compared with (default: ``bps-exports/website-csv`` beside facts)."""
    global EKSPOR
    facts = Path(facts)
    out = Path(out)
    exports = Path(exports) if exports else facts.parent / "bps-exports" / "website-csv"
    if not exports.is_dir():
        print(
            f"peringatan: {exports} tidak ada; tidak ada berkas yang dapat diakui sebagai unduhan BPS", file=sys.stderr
        )
    EKSPOR = exports if exports.is_dir() else None
    out.mkdir(parents=True, exist_ok=True)
    package = paket_kosong()
    statis_1276(facts, out, package)
    nasional(facts, out, package)
    provinsi(facts, out, package)
    kabkota(facts, out, package)
    transkripsi(facts, out, package)
    return write_datapackage(out, package)


#: the folders of data/raw this script writes (the only ones --clean removes)
FOLDERS = (
    ["bps_1276_penduduk_perkotaan"]
    + [t[0] for t in TABEL_NASIONAL]
    + ["p0_provinsi", "gk_provinsi", "p0_kabkota_lampung", "transkripsi"]
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=Path, help="folder of the collected figures (../shared/data/facts)")
    parser.add_argument("--out", type=Path, default=Path("data/raw"), help="default: data/raw")
    parser.add_argument(
        "--bps-exports",
        type=Path,
        default=None,
        help="stored BPS downloads to compare with (default: FACTS/../bps-exports/website-csv)",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="first remove the folders this script writes (so files no longer produced disappear)",
    )
    args = parser.parse_args(argv)
    if args.clean and args.out.exists():
        for folder in FOLDERS:
            if (args.out / folder).is_dir():
                shutil.rmtree(args.out / folder)
        (args.out / DATAPACKAGE).unlink(missing_ok=True)
    path = transcribe(args.facts, args.out, args.bps_exports)
    n = len(__import__("json").loads(path.read_text(encoding="utf-8"))["resources"])
    print(f"{n} file ditulis ke {args.out}, dicatat di {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
