"""Source tiers: every raw file says what it is; the provenance check refuses one that does not."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from kompendium import sumber
from kompendium.provenance import load_datapackage, verify_raw, write_datapackage

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def _script():
    spec = importlib.util.spec_from_file_location("transcribe_facts", ROOT / "tools" / "transcribe_facts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_project_file_has_a_valid_tier():
    package = load_datapackage(RAW)
    sumber.validate_package(package)
    jumlah = sumber.hitung(package["resources"])
    assert list(jumlah) == list(sumber.TINGKAT)
    assert sum(jumlah.values()) == len(package["resources"])
    # Gini comes from reports of BPS releases, the near-poor figures partly from the World Bank.
    assert {r["tingkat_sumber"] for r in sumber.berkas_tabel(package, "gini_daerah")} == {sumber.SEKUNDER}
    [rentan] = sumber.berkas_tabel(package, "rentan_miskin_terbitan")
    assert rentan["tingkat_sumber"] == sumber.LEMBAGA_LAIN and "World Bank" in rentan["penerbit_angka"]


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        (lambda r: r.pop("tingkat_sumber"), "tingkat_sumber None tidak sah"),
        (lambda r: r.update(tingkat_sumber="dari_bps"), "'dari_bps' tidak sah"),
        (lambda r: r.update(asal_angka=[]), "asal_angka harus daftar"),
        (lambda r: r["asal_angka"][0].update(sumber=" "), r"asal_angka\[1\]\.sumber kosong"),
        (lambda r: r.update(tingkat_sumber=sumber.UNDUHAN_BPS), "bagian terjauhnya 'sekunder'"),
        (lambda r: r.update(penerbit_angka=["World Bank"]), "penerbit_angka harus"),
    ],
)
def test_provenance_check_refuses_a_file_without_a_valid_tier(tmp_path, ubah, pesan):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    package = load_datapackage(raw)
    rel = "gini_daerah/Gini Rasio Menurut Daerah, 2024.csv"
    ubah(next(r for r in package["resources"] if r["path"] == rel))
    write_datapackage(raw, package)
    with pytest.raises(sumber.SumberError, match=pesan) as info:
        verify_raw(raw)
    assert rel in str(info.value)


def test_file_tier_is_the_farthest_part_and_publishers_are_listed():
    props = sumber.properti([
        sumber.asal("baris 2", sumber.TRANSKRIPSI_BPS, "BPS", "tabel BPS"),
        sumber.asal("baris 3", sumber.LEMBAGA_LAIN, "World Bank", "World Bank (2012)", "2012"),
        sumber.asal("baris 4", sumber.SEKUNDER, "BPS", "berita", "2024-10-07"),
    ])
    assert props["tingkat_sumber"] == sumber.LEMBAGA_LAIN
    assert props["penerbit_angka"] == ["BPS", "World Bank"]
    sumber.validate_resource({"path": "x.csv", **props})


def test_note_for_the_audit_names_only_indirect_sources():
    package = load_datapackage(RAW)
    langsung = sumber.berkas_tabel(package, "p1_daerah")
    assert sumber.catatan_sumber(langsung) == ""
    gini = sumber.berkas_tabel(package, "gini_daerah")
    catatan = sumber.catatan_sumber(langsung + gini)
    assert catatan.startswith(sumber.LABEL[sumber.SEKUNDER]) and "gini_daerah/" in catatan
    assert "p1_daerah/" not in catatan


def test_data_add_records_a_bps_download():
    props = sumber.unduhan_bps("https://www.bps.go.id/x", "2026-09-20")
    assert props["tingkat_sumber"] == sumber.UNDUHAN_BPS
    assert props["asal_angka"][0]["tanggal"] == "2026-09-20"


@pytest.mark.parametrize(
    "teks, tingkat, penerbit, tanggal",
    [
        ("https://pasardana.id/news/2019/1/16/bps-gini", sumber.SEKUNDER, "BPS", "2019-01-16"),
        ("databoks.katadata.co.id, 2019-12-07", sumber.SEKUNDER, "BPS", "2019-12-07"),
        ("thesis citing Jakarta Dalam Angka 2011", sumber.SEKUNDER, "BPS", None),
        ("BPS release 'Jumlah Penduduk' (22 Jan 2021)", sumber.TRANSKRIPSI_BPS, "BPS", "22 Jan 2021"),
        ("World Bank (2012), same abstract", sumber.LEMBAGA_LAIN, "World Bank", "2012"),
        ("BPS figures as reported by Media Indonesia", sumber.SEKUNDER, "BPS", None),
    ],
)
def test_transcription_rows_are_classified_from_their_source(teks, tingkat, penerbit, tanggal):
    script = _script()
    assert script.tingkat_baris(teks) == (tingkat, penerbit)
    assert script.tanggal_sumber(teks) == tanggal


def test_unknown_source_text_stops_the_transcription():
    script = _script()
    with pytest.raises(SystemExit, match=r"x\.csv baris 3: sumber tidak dikenali"):
        script.asal_per_baris("x.csv", ["BPS, tabel statis 946", "kata orang"])
    bagian = script.asal_per_baris("x.csv", ["BPS tabel", "https://a.id/2020/1/2/x", "same (catatan)"])
    assert [b["bagian"] for b in bagian] == ["baris 2", "baris 3-4"]


def test_datapackage_records_tiers_as_json_lists():
    text = (RAW / "datapackage.json").read_text(encoding="utf-8")
    first = json.loads(text)["resources"][0]
    assert isinstance(first["asal_angka"], list) and isinstance(first["penerbit_angka"], list)


def test_readme_states_the_counts_per_tier_of_the_datapackage():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    resources = load_datapackage(RAW)["resources"]
    assert sumber.render_readme(resources) in readme, "jalankan: kompendium data sources --readme README.md"
    jumlah = sumber.hitung(resources)
    assert f"- {jumlah[sumber.UNDUHAN_BPS]} files: byte-identical" in readme
    with pytest.raises(sumber.KompendiumError, match="penanda"):
        sumber.update_readme("tanpa penanda", resources)
    lama = readme.replace(f"- {jumlah[sumber.SEKUNDER]} files", "- 0 files")
    assert sumber.update_readme(lama, resources) == readme


def test_appendix_rows_name_the_pages_that_use_each_file():
    package = load_datapackage(RAW)
    p1 = sumber.berkas_tabel(package, "p1_daerah")[:2]
    gini = sumber.berkas_tabel(package, "gini_daerah")[:1]
    lainnya = sumber.berkas_tabel(package, "rata2_pengeluaran_per_kapita_titik")
    peta = {
        "kemiskinan": [r["path"] for r in p1 + gini],
        "provinsi/aceh": [p1[0]["path"]],
        "provinsi/bali": [p1[0]["path"], p1[1]["path"]],
    }
    baris = {b["berkas"]: b for b in sumber.baris_lampiran(p1 + gini + lainnya, peta)}
    assert baris[f"data/raw/{p1[0]['path']}"]["dipakai di"] == "kemiskinan, semua 2 halaman provinsi"
    assert baris[f"data/raw/{p1[1]['path']}"]["dipakai di"] == "kemiskinan, provinsi/bali"
    assert baris[f"data/raw/{lainnya[0]['path']}"]["dipakai di"] == "tidak dipakai halaman mana pun"
    assert baris[f"data/raw/{gini[0]['path']}"]["sha256"] == gini[0]["hash"].removeprefix("sha256:")
    tidak_langsung = sumber.baris_tidak_langsung(p1 + gini + lainnya)
    assert {b["berkas"] for b in tidak_langsung} == {f"data/raw/{r['path']}" for r in gini + lainnya}
    ringkas = sumber.ringkasan_tingkat(p1 + gini + lainnya)
    assert [r["berkas"] for r in ringkas] == [2, 0, 2, 0]


def test_note_for_processed_tables_follows_the_workflow_map():
    package = load_datapackage(RAW)
    p1 = [r["path"] for r in sumber.berkas_tabel(package, "p1_daerah")]
    rentan = [r["path"] for r in sumber.berkas_tabel(package, "rentan_miskin_terbitan")]
    peta = {"halaman": {}, "tabel": {"p1_daerah": p1, "hampir_miskin": p1 + rentan}}
    assert sumber.catatan_tabel(package["resources"], peta, ["p1_daerah"]) == ""
    catatan = sumber.catatan_tabel(package["resources"], peta, ["hampir_miskin"])
    assert catatan == f"{sumber.LABEL[sumber.LEMBAGA_LAIN]}: transkripsi/rentan_miskin_terbitan.csv"
    with pytest.raises(sumber.SumberError, match="'tidak_ada'"):
        sumber.catatan_tabel(package["resources"], peta, ["tidak_ada"])
