"""Bad inputs: each raises one BpsFormatError naming file, row, column and what was expected."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_bps_readers import (
    KABKOTA,
    NASIONAL,
    PROVINSI,
    SEMICOLON,
    STATIS,
    tulis,
    webapi,
)

from kompendium.bps import read_bps_file
from kompendium.errors import BpsFormatError

BOM = "\ufeff"


def gagal(tmp_path: Path, nama: str, isi: str | bytes) -> BpsFormatError:
    with pytest.raises(BpsFormatError) as e:
        read_bps_file(tulis(tmp_path, nama, isi))
    msg = str(e.value)
    assert msg.startswith(nama) and "\n" not in msg
    return e.value


def test_empty_file(tmp_path: Path) -> None:
    e = gagal(tmp_path, "kosong.csv", "")
    assert "berkas kosong" in str(e)


def test_html_error_page_saved_as_csv(tmp_path: Path) -> None:
    e = gagal(tmp_path, "P0, 2024.csv",
              "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>")
    assert e.row == 1 and "halaman HTML" in str(e)


def test_decimal_comma(tmp_path: Path) -> None:
    e = gagal(tmp_path, "koma.csv", NASIONAL.replace("Kota,7.29,", 'Kota,"7,29",'))
    assert (e.row, e.column) == (5, 2)
    assert "titik desimal" in e.expected and "desimal koma" in str(e)


def test_decimal_comma_unquoted(tmp_path: Path) -> None:
    e = gagal(tmp_path, "koma2.csv", NASIONAL.replace("Desa,12.22,", "Desa,12,22,"))
    assert e.row == 6 and "4 kolom" in e.expected and "desimal koma" in str(e)


def test_shifted_columns(tmp_path: Path) -> None:
    e = gagal(tmp_path, "geser.csv", PROVINSI.replace("KEP. RIAU,4.93,", "KEP. RIAU,,4.93,"))
    assert e.row == 7 and "10 kolom" in e.expected and "kolom bergeser" in str(e)


def test_unknown_province(tmp_path: Path) -> None:
    e = gagal(tmp_path, "prov.csv", PROVINSI.replace("KEP. RIAU", "KEP. RIAU RAYA"))
    assert (e.row, e.column, e.found) == (7, 1, "KEP. RIAU RAYA")
    assert "nama provinsi yang dikenal" in e.expected


def test_unknown_kabkota_in_lampung(tmp_path: Path) -> None:
    e = gagal(tmp_path, "kab.csv", KABKOTA.replace("Pringsewu", "Pringsewu Raya"))
    assert (e.row, e.column, e.found) == (8, 1, "Pringsewu Raya")


def test_duplicate_rows(tmp_path: Path) -> None:
    isi = PROVINSI.replace("INDONESIA,", "LAMPUNG,10.69,10.45,-,18.06,17.95,-,16.18,15.65,-\nINDONESIA,")
    e = gagal(tmp_path, "ganda.csv", isi)
    assert e.row == 10 and "baris ganda" in e.expected and "sama dengan baris 6" in e.expected


def test_value_out_of_range(tmp_path: Path) -> None:
    e = gagal(tmp_path, "rentang.csv", PROVINSI.replace("LAMPUNG,10.69,", "LAMPUNG,106.9,"))
    assert e.row == 6 and e.column == "2 (nilai)" and "0 <= nilai <= 100" in e.expected
    assert e.found == "106.9"


def test_p1_above_p0_in_same_file(tmp_path: Path) -> None:
    isi = SEMICOLON + ('"Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota";"Tidak Ada";2023;'
                       "Tahun;0.5;LAMPUNG\n")
    e = gagal(tmp_path, "p1p0.csv", isi)
    assert e.row == 2 and "p1 <= p0" in e.expected


def test_truncated_file(tmp_path: Path) -> None:
    e = gagal(tmp_path, "potong.csv", PROVINSI[: PROVINSI.index("INDONESIA") + 15])
    assert e.row == 10 and "terpotong" in e.expected


def test_truncated_at_a_line_boundary(tmp_path: Path) -> None:
    # Cut after a complete line: the count announced in the first cell ("4 Provinsi") shows it,
    # wherever the missing row would have been.
    e = gagal(tmp_path, "potong2.csv", PROVINSI[: PROVINSI.index("KALIMANTAN UTARA")])
    assert e.row == 8 and "4 baris provinsi" in e.expected and "terpotong" in e.expected
    assert e.found == "3 provinsi"


def test_truncated_after_reordering(tmp_path: Path) -> None:
    baris = PROVINSI.split("\n")
    urut = "\n".join(baris[:5] + [baris[-1]] + baris[5:-1])  # INDONESIA first, as a user sorted it
    e = gagal(tmp_path, "potong3.csv", urut[: urut.index("KALIMANTAN UTARA")])
    assert "4 baris provinsi" in e.expected and e.found == "3 provinsi"


def test_non_utf8(tmp_path: Path) -> None:
    isi = STATIS.replace(BOM, "").replace("Lampung", "Lampung\u00e9").encode("cp1252")
    e = gagal(tmp_path, "latin.csv", isi)
    assert e.row == 3 and "UTF-8" in e.expected


def test_unknown_title(tmp_path: Path) -> None:
    e = gagal(tmp_path, "judul.csv", NASIONAL.replace("Persentase Penduduk Miskin (P0)",
                                                     "Indeks Pembangunan Manusia"))
    assert (e.row, e.column) == (2, 2) and "Indeks Pembangunan Manusia" in str(e)


def test_value_for_region_before_it_existed(tmp_path: Path) -> None:
    isi = PROVINSI.replace("KALIMANTAN UTARA,-,", "KALIMANTAN UTARA,5.1,").replace("2012", "2011")
    e = gagal(tmp_path, "kaltara.csv", isi)
    assert e.row == 9 and "sebelum tahun dibentuk" in e.expected


def test_unknown_format(tmp_path: Path) -> None:
    e = gagal(tmp_path, "lain.csv", "a,b,c\n1,2,3\n")
    assert e.row == 1 and "format BPS" in e.expected


def test_semicolon_truncated(tmp_path: Path) -> None:
    e = gagal(tmp_path, "tk.csv", SEMICOLON.rstrip("\n")[:-30])
    assert e.row == 4 and "6 kolom" in e.expected


def test_webapi_unknown_variable(tmp_path: Path) -> None:
    e = gagal(tmp_path, "api.json", webapi(var=999))
    assert e.column == "var" and "999" in str(e)


def test_webapi_key_not_from_metadata(tmp_path: Path) -> None:
    doc = json.loads(webapi())
    doc["datacontent"]["123456"] = 1.0
    e = gagal(tmp_path, "api2.json", json.dumps(doc, indent=1))
    assert e.column == "datacontent" and e.found == "123456" and e.row is not None


def test_cli_error_is_one_line_exit_2(tmp_path: Path) -> None:
    p = tulis(tmp_path, "prov.csv", PROVINSI.replace("KEP. RIAU", "KEP. RIAU RAYA"))
    r = subprocess.run([sys.executable, "-m", "kompendium.cli", "bps", "read", str(p)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "prov.csv (baris 7, kolom 1)" in r.stderr


# ----------------------------------------------------------------------------- new formats
def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for nama, rows in sheets.items():
        ws = wb.create_sheet(nama)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _grid(teks: str) -> list[list[object]]:
    import csv

    return [next(csv.reader([baris])) for baris in teks.lstrip(BOM).split("\n") if baris]


def test_corrupt_workbook(tmp_path: Path) -> None:
    p = _workbook(tmp_path / "tabel.xlsx", {"Sheet1": _grid(NASIONAL)})
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])  # an interrupted download
    e = gagal(tmp_path, "tabel.xlsx", p.read_bytes())
    assert "buku kerja .xlsx yang utuh" in e.expected and "rusak" in str(e)


def test_workbook_named_xlsx_but_not_a_zip(tmp_path: Path) -> None:
    e = gagal(tmp_path, "tabel2.xlsx", NASIONAL)
    assert e.row == 1 and "bukan arsip zip" in str(e)


def test_workbook_with_a_second_sheet_of_notes(tmp_path: Path) -> None:
    p = _workbook(tmp_path / "catatan.xlsx", {"Sheet1": _grid(NASIONAL),
                                              "Catatan": [["Sumber: BPS, Susenas Maret 2023"]]})
    e = gagal(tmp_path, "catatan.xlsx", p.read_bytes())
    assert e.column == "lembar 'Catatan'" and "satu lembar kerja" in e.expected
    assert "'Sheet1'" in str(e)


def test_webapi_error_answer(tmp_path: Path) -> None:
    isi = json.dumps({"status": "Error", "message": "Invalid API key"}, indent=1)
    e = gagal(tmp_path, "galat.json", isi)
    assert (e.row, e.column) == (2, "status") and "Invalid API key" in str(e)


def test_webapi_list_not_available(tmp_path: Path) -> None:
    isi = json.dumps({"status": "OK", "data-availability": "list-not-available"}, indent=1)
    e = gagal(tmp_path, "kosong.json", isi)
    assert e.column == "data-availability" and e.found == "list-not-available" and e.row == 3


def test_all_values_missing(tmp_path: Path) -> None:
    isi = re.sub(r"(?m)^(Kota|Desa|Kota\+Desa),.*$", lambda m: f"{m.group(1)},-,\u2026,NA", NASIONAL)
    e = gagal(tmp_path, "kosong.csv", isi)
    assert (e.row, e.column) == (5, "2") and "setidaknya satu nilai" in e.expected
    assert "semua 9 sel nilai kosong" in str(e)


def test_ambiguous_thousands_separator(tmp_path: Path) -> None:
    isi = NASIONAL.replace("Kota,7.29,", 'Kota,"1,234",').replace("12.22", "12").replace("9.36", "9")
    e = gagal(tmp_path, "ribuan.csv", isi)
    assert (e.row, e.column) == (5, 2) and "ambigu" in str(e)


def test_binary_xls(tmp_path: Path) -> None:
    e = gagal(tmp_path, "lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "Excel 97-2003" in str(e)


def test_webapi_region_label_disagrees_with_code(tmp_path: Path) -> None:
    e = gagal(tmp_path, "kode.json", webapi().replace('"LAMPUNG"', '"ACEH"'))
    assert e.column == "vervar" and e.found == "ACEH"


def test_nothing_left_behind(tmp_path: Path) -> None:
    """A refused file leaves no temporary files beside it."""
    for nama, isi in [("a.json", json.dumps({"status": "Error"})), ("b.csv", "")]:
        with pytest.raises(BpsFormatError):
            read_bps_file(tulis(tmp_path, nama, isi))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.csv"]
