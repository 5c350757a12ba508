"""Numbers written the Indonesian way: comma for decimals, dot for thousands.

:func:`bulatkan` is the book's one rounding rule (half away from zero, on the number as written in
the data: 113.85 -> 113.9, never truncated); :func:`angka` and the chart ticks (``gaya``) use it.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def bulatkan(nilai: float | int, desimal: int = 1) -> Decimal:
    """Round `nilai` to `desimal` places, half away from zero, as the reader expects (2.5 -> 3).

    The float is read through its shortest decimal form (``str``), so a value the data give as 12.345
    rounds to 12.35 although its binary double lies just below. A result of zero has no sign."""
    d = Decimal(int(nilai)) if isinstance(nilai, int) else Decimal(str(float(nilai)))
    hasil = d.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    return hasil.copy_abs() if hasil.is_zero() else hasil


def angka(nilai: float | int | None, desimal: int = 1) -> str:
    """Format a number as Indonesian text, e.g. 10467630 -> '10.467.630', 49.8 -> '49,8'."""
    if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
        return "–"
    teks = f"{bulatkan(nilai, desimal):,.{desimal}f}"
    # Swap the separators of the English format in one pass.
    return teks.translate(str.maketrans({",": ".", ".": ","}))


def persen(nilai: float, desimal: int = 1) -> str:
    """'7,1 persen' style is left to prose; this gives '7,1%'."""
    return f"{angka(nilai, desimal)}%"


def desimal_tick(lokasi, paling_sedikit: int = 0, paling_banyak: int = 3) -> int:
    """The fewest decimals (at least `paling_sedikit`) that write every tick in `lokasi` exactly:
    ticks every 2.5 get one decimal (2,5; 7,5), never whole numbers that round 2.5 to 2 or 3."""
    for d in range(paling_sedikit, paling_banyak + 1):
        if all(abs(float(x) - float(bulatkan(x, d))) < 1e-9 * max(1.0, abs(float(x))) for x in lokasi):
            return d
    return paling_banyak


def perubahan(beda: float, desimal: int = 1, satuan: str = "poin persen") -> str:
    """The direction and size of a change in words: 'naik 3,4 poin persen', 'turun 0,5 poin persen',
    or 'tidak berubah' when it is written as zero (never 'naik 0,0' or 'berubah -1,2')."""
    if bulatkan(beda, desimal).is_zero():
        return "tidak berubah"
    return f"{'naik' if beda > 0 else 'turun'} {angka(abs(beda), desimal)} {satuan}"


def daftar_kata(kata: list[str]) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    kata = list(kata)
    return kata[0] if len(kata) == 1 else f"{', '.join(kata[:-1])} dan {kata[-1]}"


def dari_ke(awal: float, akhir: float, desimal: int = 1, satuan: str = "persen") -> str:
    """A move between two levels in words: 'turun dari 13,9 ke 11,0 persen', 'naik dari ...',
    or 'tetap 100,0 persen' when both are written the same."""
    a, b = angka(awal, desimal), angka(akhir, desimal)
    if a == b:
        return f"tetap {a} {satuan}"
    return f"{'naik' if akhir > awal else 'turun'} dari {a} ke {b} {satuan}"
