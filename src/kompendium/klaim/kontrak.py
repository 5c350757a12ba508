"""The claims audit's contract: the four statuses, the columns of claims_audit.csv, and what a
checker returns."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kompendium.errors import KompendiumError

COCOK = "cocok"
ATRIBUSI_KELIRU = "cocok-atribusi-keliru"
BERBEDA = "berbeda"
TAK_TERPERIKSA = "tidak-dapat-diverifikasi"
STATUS = (COCOK, ATRIBUSI_KELIRU, BERBEDA, TAK_TERPERIKSA)

#: Columns of data/processed/claims_audit.csv (the first six are the contract).
KOLOM_AUDIT = ["id", "klaim", "nilai_artikel", "nilai_hitung", "status", "penjelasan", "bagian", "data"]


class KlaimError(KompendiumError):
    """The registry, a table or the audit is not as expected."""


@dataclass
class Hasil:
    """What one checker found: the computed value, the status, the explanation, and the tables
    behind it (``temuan``, written beside the audit for the book) and its key numbers (``angka``)."""

    nilai_hitung: str
    status: str
    penjelasan: str
    temuan: dict[str, pd.DataFrame] = field(default_factory=dict)
    angka: dict[str, float | int | str] = field(default_factory=dict)


def berkas(nama: str) -> str:
    """Where a processed table lives, as the audit's explanations name it."""
    return f"data/processed/{nama}.csv"
