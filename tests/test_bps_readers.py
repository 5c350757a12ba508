"""One small hand-made fixture per BPS format, read through detect_format/read_bps_file/CLI."""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from kompendium import cli, tidy
from kompendium.bps import detect_format, read_bps_file

BOM = "\ufeff"

NASIONAL = (BOM + "Wilayah,,,\n"
            ",Persentase Penduduk Miskin (P0) Menurut Daerah,,\n"
            ",2023,,\n"
            ",Semester 1 (Maret),Semester 2 (September),Tahunan\n"
            "Kota,7.29,-,-\nDesa,12.22,-,-\nKota+Desa,9.36,-,-")  # no final newline, like BPS
NASIONAL_TAHUNAN = (BOM + "Wilayah,,,\n"
                    ",Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Daerah,,\n"
                    ",2010,,\n"
                    ",Semester 1 (Maret),Semester 2 (September),Tahunan\n"
                    "Kota,-,-,232989\nDesa,-,-,192354\nKota+Desa,-,-,-\n")
PROVINSI = (BOM + "4 Provinsi,,,,,,,,,\n"
            ",Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah (Persen),,,,,,,,\n"
            ",Perkotaan,,,Perdesaan,,,Jumlah,,\n"
            ",2012,,,2012,,,2012,,\n"
            ",Semester 1 (Maret),Semester 2 (September),Tahunan,Semester 1 (Maret),"
            "Semester 2 (September),Tahunan,Semester 1 (Maret),Semester 2 (September),Tahunan\n"
            "LAMPUNG,10.69,10.45,-,18.06,17.95,-,16.18,15.65,-\n"
            "KEP. RIAU,4.93,4.73,-,11.47,10.6,-,5.7,6.83,-\n"
            "DKI JAKARTA,3.69,3.7,-,-,0,-,3.69,3.7,-\n"
            "KALIMANTAN UTARA,-,-,-,-,-,-,-,-,-\n"
            "INDONESIA,8.78,8.6,-,15.12,14.7,-,11.96,11.66,-")
GK_PROVINSI = (BOM + "1 Provinsi,,,,,,\n"
               ",Garis Kemiskinan (Rupiah/Kapita/Bulan) Menurut Provinsi dan Daerah,,,,,\n"
               ",Perkotaan,,,Perdesaan,,\n"
               ",2025,,,2025,,\n"
               ",Semester 1 (Maret),Semester 2 (September),Tahunan,Semester 1 (Maret),"
               "Semester 2 (September),Tahunan\n"
               "LAMPUNG,655420,-,-,589140,-,-\n"
               "INDONESIA,629561,-,-,580349,-,-")
KABKOTA = (BOM + "Nama Wilayah,\n"
           ",Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)\n"
           ",2024\n"
           "ACEH,14.23\nSimeulue,17.69\n"
           "LAMPUNG,10.69\nTulangbawang,7.88\nPringsewu,8.32\nKota Bandar Lampung,7.37\n"
           "Kota Metro,-")
STATIS = (BOM + "Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035,,,,,,\n"
          "Provinsi,2010,2015,2020,2025,2030,2035\n"
          "Lampung,25.7,28.7,31.9,35.1,38.3,41.5\n"
          "N T B,41.7,45.1,48.6,52.1,55.6,59.0\n"
          "DI Yogyakarta,66.4,70.5,74.4,78.0,81.4,84.5\n"
          "INDONESIA,49.8,53.3,56.7,60.0,63.4,66.6\n")
SEMICOLON = ("   " + BOM + "nama_variabel;nama_variabel_turunan;nama_tahun;nama_turunan_tahun;"
             "data_content;nama_item_vertical_variabel\n"
             '"Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota";"Tidak Ada";2023;Tahun;'
             "1.64;LAMPUNG\n"
             '"Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota";"Tidak Ada";2023;Tahun;'
             "0.99;Pringsewu\n"
             '"Indeks Kedalaman Kemiskinan (P1) Menurut Kabupaten/Kota";"Tidak Ada";2023;Tahun;'
             '1.04;"Tulang Bawang Barat"\n')
_TD = '<td class="datas">{}</td>'
HTML = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><table>'
        '<table class="tabel_hasil"><tbody><tr><td><div>\n'
        '<table id="tableLeftUp"><tbody><tr><th rowspan="2">Kab/Kota</th></tr></tbody></table>\n'
        '<table id="tableLeftBottom"><tbody>\n'
        '<tr><td id="th4">Kep Seribu</td></tr>\n<tr><td id="th4">Jakarta Selatan</td></tr>\n'
        '<tr><td id="th4">DKI Jakarta</td></tr></tbody></table></div></td><td><div>\n'
        '<table id="tableRightUp"><tbody><tr><th colspan="2">Indeks Kedalaman Kemiskinan (P1) '
        'Menurut Kabupaten/Kota di DKI Jakarta </th><th colspan="2">Indeks Keparahan Kemiskinan '
        '(P2) Menurut Kabupaten/Kota di Provinsi DKI Jakarta </th></tr>\n'
        '<tr><th>2023</th><th>2022</th><th>2023</th><th>2022</th></tr></tbody></table>\n'
        '<table id="tableRightBottom"><tbody>\n'
        + "".join("<tr>" + "".join(_TD.format(v) for v in vals) + "</tr>\n" for vals in (
            ("1.52", "1.75", "0.33", "0.37"), ("0.37", "0.79", "0.09", "0.26"),
            ("0.70", "0.77", "0.18", "0.19")))
        + "</tbody></table></div></td></tr></tbody></table></table></body></html>")


def webapi(var: int = 192) -> str:
    """A WebAPI response for P0 by province and daerah with two-digit and four-digit parts."""
    doc = {
        "status": "OK", "data-availability": "available",
        "var": [{"val": var, "label": "Persentase Penduduk Miskin", "unit": "Persen",
                 "subj": "Kemiskinan", "def": "", "note": ""}],
        "turvar": [{"val": 432, "label": "Perkotaan"}, {"val": 434, "label": "Perkotaan+Perdesaan"}],
        "labelvervar": "Provinsi",
        "vervar": [{"val": 18, "label": "LAMPUNG"}, {"val": 9999, "label": "INDONESIA"}],
        "tahun": [{"val": 99, "label": "1999"}, {"val": 123, "label": "2023"}],
        "turtahun": [{"val": 61, "label": "Semester 1 (Maret)"},
                     {"val": 62, "label": "Semester 2 (September)"}],
        "datacontent": {},
    }
    # Build the values from parts, never sliced: (vervar, var, turvar, tahun, turtahun).
    doc["datacontent"] = {
        f"18{var}432123{61}": 8.15, f"18{var}434123{61}": 11.11,
        f"18{var}434123{62}": None,
        f"9999{var}432123{61}": 7.29, f"9999{var}434123{61}": 9.36,
    }
    return json.dumps(doc, indent=2)


def tulis(tmp_path: Path, nama: str, isi: str | bytes) -> Path:
    p = tmp_path / nama
    (p.write_bytes if isinstance(isi, bytes) else p.write_text)(isi, **(
        {} if isinstance(isi, bytes) else {"encoding": "utf-8", "newline": ""}))
    return p


def nilai(df: pd.DataFrame, **kw: object) -> float:
    sel = df
    for k, v in kw.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, kw
    return float(sel["nilai"].iloc[0])


def test_contract_columns(tmp_path: Path) -> None:
    df = read_bps_file(tulis(tmp_path, "n.csv", NASIONAL))
    assert list(df.columns) == tidy.COLUMNS
    assert df["tahun"].dtype.kind == "i" and df["nilai"].dtype.kind == "f"


def test_website_national_semesters(tmp_path: Path) -> None:
    p = tulis(tmp_path, "P0 nasional, 2023.csv", NASIONAL)
    assert detect_format(p) == "website-csv"
    df = read_bps_file(p)
    # Semester data exist: Maret and September rows (September NaN), no Tahunan noise.
    assert set(df["periode"]) == {"Maret", "September"} and len(df) == 6
    assert nilai(df, daerah="Perkotaan", periode="Maret") == 7.29
    assert math.isnan(nilai(df, daerah="Perdesaan", periode="September"))
    assert set(df["wilayah"]) == {"Indonesia"} and set(df["kode_wilayah"]) == {"00"}
    assert set(df["sumber"]) == {"P0 nasional, 2023.csv"} and set(df["satuan"]) == {"persen"}


def test_website_national_annual(tmp_path: Path) -> None:
    df = read_bps_file(tulis(tmp_path, "gk2010.csv", NASIONAL_TAHUNAN))
    assert set(df["periode"]) == {"Tahunan"} and len(df) == 2  # Kota+Desa '-' dropped
    assert nilai(df, daerah="Perdesaan") == 192354
    assert set(df["satuan"]) == {"rupiah/kapita/bulan"} and set(df["indikator"]) == {"garis_kemiskinan"}


def test_website_province(tmp_path: Path) -> None:
    df = read_bps_file(tulis(tmp_path, "prov.csv", PROVINSI))
    assert nilai(df, wilayah="Kepulauan Riau", daerah="Perdesaan", periode="September") == 10.6
    assert nilai(df, kode_wilayah="18", daerah="Perkotaan+Perdesaan", periode="Maret") == 16.18
    # DKI Jakarta has no rural area: its Perdesaan "0" is read as missing.
    assert math.isnan(nilai(df, wilayah="DKI Jakarta", daerah="Perdesaan", periode="September"))
    assert df.loc[df["kode_wilayah"] == "65", "nilai"].isna().all()
    assert "Tahunan" not in set(df["periode"])


def test_website_poverty_line_by_province_has_no_total(tmp_path: Path) -> None:
    df = read_bps_file(tulis(tmp_path, "gk.csv", GK_PROVINSI))
    assert set(df["daerah"]) == {"Perkotaan", "Perdesaan"}
    assert nilai(df, wilayah="Lampung", daerah="Perkotaan", periode="Maret") == 655420


def test_website_kabkota(tmp_path: Path) -> None:
    df = read_bps_file(tulis(tmp_path, "kab.csv", KABKOTA))
    assert nilai(df, kode_wilayah="1810") == 8.32
    assert nilai(df, wilayah="Tulang Bawang") == 7.88
    assert nilai(df, wilayah="Simeulue (Aceh)", kode_wilayah="") == 17.69
    assert nilai(df, kode_wilayah="18") == 10.69
    assert "1872" not in set(df["kode_wilayah"])  # '-' in an annual table: no row
    assert set(df["daerah"]) == {""} and set(df["periode"]) == {"Tahunan"}


def test_static_table_1276(tmp_path: Path) -> None:
    p = tulis(tmp_path, "bps1276.csv", STATIS)
    assert detect_format(p) == "tabel-statis"
    df = read_bps_file(p)
    assert set(df["indikator"]) == {"persen_penduduk_perkotaan"}
    assert nilai(df, wilayah="Nusa Tenggara Barat", tahun=2035) == 59.0
    assert nilai(df, kode_wilayah="00", tahun=2010) == 49.8
    assert len(df) == 24 and set(df["daerah"]) == {""}


def test_semicolon(tmp_path: Path) -> None:
    p = tulis(tmp_path, "p1.csv", SEMICOLON)
    assert detect_format(p) == "csv-titik-koma"
    df = read_bps_file(p)
    assert nilai(df, kode_wilayah="1810") == 0.99 and nilai(df, kode_wilayah="1812") == 1.04
    assert set(df["indikator"]) == {"p1"} and set(df["satuan"]) == {"indeks"}


def test_oldsite_html(tmp_path: Path) -> None:
    p = tulis(tmp_path, "p1.xls", HTML)
    assert detect_format(p) == "html-situs-lama"
    df = read_bps_file(p)
    assert len(df) == 12
    assert nilai(df, indikator="p1", kode_wilayah="3101", tahun=2023) == 1.52
    assert nilai(df, indikator="p2", wilayah="Kota Jakarta Selatan", tahun=2022) == 0.26
    assert nilai(df, indikator="p1", kode_wilayah="31", tahun=2022) == 0.77


def test_webapi_json(tmp_path: Path) -> None:
    p = tulis(tmp_path, "api.json", webapi())
    assert detect_format(p) == "webapi-json"
    df = read_bps_file(p)
    assert nilai(df, kode_wilayah="18", daerah="Perkotaan", periode="Maret", tahun=2023) == 8.15
    assert nilai(df, kode_wilayah="00", daerah="Perkotaan+Perdesaan", periode="Maret") == 9.36
    assert math.isnan(nilai(df, kode_wilayah="18", daerah="Perkotaan+Perdesaan",
                            periode="September"))
    assert set(df["tahun"]) == {2023}


def test_webapi_gini_turvar(tmp_path: Path) -> None:
    doc = json.loads(webapi())
    doc["var"] = [{"val": 98, "label": "Gini Rasio", "unit": "", "subj": "", "def": "", "note": ""}]
    doc["turvar"] = [{"val": 189, "label": "Perkotaan"}, {"val": 191, "label": "Total"}]
    doc["datacontent"] = {"189818912361": 0.31, "99999819112361": 0.388}
    df = read_bps_file(tulis(tmp_path, "gini.json", json.dumps(doc)))
    assert nilai(df, kode_wilayah="00", daerah="Perkotaan+Perdesaan") == 0.388
    assert set(df["satuan"]) == {"rasio"}


def test_cli_read_writes_csv(tmp_path: Path) -> None:
    p = tulis(tmp_path, "n.csv", NASIONAL)
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli.main(["bps", "read", str(p)]) == 0
    lines = buf.getvalue().splitlines()
    assert lines[0] == ",".join(tidy.COLUMNS)
    assert "p0,00,Indonesia,Perkotaan,2023,Maret,7.29,persen,n.csv" in lines
    assert "p0,00,Indonesia,Perkotaan,2023,September,,persen,n.csv" in lines


def test_cli_parser_is_extensible() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["bps", "read", "x.csv"])
    assert args.group == "bps" and args.command == "read" and args.file == "x.csv"


# ----------------------------------------------------------------------------- WebAPI structures
def _api(vervar: list[dict], turvar: list[dict], datacontent: dict, *, labelvervar: str = "",
         var: tuple[int, str, str] = (192, "Persentase Penduduk Miskin", "Persen"),
         tahun: tuple[int, ...] = (123,), turtahun: tuple[tuple[int, str], ...] = ((61, "Semester 1 (Maret)"),)) -> str:
    return json.dumps({
        "status": "OK", "data-availability": "available",
        "var": [{"val": var[0], "label": var[1], "unit": var[2], "subj": "", "def": "", "note": ""}],
        "turvar": turvar, "labelvervar": labelvervar, "vervar": vervar,
        "tahun": [{"val": t, "label": str(t + 1900)} for t in tahun],
        "turtahun": [{"val": v, "label": label} for v, label in turtahun], "datacontent": datacontent,
    }, indent=1)


TIDAK_ADA = [{"val": 0, "label": "Tidak Ada"}]


@pytest.mark.parametrize("kode", [18, 1800])
def test_webapi_province_codes_in_either_form(tmp_path: Path, kode: int) -> None:
    isi = _api([{"val": kode, "label": "Lampung"}, {"val": 9999, "label": "Indonesia"}],
               [{"val": 432, "label": "Perkotaan"}],
               {f"{kode}192432123{61}": 8.15, f"9999192432123{61}": 7.29}, labelvervar="Provinsi")
    df = read_bps_file(tulis(tmp_path, f"p{kode}.json", isi))
    assert nilai(df, kode_wilayah="18", daerah="Perkotaan") == 8.15
    assert nilai(df, kode_wilayah="00", wilayah="Indonesia") == 7.29
    assert df.attrs["dimensi"]["wilayah"] == "vervar (Provinsi)"
    assert df.attrs["dimensi"]["daerah"] == "turvar (Daerah)"


def test_webapi_kabkota_codes(tmp_path: Path) -> None:
    isi = _api([{"val": 1871, "label": "Kota Bandar Lampung"}, {"val": 1810, "label": "PRINGSEWU"},
                {"val": 1107, "label": "Aceh Barat"}], TIDAK_ADA,
               {"18711920123" "63": 7.37, "18101920123" "63": 8.32, "11071920123" "63": 17.6},
               labelvervar="Kabupaten/Kota", turtahun=((63, "Tahunan"),))
    df = read_bps_file(tulis(tmp_path, "kab.json", isi))
    assert nilai(df, kode_wilayah="1871") == 7.37 and nilai(df, wilayah="Pringsewu") == 8.32
    assert nilai(df, wilayah="Aceh Barat (Aceh)", kode_wilayah="") == 17.6  # uncoded, as in the CSVs
    assert set(df["daerah"]) == {""} and set(df["periode"]) == {"Tahunan"}


def test_webapi_area_as_vervar_and_several_years(tmp_path: Path) -> None:
    vervar = [{"val": 1, "label": "Perkotaan"}, {"val": 2, "label": "Perdesaan"},
              {"val": 3, "label": "Perkotaan+Perdesaan"}]
    dc = {f"{v}192{0}{t}{p}": x for (v, t, p), x in {
        (1, 123, 61): 7.29, (2, 123, 61): 12.22, (3, 123, 61): 9.36, (3, 123, 62): None,
        (3, 124, 61): 9.03}.items()}
    isi = _api(vervar, TIDAK_ADA, dc, labelvervar="Daerah", tahun=(123, 124),
               turtahun=((61, "Semester 1 (Maret)"), (62, "Semester 2 (September)")))
    df = read_bps_file(tulis(tmp_path, "daerah.json", isi))
    # No region dimension: the region columns stay empty, nothing is assumed.
    assert set(df["wilayah"]) == {""} and set(df["kode_wilayah"]) == {""}
    assert nilai(df, daerah="Perdesaan", tahun=2023, periode="Maret") == 12.22
    assert nilai(df, daerah="Perkotaan+Perdesaan", tahun=2024, periode="Maret") == 9.03
    assert df.attrs["dimensi"]["daerah"] == "vervar (Daerah)"
    assert any("wilayah" in p for p in df.attrs["peringatan"])
    assert list(df.columns) == tidy.COLUMNS


def test_webapi_other_breakdown_is_kept_beside_the_contract(tmp_path: Path) -> None:
    vervar = [{"val": 1, "label": "Laki-laki"}, {"val": 2, "label": "Perempuan"}]
    turvar = [{"val": 432, "label": "Perkotaan"}, {"val": 434, "label": "Perkotaan+Perdesaan"}]
    dc = {"119243212361": 7.0, "219243212361": 7.5, "119243412361": 9.1, "219243412361": 9.6}
    df = read_bps_file(tulis(tmp_path, "jk.json", _api(vervar, turvar, dc, labelvervar="Jenis Kelamin")))
    assert list(df.columns) == [*tidy.COLUMNS, "jenis_rincian", "rincian"]
    assert set(df["jenis_rincian"]) == {"Jenis Kelamin"}
    assert nilai(df, rincian="Perempuan", daerah="Perkotaan") == 7.5
    assert nilai(df, rincian="Laki-laki", daerah="Perkotaan+Perdesaan") == 9.1


def test_webapi_annual_turtahun_and_string_values(tmp_path: Path) -> None:
    isi = _api([{"val": 9999, "label": "INDONESIA"}], [{"val": 191, "label": "Perkotaan+Perdesaan"}],
               {"9999981911150": "0,41", "9999981911160": "0,39"},
               var=(98, "Gini Rasio", ""), tahun=(115, 116), turtahun=((0, "Tahun"),))
    df = read_bps_file(tulis(tmp_path, "gini.json", isi))
    assert nilai(df, tahun=2015) == 0.41 and nilai(df, tahun=2016) == 0.39  # decimal comma, proved
    assert set(df["periode"]) == {"Tahunan"}


# ----------------------------------------------------------------------------- other variants
def test_oldsite_title_with_unit_and_upper_case_names(tmp_path: Path) -> None:
    isi = (HTML.replace("di DKI Jakarta </th>", "di DKI Jakarta (Indeks)</th>")
           .replace(">Jakarta Selatan<", ">JAKARTA SELATAN<").replace(">DKI Jakarta<", ">dki jakarta<"))
    df = read_bps_file(tulis(tmp_path, "p1u.xls", isi))
    sama = read_bps_file(tulis(tmp_path, "p1.xls", HTML))
    pd.testing.assert_frame_equal(df.drop(columns="sumber"), sama.drop(columns="sumber"))


def test_title_unit_must_match_the_indicator(tmp_path: Path) -> None:
    from kompendium.errors import BpsFormatError

    with pytest.raises(BpsFormatError, match="satuan persen untuk p0"):
        read_bps_file(tulis(tmp_path, "u.csv", NASIONAL.replace("Menurut Daerah", "Menurut Daerah (Juta Jiwa)")))


@pytest.mark.parametrize("tanda", ["-", "\u2026", "...", "NA", ""])
def test_missing_markers(tmp_path: Path, tanda: str) -> None:
    df = read_bps_file(tulis(tmp_path, "m.csv", PROVINSI.replace("KEP. RIAU,4.93,", f"KEP. RIAU,{tanda},")))
    assert math.isnan(nilai(df, kode_wilayah="21", daerah="Perkotaan", periode="Maret"))


def test_thousands_separators_where_unambiguous(tmp_path: Path) -> None:
    isi = NASIONAL_TAHUNAN.replace("232989", '"1,232,989"').replace("192354", '"192,354.5"')
    df = read_bps_file(tulis(tmp_path, "gk.csv", isi))
    assert nilai(df, daerah="Perkotaan") == 1232989 and nilai(df, daerah="Perdesaan") == 192354.5


def test_decimal_comma_file(tmp_path: Path) -> None:
    isi = (SEMICOLON.replace(";1.64;", ";1,64;").replace(";0.99;", ";0,99;").replace(";1.04;", ";1,04;"))
    df = read_bps_file(tulis(tmp_path, "koma.csv", isi))
    assert nilai(df, kode_wilayah="1810") == 0.99
    assert df.attrs["konvensi_angka"].desimal == ","


def test_xlsx_with_merged_header(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [r.split(",") for r in PROVINSI.lstrip(BOM).split("\n")]
    for i, r in enumerate(rows):
        ws.append([float(x) if i >= 5 and j > 0 and x not in ("-",) else x for j, x in enumerate(r)])
    for c in (2, 5, 8):  # Perkotaan / Perdesaan / Jumlah and the years over three columns each
        for row in (3, 4):
            ws.merge_cells(start_row=row, start_column=c, end_row=row, end_column=c + 2)
    p = tmp_path / "prov.xlsx"
    wb.save(p)
    assert detect_format(p) == "xlsx"
    df = read_bps_file(p)
    csv_df = read_bps_file(tulis(tmp_path, "prov.csv", PROVINSI))
    pd.testing.assert_frame_equal(df.drop(columns="sumber"), csv_df.drop(columns="sumber"))


def test_province_file_without_national_row_warns(tmp_path: Path) -> None:
    isi = PROVINSI[: PROVINSI.index("INDONESIA")]
    df = read_bps_file(tulis(tmp_path, "tanpa.csv", isi))
    assert "00" not in set(df["kode_wilayah"]) and len(set(df["kode_wilayah"])) == 4
    assert df.attrs["peringatan"] and "INDONESIA" in df.attrs["peringatan"][0]


def test_cli_explain(tmp_path: Path) -> None:
    p = tulis(tmp_path, "prov.csv", PROVINSI[: PROVINSI.index("INDONESIA")])
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli.main(["bps", "read", "--explain", str(p)]) == 0
    teks = buf.getvalue()
    for harap in ("format: website-csv", "indikator: p0 (persen)", "wilayah <- baris (kolom 1)",
                  "wilayah: 4 (4 provinsi/Indonesia)", "daerah: Perkotaan, Perdesaan, Perkotaan+Perdesaan",
                  "tahun: 2012", "periode: Maret, September", "peringatan: tidak ada baris INDONESIA"):
        assert harap in teks, (harap, teks)
    assert "nilai: 16 angka, 8 kosong" in teks, teks
