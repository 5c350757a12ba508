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

from kompendium import gaya, kosakata
from kompendium.format import angka as fmt
from kompendium.format import daftar_kata, dari_ke, perubahan
from kompendium.klaim.checkers import desimal_dari
from kompendium.klaim.seri import (
    baris_proyeksi,
    hampir_miskin_terpilih,
    interpolasi_tahunan,
    nasional_urut,
    nilai_pada,
    pada_semester,
    pangsa_hampir_miskin,
    rentang_hampir_miskin,
    urut_waktu,
)
from kompendium.warna import nama_warna

MENDUKUNG = "mendukung"
MEMPERHALUS = "memperhalus"
BERTENTANGAN = "bertentangan"
PUTUSAN = (MENDUKUNG, MEMPERHALUS, BERTENTANGAN)
#: BPS's "rentan miskin": between 1.0 and 1.5 times the poverty line.
BATAS_RENTAN = 1.5


@dataclass
class Kesimpulan:
    """One conclusion: the verdict on the article's statement and the computed numbers behind it.

    ``desimal`` gives the decimals the prose prints a number with (one when not listed); texts are
    glued as they are and ``tahun_*`` numbers as years."""

    putusan: str
    angka: dict[str, float | int | str] = field(default_factory=dict)
    desimal: dict[str, int] = field(default_factory=dict)


def parameter_artikel(registri: list[dict]) -> dict[str, float | int]:
    """The article's year (claim C5), its "about 7 %" and the near-poor band (claim C6), from the
    claims registry, so the conclusions judge the same statements the audit checks."""
    entri = {e["id"]: e for e in registri}
    c5, c6 = entri["C5"], entri["C6"]
    return {"tahun_artikel": int(c5["aturan"]["tahun_rujukan"]), "klaim_p0": c6["nilai_artikel"]["miskin"],
            "batas": float(c6["aturan"]["batas"]), "toleransi_poin": float(c6["aturan"]["toleransi_poin"])}


def tren_urbanisasi(proyeksi: pd.DataFrame, tahun_artikel: int) -> Kesimpulan:
    """Indonesia's projected urban share: rising at every step supports the article."""
    baris = baris_proyeksi(proyeksi)
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


def kemiskinan_kota(p0: pd.DataFrame, hampir_miskin: pd.DataFrame, klaim_p0: float,
                    batas: float = 1.2, toleransi_poin: float = 1.0) -> Kesimpulan:
    """Latest urban P0 and near-poor share against the article's 'about 7 %, and about as many above'."""
    kota = nasional_urut(p0, kosakata.PERKOTAAN, semester_saja=True)
    desa = nasional_urut(p0, kosakata.PERDESAAN, semester_saja=True)
    hm = hampir_miskin_terpilih(hampir_miskin, kosakata.PERKOTAAN)
    # The latest semester with both numbers: the near-poor estimate can lag the newest release.
    bersama = kota[pada_semester(kota, zip(hm["tahun"], hm["periode"], strict=False))]
    akhir, awal = (bersama if len(bersama) else kota).iloc[-1], kota.iloc[0]
    t, p = akhir["tahun"], akhir["periode"]
    hm_dekat = nilai_pada(pangsa_hampir_miskin(hampir_miskin, kosakata.PERKOTAAN, batas), t, p, "persen")
    hm_lebar = nilai_pada(pangsa_hampir_miskin(hampir_miskin, kosakata.PERKOTAAN, BATAS_RENTAN), t, p, "persen")
    # The estimate's band: the spread of the fitted model families in that semester.
    pita_dekat = rentang_hampir_miskin(hampir_miskin, kosakata.PERKOTAAN, batas)
    pita_lebar = rentang_hampir_miskin(hampir_miskin, kosakata.PERKOTAAN, BATAS_RENTAN)
    p0_akhir, p0_awal = float(akhir["nilai"]), float(awal["nilai"])
    desa_akhir, desa_awal = nilai_pada(desa, t, p), nilai_pada(desa, awal["tahun"], awal["periode"])
    p0_ok = abs(p0_akhir - klaim_p0) < 0.5
    hm_ok = not np.isnan(hm_dekat) and abs(hm_dekat - p0_akhir) <= toleransi_poin
    # Both parts hold: supports; one holds: qualifies; neither: contradicts.
    putusan = MENDUKUNG if p0_ok and hm_ok else MEMPERHALUS if p0_ok or hm_ok else BERTENTANGAN
    turun_kota, turun_desa = p0_awal - p0_akhir, desa_awal - desa_akhir
    return Kesimpulan(putusan, {
        "semester_akhir": kosakata.label_periode(t, p),
        "semester_awal": kosakata.label_periode(awal["tahun"], awal["periode"]),
        "p0_kota_akhir": p0_akhir, "p0_kota_awal": p0_awal, "p0_desa_akhir": desa_akhir, "p0_desa_awal": desa_awal,
        "hampir_miskin_kota": hm_dekat, "rentan_miskin_kota": hm_lebar, "batas": float(batas),
        "hampir_miskin_kota_bawah": nilai_pada(pita_dekat, t, p, "bawah"),
        "hampir_miskin_kota_atas": nilai_pada(pita_dekat, t, p, "atas"),
        "rentan_miskin_kota_bawah": nilai_pada(pita_lebar, t, p, "bawah"),
        "rentan_miskin_kota_atas": nilai_pada(pita_lebar, t, p, "atas"),
        "batas_lebar": BATAS_RENTAN,
        "p0_kota_turun": turun_kota, "p0_desa_turun": turun_desa,
        "perubahan_kota": perubahan(-turun_kota, 2), "perubahan_desa": perubahan(-turun_desa, 2),
        "banding": "lebih sedikit daripada" if turun_kota < turun_desa else "tidak lebih sedikit daripada",
        # The prose prints the latest levels at two decimals; the summary table keeps one.
        "p0_kota_akhir_2": p0_akhir, "hampir_miskin_kota_2": hm_dekat,
    }, {"p0_kota_turun": 2, "p0_desa_turun": 2, "p0_kota_akhir_2": 2, "hampir_miskin_kota_2": 2})


def pangsa_miskin_kota(jumlah_miskin: pd.DataFrame) -> pd.DataFrame:
    """Share of Indonesia's poor who live in urban areas, per semester (urban count / total count)."""
    t = kosakata.nasional(jumlah_miskin).dropna(subset=["nilai"])
    lebar = t.pivot_table(index=["tahun", "periode"], columns="daerah", values="nilai", aggfunc="first")
    lebar = lebar.dropna(subset=[kosakata.PERKOTAAN, kosakata.TOTAL]).reset_index()
    lebar["pangsa_kota"] = 100 * lebar[kosakata.PERKOTAAN] / lebar[kosakata.TOTAL]
    return urut_waktu(lebar).reset_index(drop=True)[
        ["tahun", "periode", kosakata.PERKOTAAN, kosakata.TOTAL, "pangsa_kota"]]


def pergeseran_miskin_ke_kota(jumlah_miskin: pd.DataFrame, proyeksi: pd.DataFrame,
                              ambang_poin: float = 1.0) -> Kesimpulan:
    """First to latest semester: a rising urban share of the poor supports 'urban poverty matters more'.

    The projected urban share of everyone in the latest year (table 1276) is the yardstick."""
    seri = pangsa_miskin_kota(jumlah_miskin)
    awal, akhir = seri.iloc[0], seri.iloc[-1]
    beda = float(akhir["pangsa_kota"] - awal["pangsa_kota"])
    # A move smaller than `ambang_poin` either way is no trend: it qualifies, it does not decide.
    putusan = MENDUKUNG if beda >= ambang_poin else BERTENTANGAN if beda <= -ambang_poin else MEMPERHALUS
    tahun_akhir = int(akhir["tahun"])
    # Counts of poor people are in millions, printed at two decimals as BPS does.
    miskin = {"miskin_kota_awal": float(awal[kosakata.PERKOTAAN]),
              "miskin_kota_akhir": float(akhir[kosakata.PERKOTAAN]),
              "miskin_total_awal": float(awal[kosakata.TOTAL]), "miskin_total_akhir": float(akhir[kosakata.TOTAL])}
    return Kesimpulan(putusan, {
        "semester_awal": kosakata.label_periode(awal["tahun"], awal["periode"]),
        "semester_akhir": kosakata.label_periode(akhir["tahun"], akhir["periode"]),
        "pangsa_awal": float(awal["pangsa_kota"]), "pangsa_akhir": float(akhir["pangsa_kota"]),
        "beda_poin": beda, "perubahan": perubahan(beda, 1), **miskin,
        "tahun_akhir": tahun_akhir, "pangsa_penduduk": float(interpolasi_tahunan(proyeksi)[tahun_akhir]),
    }, dict.fromkeys(miskin, 2))


def kalimat_putusan(putusan: list[str]) -> str:
    """The verdicts named once in prose: 'ketiga putusan di atas sama, *mendukung*' when all agree,
    else listed ('*mendukung*, *memperhalus* dan *mendukung*'), never a list of one repeated word."""
    jumlah = {2: "kedua", 3: "ketiga", 4: "keempat"}.get(len(putusan), f"{len(putusan)}")
    if len(set(putusan)) == 1:
        return f"{jumlah.capitalize()} putusan di atas sama, yaitu *{putusan[0]}*,"
    return f"{jumlah.capitalize()} putusan di atas ({daftar_kata([f'*{p}*' for p in putusan])})"


def tempel_angka(angka, kesimpulan: dict[str, Kesimpulan]) -> None:
    """Glue each conclusion's verdict and numbers as ``<prefix>_<key>``, at the decimals it asks for,
    and the sentence naming all verdicts (``kalimat_putusan``).

    ``angka`` is the chapter's :class:`kompendium.tempel.Angka`."""
    angka.tempel_teks("kalimat_putusan", kalimat_putusan([k.putusan for k in kesimpulan.values()]))
    for awalan, k in kesimpulan.items():
        angka.tempel_teks(f"{awalan}_putusan", k.putusan)
        for kunci, nilai in k.angka.items():
            if isinstance(nilai, str):
                angka.tempel_teks(f"{awalan}_{kunci}", nilai)
            elif kunci.startswith("tahun"):
                angka.tempel_tahun(f"{awalan}_{kunci}", nilai)
            else:
                angka.tempel(f"{awalan}_{kunci}", nilai, k.desimal.get(kunci, 1))


def tabel_ringkas(urb: Kesimpulan, kota: Kesimpulan, geser: Kesimpulan, klaim_p0: float) -> pd.DataFrame:
    """The chapter's summary: each premise of the article, what the data show, the verdict."""
    u, k, g = urb.angka, kota.angka, geser.angka
    return pd.DataFrame([
        {"Premis artikel": "Urbanisasi terus naik",
         "Yang ditunjukkan data": f"{fmt(u['pangsa_awal'])} % ({u['tahun_awal']}) → "
                                  f"{fmt(u['pangsa_akhir'])} % ({u['tahun_akhir']}), proyeksi",
         "Putusan": urb.putusan},
        {"Premis artikel": f"Sekitar {fmt(klaim_p0, desimal_dari(klaim_p0))} % penduduk perkotaan miskin, "
                           "dan hampir sebanyak itu sedikit di atas garis",
         "Yang ditunjukkan data": f"P0 perkotaan {fmt(k['p0_kota_akhir'], 2)} %, hampir miskin "
                                  f"{fmt(k['hampir_miskin_kota'], 2)} % ({k['semester_akhir']})",
         "Putusan": kota.putusan},
        {"Premis artikel": "Kemiskinan makin menjadi persoalan perkotaan",
         "Yang ditunjukkan data": f"persentase penduduk miskin yang tinggal di perkotaan {fmt(g['pangsa_awal'])} % "
                                  f"({g['semester_awal']}) → {fmt(g['pangsa_akhir'])} % ({g['semester_akhir']})",
         "Putusan": geser.putusan},
    ])


def grafik_pangsa_kota(jumlah_miskin: pd.DataFrame, proyeksi: pd.DataFrame):
    """Share of the poor in cities (survey) next to the share of everyone in cities (projection)."""
    seri = pangsa_miskin_kota(jumlah_miskin)
    x = kosakata.waktu(seri["tahun"], seri["periode"])
    penduduk = interpolasi_tahunan(proyeksi)
    penduduk = penduduk[(penduduk.index >= np.floor(x.min())) & (penduduk.index <= np.ceil(x.max()))]
    fig, ax = plt.subplots(figsize=(gaya.LEBAR_GAMBAR, 4.6))
    ax.plot(x, seri["pangsa_kota"], color=gaya.DAERAH[kosakata.PERKOTAAN], linewidth=2.4, marker="o",
            markersize=3.5, label="Penduduk miskin yang tinggal\ndi perkotaan (Susenas)")
    # A projected year stands for the whole year: plotted at its middle, like an annual figure.
    ax.plot(
        penduduk.index + kosakata.POSISI_PERIODE[kosakata.TAHUNAN],
        penduduk.values,
        color=gaya.OKABE_ITO["oranye"],
        linewidth=2.2,
        linestyle="--",
        label="Seluruh penduduk yang tinggal\ndi perkotaan (proyeksi BPS 1276)",
    )
    ax.set_xlabel("Tahun")
    ax.set_ylabel("Persen")
    ax.set_ylim(0, 70)
    ax.set_title("Berapa persen yang tinggal\ndi perkotaan?")
    gaya.sumbu_angka(ax, 0)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), frameon=False, borderaxespad=0)
    return fig


def alt_pangsa_kota(jumlah_miskin: pd.DataFrame, proyeksi: pd.DataFrame) -> str:
    """Alt text of :func:`grafik_pangsa_kota`: both lines' first and last values and which is higher."""
    seri = pangsa_miskin_kota(jumlah_miskin)
    x = kosakata.waktu(seri["tahun"], seri["periode"])
    penduduk = interpolasi_tahunan(proyeksi)
    penduduk = penduduk[(penduduk.index >= np.floor(x.min())) & (penduduk.index <= np.ceil(x.max()))]
    awal, akhir = seri.iloc[0], seri.iloc[-1]
    bawah = all(seri.loc[seri["tahun"] == t, "pangsa_kota"].max() < v for t, v in penduduk.items()
                if (seri["tahun"] == t).any())
    return (f"Grafik garis dua seri dalam persen. Garis {nama_warna(gaya.DAERAH[kosakata.PERKOTAAN])} bertitik, "
            f"persentase penduduk miskin Indonesia yang tinggal di perkotaan, "
            f"{dari_ke(awal['pangsa_kota'], akhir['pangsa_kota'])} dari "
            f"{kosakata.label_periode(awal['tahun'], awal['periode'])} sampai "
            f"{kosakata.label_periode(akhir['tahun'], akhir['periode'])}. Garis {nama_warna(gaya.OKABE_ITO['oranye'])} "
            f"putus-putus, persentase seluruh penduduk yang tinggal di perkotaan menurut proyeksi BPS, "
            f"{dari_ke(penduduk.iloc[0], penduduk.iloc[-1])}. Garis penduduk miskin "
            f"{'selalu di bawah' if bawah else 'tidak selalu di bawah'} garis seluruh penduduk.")
