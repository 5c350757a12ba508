"""The article's data-backed conclusions, restated with computed numbers and a verdict each.

Verdicts: ``mendukung`` (the data support the article), ``memperhalus`` (they qualify it),
``bertentangan`` (they contradict it). Each rule is written out in the function that applies it,
so a reader can see why a conclusion got its verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kompendium import kosakata
from kompendium import gaya, tidy
from kompendium.klaim import BULAN_KE_PECAHAN, interpolasi_tahunan, semester
from kompendium.urbanisasi import INDONESIA, tabel_lebar

MENDUKUNG = "mendukung"
MEMPERHALUS = "memperhalus"
BERTENTANGAN = "bertentangan"
PUTUSAN = (MENDUKUNG, MEMPERHALUS, BERTENTANGAN)
#: BPS's "rentan miskin": between 1.0 and 1.5 times the poverty line.
BATAS_RENTAN = 1.5


@dataclass
class Kesimpulan:
    """One conclusion: the computed numbers and the verdict on the article's statement."""

    putusan: str
    angka: dict[str, float | int | str] = field(default_factory=dict)


def _urut(tabel: pd.DataFrame) -> pd.DataFrame:
    """Semesters in time order."""
    return tabel.assign(_u=tabel["tahun"] + tabel["periode"].map(BULAN_KE_PECAHAN)).sort_values("_u")


def tren_urbanisasi(proyeksi: pd.DataFrame, tahun_artikel: int) -> Kesimpulan:
    """Indonesia's projected urban share: rising at every step supports the article."""
    baris = tabel_lebar(proyeksi).loc[INDONESIA].dropna()
    langkah = np.diff(baris.values)
    # Rising at every step: supports; falling overall: contradicts; anything else qualifies.
    if (langkah > 0).all():
        putusan = MENDUKUNG
    elif baris.iloc[-1] < baris.iloc[0]:
        putusan = BERTENTANGAN
    else:
        putusan = MEMPERHALUS
    seri = interpolasi_tahunan(proyeksi)
    return Kesimpulan(putusan, {
        "tahun_awal": int(baris.index[0]), "pangsa_awal": float(baris.iloc[0]),
        "tahun_akhir": int(baris.index[-1]), "pangsa_akhir": float(baris.iloc[-1]),
        "naik_poin": float(baris.iloc[-1] - baris.iloc[0]),
        "tahun_artikel": int(tahun_artikel), "pangsa_tahun_artikel": float(seri[tahun_artikel]),
    })


def _p0(p0: pd.DataFrame, daerah: str) -> pd.DataFrame:
    t = p0[(p0["kode_wilayah"] == "00") & (p0["daerah"] == daerah) & (p0["periode"] != kosakata.TAHUNAN)]
    return _urut(t.dropna(subset=["nilai"]))


def kemiskinan_kota(p0: pd.DataFrame, hampir_miskin: pd.DataFrame, klaim_p0: float,
                    batas: float = 1.2, toleransi_poin: float = 1.0) -> Kesimpulan:
    """Latest urban P0 and near-poor share against the article's 'about 7 %, and about as many above'."""
    kota = _p0(p0, kosakata.PERKOTAAN)
    desa = _p0(p0, kosakata.PERDESAAN)
    pilih = hampir_miskin["terpilih"].astype(str).str.lower().isin(["true", "1"])
    hm = hampir_miskin[pilih & (hampir_miskin["daerah"] == kosakata.PERKOTAAN)]
    # The latest semester with both numbers: the near-poor estimate can lag the newest release.
    ada_hm = set(zip(hm["tahun"], hm["periode"]))
    bersama = kota[[k in ada_hm for k in zip(kota["tahun"], kota["periode"])]]
    akhir, awal = (bersama if len(bersama) else kota).iloc[-1], kota.iloc[0]
    desa_akhir = desa[(desa["tahun"] == akhir["tahun"]) & (desa["periode"] == akhir["periode"])]
    desa_awal = desa[(desa["tahun"] == awal["tahun"]) & (desa["periode"] == awal["periode"])]
    hm_sem = hm[(hm["tahun"] == akhir["tahun"]) & (hm["periode"] == akhir["periode"])]

    def _hm(b: float) -> float:
        nilai = hm_sem.loc[np.isclose(hm_sem["batas"].astype(float), b), "persen"]
        return float(nilai.iloc[0]) if len(nilai) else float("nan")

    hm_dekat, hm_lebar = _hm(batas), _hm(BATAS_RENTAN)
    p0_ok = abs(float(akhir["nilai"]) - klaim_p0) < 0.5
    hm_ok = not np.isnan(hm_dekat) and abs(hm_dekat - float(akhir["nilai"])) <= toleransi_poin
    # Both parts hold: supports; one holds: qualifies; neither: contradicts.
    putusan = MENDUKUNG if p0_ok and hm_ok else MEMPERHALUS if p0_ok or hm_ok else BERTENTANGAN
    return Kesimpulan(putusan, {
        "semester_akhir": semester(akhir["tahun"], akhir["periode"]),
        "semester_awal": semester(awal["tahun"], awal["periode"]),
        "p0_kota_akhir": float(akhir["nilai"]), "p0_kota_awal": float(awal["nilai"]),
        "p0_desa_akhir": float(desa_akhir["nilai"].iloc[0]) if len(desa_akhir) else float("nan"),
        "p0_desa_awal": float(desa_awal["nilai"].iloc[0]) if len(desa_awal) else float("nan"),
        "hampir_miskin_kota": hm_dekat, "rentan_miskin_kota": hm_lebar, "batas": float(batas),
        "batas_lebar": BATAS_RENTAN,
    })


def pangsa_miskin_kota(jumlah_miskin: pd.DataFrame) -> pd.DataFrame:
    """Share of Indonesia's poor who live in urban areas, per semester (urban count / total count)."""
    t = jumlah_miskin[jumlah_miskin["kode_wilayah"] == "00"].dropna(subset=["nilai"])
    lebar = t.pivot_table(index=["tahun", "periode"], columns="daerah", values="nilai", aggfunc="first")
    lebar = lebar.dropna(subset=[kosakata.PERKOTAAN, kosakata.TOTAL]).reset_index()
    lebar["pangsa_kota"] = 100 * lebar[kosakata.PERKOTAAN] / lebar[kosakata.TOTAL]
    return _urut(lebar).drop(columns="_u").reset_index(drop=True)[
        ["tahun", "periode", kosakata.PERKOTAAN, kosakata.TOTAL, "pangsa_kota"]]


def pergeseran_miskin_ke_kota(jumlah_miskin: pd.DataFrame, ambang_poin: float = 1.0) -> Kesimpulan:
    """First to latest semester: a rising urban share of the poor supports 'urban poverty matters more'."""
    seri = pangsa_miskin_kota(jumlah_miskin)
    awal, akhir = seri.iloc[0], seri.iloc[-1]
    beda = float(akhir["pangsa_kota"] - awal["pangsa_kota"])
    # A move smaller than `ambang_poin` either way is no trend: it qualifies, it does not decide.
    putusan = MENDUKUNG if beda >= ambang_poin else BERTENTANGAN if beda <= -ambang_poin else MEMPERHALUS
    return Kesimpulan(putusan, {
        "semester_awal": semester(awal["tahun"], awal["periode"]),
        "semester_akhir": semester(akhir["tahun"], akhir["periode"]),
        "pangsa_awal": float(awal["pangsa_kota"]), "pangsa_akhir": float(akhir["pangsa_kota"]),
        "beda_poin": beda, "miskin_kota_awal": float(awal[kosakata.PERKOTAAN]),
        "miskin_kota_akhir": float(akhir[kosakata.PERKOTAAN]), "miskin_total_awal": float(awal[kosakata.TOTAL]),
        "miskin_total_akhir": float(akhir[kosakata.TOTAL]),
    })


def grafik_pangsa_kota(jumlah_miskin: pd.DataFrame, proyeksi: pd.DataFrame):
    """Share of the poor in cities (survey) next to the share of everyone in cities (projection)."""
    seri = pangsa_miskin_kota(jumlah_miskin)
    x = seri["tahun"] + seri["periode"].map(BULAN_KE_PECAHAN)
    penduduk = interpolasi_tahunan(proyeksi)
    penduduk = penduduk[(penduduk.index >= np.floor(x.min())) & (penduduk.index <= np.ceil(x.max()))]
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    ax.plot(x, seri["pangsa_kota"], color=gaya.DAERAH[kosakata.PERKOTAAN], linewidth=2.4, marker="o",
            markersize=3.5, label="Penduduk miskin yang tinggal di kota (Susenas)")
    ax.plot(penduduk.index + 0.5, penduduk.values, color=gaya.OKABE_ITO["oranye"], linewidth=2.2,
            linestyle="--", label="Seluruh penduduk yang tinggal di kota (proyeksi BPS 1276)")
    ax.set_xlabel("Tahun")
    ax.set_ylabel("Persen")
    ax.set_ylim(0, 70)
    ax.set_title("Berapa persen yang tinggal di perkotaan?")
    gaya.sumbu_angka(ax, 0)
    ax.legend(loc="lower right", frameon=False)
    ax.text(0, -0.16, "Sumber: BPS, jumlah penduduk miskin menurut daerah (Maret dan September); "
            "tabel statis 1276 (proyeksi, tahun antara diisi garis lurus).",
            transform=ax.transAxes, fontsize=8.5, color="#444444")
    return fig
