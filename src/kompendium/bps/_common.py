"""Helpers shared by the BPS readers: decoding, numbers, titles, labels, row building."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompendium import kosakata
from kompendium import tidy
from kompendium.errors import BpsFormatError

BOM = "\ufeff"
MISSING = "-"  # BPS website exports mark "not available" with a lone dash
_ANGKA = re.compile(r"^-?\d+(\.\d+)?$")
_DESIMAL_KOMA = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")


def baca_teks(path: Path) -> str:
    """File as text: strict UTF-8, leading blanks and BOM removed; errors name the line."""
    data = path.read_bytes()
    if not data.strip():
        raise BpsFormatError(path.name, "berkas berisi tabel BPS", found="berkas kosong")
    try:
        teks = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        baris = data[: exc.start].count(b"\n") + 1
        raise BpsFormatError(path.name, "teks UTF-8 (unduhan BPS dikodekan UTF-8)", row=baris,
                             found=f"byte {data[exc.start:exc.start + 1]!r} (bukan UTF-8)") from None
    # The semicolon export has blanks *before* its BOM; strip both, but keep line numbering.
    return teks.lstrip(" \t" + BOM)


def angka(sel: str, *, file: str, row: int, column: str | int) -> float:
    """Parse a BPS cell: '.' decimal, no thousands separator, '-' missing (NaN)."""
    s = sel.strip()
    if s == MISSING:
        return math.nan
    if _ANGKA.match(s):
        return float(s)
    if _DESIMAL_KOMA.match(s):
        raise BpsFormatError(file, "angka dengan titik desimal (mis. 9.41)", row=row, column=column,
                             found=f"{s} (desimal koma)")
    if s == "":
        raise BpsFormatError(file, "angka atau '-'", row=row, column=column, found="sel kosong")
    raise BpsFormatError(file, "angka atau '-'", row=row, column=column, found=s)


@dataclass(frozen=True)
class Variabel:
    """What a BPS table title says: indicator and unit."""

    indikator: str
    satuan: str


_JUDUL: list[tuple[re.Pattern[str], Variabel | None]] = [
    (re.compile(r"^persentase penduduk miskin \(p0\)"), Variabel(kosakata.P0, "persen")),
    (re.compile(r"^indeks kedalaman kemiskinan \(p1\)"), Variabel(kosakata.P1, "indeks")),
    (re.compile(r"^indeks keparahan kemiskinan \(p2\)"), Variabel(kosakata.P2, "indeks")),
    (re.compile(r"^garis kemiskinan \(rupiah/kapita/bulan\)"),
     Variabel(kosakata.GARIS_KEMISKINAN, "rupiah/kapita/bulan")),
    (re.compile(r"^jumlah penduduk miskin \(juta jiwa\)"),
     Variabel(kosakata.JUMLAH_PENDUDUK_MISKIN, "juta jiwa")),
    (re.compile(r"^jumlah penduduk miskin \(ribu jiwa\)"),
     Variabel(kosakata.JUMLAH_PENDUDUK_MISKIN, "ribu jiwa")),
    (re.compile(r"^gini ras?io"), Variabel(kosakata.GINI, "rasio")),
    (re.compile(r"^persentase penduduk daerah perkotaan"),
     Variabel(kosakata.PERSEN_PENDUDUK_PERKOTAAN, "persen")),
]


def variabel_dari_judul(judul: str, *, file: str, row: int | None = None,
                        column: str | int | None = None) -> Variabel:
    """Indicator and unit from a table title; an unknown title is an error naming it."""
    t = " ".join(judul.split()).casefold()
    for pola, var in _JUDUL:
        if pola.match(t) and var is not None:
            return var
    raise BpsFormatError(
        file, "judul tabel BPS yang dikenal (P0, P1, P2, Garis Kemiskinan, Jumlah Penduduk Miskin, "
        "Gini Rasio, Persentase Penduduk Daerah Perkotaan)", row=row, column=column, found=judul)


_PERIODE = {
    "semester 1 (maret)": kosakata.MARET, "maret": kosakata.MARET,
    "semester 2 (september)": kosakata.SEPTEMBER, "september": kosakata.SEPTEMBER,
    "tahunan": kosakata.TAHUNAN, "tahun": kosakata.TAHUNAN,
}
_DAERAH = {
    "kota": kosakata.PERKOTAAN, "perkotaan": kosakata.PERKOTAAN,
    "desa": kosakata.PERDESAAN, "perdesaan": kosakata.PERDESAAN,
    "kota+desa": kosakata.TOTAL, "perkotaan+perdesaan": kosakata.TOTAL, "jumlah": kosakata.TOTAL,
    "total": kosakata.TOTAL, "tidak ada": "",
}


def periode(label: str, *, file: str, row: int, column: str | int) -> str:
    """Period label (``Semester 1 (Maret)`` ...) to Maret/September/Tahunan."""
    p = _PERIODE.get(" ".join(label.split()).casefold())
    if p is None:
        raise BpsFormatError(file, "periode 'Semester 1 (Maret)', 'Semester 2 (September)' atau "
                             "'Tahunan'", row=row, column=column, found=label)
    return p


def daerah(label: str, *, file: str, row: int, column: str | int) -> str:
    """Area label (Kota/Desa/Kota+Desa, Perkotaan/Perdesaan/Jumlah) to the contract's daerah."""
    d = _DAERAH.get(re.sub(r"\s*\+\s*", "+", " ".join(label.split())).casefold())
    if d is None:
        raise BpsFormatError(file, "daerah Kota/Desa/Kota+Desa atau Perkotaan/Perdesaan/Jumlah",
                             row=row, column=column, found=label)
    return d


def tahun(teks: str, *, file: str, row: int, column: str | int) -> int:
    """A four-digit year cell."""
    s = teks.strip()
    if not re.fullmatch(r"(19|20)\d\d", s):
        raise BpsFormatError(file, "tahun empat angka", row=row, column=column, found=teks)
    return int(s)


@dataclass
class Baris:
    """Accumulates tidy rows with their source line and column."""

    sumber: str
    rows: list[dict[str, object]] = field(default_factory=list)

    def tambah(self, var: Variabel, kode: str, nama: str, daerah: str, tahun: int,
               periode: str, nilai: float, baris: int, kolom: str | int) -> None:
        """Add one value."""
        if kode == "31" and daerah == kosakata.PERDESAAN and nilai == 0:
            # Jakarta has no rural area (every desa/kelurahan of DKI is classified urban), so
            # BPS's Perdesaan "0" in some years means "not applicable", not "zero poor".
            nilai = math.nan
        self.rows.append({
            "indikator": var.indikator, "kode_wilayah": kode, "wilayah": nama,
            "daerah": daerah, "tahun": tahun, "periode": periode, "nilai": nilai,
            "satuan": var.satuan, "sumber": self.sumber, "_baris": baris, "_kolom": str(kolom),
        })

    def frame(self) -> pd.DataFrame:
        """The rows as a tidy frame (internal columns kept for validation)."""
        if not self.rows:
            df = tidy.kosong()
            df["_baris"] = pd.Series(dtype=int)
            df["_kolom"] = pd.Series(dtype=str)
            return df
        df = pd.DataFrame(self.rows)
        df["tahun"] = df["tahun"].astype(int)
        df["nilai"] = df["nilai"].astype(float)
        return df


def buang_kosong(df: pd.DataFrame) -> pd.DataFrame:
    """Apply the missing-value rule shared by all readers.

    A NaN is kept only for a semester (Maret/September) of a (table, indicator, year) that has
    semester data: there '-' means "not released" (e.g. September 2023, or a province that did not
    exist yet) and the gap is information. Everything else BPS shows as '-' is layout noise: the
    unused ``Tahunan`` column once semesters exist, the unused semester columns before 2011, and
    '-' in annual-only tables; those rows are dropped.
    """
    if df.empty:
        return df
    semester = df["periode"].isin([kosakata.MARET, kosakata.SEPTEMBER])
    punya = (df[semester & df["nilai"].notna()]
             .groupby(["indikator", "tahun"]).size().rename("_n").reset_index())
    df = df.merge(punya, on=["indikator", "tahun"], how="left")
    tahun_semester = df["_n"].notna()
    semester = df["periode"].isin([kosakata.MARET, kosakata.SEPTEMBER])
    simpan = df["nilai"].notna() | (semester & tahun_semester)
    return df[simpan].drop(columns="_n").reset_index(drop=True)
