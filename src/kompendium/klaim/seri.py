"""The series the checkers and the conclusions read from the processed tables: national rows in
time order, the interpolated urban-share projection, the chosen near-poor estimates."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kompendium import kosakata
from kompendium.klaim.kontrak import KlaimError, berkas


def urut_waktu(tabel: pd.DataFrame) -> pd.DataFrame:
    """Rows in time order (``Tahunan``, ``Maret``, ``September`` within a year)."""
    kunci = kosakata.urutan(tabel["tahun"], tabel["periode"])
    return tabel.iloc[np.argsort(kunci.to_numpy(), kind="stable")]


def nasional_urut(tabel: pd.DataFrame, daerah: str, *, semester_saja: bool = False) -> pd.DataFrame:
    """National rows of one area in time order, without BPS's missing values.

    ``semester_saja`` leaves out the annual figures of the years before the two Susenas rounds."""
    t = kosakata.nasional(tabel)
    t = t[t["daerah"] == daerah].dropna(subset=["nilai"])
    if semester_saja:
        t = t[t["periode"].isin(kosakata.SEMESTER)]
    return urut_waktu(t).reset_index(drop=True)


def pada_semester(tabel: pd.DataFrame, semester: Iterable[tuple[int, str]]) -> pd.Series:
    """True for the rows whose (tahun, periode) is one of ``semester``."""
    semester = set(semester)
    return pd.Series([k in semester for k in zip(tabel["tahun"], tabel["periode"], strict=False)], index=tabel.index,
                     dtype=bool)


def nilai_pada(tabel: pd.DataFrame, tahun: int, periode: str, kolom: str = "nilai") -> float:
    """The value of one semester (the first row), NaN when the table lacks it."""
    baris = tabel.loc[(tabel["tahun"] == tahun) & (tabel["periode"] == periode), kolom]
    return float(baris.iloc[0]) if len(baris) else np.nan


def baris_proyeksi(proyeksi: pd.DataFrame, kode: str = kosakata.KODE_INDONESIA) -> pd.Series:
    """One region's row of table 1276 (the national row by default): year -> urban share."""
    baris = proyeksi[proyeksi["kode_wilayah"] == kode].dropna(subset=["nilai"])
    return baris.set_index("tahun")["nilai"].sort_index().rename(None)


def interpolasi_tahunan(proyeksi: pd.DataFrame, kode: str = kosakata.KODE_INDONESIA) -> pd.Series:
    """Table 1276 gives every fifth year; straight lines between them give the years in between."""
    baris = baris_proyeksi(proyeksi, kode)
    tahun = np.arange(int(baris.index.min()), int(baris.index.max()) + 1)
    return pd.Series(np.interp(tahun, baris.index.astype(float), baris.values), index=tahun)


def hampir_miskin_terpilih(hm: pd.DataFrame, daerah: str) -> pd.DataFrame:
    """Rows of hampir_miskin.csv from the chosen model for one area (every multiple of the line)."""
    pilih = hm["terpilih"].astype(str).str.lower().isin(["true", "1"])
    return hm[pilih & (hm["daerah"] == daerah)]


def pangsa_hampir_miskin(hm: pd.DataFrame, daerah: str, batas: float) -> pd.DataFrame:
    """The chosen model's near-poor share for one area and one multiple of the poverty line."""
    t = hampir_miskin_terpilih(hm, daerah)
    t = t[np.isclose(t["batas"].astype(float), batas)]
    if t.duplicated(["tahun", "periode"]).any():
        raise KlaimError(f"{berkas('hampir_miskin')}: lebih dari satu model terpilih untuk {daerah}, "
                         f"batas {batas}")
    return t[["tahun", "periode", "persen"]]


def rentang_hampir_miskin(hm: pd.DataFrame, daerah: str, batas: float) -> pd.DataFrame:
    """The spread of the near-poor share across every fitted model family, per semester: the
    estimate's uncertainty band (columns ``tahun, periode, bawah, atas``)."""
    t = hm[(hm["daerah"] == daerah) & np.isclose(hm["batas"].astype(float), batas)]
    return (t.groupby(["tahun", "periode"], as_index=False)["persen"].agg(bawah="min", atas="max"))


def seri_miskin_hampir_miskin(p0: pd.DataFrame, hm: pd.DataFrame, batas: float) -> pd.DataFrame:
    """P0 and the near-poor share by area and semester, where both exist (F1's regenerated data)."""
    bagian = []
    for daerah in (kosakata.PERKOTAAN, kosakata.PERDESAAN):
        seri = nasional_urut(p0, daerah)[["tahun", "periode", "nilai"]].rename(columns={"nilai": "p0"})
        hampir = pangsa_hampir_miskin(hm, daerah, batas).rename(columns={"persen": "hampir_miskin"})
        hampir = hampir.merge(rentang_hampir_miskin(hm, daerah, batas), on=["tahun", "periode"], how="left")
        bagian.append(seri.merge(hampir, on=["tahun", "periode"], how="inner").assign(daerah=daerah))
    kolom = ["daerah", "tahun", "periode", "p0", "hampir_miskin", "bawah", "atas"]
    return pd.concat(bagian, ignore_index=True)[kolom]
