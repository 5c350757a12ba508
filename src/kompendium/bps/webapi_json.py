"""Reader for BPS WebAPI ``model=data`` responses (JSON).

Each ``datacontent`` key is vervar.val + var.val + turvar.val + tahun.val + turtahun.val, with
``tahun.val`` = year - 1900. Parts have variable length, so keys are *built* from the metadata
for every combination and looked up; keys are never sliced. A key built twice from different
combinations, or a datacontent key that no combination builds, is an error.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pandas as pd

from kompendium import kosakata
from kompendium import tidy, wilayah
from kompendium.bps._common import Baris, Variabel, baca_teks, buang_kosong
from kompendium.errors import BpsFormatError

#: WebAPI variable id -> indicator. 31 (total population) is not a poverty variable; it is
#: read as ``jumlah_penduduk`` so that the WebAPI example in the shared exports can be read.
VAR: dict[int, str] = {
    184: kosakata.P0, 192: kosakata.P0, 183: kosakata.JUMLAH_PENDUDUK_MISKIN,
    185: kosakata.JUMLAH_PENDUDUK_MISKIN, 182: kosakata.GARIS_KEMISKINAN, 503: kosakata.P1, 504: kosakata.P2,
    98: kosakata.GINI, 31: kosakata.JUMLAH_PENDUDUK,
}
_SATUAN_BAKU = {
    kosakata.P0: "persen", kosakata.JUMLAH_PENDUDUK_MISKIN: "juta jiwa",
    kosakata.GARIS_KEMISKINAN: "rupiah/kapita/bulan", kosakata.P1: "indeks", kosakata.P2: "indeks",
    kosakata.GINI: "rasio", kosakata.JUMLAH_PENDUDUK: "jiwa",
}
#: turvar codes documented per variable (README of the shared exports).
TURVAR: dict[int, dict[int, str]] = {
    192: {432: kosakata.PERKOTAAN, 433: kosakata.PERDESAAN, 434: kosakata.TOTAL},
    98: {189: kosakata.PERKOTAAN, 190: kosakata.PERDESAAN, 191: kosakata.TOTAL},
}
_TURVAR_LABEL = {"tidak ada": "", "perkotaan": kosakata.PERKOTAAN, "perdesaan": kosakata.PERDESAAN,
                 "perkotaan+perdesaan": kosakata.TOTAL, "kota": kosakata.PERKOTAAN,
                 "desa": kosakata.PERDESAAN, "kota+desa": kosakata.TOTAL, "jumlah": kosakata.TOTAL,
                 "total": kosakata.TOTAL}
TURTAHUN = {61: kosakata.MARET, 62: kosakata.SEPTEMBER, 63: kosakata.TAHUNAN, 0: kosakata.TAHUNAN}
KODE_INDONESIA_API = 9999


def cocok(teks: str) -> bool:
    """True when the text is a JSON object with a ``datacontent`` key."""
    return teks.lstrip().startswith("{") and '"datacontent"' in teks


def _baris_kunci(teks: str, kunci: str) -> int | None:
    i = teks.find(f'"{kunci}"')
    return teks.count("\n", 0, i) + 1 if i >= 0 else None


def _daftar(doc: dict, nama: str, file: str, teks: str) -> list[dict]:
    isi = doc.get(nama)
    if not isinstance(isi, list) or not isi or not all(
            isinstance(x, dict) and "val" in x and "label" in x for x in isi):
        raise BpsFormatError(file, f"daftar '{nama}' berisi {{val, label}}",
                             row=_baris_kunci(teks, nama), column=nama, found=str(isi)[:60])
    return isi


def _satuan(var: dict, indikator: str) -> str:
    unit = " ".join(str(var.get("unit") or "").split()).casefold()
    return unit if unit in kosakata.SATUAN else _SATUAN_BAKU[indikator]


def _daerah(var_id: int, tv: dict, file: str, teks: str) -> str:
    kode = int(tv["val"])
    if kode in TURVAR.get(var_id, {}):
        return TURVAR[var_id][kode]
    d = _TURVAR_LABEL.get(re.sub(r"\s*\+\s*", "+", str(tv["label"]).strip()).casefold())
    if d is None:
        raise BpsFormatError(file, "turvar daerah yang dikenal (Perkotaan/Perdesaan/"
                             "Perkotaan+Perdesaan/Tidak Ada)", row=_baris_kunci(teks, "turvar"),
                             column="turvar", found=f"{kode} {tv['label']}")
    return d


def _wilayah(vv: dict, file: str, teks: str) -> wilayah.Wilayah:
    kode = int(vv["val"])
    baris = _baris_kunci(teks, "vervar")
    if kode == KODE_INDONESIA_API:
        return wilayah.menurut_kode(wilayah.KODE_INDONESIA)
    w = wilayah.menurut_kode(f"{kode:02d}")
    if w is None:
        raise BpsFormatError(file, "kode vervar wilayah yang dikenal (kompendium/data/wilayah.csv)",
                             row=baris, column="vervar", found=f"{kode} {vv['label']}")
    # The label must name the same region: the code alone is never trusted blindly.
    cek = (wilayah.provinsi(str(vv["label"]), file=file, row=baris, column="vervar") if w.provinsi
           else wilayah.kabkota(str(vv["label"]), wilayah.menurut_kode(w.induk), file=file,
                                row=baris, column="vervar"))
    if cek.kode != w.kode:
        raise BpsFormatError(file, f"label vervar untuk kode {kode} ({w.nama})", row=baris,
                             column="vervar", found=str(vv["label"]))
    return w


def read(path: Path) -> pd.DataFrame:
    """Read a WebAPI JSON response into the tidy table (keeps ``_baris``)."""
    file = path.name
    teks = baca_teks(path)
    try:
        doc = json.loads(teks)
    except json.JSONDecodeError as exc:
        raise BpsFormatError(file, "JSON yang sah", row=exc.lineno, column=exc.colno,
                             found=exc.msg) from None
    if not isinstance(doc, dict) or doc.get("status") != "OK" or not isinstance(
            doc.get("datacontent"), dict):
        raise BpsFormatError(file, "respons WebAPI dengan status 'OK' dan 'datacontent'",
                             row=1, found=str(doc.get("status") if isinstance(doc, dict) else doc))
    # Order matters: it is the order of the parts inside a datacontent key.
    daftar = {n: _daftar(doc, n, file, teks) for n in ("vervar", "var", "turvar", "tahun", "turtahun")}
    out = Baris(file)
    dibangun: dict[str, tuple] = {}
    for vv, var, tv, th, tt in itertools.product(*daftar.values()):
        key = f"{vv['val']}{var['val']}{tv['val']}{th['val']}{tt['val']}"
        if key in dibangun:
            raise BpsFormatError(file, "kunci datacontent yang tidak ambigu", row=_baris_kunci(teks, key),
                                 column="datacontent", found=key)
        dibangun[key] = (vv, var, tv, th, tt)
    asing = sorted(set(doc["datacontent"]) - set(dibangun))
    if asing:
        raise BpsFormatError(file, "kunci datacontent yang tersusun dari metadata",
                             row=_baris_kunci(teks, asing[0]), column="datacontent", found=asing[0])
    for key, (vv, var, tv, th, tt) in dibangun.items():
        if key not in doc["datacontent"]:
            continue
        baris = _baris_kunci(teks, key)
        var_id = int(var["val"])
        if var_id not in VAR:
            raise BpsFormatError(file, f"variabel WebAPI yang dikenal ({sorted(VAR)})",
                                 row=_baris_kunci(teks, "var"), column="var",
                                 found=f"{var_id} {var['label']}")
        v = Variabel(VAR[var_id], _satuan(var, VAR[var_id]))
        tahun = int(th["val"]) + 1900
        if str(th["label"]).strip() != str(tahun):
            raise BpsFormatError(file, f"label tahun {tahun} untuk val {th['val']} (tahun - 1900)",
                                 row=_baris_kunci(teks, "tahun"), column="tahun", found=str(th["label"]))
        if int(tt["val"]) not in TURTAHUN:
            raise BpsFormatError(file, "turtahun 61, 62, 63 atau 0", row=_baris_kunci(teks, "turtahun"),
                                 column="turtahun", found=f"{tt['val']} {tt['label']}")
        mentah = doc["datacontent"][key]
        try:
            nilai = math.nan if mentah in (None, "", "-") else float(mentah)
        except (TypeError, ValueError):
            raise BpsFormatError(file, "angka", row=baris, column="datacontent",
                                 found=str(mentah)) from None
        w = _wilayah(vv, file, teks)
        out.tambah(v, w.kode, w.nama, _daerah(var_id, tv, file, teks), tahun,
                   TURTAHUN[int(tt["val"])], nilai, baris or 1, "datacontent")
    return buang_kosong(out.frame())
