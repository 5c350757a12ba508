"""The one glue pattern of the book: numbers glued as Indonesian text, recorded as numbers.

Every number in the book's prose passes through `Angka.tempel`, so that
- the page shows it formatted the Indonesian way (a glued string: `{glue:text}` strips its quotes), and
- the same value is written, as a number, to data/processed/angka/<chapter>.json, which the
  audit, the data-change page and the tests read.
Keeping the glue call in this one place makes a later move away from MyST-NB mechanical.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import tempfile
from pathlib import Path

from kompendium.format import angka


class Angka:
    """Collects the numbers a chapter cites and glues each one."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.nilai: dict[str, float | int | str] = {}

    def _glue(self, kunci: str, teks: str, nilai: float | int | str) -> None:
        from myst_nb import glue  # imported here: only notebooks need MyST-NB

        if kunci in self.nilai:
            raise ValueError(f"kunci glue {kunci!r} dipakai dua kali")
        glue(kunci, teks, display=False)
        # Rounded only to hide float noise (16.799999999999997) in the record.
        self.nilai[kunci] = round(nilai, 10) if isinstance(nilai, float) else nilai

    def tempel(self, kunci: str, nilai: float | int, desimal: int = 1) -> None:
        """Glue `nilai` under `kunci` as Indonesian text (49,8; 10.467.630) and record it."""
        # Native Python numbers only: NumPy scalars break formatted glue (NumPy 2 repr).
        angka_asli = int(nilai) if isinstance(nilai, numbers.Integral) else float(nilai)
        if isinstance(angka_asli, float) and math.isnan(angka_asli):
            raise ValueError(f"nilai untuk {kunci!r} kosong (NaN): data tidak tersedia")
        self._glue(kunci, angka(angka_asli, desimal), angka_asli)

    def tempel_tahun(self, kunci: str, tahun: int) -> None:
        """Glue a year: a number, but written without a thousands separator."""
        self._glue(kunci, str(int(tahun)), int(tahun))

    def tempel_teks(self, kunci: str, teks: str) -> None:
        """Glue a word or name computed from the data (e.g. a province, a semester)."""
        self._glue(kunci, str(teks), str(teks))

    def simpan(self) -> Path:
        """Write the recorded numbers as JSON, atomically (temp file, then rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.nilai, f, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
        return self.path
