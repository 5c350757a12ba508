"""Uji ukuran kemiskinan berbobot dari data mikro (kompendium.kemiskinan)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompendium.kemiskinan import TOTAL, bagian_terbawah, fgt, gini, pangsa_antara, ringkas_susenas

# Kasus kecil yang dihitung dengan tangan: 4 orang, garis 100, total bobot 8.
#   y      = 50   80   100  150
#   bobot  =  2    1    1    4
# Miskin (y < 100): 50 dan 80  -> P0 = 3/8 = 37,5 %.
# Kesenjangan 0,5 dan 0,2      -> P1 = (2*0,5 + 1*0,2)/8 = 0,15 -> 15,0 (satuan BPS, x100).
#                                 P2 = (2*0,25 + 1*0,04)/8 = 0,0675 -> 6,75.
# 100 <= y < 120: hanya y=100  -> pangsa 1,2 = 1/8 = 12,5 %; y = 150 tidak < 1,5*100 -> pangsa 1,5 juga 12,5 %.
# Gini (replikasi 50,50,80,100,150x4; mu = 110): sum_ij |yi - yj| = 2920 -> 2920 / (2 * 8^2 * 110) = 0,2073863...
# 40 % terbawah = 3,2 orang: 50 + 50 + 80 + 0,2*100 = 200 dari 880 -> 22,7272... %.
Y = np.array([50.0, 80.0, 100.0, 150.0])
W = np.array([2.0, 1.0, 1.0, 4.0])


def test_fgt_kasus_tangan() -> None:
    """P0, P1, P2 sama dengan hitungan tangan di atas."""
    assert fgt(Y, 100, 0, W) == pytest.approx(37.5, abs=1e-12)
    assert fgt(Y, 100, 1, W) == pytest.approx(15.0, abs=1e-12)
    assert fgt(Y, 100, 2, W) == pytest.approx(6.75, abs=1e-12)


def test_pangsa_antara_kasus_tangan_dan_batas() -> None:
    """y == garis masuk hampir miskin; y == batas*garis tidak."""
    assert pangsa_antara(Y, 100, 1.2, W) == pytest.approx(12.5)
    assert pangsa_antara(Y, 100, 1.5, W) == pytest.approx(12.5)
    assert pangsa_antara(Y, 100, 1.51, W) == pytest.approx(62.5)
    assert pangsa_antara(Y, 100, 1.0, W) == 0.0


def test_gini_dan_bagian_terbawah_kasus_tangan() -> None:
    """Gini 2920/14080 dan bagian 40 % 200/880."""
    assert gini(Y, W) == pytest.approx(2920 / 14080, abs=1e-14)
    assert bagian_terbawah(Y, W, 40) == pytest.approx(100 * 200 / 880, abs=1e-12)
    assert bagian_terbawah(Y, W, 100) == pytest.approx(100.0)
    assert bagian_terbawah(Y, W, 0) == 0.0


def test_batas_garis_tidak_miskin() -> None:
    """Konvensi BPS: miskin bila y < garis, jadi y == garis tidak dihitung (juga untuk alpha = 0)."""
    y = np.array([100.0, 100.0])
    for alpha in (0, 1, 2):
        assert fgt(y, 100, alpha) == 0.0
    assert fgt(np.array([0.0, 0.0]), 100, 0) == 100.0
    assert fgt(np.array([0.0, 0.0]), 100, 1) == 100.0
    assert fgt(np.array([0.0, 200.0]), 100, 2) == 50.0
    assert pangsa_antara(y, 100, 1.2) == 100.0


def test_partisi_p0_plus_pangsa_sama_dengan_di_bawah_batas() -> None:
    """P0 + pangsa(1, b) = persen y < b*garis, tanpa celah di batas mana pun."""
    rng = np.random.default_rng(1)
    y = np.round(rng.lognormal(5, 0.5, 500))  # dibulatkan agar banyak nilai tepat di garis atau batas
    w = rng.uniform(0.5, 3, 500)
    for b in (1.2, 1.5):
        bawah = 100 * w[y < b * 150].sum() / w.sum()
        assert fgt(y, 150, 0, w) + pangsa_antara(y, 150, b, w) == pytest.approx(bawah, abs=1e-10)


def test_garis_per_orang() -> None:
    """Garis berbeda per orang (mis. per provinsi) sama dengan menghitung per kelompok lalu merata-rata berbobot."""
    y = np.array([90.0, 130.0, 110.0, 250.0])
    z = np.array([100.0, 100.0, 200.0, 200.0])
    w = np.array([1.0, 1.0, 3.0, 3.0])
    # Kelompok 1: gap 0,1 (bobot 1); kelompok 2: gap 0,45 (bobot 3) -> P1 = (0,1 + 1,35)/8 = 0,18125.
    assert fgt(y, z, 1, w) == pytest.approx(18.125)
    assert fgt(y, z, 0, w) == pytest.approx(50.0)


def test_bobot_setara_replikasi() -> None:
    """Bobot bulat k sama dengan menyalin baris k kali, untuk semua ukuran."""
    rng = np.random.default_rng(7)
    y = rng.lognormal(6, 0.6, 60)
    w = rng.integers(1, 6, 60).astype(float)
    yr = np.repeat(y, w.astype(int))
    z = float(np.quantile(y, 0.2))
    for alpha in (0, 1, 2, 1.5):
        assert fgt(y, z, alpha, w) == pytest.approx(fgt(yr, z, alpha), rel=1e-12)
    assert pangsa_antara(y, z, 1.2, w) == pytest.approx(pangsa_antara(yr, z, 1.2), rel=1e-12)
    assert gini(y, w) == pytest.approx(gini(yr), rel=1e-12)
    assert bagian_terbawah(y, w) == pytest.approx(bagian_terbawah(yr), rel=1e-12)


def test_bobot_skala_dan_nol() -> None:
    """Mengalikan bobot tidak mengubah apa pun; bobot nol sama dengan membuang baris."""
    rng = np.random.default_rng(3)
    y = rng.lognormal(6, 0.6, 40)
    w = rng.uniform(0.1, 2, 40)
    w0 = w.copy()
    w0[:5] = 0.0
    assert gini(y, 1000 * w) == pytest.approx(gini(y, w), rel=1e-12)
    assert gini(y, w0) == pytest.approx(gini(y[5:], w[5:]), rel=1e-12)
    assert bagian_terbawah(y, w0) == pytest.approx(bagian_terbawah(y[5:], w[5:]), rel=1e-12)
    assert fgt(y, 400, 2, w0) == pytest.approx(fgt(y[5:], 400, 2, w[5:]), rel=1e-12)


def test_gini_rumus_selisih_rata_rata() -> None:
    """Gini trapesium Lorenz = sum |yi - yj| / (2 n^2 mu) untuk data tanpa bobot."""
    y = np.random.default_rng(11).lognormal(0, 0.8, 300)
    mad = np.abs(y[:, None] - y[None, :]).sum()
    assert gini(y) == pytest.approx(mad / (2 * y.size**2 * y.mean()), rel=1e-12)
    assert gini(np.full(10, 5.0)) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    ("argumen", "pesan"),
    [
        ({"pengeluaran": [1.0, np.nan]}, "NaN"),
        ({"pengeluaran": [1.0, -2.0]}, "negatif"),
        ({"bobot": [1.0, -1.0]}, "bobot: berisi 1 nilai negatif"),
        ({"bobot": [1.0]}, "panjang"),
        ({"bobot": [0.0, 0.0]}, "jumlah bobot"),
        ({"garis": 0.0}, "positif"),
        ({"alpha": -1}, "alpha"),
    ],
)
def test_galat_fgt(argumen: dict[str, object], pesan: str) -> None:
    """Masukan tidak sah menghasilkan ValueError yang jelas."""
    dasar: dict[str, object] = {"pengeluaran": [1.0, 2.0], "garis": 1.5, "alpha": 0, "bobot": None}
    dasar.update(argumen)
    with pytest.raises(ValueError, match=pesan):
        fgt(**dasar)  # type: ignore[arg-type]


def test_galat_lain() -> None:
    """Batas < 1, persen di luar 0-100, dan total pengeluaran nol ditolak."""
    with pytest.raises(ValueError, match="batas"):
        pangsa_antara([1.0], 1.0, 0.9)
    with pytest.raises(ValueError, match="persen"):
        bagian_terbawah([1.0, 2.0], persen=140)
    with pytest.raises(ValueError, match="total pengeluaran"):
        gini([0.0, 0.0])


# ---------------------------------------------------------------- ringkas_susenas


def _rumah_tangga() -> pd.DataFrame:
    """Berkas kecil tingkat rumah tangga: kapita = pengeluaran per kapita, fwt = bobot RT, art = jumlah ART."""
    return pd.DataFrame(
        {
            "kapita": [400.0, 500.0, 700.0, 1500.0, 300.0, 420.0, 480.0, 900.0],
            "fwt": [100.0, 80.0, 120.0, 90.0, 60.0, 70.0, 50.0, 40.0],
            "art": [5, 4, 3, 2, 6, 4, 3, 2],
            "gk": [550.0] * 4 + [450.0] * 4,
            "r105": [1, 1, 1, 1, 2, 2, 2, 2],
        }
    )


def test_ringkas_susenas_sama_dengan_data_orang() -> None:
    """Berkas RT dengan kolom_art = berkas orang hasil ekspansi; baris total = semua orang."""
    rt = _rumah_tangga()
    hasil = ringkas_susenas(rt, "kapita", "fwt", "gk", kolom_daerah="r105", kolom_art="art")
    assert list(hasil["daerah"]) == ["Perkotaan", "Perdesaan", TOTAL]
    assert list(hasil.columns) == [
        "daerah",
        "n_sampel",
        "penduduk",
        "p0_persen",
        "p1",
        "p2",
        "pangsa_100_120",
        "pangsa_100_150",
        "gini",
        "bagian_40_persen_terbawah",
    ]

    orang = rt.loc[rt.index.repeat(rt["art"])].reset_index(drop=True)
    hasil_orang = ringkas_susenas(orang, "kapita", "fwt", "gk", kolom_daerah="r105")
    kolom = list(hasil.columns[2:])  # semua kecuali daerah dan n_sampel (jumlah baris berbeda menurut desain)
    pd.testing.assert_frame_equal(hasil[kolom], hasil_orang[kolom], rtol=1e-12)

    # Perkotaan dihitung tangan: bobot orang 500, 320, 360, 180 (total 1360), GK 550.
    # Miskin: 400 (500) dan 500 (320) -> P0 = 820/1360; hampir miskin <660: tidak ada; <825: 700 (360).
    kota = hasil.iloc[0]
    assert kota["penduduk"] == 1360.0
    assert kota["p0_persen"] == pytest.approx(100 * 820 / 1360)
    assert kota["p1"] == pytest.approx(100 * (500 * 150 / 550 + 320 * 50 / 550) / 1360)
    assert kota["pangsa_100_120"] == 0.0
    assert kota["pangsa_100_150"] == pytest.approx(100 * 360 / 1360)
    total = hasil.iloc[-1]
    w = rt["fwt"] * rt["art"]
    assert total["p2"] == pytest.approx(fgt(rt["kapita"], rt["gk"], 2, w))
    assert total["n_sampel"] == 8


def test_ringkas_susenas_tanpa_daerah_dan_batas_lain() -> None:
    """Tanpa kolom_daerah hanya baris total; batas lain memberi nama kolom lain."""
    rt = _rumah_tangga()
    hasil = ringkas_susenas(rt, "kapita", "fwt", "gk", batas=(1.25,))
    assert list(hasil["daerah"]) == [TOTAL]
    assert "pangsa_100_125" in hasil.columns


@pytest.mark.parametrize(
    ("ubah", "argumen", "pesan"),
    [
        (None, {"kolom_pengeluaran": "kapita_x"}, "'kapita_x'"),
        (None, {"kolom_bobot": "wert"}, "'wert'"),
        (None, {"kolom_daerah": "r999"}, "'r999'"),
        (None, {"kolom_art": "jumlah_art"}, "'jumlah_art'"),
        (("fwt", 2, -5.0), {}, "'fwt'.*negatif"),
        (("kapita", 3, np.nan), {}, "'kapita'.*NaN"),
        (("gk", 0, 0.0), {}, "'gk'.*positif"),
        (("art", 0, 0), {"kolom_art": "art"}, "'art'.*>= 1"),
    ],
)
def test_ringkas_susenas_galat(ubah: tuple[str, int, float] | None, argumen: dict[str, str], pesan: str) -> None:
    """Kolom hilang, bobot negatif, pengeluaran NaN: ValueError yang menyebut kolomnya."""
    rt = _rumah_tangga()
    if ubah is not None:
        kolom, baris, nilai = ubah
        rt[kolom] = rt[kolom].astype(float)
        rt.loc[baris, kolom] = nilai
    kw: dict[str, str] = {"kolom_pengeluaran": "kapita", "kolom_bobot": "fwt", "kolom_garis": "gk"}
    kw.update(argumen)
    with pytest.raises(ValueError, match=pesan):
        ringkas_susenas(rt, **kw)  # type: ignore[arg-type]


def test_ringkas_susenas_kolom_bukan_angka() -> None:
    """Kolom teks untuk pengeluaran ditolak dengan nama kolomnya."""
    rt = _rumah_tangga()
    rt["kapita"] = rt["kapita"].astype(str) + " rupiah"
    with pytest.raises(ValueError, match="'kapita'.*numerik"):
        ringkas_susenas(rt, "kapita", "fwt", "gk")
