"""Reader for the old BPS website "Excel" download: an HTML table saved as ``.xls``.

The page (``<table class="tabel_hasil">``) is split in a frozen left column of region names
(``tableLeftBottom``) and a right grid: ``tableRightUp`` holds the variable titles (with
``colspan``) then the years, ``tableRightBottom`` the values ('.' decimal, two decimals). Titles
name the province (``... Menurut Kabupaten/Kota di DKI Jakarta``); rows are its kabupaten/kota
and the province itself. Values are annual, without a daerah split.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from kompendium import kosakata, wilayah
from kompendium.bps._common import (
    Baris,
    KonvensiAngka,
    baca_teks,
    buang_kosong,
    tahun,
    variabel_dari_judul,
)
from kompendium.errors import BpsFormatError

PENANDA = "tabel_hasil"


class _Pengurai(HTMLParser):
    """Collects the cells of the three inner tables with the line each row starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tabel: list[str] = []  # ids of the open <table> elements
        self.baris: dict[str, list[tuple[int, list[tuple[str, int]]]]] = {}
        self._sel: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tabel.append(a.get("id") or "")
        elif tag == "tr" and self.tabel:
            self.baris.setdefault(self.tabel[-1], []).append((self.getpos()[0], []))
        elif tag in ("td", "th") and self.tabel:
            self._sel, self._span = [], int(a.get("colspan") or 1)

    def handle_data(self, data: str) -> None:
        if self._sel is not None:
            self._sel.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.tabel:
            self.tabel.pop()
        elif tag in ("td", "th") and self._sel is not None:
            rows = self.baris.get(self.tabel[-1]) if self.tabel else None
            if rows:
                rows[-1][1].append((" ".join("".join(self._sel).split()), self._span))
            self._sel = None


def _provinsi_judul(judul: str, file: str, row: int) -> wilayah.Wilayah:
    # "... di Provinsi DKI Jakarta", "... di DKI Jakarta (Persen)": drop a trailing unit first.
    tanpa_satuan = re.sub(r"\s*\([^()]*\)\s*$", "", judul.strip())
    m = re.search(r"\bdi (?:provinsi )?(.+)$", tanpa_satuan, flags=re.IGNORECASE)
    if m is None:
        raise BpsFormatError(file, "judul '... Menurut Kabupaten/Kota di <provinsi>'", row=row,
                             found=judul)
    return wilayah.provinsi(m.group(1), file=file, row=row)


def read(path: Path) -> pd.DataFrame:
    """Read an old-site HTML export into the tidy table (keeps ``_baris``)."""
    file = path.name
    teks = baca_teks(path)
    p = _Pengurai()
    p.feed(teks)
    p.close()
    kiri = p.baris.get("tableLeftBottom", [])
    atas = p.baris.get("tableRightUp", [])
    isi = p.baris.get("tableRightBottom", [])
    if PENANDA not in teks or not kiri or len(atas) < 2:
        raise BpsFormatError(file, "tabel HTML BPS lama (tabel_hasil dengan tableLeftBottom, "
                             "tableRightUp, tableRightBottom)", found="struktur lain")
    (baris_judul, judul), (baris_tahun, tahun_sel) = atas[0], atas[1]
    kolom: list[tuple] = []  # (variable, province of the title)
    for teks_judul, span in judul:
        var = variabel_dari_judul(teks_judul, file=file, row=baris_judul)
        kolom += [(var, _provinsi_judul(teks_judul, file, baris_judul))] * span
    if len(kolom) != len(tahun_sel):
        raise BpsFormatError(file, f"{len(kolom)} kolom tahun di bawah judul", row=baris_tahun,
                             found=f"{len(tahun_sel)} kolom")
    tahun_kolom = [tahun(t, file=file, row=baris_tahun, column=c + 1)
                   for c, (t, _) in enumerate(tahun_sel)]
    if len(isi) != len(kiri):
        raise BpsFormatError(file, f"{len(kiri)} baris nilai, satu per wilayah (berkas terpotong?)",
                             row=isi[-1][0] if isi else None, found=f"{len(isi)} baris")
    konvensi = KonvensiAngka.dari(sel for _, nilai_sel in isi for sel, _ in nilai_sel)
    out = Baris(file)
    for (_, nama_sel), (baris, nilai_sel) in zip(kiri, isi, strict=False):
        nama = nama_sel[0][0] if nama_sel else ""
        if len(nilai_sel) != len(kolom):
            raise BpsFormatError(file, f"{len(kolom)} nilai per baris", row=baris,
                                 found=f"{len(nilai_sel)} nilai (berkas terpotong?)")
        for c, ((var, induk), th, (sel, _)) in enumerate(zip(kolom, tahun_kolom, nilai_sel, strict=False)):
            w = _wilayah(nama, induk, file, baris)
            nilai = konvensi.angka(sel, file=file, row=baris, column=c + 2)
            out.tambah(var, w.kode, w.nama, "", th, kosakata.TAHUNAN, nilai, baris, c + 2)
    df = buang_kosong(out.frame())
    df.attrs["dimensi"] = {"indikator": "judul tableRightUp", "wilayah": "tableLeftBottom",
                           "tahun": "baris 2 tableRightUp"}
    return df


def _wilayah(nama: str, induk: wilayah.Wilayah, file: str, baris: int) -> wilayah.Wilayah:
    # Names are title case here, so the UPPER CASE rule of the CSVs cannot tell provinces from
    # kabupaten/kota: a name that spells the title's province is the province total.
    if wilayah.kunci(nama) in {wilayah.kunci(induk.nama), "indonesia"}:
        return wilayah.provinsi(nama, file=file, row=baris, column=1)
    return wilayah.kabkota(nama, induk, file=file, row=baris, column=1)
