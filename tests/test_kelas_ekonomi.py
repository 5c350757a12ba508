"""Tests of kompendium.kelas_ekonomi: class shares from fitted families, calibration held out by year,
raking of urban and rural to the national estimate, the contract table and the published figures."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from kompendium import distribusi, kosakata
from kompendium import hampir_miskin as hm
from kompendium import kelas_ekonomi as ke

TAHUN = [2019, 2021, 2023, 2025]
# Urban richer than rural, both drifting slowly; the national row is fitted on its own, as in the build.
KOTA = {t: dict(mu=1.05 + 0.02 * i, sigma=0.75) for i, t in enumerate(TAHUN)}
DESA = {t: dict(mu=0.70 + 0.02 * i, sigma=0.65) for i, t in enumerate(TAHUN)}
NASIONAL = {t: dict(mu=0.90 + 0.02 * i, sigma=0.74) for i, t in enumerate(TAHUN)}
W_KOTA = 0.56


def _diagnostik(model: str = "lognormal") -> pd.DataFrame:
    baris = []
    for daerah, prm in ((kosakata.PERKOTAAN, KOTA), (kosakata.PERDESAAN, DESA), (kosakata.TOTAL, NASIONAL)):
        for t, p in prm.items():
            baris.append({"tahun": t, "periode": kosakata.MARET, "daerah": daerah, "model": model,
                          "params": json.dumps(p), "indikator": "gini", "terbit": 0.38})
    return pd.DataFrame(baris)


def _bobot() -> pd.DataFrame:
    return pd.DataFrame([{"tahun": t, "periode": kosakata.MARET, "daerah": d, "penduduk_juta": 1.0, "bobot": w}
                         for t in TAHUN for d, w in ((kosakata.PERKOTAAN, W_KOTA), (kosakata.PERDESAAN, 1 - W_KOTA))])


def _figur(tahun: int, bawah: float, atas: float, nilai: float, penerbit: str = "BPS",
           ukuran: str = hm.PERSEN_PENDUDUK) -> dict:
    return {"tahun": tahun, "periode": kosakata.MARET, "periode_tertulis": f"{tahun}-Maret",
            "daerah": kosakata.TOTAL if ukuran == hm.PERSEN_PENDUDUK else kosakata.PERKOTAAN,
            "bawah": bawah, "atas": atas, "terbit": nilai, "ukuran": ukuran, "perkiraan": False,
            "indikator": "uji", "penerbit": penerbit, "sumber": "uji"}


def _lognormal_kelas(prm: dict) -> dict[str, float]:
    m = distribusi.LogNormal(prm)
    return {k: m.pangsa_antara(b, a if math.isfinite(a) else 1e12) for k, b, a in ke.KELAS}


def test_pangsa_model_adalah_cdf_keluarga() -> None:
    """Cumulative shares are the family's CDF at each class boundary (and at 1.2)."""
    pangsa = ke.pangsa_model(_diagnostik())
    r = pangsa[(pangsa["tahun"] == 2019) & (pangsa["daerah"] == kosakata.PERKOTAAN)].iloc[0]
    m = distribusi.LogNormal(KOTA[2019])
    for b in ke.BATAS:
        assert r[f"F_{b:g}"] == pytest.approx(100 * m.cdf(b), abs=1e-12)


def test_semester_tanpa_gini_dan_bagian_40_dilewati() -> None:
    """A semester fitted on P0-P2 only has no class estimate (its upper part is not pinned)."""
    diag = _diagnostik()
    diag.loc[diag["tahun"] == 2021, "terbit"] = np.nan
    assert 2021 not in set(ke.pangsa_model(diag)["tahun"])
    assert set(ke.pangsa_model(diag)["tahun"]) == set(TAHUN) - {2021}


def test_bobot_penduduk_dari_jumlah_miskin_dan_p0() -> None:
    """Population = poor count / P0; the urban weight is its share of both areas."""
    def tidy(ind, nilai):
        return pd.DataFrame([{"indikator": ind, "kode_wilayah": "00", "wilayah": "Indonesia", "daerah": d,
                              "tahun": 2024, "periode": "Maret", "nilai": v} for d, v in nilai.items()])
    p0 = tidy(kosakata.P0, {kosakata.PERKOTAAN: 5.0, kosakata.PERDESAAN: 10.0, kosakata.TOTAL: 7.0})
    n = tidy(kosakata.JUMLAH_PENDUDUK_MISKIN, {kosakata.PERKOTAAN: 6.0, kosakata.PERDESAAN: 8.0, kosakata.TOTAL: 14.0})
    b = ke.bobot_penduduk(p0, n).set_index("daerah")
    assert b.loc[kosakata.PERKOTAAN, "penduduk_juta"] == pytest.approx(120.0)
    assert b.loc[kosakata.PERKOTAAN, "bobot"] == pytest.approx(120 / 200)


def test_keluarga_tanpa_kalibrasi_dan_raking() -> None:
    """Uncalibrated: national = the family's shares; urban/rural raked to it, each area still sums to 100."""
    pangsa = ke.pangsa_model(_diagnostik())
    est = ke.estimasi(pangsa, pd.DataFrame([_figur(2019, 3.5, 17, 30.0)]), _bobot(), "lognormal")
    nas = est[(est["daerah"] == kosakata.TOTAL) & (est["tahun"] == 2021)].iloc[0]
    for k, v in _lognormal_kelas(NASIONAL[2021]).items():
        assert nas[k] == pytest.approx(v, abs=1e-9)
    assert np.allclose(est[list(ke.NAMA_KELAS)].sum(axis=1), 100.0)
    # Raking keeps each area's P0 and makes the population-weighted non-poor classes national.
    kota = est[(est["daerah"] == kosakata.PERKOTAAN) & (est["tahun"] == 2021)].iloc[0]
    desa = est[(est["daerah"] == kosakata.PERDESAAN) & (est["tahun"] == 2021)].iloc[0]
    assert kota["miskin"] == pytest.approx(_lognormal_kelas(KOTA[2021])["miskin"])
    tidak = list(ke.NAMA_KELAS[1:])
    campur = W_KOTA * kota[tidak].astype(float) + (1 - W_KOTA) * desa[tidak].astype(float)
    skala = (100 - (W_KOTA * kota["miskin"] + (1 - W_KOTA) * desa["miskin"])) / (100 - nas["miskin"])
    assert np.allclose(campur.to_numpy(), nas[tidak].astype(float).to_numpy() * skala, atol=1e-9)


def test_kalibrasi_memenuhi_angka_dan_menginterpolasi_celah() -> None:
    """Calibrated on 2019 and 2023: the class figure is met in those years, the gap interpolated in 2021,
    held constant after the last release (2025)."""
    pangsa = ke.pangsa_model(_diagnostik())
    model = {t: _lognormal_kelas(NASIONAL[t])["kelas menengah"] for t in TAHUN}
    terbitan = pd.DataFrame([_figur(2019, 3.5, 17, model[2019] + 2.0), _figur(2023, 3.5, 17, model[2023] - 2.0)])
    est = ke.estimasi(pangsa, terbitan, _bobot(), "lognormal+kalibrasi")
    nas = est[est["daerah"] == kosakata.TOTAL].set_index("tahun")
    # Only one class is corrected, so the rescaling of the non-poor classes moves it slightly: compare loosely
    # for the interpolation, exactly for the sum.
    assert nas.loc[2021, "kelas menengah"] == pytest.approx(model[2021], abs=0.6)
    assert nas.loc[2019, "kelas menengah"] > model[2019] + 1.0
    assert nas.loc[2025, "kelas menengah"] < model[2025] - 1.0
    assert np.allclose(nas[list(ke.NAMA_KELAS)].sum(axis=1), 100.0)
    assert np.allclose(nas["miskin"], [_lognormal_kelas(NASIONAL[t])["miskin"] for t in nas.index])


def test_validasi_tidak_melihat_angka_tahunnya_sendiri() -> None:
    """The calibrated prediction of a year's figure does not change when only that figure changes."""
    pangsa = ke.pangsa_model(_diagnostik())
    dasar = [_figur(2019, 3.5, 17, 25.0), _figur(2021, 3.5, 17, 24.0), _figur(2023, 3.5, 17, 22.0)]
    ubah = [*dasar[:1], _figur(2021, 3.5, 17, 40.0), *dasar[2:]]
    kand = ["lognormal", "lognormal+kalibrasi"]
    a = ke.validasi(pangsa, pd.DataFrame(dasar), _bobot(), kand).set_index(["model", "tahun"])
    b = ke.validasi(pangsa, pd.DataFrame(ubah), _bobot(), kand).set_index(["model", "tahun"])
    assert a.loc[("lognormal+kalibrasi", 2021), "estimasi"] == pytest.approx(
        b.loc[("lognormal+kalibrasi", 2021), "estimasi"]
    )
    assert a.loc[("lognormal+kalibrasi", 2019), "estimasi"] != pytest.approx(
        b.loc[("lognormal+kalibrasi", 2019), "estimasi"]
    )
    # The uncalibrated family never sees any figure.
    assert a.loc[("lognormal", 2021), "estimasi"] == pytest.approx(b.loc[("lognormal", 2021), "estimasi"])
    assert b.loc[("lognormal+kalibrasi", 2021), "galat"] == pytest.approx(
        b.loc[("lognormal+kalibrasi", 2021), "estimasi"] - 40.0
    )


def test_susun_memenuhi_kontrak() -> None:
    """Contract columns, 5 classes x 3 areas per semester, bands around the estimate, kelas atas open-ended."""
    pangsa = pd.concat(
        [
            ke.pangsa_model(_diagnostik("lognormal")),
            ke.pangsa_model(_diagnostik("lognormal")).assign(model="dagum").iloc[:0],
        ],
        ignore_index=True,
    )
    terbitan = pd.DataFrame(
        [
            _figur(2019, 1.0, 1.5, 20.0),
            _figur(2019, 3.5, 17, 22.0),
            _figur(2023, 3.5, 17, 20.0),
            _figur(2025, 1.0, 1.5, 23.0),
            _figur(2019, 17, math.inf, 0.4),
            _figur(2021, 1.5, 3.5, 48.0),
            _figur(2016, 1.0, 1.5, 23.6, penerbit="World Bank"),
            _figur(2023, 3.5, 17, 70.0, ukuran=hm.BAGIAN_PERKOTAAN),
        ]
    )
    kontrak, val, peringkat, lebar = ke.susun(pangsa, terbitan, _bobot())
    assert list(kontrak.columns) == ke.KOLOM_KONTRAK
    assert len(kontrak) == len(TAHUN) * 3 * 5
    assert set(kontrak["kelas"]) == set(ke.NAMA_KELAS)
    atas = kontrak[kontrak["kelas"] == "kelas atas"]
    assert atas["batas_atas_gk"].isna().all() and (atas["batas_bawah_gk"] == 17).all()
    assert (kontrak["persen_bawah"] <= kontrak["persen"]).all() and (kontrak["persen"] <= kontrak["persen_atas"]).all()
    miskin = kontrak[kontrak["kelas"] == "miskin"]
    assert (miskin["persen_bawah"] == miskin["persen"]).all()
    # Selection rests on BPS's 6 national class figures; World Bank and urban-share figures are reported apart.
    assert (peringkat["n_angka"] == 6).all()
    assert set(peringkat["model"]) == {"lognormal", "lognormal+kalibrasi"}
    assert peringkat["rata_galat_absolut"].is_monotonic_increasing
    assert len(val) == len(terbitan) * 2
    # National and area P0 are all published and kept; the non-poor classes absorb their small mismatch.
    p0 = kontrak[kontrak["kelas"] == "miskin"].pivot_table(index="tahun", columns="daerah", values="persen")
    celah = (W_KOTA * p0[kosakata.PERKOTAAN] + (1 - W_KOTA) * p0[kosakata.PERDESAAN] - p0[kosakata.TOTAL]).abs().max()
    assert ke.konsistensi(kontrak, _bobot())["selisih"].abs().max() <= celah + 1e-3


def test_bagian_perkotaan_dihitung_dari_bobot() -> None:
    """The urban share of a class = w * urban share / (w * urban + (1 - w) * rural)."""
    pangsa = ke.pangsa_model(_diagnostik())
    fig = _figur(2023, 3.5, 17, 70.0, ukuran=hm.BAGIAN_PERKOTAAN)
    val = ke.validasi(pangsa, pd.DataFrame([fig]), _bobot(), ["lognormal"])
    est = ke.estimasi(pangsa, pd.DataFrame([fig]), _bobot(), "lognormal")
    r = est[est["tahun"] == 2023].set_index("daerah")["kelas menengah"]
    harap = (
        100 * W_KOTA * r[kosakata.PERKOTAAN] / (W_KOTA * r[kosakata.PERKOTAAN] + (1 - W_KOTA) * r[kosakata.PERDESAAN])
    )
    assert val["estimasi"].iloc[0] == pytest.approx(harap)


def test_angka_terbitan_juta_jiwa_menjadi_persen(tmp_path) -> None:
    """Counts in millions become shares of their release; 'lebih dari' is open-ended; gaps are refused."""
    kepala = "periode,cakupan,indikator,batas,nilai,satuan,penerbit,sumber\n"
    baris = [
        ("miskin", "kurang dari 1.0 x GK", "10"),
        ("rentan", "1.0 - 1.5 x GK", "20"),
        ("menuju", "1.5 - 3.5 x GK", "50"),
        ("menengah", "3.5 - 17 x GK", "19"),
        ("atas", "lebih dari 17 x GK", "1"),
    ]
    berkas = tmp_path / "t.csv"
    berkas.write_text(
        kepala + "".join(f"2025-Maret,nasional,{n},{b},{v},juta jiwa,BPS,X\n" for n, b, v in baris), encoding="utf-8"
    )
    t = hm.read_angka_terbitan(berkas)
    assert t["terbit"].tolist() == pytest.approx([10, 20, 50, 19, 1])
    assert math.isinf(t["atas"].iloc[-1]) and t["ukuran"].eq(hm.PERSEN_PENDUDUK).all() and t["perkiraan"].all()
    berkas.write_text(
        kepala + "".join(f"2025-Maret,nasional,{n},{b},{v},juta jiwa,BPS,X\n" for n, b, v in baris[:3]),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"baris \[2, 3, 4\], kolom batas"):
        hm.read_angka_terbitan(berkas)


def test_angka_terbitan_nyata_dibaca_semua() -> None:
    """The project's own transcription: every row read, shares of one BPS release add up to 100."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "raw" / "transkripsi" / "rentan_miskin_terbitan.csv"
    t = hm.read_angka_terbitan(path)
    assert len(t) == len(pd.read_csv(path))
    assert set(t["penerbit"]) == {"BPS", "World Bank"}
    for tahun in (2019, 2025):
        kelas = t[(t["tahun"] == tahun) & (t["penerbit"] == "BPS") & (t["ukuran"] == hm.PERSEN_PENDUDUK)]
        assert kelas["terbit"].sum() == pytest.approx(100.0, abs=0.05)


def test_ringkasan_bab_memuat_angka_prosa() -> None:
    """Every key the chapter glues is there, numbers with their decimals, texts as text."""
    pangsa = ke.pangsa_model(_diagnostik())
    terbitan = pd.DataFrame(
        [
            _figur(2019, 1.0, 1.5, 20.0),
            _figur(2019, 3.5, 17, 22.0),
            _figur(2023, 3.5, 17, 20.0),
            _figur(2025, 1.5, 3.5, 48.0),
            _figur(2019, 17, math.inf, 0.4),
            _figur(2023, 3.5, 17, 70.0, ukuran=hm.BAGIAN_PERKOTAAN),
            _figur(2023, 1.5, 3.5, 55.0, ukuran=hm.BAGIAN_PERKOTAAN),
        ]
    )
    kontrak, val, peringkat, _ = ke.susun(pangsa, terbitan, _bobot())
    r = ke.ringkasan_bab(kontrak, val, peringkat, _bobot())
    assert r["sem_akhir"] == "Maret 2025" and r["sem_awal"] == "Maret 2019"
    assert r["n_angka_bps"] == (5, 0)
    kota = kontrak[(kontrak["tahun"] == 2025) & (kontrak["daerah"] == kosakata.PERKOTAAN)].set_index("kelas")["persen"]
    assert r["kota_menengah"][0] == pytest.approx(kota["kelas menengah"])
    assert r["kota_rentan_per_miskin"][0] == pytest.approx(kota["rentan miskin"] / kota["miskin"])
    assert r["kota_menengah_terbit"] == (70.0, 2)
    assert isinstance(r["daftar_meleset"], str) and isinstance(r["model_terpilih"], str)
