"""Helpers shared by the BPS readers: decoding, numbers, titles, labels, row building."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompendium import kosakata, tidy
from kompendium.errors import BpsFormatError

BOM = "\ufeff"
#: How BPS files mark "not available": a dash, an ellipsis (one character or three dots), NA, or
#: an empty cell. All read as NaN; :func:`buang_kosong` then decides which gaps are information.
KOSONG = frozenset({"-", "\u2026", "...", "NA", "N/A", ""})
MISSING = "-"
_POLOS = re.compile(r"^-?\d+$")
_TITIK = re.compile(r"^-?\d+\.\d+$")  # 9.41, or 1.234 (dot thousands in a decimal-comma file)
_KOMA = re.compile(r"^-?\d+,\d+$")  # 9,41, or 1,234 (comma thousands)
_RIBUAN_KOMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567 / 1,234.5
_RIBUAN_TITIK = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567 / 1.234,5


def _bukti(s: str) -> str | None:
    """Which decimal mark one cell proves: "." or ",", or None when it proves nothing."""
    if re.match(r"^-?0[.,]\d+$", s):  # 0.379 / 0,379: a thousands group never follows a lone 0
        return "." if "." in s else ","
    if _TITIK.match(s) and len(s.split(".")[1]) != 3:
        return "."
    if _KOMA.match(s) and len(s.split(",")[1]) != 3:
        return ","
    if _RIBUAN_KOMA.match(s) and (s.count(",") > 1 or "." in s):
        return "."
    if _RIBUAN_TITIK.match(s) and (s.count(".") > 1 or "," in s):
        return ","
    return None


@dataclass(frozen=True)
class KonvensiAngka:
    """The number convention of one file, decided from all its value cells.

    BPS writes '.' as the decimal mark and no thousands separator. A file whose cells prove
    another convention (a decimal comma such as ``9,41`` or ``1.234,5``; comma thousands such as
    ``1,234,567``) is read that way when nothing in it contradicts that; a cell that no
    convention of the file makes unambiguous (``1,234`` alone: 1234 or 1.234?) is refused, as is
    a decimal comma in a file whose other cells use the decimal point.
    """

    desimal: str = "."
    bukti: str = ""  # the cell that proved a decimal comma, for --explain

    @classmethod
    def dari(cls, sel: Iterable[object]) -> KonvensiAngka:
        """Decide from the cells: a decimal comma only when some cell proves it and none a point."""
        koma = titik = None
        for x in sel:
            if not isinstance(x, str):
                continue
            b = _bukti(x.strip())
            if b == "," and koma is None:
                koma = x.strip()
            elif b == "." and titik is None:
                titik = x.strip()
        if koma is not None and titik is None:
            return cls(",", koma)
        return cls()

    def angka(self, sel: object, *, file: str, row: int, column: str | int) -> float:
        """Parse one cell; a number already (from a workbook) is taken as it is."""
        if sel is None:
            return math.nan
        if isinstance(sel, bool):
            raise BpsFormatError(file, "angka atau tanda kosong", row=row, column=column, found=str(sel))
        if isinstance(sel, (int, float)):
            return float(sel)
        s = str(sel).strip()
        if s in KOSONG:
            return math.nan
        if self.desimal == ",":
            if _POLOS.match(s) or _KOMA.match(s):
                return float(s.replace(",", "."))
            if _RIBUAN_TITIK.match(s):
                return float(s.replace(".", "").replace(",", "."))
            if _TITIK.match(s):  # a dot in a decimal-comma file that is not a thousands group
                raise BpsFormatError(file, f"angka dengan desimal koma seperti sel lain berkas ini "
                                     f"(mis. {self.bukti})", row=row, column=column, found=s)
        else:
            if _POLOS.match(s) or _TITIK.match(s):
                return float(s)
            if _RIBUAN_KOMA.match(s) and (s.count(",") > 1 or "." in s):
                return float(s.replace(",", ""))
            if _KOMA.match(s) or _RIBUAN_TITIK.match(s):
                sebab = ("desimal koma" if _bukti(s) == "," else
                         "ambigu: pemisah ribuan atau desimal koma?")
                raise BpsFormatError(file, "angka dengan titik desimal (mis. 9.41)", row=row,
                                     column=column, found=f"{s} ({sebab})")
        raise BpsFormatError(file, "angka atau tanda kosong ('-', '\u2026', '...', 'NA', sel kosong)",
                             row=row, column=column, found=s)


_BAKU = KonvensiAngka()


def angka(sel: object, *, file: str, row: int, column: str | int,
          konvensi: KonvensiAngka = _BAKU) -> float:
    """Parse a BPS cell with the file's number convention (default: '.' decimal, no thousands)."""
    return konvensi.angka(sel, file=file, row=row, column=column)


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


@dataclass(frozen=True)
class Variabel:
    """What a BPS table title says: indicator and unit."""

    indikator: str
    satuan: str


#: Title prefix -> indicator and its unit. A unit the title states in parentheses (``(Persen)``,
#: ``(Rupiah/Kapita/Bulan)``, anywhere in the title) is checked against it; the count of the poor
#: has no fixed unit and takes the one its title states.
_JUDUL: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(r"^persentase penduduk miskin\b"), kosakata.P0, "persen"),
    (re.compile(r"^indeks kedalaman kemiskinan\b"), kosakata.P1, "indeks"),
    (re.compile(r"^indeks keparahan kemiskinan\b"), kosakata.P2, "indeks"),
    (re.compile(r"^garis kemiskinan\b"), kosakata.GARIS_KEMISKINAN, "rupiah/kapita/bulan"),
    (re.compile(r"^jumlah penduduk miskin\b"), kosakata.JUMLAH_PENDUDUK_MISKIN, None),
    (re.compile(r"^gini ras?io\b"), kosakata.GINI, "rasio"),
    (re.compile(r"^persentase penduduk daerah perkotaan\b"), kosakata.PERSEN_PENDUDUK_PERKOTAAN,
     "persen"),
]
#: Units a title may state, as written -> the contract's unit. P1/P2/Gini titles state none.
_SATUAN_JUDUL = {"persen": "persen", "%": "persen", "rupiah/kapita/bulan": "rupiah/kapita/bulan",
                 "rp/kapita/bulan": "rupiah/kapita/bulan", "juta jiwa": "juta jiwa",
                 "juta orang": "juta jiwa", "ribu jiwa": "ribu jiwa", "ribu orang": "ribu jiwa",
                 "jiwa": "jiwa", "orang": "jiwa", "indeks": "indeks", "rasio": "rasio"}


def satuan_judul(judul: str) -> str | None:
    """The unit a title states in parentheses, or None (``(P0)`` is a name, not a unit)."""
    for isi in re.findall(r"\(([^()]*)\)", judul):
        s = re.sub(r"\s*/\s*", "/", " ".join(isi.split())).casefold()
        if s in _SATUAN_JUDUL:
            return _SATUAN_JUDUL[s]
    return None


def variabel_dari_judul(judul: str, *, file: str, row: int | None = None,
                        column: str | int | None = None) -> Variabel:
    """Indicator and unit from a table title; an unknown title is an error naming it."""
    t = " ".join(judul.split()).casefold()
    # "(P0)" after the name is part of it: "Persentase Penduduk Miskin (P0) Menurut ...".
    nama = re.sub(r"\s*\((p[012])\)", "", t)
    for pola, indikator, baku in _JUDUL:
        if not pola.match(nama):
            continue
        tertulis = satuan_judul(t)
        if baku is None:
            if tertulis not in ("juta jiwa", "ribu jiwa", "jiwa"):
                raise BpsFormatError(file, "satuan dalam judul: (Juta Jiwa), (Ribu Jiwa) atau (Jiwa)",
                                     row=row, column=column, found=judul)
            return Variabel(indikator, tertulis)
        if tertulis is not None and tertulis != baku:
            raise BpsFormatError(file, f"satuan {baku} untuk {indikator}", row=row, column=column,
                                 found=judul)
        return Variabel(indikator, baku)
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
    if df["nilai"].isna().all():
        pertama = df.sort_values("_baris", kind="stable").iloc[0]
        raise BpsFormatError(str(pertama["sumber"]), "setidaknya satu nilai angka", row=int(pertama["_baris"]),
                             column=pertama["_kolom"],
                             found=f"semua {len(df)} sel nilai kosong ('-', '\u2026', '...', 'NA' atau kosong)")
    semester = df["periode"].isin([kosakata.MARET, kosakata.SEPTEMBER])
    punya = (df[semester & df["nilai"].notna()]
             .groupby(["indikator", "tahun"]).size().rename("_n").reset_index())
    df = df.merge(punya, on=["indikator", "tahun"], how="left")
    tahun_semester = df["_n"].notna()
    semester = df["periode"].isin([kosakata.MARET, kosakata.SEPTEMBER])
    simpan = df["nilai"].notna() | (semester & tahun_semester)
    return df[simpan].drop(columns="_n").reset_index(drop=True)
