"""Which BPS format a file is in, from its content (not its name)."""

from __future__ import annotations

from pathlib import Path

from kompendium.bps import (
    oldsite_html,
    semicolon_csv,
    statictable,
    webapi_json,
    website_csv,
    xlsx,
)
from kompendium.bps._common import baca_teks
from kompendium.bps.website_csv import _baris_csv, jenis_tata_letak
from kompendium.errors import BpsFormatError

WEBSITE_CSV = "website-csv"
STATICTABLE = "tabel-statis"
OLDSITE_HTML = "html-situs-lama"
SEMICOLON_CSV = "csv-titik-koma"
WEBAPI_JSON = "webapi-json"
XLSX = "xlsx"

READERS = {
    WEBSITE_CSV: website_csv.read,
    STATICTABLE: statictable.read,
    OLDSITE_HTML: oldsite_html.read,
    SEMICOLON_CSV: semicolon_csv.read,
    WEBAPI_JSON: webapi_json.read,
    XLSX: xlsx.read,
}


def detect_format(path: str | Path) -> str:
    """Name of the format of `path` (one of READERS); unknown content raises BpsFormatError."""
    path = Path(path)
    with open(path, "rb") as fh:
        awal_byte = fh.read(8)
    if xlsx.cocok(awal_byte):
        return XLSX
    if awal_byte.startswith(xlsx.OLE2):
        raise BpsFormatError(path.name, "buku kerja .xlsx atau unduhan BPS lain (CSV, JSON, HTML)",
                             row=1, found="buku kerja Excel 97-2003 biner (.xls); simpan sebagai .xlsx")
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        raise BpsFormatError(path.name, "buku kerja .xlsx yang utuh (arsip Office Open XML)", row=1,
                             found="berkas rusak: bukan arsip zip")
    teks = baca_teks(path)
    awal = teks.lstrip()
    if awal.startswith("<"):
        if oldsite_html.PENANDA in teks:
            return OLDSITE_HTML
        # Typical when a download failed: the server's error page saved under the table's name.
        raise BpsFormatError(path.name, "tabel BPS (CSV, JSON atau HTML tabel_hasil)", row=1,
                             found="halaman HTML tanpa tabel (halaman galat unduhan?)")
    if webapi_json.cocok(teks):
        return WEBAPI_JSON
    baris_pertama = teks.split("\n", 1)[0]
    if semicolon_csv.cocok(baris_pertama):
        return SEMICOLON_CSV
    rows = _baris_csv(teks[:4096])
    if rows and rows[0] and jenis_tata_letak(rows[0][0]):
        return WEBSITE_CSV
    if statictable.cocok(rows):
        return STATICTABLE
    raise BpsFormatError(path.name, "format BPS yang dikenal (CSV situs, tabel statis, CSV titik "
                         "koma, HTML situs lama, JSON WebAPI, .xlsx)", row=1, found=baris_pertama[:80])
