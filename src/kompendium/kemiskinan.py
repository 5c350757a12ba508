"""Ukuran kemiskinan (FGT), Gini dan bagian 40 % terbawah dari data mikro berbobot, dengan konvensi BPS.

Konvensi (semua fungsi):

* Penduduk *miskin* adalah yang pengeluaran per kapitanya ``y < garis`` (BPS: "di bawah garis
  kemiskinan"); ``y == garis`` tidak miskin.
* ``pangsa_antara`` menghitung ``garis <= y < batas * garis``, sehingga ``P0`` ditambah pangsa
  antara 1,0 dan ``batas`` sama persis dengan persentase penduduk dengan ``y < batas * garis``
  (partisi tanpa tumpang tindih dan tanpa celah).
* Semua hasil dalam satuan yang dipakai BPS: P0 dalam persen, P1 dan P2 adalah indeks x 100
  (P1 = 1,06 berarti indeks 0,0106), pangsa dan bagian pengeluaran dalam persen, Gini dalam 0-1.
* Bobot adalah bobot *orang*. Untuk berkas tingkat rumah tangga (satu baris per rumah tangga,
  pengeluaran per kapita rumah tangga), bobot orang = bobot rumah tangga x jumlah ART; di
  ``ringkas_susenas`` berikan kolom jumlah ART lewat ``kolom_art``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from kompendium import kosakata

__all__ = [
    "TOTAL",
    "bagian_terbawah",
    "fgt",
    "gini",
    "pangsa_antara",
    "ringkas_susenas",
]

#: Label baris gabungan, sama dengan kolom ``daerah`` di tabel BPS (kept here for callers of this module).
TOTAL = kosakata.TOTAL

# Kode R105 Susenas: 1 = perkotaan, 2 = perdesaan; dipetakan agar hasil bisa digabung dengan tabel BPS.
_KODE_DAERAH = {1: kosakata.PERKOTAAN, 2: kosakata.PERDESAAN}


def _larik(nilai: ArrayLike, nama: str) -> np.ndarray:
    """Ubah masukan menjadi larik float 1-D yang hingga dan tak negatif, atau ValueError menyebut namanya."""
    try:
        arr = np.asarray(nilai, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{nama}: harus numerik ({exc})") from exc
    arr = np.atleast_1d(arr)
    if arr.ndim != 1:
        raise ValueError(f"{nama}: harus 1 dimensi, ditemukan bentuk {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{nama}: kosong")
    if np.isnan(arr).any():
        raise ValueError(f"{nama}: berisi {int(np.isnan(arr).sum())} nilai NaN")
    if not np.isfinite(arr).all():
        raise ValueError(f"{nama}: berisi nilai tak hingga")
    if (arr < 0).any():
        raise ValueError(f"{nama}: berisi {int((arr < 0).sum())} nilai negatif")
    return arr


def _siapkan(
    pengeluaran: ArrayLike, bobot: ArrayLike | None, nama_y: str = "pengeluaran", nama_w: str = "bobot"
) -> tuple[np.ndarray, np.ndarray]:
    """Validasi pengeluaran dan bobot (default 1), kembalikan keduanya dengan panjang sama."""
    y = _larik(pengeluaran, nama_y)
    if bobot is None:
        w = np.ones_like(y)
    else:
        w = _larik(bobot, nama_w)
        if w.size != y.size:
            raise ValueError(f"{nama_w}: panjang {w.size} berbeda dengan {nama_y} ({y.size})")
    if w.sum() <= 0:
        raise ValueError(f"{nama_w}: jumlah bobot harus positif")
    return y, w


def _garis(garis: ArrayLike, n: int, nama: str = "garis") -> np.ndarray:
    """Siarkan garis kemiskinan (skalar atau per orang) ke panjang n; harus positif."""
    z = _larik(garis, nama)
    if z.size == 1:
        z = np.full(n, z[0])
    elif z.size != n:
        raise ValueError(f"{nama}: panjang {z.size} berbeda dengan pengeluaran ({n})")
    if (z <= 0).any():
        raise ValueError(f"{nama}: garis kemiskinan harus positif")
    return z


def fgt(pengeluaran: ArrayLike, garis: ArrayLike, alpha: float, bobot: ArrayLike | None = None) -> float:
    """Indeks Foster-Greer-Thorbecke P_alpha berbobot x 100 (satuan BPS); miskin bila y < garis."""
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha: harus >= 0, ditemukan {alpha!r}")
    y, w = _siapkan(pengeluaran, bobot)
    z = _garis(garis, y.size)
    miskin = y < z
    # alpha = 0 ditangani terpisah karena 0**0 = 1 akan menghitung juga yang y == garis.
    kesenjangan = np.where(miskin, (z - y) / z, 0.0)
    nilai = miskin.astype(float) if alpha == 0 else np.where(miskin, kesenjangan**alpha, 0.0)
    return float(100.0 * np.sum(w * nilai) / np.sum(w))


def pangsa_antara(pengeluaran: ArrayLike, garis: ArrayLike, batas: float, bobot: ArrayLike | None = None) -> float:
    """Persen penduduk dengan garis <= y < batas x garis (mis. hampir miskin untuk batas 1,2)."""
    if not np.isfinite(batas) or batas < 1:
        raise ValueError(f"batas: harus >= 1 (kelipatan garis kemiskinan), ditemukan {batas!r}")
    y, w = _siapkan(pengeluaran, bobot)
    z = _garis(garis, y.size)
    di_dalam = (y >= z) & (y < batas * z)
    return float(100.0 * np.sum(w[di_dalam]) / np.sum(w))


def _lorenz(pengeluaran: ArrayLike, bobot: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
    """Titik kurva Lorenz berbobot (kumulatif penduduk, kumulatif pengeluaran), diawali (0, 0)."""
    y, w = _siapkan(pengeluaran, bobot)
    # Bobot nol dibuang agar absis kurva Lorenz naik tegas (np.interp memerlukannya).
    y, w = y[w > 0], w[w > 0]
    urut = np.argsort(y, kind="stable")
    y, w = y[urut], w[urut]
    total = np.sum(w * y)
    if total <= 0:
        raise ValueError("pengeluaran: total pengeluaran berbobot harus positif")
    pop = np.concatenate([[0.0], np.cumsum(w) / np.sum(w)])
    kum = np.concatenate([[0.0], np.cumsum(w * y) / total])
    pop[-1], kum[-1] = 1.0, 1.0  # buang galat pembulatan cumsum di ujung
    return pop, kum


def gini(pengeluaran: ArrayLike, bobot: ArrayLike | None = None) -> float:
    """Rasio Gini berbobot (rumus BPS: 1 - sum fp_i (Fc_i + Fc_{i-1})), dalam 0-1."""
    pop, kum = _lorenz(pengeluaran, bobot)
    # Trapesium di bawah Lorenz empiris: tepat untuk distribusi diskret, tak bergantung urutan nilai kembar,
    # dan sama dengan mereplikasi setiap baris sebanyak bobotnya.
    return float(1.0 - np.sum(np.diff(pop) * (kum[1:] + kum[:-1])))


def bagian_terbawah(pengeluaran: ArrayLike, bobot: ArrayLike | None = None, persen: float = 40) -> float:
    """Persen pengeluaran total yang dimiliki ``persen`` % penduduk terbawah (Lorenz diinterpolasi linear)."""
    if not np.isfinite(persen) or not 0 <= persen <= 100:
        raise ValueError(f"persen: harus di antara 0 dan 100, ditemukan {persen!r}")
    pop, kum = _lorenz(pengeluaran, bobot)
    # Interpolasi linear = membagi bobot orang yang tepat di batas 40 %, sehingga hasilnya tidak
    # bergantung pada seberapa besar bobot orang tersebut (konsisten dengan replikasi).
    return float(100.0 * np.interp(persen / 100.0, pop, kum))


def _kolom(df: pd.DataFrame, kolom: str, peran: str) -> np.ndarray:
    """Ambil kolom numerik dari df, dengan ValueError yang menyebut nama kolom dan perannya."""
    if kolom not in df.columns:
        raise ValueError(f"kolom {kolom!r} ({peran}) tidak ada di data; kolom tersedia: {list(df.columns)}")
    try:
        arr = df[kolom].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"kolom {kolom!r} ({peran}): harus numerik ({exc})") from exc
    return _larik(arr, f"kolom {kolom!r} ({peran})")


def _nama_pangsa(batas: float) -> str:
    """Nama kolom pangsa antara 100 % dan batas x 100 % garis, mis. 'pangsa_100_120'."""
    return f"pangsa_100_{round(batas * 100):d}"


def _ringkas_satu(y: np.ndarray, w: np.ndarray, z: np.ndarray, batas: Sequence[float]) -> dict[str, float]:
    """Semua ukuran untuk satu kelompok penduduk."""
    hasil: dict[str, float] = {
        "n_sampel": float(y.size),
        "penduduk": float(w.sum()),
        "p0_persen": fgt(y, z, 0, w),
        "p1": fgt(y, z, 1, w),
        "p2": fgt(y, z, 2, w),
    }
    for b in batas:
        hasil[_nama_pangsa(b)] = pangsa_antara(y, z, b, w)
    hasil["gini"] = gini(y, w)
    hasil["bagian_40_persen_terbawah"] = bagian_terbawah(y, w, 40)
    return hasil


def ringkas_susenas(
    df: pd.DataFrame,
    kolom_pengeluaran: str,
    kolom_bobot: str,
    kolom_garis: str,
    kolom_daerah: str | None = None,
    batas: Sequence[float] = (1.2, 1.5),
    kolom_art: str | None = None,
) -> pd.DataFrame:
    """P0, P1, P2, pangsa hampir miskin, Gini dan bagian 40 % per daerah plus baris Perkotaan+Perdesaan."""
    # kolom_bobot = bobot orang; untuk berkas rumah tangga beri kolom_art sehingga bobot orang = bobot x ART.
    # kolom_garis = garis kemiskinan yang berlaku untuk baris itu (Rp/kapita/bulan, mis. provinsi x daerah).
    # Daerah 1/2 (kode R105 Susenas) dilabeli Perkotaan/Perdesaan. Nama kolom hasil mengikuti tabel BPS
    # (p0_persen, p1, p2, gini, bagian_40_persen_terbawah) agar mudah digabung; pangsa_100_120 dst. =
    # persen penduduk dengan garis <= y < batas x garis.
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df: harus pandas.DataFrame, ditemukan {type(df).__name__}")
    if len(df) == 0:
        raise ValueError("df: tidak berisi baris")
    batas = tuple(float(b) for b in batas)
    for b in batas:
        if not np.isfinite(b) or b <= 1:
            raise ValueError(f"batas: setiap batas harus > 1, ditemukan {b!r}")
    if len({_nama_pangsa(b) for b in batas}) != len(batas):
        raise ValueError(f"batas: ada batas yang sama setelah dibulatkan ke persen: {batas}")

    y = _kolom(df, kolom_pengeluaran, "pengeluaran per kapita")
    w = _kolom(df, kolom_bobot, "bobot")
    z = _kolom(df, kolom_garis, "garis kemiskinan")
    if (z <= 0).any():
        raise ValueError(f"kolom {kolom_garis!r} (garis kemiskinan): harus positif")
    if kolom_art is not None:
        art = _kolom(df, kolom_art, "jumlah ART")
        if (art < 1).any():
            raise ValueError(f"kolom {kolom_art!r} (jumlah ART): harus >= 1")
        # Berkas rumah tangga: setiap ART berbagi pengeluaran per kapita yang sama, jadi satu baris
        # dengan bobot rumah tangga x ART setara dengan ART baris orang.
        w = w * art
    if w.sum() <= 0:
        raise ValueError(f"kolom {kolom_bobot!r} (bobot): jumlah bobot harus positif")

    baris: list[dict[str, object]] = []
    if kolom_daerah is not None:
        if kolom_daerah not in df.columns:
            raise ValueError(
                f"kolom {kolom_daerah!r} (daerah) tidak ada di data; kolom tersedia: {list(df.columns)}"
            )
        daerah = df[kolom_daerah]
        if daerah.isna().any():
            raise ValueError(f"kolom {kolom_daerah!r} (daerah): berisi {int(daerah.isna().sum())} nilai kosong")
        label = np.array([_KODE_DAERAH.get(v, str(v)) for v in daerah.tolist()], dtype=object)
        # Urutan tetap (Perkotaan, Perdesaan, lainnya alfabetis) agar keluaran deterministik.
        unik = sorted(set(label), key=lambda s: ({kosakata.PERKOTAAN: 0, kosakata.PERDESAAN: 1}.get(s, 2), s))
        if TOTAL in unik:
            raise ValueError(f"kolom {kolom_daerah!r} (daerah): label {TOTAL!r} dicadangkan untuk baris gabungan")
        for d in unik:
            pilih = label == d
            if w[pilih].sum() <= 0:
                raise ValueError(f"kolom {kolom_bobot!r} (bobot): jumlah bobot daerah {d!r} nol")
            baris.append({"daerah": d, **_ringkas_satu(y[pilih], w[pilih], z[pilih], batas)})
    baris.append({"daerah": TOTAL, **_ringkas_satu(y, w, z, batas)})
    hasil = pd.DataFrame(baris)
    hasil["n_sampel"] = hasil["n_sampel"].astype("int64")
    return hasil
