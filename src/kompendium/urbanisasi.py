"""The urbanisation chapter: BPS table 1276 (urban population share by province, 2010-2035)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from kompendium import gaya

INDONESIA = "Indonesia"


def tabel_lebar(proyeksi: pd.DataFrame) -> pd.DataFrame:
    """Provinces as rows (BPS code order, Indonesia last), years as columns."""
    lebar = proyeksi.pivot_table(
        index=["kode_wilayah", "wilayah"], columns="tahun", values="nilai", aggfunc="first"
    )
    lebar = lebar.sort_index(level="kode_wilayah")
    # Indonesia ("00") goes last, as in BPS's table.
    urutan = [k for k in lebar.index if k[0] != "00"] + [k for k in lebar.index if k[0] == "00"]
    lebar = lebar.loc[urutan].droplevel("kode_wilayah")
    lebar.index.name = "Provinsi"
    lebar.columns.name = None
    return lebar


def baris_artikel(proyeksi: pd.DataFrame, tahun: list[int]) -> pd.DataFrame:
    """The article's table: the Indonesia row for its years, in its column order."""
    lebar = tabel_lebar(proyeksi)
    hilang = [t for t in tahun if t not in lebar.columns]
    if hilang:
        raise ValueError(f"tahun {hilang} tidak ada di tabel proyeksi")
    baris = lebar.loc[[INDONESIA], tahun]
    baris.index.name = "Negara"
    return baris


def grafik_tren(proyeksi: pd.DataFrame, sorot: list[str]):
    """Urban share over time: Indonesia in black, highlighted provinces in colour, others grey."""
    lebar = tabel_lebar(proyeksi)
    tidak_dikenal = [p for p in sorot if p not in lebar.index]
    if tidak_dikenal:
        raise ValueError(f"provinsi_sorot tidak dikenal: {tidak_dikenal}")
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    tahun = list(lebar.columns)
    for nama, baris in lebar.iterrows():
        if nama != INDONESIA and nama not in sorot:
            ax.plot(tahun, baris.values, color=gaya.LATAR, linewidth=0.8, alpha=0.7, zorder=1)
    garis = [(INDONESIA, "#000000", 3.0)] + [
        (nama, warna, 2.2) for nama, warna in zip(sorot, gaya.SOROTAN)
    ]
    for nama, warna, tebal in garis:
        nilai = lebar.loc[nama].values
        ax.plot(tahun, nilai, color=warna, linewidth=tebal, marker="o", markersize=4, zorder=3)
        # Direct labels beat a legend: the eye need not travel.
        ax.annotate(
            nama, (tahun[-1], nilai[-1]), xytext=(6, 0), textcoords="offset points",
            va="center", color=warna, fontweight="bold", fontsize=10,
        )
    ax.set_xticks(tahun)
    ax.set_xlim(tahun[0] - 1, tahun[-1] + 9)
    ax.set_ylim(0, 102)
    ax.set_xlabel("Tahun (proyeksi)")
    ax.set_ylabel("Penduduk perkotaan (% dari penduduk provinsi)")
    ax.set_title("Pangsa penduduk perkotaan menurut provinsi, 2010–2035")
    gaya.sumbu_angka(ax, 0)
    ax.text(
        0, -0.2, "Sumber: BPS, tabel statis 1276 (Proyeksi Penduduk Indonesia 2010–2035). "
        "Garis abu-abu: provinsi lain.",
        transform=ax.transAxes, fontsize=8.5, color="#444444",
    )
    return fig
