"""Readers for every BPS file format, returning the validated tidy long table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kompendium import kosakata, tidy
from kompendium.bps.detect import READERS, detect_format
from kompendium.errors import BpsFormatError

__all__ = ["detect_format", "read_bps_file", "BpsFormatError"]

_URUT_DAERAH = {d: i for i, d in enumerate(kosakata.DAERAH_SAH)}


def read_bps_file(path: str | Path) -> pd.DataFrame:
    """Detect the format of `path`, read it, validate it, and return the sorted tidy table."""
    path = Path(path)
    if not path.is_file():
        raise BpsFormatError(path.name, "berkas yang ada", found=str(path))
    df = READERS[detect_format(path)](path)
    df = tidy.validate(df, path.name)
    urut = df.assign(
        _p=df["periode"].map(kosakata.URUTAN_PERIODE), _d=df["daerah"].map(_URUT_DAERAH),
        # Indonesia first, then provinces and kab/kota by code; uncoded kab/kota by name.
        _k=df["kode_wilayah"].where(df["kode_wilayah"] != "", "zz"),
    ).sort_values(["indikator", "_k", "wilayah", "_d", "tahun", "_p"], kind="stable")
    return urut.drop(columns=["_p", "_d", "_k"]).reset_index(drop=True)
