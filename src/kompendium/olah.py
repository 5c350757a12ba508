"""raw -> processed: read every file of one BPS table folder into one validated tidy CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kompendium.atomic import write_csv
from kompendium.bps import read_bps_file
from kompendium.errors import BpsFormatError
from kompendium.tidy import validate


def read_table_folder(folder: Path) -> pd.DataFrame:
    """Read and validate all files of one table folder (one file per year, as BPS serves them)."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file())
    if not files:
        raise BpsFormatError(folder, "setidaknya satu berkas data BPS di folder tabel ini")
    tabel = pd.concat([read_bps_file(p) for p in files], ignore_index=True)
    # Validate again across files: the same year in two downloads is a duplicate key.
    return validate(tabel, folder)


def tulis_csv(tabel: pd.DataFrame, output: Path) -> Path:
    """Deprecated spelling of :func:`kompendium.atomic.write_csv` (kept while callers move)."""
    return write_csv(tabel, output)


def process_table(folder: Path, output: Path) -> Path:
    """The `read_bps_table` step of the workflow: one table folder -> one tidy CSV, atomically."""
    return write_csv(read_table_folder(folder), output)
