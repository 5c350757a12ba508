"""Province pages: slugs, the province list, summaries, ranks and the prose built from them."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kompendium import provinsi as prov


def tidy(rows: list[tuple], indikator: str = "p0") -> pd.DataFrame:
    """A small tidy table: (kode, wilayah, daerah, tahun, periode, nilai) rows."""
    df = pd.DataFrame(rows, columns=["kode_wilayah", "wilayah", "daerah", "tahun", "periode", "nilai"])
    return prov.semester(df.assign(indikator=indikator))


K, D, T = prov.KOTA, prov.DESA, prov.TOTAL


@pytest.fixture
def tabel() -> dict[str, pd.DataFrame]:
    """Indonesia, Lampung, DKI Jakarta (no rural figures), Papua Tengah (created 2022, late data).

    September 2025 carries province totals only, as in BPS's release.
    """
    p0 = []
    for kode, nama, nilai in (("00", "Indonesia", 9.0), ("18", "Lampung", 11.0), ("31", "DKI Jakarta", 4.0),
                              ("96", "Papua Tengah", 30.0)):
        for tahun, periode, geser in ((2021, "Maret", 1.0), (2025, "Maret", 0.0)):
            ada = kode != "96" or tahun == 2025
            p0 += [(kode, nama, T, tahun, periode, nilai + geser if ada else None),
                   (kode, nama, K, tahun, periode, nilai - 2 + geser if ada else None),
                   (kode, nama, D, tahun, periode, None if kode == "31" or not ada else nilai + 2 + geser)]
        p0 += [(kode, nama, T, 2025, "September", nilai - 0.5), (kode, nama, K, 2025, "September", None),
               (kode, nama, D, 2025, "September", None)]
    p0_tabel = tidy(p0)
    gk = tidy([(k, n, d, 2025, "Maret", v) for k, n, d, v in (
        ("00", "Indonesia", K, 600000.0), ("00", "Indonesia", D, 550000.0),
        ("18", "Lampung", K, 660000.0), ("18", "Lampung", D, 590000.0),
        ("31", "DKI Jakarta", K, 850000.0), ("31", "DKI Jakarta", D, None),
        ("96", "Papua Tengah", K, 1000000.0), ("96", "Papua Tengah", D, 900000.0))], "garis_kemiskinan")
    proyeksi = tidy([(k, n, "", t, "Tahunan", v) for k, n, t, v in (
        ("00", "Indonesia", 2010, 49.8), ("00", "Indonesia", 2035, 66.6),
        ("18", "Lampung", 2010, 25.7), ("18", "Lampung", 2035, 42.4),
        ("31", "DKI Jakarta", 2010, 100.0), ("31", "DKI Jakarta", 2035, 100.0))], "persen_penduduk_perkotaan")
    nasional = p0_tabel[p0_tabel["kode_wilayah"] == "00"]
    return {"p0": p0_tabel, "gk": gk, "proyeksi": proyeksi, "p0_nasional": nasional,
            "gk_nasional": gk[gk["kode_wilayah"] == "00"]}


def test_slug_is_url_safe():
    assert prov.slug("DKI Jakarta") == "dki-jakarta"
    assert prov.slug("Kepulauan Bangka Belitung") == "kepulauan-bangka-belitung"
    assert prov.slug(" Papua  Barat Daya ") == "papua-barat-daya"
    with pytest.raises(ValueError):
        prov.slug("()")


def test_province_list_comes_from_the_region_table():
    daftar = prov.daftar_provinsi()
    assert len(daftar) == 38
    assert daftar["18"] == "lampung" and daftar["96"] == "papua-tengah"
    assert "00" not in daftar
    assert len(set(daftar.values())) == len(daftar)


def test_a_table_with_other_provinces_is_refused(tabel):
    with pytest.raises(ValueError, match=r"p0_provinsi\.csv, kolom kode_wilayah.*tidak ada di data: \['11'"):
        prov.periksa_provinsi(tabel["p0"], "p0_provinsi")


def test_rank_one_is_the_highest_and_ties_share():
    rank = prov.peringkat(pd.Series({"a": 5.0, "b": 9.0, "c": 5.0, "d": 1.0}))
    assert rank.to_dict() == {"a": 2.0, "b": 1.0, "c": 2.0, "d": 4.0}


def test_latest_semester_with_urban_rural_figures_is_used_for_them(tabel):
    r = prov.ringkas("18", tabel)
    a = r["angka"]
    assert r["teks"]["semester_akhir"] == "September 2025"
    assert r["teks"]["semester_daerah"] == "Maret 2025"
    assert a["p0_total"] == [10.5, 2] and a["idn_p0_total"] == [8.5, 2]
    assert a["p0_kota"] == [9.0, 2] and a["p0_desa"] == [13.0, 2] and a["idn_p0_kota"] == [7.0, 2]
    assert a["selisih_desa_kota"][0] == pytest.approx(4.0)
    # Papua Tengah 29.5 > Lampung 10.5 > DKI 3.5
    assert a["peringkat_total"] == [2.0, 0] and a["jumlah_peringkat_total"] == [3.0, 0]
    assert a["p0_awal"] == [12.0, 2] and r["teks"]["semester_awal"] == "Maret 2021"
    assert a["p0_turun"][0] == pytest.approx(1.5)
    assert a["gk_kota"] == [660000.0, 0] and a["gk_kota_persen_idn"][0] == pytest.approx(110.0)
    assert a["kota_awal"] == [25.7, 1] and r["tahun"] == {"proyeksi_awal": 2010, "proyeksi_akhir": 2035}


def test_missing_figures_are_left_out_and_said_so(tabel):
    dki = prov.ringkas("31", tabel)
    assert "p0_desa" not in dki["angka"] and "gk_desa" not in dki["angka"]
    assert "tidak menerbitkan angka perdesaan" in prov.teks_ringkasan(dki)
    papua_tengah = prov.ringkas("96", tabel)
    assert "kota_akhir" not in papua_tengah["angka"]
    assert papua_tengah["tahun"]["dibentuk"] == 2022
    assert papua_tengah["teks"]["semester_awal"] == "Maret 2025"
    assert "tidak ada angka proyeksi" in prov.teks_proyeksi(papua_tengah, "g")


class Rekam:
    """Stands in for kompendium.tempel.Angka: records what would be glued."""

    def __init__(self) -> None:
        self.kunci: dict[str, object] = {}

    def tempel(self, kunci, nilai, desimal=1):
        assert isinstance(nilai, (int, float)) and not isinstance(nilai, bool)
        self.kunci[kunci] = nilai

    def tempel_tahun(self, kunci, tahun):
        self.kunci[kunci] = tahun

    def tempel_teks(self, kunci, teks):
        self.kunci[kunci] = teks


@pytest.mark.parametrize("kode", ["18", "31", "96"])
def test_every_glue_role_in_the_prose_has_a_glued_value(tabel, kode):
    r = prov.ringkas(kode, tabel)
    rekam = Rekam()
    prov.tempel_semua(rekam, r)
    prosa = "\n".join([
        prov.teks_ringkasan(r), prov.teks_tren(r), prov.teks_gk(r), prov.teks_peringkat(r),
        prov.teks_proyeksi(r, "g"), prov.gambar_p0(r, "g"), prov.gambar_gk(r, "g"), prov.gambar_peringkat(r, "g"),
    ])
    dipakai = set(re.findall(r"\{glue:text\}`([^`]+)`", prosa))
    assert dipakai and dipakai <= set(rekam.kunci), dipakai - set(rekam.kunci)
    # Ranks are glued as integers ("2", not "2,0").
    assert isinstance(rekam.kunci["peringkat_total"], int)


def test_figures_have_alt_text_and_unique_names(tabel):
    r = prov.ringkas("18", tabel)
    blok = prov.gambar_p0(r, "../figures/provinsi/lampung")
    assert ":alt: Grafik garis persentase penduduk miskin Lampung" in blok
    assert ":name: fig-lampung-p0" in blok
    assert "../figures/provinsi/lampung/p0.png" in blok


def test_index_page_links_every_province_in_a_sortable_table(tabel):
    ringkasan = [prov.ringkas(k, tabel) for k in ("18", "31", "96")]
    indeks = prov.data_indeks(ringkasan)
    halaman = prov.halaman_indeks(indeks, ringkasan[0]["teks"])
    assert ":class: tabel-urut" in halaman
    assert "| [Lampung](provinsi/lampung.ipynb) | 18 | 10,50 | 9,00 | 13,00 | 2 |" in halaman
    assert "| [DKI Jakarta](provinsi/dki-jakarta.ipynb) | 31 | 3,50 | 2,00 | – |" in halaman
    assert "<script" not in halaman  # Jupyter Book loads book/_static/tabel-urut.js on every page


def test_kabkota_section_ranks_the_highlighted_district():
    kk = pd.DataFrame({
        "kode_wilayah": ["18", "1801", "1810", "1871", "18", "1810"],
        "wilayah": ["Lampung", "Lampung Barat", "Pringsewu", "Kota Bandar Lampung", "Lampung", "Pringsewu"],
        "tahun": [2025, 2025, 2025, 2025, 2024, 2024],
        "nilai": [10.0, 9.9, 7.6, 7.9, 10.6, 8.0],
    })
    hasil = prov.ringkas_kabkota(kk, "18", ["1810"])
    assert hasil["tahun"] == 2025 and hasil["jumlah"] == 3 and hasil["provinsi"] == 10.0
    assert hasil["sorot"] == [{"kode": "1810", "nama": "Pringsewu", "p0": 7.6, "peringkat": 3}]
    assert "Pringsewu" in prov.teks_kabkota(hasil, "f/kabkota.png", "lampung").split(":alt:")[1]
    with pytest.raises(ValueError, match="1899"):
        prov.ringkas_kabkota(kk, "18", ["1899"])


def test_stored_table_shows_its_html_and_text():
    tabel = prov.Tabel({"html": "<table></table>", "teks": "judul\nA | B"})
    assert tabel._repr_html_() == "<table></table>" and repr(tabel) == "judul\nA | B"


def test_page_parameters_give_kabkota_only_where_there_is_data():
    kabkota = {"18": "p0_kabkota_lampung"}
    lampung = prov.parameter_halaman("lampung", "18", kabkota, ["1810", "3171"])
    assert lampung["provinsi"] == "18" and lampung["kabkota_csv"] == "p0_kabkota_lampung.csv"
    assert lampung["kabkota_sorot"] == ["1810"]
    assert lampung["ringkasan_path"].endswith("data/processed/provinsi/lampung.json")
    aceh = prov.parameter_halaman("aceh", "11", kabkota, ["1810"])
    assert aceh["kabkota_csv"] == "" and aceh["kabkota_sorot"] == []
