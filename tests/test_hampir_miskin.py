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


def test_fit_yang_tidak_konvergen_menghentikan_estimasi(monkeypatch) -> None:
    """An optimiser stopped by its iteration cap fails the estimate with the semester and model named."""
    asli = distribusi.fit_dagum

    def berhenti_di_batas_iterasi(*a, **k):
        m = asli(*a, **k)
        m.info["sukses"] = False
        return m

    monkeypatch.setattr(distribusi, "fit_dagum", berhenti_di_batas_iterasi)
    with pytest.raises(ValueError, match=r"Perkotaan Maret 2015: pencocokan dagum tidak konvergen"):
        hm.estimasi_daerah(_agregat(BENAR), "Perkotaan", [1.2])


def test_semua_pencocokan_sungguhan_konvergen() -> None:
    """Every model of every semester fitted from exact aggregates reports convergence."""
    persen, diag = hm.estimasi_daerah(_agregat(BENAR), "Perkotaan", [1.2])
    assert set(persen["model"]) == {"lognormal", "singh_maddala", "dagum", "gb2"}


def test_mulai_hangat_yang_terjebak_diulang_dari_model_bersarang(monkeypatch) -> None:
    """A warm start from the previous semester that ends worse than SM or Dagum (GB2 nests both) is
    refitted from those two, and the better fit is kept."""
    asli = distribusi.fit_gb2
    panggilan = []

    def gb2_terjebak(*a, awal=(), bawaan=True, **k):
        panggilan.append((tuple(type(m).__name__ for m in awal), bawaan))
        m = asli(*a, awal=awal, bawaan=bawaan, **k)
        if len(panggilan) == 1:  # the warm start: pretend it got stuck far from the optimum
            m.info["cost"] = 1.0
        return m

    monkeypatch.setattr(distribusi, "fit_gb2", gb2_terjebak)
    baris = _agregat(BENAR).iloc[1].to_dict()
    hasil = hm._cocokkan_semester(baris, gb2_lalu=BENAR[0])
    assert panggilan == [(("GB2",), False), (("SinghMaddala", "Dagum"), False)]
    acuan = min(hasil[k].info["cost"] for k in ("singh_maddala", "dagum"))
    assert hasil["gb2"].info["cost"] <= acuan * (1 + 1e-6) + 1e-14


def _tidy(indikator: str, baris: list[tuple]) -> pd.DataFrame:
    """A processed BPS table: (kode_wilayah, daerah, tahun, periode, nilai) rows of one indicator."""
    return pd.DataFrame(
        [{"indikator": indikator, "kode_wilayah": k, "wilayah": "x", "daerah": d, "tahun": t, "periode": p,
          "nilai": v, "satuan": "persen", "sumber": "uji"} for k, d, t, p, v in baris]
    )


def test_agregat_terbitan_menggabung_enam_tabel_dengan_urutan_sumber() -> None:
    """National rows only; semester releases before table 946; three-decimal Gini before 946's two
    decimals; 946's annual figure belongs to March (or to the year's only survey); no P0, no row."""
    K = "Perkotaan"
    p0 = _tidy("p0", [("00", K, 2009, "Maret", 10.7), ("00", K, 2010, "Tahunan", 9.87),
                      ("00", K, 2015, "Maret", 8.29), ("00", K, 2015, "September", 8.22),
                      ("11", K, 2015, "Maret", 11.0)])
    p1 = _tidy("p1", [("00", K, 2010, "Tahunan", 1.57), ("00", K, 2015, "Maret", 1.29)])
    p2 = _tidy("p2", [("00", K, 2015, "Maret", 0.34)])
    gini = _tidy("gini", [("0", K, 2015, "September", 0.419)])  # code written as a number
    sem = pd.DataFrame([{"tahun": 2015, "periode": "September", "daerah": K, "bagian_40_persen_terbawah": 15.9}])
    t946 = pd.DataFrame([
        {"daerah": K, "tahun": 2010, "bagian_40_persen_terbawah": 17.57, "gini_2_desimal": 0.38},
        {"daerah": K, "tahun": 2015, "bagian_40_persen_terbawah": 15.83, "gini_2_desimal": 0.43},
    ])
    df = hm.agregat_terbitan(p0, p1, p2, gini, sem, t946).set_index(["tahun", "periode"])
    assert list(df.index) == [(2010, "Tahunan"), (2015, "Maret"), (2015, "September")]  # 2009 before 2010
    assert df.loc[(2010, "Tahunan"), ["bagian40", "gini"]].tolist() == [17.57, 0.38]  # the only survey
    assert df.loc[(2015, "Maret"), ["bagian40", "gini", "p1"]].tolist() == [15.83, 0.43, 1.29]  # 946 = March
    assert df.loc[(2015, "Maret"), "sumber_gini"] == "BPS tabel 946 (2 desimal)"
    sept = df.loc[(2015, "September")]
    assert (sept["bagian40"], sept["gini"], sept["p0"]) == (15.9, 0.419, 8.22)  # not Aceh's 11.0
    assert (sept["sumber_bagian40"], sept["sumber_gini"]) == ("rilis semester BPS", "BPS Gini menurut daerah")
    assert math.isnan(sept["p1"])  # no P1 published for it: left empty, not filled
    assert df["waktu"].is_monotonic_increasing
