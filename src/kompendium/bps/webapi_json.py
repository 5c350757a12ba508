"""Reader for BPS WebAPI ``model=data`` responses (JSON).

Each ``datacontent`` key is vervar.val + var.val + turvar.val + tahun.val + turtahun.val, with
``tahun.val`` = year - 1900. Parts have variable length, so keys are *built* from the metadata
for every combination and looked up; keys are never sliced. A key built twice from different
combinations, or a datacontent key that no combination builds, is an error.

What ``vervar`` and ``turvar`` hold is decided from each dimension's items and ``labelvervar``:

* the area (labels Perkotaan/Perdesaan/Perkotaan+Perdesaan, Kota/Desa/Jumlah, or the turvar codes
  BPS documents per variable) -> ``daerah``;
* regions (codes 9999 Indonesia, 11 or 1100 for a province, 1871 for a kabupaten/kota; the label
  must name the same region) -> ``kode_wilayah``/``wilayah``;
* "Tidak Ada" -> nothing;
* anything else (sex, age group...) -> the extra columns ``jenis_rincian`` (labelvervar, or the
  dimension's name) and ``rincian`` (the item's label).

Without a region dimension ``kode_wilayah`` and ``wilayah`` stay empty: the answer does not say
which region it covers. An error answer (``status`` not OK) or ``data-availability`` other than
``available`` is refused naming that key.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kompendium import kosakata, wilayah
from kompendium.bps._common import (
    Baris,
    KonvensiAngka,
    Variabel,
    baca_teks,
    buang_kosong,
)
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
_PERIODE_LABEL = {"semester 1 (maret)": kosakata.MARET, "maret": kosakata.MARET,
                  "semester 2 (september)": kosakata.SEPTEMBER, "september": kosakata.SEPTEMBER,
                  "tahunan": kosakata.TAHUNAN, "tahun": kosakata.TAHUNAN}
TURTAHUN = {61: kosakata.MARET, 62: kosakata.SEPTEMBER, 63: kosakata.TAHUNAN, 0: kosakata.TAHUNAN}
KODE_INDONESIA_API = 9999


def cocok(teks: str) -> bool:
    """True when the text is a JSON object with ``datacontent`` or ``status`` (an error answer)."""
    return teks.lstrip().startswith("{") and ('"datacontent"' in teks or '"status"' in teks)


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


def _label_daerah(label: object) -> str | None:
    return _TURVAR_LABEL.get(re.sub(r"\s*\+\s*", "+", " ".join(str(label).split())).casefold())


#: labelvervar spellings that announce regions (the codes and labels are still checked).
_LABEL_WILAYAH = re.compile(r"provinsi|kabupaten|kab\s*/\s*kota|kota|wilayah|kecamatan|nasional",
                            re.IGNORECASE)


@dataclass
class _Dimensi:
    """What one dimension of the answer (vervar or turvar) holds, decided from all its items."""

    nama: str  # vervar / turvar
    jenis: str  # "wilayah", "daerah", "tidak ada" or "rincian"
    judul: str  # labelvervar, or the breakdown's name
    arti: dict[str, object]  # item val -> Wilayah, daerah or label


def _kode_wilayah(val: int) -> str | None:
    """A WebAPI region code in the contract's form: 9999 -> "00", 11 or 1100 -> "11", 1871."""
    if val == KODE_INDONESIA_API:
        return wilayah.KODE_INDONESIA
    if 11 <= val <= 99:
        return f"{val:02d}"
    if 1100 <= val <= 9999:
        return f"{val // 100:02d}" if val % 100 == 0 else str(val)
    return None


def _region(vv: dict, file: str, baris: int | None, kolom: str) -> wilayah.Wilayah:
    """The region of one item: its code decides, its label must agree."""
    kode = _kode_wilayah(int(vv["val"]))
    label = str(vv["label"])
    if kode is None:
        raise BpsFormatError(file, "kode wilayah WebAPI (9999 Indonesia; 11 atau 1100 provinsi; "
                             "1871 kabupaten/kota)", row=baris, column=kolom, found=f"{vv['val']} {label}")
    if len(kode) == 2:
        w = wilayah.menurut_kode(kode)
        if w is None:
            raise BpsFormatError(file, "kode provinsi yang dikenal (kompendium/data/wilayah.csv)",
                                 row=baris, column=kolom, found=f"{vv['val']} {label}")
        cek = wilayah.provinsi(label, file=file, row=baris, column=kolom)
    else:
        induk = wilayah.menurut_kode(kode[:2])
        if induk is None:
            raise BpsFormatError(file, "kode kabupaten/kota di provinsi yang dikenal", row=baris,
                                 column=kolom, found=f"{vv['val']} {label}")
        cek = wilayah.kabkota(label, induk, file=file, row=baris, column=kolom)
        w = wilayah.menurut_kode(kode) or cek
        if not cek.kode:  # a kab/kota the table does not code: kept by name, as in the CSVs
            return cek
    # The label must name the same region: the code alone is never trusted blindly.
    if cek.kode != w.kode:
        raise BpsFormatError(file, f"label {kolom} untuk kode {vv['val']} ({w.nama})", row=baris,
                             column=kolom, found=label)
    return w


def _dimensi(doc: dict, nama: str, daftar: list[dict], var_ids: set[int], file: str,
             teks: str) -> _Dimensi:
    """Decide what vervar or turvar holds; items are classified together, never one by one."""
    baris = _baris_kunci(teks, nama)
    judul = str(doc.get(f"label{nama}") or "").strip()
    labels = [str(x["label"]) for x in daftar]
    if all(_label_daerah(x) == "" for x in labels):
        return _Dimensi(nama, "tidak ada", judul, {})
    kode_daerah = {k: d for v in var_ids for k, d in TURVAR.get(v, {}).items()}
    if all(_label_daerah(x) not in (None, "") or int(v["val"]) in kode_daerah
           for x, v in zip(labels, daftar, strict=False)):
        arti = {}
        for x in daftar:
            d = kode_daerah.get(int(x["val"])) or _label_daerah(x["label"])
            if d in (None, ""):
                raise BpsFormatError(file, "daerah Perkotaan/Perdesaan/Perkotaan+Perdesaan", row=baris,
                                     column=nama, found=f"{x['val']} {x['label']}")
            arti[str(x["val"])] = d
        return _Dimensi(nama, "daerah", judul or "Daerah", arti)
    kodean = all(_kode_wilayah(int(x["val"])) is not None for x in daftar)
    if kodean and (_LABEL_WILAYAH.search(judul) or any(
            int(x["val"]) == KODE_INDONESIA_API for x in daftar) or nama == "vervar" and not judul):
        return _Dimensi(nama, "wilayah", judul or "Wilayah",
                        {str(x["val"]): _region(x, file, baris, nama) for x in daftar})
    if _LABEL_WILAYAH.search(judul) and not kodean:
        bad = next(x for x in daftar if _kode_wilayah(int(x["val"])) is None)
        raise BpsFormatError(file, f"kode wilayah WebAPI untuk {nama} '{judul}' (9999; 11 atau 1100; "
                             "1871)", row=baris, column=nama, found=f"{bad['val']} {bad['label']}")
    # Another breakdown (sex, age group, ...): kept as labels, named by the answer itself.
    return _Dimensi(nama, "rincian", judul or nama,
                    {str(x["val"]): " ".join(str(x["label"]).split()) for x in daftar})


def _status(doc: object, file: str, teks: str) -> None:
    """An answer that is not data (an error, or data not available) says so, naming the key."""
    if not isinstance(doc, dict):
        raise BpsFormatError(file, "objek JSON respons WebAPI", row=1, found=type(doc).__name__)
    status = doc.get("status")
    if status != "OK":
        pesan = doc.get("message") or doc.get("pesan") or ""
        raise BpsFormatError(file, "respons WebAPI dengan status 'OK'", row=_baris_kunci(teks, "status"),
                             column="status", found=f"{status}" + (f": {pesan}" if pesan else ""))
    tersedia = doc.get("data-availability")
    if tersedia is not None and tersedia != "available":
        raise BpsFormatError(file, "data-availability 'available' (data tersedia untuk permintaan ini)",
                             row=_baris_kunci(teks, "data-availability"), column="data-availability",
                             found=str(tersedia))
    if not isinstance(doc.get("datacontent"), dict):
        raise BpsFormatError(file, "objek 'datacontent' berisi nilai", row=_baris_kunci(teks, "datacontent"),
                             column="datacontent", found=str(doc.get("datacontent"))[:60])


def read(path: Path) -> pd.DataFrame:
    """Read a WebAPI JSON response into the tidy table (keeps ``_baris``)."""
    file = path.name
    teks = baca_teks(path)
    try:
        doc = json.loads(teks)
    except json.JSONDecodeError as exc:
        raise BpsFormatError(file, "JSON yang sah", row=exc.lineno, column=exc.colno,
                             found=exc.msg) from None
    _status(doc, file, teks)
    # Order matters: it is the order of the parts inside a datacontent key.
    daftar = {n: _daftar(doc, n, file, teks) for n in ("vervar", "var", "turvar", "tahun", "turtahun")}
    var_ids = set()
    for var in daftar["var"]:
        var_id = int(var["val"])
        if var_id not in VAR:
            raise BpsFormatError(file, f"variabel WebAPI yang dikenal ({sorted(VAR)})",
                                 row=_baris_kunci(teks, "var"), column="var",
                                 found=f"{var_id} {var['label']}")
        var_ids.add(var_id)
    for th in daftar["tahun"]:
        if str(th["label"]).strip() != str(int(th["val"]) + 1900):
            raise BpsFormatError(file, f"label tahun {int(th['val']) + 1900} untuk val {th['val']} "
                                 "(tahun - 1900)", row=_baris_kunci(teks, "tahun"), column="tahun",
                                 found=str(th["label"]))
    periode = {}
    for tt in daftar["turtahun"]:
        p = TURTAHUN.get(int(tt["val"])) or _PERIODE_LABEL.get(" ".join(str(tt["label"]).split()).casefold())
        if p is None:
            raise BpsFormatError(file, "turtahun 61 (Maret), 62 (September), 63/0 (Tahunan)",
                                 row=_baris_kunci(teks, "turtahun"), column="turtahun",
                                 found=f"{tt['val']} {tt['label']}")
        periode[str(tt["val"])] = p
    vervar = _dimensi(doc, "vervar", daftar["vervar"], var_ids, file, teks)
    turvar = _dimensi(doc, "turvar", daftar["turvar"], var_ids, file, teks)
    jenis = [vervar.jenis, turvar.jenis]
    for j in ("wilayah", "daerah"):
        if jenis.count(j) > 1:
            raise BpsFormatError(file, f"{j} di satu dimensi saja", row=_baris_kunci(teks, "turvar"),
                                 column="turvar", found=f"vervar dan turvar keduanya {j}")
    rincian = [d for d in (vervar, turvar) if d.jenis == "rincian"]
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
    konvensi = KonvensiAngka.dari(v for v in doc["datacontent"].values() if isinstance(v, str))
    out = Baris(file)
    for key, (vv, var, tv, th, tt) in dibangun.items():
        if key not in doc["datacontent"]:
            continue
        baris = _baris_kunci(teks, key) or 1
        var_id = int(var["val"])
        v = Variabel(VAR[var_id], _satuan(var, VAR[var_id]))
        nilai = konvensi.angka(doc["datacontent"][key], file=file, row=baris, column="datacontent")
        arti = {vervar.nama: vervar.arti.get(str(vv["val"])), turvar.nama: turvar.arti.get(str(tv["val"]))}
        w = next((arti[d.nama] for d in (vervar, turvar) if d.jenis == "wilayah"), None)
        dh = next((arti[d.nama] for d in (vervar, turvar) if d.jenis == "daerah"), "")
        # No region dimension: the region columns stay empty rather than assume Indonesia.
        out.tambah(v, w.kode if w else "", w.nama if w else "", dh, int(th["val"]) + 1900,
                   periode[str(tt["val"])], nilai, baris, "datacontent")
        if rincian:
            out.rows[-1]["jenis_rincian"] = "; ".join(d.judul for d in rincian)
            out.rows[-1]["rincian"] = "; ".join(str(arti[d.nama]) for d in rincian)
    df = buang_kosong(out.frame())
    df.attrs["konvensi_angka"] = konvensi
    dimensi = {"indikator": "var"}
    for d in (vervar, turvar):
        if d.jenis != "tidak ada":
            dimensi[d.jenis] = f"{d.nama} ({d.judul})" if d.judul else d.nama
    df.attrs["dimensi"] = {**dimensi, "tahun": "tahun (val = tahun - 1900)", "periode": "turtahun"}
    peringatan = ([] if any(d.jenis == "wilayah" for d in (vervar, turvar)) else
                  ["tidak ada dimensi wilayah: kolom kode_wilayah dan wilayah kosong"])
    for d in (vervar, turvar):
        if d.jenis == "wilayah" and "kecamatan" in d.judul.casefold():
            # BPS's own example labels kabupaten codes "Kecamatan"; the codes are what is read.
            peringatan.append(f"label{d.nama} '{d.judul}', tetapi kodenya kode kabupaten/kota/provinsi "
                              "BPS; dibaca menurut kode")
    df.attrs["peringatan"] = peringatan
    return df
