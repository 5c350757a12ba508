"""Variants of every real BPS file: what a new download of the same table may look like.

From every file of data/raw and every real export in ../shared/data/bps-exports (read in place,
never copied into the repository) the generator makes the variants an author meets: line endings,
BOM, final newline, blank trailing lines, row order, case of names, a unit in the title, an .xlsx
copy with merged header cells, the national row dropped, the WebAPI answer of the same table with
region codes in either form, a decimal comma where the separator allows it. Each must read to the
identical tidy table. Hypothesis draws combinations (derandomized: the same examples every run).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompendium import kosakata
from kompendium.bps import detect_format, read_bps_file
from kompendium.bps.detect import (
    OLDSITE_HTML,
    SEMICOLON_CSV,
    STATICTABLE,
    WEBAPI_JSON,
    WEBSITE_CSV,
)
from kompendium.bps.website_csv import adalah_provinsi, jenis_tata_letak

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository; KOMPENDIUM_SHARED points elsewhere (e.g. from a git worktree).
EXPORTS = Path(os.environ.get("KOMPENDIUM_SHARED", ROOT.parent / "shared")) / "data" / "bps-exports"
BOM = "\ufeff"
SETTINGS = settings(max_examples=2, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def _files() -> list[Path]:
    raw = [p for p in sorted((ROOT / "data" / "raw").glob("*/*"))
           if p.is_file() and p.parent.name != "transkripsi"]
    shared = sorted(p for p in EXPORTS.rglob("*") if p.is_file()) if EXPORTS.is_dir() else []
    # Many exports are byte for byte the files of data/raw: each distinct file once.
    unik: dict[str, Path] = {}
    for p in raw + shared:
        unik.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), p)
    return list(unik.values())


FILES = _files()
_ASLI: dict[Path, pd.DataFrame] = {}
# Each test is parametrised only with the files it applies to (a skip would fail under CI=true).
CSVS = {p: detect_format(p) for p in FILES if p.suffix == ".csv"}


def _csvs(*formats: str) -> list[Path]:
    return [p for p, fmt in CSVS.items() if fmt in formats]


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def asli(path: Path) -> pd.DataFrame:
    if path not in _ASLI:
        _ASLI[path] = read_bps_file(path)
    return _ASLI[path]


def sama(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Identical tidy tables, whatever the file was called."""
    pd.testing.assert_frame_equal(a.drop(columns="sumber").reset_index(drop=True),
                                  b.drop(columns="sumber").reset_index(drop=True))


def _rows(teks: str) -> list[list[str]]:
    return [next(csv.reader([baris])) if baris else [] for baris in teks.lstrip(BOM).replace("\r\n", "\n").split("\n")]


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _title_case(nama: str) -> str:
    return " ".join(w.capitalize() for w in nama.split(" "))


@st.composite
def bingkai(draw: st.DrawFn) -> dict:
    """The container variants every text download may take."""
    return {"crlf": draw(st.booleans()), "bom": draw(st.booleans()),
            "akhir": draw(st.sampled_from(["", "\n", "\n\n", "\n,,\n"])), "seed": draw(st.integers(0, 10**6))}


def _bungkus(teks: str, v: dict, *, koma_kosong: bool = True) -> bytes:
    teks = teks.lstrip(BOM).rstrip("\n")
    akhir = v["akhir"] if koma_kosong else v["akhir"].replace(",", "")
    teks = (BOM if v["bom"] else "") + teks + akhir
    if v["crlf"]:
        teks = teks.replace("\n", "\r\n")
    return teks.encode("utf-8")


# ----------------------------------------------------------------------------- website CSV
def _website_variant(teks: str, v: dict, rnd: random.Random, judul_satuan: bool) -> str:
    rows = [r for r in _rows(teks) if r]
    jenis = jenis_tata_letak(rows[0][0])
    kepala = {"nasional": 4, "provinsi": 5, "kabkota": 3}[jenis]
    head, data = rows[:kepala], rows[kepala:]
    if jenis == "kabkota":
        # Blocks (a province row and its kabupaten/kota) in any order, rows within a block too.
        blok: list[list[list[str]]] = []
        for r in data:
            if adalah_provinsi(r[0]):
                blok.append([r])
            else:
                blok[-1].append(r)
        rnd.shuffle(blok)
        data = []
        for b in blok:
            isi = b[1:]
            rnd.shuffle(isi)
            data += [b[0], *isi]
    else:
        rnd.shuffle(data)
        if jenis == "provinsi":
            data = [[_title_case(r[0]) if rnd.random() < 0.5 else r[0].upper(), *r[1:]] for r in data]
    if judul_satuan:
        head = [list(h) for h in head]
        head[1][1] = _ganti_satuan(head[1][1])
    return _csv(head + data)


def _ganti_satuan(judul: str) -> str:
    """Add the indicator's unit to a title that has none, or drop it where it is optional."""
    j = judul.rstrip()
    if re.search(r"\((Persen|Rupiah/Kapita/Bulan)\)$", j):
        return re.sub(r"\s*\((Persen|Rupiah/Kapita/Bulan)\)$", "", j)
    satuan = {"persentase": "Persen", "indeks": "Indeks", "gini": "Rasio"}
    kata = j.split()[0].casefold()
    return f"{j} ({satuan[kata]})" if kata in satuan else j


@pytest.mark.parametrize("path", _csvs(WEBSITE_CSV, SEMICOLON_CSV, STATICTABLE), ids=_id)
def test_csv_variants(path: Path) -> None:
    fmt = CSVS[path]
    teks = path.read_bytes().decode("utf-8")
    expected = asli(path)

    @SETTINGS
    @given(v=bingkai(), satuan=st.booleans())
    def check(v: dict, satuan: bool) -> None:
        rnd = random.Random(v["seed"])
        if fmt == WEBSITE_CSV:
            isi = _website_variant(teks, v, rnd, satuan)
        elif fmt == STATICTABLE:
            rows = [r for r in _rows(teks) if r]
            data = rows[2:-1]
            rnd.shuffle(data)  # the static table keeps INDONESIA last: it is its completeness check
            data = [[r[0].upper() if rnd.random() < 0.5 else r[0], *r[1:]] for r in data]
            isi = ",".join(rows[0]) + "\n" + _csv([rows[1], *data, rows[-1]])
        else:
            isi = teks.lstrip(" \t" + BOM)
        out = DIR / path.name
        out.write_bytes(_bungkus(isi, v, koma_kosong=fmt != SEMICOLON_CSV))
        sama(expected, read_bps_file(out))

    check()


@pytest.fixture(autouse=True)
def _dir(tmp_path: Path) -> None:
    global DIR
    DIR = tmp_path


DIR = Path("/nonexistent")


def _province_tables() -> list[Path]:
    return [p for p in _csvs(WEBSITE_CSV)
            if jenis_tata_letak(next(r for r in _rows(p.read_bytes().decode("utf-8")) if r)[0]) == "provinsi"]


@pytest.mark.parametrize("path", _province_tables(), ids=_id)
def test_province_file_without_national_row(path: Path, tmp_path: Path) -> None:
    teks = path.read_bytes().decode("utf-8")
    rows = [r for r in _rows(teks) if r]
    out = tmp_path / path.name
    out.write_text(_csv([r for r in rows if r[0].strip().upper() != "INDONESIA"]), encoding="utf-8")
    df = read_bps_file(out)
    e = asli(path)
    sama(e[e["kode_wilayah"] != kosakata.KODE_INDONESIA], df)
    assert any("INDONESIA" in p for p in df.attrs["peringatan"])


def write_xlsx(rows: list[list[str]], out: Path, kepala: int) -> None:
    """The grid as the site's workbook: numbers as numbers, repeated header labels merged."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, r in enumerate(rows):
        sel = []
        for c, x in enumerate(r):
            if i >= kepala and c > 0 and re.fullmatch(r"-?\d+(\.\d+)?", x):
                sel.append(int(x) if re.fullmatch(r"-?\d+", x) else float(x))
            elif i < kepala and re.fullmatch(r"(19|20)\d\d", x):
                sel.append(int(x))
            else:
                sel.append(x)
        ws.append(sel)
    for i in range(1, min(kepala, len(rows))):  # merge each header label over its empty followers
        c = 1
        while c < len(rows[i]):
            j = c + 1
            while j < len(rows[i]) and rows[i][j] == "":
                j += 1
            if rows[i][c] and j - c > 1:
                ws.merge_cells(start_row=i + 1, start_column=c + 1, end_row=i + 1, end_column=j)
            c = j
    wb.save(out)


@pytest.mark.parametrize("path", _csvs(WEBSITE_CSV, STATICTABLE), ids=_id)
def test_xlsx_copy(path: Path, tmp_path: Path) -> None:
    fmt = CSVS[path]
    rows = [r for r in _rows(path.read_bytes().decode("utf-8")) if r]
    if fmt == STATICTABLE:
        rows[0] = [",".join(rows[0]).rstrip(",")]
        kepala = 2
    else:
        kepala = {"nasional": 4, "provinsi": 5, "kabkota": 3}[jenis_tata_letak(rows[0][0])]
    out = tmp_path / (path.stem + ".xlsx")
    write_xlsx(rows, out, kepala)
    df = read_bps_file(out)
    assert df.attrs["format"] == "xlsx"
    sama(asli(path), df)


# ----------------------------------------------------------------------------- WebAPI answer
_VAR = {kosakata.P0: (192, "Persen"), kosakata.P1: (503, "Indeks"), kosakata.P2: (504, "Indeks"),
        kosakata.GARIS_KEMISKINAN: (182, "Rupiah/Kapita/Bulan"), kosakata.GINI: (98, "Rasio"),
        kosakata.JUMLAH_PENDUDUK_MISKIN: (185, "Juta Jiwa")}
_TT = {kosakata.MARET: (61, "Semester 1 (Maret)"), kosakata.SEPTEMBER: (62, "Semester 2 (September)"),
       kosakata.TAHUNAN: (63, "Tahunan")}
_TURVAR = {192: (432, 433, 434), 98: (189, 190, 191)}


def webapi_dari(df: pd.DataFrame, kode_4: bool, rnd: random.Random) -> dict:
    """The WebAPI answer holding the same values as a tidy table with an area split."""
    (ind, satuan), = df[["indikator", "satuan"]].drop_duplicates().itertuples(index=False)
    var, unit = _VAR[ind]
    if ind == kosakata.JUMLAH_PENDUDUK_MISKIN:
        unit = satuan.title()
    kode = {"00": 9999}
    kode |= {k: int(k) * (100 if kode_4 else 1) for k in set(df["kode_wilayah"]) if k != "00"}
    turvar = _TURVAR.get(var, (1, 2, 3))
    daerah = dict(zip(kosakata.DAERAH, turvar, strict=False))
    wil = df[["kode_wilayah", "wilayah"]].drop_duplicates().to_numpy().tolist()
    rnd.shuffle(wil)
    doc = {
        "status": "OK", "data-availability": "available",
        "var": [{"val": var, "label": ind, "unit": unit, "subj": "Kemiskinan", "def": "", "note": ""}],
        "turvar": [{"val": daerah[d], "label": d} for d in kosakata.DAERAH if d in set(df["daerah"])],
        "labelvervar": "Provinsi",
        "vervar": [{"val": kode[k], "label": n.upper() if rnd.random() < 0.5 else n} for k, n in wil],
        "tahun": [{"val": t - 1900, "label": str(t)} for t in sorted(set(df["tahun"]))],
        "turtahun": [{"val": _TT[p][0], "label": _TT[p][1]} for p in kosakata.PERIODE
                     if p in set(df["periode"])],
        "datacontent": {},
    }
    for r in df.itertuples(index=False):
        key = f"{kode[r.kode_wilayah]}{var}{daerah[r.daerah]}{r.tahun - 1900}{_TT[r.periode][0]}"
        doc["datacontent"][key] = None if pd.isna(r.nilai) else r.nilai
    return doc


def _has_webapi_counterpart(path: Path) -> bool:
    """One indicator the WebAPI serves, split by area, every row with a region."""
    e = asli(path)
    return not (e.empty or (e["daerah"] == "").any() or (e["kode_wilayah"] == "").any()
                or e["indikator"].nunique() > 1 or e["indikator"].iloc[0] not in _VAR)


@pytest.mark.parametrize("path", [p for p in CSVS if _has_webapi_counterpart(p)], ids=_id)
def test_same_table_as_webapi_answer(path: Path) -> None:
    e = asli(path)

    @SETTINGS
    @given(kode_4=st.booleans(), seed=st.integers(0, 10**6), indent=st.sampled_from([None, 1, 4]))
    def check(kode_4: bool, seed: int, indent: int | None) -> None:
        doc = webapi_dari(e, kode_4, random.Random(seed))
        out = DIR / (path.stem + ".json")
        out.write_text(json.dumps(doc, indent=indent), encoding="utf-8")
        df = read_bps_file(out)
        assert df.attrs["dimensi"]["wilayah"].startswith("vervar")
        sama(e, df)

    check()


# ----------------------------------------------------------------------------- other formats
@pytest.mark.parametrize("path", [p for p in FILES if p.suffix in (".json", ".xls")], ids=_id)
def test_json_and_html_variants(path: Path) -> None:
    teks = path.read_bytes().decode("utf-8")
    expected = asli(path)
    fmt = detect_format(path)

    @SETTINGS
    @given(v=bingkai())
    def check(v: dict) -> None:
        rnd = random.Random(v["seed"])
        if fmt == WEBAPI_JSON:
            doc = json.loads(teks)
            items = list(doc["datacontent"].items())
            rnd.shuffle(items)
            doc["datacontent"] = dict(items)
            isi = json.dumps(doc, indent=rnd.choice([None, 2]))
        else:
            assert fmt == OLDSITE_HTML
            isi = html_variant(teks, rnd)
        out = DIR / path.name
        out.write_bytes(_bungkus(isi, {**v, "bom": False}, koma_kosong=False))
        sama(expected, read_bps_file(out))

    check()


def _tr(segmen: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", segmen, flags=re.DOTALL)


def html_variant(teks: str, rnd: random.Random) -> str:
    """Old-site export: rows reordered together, names in another case, years reordered within
    each title, unit appended and "Provinsi" dropped or kept in the titles."""
    def tabel(id_: str) -> tuple[int, int]:
        a = teks.index(f'id="{id_}"')
        return teks.index("<tbody>", a), teks.index("</tbody>", a)

    (la, lb), (ua, ub), (ba, bb) = tabel("tableLeftBottom"), tabel("tableRightUp"), tabel("tableRightBottom")
    kiri, atas, isi = _tr(teks[la:lb]), _tr(teks[ua:ub]), _tr(teks[ba:bb])
    urut = list(range(len(kiri)))
    rnd.shuffle(urut)
    ganti = rnd.choice([str.upper, str.lower, str])
    kiri = [re.sub(r">([^<>]+)</td>", lambda m: ">" + ganti(m.group(1)) + "</td>", kiri[i]) for i in urut]
    isi = [isi[i] for i in urut]
    # Year columns: one permutation within each title's span, applied to headers and values alike.
    spans = [int(x) for x in re.findall(r'colspan="(\d+)"', atas[0])]
    perm, awal = [], 0
    for s in spans:
        blok = list(range(awal, awal + s))
        rnd.shuffle(blok)
        perm += blok
        awal += s

    def susun(tr: str, tag: str) -> str:
        sel = re.findall(rf"<{tag}\b.*?</{tag}>", tr, flags=re.DOTALL)
        return "<tr>" + "".join(sel[i] for i in perm) + "</tr>"

    judul = re.sub(r"(Kemiskinan \(P[12]\) Menurut Kabupaten/Kota di )(Provinsi )?([^<]*?)\s*</th>",
                   lambda m: m.group(1) + rnd.choice(["", "Provinsi "]) + m.group(3)
                   + rnd.choice(["", " (Indeks)"]) + " </th>", atas[0])
    atas = [judul, susun(atas[1], "th")]
    isi = [susun(tr, "td") for tr in isi]
    return (teks[:la] + "<tbody>" + "".join(kiri) + teks[lb:ua] + "<tbody>" + "".join(atas)
            + teks[ub:ba] + "<tbody>" + "".join(isi) + teks[bb:])


def test_semicolon_decimal_comma_variant(tmp_path: Path) -> None:
    """';' leaves the comma free: a decimal-comma export of the same table reads the same."""
    path = EXPORTS / "other-formats" / "bps_dynamic_table_csv_semicolon_export_P1_kabkota_2022-2023.csv"
    if not path.is_file():
        pytest.skip("../shared absent")
    teks = path.read_bytes().decode("utf-8")
    koma = re.sub(r";(-?\d+)\.(\d+);", r";\1,\2;", teks)
    assert koma != teks
    out = tmp_path / path.name
    out.write_text(koma, encoding="utf-8")
    sama(asli(path), read_bps_file(out))
