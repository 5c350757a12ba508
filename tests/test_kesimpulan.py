"""The conclusions' computations and verdicts, on small hand-made tables."""

from __future__ import annotations

import pytest
from test_klaim import Rekam, hampir_miskin, p0_daerah, proyeksi, tidy

from kompendium import kesimpulan
from kompendium.klaim import registry


def jumlah(kota_akhir=11.18, total_akhir=23.36):
    rows = []
    for t, p, kota, total in [(2011, "Maret", 11.05, 30.02), (2025, "September", kota_akhir, total_akhir)]:
        rows += [("00", "Indonesia", "Perkotaan", t, p, kota), ("00", "Indonesia", "Perdesaan", t, p, total - kota),
                 ("00", "Indonesia", "Perkotaan+Perdesaan", t, p, total)]
    return tidy("jumlah_penduduk_miskin", rows, "juta jiwa")


def test_rising_projection_supports_and_falling_contradicts():
    naik = kesimpulan.tren_urbanisasi(proyeksi(), 2024)
    assert naik.putusan == kesimpulan.MENDUKUNG
    assert naik.angka["pangsa_tahun_artikel"] == pytest.approx(59.34)
    turun = kesimpulan.tren_urbanisasi(proyeksi((60, 58, 56, 54, 52, 50)), 2024)
    assert turun.putusan == kesimpulan.BERTENTANGAN
    datar = kesimpulan.tren_urbanisasi(proyeksi((50, 52, 51, 53, 54, 55)), 2024)
    assert datar.putusan == kesimpulan.MEMPERHALUS


def test_share_of_poor_in_cities_and_its_verdict():
    seri = kesimpulan.pangsa_miskin_kota(jumlah())
    assert seri["pangsa_kota"].iloc[0] == pytest.approx(100 * 11.05 / 30.02)
    naik = kesimpulan.pergeseran_miskin_ke_kota(jumlah(), proyeksi())
    assert naik.putusan == kesimpulan.MENDUKUNG
    # The yardstick: everyone's urban share in the latest year, 2025, from the projection.
    assert naik.angka["tahun_akhir"] == 2025 and naik.angka["pangsa_penduduk"] == pytest.approx(60.0)
    assert kesimpulan.pergeseran_miskin_ke_kota(jumlah(5.0, 23.36), proyeksi()).putusan == kesimpulan.BERTENTANGAN
    assert kesimpulan.pergeseran_miskin_ke_kota(jumlah(11.2, 30.02), proyeksi()).putusan == kesimpulan.MEMPERHALUS


def test_urban_poverty_verdict_follows_both_parts():
    p0 = p0_daerah()
    semua = kesimpulan.kemiskinan_kota(p0, hampir_miskin(6.9), 7)
    assert semua.putusan == kesimpulan.MENDUKUNG
    assert semua.angka["semester_akhir"] == "September 2024"
    assert semua.angka["rentan_miskin_kota"] == pytest.approx(13.8)
    # The band is the spread of the model families: the chosen one (6,9) and the other (9,9).
    assert (semua.angka["hampir_miskin_kota_bawah"], semua.angka["hampir_miskin_kota_atas"]) == (6.9, 9.9)
    assert semua.angka["rentan_miskin_kota_bawah"] <= 13.8 <= semua.angka["rentan_miskin_kota_atas"]
    assert kesimpulan.kemiskinan_kota(p0, hampir_miskin(2.0), 7).putusan == kesimpulan.MEMPERHALUS
    assert kesimpulan.kemiskinan_kota(p0, hampir_miskin(2.0), 12).putusan == kesimpulan.BERTENTANGAN


def test_chart_draws_both_series():
    fig = kesimpulan.grafik_pangsa_kota(jumlah(), proyeksi())
    assert len(fig.axes[0].lines) == 2
    assert isinstance(fig.axes[0].get_ylabel(), str)


def test_latest_semester_is_the_one_with_a_near_poor_estimate():
    hm = hampir_miskin(6.9)
    hasil = kesimpulan.kemiskinan_kota(p0_daerah(), hm[hm["periode"] == "Maret"], 7)
    assert hasil.angka["semester_akhir"] == "Maret 2024"
    assert hasil.angka["hampir_miskin_kota"] == pytest.approx(6.9)


def test_the_article_parameters_come_from_the_claims_registry():
    par = kesimpulan.parameter_artikel(registry.read_registry())
    assert par == {"tahun_artikel": 2024, "klaim_p0": 7, "batas": 1.2, "toleransi_poin": 1.0}


def test_glued_numbers_carry_the_decimals_the_prose_prints():
    hasil = {"urb": kesimpulan.tren_urbanisasi(proyeksi(), 2024),
             "kota": kesimpulan.kemiskinan_kota(p0_daerah(), hampir_miskin(6.9), 7),
             "geser": kesimpulan.pergeseran_miskin_ke_kota(jumlah(), proyeksi())}
    angka = Rekam()
    kesimpulan.tempel_angka(angka, hasil)
    n = angka.nilai
    assert n["urb_putusan"] == ("mendukung", "teks") and n["urb_tahun_awal"] == (2010, "tahun")
    assert n["urb_pangsa_awal"] == (49.8, 1)
    assert n["kota_p0_kota_akhir"] == (6.66, 1) and n["kota_p0_kota_akhir_2"] == (6.66, 2)
    assert n["kota_p0_kota_turun"] == (pytest.approx(9.23 - 6.66), 2)
    assert n["kota_p0_desa_turun"] == (pytest.approx(15.72 - 11.34), 2)
    assert n["kota_banding"] == ("lebih sedikit daripada", "teks")
    assert n["kota_semester_akhir"] == ("September 2024", "teks") and n["kota_batas_lebar"] == (1.5, 1)
    assert n["geser_miskin_kota_awal"] == (11.05, 2) and n["geser_pangsa_awal"][1] == 1
    assert n["geser_tahun_akhir"] == (2025, "tahun") and n["geser_pangsa_penduduk"] == (pytest.approx(60.0), 1)


def test_summary_table_states_each_premise_with_its_verdict():
    urb = kesimpulan.tren_urbanisasi(proyeksi(), 2024)
    kota = kesimpulan.kemiskinan_kota(p0_daerah(), hampir_miskin(6.9), 7)
    geser = kesimpulan.pergeseran_miskin_ke_kota(jumlah(), proyeksi())
    t = kesimpulan.tabel_ringkas(urb, kota, geser, 7)
    assert list(t["Putusan"]) == [urb.putusan, kota.putusan, geser.putusan]
    assert t.iloc[0]["Yang ditunjukkan data"] == "49,8 % (2010) → 66,6 % (2035), proyeksi"
    assert t.iloc[1]["Premis artikel"].startswith("Sekitar 7 % penduduk perkotaan miskin")
    assert t.iloc[1]["Yang ditunjukkan data"] == "P0 perkotaan 6,66 %, hampir miskin 6,90 % (September 2024)"
