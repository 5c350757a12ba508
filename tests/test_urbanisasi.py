"""The urbanisation chapter's table logic, on a small hand-made table."""

import pandas as pd
import pytest

from kompendium import tidy, urbanisasi
from kompendium.tempel import Bilangan, Tahun


def proyeksi(rows):
    return pd.DataFrame(
        [
            {"indikator": "persen_penduduk_perkotaan", "kode_wilayah": k, "wilayah": w, "daerah": "",
             "tahun": t, "periode": "Tahunan", "nilai": v, "satuan": "persen", "sumber": "t.csv"}
            for k, w, t, v in rows
        ]
    )


DATA = proyeksi([
    ("00", "Indonesia", 2010, 49.8), ("00", "Indonesia", 2015, 53.3),
    ("31", "DKI Jakarta", 2010, 100.0), ("31", "DKI Jakarta", 2015, 100.0),
    ("18", "Lampung", 2010, 25.7), ("18", "Lampung", 2015, 28.3),
])


def test_wide_table_keeps_bps_order_with_indonesia_last():
    wide = urbanisasi.tabel_lebar(DATA)
    assert list(wide.index) == ["Lampung", "DKI Jakarta", "Indonesia"]
    assert list(wide.columns) == [2010, 2015]


def test_article_row_follows_the_requested_column_order():
    row = urbanisasi.baris_artikel(DATA, [2015, 2010])
    assert list(row.columns) == [2015, 2010]
    assert row.loc["Indonesia"].tolist() == [53.3, 49.8]


def test_article_row_names_missing_years():
    with pytest.raises(ValueError, match="2035"):
        urbanisasi.baris_artikel(DATA, [2035, 2010])


def test_chart_refuses_an_unknown_highlighted_province():
    with pytest.raises(ValueError, match="Atlantis"):
        urbanisasi.grafik_tren(DATA, ["Atlantis"])


def test_national_summary_for_the_prose():
    lebar = urbanisasi.tabel_lebar(DATA)
    ringkas = urbanisasi.ringkas_indonesia(lebar)
    assert ringkas["tahun_awal"] == Tahun(2010) and ringkas["tahun_akhir"] == Tahun(2015)
    assert ringkas["idn_naik"].nilai == pytest.approx(3.5)
    # 3.5 points over one five-year step.
    assert ringkas["idn_naik_per_5_tahun"].nilai == pytest.approx(3.5)
    # 49.8 in 2010 is not yet half; 53.3 in 2015 is.
    assert ringkas["tahun_lewat_separuh"] == Tahun(2015)
    assert ringkas["jumlah_provinsi"] == Bilangan(2, 0)


def test_national_summary_says_when_half_is_never_passed():
    lebar = urbanisasi.tabel_lebar(DATA[DATA["tahun"] == 2010])
    with pytest.raises(ValueError, match="50 persen"):
        urbanisasi.ringkas_indonesia(lebar)


def test_province_summary_ranks_and_names_the_highlighted():
    lebar = urbanisasi.tabel_lebar(DATA)
    ringkas = urbanisasi.ringkas_provinsi(lebar, ["Lampung"])
    assert ringkas["tertinggi_nama"] == "DKI Jakarta" and ringkas["terendah_nama"] == "Lampung"
    assert ringkas["naik_tercepat_nama"] == "Lampung" and ringkas["naik_tercepat"].nilai == pytest.approx(2.6)
    assert ringkas["sorot_kalimat"] == "Lampung naik dari 25,7 ke 28,3 persen (peringkat 2 pada 2015)"
    assert ringkas["sorot_nama"] == "Lampung"
    with pytest.raises(ValueError, match="Atlantis"):
        urbanisasi.ringkas_provinsi(lebar, ["Atlantis"])


def test_codes_read_as_text_keep_indonesia_last(tmp_path):
    path = tmp_path / "bps_1276.csv"
    DATA.to_csv(path, index=False)
    lebar = urbanisasi.tabel_lebar(tidy.read_csv(path))
    assert list(lebar.index) == ["Lampung", "DKI Jakarta", "Indonesia"]
