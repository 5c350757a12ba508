"""Region names as BPS spells them, mapped to BPS codes and canonical display names.

The table lives in ``kompendium/data/wilayah.csv``, one row per spelling:
``ejaan`` (a spelling seen in BPS files), ``kode`` (BPS code: "00" Indonesia, two digits for a
province, four for a kabupaten/kota), ``nama`` (canonical display name), ``induk`` (parent
province code of a kabupaten/kota), ``dibentuk`` (year of the law creating the region, empty when
older than any data here) and ``data_sejak`` (first year BPS publishes figures for it; informative).

Matching uses :func:`kunci`, which drops case, spaces and punctuation, so ``KEP. RIAU`` and
``Kep Riau`` meet, and ``Tulangbawang`` and ``Tulang Bawang`` too. An unknown name is an error,
never a guess.

Kabupaten/kota: the table is complete for the provinces in :data:`PROVINSI_LENGKAP` (Lampung,
DKI Jakarta); an unknown name under them is an error. Elsewhere BPS names are kept without a code:
``kode_wilayah`` is empty and ``wilayah`` is ``"<name> (<canonical province>)"``, e.g.
``"Simeulue (Aceh)"``, so the parent province stays visible and names stay unique.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kompendium.errors import BpsFormatError
from kompendium.kosakata import KODE_INDONESIA

#: Provinces whose kabupaten/kota are all in the table: unknown names there are errors.
PROVINSI_LENGKAP = frozenset({"18", "31"})
_TANPA_KODE = re.compile(r"^(?P<nama>.+) \((?P<induk>[^()]+)\)$")


@dataclass(frozen=True)
class Wilayah:
    """One region: BPS code, canonical name, parent province, year created."""

    kode: str
    nama: str
    induk: str = ""
    dibentuk: int | None = None
    data_sejak: int | None = None

    @property
    def provinsi(self) -> bool:
        """True for a province (or Indonesia)."""
        return len(self.kode) == 2


def kunci(nama: str) -> str:
    """Normalising key: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", nama.casefold())


def _tahun(teks: str) -> int | None:
    return int(teks) if teks.strip() else None


@lru_cache(maxsize=1)
def _tabel() -> tuple[dict[str, Wilayah], dict[str, str]]:
    """Load wilayah.csv: (code -> Wilayah, key -> code); conflicting spellings are a bug."""
    path = resources.files("kompendium") / "data" / "wilayah.csv"
    per_kode: dict[str, Wilayah] = {}
    per_kunci: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for baris, row in enumerate(csv.DictReader(fh), start=2):
            w = Wilayah(row["kode"], row["nama"], row["induk"], _tahun(row["dibentuk"]),
                        _tahun(row["data_sejak"]))
            if per_kode.setdefault(w.kode, w) != w:
                raise BpsFormatError(str(path), "satu nama per kode", row=baris,
                                     column="kode", found=w.kode)
            # A kab/kota key is scoped by its parent so that e.g. kabupaten Gorontalo
            # and the province Gorontalo could coexist.
            k = _kunci_lengkap(row["ejaan"], w.induk)
            if per_kunci.setdefault(k, w.kode) != w.kode:
                raise BpsFormatError(str(path), "ejaan yang menunjuk satu kode", row=baris,
                                     column="ejaan", found=row["ejaan"])
    return per_kode, per_kunci


def _kunci_lengkap(nama: str, induk: str) -> str:
    return f"{induk}/{kunci(nama)}"


def semua() -> list[Wilayah]:
    """Every region in the table."""
    return list(_tabel()[0].values())


def menurut_kode(kode: str) -> Wilayah | None:
    """The region with this BPS code, or None."""
    return _tabel()[0].get(kode)


def provinsi(nama: str, *, file: str | Path, row: int | None = None,
             column: str | int | None = None) -> Wilayah:
    """Resolve a province (or INDONESIA) spelling; unknown names raise BpsFormatError."""
    kode = _tabel()[1].get(_kunci_lengkap(nama, ""))
    if kode is None:
        raise BpsFormatError(file, "nama provinsi yang dikenal (lihat kompendium/data/wilayah.csv)",
                             row=row, column=column, found=nama)
    return _tabel()[0][kode]


def kabkota(nama: str, induk: Wilayah, *, file: str | Path, row: int | None = None,
            column: str | int | None = None) -> Wilayah:
    """Resolve a kabupaten/kota under its parent province (see module docstring)."""
    kode = _tabel()[1].get(_kunci_lengkap(nama, induk.kode))
    if kode is not None:
        return _tabel()[0][kode]
    if induk.kode in PROVINSI_LENGKAP or induk.kode == KODE_INDONESIA:
        raise BpsFormatError(file, f"nama kabupaten/kota yang dikenal di {induk.nama}",
                             row=row, column=column, found=nama)
    bersih = " ".join(nama.split())
    if not bersih or "(" in bersih or ")" in bersih:
        raise BpsFormatError(file, "nama kabupaten/kota tanpa tanda kurung",
                             row=row, column=column, found=nama)
    return Wilayah("", f"{bersih} ({induk.nama})", induk.kode)


def dikenal(kode: str, nama: str) -> bool:
    """True if (kode, nama) is a region of the table or an uncoded kab/kota of a known province.

    ``("", "")`` is a table without a region dimension (a WebAPI answer by area only)."""
    if not kode and not nama:
        return True
    if kode:
        w = menurut_kode(kode)
        return w is not None and w.nama == nama
    m = _TANPA_KODE.match(nama)
    if m is None:
        return False
    induk = _tabel()[1].get(_kunci_lengkap(m["induk"], ""))
    return induk is not None and induk != KODE_INDONESIA and _tabel()[0][induk].nama == m["induk"]


def tahun_dibentuk(kode: str) -> int | None:
    """Year the region was created (None when older than the data, or uncoded)."""
    w = menurut_kode(kode) if kode else None
    return w.dibentuk if w else None
