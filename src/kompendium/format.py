"""Numbers written the Indonesian way: comma for decimals, dot for thousands."""

from __future__ import annotations

import math


def angka(nilai: float | int, desimal: int = 1) -> str:
    """Format a number as Indonesian text, e.g. 10467630 -> '10.467.630', 49.8 -> '49,8'."""
    if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
        return "–"
    teks = f"{nilai:,.{desimal}f}"
    # Swap the separators of the English format in one pass.
    return teks.translate(str.maketrans({",": ".", ".": ","}))


def persen(nilai: float, desimal: int = 1) -> str:
    """'7,1 persen' style is left to prose; this gives '7,1%'."""
    return f"{angka(nilai, desimal)}%"
