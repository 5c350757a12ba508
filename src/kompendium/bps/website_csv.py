"""Reader for the current BPS website CSV ("Unduh" on a dynamic table).

Three layouts, told apart by the first cell:

* ``Wilayah`` (national by daerah): 4 header rows; rows ``Kota``/``Desa``/``Kota+Desa``;
* ``<n> Provinsi`` (by province and daerah): 5 header rows; blocks ``Perkotaan``/``Perdesaan``/
  ``Jumlah`` (poverty-line tables have no ``Jumlah`` block); last row ``INDONESIA``;
* ``Nama Wilayah`` (by kabupaten/kota): 3 header rows; UPPER CASE province rows followed by their
  title-case kabupaten/kota rows. Values are annual (``Tahunan``, no daerah split).

Rows may come in any order (an author may have sorted the table on the site). Completeness is
judged from evidence that does not depend on row order: every row has the header's width (a file
cut inside a line is short), the ``<n> Provinsi`` layout announces how many province rows follow
and must have exactly that many, the national layout must have its three area rows. (The
kabupaten/kota layout announces no count and BPS leaves out kabupaten/kota without figures, so a
cut exactly at a line end cannot be told from a shorter list there.) The
``INDONESIA`` row of the province layout may be missing (a filtered table): the file is read
without a national value and a warning says so. Line endings (CRLF/LF), a BOM, the final newline
and blank trailing lines do not matter. The same grid from a ``.xlsx`` workbook is read by
:func:`read_rows` (see :mod:`kompendium.bps.xlsx`).

Missing values follow :func:`kompendium.bps._common.buang_kosong`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from kompendium import kosakata, wilayah
from kompendium.bps._common import (
    Baris,
    KonvensiAngka,
    baca_teks,
    buang_kosong,
    daerah,
    periode,
    tahun,
    variabel_dari_judul,
)
from kompendium.errors import BpsFormatError

_NASIONAL, _PROVINSI, _KABKOTA = "nasional", "provinsi", "kabkota"


def jenis_tata_letak(sel_pertama: str) -> str | None:
    """Which website-CSV layout a first cell announces, or None."""
    s = sel_pertama.strip().lstrip("\ufeff")
    if s == "Wilayah":
        return _NASIONAL
    if re.fullmatch(r"\d+ Provinsi", s):
        return _PROVINSI
    if s == "Nama Wilayah":
        return _KABKOTA
    return None


def _baris_csv(teks: str) -> list[list[str]]:
    """One parsed row per physical line, so row i is line i+1 (BPS never quotes newlines)."""
    lines = teks.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip(" \t,"):
        lines.pop()  # a final newline (or none: BPS omits it) or blank trailing lines must not matter
    return [next(csv.reader([line])) if line else [] for line in lines]


def _cek_lebar(rows: list[list[str]], i: int, lebar: int, file: str) -> None:
    """Every row has the header's width; say why when not (truncated, shifted, decimal comma)."""
    n = len(rows[i])
    if n == lebar:
        return
    if i == len(rows) - 1 and n < lebar:
        raise BpsFormatError(file, f"baris lengkap dengan {lebar} kolom (berkas terpotong?)",
                             row=i + 1, found=f"{n} kolom")
    sebab = ("desimal koma tanpa tanda kutip?" if n > lebar and
             any(a.strip().isdigit() and b.strip().isdigit() for a, b in zip(rows[i], rows[i][1:], strict=False))
             else "kolom bergeser?")
    raise BpsFormatError(file, f"{lebar} kolom seperti baris judul", row=i + 1,
                         found=f"{n} kolom ({sebab})")


def _isi_ke_kanan(sel: list[str]) -> list[str]:
    """Carry a merged header label to the right over the empty cells that follow it."""
    out, cur = [], ""
    for s in sel:
        cur = s.strip() or cur
        out.append(cur)
    return out


def read(path: Path) -> pd.DataFrame:
    """Read a website CSV into the tidy table (not yet validated; keeps ``_baris``)."""
    return read_rows(_baris_csv(baca_teks(path)), path.name)


def read_rows(rows: list[list[str]], file: str) -> pd.DataFrame:
    """Read the website layout from its grid of cells (CSV lines or workbook rows)."""
    jenis = jenis_tata_letak(rows[0][0] if rows and rows[0] else "")
    if jenis is None:
        raise BpsFormatError(file, "sel pertama 'Wilayah', '<n> Provinsi' atau 'Nama Wilayah'",
                             row=1, column=1, found=rows[0][0] if rows and rows[0] else "")
    kepala = {_NASIONAL: 4, _PROVINSI: 5, _KABKOTA: 3}[jenis]
    if len(rows) <= kepala:
        raise BpsFormatError(file, f"{kepala} baris judul lalu baris data (berkas terpotong?)",
                             row=len(rows), found=f"{len(rows)} baris")
    lebar = len(rows[0])
    for i in range(1, len(rows)):
        _cek_lebar(rows, i, lebar, file)
    var = variabel_dari_judul(rows[1][1], file=file, row=2, column=2)
    konvensi = KonvensiAngka.dari(sel for r in rows[kepala:] for sel in r[1:])
    out = Baris(file)
    peringatan: list[str] = []
    if jenis == _NASIONAL:
        _nasional(rows, var, out, file, konvensi)
    elif jenis == _PROVINSI:
        _provinsi(rows, var, out, file, konvensi, peringatan)
    else:
        _kabkota(rows, var, out, file, konvensi)
    df = buang_kosong(out.frame())
    df.attrs["peringatan"] = peringatan
    df.attrs["konvensi_angka"] = konvensi
    df.attrs["dimensi"] = {
        _NASIONAL: {"daerah": "baris (kolom 1)", "tahun": "judul baris 3", "periode": "judul baris 4"},
        _PROVINSI: {"wilayah": "baris (kolom 1)", "daerah": "judul baris 3", "tahun": "judul baris 4",
                    "periode": "judul baris 5"},
        _KABKOTA: {"wilayah": "baris (kolom 1)", "tahun": "judul baris 3"},
    }[jenis]
    return df


def _kolom_nilai(rows: list[list[str]], baris_daerah: int | None, baris_tahun: int,
                 baris_periode: int | None, file: str) -> list[tuple[int, str | None, int, str]]:
    """(column index, daerah or None, year, period) for every value column of the header."""
    lebar = len(rows[0])
    tahun_sel = _isi_ke_kanan(rows[baris_tahun][1:])
    daerah_sel = _isi_ke_kanan(rows[baris_daerah][1:]) if baris_daerah is not None else None
    out = []
    for c in range(1, lebar):
        th = tahun(tahun_sel[c - 1], file=file, row=baris_tahun + 1, column=c + 1)
        dh = (daerah(daerah_sel[c - 1], file=file, row=baris_daerah + 1, column=c + 1)
              if daerah_sel is not None else None)
        pr = (periode(rows[baris_periode][c], file=file, row=baris_periode + 1, column=c + 1)
              if baris_periode is not None else kosakata.TAHUNAN)
        out.append((c, dh, th, pr))
    return out


def _nasional(rows: list[list[str]], var, out: Baris, file: str, konvensi: KonvensiAngka) -> None:
    indo = wilayah.menurut_kode(wilayah.KODE_INDONESIA)
    kolom = _kolom_nilai(rows, None, 2, 3, file)
    terlihat: set[str] = set()
    for i in range(4, len(rows)):
        dh = daerah(rows[i][0], file=file, row=i + 1, column=1)
        terlihat.add(dh)
        for c, _, th, pr in kolom:
            out.tambah(var, indo.kode, indo.nama, dh, th, pr,
                       konvensi.angka(rows[i][c], file=file, row=i + 1, column=c + 1), i + 1, c + 1)
    kurang = {kosakata.PERKOTAAN, kosakata.PERDESAAN, kosakata.TOTAL} - terlihat
    if kurang:
        raise BpsFormatError(file, "baris Kota, Desa dan Kota+Desa (berkas terpotong?)",
                             row=len(rows), found=f"tidak ada {', '.join(sorted(kurang))}")


def _provinsi(rows: list[list[str]], var, out: Baris, file: str, konvensi: KonvensiAngka,
              peringatan: list[str]) -> None:
    kolom = _kolom_nilai(rows, 2, 3, 4, file)
    diumumkan = int(rows[0][0].strip().lstrip("\ufeff").split()[0])
    provinsi: set[str] = set()
    nasional = False
    for i in range(5, len(rows)):
        w = wilayah.provinsi(rows[i][0], file=file, row=i + 1, column=1)
        if w.kode == kosakata.KODE_INDONESIA:
            nasional = True
        else:
            provinsi.add(w.kode)
        for c, dh, th, pr in kolom:
            out.tambah(var, w.kode, w.nama, dh or "", th, pr,
                       konvensi.angka(rows[i][c], file=file, row=i + 1, column=c + 1), i + 1, c + 1)
    # The first cell announces the number of province rows: the evidence of completeness, whatever
    # the row order. (Duplicated rows are refused by the tidy validation.)
    if len(provinsi) != diumumkan:
        raise BpsFormatError(file, f"{diumumkan} baris provinsi seperti diumumkan sel pertama "
                             f"'{rows[0][0].strip()}' (berkas terpotong?)", row=len(rows), column=1,
                             found=f"{len(provinsi)} provinsi")
    if not nasional:
        peringatan.append("tidak ada baris INDONESIA (tabel disaring?): dibaca tanpa nilai nasional")


def adalah_provinsi(nama: str) -> bool:
    """BPS writes province rows in UPPER CASE in kabupaten/kota lists."""
    return any(ch.isalpha() for ch in nama) and nama == nama.upper()


def _kabkota(rows: list[list[str]], var, out: Baris, file: str, konvensi: KonvensiAngka) -> None:
    # Each UPPER CASE province row opens the block of its kabupaten/kota; blocks (and rows within a
    # block) may come in any order.
    kolom = _kolom_nilai(rows, None, 2, None, file)
    induk = None
    for i in range(3, len(rows)):
        nama = rows[i][0]
        if adalah_provinsi(nama):
            w = induk = wilayah.provinsi(nama, file=file, row=i + 1, column=1)
        elif induk is None:
            raise BpsFormatError(file, "baris provinsi (HURUF BESAR) sebelum kabupaten/kota",
                                 row=i + 1, column=1, found=nama)
        else:
            w = wilayah.kabkota(nama, induk, file=file, row=i + 1, column=1)
        for c, _, th, pr in kolom:
            out.tambah(var, w.kode, w.nama, "", th, pr,
                       konvensi.angka(rows[i][c], file=file, row=i + 1, column=c + 1), i + 1, c + 1)
