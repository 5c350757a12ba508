"""Charts of the poverty chapter: P0, the number of poor and their urban share, and the article's
near-poor figure rebuilt. The series they draw are made by :mod:`kompendium.bab_kemiskinan`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kompendium import gaya
from kompendium.bab_kemiskinan import nama_daerah
from kompendium.format import angka
from kompendium.hampir_miskin import MIKRO
from kompendium.kosakata import PERDESAAN, PERKOTAAN, TOTAL

_WARNA_MISKIN = gaya.OKABE_ITO["merah"]
_WARNA_HAMPIR = gaya.OKABE_ITO["oranye"]


def _sumbu_waktu(ax, waktu: pd.Series) -> None:
    """Ticks on even years along a time axis of decimal years."""
    awal, akhir = int(np.floor(waktu.min())), int(np.ceil(waktu.max()))
    ax.set_xticks(range(awal, akhir + 1, 2))
    ax.set_xlim(awal - 0.4, akhir + 0.4)
    ax.set_xlabel("Tahun (dua titik per tahun: Maret dan September)")


def grafik_p0(p0: pd.DataFrame):
    """Poverty rate (P0) per semester: urban, rural and Indonesia."""
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    for daerah in (PERDESAAN, TOTAL, PERKOTAAN):
        ax.plot(p0["waktu"], p0[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                linewidth=2.2 if daerah != TOTAL else 1.5,
                linestyle="-" if daerah != TOTAL else "--", label=nama_daerah(daerah))
    _sumbu_waktu(ax, p0["waktu"])
    ax.set_ylim(0, None)
    ax.set_ylabel("Penduduk miskin (% penduduk daerah itu)")
    ax.set_title("Persentase penduduk miskin (P0) menurut daerah")
    gaya.sumbu_angka(ax, 0)
    ax.legend(frameon=False, loc="lower left")
    return fig


def grafik_jumlah_miskin(jumlah: pd.DataFrame):
    """Two panels: number of poor (million), urban and rural; percentage of the poor living in urban areas."""
    fig, (kiri, kanan) = plt.subplots(1, 2, figsize=(11, 4.6))
    for daerah in (PERKOTAAN, PERDESAAN):
        kiri.plot(jumlah["waktu"], jumlah[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                  linewidth=2.2, label=daerah)
    kiri.set_ylim(0, None)
    kiri.set_ylabel("Penduduk miskin (juta jiwa)")
    kiri.set_title("Jumlah penduduk miskin")
    kiri.legend(frameon=False, loc="lower left")
    gaya.sumbu_angka(kiri, 0)
    kanan.plot(jumlah["waktu"], jumlah["pangsa_kota"], color=gaya.DAERAH[PERKOTAAN], marker="o",
               markersize=3.5, linewidth=2.2)
    kanan.axhline(50, color="#777777", linewidth=0.8, linestyle=":")
    kanan.set_ylim(0, 60)
    kanan.set_ylabel("Penduduk miskin yang tinggal di kota (%)")
    kanan.set_title("Bagian penduduk miskin yang tinggal di kota")
    gaya.sumbu_angka(kanan, 0)
    for ax in (kiri, kanan):
        _sumbu_waktu(ax, jumlah["waktu"])
        ax.set_xlabel("Tahun")
    fig.tight_layout()
    return fig


def grafik_hampir_miskin(rentang: pd.DataFrame, p0: pd.DataFrame, batas: float):
    """The article's figure rebuilt: poor and near-poor (1.0 to ``batas`` times the line) stacked, urban
    and rural, with the spread across models. ``rentang`` from :func:`bab_kemiskinan.rentang_model`."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 6.2), sharey=True)
    for ax, daerah in zip(axes, (PERKOTAAN, PERDESAAN), strict=False):
        miskin = p0[["waktu", daerah]].rename(columns={daerah: "p0"})
        r = rentang[rentang["daerah"] == daerah][["waktu", "persen", "persen_min", "persen_max", "p0", "model"]]
        d = miskin.merge(r.drop(columns="p0").rename(columns={"persen": "hampir"}), on="waktu", how="left")
        # A micro-data P0 (if any) replaces the published one for its semester: the pair is computed together.
        d = d.merge(r[["waktu", "p0"]].rename(columns={"p0": "p0_pakai"}), on="waktu", how="left")
        d["p0_pakai"] = d["p0_pakai"].fillna(d["p0"])
        atas = d["p0_pakai"] + d["hampir"]
        ax.fill_between(d["waktu"], 0, d["p0_pakai"], color=_WARNA_MISKIN, alpha=0.85, linewidth=0,
                        label="Miskin (di bawah garis kemiskinan)")
        ax.fill_between(d["waktu"], d["p0_pakai"], atas, color=_WARNA_HAMPIR, alpha=0.75, linewidth=0,
                        label=f"Hampir miskin (1,0–{angka(batas, 1)} × garis), perkiraan")
        # The bar spans the lowest to the highest model; drawn around its midpoint, because a
        # micro-data estimate (the chosen value then) may lie outside the models' range.
        ax.errorbar(d["waktu"], d["p0_pakai"] + (d["persen_min"] + d["persen_max"]) / 2,
                    yerr=(d["persen_max"] - d["persen_min"]) / 2,
                    fmt="none", ecolor="#222222", elinewidth=0.9, capsize=2, label="Sebaran antar-model")
        mikro = d["model"].eq(MIKRO)
        if mikro.any():
            ax.plot(d.loc[mikro, "waktu"], atas[mikro], "D", color=gaya.OKABE_ITO["biru"], markersize=7,
                    label="Dihitung dari data mikro Susenas")
        _sumbu_waktu(ax, d["waktu"])
        ax.set_xlabel("Tahun")
        ax.set_title(daerah, fontsize=14)
        gaya.sumbu_angka(ax, 0)
    axes[0].set_ylabel("Persen penduduk daerah itu")
    axes[0].set_ylim(0, None)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, -0.12),
               fontsize=11.5)
    fig.suptitle("Proporsi penduduk miskin dan hampir miskin", fontweight="bold")
    fig.tight_layout()
    return fig
