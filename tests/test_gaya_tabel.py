"""Book tables (`gaya.tabel`): the index's name sits in the header row, never in a row of its own."""

import pandas as pd

from kompendium import gaya


def _df(index_name="Ukuran"):
    return pd.DataFrame({"Lampung": [9.66, 7.49], "Indonesia": [8.25, 6.73]},
                        index=pd.Index(["P0 total", "P0 kota"], name=index_name))


def test_index_name_is_in_the_header_corner_not_an_empty_row():
    t = gaya.tabel(_df(), "Judul", 2, kunci="uji")
    thead = t.html.split("<thead>")[1].split("</thead>")[0]
    assert thead.count("<tr>") == 1, thead
    assert "Ukuran" in thead and "&nbsp;" not in thead
    assert "9,66" in t.html and "P0 kota" in t.html  # row labels stay row headers
    assert t.teks.splitlines()[1] == "Ukuran | Lampung | Indonesia"


def test_unnamed_and_hidden_indexes_are_unchanged():
    for t in (gaya.tabel(_df(None), "Judul", 2, kunci="a"),
              gaya.tabel(_df(), "Judul", 2, tanpa_indeks=True, kunci="b")):
        thead = t.html.split("<thead>")[1].split("</thead>")[0]
        assert thead.count("<tr>") == 1 and "Ukuran" not in thead


def test_highlighted_rows_still_found_by_their_label():
    t = gaya.tabel(_df(), "Judul", 2, sorot={"P0 kota"}, kunci="c")
    assert t.html.count("font-weight: bold") >= 1
