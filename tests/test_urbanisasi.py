"""The urbanisation chapter's table logic, on a small hand-made table."""

import pandas as pd
import pytest

from kompendium import urbanisasi


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
