"""Provenance boxes name the raw files behind a table, with the sha256 recorded for each."""

from pathlib import Path

import pytest

from kompendium.errors import KompendiumError
from kompendium.provenance import sha256_of
from kompendium.provenance_box import AsalUsul

ROOT = Path(__file__).resolve().parents[1]


def test_box_lists_every_raw_file_with_its_real_sha256():
    asal = AsalUsul("urbanisasi", ROOT / "data" / "processed")
    box = asal.kotak(["bps_1276_penduduk_perkotaan", "p0_daerah"])
    html = box._repr_html_()
    for path in sorted((ROOT / "data/raw/p0_daerah").iterdir()) + sorted(
        (ROOT / "data/raw/bps_1276_penduduk_perkotaan").iterdir()
    ):
        assert f"data/raw/{path.parent.name}/{path.name}" in html
        assert sha256_of(path) in html
    assert "notebooks/urbanisasi.ipynb" in html
    assert "snakemake --cores 2 --forcerun run_notebook book/_generated/urbanisasi.ipynb" in html
    assert repr(box).startswith("Asal-usul: notebooks/urbanisasi.ipynb;")


def test_transcriptions_are_found_by_name():
    asal = AsalUsul("kemiskinan", ROOT / "data" / "processed")
    [resource] = asal.berkas("rentan_miskin_terbitan")
    assert resource["path"] == "transkripsi/rentan_miskin_terbitan.csv"


def test_unknown_table_is_an_error():
    asal = AsalUsul("x", ROOT / "data" / "processed")
    with pytest.raises(KompendiumError, match=r"datapackage.json: tabel 'tidak_ada'.*transkripsi/tidak_ada.csv"):
        asal.kotak(["tidak_ada"])


def test_box_states_each_files_tier_and_marks_indirect_sources():
    asal = AsalUsul("audit", ROOT / "data" / "processed")
    html = asal.kotak(["p1_daerah", "gini_daerah", "dki_jakarta_penduduk_kepadatan"])._repr_html_()
    assert "dari BPS:" not in html and "berkas mentah BPS" not in html
    assert html.count("(berkas unduhan BPS)") == len(asal.berkas("p1_daerah"))
    gini = len(asal.berkas("gini_daerah"))
    assert html.count("(angka BPS dari laporan sekunder)") == gini + 1
    assert html.count("Bukan dari BPS langsung") == gini + 1
    # A transcription is named as the raw file it is, never as a processed file that does not exist.
    assert "data/raw/transkripsi/dki_jakarta_penduduk_kepadatan.csv" in html
    assert "data/processed/dki_jakarta_penduduk_kepadatan.csv" not in html
    assert "thesis citing Jakarta Dalam Angka 2011" in html


def test_box_links_the_executed_notebook_and_names_the_rebuild_command_once():
    """Reader pages show no code: the box is where the code is, one click away."""
    html = AsalUsul("urbanisasi", ROOT / "data" / "processed").kotak(["p0_daerah"])._repr_html_()
    assert 'href="../_sources/_generated/urbanisasi.ipynb"' in html
    assert html.count("snakemake --cores 2") == 1
    asal = AsalUsul("provinsi", ROOT / "data" / "processed", perintah="snakemake x", halaman="provinsi/lampung")
    assert 'href="../../_sources/_generated/provinsi/lampung.ipynb"' in asal.kotak(["p0_daerah"])._repr_html_()
