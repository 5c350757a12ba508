"""The urbanisation chapter: BPS table 1276 (urban population share by province, 2010-2035)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from kompendium import gaya
from kompendium.format import angka, dari_ke
from kompendium.kosakata import KODE_INDONESIA, NAMA_INDONESIA
from kompendium.tempel import Bilangan, Tahun
from kompendium.warna import nama_warna


def tabel_lebar(proyeksi: pd.DataFrame) -> pd.DataFrame:
    """Provinces as rows (BPS code order, Indonesia last), years as columns."""
    lebar = proyeksi.pivot_table(
        index=["kode_wilayah", "wilayah"], columns="tahun", values="nilai", aggfunc="first"
    )
    lebar = lebar.sort_index(level="kode_wilayah")
    # Indonesia goes last, as in BPS's table.
    urutan = ([k for k in lebar.index if k[0] != KODE_INDONESIA]
              + [k for k in lebar.index if k[0] == KODE_INDONESIA])
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
    baris = lebar.loc[[NAMA_INDONESIA], tahun]
    baris.index.name = "Negara"
    return baris


def ringkas_indonesia(lebar: pd.DataFrame) -> dict[str, Bilangan | Tahun]:
    """The national figures the prose cites: first and last year, the rise, when half is passed."""
    indonesia = lebar.loc[NAMA_INDONESIA]
    awal, akhir = int(lebar.columns.min()), int(lebar.columns.max())
    separuh = indonesia[indonesia >= 50]
    if separuh.empty:
        raise ValueError("pangsa perkotaan Indonesia tidak pernah mencapai 50 persen di tabel proyeksi")
    tahun_separuh = int(separuh.index.min())
    return {
        "tahun_awal": Tahun(awal),
        "tahun_akhir": Tahun(akhir),
        "idn_awal": Bilangan(indonesia[awal]),
        "idn_akhir": Bilangan(indonesia[akhir]),
        "idn_naik": Bilangan(indonesia[akhir] - indonesia[awal]),
        "idn_naik_per_5_tahun": Bilangan((indonesia[akhir] - indonesia[awal]) / ((akhir - awal) / 5)),
        "tahun_lewat_separuh": Tahun(tahun_separuh),
        "idn_tahun_lewat_separuh": Bilangan(indonesia[tahun_separuh]),
        "jumlah_provinsi": Bilangan(int((lebar.index != NAMA_INDONESIA).sum()), 0),
    }


def ringkas_provinsi(lebar: pd.DataFrame, sorot: list[str]) -> dict[str, Bilangan | str]:
    """Provinces in the prose: highest and lowest share in the last year, fastest rise, and one
    clause per highlighted province (first and last share, rank in the last year)."""
    _periksa_sorot(lebar, sorot)
    awal, akhir = int(lebar.columns.min()), int(lebar.columns.max())
    provinsi = lebar.drop(index=NAMA_INDONESIA)
    urut_akhir = provinsi[akhir].sort_values()
    naik = (provinsi[akhir] - provinsi[awal]).sort_values()
    kalimat = []
    for nama in sorot:
        baris = lebar.loc[nama]
        peringkat = int((urut_akhir > baris[akhir]).sum()) + 1
        # "tetap 100,0 persen" for DKI Jakarta, never "dari 100,0 menjadi 100,0 persen".
        kalimat.append(f"{nama} {dari_ke(baris[awal], baris[akhir])} (peringkat {peringkat} pada {akhir})")
    return {
        "tertinggi_nama": urut_akhir.index[-1],
        "tertinggi_akhir": Bilangan(urut_akhir.iloc[-1]),
        "terendah_nama": urut_akhir.index[0],
        "terendah_akhir": Bilangan(urut_akhir.iloc[0]),
        "naik_tercepat_nama": naik.index[-1],
        "naik_tercepat": Bilangan(naik.iloc[-1]),
        "sorot_kalimat": "; ".join(kalimat),
        "sorot_nama": ", ".join(sorot),
    }


def alt_tren(proyeksi: pd.DataFrame, sorot: list[str]) -> str:
    """Alt text of the trend chart: Indonesia's and each highlighted province's move, and the spread."""
    lebar = tabel_lebar(proyeksi)
    _periksa_sorot(lebar, sorot)
    awal, akhir = int(lebar.columns.min()), int(lebar.columns.max())
    provinsi = lebar.drop(index=NAMA_INDONESIA)[akhir].sort_values()
    warna = [nama_warna(w) for w in gaya.SOROTAN]
    garis = "; ".join(f"{nama} ({w}) {dari_ke(lebar.loc[nama, awal], lebar.loc[nama, akhir])}"
                      for nama, w in zip(sorot, warna, strict=False))
    return (f"Grafik garis persentase penduduk perkotaan menurut provinsi, proyeksi {awal} sampai {akhir}. "
            f"Garis hitam tebal Indonesia "
            f"{dari_ke(lebar.loc[NAMA_INDONESIA, awal], lebar.loc[NAMA_INDONESIA, akhir])}; "
            f"{garis}. Provinsi lain digambar tipis {nama_warna(gaya.LATAR)}; pada {akhir} angkanya berkisar dari "
            f"{angka(provinsi.iloc[0])} persen ({provinsi.index[0]}) sampai {angka(provinsi.iloc[-1])} persen "
            f"({provinsi.index[-1]}).")


def _periksa_sorot(lebar: pd.DataFrame, sorot: list[str]) -> None:
    tidak_dikenal = [p for p in sorot if p not in lebar.index]
    if tidak_dikenal:
        raise ValueError(f"provinsi_sorot tidak dikenal: {tidak_dikenal}")


def grafik_tren(proyeksi: pd.DataFrame, sorot: list[str]):
    """Urban share over time: Indonesia in black, highlighted provinces in colour, others grey."""
    lebar = tabel_lebar(proyeksi)
    _periksa_sorot(lebar, sorot)
    fig, ax = plt.subplots(figsize=(gaya.LEBAR_GAMBAR + 0.6, 5.2))
    tahun = list(lebar.columns)
    for nama, baris in lebar.iterrows():
        if nama != NAMA_INDONESIA and nama not in sorot:
            ax.plot(tahun, baris.values, color=gaya.LATAR, linewidth=0.8, alpha=0.7, zorder=1)
    garis = [(NAMA_INDONESIA, "#000000", 3.0)] + [
        (nama, warna, 2.2) for nama, warna in zip(sorot, gaya.SOROTAN, strict=False)
    ]
    for nama, warna, tebal in garis:
        nilai = lebar.loc[nama].values
        ax.plot(tahun, nilai, color=warna, linewidth=tebal, marker="o", markersize=4, zorder=3)
        # Direct labels beat a legend: the eye need not travel.
        ax.annotate(
            nama, (tahun[-1], nilai[-1]), xytext=(6, 0), textcoords="offset points",
            va="center", color=warna, fontweight="bold",
        )
    ax.set_xticks(tahun)
    ax.set_xlim(tahun[0] - 1, tahun[-1] + 9)
    ax.set_ylim(0, 102)
    ax.set_xlabel("Tahun (proyeksi)")
    ax.set_ylabel("Penduduk perkotaan (%)")
    ax.set_title("Persentase penduduk perkotaan\nmenurut provinsi, 2010–2035")
    gaya.sumbu_angka(ax, 0)
    return fig
