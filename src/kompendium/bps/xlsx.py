"""Reader for Excel workbooks (``.xlsx``) downloaded from the current BPS website.

The site's "Unduh Excel" gives the same grid as its CSV (see :mod:`kompendium.bps.website_csv`):
the same header rows, with a multi-column label written once in a merged cell. The workbook is
read with pandas (openpyxl); a merged range reads as its first cell followed by empty cells,
which the layout readers carry to the right as they do for the CSV's empty cells. Numbers stored
as numbers are taken as they are, numbers stored as text follow the file's number convention.

A workbook must hold one sheet with content: a second sheet (notes, a pivot) is refused rather
than guessed around, with the sheet's name in the message.
"""

from __future__ import annotations

import math
import warnings
import zipfile
from pathlib import Path

import pandas as pd

from kompendium.bps import statictable, website_csv
from kompendium.errors import BpsFormatError

ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 binary .xls


def cocok(data: bytes) -> bool:
    """True when the bytes are a zip archive (an Office Open XML workbook)."""
    return data.startswith(ZIP)


def _teks(sel: object) -> str:
    """A workbook cell as the CSV would spell it: 2023.0 -> "2023", NaN -> ""."""
    if sel is None or (isinstance(sel, float) and math.isnan(sel)):
        return ""
    if isinstance(sel, float) and sel.is_integer():
        return str(int(sel))
    if isinstance(sel, (int, float)):
        return repr(sel)
    return str(sel)


def read_grid(path: Path) -> list[list[str]]:
    """The cells of the workbook's one sheet, as text; errors name the file and the sheet."""
    file = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl: "workbook contains no default style"
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise BpsFormatError(file, "buku kerja .xlsx yang utuh (arsip Office Open XML)",
                             found=f"berkas rusak atau terpotong ({type(exc).__name__}: {exc})"[:160]) from None
    isi = {nama: df for nama, df in sheets.items() if df.notna().to_numpy().any()}
    if not isi:
        raise BpsFormatError(file, "lembar kerja berisi tabel BPS", found="semua lembar kosong")
    if len(isi) > 1:
        nama = list(isi)
        raise BpsFormatError(file, f"satu lembar kerja berisi tabel, seperti unduhan BPS (lembar "
                             f"'{nama[0]}'); hapus lembar lain atau simpan lembar tabel saja",
                             column=f"lembar '{nama[1]}'",
                             found=f"{len(isi)} lembar berisi: {', '.join(repr(n) for n in nama)}")
    df = next(iter(isi.values()))
    rows = [[_teks(x) for x in r] for r in df.itertuples(index=False, name=None)]
    while rows and not any(s.strip() for s in rows[-1]):
        rows.pop()
    lebar = max((max((i + 1 for i, s in enumerate(r) if s.strip()), default=0) for r in rows), default=0)
    return [r[:lebar] + [""] * (lebar - len(r)) for r in rows]


def read(path: Path) -> pd.DataFrame:
    """Read a BPS workbook into the tidy table (keeps ``_baris``: the sheet's row number)."""
    rows = read_grid(path)
    if rows and rows[0] and website_csv.jenis_tata_letak(rows[0][0]):
        return website_csv.read_rows(rows, path.name)
    if statictable.cocok(rows):
        return statictable.read_rows(rows, path.name)
    raise BpsFormatError(path.name, "lembar dengan tata letak BPS (sel A1 'Wilayah', '<n> Provinsi' "
                         "atau 'Nama Wilayah'; atau tabel statis)", row=1, column=1,
                         found=rows[0][0] if rows and rows[0] else "")
