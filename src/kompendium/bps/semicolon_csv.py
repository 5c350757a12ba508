"""Reader for the BPS dynamic-table long CSV separated by semicolons.

Columns ``nama_variabel;nama_variabel_turunan;nama_tahun;nama_turunan_tahun;data_content;
nama_item_vertical_variabel``; one value per row; leading blanks and a BOM before the header.
In kabupaten/kota tables the UPPER CASE rows are provinces and the following title-case rows
their kabupaten/kota, as in the website CSV.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from kompendium import wilayah
from kompendium.bps._common import (
    Baris,
    KonvensiAngka,
    Variabel,
    baca_teks,
    buang_kosong,
    daerah,
    periode,
    tahun,
    variabel_dari_judul,
)
from kompendium.bps.website_csv import adalah_provinsi
from kompendium.errors import BpsFormatError

KOLOM = ["nama_variabel", "nama_variabel_turunan", "nama_tahun", "nama_turunan_tahun",
         "data_content", "nama_item_vertical_variabel"]


def cocok(baris_pertama: str) -> bool:
    """True when a header line is this layout's."""
    return baris_pertama.strip().startswith("nama_variabel;")


def read(path: Path) -> pd.DataFrame:
    """Read a semicolon long CSV into the tidy table (keeps ``_baris``)."""
    file = path.name
    lines = baca_teks(path).replace("\r\n", "\n").split("\n")
    header = [h.strip() for h in next(csv.reader([lines[0]], delimiter=";"))]
    if header != KOLOM:
        raise BpsFormatError(file, f"kolom {';'.join(KOLOM)}", row=1, found=";".join(header))
    # ';' separates the cells, so a decimal comma is possible here; the file's cells decide.
    konvensi = KonvensiAngka.dari(
        sel[4] for sel in csv.reader(lines[1:], delimiter=";") if len(sel) == len(KOLOM))
    out = Baris(file)
    judul: dict[str, Variabel] = {}
    induk = None
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            if any(x.strip() for x in lines[i:]):
                raise BpsFormatError(file, "baris data (tanpa baris kosong di tengah)", row=i,
                                     found="baris kosong")
            continue
        sel = next(csv.reader([line], delimiter=";"))
        if len(sel) != len(KOLOM):
            raise BpsFormatError(file, f"{len(KOLOM)} kolom dipisah ';'", row=i,
                                 found=f"{len(sel)} kolom (kolom bergeser atau berkas terpotong?)")
        nv, turunan, th, turtahun, nilai, nama = sel
        if nv not in judul:
            judul[nv] = variabel_dari_judul(nv, file=file, row=i, column=KOLOM[0])
        var = judul[nv]
        kabkota_mode = "kabupaten/kota" in nv.casefold()
        if not kabkota_mode or adalah_provinsi(nama):
            w = wilayah.provinsi(nama, file=file, row=i, column=KOLOM[5])
            induk = w
        elif induk is None:
            raise BpsFormatError(file, "baris provinsi (HURUF BESAR) sebelum kabupaten/kota",
                                 row=i, column=KOLOM[5], found=nama)
        else:
            w = wilayah.kabkota(nama, induk, file=file, row=i, column=KOLOM[5])
        out.tambah(var, w.kode, w.nama,
                   daerah(turunan, file=file, row=i, column=KOLOM[1]),
                   tahun(th, file=file, row=i, column=KOLOM[2]),
                   periode(turtahun, file=file, row=i, column=KOLOM[3]),
                   konvensi.angka(nilai, file=file, row=i, column=KOLOM[4]),
                   i, KOLOM[4])
    df = buang_kosong(out.frame())
    df.attrs["konvensi_angka"] = konvensi
    df.attrs["dimensi"] = {"indikator": KOLOM[0], "daerah": KOLOM[1], "tahun": KOLOM[2],
                           "periode": KOLOM[3], "wilayah": KOLOM[5]}
    return df
