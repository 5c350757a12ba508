"""Uji distribusi pengeluaran yang dikalibrasi ke agregat terbitan (kompendium.distribusi)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

from kompendium import kemiskinan
from kompendium.distribusi import (
    GB2,
    Dagum,
    LogNormal,
    Model,
    SinghMaddala,
    diagnostik,
    fit_dagum,
    fit_gb2,
    fit_semua,
    fit_singh_maddala,
    kalibrasi_lognormal,
)

# Distribusi "benar" dalam satuan GK dengan P0 sekitar 10-25 %, bentuk mirip pengeluaran Indonesia.
BENAR: list[GB2] = [
    SinghMaddala({"a": 3.0, "b": 2.0, "q": 1.4}),
    Dagum({"a": 3.5, "b": 1.8, "p": 0.7}),
    GB2({"a": 3.0, "b": 2.0, "p": 0.8, "q": 1.6}),
]
PENCOCOK = {"singh_maddala": fit_singh_maddala, "dagum": fit_dagum, "gb2": fit_gb2}

# Agregat terbitan BPS (P0 %, P1, P2, Gini, bagian 40 % terbawah %):
# - Perkotaan Maret 2025: P0/P1/P2/Gini dari ../shared/data/facts/kemiskinan_nasional_menurut_daerah_1996_2025.csv,
#   bagian 40 % dari bagian_40_persen_terbawah_semester_2015_2025.csv (2025, Maret, Perkotaan).
# - Nasional Maret 2019: kemiskinan_nasional_menurut_daerah_1996_2025.csv (2019, Maret, Perkotaan+Perdesaan),
#   bagian 40 % dari bps946_distribusi_pengeluaran_gini_tahunan_2010_2024.csv (Perkotaan+Perdesaan, 2019).
# - Perdesaan Maret 2019: kemiskinan_nasional_menurut_daerah_1996_2025.csv (2019, Maret, Perdesaan), tanpa bagian 40 %.
TERBIT = {
    "perkotaan_2025_maret": {"p0": 6.73, "p1": 1.06, "p2": 0.25, "gini": 0.395, "bagian40": 17.64},
    "nasional_2019_maret": {"p0": 9.41, "p1": 1.55, "p2": 0.37, "gini": 0.382, "bagian40": 17.71},
    "perdesaan_2019_maret": {"p0": 12.85, "p1": 2.18, "p2": 0.55, "gini": 0.317},
}


# SM dengan q < 2/a menguji cabang 2F1 momen terpotong kedua (momen kedua penuh tak hingga).
@pytest.mark.parametrize(
    "model", [*BENAR, LogNormal({"mu": 0.8, "sigma": 0.6}), SinghMaddala({"a": 2.5, "b": 1.5, "q": 0.6})]
)
def test_fgt_tertutup_sama_dengan_integral_cdf(model: Model) -> None:
    """P1, P2 tertutup = integral numerik F pada [0, 1] (termasuk cabang 2F1 saat q < 2/a)."""
    assert model.p1() == pytest.approx(model.fgt_numerik(1), rel=1e-10)
    assert model.p2() == pytest.approx(model.fgt_numerik(2), rel=1e-10)
    assert model.p0() == pytest.approx(100 * float(model.cdf(1.0)))


@pytest.mark.parametrize("model", [*BENAR, LogNormal({"mu": 0.8, "sigma": 0.6})])
def test_lorenz_dan_gini_sama_dengan_integral_kuantil(model: Model) -> None:
    """L(u) = integral_0^u Q(t) dt / rerata, dan Gini = 1 - 2 integral L, dihitung bebas dari rumus model."""
    mu = model.rerata()
    for u in (0.2, 0.4, 0.9):
        bagian, _ = integrate.quad(model.kuantil, 0.0, u, epsabs=1e-12, limit=200)
        assert model.bagian_terbawah(u) == pytest.approx(100 * bagian / mu, rel=1e-8)
    assert model.gini() == pytest.approx(Model.gini(model), abs=1e-9)
    # Rerata dari kuantil juga sama (memeriksa rerata tertutup).
    assert integrate.quad(model.kuantil, 0, 1, limit=200)[0] == pytest.approx(mu, rel=1e-7)


@pytest.mark.parametrize(("a", "b", "q"), [(3.0, 2.0, 1.4), (1.3, 1.0, 1.0), (6.0, 1.0, 0.3)])
def test_gini_tertutup_sm_dagum_sama_dengan_gb2_numerik(a: float, b: float, q: float) -> None:
    """Gini tertutup SM (p=1) dan Dagum (q=1) = Gini numerik GB2 bersarang, termasuk ekor berat."""
    assert SinghMaddala({"a": a, "b": b, "q": q}).gini() == pytest.approx(
        GB2({"a": a, "b": b, "p": 1.0, "q": q}).gini(), abs=1e-10
    )
    assert Dagum({"a": a, "b": b, "p": q}).gini() == pytest.approx(
        GB2({"a": a, "b": b, "p": q, "q": 1.0}).gini(), abs=1e-10
    )


def test_lognormal_kalibrasi_persis() -> None:
    """Kalibrasi log-normal memenuhi P0 dan P1 sampai 1e-8 dan memulihkan mu, sigma yang diketahui."""
    for p0, p1 in [(6.73, 1.06), (9.41, 1.55), (50.0, 20.0), (0.5, 0.01)]:
        m = kalibrasi_lognormal(p0, p1)
        assert abs(m.p0() - p0) < 1e-8
        assert abs(m.p1() - p1) < 1e-8
    benar = LogNormal({"mu": 0.55, "sigma": 0.41})
    m = kalibrasi_lognormal(benar.p0(), benar.p1())
    assert m.params["mu"] == pytest.approx(0.55, rel=1e-9)
    assert m.params["sigma"] == pytest.approx(0.41, rel=1e-9)
    assert m.p2() == pytest.approx(benar.p2(), rel=1e-8)


@pytest.mark.parametrize("benar", BENAR, ids=lambda m: m.nama)
def test_memulihkan_parameter_dari_agregat_analitik(benar: GB2) -> None:
    """Setiap keluarga memulihkan parameternya dari P0, P1, P2, Gini, bagian 40 % miliknya sendiri."""
    agregat = benar.prediksi()
    m = PENCOCOK[benar.nama](**agregat)
    assert type(m) is type(benar)
    for k, v in benar.params.items():
        assert m.params[k] == pytest.approx(v, rel=1e-5), k
    assert m.p0() == pytest.approx(agregat["p0"], abs=1e-10)
    # Pangsa hampir miskin dari hasil cocok = pangsa sebenarnya.
    for batas in (1.2, 1.5):
        assert m.pangsa_antara(1.0, batas) == pytest.approx(benar.pangsa_antara(1.0, batas), abs=1e-6)


def test_memulihkan_tanpa_bagian40_dan_tanpa_gini() -> None:
    """SM/Dagum teridentifikasi tepat oleh P1 + satu agregat lain."""
    sm = BENAR[0]
    m = fit_singh_maddala(sm.p0(), sm.p1(), p2=sm.p2())
    assert m.pangsa_antara(1.0, 1.2) == pytest.approx(sm.pangsa_antara(1.0, 1.2), abs=1e-5)
    dg = BENAR[1]
    m = fit_dagum(dg.p0(), dg.p1(), gini=dg.gini())
    assert m.params["a"] == pytest.approx(3.5, rel=1e-6)


def test_dari_sampel_mikro_simulasi() -> None:
    """Agregat dari sampel SM besar (seed tetap) -> fit SM -> pangsa hampir miskin = pangsa sampel."""
    benar = BENAR[0]
    rng = np.random.default_rng(20250301)
    x = benar.kuantil(rng.uniform(size=200_000))
    gk = 500_000.0  # skala Rupiah tidak berpengaruh: semua dalam satuan GK
    y = x * gk
    m = fit_singh_maddala(
        kemiskinan.fgt(y, gk, 0),
        kemiskinan.fgt(y, gk, 1),
        kemiskinan.fgt(y, gk, 2),
        kemiskinan.gini(y),
        kemiskinan.bagian_terbawah(y),
    )
    for batas in (1.2, 1.5):
        # Galat sampling pangsa ~ 0,1 poin persen pada n = 200 ribu.
        assert m.pangsa_antara(1.0, batas) == pytest.approx(kemiskinan.pangsa_antara(y, gk, batas), abs=0.3)
        assert m.pangsa_antara(1.0, batas) == pytest.approx(benar.pangsa_antara(1.0, batas), abs=0.3)


@pytest.mark.parametrize("nama", list(TERBIT))
def test_cocok_ke_angka_terbitan(nama: str) -> None:
    """Semua model konvergen pada agregat BPS nyata, P0 dalam 0,01, agregat lain dalam 10 % relatif."""
    target = TERBIT[nama]
    model = fit_semua(**target)
    harap = {"lognormal", "singh_maddala", "dagum", "gb2"}
    assert set(model) == harap
    for m in model.values():
        assert abs(m.p0() - target["p0"]) < 0.01
        d = diagnostik(m, target)
        assert set(d) == set(target)
        for k, v in d.items():
            assert abs(v["selisih_relatif"]) < 0.10 or m.nama == "lognormal", (m.nama, k, v)
        # Pangsa hampir miskin masuk akal: positif dan kurang dari pangsa 1,0-1,5 GK.
        assert 0 < m.pangsa_antara(1.0, 1.2) < m.pangsa_antara(1.0, 1.5) < 60
    # GB2 memuat SM dan Dagum dan dimulai dari keduanya, jadi cost-nya tidak lebih buruk.
    cost = {k: m.info["cost"] for k, m in model.items() if k != "lognormal"}
    assert cost["gb2"] <= min(cost["singh_maddala"], cost["dagum"]) + 1e-12
    assert model["lognormal"].p1() == pytest.approx(target["p1"], abs=1e-8)


def test_tidak_teridentifikasi() -> None:
    """Hanya P0, P1: SM/Dagum/GB2 dilewati oleh fit_semua dan ditolak bila diminta langsung."""
    assert set(fit_semua(9.41, 1.55)) == {"lognormal"}
    assert set(fit_semua(9.41, 1.55, gini=0.382)) == {"lognormal", "singh_maddala", "dagum"}
    with pytest.raises(ValueError, match="perlu >= 2"):
        fit_singh_maddala(9.41, 1.55)
    with pytest.raises(ValueError, match="perlu >= 3"):
        fit_gb2(9.41, 1.55, p2=0.37)


@pytest.mark.parametrize(
    ("argumen", "pesan"),
    [
        ({"p0": 0.0}, "p0"),
        ({"p1": 10.0}, "p1"),
        ({"p2": 0.1}, "p2"),  # < P1^2 / P0 = 0,255
        ({"p2": 1.6}, "p2"),
        ({"gini": 38.2}, "gini"),
        ({"bagian40": 45.0}, "bagian40"),
    ],
)
def test_validasi_masukan(argumen: dict[str, float], pesan: str) -> None:
    """Agregat yang mustahil ditolak dengan nama indikatornya."""
    kw = {"p0": 9.41, "p1": 1.55, "p2": 0.37, "gini": 0.382}
    kw.update(argumen)
    with pytest.raises(ValueError, match=pesan):
        fit_dagum(**kw)


def test_diagnostik_dan_antarmuka() -> None:
    """diagnostik melaporkan selisih; kunci asing ditolak; params/nama/cdf skalar konsisten."""
    m = SinghMaddala({"a": 3.0, "b": 2.0, "q": 1.4})
    d = diagnostik(m, {"p2": 1.0, "gini": None})
    assert set(d) == {"p2"}
    assert d["p2"]["model"] == pytest.approx(m.p2())
    assert d["p2"]["selisih"] == pytest.approx(m.p2() - 1.0)
    with pytest.raises(ValueError, match="theil"):
        diagnostik(m, {"theil": 0.3})
    assert m.nama == "singh_maddala"
    assert isinstance(m.cdf(1.0), float)
    assert m.cdf(np.array([0.0, 1.0, math.inf])).tolist() == pytest.approx([0.0, m.p0() / 100, 1.0])
    assert m.pangsa_antara(0.0, 1.0) == pytest.approx(m.p0())
    with pytest.raises(ValueError, match="params"):
        SinghMaddala({"a": 3.0, "b": 2.0})
    with pytest.raises(ValueError, match="a\\*q"):
        SinghMaddala({"a": 0.5, "b": 2.0, "q": 1.0}).gini()


def test_bobot_pencocokan() -> None:
    """Bobot nol mengabaikan satu agregat; kunci bobot asing atau negatif ditolak."""
    target = TERBIT["nasional_2019_maret"]
    tanpa_b40 = {k: v for k, v in target.items() if k != "bagian40"}
    m0 = fit_dagum(**target, bobot={"bagian40": 0.0})
    m1 = fit_dagum(**tanpa_b40)
    assert m0.params["a"] == pytest.approx(m1.params["a"], rel=1e-5)
    assert m0.info["bobot"] == {"p1": 1.0, "p2": 1.0, "gini": 1.0, "bagian40": 0.0}
    with pytest.raises(ValueError, match="theil"):
        fit_dagum(**target, bobot={"theil": 1.0})
    with pytest.raises(ValueError, match="bobot"):
        fit_dagum(**target, bobot={"p2": -1.0})


def test_gb2_dipoles_sampai_titik_awal_tak_berpengaruh() -> None:
    """Deterministic GB2: starting from the default points or from a slightly moved optimum gives the same
    shares to 1e-4 points (the polishing run removes the dependence on where the first run stopped)."""
    agregat = TERBIT["nasional_2019_maret"]
    a = fit_gb2(**agregat)
    prm = dict(a.params)
    geser = GB2({k: v * (1 + 1e-4) for k, v in prm.items()})
    b = fit_gb2(**agregat, awal=(geser,), bawaan=False)
    for bawah, atas in ((1.0, 1.5), (1.5, 3.5), (3.5, 17.0)):
        assert a.pangsa_antara(bawah, atas) == pytest.approx(b.pangsa_antara(bawah, atas), abs=1e-4)
