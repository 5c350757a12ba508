"""The conclusions' computations and verdicts, on small hand-made tables."""

from __future__ import annotations

import pytest

from kompendium import kesimpulan
from test_klaim import hampir_miskin, p0_daerah, proyeksi, tidy


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
    assert kesimpulan.pergeseran_miskin_ke_kota(jumlah()).putusan == kesimpulan.MENDUKUNG
    assert kesimpulan.pergeseran_miskin_ke_kota(jumlah(5.0, 23.36)).putusan == kesimpulan.BERTENTANGAN
    assert kesimpulan.pergeseran_miskin_ke_kota(jumlah(11.2, 30.02)).putusan == kesimpulan.MEMPERHALUS


def test_urban_poverty_verdict_follows_both_parts():
    p0 = p0_daerah()
    semua = kesimpulan.kemiskinan_kota(p0, hampir_miskin(6.9), 7)
    assert semua.putusan == kesimpulan.MENDUKUNG
    assert semua.angka["semester_akhir"] == "September 2024"
    assert semua.angka["rentan_miskin_kota"] == pytest.approx(13.8)
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
