"""The poverty chapter's numbers, tables and sentences: the national series per semester (P0, number of
poor, poverty line), the near-poor estimates of :mod:`kompendium.hampir_miskin` and how well each model
matched published figures. The charts drawn from these series are in :mod:`kompendium.grafik_kemiskinan`.

Functions named ``ringkas_*`` return the numbers and words the prose cites, keyed by their glue key,
ready for :meth:`kompendium.tempel.Angka.tempel_semua`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompendium.format import angka, dari_ke
from kompendium.hampir_miskin import MIKRO, MODEL
from kompendium.kosakata import (
    DAERAH,
    NAMA_INDONESIA,
    PERDESAAN,
    PERKOTAAN,
    TOTAL,
    label_periode,
    label_periode_seri,
    nasional,
    urutan,
    waktu,
)
from kompendium.tempel import Bilangan
from kompendium.warna import DAERAH as WARNA_DAERAH
from kompendium.warna import OKABE_ITO, nama_warna

NAMA_MODEL = {
    "lognormal": "Log-normal",
    "singh_maddala": "Singh-Maddala",
    "dagum": "Dagum",
    "gb2": "GB2",
    MIKRO: "Data mikro Susenas",
}
#: The short names of the areas in glue keys (``p0_kota_awal``).
SINGKATAN_DAERAH = {PERKOTAAN: "kota", PERDESAAN: "desa", TOTAL: "total"}
#: The processed tables behind the near-poor estimates (their raw files fill the provenance boxes).
SUMBER_ESTIMASI = ("p0_daerah", "p1_daerah", "p2_daerah", "gini_daerah",
                   "bagian_40_persen_terbawah_semester_2015_2025",
                   "bps946_distribusi_pengeluaran_gini_tahunan_2010_2024", "rentan_miskin_terbitan")
#: Diagnostic indicators as the table heads them.
NAMA_DIAGNOSTIK = {"p2": "P2", "gini": "Gini", "bagian40": "Bagian 40 % terbawah"}


def nama_daerah(daerah: str) -> str:
    """How the chapter names an area: the national total of both areas is "Indonesia"."""
    return NAMA_INDONESIA if daerah == TOTAL else daerah


def _tambah_waktu(tabel: pd.DataFrame) -> pd.DataFrame:
    """Add the decimal year (``waktu``, the x axis) and the reader's label (``semester``); sort in time."""
    tabel = tabel.assign(waktu=waktu(tabel["tahun"], tabel["periode"]),
                         semester=label_periode_seri(tabel["tahun"], tabel["periode"]),
                         _urut=urutan(tabel["tahun"], tabel["periode"]))
    return tabel.sort_values("_urut", kind="stable").drop(columns="_urut").reset_index(drop=True)


def seri_nasional(tabel: pd.DataFrame, tahun_awal: int) -> pd.DataFrame:
    """The Indonesia rows per semester since ``tahun_awal``: one column per area, plus ``waktu`` and
    ``semester``. ``tabel`` is a tidy table read with :func:`kompendium.tidy.read_csv`."""
    t = nasional(tabel)
    t = t[t["tahun"] >= tahun_awal]
    if t.empty:
        raise ValueError(f"tabel tidak memuat baris Indonesia sejak {tahun_awal}")
    # pivot, not pivot_table: a semester present but empty (September 2023) stays a row.
    lebar = t.pivot(index=["tahun", "periode"], columns="daerah", values="nilai").reset_index()
    lebar.columns.name = None
    return _tambah_waktu(lebar)


def pangsa_kota(jumlah: pd.DataFrame) -> pd.DataFrame:
    """Number of poor (million) per area, plus the percentage of them who live in urban areas."""
    return jumlah.assign(pangsa_kota=100.0 * jumlah[PERKOTAAN] / jumlah[TOTAL])


def tabel_daerah(lebar: pd.DataFrame) -> pd.DataFrame:
    """The book's table of a national series: one row per semester, one column per area."""
    return (lebar.set_index("semester")[list(DAERAH)].rename(columns=nama_daerah)
            .rename_axis("Semester"))


def _awal_akhir(seri: pd.DataFrame, kolom: str) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """The first and last semester with a value in ``kolom``, and the rows that have one."""
    ada = seri.dropna(subset=[kolom])
    if ada.empty:
        raise ValueError(f"seri tidak punya nilai {kolom} sama sekali")
    return ada.iloc[0], ada.iloc[-1], ada


def ringkas_p0(p0: pd.DataFrame) -> dict[str, Bilangan | str]:
    """P0 in the prose: first and last semester per area, rural over urban, the semesters BPS left
    empty, and the largest urban rise from one semester to the next."""
    awal, akhir, ada = _awal_akhir(p0, TOTAL)
    hasil: dict[str, Bilangan | str] = {"p0_sem_awal": awal["semester"], "p0_sem_akhir": akhir["semester"]}
    for daerah, singkat in SINGKATAN_DAERAH.items():
        hasil[f"p0_{singkat}_awal"] = Bilangan(awal[daerah], 2)
        hasil[f"p0_{singkat}_akhir"] = Bilangan(akhir[daerah], 2)
    hasil["p0_desa_per_kota"] = Bilangan(akhir[PERDESAAN] / akhir[PERKOTAAN], 1)
    hasil["semester_kosong"] = ", ".join(p0.loc[p0[TOTAL].isna(), "semester"])
    naik = ada[PERKOTAAN].diff()
    posisi = int(np.nanargmax(naik.to_numpy()))
    lonjak, sebelum = ada.iloc[posisi], ada.iloc[posisi - 1]
    hasil.update({
        "p0_kota_naik_sem": lonjak["semester"],
        "p0_kota_naik_sem_lalu": sebelum["semester"],
        "p0_kota_naik": Bilangan(naik.iloc[posisi], 2),
        "p0_kota_naik_dari": Bilangan(sebelum[PERKOTAAN], 2),
        "p0_kota_naik_ke": Bilangan(lonjak[PERKOTAAN], 2),
    })
    return hasil


def ringkas_jumlah(jumlah: pd.DataFrame) -> dict[str, Bilangan | str]:
    """Number of poor in the prose: first and last semester per area, and the urban share
    (first, last, highest). ``jumlah`` as made by :func:`pangsa_kota`."""
    awal, akhir, ada = _awal_akhir(jumlah, TOTAL)
    hasil: dict[str, Bilangan | str] = {"jml_sem_awal": awal["semester"], "jml_sem_akhir": akhir["semester"]}
    for daerah, singkat in SINGKATAN_DAERAH.items():
        hasil[f"jml_{singkat}_awal"] = Bilangan(awal[daerah], 2)
        hasil[f"jml_{singkat}_akhir"] = Bilangan(akhir[daerah], 2)
    puncak = ada.loc[ada["pangsa_kota"].idxmax()]
    hasil.update({
        "pangsa_kota_awal": Bilangan(awal["pangsa_kota"], 1),
        "pangsa_kota_akhir": Bilangan(akhir["pangsa_kota"], 1),
        "pangsa_kota_puncak": Bilangan(puncak["pangsa_kota"], 1),
        "pangsa_kota_puncak_sem": puncak["semester"],
    })
    return hasil


def ringkas_garis(garis: pd.DataFrame) -> dict[str, Bilangan | str]:
    """The poverty line in the prose: urban and rural, first and last semester, and how they compare."""
    awal, akhir, _ = _awal_akhir(garis, PERKOTAAN)
    return {
        "gk_sem_awal": awal["semester"],
        "gk_sem_akhir": akhir["semester"],
        "gk_kota_awal": Bilangan(awal[PERKOTAAN], 0),
        "gk_kota_akhir": Bilangan(akhir[PERKOTAAN], 0),
        "gk_desa_awal": Bilangan(awal[PERDESAAN], 0),
        "gk_desa_akhir": Bilangan(akhir[PERDESAAN], 0),
        "gk_kota_per_desa": Bilangan(100 * (akhir[PERKOTAAN] / akhir[PERDESAAN] - 1), 1),
        "gk_kota_kali": Bilangan(akhir[PERKOTAAN] / awal[PERKOTAAN], 1),
    }


# ----------------------------------------------------------------------------- the models, tested

def model_terbaik(peringkat: pd.DataFrame) -> str:
    """The model with the smallest mean absolute error (the ranking's first row)."""
    if peringkat.empty:
        raise ValueError("hampir_miskin_peringkat.csv kosong: tidak ada model yang diuji")
    return str(peringkat["model"].iloc[0])


def ringkas_peringkat(peringkat: pd.DataFrame) -> dict[str, Bilangan | str]:
    """The ranking in the prose: best, second and worst model with their mean absolute errors."""
    model_terbaik(peringkat)
    model, galat = peringkat["model"], peringkat["rata_galat_absolut"]
    return {
        "model_terpilih": NAMA_MODEL[model.iloc[0]],
        "model_kedua": NAMA_MODEL[model.iloc[1]],
        "galat_terpilih": Bilangan(galat.iloc[0], 1),
        "galat_kedua": Bilangan(galat.iloc[1], 1),
        "galat_terburuk": Bilangan(galat.iloc[-1], 1),
        "model_terburuk": NAMA_MODEL[model.iloc[-1]],
        "n_titik_validasi": Bilangan(int(peringkat["n_titik"].iloc[0]), 0),
    }


def _waktu_teks(r: dict) -> str:
    """The period of a published figure as its source gives it: a semester, or only a year."""
    tertulis = str(r["periode_tertulis"])
    return label_periode(r["tahun"], r["periode"]) if "-" in tertulis else tertulis


def _rentang_teks(r: dict) -> str:
    atas = angka(r["atas"], 1)
    return f"< {atas} × garis" if r["bawah"] == 0 else f"{angka(r['bawah'], 1)}–{atas} × garis"


def _rentang_kata(r: dict) -> str:
    if r["bawah"] == 0:
        return f"di bawah {angka(r['atas'], 1)} kali garis kemiskinan"
    return f"antara {angka(r['bawah'], 1)} dan {angka(r['atas'], 1)} kali garis kemiskinan"


def _sumber_teks(r: dict) -> str:
    return r["sumber"].split(",")[0].replace("BPS middle-class release", "rilis BPS tentang kelas menengah")


def _label_pembanding(val: pd.DataFrame) -> list[str]:
    """One row label per published figure: period, area, band and source."""
    return [f"{_waktu_teks(r)}, {nama_daerah(r['daerah'])}, {_rentang_teks(r)} ({_sumber_teks(r)})"
            for r in val.to_dict("records")]


def tabel_validasi(val: pd.DataFrame, peringkat: pd.DataFrame) -> pd.DataFrame:
    """Published figure and every model's estimate, one row per figure, models in ranking order."""
    val = val.assign(**{"Angka pembanding": _label_pembanding(val)})
    estimasi = val.pivot_table(index="Angka pembanding", columns="model", values="estimasi", sort=False)
    tabel = val.groupby("Angka pembanding", sort=False)["terbit"].first().rename("Terbitan").to_frame()
    for m in peringkat["model"]:
        tabel[NAMA_MODEL[m]] = estimasi[m]
    return tabel


def tabel_galat(val: pd.DataFrame, peringkat: pd.DataFrame) -> pd.DataFrame:
    """Each model's error per published figure, and its mean absolute error as the last row."""
    val = val.assign(**{"Angka pembanding": _label_pembanding(val)})
    galat = val.pivot_table(index="Angka pembanding", columns="model", values="galat", sort=False)
    tabel = galat[list(peringkat["model"])].rename(columns=NAMA_MODEL)
    tabel.columns.name = None
    tabel.loc["Rata-rata galat absolut"] = (peringkat.set_index("model")["rata_galat_absolut"]
                                           .rename(NAMA_MODEL))
    return tabel


def ringkas_validasi(val: pd.DataFrame, peringkat: pd.DataFrame) -> dict[str, str]:
    """Two sentences: the published figures compared with, and how the chosen model did on each."""
    terbaik = val[val["model"] == model_terbaik(peringkat)]
    kalimat = []
    for r in terbaik.to_dict("records"):
        arah = "lebih tinggi" if r["galat"] > 0 else "lebih rendah"
        kalimat.append(
            f"untuk {_waktu_teks(r)} ({_rentang_teks(r)}) perkiraannya {angka(r['estimasi'], 1)} persen, "
            f"{angka(abs(r['galat']), 1)} poin persen {arah} daripada angka terbitan "
            f"{angka(r['terbit'], 2)} persen"
        )
    pembanding = val.drop_duplicates(["periode_tertulis", "bawah", "atas"])
    return {
        "kalimat_validasi": "; ".join(kalimat),
        "kalimat_pembanding": "; ".join(
            f"{'sekitar ' if r['perkiraan'] else ''}{angka(r['terbit'], 2 if r['terbit'] % 1 else 0)} "
            f"persen penduduk {'(termasuk yang miskin) ' if r['bawah'] == 0 else ''}berada "
            f"{_rentang_kata(r)} ({_waktu_teks(r)}; {_sumber_teks(r)})"
            for r in pembanding.to_dict("records")
        ),
    }


# ----------------------------------------------------------------------------- near-poor estimates

def _benar(kolom: pd.Series) -> pd.Series:
    """A boolean column as written to CSV (True/False, or 1/0)."""
    return kolom.astype(str).str.lower().isin(["true", "1"])


def rentang_model(hm: pd.DataFrame, batas: float) -> pd.DataFrame:
    """Per area and semester: the chosen model's near-poor percentage, and the lowest and highest
    estimate across models, for the band 1.0 to ``batas`` times the poverty line."""
    t = hm[np.isclose(hm["batas"].astype(float), batas)]
    if t.empty:
        raise ValueError(f"hampir_miskin.csv tidak memuat batas {batas}; tambahkan ke kemiskinan.batas")
    kunci = ["tahun", "periode", "daerah"]
    model = t[t["model"].isin(MODEL)]
    sebaran = model.groupby(kunci)["persen"].agg(persen_min="min", persen_max="max", n_model="size")
    terpilih = t[_benar(t["terpilih"])].set_index(kunci)
    if terpilih.index.duplicated().any():
        raise ValueError("hampir_miskin.csv: lebih dari satu baris terpilih untuk satu daerah, semester "
                         "dan batas")
    hasil = _tambah_waktu(terpilih[["model", "persen", "p0"]].join(sebaran, how="left").reset_index())
    return hasil.sort_values(["daerah", "waktu"], kind="stable").reset_index(drop=True)


def ringkas_hampir_miskin(rentang: pd.DataFrame, p0: pd.DataFrame, terbaik: str) -> dict[str, Bilangan | str]:
    """The near-poor in the prose: the last and first estimate per area with the models' spread,
    the semesters where another model stood in for ``terbaik``, and those without an estimate."""
    dari_model = rentang[rentang["model"] != MIKRO]
    ganti = dari_model[dari_model["model"] != terbaik].drop_duplicates(["tahun", "periode"])
    tanpa = p0[~p0["waktu"].isin(rentang["waktu"]) & p0[TOTAL].notna()]["semester"].tolist()
    kota, desa = (rentang[rentang["daerah"] == d] for d in (PERKOTAAN, PERDESAAN))
    if kota.empty or desa.empty:
        raise ValueError("rentang hampir miskin tidak memuat Perkotaan dan Perdesaan")
    zk, zd, ak, ad = kota.iloc[-1], desa.iloc[-1], kota.iloc[0], desa.iloc[0]
    return {
        "n_semester_ganti": Bilangan(len(ganti), 0),
        "semester_ganti": ", ".join(ganti["semester"]),
        "model_ganti": ", ".join(sorted({NAMA_MODEL[m] for m in dari_model.loc[
            dari_model["model"] != terbaik, "model"]})) or "-",
        "semester_tanpa_estimasi": ", ".join(tanpa) if tanpa else "tidak ada",
        "hm_sem_akhir": zk["semester"],
        "hm_sem_awal": ak["semester"],
        "hm_kota_akhir": Bilangan(zk["persen"], 1),
        "hm_desa_akhir": Bilangan(zd["persen"], 1),
        "hm_kota_awal": Bilangan(ak["persen"], 1),
        "hm_desa_awal": Bilangan(ad["persen"], 1),
        "miskin_kota_akhir": Bilangan(zk["p0"], 1),
        "miskin_desa_akhir": Bilangan(zd["p0"], 1),
        "hm_kota_min": Bilangan(zk["persen_min"], 1),
        "hm_kota_max": Bilangan(zk["persen_max"], 1),
        "hm_desa_min": Bilangan(zd["persen_min"], 1),
        "hm_desa_max": Bilangan(zd["persen_max"], 1),
        "rasio_hm_miskin_kota": Bilangan(zk["persen"] / zk["p0"], 1),
        "sebaran_kota_rata": Bilangan(float((kota["persen_max"] - kota["persen_min"]).mean()), 1),
        "sebaran_desa_rata": Bilangan(float((desa["persen_max"] - desa["persen_min"]).mean()), 1),
    }


def _galat_persen(diag: pd.DataFrame) -> pd.DataFrame:
    return diag.assign(galat_persen=100 * diag["galat_relatif"].abs())


def tabel_diagnostik(diag: pd.DataFrame, peringkat: pd.DataFrame) -> pd.DataFrame:
    """Mean absolute relative error (percent) of each model against BPS's P2, Gini and bottom-40 share."""
    tabel = _galat_persen(diag).pivot_table(index="model", columns="indikator", values="galat_persen",
                                            aggfunc="mean")
    tabel = tabel.reindex(list(peringkat["model"])).rename(index=NAMA_MODEL, columns=NAMA_DIAGNOSTIK)
    tabel.index.name = "Model"
    tabel.columns.name = None
    return tabel


def ringkas_diagnostik(diag: pd.DataFrame, terbaik: str) -> dict[str, Bilangan]:
    """The log-normal's and the chosen model's mean relative error for Gini and P2."""
    diag = _galat_persen(diag)
    hasil = {}
    for model, singkat in (("lognormal", "ln"), (terbaik, "pilih")):
        rata = diag[diag["model"] == model].groupby("indikator")["galat_persen"].mean()
        for indikator in ("gini", "p2"):
            if indikator not in rata:
                raise ValueError(f"hampir_miskin_diagnostik.csv: tidak ada {indikator} untuk model {model}")
            hasil[f"diag_{singkat}_{indikator}"] = Bilangan(float(rata[indikator]), 1)
    return hasil


# ----------------------------------------------------------------------------- Susenas micro data

def semester_mikro(mikro: pd.DataFrame) -> str:
    """The semester a micro-data summary describes."""
    return label_periode(int(mikro["tahun"].iloc[0]), mikro["periode"].iloc[0])


def ringkas_mikro(mikro: pd.DataFrame | None) -> dict[str, str]:
    """Whether this build used Susenas micro data, in a sentence for the reader."""
    if mikro is None:
        return {"status_mikro": "Buku ini dibangun TANPA data mikro: semua angka hampir miskin di atas "
                                "adalah perkiraan dari agregat terbitan."}
    return {"status_mikro": f"Buku ini dibangun DENGAN data mikro Susenas untuk {semester_mikro(mikro)}: "
                            "angka semester itu di gambar dihitung langsung dari data mikro, "
                            "bukan diperkirakan."}


def tabel_mikro(mikro: pd.DataFrame) -> pd.DataFrame:
    """The micro-data summary per area: sample size, P0, P1, P2 and the near-poor shares."""
    pangsa = [c for c in mikro.columns if c.startswith("pangsa_")]
    kolom = ["daerah", "n_sampel", "p0_persen", "p1", "p2", *pangsa]
    return mikro[kolom].set_index("daerah")


# ----------------------------------------------------------------------------- alt text of the figures
# What each figure shows, from the same series it draws (glued with `Angka.tempel_alt`).


def _warna(daerah: str) -> str:
    return nama_warna(WARNA_DAERAH[daerah])


def _di_atas(seri: pd.DataFrame, atas: str, bawah: str) -> str:
    ada = seri.dropna(subset=[atas, bawah])
    lebih = (ada[atas] > ada[bawah])
    return "selalu di atas" if lebih.all() else "di bawah" if not lebih.any() else "kadang di atas, kadang di bawah"


def alt_p0(p0: pd.DataFrame) -> str:
    """Alt text of the P0 chart: each line's first and last value, which is higher, the gap."""
    awal, akhir, _ = _awal_akhir(p0, TOTAL)
    garis = "; ".join(
        f"{nama_daerah(d).lower() if d != TOTAL else NAMA_INDONESIA} "
        f"({_warna(d)}{' putus-putus' if d == TOTAL else ''}) "
        f"{dari_ke(awal[d], akhir[d], 2)}" for d in (PERDESAAN, PERKOTAAN, TOTAL))
    kosong = p0.loc[p0[TOTAL].isna(), "semester"].tolist()
    celah = f" Garis terputus pada {', '.join(kosong)}, semester tanpa angka BPS." if kosong else ""
    return (f"Grafik garis persentase penduduk miskin per semester, {awal['semester']} sampai {akhir['semester']}: "
            f"{garis}. Garis perdesaan {_di_atas(p0, PERDESAAN, PERKOTAAN)} garis perkotaan.{celah}")


def alt_jumlah(jumlah: pd.DataFrame) -> str:
    """Alt text of the two-panel chart: number of poor per area, and the urban share of the poor."""
    awal, akhir, ada = _awal_akhir(jumlah, TOTAL)
    puncak = ada.loc[ada["pangsa_kota"].idxmax()]
    separuh = "tetap di bawah separuh" if (ada["pangsa_kota"] < 50).all() else "pernah melewati separuh"
    return (f"Dua grafik garis, satu di atas yang lain, {awal['semester']} sampai {akhir['semester']}. "
            f"Atas, jumlah penduduk miskin: perdesaan ({_warna(PERDESAAN)}) "
            f"{dari_ke(awal[PERDESAAN], akhir[PERDESAAN], 2, 'juta')}, "
            f"perkotaan ({_warna(PERKOTAAN)}) {dari_ke(awal[PERKOTAAN], akhir[PERKOTAAN], 2, 'juta')}; garis perdesaan "
            f"{_di_atas(ada, PERDESAAN, PERKOTAAN)} garis perkotaan. Bawah, persentase penduduk miskin yang tinggal "
            f"di perkotaan {dari_ke(awal['pangsa_kota'], akhir['pangsa_kota'], 1)} (tertinggi "
            f"{angka(puncak['pangsa_kota'], 1)} persen, {puncak['semester']}), {separuh}.")


def alt_hampir_miskin(rentang: pd.DataFrame) -> str:
    """Alt text of the near-poor figure: the last semester's poor and near-poor per area, and the spread."""
    bagian = []
    for d in (PERKOTAAN, PERDESAAN):
        r = rentang[rentang["daerah"] == d]
        if r.empty:
            continue
        z = r.iloc[-1]
        bagian.append(f"{d.lower()}: {angka(z['p0'], 1)} persen miskin dan {angka(z['persen'], 1)} persen hampir "
                      f"miskin (rentang antar-model {angka(z['persen_min'], 1)}–{angka(z['persen_max'], 1)})")
    z = rentang.iloc[-1]
    return (f"Dua grafik area bertumpuk, atas perkotaan dan bawah perdesaan, per semester sampai {z['semester']}. "
            f"Lapisan bawah {nama_warna(OKABE_ITO['merah'])} adalah persentase penduduk miskin, lapisan "
            f"{nama_warna(OKABE_ITO['oranye'])} di atasnya perkiraan persentase penduduk hampir miskin; garis hitam "
            f"kecil menunjukkan rentang antar-model. Pada semester terakhir, {'; '.join(bagian)}.")


def alt_gambar(p0: pd.DataFrame, jumlah: pd.DataFrame, rentang: pd.DataFrame) -> dict[str, str]:
    """The alt text of every figure of the chapter, keyed as its ``:alt:`` line glues it."""
    return {"alt_p0": alt_p0(p0), "alt_jumlah": alt_jumlah(jumlah), "alt_hampir_miskin": alt_hampir_miskin(rentang)}
