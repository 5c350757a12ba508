"""The tidy long table every BPS reader produces, and its validation.

Columns, in order: ``indikator, kode_wilayah, wilayah, daerah, tahun, periode, nilai, satuan,
sumber``. Readers may add the internal columns ``_baris`` (1-based line of the source file) and
``_kolom`` (source column) so that :func:`validate` can point at the offending cell; it drops them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from kompendium import wilayah
from kompendium.errors import BpsFormatError
from kompendium.kosakata import DAERAH_SAH as DAERAH

# The vocabulary (indicators, areas, periods, columns) is defined once, in kompendium.kosakata.
from kompendium.kosakata import (
    GARIS_KEMISKINAN,
    GINI,
    INDIKATOR,
    JUMLAH_PENDUDUK,
    JUMLAH_PENDUDUK_MISKIN,
    P0,
    P1,
    P2,
    PERIODE,
    PERSEN_PENDUDUK_PERKOTAAN,
    SATUAN,
)
from kompendium.kosakata import KOLOM as COLUMNS
from kompendium.kosakata import KUNCI as KEY

_INTERNAL = ["_baris", "_kolom"]

# (check name) -> (tidy column blamed, expectation in words)
_ATURAN: dict[str, tuple[str, str]] = {
    "rentang_persen": ("nilai", "0 <= nilai <= 100 untuk persentase (p0, persen_penduduk_perkotaan)"),
    "p1_p2_nonneg": ("nilai", "nilai >= 0 untuk p1 dan p2"),
    "gk_positif": ("nilai", "garis_kemiskinan > 0"),
    "gini_rentang": ("nilai", "0 <= gini <= 1"),
    "jumlah_nonneg": ("nilai", "jumlah penduduk >= 0"),
    "p1_le_p0": ("nilai", "p1 <= p0 dan p2 <= p1 untuk wilayah, daerah dan periode yang sama"),
    "kunci_unik": ("wilayah", "satu baris per (indikator, kode_wilayah, wilayah, daerah, tahun, periode)"
                              " (baris ganda)"),
    "wilayah_dikenal": ("wilayah", "kode_wilayah dan wilayah yang dikenal (kompendium/data/wilayah.csv)"),
    "wilayah_sudah_ada": ("nilai", "tidak ada nilai untuk wilayah sebelum tahun dibentuk (tanda '-')"),
}


def _nilai_ok(df: pd.DataFrame, indikator: tuple[str, ...], ok: pd.Series) -> pd.Series:
    """Row passes unless it is one of `indikator`, has a value, and `ok` is False."""
    return ~df["indikator"].isin(indikator) | df["nilai"].isna() | ok


def _urutan_fgt(df: pd.DataFrame) -> pd.Series:
    """p1 <= p0 and p2 <= p1 for the same region, area and period when both are in the table."""
    kunci = ["kode_wilayah", "wilayah", "daerah", "tahun", "periode"]
    lebar = df.pivot_table(index=kunci, columns="indikator", values="nilai", aggfunc="first")
    ok = pd.Series(True, index=df.index)
    for kecil, besar in ((P1, P0), (P2, P1)):
        if kecil not in lebar or besar not in lebar:
            continue
        salah = lebar.index[(lebar[kecil] > lebar[besar] + 1e-9).to_numpy()]
        if len(salah):
            baris = df.set_index(kunci).index.isin(salah) & (df["indikator"] == kecil).to_numpy()
            ok &= ~pd.Series(baris, index=df.index)
    return ok


def _dikenal(df: pd.DataFrame) -> pd.Series:
    pasangan = {p: wilayah.dikenal(*p) for p in set(zip(df["kode_wilayah"], df["wilayah"], strict=False))}
    return pd.Series([pasangan[p] for p in zip(df["kode_wilayah"], df["wilayah"], strict=False)],
                     index=df.index, dtype=bool)


def _sudah_ada(df: pd.DataFrame) -> pd.Series:
    # A value for a region before the law creating it cannot be right (e.g. Kalimantan Utara,
    # 2012); BPS's '-' (NaN) for those years is fine.
    dibentuk = df["kode_wilayah"].map(lambda k: wilayah.tahun_dibentuk(k) or 0)
    return df["nilai"].isna() | (df["tahun"] >= dibentuk)


@cache
def schema():
    """The pandera schema of the tidy table. Built on first use: pandera takes about a second to
    import, and readers of processed tables (every notebook) never validate."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "indikator": pa.Column(str, pa.Check.isin(INDIKATOR)),
            "kode_wilayah": pa.Column(str, pa.Check.str_matches(r"^(\d{2}|\d{4})?$")),
            # Empty (with an empty code) only for a file without a region dimension, e.g. a WebAPI
            # answer by area alone: the readers never assume Indonesia (wilayah.dikenal).
            "wilayah": pa.Column(str),
            "daerah": pa.Column(str, pa.Check.isin(DAERAH)),
            "tahun": pa.Column(int, pa.Check.in_range(1900, 2100)),
            "periode": pa.Column(str, pa.Check.isin(PERIODE)),
            "nilai": pa.Column(float, nullable=True),
            "satuan": pa.Column(str, pa.Check.isin(SATUAN)),
            "sumber": pa.Column(str, pa.Check.str_length(min_value=1)),
        },
        checks=[
            pa.Check(lambda d: _nilai_ok(d, (P0, PERSEN_PENDUDUK_PERKOTAAN),
                                         d["nilai"].between(0, 100)), name="rentang_persen"),
            pa.Check(lambda d: _nilai_ok(d, (P1, P2), d["nilai"] >= 0), name="p1_p2_nonneg"),
            pa.Check(lambda d: _nilai_ok(d, (GARIS_KEMISKINAN,), d["nilai"] > 0), name="gk_positif"),
            pa.Check(lambda d: _nilai_ok(d, (GINI,), d["nilai"].between(0, 1)), name="gini_rentang"),
            pa.Check(lambda d: _nilai_ok(d, (JUMLAH_PENDUDUK_MISKIN, JUMLAH_PENDUDUK), d["nilai"] >= 0),
                     name="jumlah_nonneg"),
            pa.Check(_urutan_fgt, name="p1_le_p0"),
            pa.Check(lambda d: ~d.duplicated(KEY, keep="first"), name="kunci_unik"),
            pa.Check(_dikenal, name="wilayah_dikenal"),
            pa.Check(_sudah_ada, name="wilayah_sudah_ada"),
        ],
        strict=True,
        ordered=True,
    )


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a processed tidy CSV with the contract's types: region codes as text (``"00"``,
    ``"1810"``), an empty ``daerah`` as ``""``, ``nilai`` as float."""
    return pd.read_csv(path, dtype={"kode_wilayah": str, "wilayah": str, "daerah": str,
                                    "periode": str, "satuan": str, "sumber": str},
                       keep_default_na=False, na_values={"nilai": [""]})


def kosong() -> pd.DataFrame:
    """An empty tidy table with the contract's columns and types."""
    return pd.DataFrame({
        c: pd.Series(dtype=float if c == "nilai" else int if c == "tahun" else str)
        for c in COLUMNS
    })


def _tunjuk(df: pd.DataFrame, index: object, kolom: str) -> tuple[int | None, str]:
    """Source line and column description for a failing row."""
    baris = None
    if index is not None and "_baris" in df and index in df.index:
        b = df.at[index, "_baris"]
        baris = int(b) if pd.notna(b) else None
    sumber_kolom = ""
    if kolom == "nilai" and index is not None and "_kolom" in df and index in df.index:
        sumber_kolom = str(df.at[index, "_kolom"] or "")
    return baris, (f"{sumber_kolom} ({kolom})" if sumber_kolom else kolom)


def validate(df: pd.DataFrame, file: str | Path) -> pd.DataFrame:
    """Check `df` against the contract; raise ONE BpsFormatError naming file, line, column, rule."""
    from pandera.errors import SchemaError, SchemaErrors

    internal = [c for c in _INTERNAL if c in df]
    data = df.drop(columns=internal)
    if list(data.columns) != COLUMNS:
        raise BpsFormatError(file, f"kolom tabel rapi {COLUMNS}", found=str(list(data.columns)))
    try:
        schema().validate(data, lazy=True)
    except SchemaErrors as exc:
        kasus = exc.failure_cases.copy()
        kasus["_urut"] = [
            df.at[i, "_baris"] if "_baris" in df and i in df.index and pd.notna(i) else np.inf
            for i in kasus["index"]
        ]
        pertama = kasus.sort_values(["_urut", "check_number"], kind="stable").iloc[0]
        nama_cek = str(pertama["check"])
        kolom, harapan = _ATURAN.get(nama_cek, (str(pertama["column"]), f"aturan {nama_cek}"))
        if nama_cek not in _ATURAN and pd.notna(pertama["column"]):
            kolom = str(pertama["column"])
        idx = pertama["index"] if pd.notna(pertama["index"]) else None
        baris, kolom_txt = _tunjuk(df, idx, kolom)
        if nama_cek == "kunci_unik" and idx is not None and "_baris" in df:
            sama = (df[KEY] == df.loc[idx, KEY]).all(axis=1)
            harapan += f"; sama dengan baris {int(df.loc[sama, '_baris'].min())}"
        lain = len(kasus) - 1
        if lain:
            harapan += f" (+{lain} pelanggaran lain)"
        ditemukan = pertama["failure_case"]
        if idx is not None and idx in df.index and kolom in df:
            ditemukan = df.at[idx, kolom]
        raise BpsFormatError(file, harapan, row=baris, column=kolom_txt,
                             found=_teks(ditemukan)) from None
    except SchemaError as exc:  # non-lazy failures such as a wrong dtype
        raise BpsFormatError(file, f"tabel rapi sesuai skema ({exc})") from None
    return data.reset_index(drop=True)


def _teks(nilai: object) -> str:
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return str(nilai)
