"""One checker per kind of claim.

Every checker takes its registry entry and the processed tables it names, and returns a
:class:`~kompendium.klaim.kontrak.Hasil`: the value the data give (``nilai_hitung``), a status, an
explanation that names the data used, and the search results behind it (``temuan``). Where the
article prints a number without a usable source, the checker searches the data for every value
that rounds to it and reports what it found; it never picks a match that the data do not give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import numpy as np
import pandas as pd

from kompendium import kosakata
from kompendium.format import angka, perubahan
from kompendium.klaim.kontrak import (
    ATRIBUSI_KELIRU,
    BERBEDA,
    COCOK,
    TAK_TERPERIKSA,
    Hasil,
    KlaimError,
    berkas,
)
from kompendium.klaim.seri import (
    baris_proyeksi,
    interpolasi_tahunan,
    nasional_urut,
    nilai_pada,
    pada_semester,
    pangsa_hampir_miskin,
    rentang_hampir_miskin,
    seri_miskin_hampir_miskin,
)
from kompendium.urbanisasi import tabel_lebar

Tabel = Mapping[str, pd.DataFrame]


# ----------------------------------------------------------------------------- shared helpers

def desimal_dari(nilai: float) -> int:
    """Decimals as the article printed the number (YAML keeps 60.0 as 60.0, 7 as 7)."""
    return max(0, -Decimal(str(nilai)).as_tuple().exponent)


def dalam_pembulatan(nilai, klaim: float, desimal: int):
    """True where `nilai` rounds half-up to `klaim` at `desimal` places (11.65 -> 11.7, 11.75 -> 11.8)."""
    x = np.asarray(nilai, dtype=float)
    setengah = 0.5 * 10.0 ** -desimal
    # 1e-9 absorbs float noise (11.65 stored as 11.6499999...).
    return (x >= klaim - setengah - 1e-9) & (x < klaim + setengah - 1e-9)


def _aturan(entri: dict) -> dict:
    """The checker's settings of a registry entry (may be absent)."""
    return entri.get("aturan", {}) or {}


def _label(baris) -> str:
    """'Maret 2019' of a row with ``tahun`` and ``periode``."""
    return kosakata.label_periode(baris["tahun"], baris["periode"])


def _daftar(baris: pd.DataFrame, kolom_nama: str | None, desimal: int) -> str:
    """'DI Yogyakarta Maret 2019 (11,70), ...' for the chapter and the CSV."""
    bagian = []
    for _, r in baris.iterrows():
        nama = f"{r[kolom_nama]} " if kolom_nama else ""
        bagian.append(f"{nama}{_label(r)} ({angka(r['nilai'], desimal)})")
    return ", ".join(bagian) if bagian else "tidak ada"


# ----------------------------------------------------------------------------- checkers

def periksa_tabel_urbanisasi(entri: dict, tabel: Tabel) -> Hasil:
    """T1: the article's table against the national row of BPS table 1276."""
    nama = entri["data"][0]
    nasional = baris_proyeksi(tabel[nama])
    desimal = _aturan(entri).get("desimal", 1)
    baris = []
    for tahun, klaim in entri["nilai_artikel"].items():
        data = nasional.get(int(tahun), np.nan)
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
        f"Baris {kosakata.NAMA_INDONESIA} tabel BPS 1276 ({berkas(nama)}): {inti}. Angkanya proyeksi BPS "
        f"berbasis Sensus Penduduk 2010, yaitu tabel yang disebut daftar pustaka artikel; tahun pada "
        f"baris sumber tabel artikel adalah tahun akses, bukan tahun data. Artikel mengurutkan kolom "
        f"{urutan}."
    )
    return Hasil(nilai, status, penjelasan, {"perbandingan": banding},
                 {"jumlah_cocok": int(banding["cocok"].sum()), "jumlah_tahun": len(banding)})


def periksa_tujuan_urbanisasi(entri: dict, tabel: Tabel) -> Hasil:
    """C1: what table 1276 says about the named provinces (levels and growth of the urban share)."""
    nama_tabel = entri["data"][0]
    proyeksi = tabel[nama_tabel]
    lebar = tabel_lebar(proyeksi[proyeksi["kode_wilayah"] != kosakata.KODE_INDONESIA])
    awal, akhir = int(lebar.columns.min()), int(lebar.columns.max())
    naik = lebar[akhir] - lebar[awal]
    peringkat_awal = lebar[awal].rank(ascending=False, method="min")
    peringkat_naik = naik.rank(ascending=False, method="min")
    n = len(lebar)
    baris = []
    for prov in entri["nilai_artikel"]["provinsi"]:
        if prov not in lebar.index:
            raise KlaimError(f"{entri['id']}: provinsi {prov!r} tidak ada di {berkas(nama_tabel)}")
        baris.append({"provinsi": prov, f"pangsa_{awal}": float(lebar.at[prov, awal]),
                      f"pangsa_{akhir}": float(lebar.at[prov, akhir]), "naik_poin": float(naik[prov]),
                      "peringkat_pangsa": int(peringkat_awal[prov]),
                      "peringkat_kenaikan": int(peringkat_naik[prov])})
    hasil = pd.DataFrame(baris)
    nilai = "; ".join(
        f"{r['provinsi']}: {angka(r[f'pangsa_{awal}'])} % pada {awal} (peringkat {r['peringkat_pangsa']} "
        f"dari {n}), {perubahan(r['naik_poin'])} sampai {akhir} (peringkat {r['peringkat_kenaikan']})"
        for _, r in hasil.iterrows())
    penjelasan = (
        f"Tabel BPS 1276 ({berkas(nama_tabel)}) hanya memuat persentase penduduk perkotaan per provinsi, "
        f"bukan arus migrasi, sehingga tidak bisa menunjukkan ke mana orang berpindah. Yang bisa "
        f"ditunjukkannya: {nilai}. Persentase yang sudah mendekati 100 hampir tidak bisa naik lagi, "
        f"berapa pun pendatangnya; data migrasi (sensus atau SUPAS) tidak ada di kompendium ini."
    )
    return Hasil(nilai, TAK_TERPERIKSA, penjelasan, {"provinsi": hasil},
                 {"jumlah_provinsi": n, "tahun_awal": awal, "tahun_akhir": akhir})


def _luas_tercatat(pend: pd.DataFrame) -> pd.DataFrame:
    """Every land area on record: stated ones, and those implied by a population and a density."""
    luas = pend.dropna(subset=["luas_km2"])[["tahun", "konsep", "luas_km2"]].assign(asal="tercatat")
    tersirat = pend.dropna(subset=["penduduk_jiwa", "kepadatan_per_km2"])
    tersirat = tersirat[tersirat["luas_km2"].isna()]
    return pd.concat([luas, pd.DataFrame({
        "tahun": tersirat["tahun"], "konsep": tersirat["konsep"],
        "luas_km2": tersirat["penduduk_jiwa"] / tersirat["kepadatan_per_km2"],
        "asal": "tersirat dari penduduk dibagi kepadatan"})], ignore_index=True)


def periksa_penduduk_jakarta(entri: dict, tabel: Tabel) -> Hasil:
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

    luas = _luas_tercatat(pend)
    luas["kepadatan_hitung"] = jiwa / luas["luas_km2"]
    luas["cocok"] = dalam_pembulatan(luas["kepadatan_hitung"], padat, 0)
    luas_klaim = jiwa / padat

    sensus = pend[pend["konsep"].str.startswith("Sensus")]
    tahun_sensus = sorted(int(t) for t in sensus["tahun"].dropna())
    proj = tabel[nama_proj]
    kode = str(_aturan(entri).get("kode_provinsi", "31"))
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
             f"kepadatan yang sama hanya dengan "
             f"{', '.join(angka(x, 2) for x in luas_ok['luas_km2']) or 'tidak ada'} km²")
    penjelasan = (
        f"Data: {berkas(nama_pend)} (transkripsi angka penduduk, luas dan kepadatan DKI Jakarta) dan "
        f"{berkas(nama_proj)}. {inti[0].upper() + inti[1:]}. Sensus yang tercatat hanya tahun "
        f"{', '.join(map(str, tahun_sensus))}; tidak ada sensus penduduk tahun {tahun_disebut}. "
        f"Kepadatan artikel berarti luas {angka(luas_klaim, 2)} km²; dengan setiap luas yang tercatat: "
        f"{teks_luas}. Menurut tabel 1276 seluruh penduduk DKI Jakarta tinggal di perkotaan "
        f'({angka(kota.min())} % pada setiap tahun proyeksi), jadi "penduduk perkotaan" di sini sama '
        f"dengan seluruh penduduk."
    )
    return Hasil(
        nilai,
        status,
        penjelasan,
        {"penduduk": penduduk.reset_index(drop=True), "luas": luas},
        {"luas_tersirat": float(luas_klaim), "jumlah_cocok": len(cocok)},
    )


def periksa_di_luar_data_bps(entri: dict, tabel: Tabel) -> Hasil:
    """C3 and the like: a figure no table here can check; say so and invent no source."""
    penjelasan = (
        "Tidak ada data di kompendium ini yang bisa memeriksanya (tidak ada tabel di data/processed "
        "untuk klaim ini): angkanya tentang negara-negara berkembang, bukan data BPS atau Susenas, dan "
        "artikel tidak menyebut sumbernya. Kami tidak mencari sumber pengganti."
    )
    return Hasil("–", TAK_TERPERIKSA, penjelasan)


def periksa_provinsi_miskin(entri: dict, tabel: Tabel) -> Hasil:
    """C4: which semester is the national rate, which provinces round to the provincial rate."""
    nama_nas, nama_prov, nama_gini = entri["data"]
    klaim_prov, klaim_nas = entri["nilai_artikel"]["provinsi"], entri["nilai_artikel"]["nasional"]
    d_prov, d_nas = desimal_dari(klaim_prov), desimal_dari(klaim_nas)
    nas = nasional_urut(tabel[nama_nas], kosakata.TOTAL)
    nas_cocok = nas[dalam_pembulatan(nas["nilai"], klaim_nas, d_nas)]
    semester_nas = set(zip(nas_cocok["tahun"], nas_cocok["periode"], strict=False))

    prov = tabel[nama_prov]
    prov = prov[(prov["daerah"] == kosakata.TOTAL) & (prov["kode_wilayah"] != kosakata.KODE_INDONESIA)]
    prov = prov.dropna(subset=["nilai"])
    prov_cocok = prov[dalam_pembulatan(prov["nilai"], klaim_prov, d_prov)].copy()
    nilai_nas = nas.set_index(["tahun", "periode"])["nilai"]
    prov_cocok["p0_nasional_saat_itu"] = [
        nilai_nas.get(k, np.nan) for k in zip(prov_cocok["tahun"], prov_cocok["periode"], strict=False)
    ]
    prov_cocok["semester_sama"] = pada_semester(prov_cocok, semester_nas)
    prov_cocok = prov_cocok.sort_values(["tahun", "periode", "wilayah"])[
        ["wilayah", "tahun", "periode", "nilai", "p0_nasional_saat_itu", "semester_sama"]
    ].reset_index(drop=True)
    sama = prov_cocok[prov_cocok["semester_sama"]]

    konteks = _aturan(entri).get("provinsi_konteks")
    teks_konteks = ""
    if konteks:
        k = prov[prov["wilayah"] == konteks]
        if k.empty:
            raise KlaimError(f"{entri['id']}: provinsi_konteks {konteks!r} tidak ada di {berkas(nama_prov)}")
        terdekat = k.loc[(k["nilai"] - klaim_prov).abs().idxmin()]
        pada_nas = k[pada_semester(k, semester_nas)]
        teks_konteks = (
            f" {konteks} (provinsi tempat penulis bekerja) paling dekat dengan {angka(klaim_prov, d_prov)} pada "
            f"{_label(terdekat)} ({angka(terdekat['nilai'], 2)}), ketika angka "
            f"nasional {angka(nilai_nas.get((terdekat['tahun'], terdekat['periode']), np.nan), 2)}"
            + (
                f"; pada {_label(pada_nas.iloc[0])} angkanya {angka(pada_nas['nilai'].iloc[0], 2)}"
                if len(pada_nas)
                else ""
            )
            + "."
        )
    gini = nasional_urut(tabel[nama_gini], kosakata.TOTAL)
    gini_sem = gini[pada_semester(gini, semester_nas)]
    teks_gini = f"Gini nasional pada semester itu {angka(gini_sem['nilai'].iloc[0], 3)}; " if len(gini_sem) else ""

    if nas_cocok.empty:
        status = BERBEDA
    elif len(sama):
        status = COCOK
    elif len(prov_cocok):
        status = ATRIBUSI_KELIRU
    else:
        status = BERBEDA
    nilai = (
        f"nasional {_daftar(nas_cocok, None, d_nas)}; provinsi pada semester yang sama: {_daftar(sama, 'wilayah', 2)}"
    )
    penjelasan = (
        f"Data: {berkas(nama_nas)}, {berkas(nama_prov)} dan {berkas(nama_gini)}. Angka nasional "
        f"{angka(klaim_nas, d_nas)} persen adalah P0 {_daftar(nas_cocok, None, d_nas)}. Provinsi yang "
        f"P0-nya dibulatkan menjadi {angka(klaim_prov, d_prov)} persen ada {len(prov_cocok)}: "
        f"{_daftar(prov_cocok, 'wilayah', 2)}; yang semesternya sama dengan angka nasional: "
        f"{_daftar(sama, 'wilayah', 2)}. Artikel tidak menyebut nama provinsinya.{teks_konteks} "
        f"{teks_gini}Gini per provinsi tidak ada di data kompendium ini (hanya Gini nasional menurut "
        f"daerah), jadi bagian tentang Gini provinsi yang tinggi tidak dapat diperiksa."
    )
    return Hasil(
        nilai,
        status,
        penjelasan,
        {"nasional": nas_cocok, "provinsi": prov_cocok},
        {"jumlah_provinsi_cocok": len(prov_cocok), "jumlah_semester_sama": len(sama)},
    )


def periksa_pangsa_perkotaan(entri: dict, tabel: Tabel) -> Hasil:
    """C5: which years of the projection (interpolated) round to the claimed urban share."""
    nama = entri["data"][0]
    klaim = entri["nilai_artikel"]["persen"]
    d = desimal_dari(klaim)
    tahun_ref = int(_aturan(entri).get("tahun_rujukan", 0))
    seri = interpolasi_tahunan(tabel[nama])
    sama = dalam_pembulatan(seri.values, klaim, d)
    cocok = seri[sama]
    ref = float(seri.get(tahun_ref, np.nan))
    status = TAK_TERPERIKSA if np.isnan(ref) else COCOK if dalam_pembulatan(ref, klaim, d) else BERBEDA
    teks_cocok = ", ".join(f"{t} ({angka(v)})" for t, v in cocok.items()) or "tidak ada"
    nilai = f"{tahun_ref}: {angka(ref)} %; {angka(klaim, d)} % dicapai pada {teks_cocok}"
    penjelasan = (
        f"Data: baris {kosakata.NAMA_INDONESIA} tabel BPS 1276 ({berkas(nama)}), proyeksi tiap lima tahun; "
        f"tahun di antaranya kami isi dengan garis lurus. Persentase yang dibulatkan menjadi {angka(klaim, d)} "
        f"persen jatuh pada {teks_cocok}. Untuk {tahun_ref}, tahun artikel ditulis, proyeksinya "
        f"{angka(ref)} persen."
    )
    tabel_tahun = pd.DataFrame({"tahun": seri.index, "pangsa_perkotaan": seri.values, "cocok": sama})
    return Hasil(
        nilai, status, penjelasan, {"tahunan": tabel_tahun}, {"tahun_rujukan": tahun_ref, "pangsa_rujukan": ref}
    )


def periksa_miskin_kota(entri: dict, tabel: Tabel) -> Hasil:
    """C6: urban P0 near the claimed share, and the near-poor share just above the line."""
    nama_p0, nama_hm = entri["data"]
    aturan = _aturan(entri)
    klaim = entri["nilai_artikel"]["miskin"]
    d = desimal_dari(klaim)
    tahun_ref, periode_ref = int(aturan["tahun_rujukan"]), aturan["periode_rujukan"]
    batas, tol = float(aturan["batas"]), float(aturan["toleransi_poin"])
    kota = nasional_urut(tabel[nama_p0], kosakata.PERKOTAAN, semester_saja=True)
    cocok = kota[dalam_pembulatan(kota["nilai"], klaim, d)]
    p0_ref = nilai_pada(kota, tahun_ref, periode_ref)
    hm_ref = nilai_pada(
        pangsa_hampir_miskin(tabel[nama_hm], kosakata.PERKOTAAN, batas), tahun_ref, periode_ref, "persen"
    )
    rentang = rentang_hampir_miskin(tabel[nama_hm], kosakata.PERKOTAAN, batas)
    hm_bawah = nilai_pada(rentang, tahun_ref, periode_ref, "bawah")
    hm_atas = nilai_pada(rentang, tahun_ref, periode_ref, "atas")
    sem_ref = kosakata.label_periode(tahun_ref, periode_ref)
    p0_ok = bool(not np.isnan(p0_ref) and dalam_pembulatan(p0_ref, klaim, d))
    if np.isnan(p0_ref) or np.isnan(hm_ref):
        status = TAK_TERPERIKSA
        teks_hm = f"Perkiraan hampir miskin untuk {sem_ref} tidak ada di {berkas(nama_hm)}."
    else:
        hm_ok = abs(hm_ref - p0_ref) <= tol
        status = COCOK if p0_ok and hm_ok else BERBEDA
        teks_hm = (
            f"Penduduk kota dengan pengeluaran antara garis kemiskinan dan {angka(batas)} kali garis "
            f"itu diperkirakan {angka(hm_ref, 2)} persen pada {sem_ref}, "
            f"{'dalam' if hm_ok else 'di luar'} {angka(tol)} poin dari P0-nya. Keluarga model yang lain "
            f"memberi {angka(hm_bawah, 2)} sampai {angka(hm_atas, 2)} persen (rentang ketidakpastian)."
        )
    nilai = (f"P0 kota {sem_ref}: {angka(p0_ref, 2)}; hampir miskin (1–{angka(batas)} GK): {angka(hm_ref, 2)} "
             f"(rentang model {angka(hm_bawah, 2)}–{angka(hm_atas, 2)})")
    dari, sampai = (_label(cocok.iloc[0]), _label(cocok.iloc[-1])) if len(cocok) else ("–", "–")
    penjelasan = (
        f"Data: {berkas(nama_p0)} (P0 perkotaan) dan {berkas(nama_hm)} (perkiraan hampir miskin, model "
        f"terpilih). P0 perkotaan yang dibulatkan menjadi {angka(klaim, d)} persen ada pada "
        f"{len(cocok)} semester, dari {dari} sampai {sampai}; pada {sem_ref}, rilis terakhir sebelum "
        f"artikel dikirim, angkanya {angka(p0_ref, 2)} persen. {teks_hm}"
    )
    return Hasil(
        nilai,
        status,
        penjelasan,
        {"p0_cocok": cocok[["tahun", "periode", "nilai"]]},
        {"p0_rujukan": p0_ref, "hampir_miskin_rujukan": hm_ref, "jumlah_semester_cocok": len(cocok)},
    )


def periksa_gambar_hampir_miskin(entri: dict, tabel: Tabel) -> Hasil:
    """F1: the lost figure has no values to compare; give the data that redraw it."""
    nama_p0, nama_hm = entri["data"]
    batas = float(_aturan(entri).get("batas", 1.2))
    seri = seri_miskin_hampir_miskin(tabel[nama_p0], tabel[nama_hm], batas)
    if seri.empty:
        nilai = "–"
        teks = f"Tidak ada semester yang ada di {berkas(nama_p0)} sekaligus di {berkas(nama_hm)}."
    else:
        t, p = kosakata.dari_urutan(int(kosakata.urutan(seri["tahun"], seri["periode"]).max()))
        terakhir = seri[(seri["tahun"] == t) & (seri["periode"] == p)].set_index("daerah")
        nilai = "; ".join(
            f"{dae} {kosakata.label_periode(t, p)}: miskin {angka(r.p0, 2)}, hampir miskin "
            f"{angka(r.hampir_miskin, 2)} (rentang model {angka(r.bawah, 2)}–{angka(r.atas, 2)})"
            for dae, r in terakhir.iterrows()
        )
        teks = (
            f"Datanya tersedia untuk {seri[['tahun', 'periode']].drop_duplicates().shape[0]} semester; "
            f"yang terakhir: {nilai}."
        )
    penjelasan = (
        "Gambar artikel tidak terbawa dalam konversi, jadi tidak ada angka yang bisa dibandingkan. "
        f"Bab kemiskinan menggambar ulang proporsinya dari {berkas(nama_p0)} (P0 perkotaan dan perdesaan) "
        f"dan {berkas(nama_hm)} (penduduk antara 1 dan {angka(batas)} kali garis kemiskinan). {teks}"
    )
    return Hasil(nilai, TAK_TERPERIKSA, penjelasan, {"seri": seri})


#: Checker name (the registry's ``pemeriksa``) -> function.
PEMERIKSA: dict[str, Callable[[dict, Tabel], Hasil]] = {
    f.__name__: f
    for f in (
        periksa_tabel_urbanisasi,
        periksa_tujuan_urbanisasi,
        periksa_penduduk_jakarta,
        periksa_di_luar_data_bps,
        periksa_provinsi_miskin,
        periksa_pangsa_perkotaan,
        periksa_miskin_kota,
        periksa_gambar_hampir_miskin,
    )
}
