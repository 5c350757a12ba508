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
    """Ticks every third year along a time axis of decimal years (legible one screen wide)."""
    awal, akhir = int(np.floor(waktu.min())), int(np.ceil(waktu.max()))
    gaya.sumbu_tahun(ax, range(awal, akhir + 1, 3))
    ax.set_xlim(awal - 0.4, akhir + 0.4)
    ax.set_xlabel("Tahun (dua titik per tahun: Maret dan September)")


def _legenda_bawah(ax_atau_fig, handles=None, labels=None, ncol: int = 1, y: float = -0.2) -> None:
    """The legend under the chart, outside the axes: it can cover no line or area."""
    if handles is None:
        handles, labels = ax_atau_fig.get_legend_handles_labels()
    ax_atau_fig.legend(handles, labels, frameon=False, loc="upper left", bbox_to_anchor=(0, y), ncol=ncol,
                       borderaxespad=0)


def grafik_p0(p0: pd.DataFrame):
    """Poverty rate (P0) per semester: urban, rural and Indonesia."""
    fig, ax = plt.subplots(figsize=(gaya.LEBAR_GAMBAR, 4.6))
    for daerah in (PERDESAAN, TOTAL, PERKOTAAN):
        ax.plot(p0["waktu"], p0[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                linewidth=2.2 if daerah != TOTAL else 1.5,
                linestyle="-" if daerah != TOTAL else "--", label=nama_daerah(daerah))
    _sumbu_waktu(ax, p0["waktu"])
    ax.set_ylim(0, None)
    ax.set_ylabel("Penduduk miskin (%)")
    ax.set_title("Persentase penduduk miskin (P0)\nmenurut daerah")
    gaya.sumbu_angka(ax, 0)
    _legenda_bawah(ax, ncol=3)
    return fig


def grafik_jumlah_miskin(jumlah: pd.DataFrame):
    """Two panels, one above the other (one screen wide on a phone): number of poor (million), urban
    and rural; percentage of the poor living in urban areas."""
    fig, (atas, bawah) = plt.subplots(2, 1, figsize=(gaya.LEBAR_GAMBAR, 8.4))
    for daerah in (PERKOTAAN, PERDESAAN):
        atas.plot(jumlah["waktu"], jumlah[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                  linewidth=2.2, label=daerah)
    atas.set_ylim(0, None)
    atas.set_ylabel("Juta jiwa")
    atas.set_title("Jumlah penduduk miskin")
    _legenda_bawah(atas, ncol=2, y=-0.22)
    gaya.sumbu_angka(atas, 0)
    bawah.plot(jumlah["waktu"], jumlah["pangsa_kota"], color=gaya.DAERAH[PERKOTAAN], marker="o",
               markersize=3.5, linewidth=2.2)
    bawah.axhline(50, color="#777777", linewidth=0.8, linestyle=":")
    bawah.set_ylim(0, 60)
    bawah.set_ylabel("Persen penduduk miskin")
    bawah.set_title("Persentase penduduk miskin\nyang tinggal di perkotaan")
    gaya.sumbu_angka(bawah, 0)
    for ax in (atas, bawah):
        _sumbu_waktu(ax, jumlah["waktu"])
        ax.set_xlabel("Tahun")
    fig.tight_layout(h_pad=2.5)
    return fig


def grafik_hampir_miskin(rentang: pd.DataFrame, p0: pd.DataFrame, batas: float):
    """The article's figure rebuilt: poor and near-poor (1.0 to ``batas`` times the line) stacked, urban
    and rural, with the spread across models. ``rentang`` from :func:`bab_kemiskinan.rentang_model`."""
    # One panel above the other: each is one screen wide on a phone.
    fig, axes = plt.subplots(2, 1, figsize=(gaya.LEBAR_GAMBAR, 9.6), sharey=True)
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
        ax.set_title(daerah)
        ax.set_ylabel("Persen penduduk daerah itu")
        gaya.sumbu_angka(ax, 0)
    axes[0].set_ylim(0, None)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.suptitle("Persentase penduduk miskin\ndan hampir miskin", fontweight="bold")
    fig.tight_layout(h_pad=2.0)
    _legenda_bawah(axes[1], handles, labels, ncol=1, y=-0.2)
    return fig
