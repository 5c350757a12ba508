"""The charts of the province pages, and the job that draws them all (rule ``draw_province_charts``).

matplotlib is imported by this job and by the one notebook that draws a kabupaten/kota chart
(Lampung), not by the 38 province notebooks, which only show the saved PNG files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from kompendium import gaya, wilayah
from kompendium.format import angka as fmt
from kompendium.kosakata import (
    KODE_INDONESIA,
    NAMA_INDONESIA,
    PERDESAAN,
    PERKOTAAN,
    TOTAL,
    nasional,
)
from kompendium.provinsi.daftar import daftar_provinsi
from kompendium.provinsi.ringkasan import (
    label_urut,
    periksa_sorot,
    read_tables,
    ringkas,
    terakhir,
)
from kompendium.provinsi.teks import (
    WARNA_PROYEKSI,
    WARNA_SOROT_KABKOTA,
    WARNA_SOROT_PROVINSI,
)


def _legenda_bawah(ax, ncol: int = 1) -> None:
    """The legend under the axes, outside them: it can cover no line, bar or label."""
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.2), ncol=ncol, borderaxespad=0)


def grafik_tren(tabel: pd.DataFrame, tabel_nasional: pd.DataFrame, kode: str, nama: str, ukuran: str):
    """Urban and rural series of one province (solid) against Indonesia (dashed); `ukuran` p0 or gk."""
    fig, ax = plt.subplots(figsize=(gaya.LEBAR_GAMBAR, 4.4))
    mulai = tabel[(tabel["kode_wilayah"] == kode)].dropna(subset=["nilai"])["waktu"].min()
    for daerah in (PERKOTAAN, PERDESAAN):
        warna = gaya.DAERAH[daerah]
        for kd, data, gaya_garis, label in (
            (kode, tabel, "-", f"{nama}, {daerah.lower()}"),
            (KODE_INDONESIA, nasional(tabel_nasional), "--", f"{NAMA_INDONESIA}, {daerah.lower()}"),
        ):
            seri = data[(data["kode_wilayah"] == kd) & (data["daerah"] == daerah)].dropna(subset=["nilai"])
            # Indonesia is drawn over the province's own years only (national series start earlier).
            seri = seri[seri["waktu"] >= mulai].sort_values("waktu")
            if seri.empty:
                continue
            nilai = seri["nilai"] / (1000 if ukuran == "gk" else 1)
            ax.plot(seri["waktu"], nilai, gaya_garis, color=warna, linewidth=2.2 if kd == kode else 1.4,
                    marker="o" if kd == kode else None, markersize=3, label=label)
    if ukuran == "p0":
        ax.set_ylabel("Penduduk miskin (%)")
        ax.set_title(f"Persentase penduduk miskin:\n{nama} dan {NAMA_INDONESIA}")
        ax.set_ylim(bottom=0)
    else:
        ax.set_ylabel("Ribu rupiah/kapita/bulan")
        ax.set_title(f"Garis kemiskinan:\n{nama} dan {NAMA_INDONESIA}")
    gaya.sumbu_angka(ax, 0)
    # Whole years as ticks, even for a two-year series (a locator would pick 2024.2, 2024.4, ...).
    awal, akhir = int(mulai), int(tabel["waktu"].max())
    gaya.sumbu_tahun(ax, range(awal, akhir + 1, max(1, math.ceil((akhir - awal + 1) / 6))))
    ax.set_xlabel("Tahun (semester Maret dan September)")
    _legenda_bawah(ax, ncol=2)
    return fig


def grafik_peringkat(p0: pd.DataFrame, kode: str):
    """Latest P0 of every province as bars, this province highlighted (its value in its label),
    Indonesia as a dashed line named in a legend above the bars (no label inside the bars)."""
    urut = terakhir(p0, TOTAL)
    akhir = p0[(p0["urut"] == urut) & (p0["daerah"] == TOTAL)].dropna(subset=["nilai"])
    idn = float(nasional(akhir)["nilai"].iloc[0])
    prov = akhir[akhir["kode_wilayah"] != KODE_INDONESIA].sort_values("nilai")
    nama = wilayah.menurut_kode(kode).nama
    # Tall and narrow: on a phone the whole chart is one screen wide and the names stay legible.
    fig, ax = plt.subplots(figsize=(5.2, 0.25 * len(prov) + 1.8))
    warna = [WARNA_SOROT_PROVINSI if k == kode else gaya.LATAR for k in prov["kode_wilayah"]]
    label = [f"{w} ({fmt(v, 2)})" if k == kode else w
             for k, w, v in zip(prov["kode_wilayah"], prov["wilayah"], prov["nilai"], strict=True)]
    ax.barh(label, prov["nilai"], color=warna, height=0.72)
    ax.axvline(idn, color=gaya.OKABE_ITO["hitam"], linewidth=1.4, linestyle="--",
               label=f"{NAMA_INDONESIA} ({fmt(idn, 2)})")
    for teks in ax.get_yticklabels():
        if teks.get_text().startswith(f"{nama} ("):
            teks.set_fontweight("bold")
            teks.set_color(WARNA_SOROT_PROVINSI)
    ax.set_ylim(-0.6, len(prov) - 0.4)
    ax.set_xlabel("Penduduk miskin (%)")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    gaya.sumbu_angka(ax, 0, sumbu="x")
    ax.set_title(f"Persentase penduduk miskin\nmenurut provinsi, {label_urut(urut)}", pad=30)
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
    return fig


def grafik_proyeksi(proyeksi: pd.DataFrame, kode: str, nama: str):
    """Projected urban share 2010-2035 of one province against Indonesia."""
    fig, ax = plt.subplots(figsize=(gaya.LEBAR_GAMBAR, 4.2))
    for kd, label, warna, garis in ((kode, nama, WARNA_PROYEKSI, "-"),
                                     (KODE_INDONESIA, NAMA_INDONESIA, gaya.OKABE_ITO["hitam"], "--")):
        seri = proyeksi[proyeksi["kode_wilayah"] == kd].sort_values("tahun")
        ax.plot(seri["tahun"], seri["nilai"], garis, color=warna, marker="o", linewidth=2.2, label=label)
    ax.set_ylim(0, 102)
    gaya.sumbu_tahun(ax, sorted(proyeksi["tahun"].unique())[::2])
    ax.set_xlabel("Tahun (proyeksi)")
    ax.set_ylabel("Penduduk perkotaan (%)")
    ax.set_title(f"Persentase penduduk perkotaan:\n{nama} dan {NAMA_INDONESIA}, proyeksi")
    gaya.sumbu_angka(ax, 0)
    _legenda_bawah(ax, ncol=2)
    return fig


def grafik_kabkota(kabkota: pd.DataFrame, sorot: list[str]):
    """Latest P0 of every kabupaten/kota of a province; highlighted ones in colour, the province as a
    dashed line. Values stand in a column right of the axes: no line or bar can run through them."""
    periksa_sorot(kabkota, sorot)
    akhir = kabkota[kabkota["tahun"] == kabkota["tahun"].max()].dropna(subset=["nilai"])
    induk = akhir[akhir["kode_wilayah"].str.len() == 2]
    kk = akhir[akhir["kode_wilayah"].str.len() == 4].sort_values("nilai")
    fig, ax = plt.subplots(figsize=(5.0, 0.34 * len(kk) + 1.8))
    warna = [WARNA_SOROT_KABKOTA if k in sorot else gaya.LATAR for k in kk["kode_wilayah"]]
    ax.barh(kk["wilayah"], kk["nilai"], color=warna, height=0.7)
    # Values in axes-x / data-y coordinates: a column just right of the plotting area.
    kolom = ax.get_yaxis_transform()
    for posisi, (_, b) in enumerate(kk.iterrows()):
        ax.text(1.02, posisi, fmt(b["nilai"], 2), transform=kolom, va="center", ha="left",
                fontweight="bold" if b["kode_wilayah"] in sorot else None)
    nama_sorot = set(kk.loc[kk["kode_wilayah"].isin(sorot), "wilayah"])
    for label in ax.get_yticklabels():
        if label.get_text() in nama_sorot:
            label.set_fontweight("bold")
    if len(induk):
        nilai = float(induk["nilai"].iloc[0])
        ax.axvline(nilai, color=gaya.OKABE_ITO["hitam"], linestyle="--", linewidth=1.3,
                   label=f"{induk['wilayah'].iloc[0]} ({fmt(nilai, 2)})")
        ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
    ax.set_ylim(-0.6, len(kk) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Penduduk miskin (%)")
    gaya.sumbu_angka(ax, 0, sumbu="x")
    ax.set_title(f"Persentase penduduk miskin menurut\nkabupaten/kota, {int(kabkota['tahun'].max())}",
                 pad=30 if len(induk) else None)
    return fig


def write_kabkota_chart(kabkota: pd.DataFrame, sorot: list[str], path: str | Path) -> Path:
    """Draw the kabupaten/kota chart in the book's style and save it as `path` (PNG)."""
    gaya.terapkan()
    return gaya.simpan(grafik_kabkota(kabkota, sorot), path)


def write_charts(kode: str, r: dict, t: dict[str, pd.DataFrame], folder: Path) -> None:
    """Draw and save the charts of one province as <folder>/<name>.png (`r`: its summary)."""
    nama = r["teks"]["nama"]
    dibuat: list[tuple[str, Callable]] = [
        ("p0", lambda: grafik_tren(t["p0"], t["p0_nasional"], kode, nama, "p0")),
        ("gk", lambda: grafik_tren(t["gk"], t["gk_nasional"], kode, nama, "gk")),
        ("peringkat", lambda: grafik_peringkat(t["p0"], kode)),
    ]
    # The same test as the page's prose: a province without a projection has no such chart.
    if "kota_akhir" in r["angka"]:
        dibuat.append(("perkotaan", lambda: grafik_proyeksi(t["proyeksi"], kode, nama)))
    for nama_grafik, buat in dibuat:
        gaya.simpan(buat(), folder / f"{nama_grafik}.png")


def draw_charts(data_dir: str | Path, figures: str | Path, processes: int = 1) -> list[str]:
    """The `draw_province_charts` job: every province's charts, one folder per province.

    `processes` > 1 draws the provinces in that many worker processes (the job's Snakemake threads).
    """
    _DATA.update(read_tables(data_dir))  # inherited by forked workers: the tables are read once
    tugas = [(kode, Path(figures)) for kode in daftar_provinsi()]
    if processes > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.starmap(_draw_one, tugas, chunksize=1)
    return [_draw_one(*x) for x in tugas]


_DATA: dict[str, pd.DataFrame] = {}


def _draw_one(kode: str, figures: Path) -> str:
    """The charts of one province (runs in a worker process); returns its folder."""
    gaya.terapkan()
    r = ringkas(kode, _DATA)
    folder = figures / r["teks"]["slug"]
    write_charts(kode, r, _DATA, folder)
    return str(folder)
