"""The article's numbers, checked: the claims registry, one checker per claim, and the audit table.

Every checker takes its registry entry and the processed tables it names, and returns a
:class:`Hasil`: the value the data give (``nilai_hitung``), a status from :data:`STATUS`, an
explanation that names the data used, and the search results behind it (``temuan``). Where the
article prints a number without a usable source, the checker searches the data for every value
that rounds to it and reports what it found; it never picks a match that the data do not give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kompendium import kosakata
from kompendium.errors import KompendiumError
from kompendium.format import angka
from kompendium.olah import tulis_csv
from kompendium.urbanisasi import INDONESIA, tabel_lebar

COCOK = "cocok"
ATRIBUSI_KELIRU = "cocok-atribusi-keliru"
BERBEDA = "berbeda"
TAK_TERPERIKSA = "tidak-dapat-diverifikasi"
STATUS = (COCOK, ATRIBUSI_KELIRU, BERBEDA, TAK_TERPERIKSA)

#: Columns of data/processed/claims_audit.csv (the first six are the contract).
KOLOM_AUDIT = ["id", "klaim", "nilai_artikel", "nilai_hitung", "status", "penjelasan", "bagian", "data"]
KUNCI_REGISTRI = {"id", "bagian", "klaim", "nilai_artikel", "data", "pemeriksa"}
_ID = re.compile(r"^[A-Z]\d+$")
BULAN_KE_PECAHAN = {kosakata.MARET: 0.25, kosakata.SEPTEMBER: 0.75, kosakata.TAHUNAN: 0.5}


class KlaimError(KompendiumError):
    """The registry, a table or the audit is not as expected."""


@dataclass
class Hasil:
    """What one checker found."""

    nilai_hitung: str
    status: str
    penjelasan: str
    temuan: dict[str, pd.DataFrame] = field(default_factory=dict)
    angka: dict[str, float | int | str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- registry

def path_registri() -> Path:
    """The registry shipped with the package."""
    return Path(str(resources.files("kompendium") / "data" / "klaim.yaml"))


def muat_registri(path: str | Path | None = None) -> list[dict]:
    """Load and check the registry: required keys, unique ids, known checker functions."""
    path = Path(path) if path else path_registri()
    entri = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entri, list):
        raise KlaimError(f"{path}: diharapkan daftar klaim (list YAML)")
    dilihat: set[str] = set()
    for i, e in enumerate(entri, start=1):
        kurang = KUNCI_REGISTRI - set(e)
        if kurang:
            raise KlaimError(f"{path}: entri ke-{i} ({e.get('id', '?')}): kunci {sorted(kurang)} tidak ada")
        if not _ID.match(str(e["id"])) or e["id"] in dilihat:
            raise KlaimError(f"{path}: entri ke-{i}: id {e['id']!r} harus unik dan berbentuk huruf+angka")
        if e["pemeriksa"] not in PEMERIKSA:
            raise KlaimError(f"{path}: {e['id']}: pemeriksa {e['pemeriksa']!r} tidak ada di kompendium.klaim")
        dilihat.add(e["id"])
    return entri


def id_claims_md(path: str | Path) -> list[str]:
    """The claim ids of a CLAIMS.md-style file: the first cell of each table row, e.g. `| C4 |`."""
    ids = []
    for baris in Path(path).read_text(encoding="utf-8").splitlines():
        sel = [s.strip() for s in baris.strip().strip("|").split("|")]
        if baris.lstrip().startswith("|") and sel and _ID.match(sel[0]):
            ids.append(sel[0])
    return ids


# ----------------------------------------------------------------------------- helpers

def desimal_dari(nilai: float | int) -> int:
    """Decimals as the article printed the number (YAML keeps 60.0 as 60.0, 7 as 7)."""
    return max(0, -Decimal(str(nilai)).as_tuple().exponent)


def dalam_pembulatan(nilai, klaim: float, desimal: int):
    """True where `nilai` rounds half-up to `klaim` at `desimal` places (11.65 -> 11.7, 11.75 -> 11.8)."""
    x = np.asarray(nilai, dtype=float)
    setengah = 0.5 * 10.0 ** -desimal
    # 1e-9 absorbs float noise (11.65 stored as 11.6499999...).
    return (x >= klaim - setengah - 1e-9) & (x < klaim + setengah - 1e-9)


def semester(tahun: int, periode: str) -> str:
    """'Maret 2019', or '2010' for an annual figure."""
    return str(int(tahun)) if periode == kosakata.TAHUNAN else f"{periode} {int(tahun)}"


def _nasional(tabel: pd.DataFrame, daerah: str) -> pd.DataFrame:
    """National rows of one area, semesters in time order, without BPS's missing values."""
    t = tabel[(tabel["kode_wilayah"] == "00") & (tabel["daerah"] == daerah)].dropna(subset=["nilai"])
    t = t.assign(_urut=t["tahun"] + t["periode"].map(BULAN_KE_PECAHAN))
    return t.sort_values("_urut").drop(columns="_urut").reset_index(drop=True)


def _daftar(baris: pd.DataFrame, kolom_nama: str | None, desimal: int) -> str:
    """'DI Yogyakarta Maret 2019 (11,70), ...' for the chapter and the CSV."""
    bagian = []
    for _, r in baris.iterrows():
        nama = f"{r[kolom_nama]} " if kolom_nama else ""
        bagian.append(f"{nama}{semester(r['tahun'], r['periode'])} ({angka(r['nilai'], desimal)})")
    return ", ".join(bagian) if bagian else "tidak ada"


def _berkas(nama: str) -> str:
    return f"data/processed/{nama}.csv"


def interpolasi_tahunan(proyeksi: pd.DataFrame, wilayah: str = INDONESIA) -> pd.Series:
    """Table 1276 gives every fifth year; straight lines between them give the years in between."""
    baris = tabel_lebar(proyeksi).loc[wilayah].dropna()
    tahun = np.arange(int(baris.index.min()), int(baris.index.max()) + 1)
    return pd.Series(np.interp(tahun, baris.index.astype(float), baris.values), index=tahun)


# ----------------------------------------------------------------------------- checkers

def periksa_tabel_urbanisasi(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """T1: the article's table against the Indonesia row of BPS table 1276."""
    nama = entri["data"][0]
    lebar = tabel_lebar(tabel[nama])
    desimal = entri.get("aturan", {}).get("desimal", 1)
    baris = []
    for tahun, klaim in entri["nilai_artikel"].items():
        data = lebar.loc[INDONESIA].get(int(tahun), np.nan) if INDONESIA in lebar.index else np.nan
        baris.append({"tahun": int(tahun), "artikel": float(klaim), "data": float(data),
                      "selisih": float(data) - float(klaim),
                      "cocok": bool(pd.notna(data) and dalam_pembulatan(data, klaim, desimal))})
    banding = pd.DataFrame(baris)
    beda = banding[~banding["cocok"] & banding["data"].notna()]
    hilang = banding[banding["data"].isna()]
    urutan = "dari yang terjauh ke yang terdekat" if banding["tahun"].is_monotonic_decreasing else "menaik"
    if len(beda):
        status = BERBEDA
        inti = "tahun " + ", ".join(
            f"{r.tahun} (artikel {angka(r.artikel, desimal)}, data {angka(r.data, desimal)})"
            for r in beda.itertuples())
        inti += " berbeda"
    elif len(hilang):
        status = TAK_TERPERIKSA
        inti = f"tahun {', '.join(map(str, hilang['tahun']))} tidak ada di tabel"
    else:
        status = COCOK
        inti = f"semua {len(banding)} angka artikel sama dengan data pada {desimal} desimal"
    nilai = "; ".join(f"{r.tahun}: {angka(r.data, desimal)}" for r in banding.itertuples())
    penjelasan = (
        f"Baris {INDONESIA} tabel BPS 1276 ({_berkas(nama)}): {inti}. Angkanya proyeksi BPS "
        f"berbasis Sensus Penduduk 2010, yaitu tabel yang disebut daftar pustaka artikel; tahun pada "
        f"baris sumber tabel artikel adalah tahun akses, bukan tahun data. Artikel mengurutkan kolom "
        f"{urutan}."
    )
    return Hasil(nilai, status, penjelasan, {"perbandingan": banding},
                 {"jumlah_cocok": int(banding["cocok"].sum()), "jumlah_tahun": len(banding)})


def periksa_tujuan_urbanisasi(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C1: what table 1276 says about the named provinces (levels and growth of the urban share)."""
    nama_tabel = entri["data"][0]
    lebar = tabel_lebar(tabel[nama_tabel]).drop(index=INDONESIA, errors="ignore")
    awal, akhir = int(lebar.columns.min()), int(lebar.columns.max())
    naik = lebar[akhir] - lebar[awal]
    peringkat_awal = lebar[awal].rank(ascending=False, method="min")
    peringkat_naik = naik.rank(ascending=False, method="min")
    n = len(lebar)
    baris = []
    for prov in entri["nilai_artikel"]["provinsi"]:
        if prov not in lebar.index:
            raise KlaimError(f"{entri['id']}: provinsi {prov!r} tidak ada di {_berkas(nama_tabel)}")
        baris.append({"provinsi": prov, f"pangsa_{awal}": float(lebar.at[prov, awal]),
                      f"pangsa_{akhir}": float(lebar.at[prov, akhir]), "naik_poin": float(naik[prov]),
                      "peringkat_pangsa": int(peringkat_awal[prov]),
                      "peringkat_kenaikan": int(peringkat_naik[prov])})
    hasil = pd.DataFrame(baris)
    nilai = "; ".join(
        f"{r['provinsi']}: {angka(r[f'pangsa_{awal}'])} % pada {awal} (peringkat {r['peringkat_pangsa']} "
        f"dari {n}), naik {angka(r['naik_poin'])} poin sampai {akhir} (peringkat {r['peringkat_kenaikan']})"
        for _, r in hasil.iterrows())
    penjelasan = (
        f"Tabel BPS 1276 ({_berkas(nama_tabel)}) hanya memuat pangsa penduduk perkotaan per provinsi, "
        f"bukan arus migrasi, sehingga tidak bisa menunjukkan ke mana orang berpindah. Yang bisa "
        f"ditunjukkannya: {nilai}. Pangsa yang sudah penuh tidak bisa naik lagi, berapa pun pendatangnya; "
        f"data migrasi (sensus atau SUPAS) tidak ada di kompendium ini."
    )
    return Hasil(nilai, TAK_TERPERIKSA, penjelasan, {"provinsi": hasil},
                 {"jumlah_provinsi": n, "tahun_awal": awal, "tahun_akhir": akhir})


def periksa_penduduk_jakarta(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C2: which recorded Jakarta population matches, and the density with each land area on record."""
    nama_pend, nama_proj = entri["data"][0], entri["data"][1]
    pend = tabel[nama_pend]
    klaim = entri["nilai_artikel"]
    jiwa, padat, tahun_disebut = klaim["penduduk"], klaim["kepadatan"], int(klaim["tahun_disebut"])
    ada = pend.dropna(subset=["penduduk_jiwa"]).copy()
    ada["selisih_jiwa"] = ada["penduduk_jiwa"] - jiwa
    ada["cocok"] = (ada["selisih_jiwa"].abs() <= ada["presisi_jiwa"] + 1e-9)
    penduduk = ada[["tahun", "konsep", "penduduk_jiwa", "presisi_jiwa", "selisih_jiwa", "cocok"]]
    cocok = ada[ada["cocok"]]

    # Every land area on record: stated ones, and those implied by a population and a density.
    luas = pend.dropna(subset=["luas_km2"])[["tahun", "konsep", "luas_km2"]].assign(asal="tercatat")
    tersirat = pend.dropna(subset=["penduduk_jiwa", "kepadatan_per_km2"])
    tersirat = tersirat[tersirat["luas_km2"].isna()]
    luas = pd.concat([luas, pd.DataFrame({
        "tahun": tersirat["tahun"], "konsep": tersirat["konsep"],
        "luas_km2": tersirat["penduduk_jiwa"] / tersirat["kepadatan_per_km2"],
        "asal": "tersirat dari penduduk dibagi kepadatan"})], ignore_index=True)
    luas["kepadatan_hitung"] = jiwa / luas["luas_km2"]
    luas["cocok"] = dalam_pembulatan(luas["kepadatan_hitung"], padat, 0)
    luas_klaim = jiwa / padat

    sensus = pend[pend["konsep"].str.startswith("Sensus")]
    tahun_sensus = sorted(int(t) for t in sensus["tahun"].dropna())
    proj = tabel[nama_proj]
    kode = str(entri.get("aturan", {}).get("kode_provinsi", "31"))
    kota = proj.loc[proj["kode_wilayah"] == kode, "nilai"]
    luas_ok = luas[luas["cocok"] & (luas["asal"] == "tercatat")]

    if cocok.empty:
        status, inti = BERBEDA, "tidak ada angka penduduk tercatat yang sama dengan angka artikel"
    else:
        sumber_cocok = "; ".join(f"{r.konsep}, {int(r.tahun)} ({angka(r.penduduk_jiwa, 0)} jiwa)"
                                 for r in cocok.itertuples())
        benar = cocok["konsep"].str.startswith("Sensus") & (cocok["tahun"] == tahun_disebut)
        status = COCOK if benar.any() and len(luas_ok) else (
            ATRIBUSI_KELIRU if len(luas_ok) else BERBEDA)
        inti = f"angka penduduk sama dengan {sumber_cocok} dalam batas pembulatan sumbernya"
    teks_luas = "; ".join(
        f"{angka(r.luas_km2, 2)} km² ({r.asal}: {r.konsep}{'' if pd.isna(r.tahun) else f', {int(r.tahun)}'}) "
        f"memberi {angka(r.kepadatan_hitung, 0)} jiwa/km²"
        for r in luas.itertuples())
    nilai = (f"penduduk cocok: {len(cocok)} baris; luas tersirat {angka(luas_klaim, 2)} km²; "
             f"kepadatan yang sama hanya dengan {', '.join(angka(x, 2) for x in luas_ok['luas_km2']) or 'tidak ada'} km²")
    penjelasan = (
        f"Data: {_berkas(nama_pend)} (transkripsi angka penduduk, luas dan kepadatan DKI Jakarta) dan "
        f"{_berkas(nama_proj)}. {inti[0].upper() + inti[1:]}. Sensus yang tercatat hanya tahun "
        f"{', '.join(map(str, tahun_sensus))}; tidak ada sensus penduduk tahun {tahun_disebut}. "
        f"Kepadatan artikel berarti luas {angka(luas_klaim, 2)} km²; dengan setiap luas yang tercatat: "
        f"{teks_luas}. Menurut tabel 1276 seluruh penduduk DKI Jakarta tinggal di perkotaan "
        f"({angka(kota.min())} % pada setiap tahun proyeksi), jadi \"penduduk perkotaan\" di sini sama "
        f"dengan seluruh penduduk."
    )
    return Hasil(nilai, status, penjelasan, {"penduduk": penduduk.reset_index(drop=True), "luas": luas},
                 {"luas_tersirat": float(luas_klaim), "jumlah_cocok": len(cocok)})


def periksa_di_luar_data_bps(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C3 and the like: a figure no table here can check; say so and invent no source."""
    penjelasan = (
        "Tidak ada data di kompendium ini yang bisa memeriksanya (tidak ada tabel di data/processed "
        "untuk klaim ini): angkanya tentang negara-negara berkembang, bukan data BPS atau Susenas, dan "
        "artikel tidak menyebut sumbernya. Kami tidak mencari sumber pengganti."
    )
    return Hasil("–", TAK_TERPERIKSA, penjelasan)


def periksa_provinsi_miskin(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C4: which semester is the national rate, which provinces round to the provincial rate."""
    nama_nas, nama_prov, nama_gini = entri["data"]
    klaim_prov, klaim_nas = entri["nilai_artikel"]["provinsi"], entri["nilai_artikel"]["nasional"]
    d_prov, d_nas = desimal_dari(klaim_prov), desimal_dari(klaim_nas)
    nas = _nasional(tabel[nama_nas], kosakata.TOTAL)
    nas_cocok = nas[dalam_pembulatan(nas["nilai"], klaim_nas, d_nas)]
    semester_nas = set(zip(nas_cocok["tahun"], nas_cocok["periode"]))

    prov = tabel[nama_prov]
    prov = prov[(prov["daerah"] == kosakata.TOTAL) & (prov["kode_wilayah"] != "00")].dropna(subset=["nilai"])
    prov_cocok = prov[dalam_pembulatan(prov["nilai"], klaim_prov, d_prov)].copy()
    nilai_nas = nas.set_index(["tahun", "periode"])["nilai"]
    prov_cocok["p0_nasional_saat_itu"] = [nilai_nas.get(k, np.nan)
                                          for k in zip(prov_cocok["tahun"], prov_cocok["periode"])]
    prov_cocok["semester_sama"] = [k in semester_nas for k in zip(prov_cocok["tahun"], prov_cocok["periode"])]
    prov_cocok = prov_cocok.sort_values(["tahun", "periode", "wilayah"])[
        ["wilayah", "tahun", "periode", "nilai", "p0_nasional_saat_itu", "semester_sama"]
    ].reset_index(drop=True)
    sama = prov_cocok[prov_cocok["semester_sama"]]

    konteks = entri.get("aturan", {}).get("provinsi_konteks")
    teks_konteks = ""
    if konteks:
        k = prov[prov["wilayah"] == konteks]
        if k.empty:
            raise KlaimError(f"{entri['id']}: provinsi_konteks {konteks!r} tidak ada di {_berkas(nama_prov)}")
        terdekat = k.loc[(k["nilai"] - klaim_prov).abs().idxmin()]
        pada_nas = k[[(t, p) in semester_nas for t, p in zip(k["tahun"], k["periode"])]]
        teks_konteks = (
            f" {konteks} (provinsi tempat penulis bekerja) paling dekat dengan {angka(klaim_prov, d_prov)} pada "
            f"{semester(terdekat['tahun'], terdekat['periode'])} ({angka(terdekat['nilai'], 2)}), ketika angka "
            f"nasional {angka(nilai_nas.get((terdekat['tahun'], terdekat['periode']), np.nan), 2)}"
            + (f"; pada {_daftar(pada_nas, None, 2).split(' (')[0]} angkanya "
               f"{angka(pada_nas['nilai'].iloc[0], 2)}" if len(pada_nas) else "") + "."
        )
    gini = _nasional(tabel[nama_gini], kosakata.TOTAL)
    gini_sem = gini[[(t, p) in semester_nas for t, p in zip(gini["tahun"], gini["periode"])]]
    teks_gini = (f"Gini nasional pada semester itu {angka(gini_sem['nilai'].iloc[0], 3)}; "
                 if len(gini_sem) else "")

    if nas_cocok.empty:
        status = BERBEDA
    elif len(sama):
        status = COCOK
    elif len(prov_cocok):
        status = ATRIBUSI_KELIRU
    else:
        status = BERBEDA
    nilai = (f"nasional {_daftar(nas_cocok, None, d_nas)}; provinsi pada semester yang sama: "
             f"{_daftar(sama, 'wilayah', 2)}")
    penjelasan = (
        f"Data: {_berkas(nama_nas)}, {_berkas(nama_prov)} dan {_berkas(nama_gini)}. Angka nasional "
        f"{angka(klaim_nas, d_nas)} persen adalah P0 {_daftar(nas_cocok, None, d_nas)}. Provinsi yang "
        f"P0-nya dibulatkan menjadi {angka(klaim_prov, d_prov)} persen ada {len(prov_cocok)}: "
        f"{_daftar(prov_cocok, 'wilayah', 2)}; yang semesternya sama dengan angka nasional: "
        f"{_daftar(sama, 'wilayah', 2)}. Artikel tidak menyebut nama provinsinya.{teks_konteks} "
        f"{teks_gini}Gini per provinsi tidak ada di data kompendium ini (hanya Gini nasional menurut "
        f"daerah), jadi bagian tentang Gini provinsi yang tinggi tidak dapat diperiksa."
    )
    return Hasil(nilai, status, penjelasan, {"nasional": nas_cocok, "provinsi": prov_cocok},
                 {"jumlah_provinsi_cocok": len(prov_cocok), "jumlah_semester_sama": len(sama)})


def periksa_pangsa_perkotaan(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C5: which years of the projection (interpolated) round to the claimed urban share."""
    nama = entri["data"][0]
    klaim = entri["nilai_artikel"]["persen"]
    d = desimal_dari(klaim)
    tahun_ref = int(entri.get("aturan", {}).get("tahun_rujukan", 0))
    seri = interpolasi_tahunan(tabel[nama])
    cocok = seri[dalam_pembulatan(seri.values, klaim, d)]
    ref = float(seri.get(tahun_ref, np.nan))
    if np.isnan(ref):
        status = TAK_TERPERIKSA
    else:
        status = COCOK if dalam_pembulatan(ref, klaim, d) else BERBEDA
    teks_cocok = ", ".join(f"{t} ({angka(v)})" for t, v in cocok.items()) or "tidak ada"
    nilai = f"{tahun_ref}: {angka(ref)} %; {angka(klaim, d)} % dicapai pada {teks_cocok}"
    penjelasan = (
        f"Data: baris {INDONESIA} tabel BPS 1276 ({_berkas(nama)}), proyeksi tiap lima tahun; tahun di "
        f"antaranya kami isi dengan garis lurus. Pangsa yang dibulatkan menjadi {angka(klaim, d)} persen "
        f"jatuh pada {teks_cocok}. Untuk {tahun_ref}, tahun artikel ditulis, proyeksinya "
        f"{angka(ref)} persen."
    )
    tabel_tahun = pd.DataFrame({"tahun": seri.index, "pangsa_perkotaan": seri.values,
                                "cocok": dalam_pembulatan(seri.values, klaim, d)})
    return Hasil(nilai, status, penjelasan, {"tahunan": tabel_tahun},
                 {"tahun_rujukan": tahun_ref, "pangsa_rujukan": ref})


def _hampir_miskin(hm: pd.DataFrame, daerah: str, batas: float) -> pd.DataFrame:
    """The chosen model's near-poor share for one area and one multiple of the poverty line."""
    pilih = hm["terpilih"].astype(str).str.lower().isin(["true", "1"])
    t = hm[pilih & (hm["daerah"] == daerah) & np.isclose(hm["batas"].astype(float), batas)]
    if t.duplicated(["tahun", "periode"]).any():
        raise KlaimError(f"hampir_miskin.csv: lebih dari satu model terpilih untuk {daerah}, batas {batas}")
    return t[["tahun", "periode", "persen"]]


def seri_miskin_hampir_miskin(p0: pd.DataFrame, hm: pd.DataFrame, batas: float) -> pd.DataFrame:
    """P0 and the near-poor share by area and semester, where both exist (F1's regenerated data)."""
    bagian = []
    for daerah in (kosakata.PERKOTAAN, kosakata.PERDESAAN):
        seri = _nasional(p0, daerah)[["tahun", "periode", "nilai"]].rename(columns={"nilai": "p0"})
        gabung = seri.merge(_hampir_miskin(hm, daerah, batas).rename(columns={"persen": "hampir_miskin"}),
                            on=["tahun", "periode"], how="inner")
        bagian.append(gabung.assign(daerah=daerah))
    return pd.concat(bagian, ignore_index=True)[["daerah", "tahun", "periode", "p0", "hampir_miskin"]]


def periksa_miskin_kota(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """C6: urban P0 near the claimed share, and the near-poor share just above the line."""
    nama_p0, nama_hm = entri["data"]
    aturan = entri.get("aturan", {})
    klaim = entri["nilai_artikel"]["miskin"]
    d = desimal_dari(klaim)
    tahun_ref, periode_ref = int(aturan["tahun_rujukan"]), aturan["periode_rujukan"]
    batas, tol = float(aturan["batas"]), float(aturan["toleransi_poin"])
    kota = _nasional(tabel[nama_p0], kosakata.PERKOTAAN)
    kota = kota[kota["periode"] != kosakata.TAHUNAN]
    cocok = kota[dalam_pembulatan(kota["nilai"], klaim, d)]
    ref = kota[(kota["tahun"] == tahun_ref) & (kota["periode"] == periode_ref)]
    p0_ref = float(ref["nilai"].iloc[0]) if len(ref) else np.nan
    hm = _hampir_miskin(tabel[nama_hm], kosakata.PERKOTAAN, batas)
    hm_ref_baris = hm[(hm["tahun"] == tahun_ref) & (hm["periode"] == periode_ref)]
    hm_ref = float(hm_ref_baris["persen"].iloc[0]) if len(hm_ref_baris) else np.nan
    sem_ref = semester(tahun_ref, periode_ref)
    p0_ok = bool(not np.isnan(p0_ref) and dalam_pembulatan(p0_ref, klaim, d))
    if np.isnan(p0_ref) or np.isnan(hm_ref):
        status = TAK_TERPERIKSA
        teks_hm = f"Perkiraan hampir miskin untuk {sem_ref} tidak ada di {_berkas(nama_hm)}."
    else:
        hm_ok = abs(hm_ref - p0_ref) <= tol
        status = COCOK if p0_ok and hm_ok else BERBEDA
        teks_hm = (f"Penduduk kota dengan pengeluaran antara garis kemiskinan dan {angka(batas)} kali garis "
                   f"itu diperkirakan {angka(hm_ref, 2)} persen pada {sem_ref}, "
                   f"{'dalam' if hm_ok else 'di luar'} {angka(tol)} poin dari P0-nya.")
    nilai = f"P0 kota {sem_ref}: {angka(p0_ref, 2)}; hampir miskin (1–{angka(batas)} GK): {angka(hm_ref, 2)}"
    penjelasan = (
        f"Data: {_berkas(nama_p0)} (P0 perkotaan) dan {_berkas(nama_hm)} (perkiraan hampir miskin, model "
        f"terpilih). P0 perkotaan yang dibulatkan menjadi {angka(klaim, d)} persen ada pada "
        f"{len(cocok)} semester, dari {semester(cocok['tahun'].iloc[0], cocok['periode'].iloc[0]) if len(cocok) else '–'} "
        f"sampai {semester(cocok['tahun'].iloc[-1], cocok['periode'].iloc[-1]) if len(cocok) else '–'}; "
        f"pada {sem_ref}, rilis terakhir sebelum artikel dikirim, angkanya {angka(p0_ref, 2)} persen. "
        f"{teks_hm}"
    )
    return Hasil(nilai, status, penjelasan, {"p0_cocok": cocok[["tahun", "periode", "nilai"]]},
                 {"p0_rujukan": p0_ref, "hampir_miskin_rujukan": hm_ref, "jumlah_semester_cocok": len(cocok)})


def periksa_gambar_hampir_miskin(entri: dict, tabel: Mapping[str, pd.DataFrame]) -> Hasil:
    """F1: the lost figure has no values to compare; give the data that redraw it."""
    nama_p0, nama_hm = entri["data"]
    batas = float(entri.get("aturan", {}).get("batas", 1.2))
    seri = seri_miskin_hampir_miskin(tabel[nama_p0], tabel[nama_hm], batas)
    if seri.empty:
        nilai = "–"
        teks = f"Tidak ada semester yang ada di {_berkas(nama_p0)} sekaligus di {_berkas(nama_hm)}."
    else:
        akhir = seri.assign(_u=seri["tahun"] + seri["periode"].map(BULAN_KE_PECAHAN)).sort_values("_u")
        t, p = akhir["tahun"].iloc[-1], akhir["periode"].iloc[-1]
        terakhir = seri[(seri["tahun"] == t) & (seri["periode"] == p)].set_index("daerah")
        nilai = "; ".join(
            f"{dae} {semester(t, p)}: miskin {angka(r.p0, 2)}, hampir miskin {angka(r.hampir_miskin, 2)}"
            for dae, r in terakhir.iterrows())
        teks = (f"Datanya tersedia untuk {seri[['tahun', 'periode']].drop_duplicates().shape[0]} semester; "
                f"yang terakhir: {nilai}.")
    penjelasan = (
        "Gambar artikel tidak terbawa dalam konversi, jadi tidak ada angka yang bisa dibandingkan. "
        f"Bab kemiskinan menggambar ulang proporsinya dari {_berkas(nama_p0)} (P0 perkotaan dan perdesaan) "
        f"dan {_berkas(nama_hm)} (penduduk antara 1 dan {angka(batas)} kali garis kemiskinan). {teks}"
    )
    return Hasil(nilai, TAK_TERPERIKSA, penjelasan, {"seri": seri})


PEMERIKSA: dict[str, Callable[[dict, Mapping[str, pd.DataFrame]], Hasil]] = {
    f.__name__: f for f in (
        periksa_tabel_urbanisasi, periksa_tujuan_urbanisasi, periksa_penduduk_jakarta,
        periksa_di_luar_data_bps, periksa_provinsi_miskin, periksa_pangsa_perkotaan,
        periksa_miskin_kota, periksa_gambar_hampir_miskin,
    )
}


# ----------------------------------------------------------------------------- the audit

def muat_tabel(processed_dir: str | Path, nama: str) -> pd.DataFrame:
    """One processed table by name, region codes kept as text ("00", "31")."""
    path = Path(processed_dir) / f"{nama}.csv"
    if not path.is_file():
        raise KlaimError(f"{path}: tabel olahan tidak ada (jalankan `snakemake --cores 2 {path}`)")
    return pd.read_csv(path, dtype={"kode_wilayah": str})


def _teks_nilai_artikel(nilai: dict) -> str:
    """The claimed values as the article prints them, Indonesian format."""
    if not nilai:
        return "–"
    bagian = []
    for k, v in nilai.items():
        if isinstance(v, list):
            bagian.append(", ".join(map(str, v)))
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            bagian.append(f"{k}: {v}")
        else:
            teks = str(int(v)) if k == "tahun_disebut" else angka(v, desimal_dari(v))
            bagian.append(f"{k}: {teks}")
    return "; ".join(bagian)


def periksa_semua(processed_dir: str | Path, registri: list[dict] | None = None) -> dict[str, Hasil]:
    """Run every checker of the registry on the processed tables."""
    registri = registri if registri is not None else muat_registri()
    tabel: dict[str, pd.DataFrame] = {}
    hasil = {}
    for e in registri:
        for nama in e["data"]:
            if nama not in tabel:
                tabel[nama] = muat_tabel(processed_dir, nama)
        h = PEMERIKSA[e["pemeriksa"]](e, tabel)
        if h.status not in STATUS:
            raise KlaimError(f"{e['id']}: status {h.status!r} bukan salah satu dari {STATUS}")
        hasil[e["id"]] = h
    return hasil


def audit(processed_dir: str | Path, klaim_md: str | Path | None = None,
          registri: list[dict] | None = None) -> pd.DataFrame:
    """One row per claim (contract of claims_audit.csv); raises when an id lacks a row or entry."""
    registri = registri if registri is not None else muat_registri()
    if klaim_md is not None and Path(klaim_md).is_file():
        tanpa_entri = sorted(set(id_claims_md(klaim_md)) - {e["id"] for e in registri})
        if tanpa_entri:
            raise KlaimError(f"{klaim_md}: id {tanpa_entri} tidak punya entri di {path_registri()}")
    hasil = periksa_semua(processed_dir, registri)
    baris = [{
        "id": e["id"], "klaim": " ".join(e["klaim"].split()),
        "nilai_artikel": _teks_nilai_artikel(e["nilai_artikel"]),
        "nilai_hitung": hasil[e["id"]].nilai_hitung, "status": hasil[e["id"]].status,
        "penjelasan": hasil[e["id"]].penjelasan, "bagian": e["bagian"],
        "data": ";".join(_berkas(n) for n in e["data"]),
    } for e in registri if e["id"] in hasil]
    tabel = pd.DataFrame(baris, columns=KOLOM_AUDIT)
    periksa_kelengkapan(tabel, registri)
    return tabel


def periksa_kelengkapan(tabel: pd.DataFrame, registri: list[dict]) -> None:
    """Exactly one row per registry id, each with a known status and an explanation."""
    ids = [e["id"] for e in registri]
    hilang = sorted(set(ids) - set(tabel["id"]))
    ganda = sorted(tabel.loc[tabel["id"].duplicated(), "id"])
    if hilang or ganda:
        raise KlaimError(f"claims_audit: id tanpa baris {hilang}, id ganda {ganda}")
    salah = tabel[~tabel["status"].isin(STATUS) | (tabel["penjelasan"].str.len() == 0)]
    if len(salah):
        raise KlaimError(f"claims_audit: baris {list(salah['id'])} tanpa status sah atau penjelasan")


def tulis_audit(processed_dir: str | Path, output: str | Path, klaim_md: str | Path | None = None) -> Path:
    """The `audit_claims` step: data/processed/claims_audit.csv, written atomically."""
    return tulis_csv(audit(processed_dir, klaim_md), Path(output))


# ----------------------------------------------------------------------------- the chapter's table

#: Status -> (badge colour from Okabe & Ito, text colour, symbol, words). The symbol and the words
#: carry the meaning too, so the badge reads without colour; each text colour keeps contrast >= 4.5.
LENCANA = {
    COCOK: ("#009E73", "#000000", "✓", "cocok"),
    ATRIBUSI_KELIRU: ("#E69F00", "#000000", "≈", "cocok, atribusi keliru"),
    BERBEDA: ("#D55E00", "#FFFFFF", "≠", "berbeda"),
    TAK_TERPERIKSA: ("#BBBBBB", "#000000", "?", "tidak dapat diverifikasi"),
}


def label_status(status: str) -> str:
    """The badge's text: symbol and words (used in prose, where colour is not available)."""
    _, _, simbol, kata = LENCANA[status]
    return f"{simbol} {kata}"


def tabel_status(audit_tabel: pd.DataFrame, judul: str):
    """The audit table for the book: one row per claim, the status as a colour-blind-safe badge."""
    from kompendium.gaya import TabelBuku

    tampil = audit_tabel[["id", "bagian", "klaim", "nilai_artikel", "status"]].rename(
        columns={"id": "Id", "bagian": "Bagian artikel", "klaim": "Yang diklaim",
                 "nilai_artikel": "Angka artikel", "status": "Status"})

    def lencana(status: str) -> str:
        latar, teks, _, _ = LENCANA[status]
        return (f'<span class="lencana-status" style="background-color: {latar}; color: {teks}; '
                f'font-weight: 600; border-radius: 0.4rem; padding: 0.1rem 0.45rem; '
                f'display: inline-block">{label_status(status)}</span>')

    kiri = {"text-align": "left", "vertical-align": "top"}
    html = (tampil.style.hide(axis="index").set_caption(judul).set_uuid("status")
            .format(lencana, subset=["Status"]).set_properties(**kiri).to_html())
    # The plain-text twin carries the words, not the markup.
    teks = (tampil.style.hide(axis="index").format(label_status, subset=["Status"])
            .to_string(delimiter=" | "))
    return TabelBuku(html, f"{judul}\n{teks}")
