"""Jalur data mikro Susenas, diuji dengan berkas rumah tangga SINTETIS (bukan data Susenas).

Berkas dibuat di tmp_path dari log-normal yang pangsa-pangsanya diketahui secara analitik, lalu dibaca oleh
perintah `kompendium kemiskinan susenas` (dan, pada uji lambat, oleh aturan `summarise_susenas`). Berkas sintetis
tidak pernah ditulis ke data/.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT, copy_project, run_workflow
from scipy import special

from kompendium import cli

# x = pengeluaran / garis ~ LogNormal(mu, sigma) per daerah (kode R105: 1 = perkotaan, 2 = perdesaan).
PARAM = {1: (0.75, 0.55), 2: (0.45, 0.45)}
N_RT = {1: 24_000, 2: 16_000}
BATAS = (1.2, 1.5)


def analitik(mu: float, s: float) -> dict[str, float]:
    """P0, P1, P2 (x 100) dan pangsa 1,0-b GK yang benar untuk log-normal."""
    phi = special.ndtr
    z0 = -mu / s
    m1 = math.exp(mu + s * s / 2) * phi(z0 - s)  # E[x; x < 1]
    m2 = math.exp(2 * mu + 2 * s * s) * phi(z0 - 2 * s)  # E[x^2; x < 1]
    hasil = {"p0_persen": 100 * phi(z0), "p1": 100 * (phi(z0) - m1), "p2": 100 * (phi(z0) - 2 * m1 + m2)}
    for b in BATAS:
        hasil[f"pangsa_100_{round(b * 100)}"] = 100 * (phi((math.log(b) - mu) / s) - phi(z0))
    return hasil


def buat_berkas(path, seed: int = 20240301) -> pd.DataFrame:
    """Berkas rumah tangga sintetis: pengeluaran per kapita, bobot rumah tangga, garis, daerah, jumlah ART."""
    rng = np.random.default_rng(seed)
    bagian = []
    for kode, (mu, s) in PARAM.items():
        n = N_RT[kode]
        garis = rng.uniform(450_000, 650_000, n)  # garis provinsi x daerah berbeda per rumah tangga
        bagian.append(pd.DataFrame({
            "kapita": garis * rng.lognormal(mu, s, n),
            "fwt": rng.uniform(50, 150, n),  # bobot bebas dari pengeluaran: sebaran berbobot tetap log-normal
            "gk": garis,
            "r105": kode,
            "r301": rng.integers(1, 8, n),
        }))
    df = pd.concat(bagian, ignore_index=True)
    df.to_csv(path, index=False)
    return df


def toleransi(p: float, n: int) -> float:
    """Empat galat baku sebuah proporsi (persen) dengan efek rancangan 1,5 untuk bobot yang bervariasi."""
    return 4 * 100 * math.sqrt(1.5 * (p / 100) * (1 - p / 100) / n)


def test_cli_susenas_mendekati_nilai_analitik(tmp_path) -> None:
    """`kompendium kemiskinan susenas` memberi P0, P1, P2 dan pangsa hampir miskin dekat nilai analitik."""
    berkas = tmp_path / "susenas_sintetis.csv"
    buat_berkas(berkas)
    keluar = tmp_path / "ringkas.csv"
    kode = cli.main(["kemiskinan", "susenas", str(berkas), str(keluar), "--tahun", "2024", "--periode", "Maret",
                     "--pengeluaran", "kapita", "--bobot", "fwt", "--garis", "gk", "--daerah", "r105",
                     "--art", "r301", "--batas", *map(str, BATAS)])
    assert kode == 0
    hasil = pd.read_csv(keluar).set_index("daerah")
    benar = {"Perkotaan": analitik(*PARAM[1]), "Perdesaan": analitik(*PARAM[2])}
    n = {"Perkotaan": N_RT[1], "Perdesaan": N_RT[2]}
    for daerah, nilai in benar.items():
        for kunci in ("p0_persen", "pangsa_100_120", "pangsa_100_150"):
            assert hasil.loc[daerah, kunci] == pytest.approx(nilai[kunci], abs=toleransi(nilai[kunci], n[daerah]))
        # P1 dan P2 jauh lebih kecil dari P0; batasnya ikut skala P0.
        assert hasil.loc[daerah, "p1"] == pytest.approx(nilai["p1"], rel=0.1)
        assert hasil.loc[daerah, "p2"] == pytest.approx(nilai["p2"], rel=0.15)
    # Gabungan = campuran menurut jumlah orang; ART dan bobot tidak bergantung daerah, jadi bobotnya N_RT.
    w = N_RT[1] / (N_RT[1] + N_RT[2])
    p0_total = w * benar["Perkotaan"]["p0_persen"] + (1 - w) * benar["Perdesaan"]["p0_persen"]
    total = hasil.loc["Perkotaan+Perdesaan"]
    assert total["p0_persen"] == pytest.approx(p0_total, abs=toleransi(p0_total, N_RT[1] + N_RT[2]))
    assert (hasil["tahun"] == 2024).all() and (hasil["periode"] == "Maret").all()


def test_cli_susenas_kolom_hilang_disebut(tmp_path, capsys) -> None:
    """Kolom yang tidak ada dilaporkan dengan nama berkas dan nama kolom, kode keluar 2."""
    berkas = tmp_path / "susenas_sintetis.csv"
    buat_berkas(berkas)
    kode = cli.main(["kemiskinan", "susenas", str(berkas), str(tmp_path / "x.csv"), "--tahun", "2024",
                     "--periode", "Maret", "--pengeluaran", "kapita", "--bobot", "bobot_salah", "--garis", "gk"])
    assert kode == 2
    err = capsys.readouterr().err
    assert "susenas_sintetis.csv" in err and "'bobot_salah'" in err


@pytest.mark.slow
def test_aturan_susenas_dipakai_buku(tmp_path) -> None:
    """Dengan susenas_mikro di config, aturan summarise_susenas berjalan dan hampir_miskin.csv memakai hasilnya."""
    proyek = copy_project(tmp_path / "proyek")
    berkas = tmp_path / "rahasia" / "susenas_sintetis.csv"
    berkas.parent.mkdir()
    buat_berkas(berkas)
    config = yaml.safe_load((proyek / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["kemiskinan"]["susenas_mikro"] = {
        "path": str(berkas), "tahun": 2024, "periode": "Maret",
        "kolom": {"pengeluaran": "kapita", "bobot": "fwt", "garis": "gk", "daerah": "r105", "art": "r301"},
    }
    (proyek / "config" / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run_workflow(proyek, "data/processed/hampir_miskin.csv")
    hm = pd.read_csv(proyek / "data" / "processed" / "hampir_miskin.csv")
    sem = hm[(hm["tahun"] == 2024) & (hm["periode"] == "Maret")]
    terpilih = sem[sem["terpilih"]]
    assert set(terpilih["model"]) == {"mikro_susenas"}
    assert set(terpilih["daerah"]) == {"Perkotaan", "Perdesaan", "Perkotaan+Perdesaan"}
    kota = terpilih[(terpilih["daerah"] == "Perkotaan") & np.isclose(terpilih["batas"], 1.2)]
    benar = analitik(*PARAM[1])["pangsa_100_120"]
    assert float(kota["persen"].iloc[0]) == pytest.approx(benar, abs=toleransi(benar, N_RT[1]))
    # Semester lain tetap memakai model yang lolos validasi.
    assert (hm[hm["terpilih"] & (hm["tahun"] != 2024)]["model"] != "mikro_susenas").all()
    val = pd.read_csv(proyek / "data" / "processed" / "hampir_miskin_validasi.csv")
    assert (val["sumber"] == "data mikro Susenas").any()
    # Berkas sintetis tidak pernah masuk ke data/ mana pun.
    for root in (proyek, ROOT):
        assert not list((root / "data").rglob("susenas_sintetis*"))
