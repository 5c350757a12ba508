"""Uji alur hampir miskin (kompendium.hampir_miskin): agregat, pencocokan hangat, validasi, pilihan model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import special

from kompendium import distribusi
from kompendium import hampir_miskin as hm

# Distribusi "benar" (satuan garis kemiskinan) yang berubah pelan antar-semester, seperti data BPS.
BENAR = [distribusi.GB2({"a": 3.0 + 0.1 * i, "b": 2.0 + 0.05 * i, "p": 0.8, "q": 1.6}) for i in range(3)]


def _agregat(models: list[distribusi.Model], daerah: str = "Perkotaan") -> pd.DataFrame:
    """Tabel agregat seperti keluaran agregat_terbitan, dihitung persis dari distribusi yang diketahui."""
    baris = []
    for i, m in enumerate(models):
        pred = m.prediksi()
        baris.append({"tahun": 2015 + i, "periode": "Maret", "daerah": daerah, "waktu": 2015.0 + i,
                      "p0": pred["p0"], "p1": pred["p1"], "p2": pred["p2"], "gini": pred["gini"],
                      "bagian40": pred["bagian40"], "sumber_gini": "uji", "sumber_bagian40": "uji"})
    return pd.DataFrame(baris)


@pytest.mark.parametrize(
    "prm", [dict(a=1.357, b=0.0039, p=6834.0, q=1.803), dict(a=3, b=2, p=0.8, q=1.6),
            dict(a=1.6, b=1, p=0.3, q=0.7), dict(a=5, b=1, p=20, q=0.25)],
)
def test_gini_cepat_sama_dengan_gini_persis(prm: dict) -> None:
    """Kuadratur tetap di dalam pengoptimal memberi Gini yang sama dengan GB2.gini (quad adaptif)."""
    assert distribusi._GB2Optimasi(prm).gini() == pytest.approx(distribusi.GB2(prm).gini(), abs=1e-9)


def test_estimasi_memulihkan_pangsa_distribusi_yang_diketahui() -> None:
    """GB2 (mulai dingin lalu hangat) memulihkan pangsa 1,0-1,2 dan 1,0-1,5 GK dari agregat persisnya."""
    persen, diag = hm.estimasi_daerah(_agregat(BENAR), "Perkotaan", [1.2, 1.5])
    for i, benar in enumerate(BENAR):
        for b in (1.2, 1.5):
            est = persen[(persen["tahun"] == 2015 + i) & (persen["model"] == "gb2") & np.isclose(persen["batas"], b)]
            assert float(est["persen"].iloc[0]) == pytest.approx(benar.pangsa_antara(1.0, b), abs=0.02)
    gb2 = diag[diag["model"] == "gb2"]
    assert (gb2["galat_relatif"].abs() < 1e-3).all()
    assert set(persen["model"]) == set(hm.MODEL)
    # P0 semua model = P0 terbitan (dikalibrasi persis).
    assert np.allclose(persen["p0"], persen.groupby("tahun")["p0"].transform("first"))


def test_lognormal_memulihkan_pangsa_analitik() -> None:
    """Dari agregat log-normal, kalibrasi P0/P1 memberi pangsa Phi((ln b - mu)/s) - Phi(-mu/s)."""
    mu, s = 0.6, 0.5
    benar = distribusi.LogNormal({"mu": mu, "sigma": s})
    agregat = _agregat([benar]).assign(p2=np.nan, gini=np.nan, bagian40=np.nan)
    persen, _ = hm.estimasi_daerah(agregat, "Perkotaan", [1.2])
    analitik = 100 * (special.ndtr((math.log(1.2) - mu) / s) - special.ndtr(-mu / s))
    assert set(persen["model"]) == {"lognormal"}  # tanpa P2/Gini/bagian 40 % hanya log-normal teridentifikasi
    assert float(persen["persen"].iloc[0]) == pytest.approx(analitik, rel=1e-9)


def test_semester_tanpa_p1_dilewati() -> None:
    """Semester dengan P0 tetapi tanpa P1 (mis. September 2025) tidak diestimasi."""
    agregat = _agregat(BENAR[:2])
    agregat.loc[1, ["p1", "p2"]] = np.nan
    persen, _ = hm.estimasi_daerah(agregat, "Perkotaan", [1.2])
    assert set(persen["tahun"]) == {2015}


def test_agregat_tak_konsisten_menyebut_semester() -> None:
    """P1 > P0 adalah galat data; pesannya menyebut daerah, periode dan tahun."""
    agregat = _agregat(BENAR[:1])
    agregat.loc[0, "p1"] = agregat.loc[0, "p0"] + 1
    with pytest.raises(ValueError, match="Perkotaan Maret 2015"):
        hm.estimasi_daerah(agregat, "Perkotaan", [1.2])


def _persen_buatan() -> pd.DataFrame:
    """Tabel persen kecil dengan nilai yang bisa dihitung dengan tangan."""
    baris = []
    for model, (h12, h15) in {"lognormal": (12.0, 30.0), "dagum": (10.0, 25.0), "gb2": (9.0, 22.0)}.items():
        for b, v in ((1.2, h12), (1.5, h15)):
            baris.append({"tahun": 2019, "periode": "Maret", "daerah": "Perkotaan+Perdesaan", "model": model,
                          "batas": b, "persen": v, "p0": 10.0})
    return pd.DataFrame(baris)


def test_validasi_dan_pilihan_model_dihitung_dari_galat(tmp_path) -> None:
    """< 1,2 GK = P0 + pangsa; 1,0-1,5 = pangsa; model dengan rata-rata galat absolut terkecil dipilih."""
    berkas = tmp_path / "terbitan.csv"
    berkas.write_text(
        "periode,cakupan,indikator,batas,nilai,satuan,sumber\n"
        "2019,nasional,a,kurang dari sekitar 1.2 x garis kemiskinan,20 (sekitar),persen,X\n"
        "2019-Maret,nasional,b,1.0 - 1.5 x garis kemiskinan,23,persen,Y\n"
        "2019-Maret,nasional,c,3.5 - 17 x garis kemiskinan,21,persen,Y\n",
        encoding="utf-8",
    )
    terbitan = hm.read_terbitan(berkas)
    assert len(terbitan) == 2 and terbitan["perkiraan"].tolist() == [True, False]  # kelas menengah dilewati
    val = hm.validasi(_persen_buatan(), terbitan)
    galat = val.set_index(["model", "atas"])["galat"]
    assert galat[("lognormal", 1.2)] == pytest.approx(10 + 12 - 20)
    assert galat[("gb2", 1.5)] == pytest.approx(22 - 23)
    peringkat = hm.pilih_model(val)
    # lognormal: (2 + 7)/2 = 4,5; dagum: (0 + 2)/2 = 1; gb2: (1 + 1)/2 = 1 -> seri, yang lebih sederhana menang.
    assert peringkat["model"].tolist() == ["dagum", "gb2", "lognormal"]
    hasil = hm.gabung(_persen_buatan(), peringkat)
    assert hasil.loc[hasil["terpilih"], "model"].unique().tolist() == ["dagum"]
    assert hasil.groupby(["tahun", "periode", "daerah", "batas"])["terpilih"].sum().eq(1).all()


def test_terbitan_rusak_menyebut_baris_dan_kolom(tmp_path) -> None:
    """Nilai yang bukan angka dilaporkan dengan nama berkas, baris dan kolom."""
    berkas = tmp_path / "terbitan.csv"
    berkas.write_text("periode,cakupan,indikator,batas,nilai,satuan,sumber\n"
                      "2019-Maret,nasional,b,1.0 - 1.5 x garis kemiskinan,dua puluh,persen,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"baris 2, kolom nilai"):
        hm.read_terbitan(berkas)


def test_model_cadangan_bila_terbaik_tak_teridentifikasi() -> None:
    """Semester tanpa GB2 memakai model berikutnya dalam peringkat, tetap satu baris terpilih."""
    persen = _persen_buatan()
    persen = persen[~(persen["model"] == "gb2")]
    peringkat = pd.DataFrame({"model": ["gb2", "dagum", "lognormal"], "rata_galat_absolut": [1, 2, 3]})
    hasil = hm.gabung(persen, peringkat)
    assert hasil.loc[hasil["terpilih"], "model"].unique().tolist() == ["dagum"]


def test_salin_transkripsi_menolak_tipe_salah(tmp_path) -> None:
    """Nilai bukan angka di kolom number ditolak dengan berkas, baris dan kolom."""
    import json

    (tmp_path / "t").mkdir()
    csv = tmp_path / "t" / "x.csv"
    csv.write_text("tahun,nilai\n2019,17.7\n2020,abc\n", encoding="utf-8")
    paket = {"resources": [{"path": "t/x.csv", "schema": {"fields": [
        {"name": "tahun", "type": "integer"}, {"name": "nilai", "type": "number"}]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(paket), encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.csv \(baris 3, kolom nilai\)"):
        hm.salin_transkripsi(csv, tmp_path / "datapackage.json", tmp_path / "keluar.csv")
    csv.write_text("tahun,nilai\n2019,17.7\n2020,\n", encoding="utf-8")
    keluar = hm.salin_transkripsi(csv, tmp_path / "datapackage.json", tmp_path / "keluar.csv")
    assert pd.read_csv(keluar)["nilai"].isna().tolist() == [False, True]


def test_terbitan_tanpa_angka_p0_dan_juta_jiwa_menjadi_persen(tmp_path) -> None:
    """Near-line figures only: a figure below 1 x GK restates P0 and is left out; counts become shares."""
    berkas = tmp_path / "terbitan.csv"
    kelas = [("kurang dari 1.0 x GK", "20"), ("1.0 - 1.5 x GK", "60"), ("1.5 - 3.5 x GK", "100"),
             ("3.5 - 17 x GK", "18"), ("lebih dari 17 x GK", "2")]
    berkas.write_text("periode,cakupan,indikator,batas,nilai,satuan,penerbit,sumber\n" + "".join(
        f"2025-Maret,nasional,k,{b},{v},juta jiwa,BPS,Y\n" for b, v in kelas), encoding="utf-8")
    t = hm.read_terbitan(berkas)
    assert t[["bawah", "atas"]].values.tolist() == [[1.0, 1.5]]
    assert t["terbit"].iloc[0] == pytest.approx(30.0) and bool(t["perkiraan"].iloc[0])


# Aggregates close to Indonesia's (March 2019, 2021): P0, P1, P2, Gini, bottom-40 share.
_NYATA = pd.DataFrame({
    "tahun": [2019, 2021], "periode": ["Maret", "Maret"], "daerah": ["Perkotaan+Perdesaan"] * 2,
    "waktu": [2019.25, 2021.25], "p0": [9.41, 10.14], "p1": [1.55, 1.71], "p2": [0.37, 0.42],
    "gini": [0.382, 0.384], "bagian40": [17.71, 17.76],
})


def test_estimasi_tidak_goyah_oleh_aritmetika_mesin() -> None:
    """Deterministic fits: aggregates moved by 1e-12 (the size of machine rounding) move no share by 1e-4."""
    a, _ = hm.estimasi_daerah(_NYATA, "Perkotaan+Perdesaan", [1.2, 1.5])
    geser = _NYATA.assign(**{k: _NYATA[k] * (1 + 1e-12) for k in ("p1", "p2", "gini", "bagian40")})
    b, _ = hm.estimasi_daerah(geser, "Perkotaan+Perdesaan", [1.2, 1.5])
    assert a[["tahun", "model", "batas"]].equals(b[["tahun", "model", "batas"]])
    assert np.abs(a["persen"].to_numpy() - b["persen"].to_numpy()).max() < 1e-4
    ulang, _ = hm.estimasi_daerah(_NYATA, "Perkotaan+Perdesaan", [1.2, 1.5])
    assert a.equals(ulang)  # same inputs, same machine: identical to the last bit
