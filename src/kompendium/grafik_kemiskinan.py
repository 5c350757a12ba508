"""Tabel dan grafik bab kemiskinan perkotaan: P0, jumlah penduduk miskin, garis kemiskinan, hampir miskin."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kompendium import gaya
from kompendium.hampir_miskin import MIKRO, MODEL

DAERAH_DUA = ("Perkotaan", "Perdesaan")
NAMA_MODEL = {
    "lognormal": "Log-normal",
    "singh_maddala": "Singh-Maddala",
    "dagum": "Dagum",
    "gb2": "GB2",
    MIKRO: "Data mikro Susenas",
}
NAMA_DAERAH = {"Perkotaan": "Perkotaan", "Perdesaan": "Perdesaan", "Perkotaan+Perdesaan": "Indonesia"}
_WARNA_MISKIN = gaya.OKABE_ITO["merah"]
_WARNA_HAMPIR = gaya.OKABE_ITO["oranye"]


def label_semester(tahun: int, periode: str) -> str:
    """'Maret 2019', 'September 2019', atau '2010' untuk survei tahunan."""
    return str(int(tahun)) if periode == "Tahunan" else f"{periode} {int(tahun)}"


def _waktu(df: pd.DataFrame) -> pd.Series:
    """Tahun desimal: Maret/Tahunan di awal tahun, September di tengah."""
    return df["tahun"].astype(float) + np.where(df["periode"].eq("September"), 0.5, 0.0)


def seri_nasional(tabel: pd.DataFrame, tahun_awal: int) -> pd.DataFrame:
    """Baris Indonesia per semester (sejak tahun_awal), daerah sebagai kolom, plus kolom semester dan waktu."""
    t = tabel[(tabel["kode_wilayah"].astype(int) == 0) & (tabel["tahun"] >= tahun_awal)]
    # pivot, bukan pivot_table: semester yang ada di tabel tetapi kosong (mis. September 2023) tetap menjadi baris.
    lebar = t.pivot(index=["tahun", "periode"], columns="daerah", values="nilai").reset_index()
    lebar["waktu"] = _waktu(lebar)
    lebar["semester"] = [label_semester(a, b) for a, b in zip(lebar["tahun"], lebar["periode"])]
    lebar.columns.name = None
    return lebar.sort_values("waktu").reset_index(drop=True)


def tabel_semester(lebar: pd.DataFrame, kolom: dict[str, str]) -> pd.DataFrame:
    """Tabel buku: satu baris per semester, kolom diganti nama sesuai ``kolom``."""
    return lebar.set_index("semester")[list(kolom)].rename(columns=kolom).rename_axis("Semester")


def _sumbu_waktu(ax, waktu: pd.Series) -> None:
    """Tik tahun genap pada sumbu x waktu."""
    awal, akhir = int(np.floor(waktu.min())), int(np.ceil(waktu.max()))
    ax.set_xticks(range(awal, akhir + 1, 2))
    ax.set_xlim(awal - 0.4, akhir + 0.4)
    ax.set_xlabel("Tahun (dua titik per tahun: Maret dan September)")


def grafik_p0(p0: pd.DataFrame):
    """Persentase penduduk miskin per semester: perkotaan, perdesaan, Indonesia."""
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    for daerah in ("Perdesaan", "Perkotaan+Perdesaan", "Perkotaan"):
        ax.plot(p0["waktu"], p0[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                linewidth=2.2 if daerah != "Perkotaan+Perdesaan" else 1.5,
                linestyle="-" if daerah != "Perkotaan+Perdesaan" else "--", label=NAMA_DAERAH[daerah])
    _sumbu_waktu(ax, p0["waktu"])
    ax.set_ylim(0, None)
    ax.set_ylabel("Penduduk miskin (% penduduk daerah itu)")
    ax.set_title("Persentase penduduk miskin (P0) menurut daerah")
    gaya.sumbu_angka(ax, 0)
    ax.legend(frameon=False, loc="lower left")
    return fig


def pangsa_kota(jumlah: pd.DataFrame) -> pd.DataFrame:
    """Jumlah penduduk miskin (juta) per daerah dan persen yang tinggal di perkotaan."""
    hasil = jumlah.copy()
    hasil["pangsa_kota"] = 100.0 * hasil["Perkotaan"] / hasil["Perkotaan+Perdesaan"]
    return hasil


def grafik_jumlah_miskin(jumlah: pd.DataFrame):
    """Dua panel: jumlah penduduk miskin (juta) kota dan desa; persen penduduk miskin yang tinggal di kota."""
    fig, (kiri, kanan) = plt.subplots(1, 2, figsize=(11, 4.6))
    for daerah in DAERAH_DUA:
        kiri.plot(jumlah["waktu"], jumlah[daerah], color=gaya.DAERAH[daerah], marker="o", markersize=3.5,
                  linewidth=2.2, label=daerah)
    kiri.set_ylim(0, None)
    kiri.set_ylabel("Penduduk miskin (juta jiwa)")
    kiri.set_title("Jumlah penduduk miskin")
    kiri.legend(frameon=False, loc="lower left")
    gaya.sumbu_angka(kiri, 0)
    kanan.plot(jumlah["waktu"], jumlah["pangsa_kota"], color=gaya.DAERAH["Perkotaan"], marker="o",
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


def rentang_model(hm: pd.DataFrame, batas: float) -> pd.DataFrame:
    """Per daerah dan semester: persen terpilih, model terpilih, serta minimum dan maksimum antar-model."""
    t = hm[np.isclose(hm["batas"].astype(float), batas)]
    if t.empty:
        raise ValueError(f"hampir_miskin.csv tidak memuat batas {batas}; tambahkan ke kemiskinan.batas")
    kunci = ["tahun", "periode", "daerah"]
    model = t[t["model"].isin(MODEL)]
    sebaran = model.groupby(kunci)["persen"].agg(persen_min="min", persen_max="max", n_model="size")
    terpilih = t[t["terpilih"].astype(str).str.lower().isin(["true", "1"])].set_index(kunci)
    if terpilih.index.duplicated().any():
        raise ValueError("hampir_miskin.csv: lebih dari satu baris terpilih untuk satu daerah, semester dan batas")
    hasil = terpilih[["model", "persen", "p0"]].join(sebaran, how="left").reset_index()
    hasil["waktu"] = _waktu(hasil)
    hasil["semester"] = [label_semester(a, b) for a, b in zip(hasil["tahun"], hasil["periode"])]
    return hasil.sort_values(["daerah", "waktu"]).reset_index(drop=True)


def grafik_hampir_miskin(rentang: pd.DataFrame, p0: pd.DataFrame, batas: float, judul_batas: str):
    """Gambar artikel dibangun ulang: area bertumpuk miskin + hampir miskin, kota dan desa, dengan sebaran model."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 6.2), sharey=True)
    for ax, daerah in zip(axes, DAERAH_DUA):
        miskin = p0[["waktu", daerah]].rename(columns={daerah: "p0"})
        r = rentang[rentang["daerah"] == daerah][["waktu", "persen", "persen_min", "persen_max", "p0", "model"]]
        d = miskin.merge(r.drop(columns="p0").rename(columns={"persen": "hampir"}), on="waktu", how="left")
        # P0 data mikro (bila ada) menggantikan P0 terbitan untuk semester itu: pasangannya dihitung bersama.
        d = d.merge(r[["waktu", "p0"]].rename(columns={"p0": "p0_pakai"}), on="waktu", how="left")
        d["p0_pakai"] = d["p0_pakai"].fillna(d["p0"])
        atas = d["p0_pakai"] + d["hampir"]
        ax.fill_between(d["waktu"], 0, d["p0_pakai"], color=_WARNA_MISKIN, alpha=0.85, linewidth=0,
                        label="Miskin (di bawah garis kemiskinan)")
        ax.fill_between(d["waktu"], d["p0_pakai"], atas, color=_WARNA_HAMPIR, alpha=0.75, linewidth=0,
                        label=f"Hampir miskin (1,0–{judul_batas} × garis), perkiraan")
        ax.errorbar(d["waktu"], atas, yerr=[d["hampir"] - d["persen_min"], d["persen_max"] - d["hampir"]],
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
