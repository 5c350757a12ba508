"""Reader for the project's transcription of BPS static table 1276 (urban population share).

Layout (UTF-8 with BOM, comma separated)::

    Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035,,,,,,
    Provinsi,2010,2015,2020,2025,2030,2035
    Aceh,28.1,32.6,...
    INDONESIA,49.8,53.3,56.7,60.0,63.4,66.6

Rows are provinces as BPS spells them on that page (``N T B``, ``DI Yogyakarta``...). Values are
annual (``Tahunan``), without a daerah split.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kompendium import kosakata, wilayah
from kompendium.bps._common import (
    Baris,
    KonvensiAngka,
    baca_teks,
    buang_kosong,
    tahun,
    variabel_dari_judul,
)
from kompendium.bps.website_csv import _baris_csv, _cek_lebar
from kompendium.errors import BpsFormatError


def cocok(rows: list[list[str]]) -> bool:
    """True when the first rows look like the static-table layout."""
    return len(rows) >= 2 and bool(rows[1]) and rows[1][0].strip() == "Provinsi"


def read(path: Path) -> pd.DataFrame:
    """Read the static-table transcription into the tidy table (keeps ``_baris``)."""
    return read_rows(_baris_csv(baca_teks(path)), path.name)


def read_rows(rows: list[list[str]], file: str) -> pd.DataFrame:
    """Read the static-table layout from its grid of cells (CSV lines or workbook rows)."""
    if not cocok(rows):
        raise BpsFormatError(file, "baris 2 diawali 'Provinsi' (tabel statis BPS)", row=2,
                             column=1, found=rows[1][0] if len(rows) > 1 and rows[1] else "")
    # The title itself holds an unquoted comma ("..., 2010-2035"), so it spans cells.
    var = variabel_dari_judul(",".join(rows[0]).rstrip(", "), file=file, row=1, column=1)
    lebar = len(rows[1])
    tahun_kolom = [tahun(rows[1][c], file=file, row=2, column=c + 1) for c in range(1, lebar)]
    konvensi = KonvensiAngka.dari(sel for r in rows[2:] for sel in r[1:])
    out = Baris(file)
    for i in range(2, len(rows)):
        _cek_lebar(rows, i, lebar, file)
        w = wilayah.provinsi(rows[i][0], file=file, row=i + 1, column=1)
        for c, th in enumerate(tahun_kolom, start=1):
            out.tambah(var, w.kode, w.nama, "", th, kosakata.TAHUNAN,
                       konvensi.angka(rows[i][c], file=file, row=i + 1, column=c + 1), i + 1, c + 1)
    if len(rows) < 3 or wilayah.kunci(rows[-1][0]) != "indonesia":
        raise BpsFormatError(file, "baris terakhir INDONESIA (berkas terpotong?)",
                             row=len(rows), column=1, found=rows[-1][0] if rows[-1] else "")
    df = buang_kosong(out.frame())
    df.attrs["dimensi"] = {"wilayah": "baris (kolom 1)", "tahun": "judul baris 2"}
    return df
