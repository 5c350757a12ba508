"""The one glue pattern of the book: numbers glued as Indonesian text, recorded as numbers.

Every number in the book's prose passes through `Angka.tempel`, so that
- the page shows it formatted the Indonesian way (a glued string: `{glue:text}` strips its quotes), and
- the same value is written, as a number, to data/processed/angka/<chapter>.json, which the
  audit, the data-change page and the tests read.
Keeping the glue call in this one place makes a later move away from MyST-NB mechanical.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from kompendium.atomic import write_json
from kompendium.format import angka


class Bilangan(NamedTuple):
    """A number to glue with a given number of decimals (see :meth:`Angka.tempel_semua`)."""

    nilai: float | int
    desimal: int = 1


class Tahun(NamedTuple):
    """A year to glue, written without a thousands separator (see :meth:`Angka.tempel_semua`)."""

    tahun: int


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

    def tempel_alt(self, kunci: str, teks: str) -> None:
        """Glue the alt text of a figure (a sentence made from numbers recorded elsewhere): shown
        through ``:alt: {glue:text}`kunci``` (the runner writes it in, `notebook.isi_alt`), not recorded."""
        from myst_nb import glue

        glue(kunci, str(teks), display=False)

    def tempel_alt_semua(self, teks: Mapping[str, str]) -> None:
        """:meth:`tempel_alt` for each entry."""
        for kunci, kalimat in teks.items():
            self.tempel_alt(kunci, kalimat)

    def tempel_semua(self, nilai: Mapping[str, Bilangan | Tahun | str]) -> None:
        """Glue every entry of a chapter function's result, in order: a :class:`Bilangan` with
        :meth:`tempel`, a :class:`Tahun` with :meth:`tempel_tahun`, a string with :meth:`tempel_teks`."""
        for kunci, x in nilai.items():
            if isinstance(x, Bilangan):
                self.tempel(kunci, x.nilai, x.desimal)
            elif isinstance(x, Tahun):
                self.tempel_tahun(kunci, x.tahun)
            elif isinstance(x, str):
                self.tempel_teks(kunci, x)
            else:
                raise TypeError(f"kunci glue {kunci!r}: diharapkan Bilangan, Tahun atau str; "
                                f"ditemukan {type(x).__name__}")

    def simpan(self) -> Path:
        """Write the recorded numbers as deterministic JSON, atomically."""
        return write_json(self.path, self.nilai)
