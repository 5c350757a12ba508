"""Data vintages: a committed record of the book's published numbers, and what a data update changed.

A vintage (``vintages/<YYYY-MM>.json``) holds, for one released state of the data:
- ``berkas``: the sha256 of every raw file (from data/raw/datapackage.json),
- ``nilai``: every value of every processed BPS table (data/processed/<table>.csv),
- ``angka``: every number glued into the book's prose (data/processed/angka/<chapter>.json), at
  the precision the book shows it (its displayed decimals, ``desimal``, read from the executed
  notebook in book/_generated),
- ``putusan``: verdict tables, i.e. any processed CSV with an ``id`` column and a ``status``,
  ``arah`` or ``putusan`` column: the claims audit (``claims_audit.csv``) and a conclusions table,
  when present (nothing else of their internals is assumed).

:func:`potret` takes that snapshot of the current build; :func:`bandingkan` compares two snapshots:
new periods, past values BPS revised (same key, another value), values that disappeared, regions
renamed, glued numbers old -> new, and changed, added or dropped claim statuses and conclusions.

Values are compared at the precision they are published with: a glued number at its displayed
decimals, a BPS value at the decimals BPS publishes for that indicator in that table. Noise below it
(a fit's fourth decimal on another machine) is never a change. :func:`bandingkan_build` also names
every glued number by the sentence where readers see it (:func:`tempat_angka`).
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kompendium import tidy
from kompendium.atomic import write_json
from kompendium.errors import KompendiumError
from kompendium.kosakata import KUNCI, PERIODE, URUTAN_PERIODE
from kompendium.provenance import HASH_PREFIX, load_datapackage

#: 2: glued numbers recorded at their displayed decimals, with ``desimal``; 1 (full precision) is read too.
FORMAT = 2
FORMAT_DIBACA = (1, 2)
POLA_NAMA = re.compile(r"^[0-9]{4}-(03|09)$")
#: Columns that make a processed CSV a verdict table, and the ones recorded from it.
KOLOM_PUTUSAN = ("status", "arah", "putusan")
KOLOM_DICATAT = ("status", "arah", "putusan", "nilai_hitung")
#: Folders of data/raw that are not BPS tables (see kompendium.pembaruan).
BUKAN_TABEL_BPS = frozenset({"transkripsi"})
#: This page's own numbers describe the comparison; recording them would compare the page with itself.
BAB_PERUBAHAN = "perubahan_data"
#: Where the executed chapters are (their glue outputs hold the text readers see).
GENERATED = Path("book") / "_generated"
#: At most this many decimals are looked for in a BPS value (more is float noise, not a publication).
DESIMAL_MAKS = 6
SEP = "|"  # joins the key columns of one value: series "p0|18|Lampung|Perkotaan", period "2019|Maret"


def tabel_bps(raw_dir: Path) -> list[str]:
    """The BPS table folders of data/raw, each processed into data/processed/<folder>.csv."""
    return sorted(p.name for p in Path(raw_dir).iterdir()
                  if p.is_dir() and p.name not in BUKAN_TABEL_BPS and not p.name.startswith("."))


def read_values(path: Path) -> dict[str, dict[str, float]]:
    """Values of one tidy CSV as {"indikator|kode_wilayah|wilayah|daerah": {"tahun|periode": nilai}};
    missing values are left out (a value that appears later counts as new)."""
    tabel = tidy.read_csv(path)
    kurang = [k for k in (*KUNCI, "nilai") if k not in tabel.columns]
    if kurang:
        raise KompendiumError(f"{path} (baris 1): diharapkan kolom tabel rapi; tidak ada {kurang}")
    nilai = pd.to_numeric(tabel["nilai"], errors="coerce")
    salah = nilai.isna() & tabel["nilai"].notna()
    if salah.any():
        i = int(salah.to_numpy().argmax())
        raise KompendiumError(f"{path} (baris {i + 2}, kolom nilai): diharapkan angka; "
                              f"ditemukan {tabel['nilai'].iloc[i]!r}")
    seri: dict[str, dict[str, float]] = {}
    ada = nilai.notna()
    for r, x in zip(tabel[ada].itertuples(index=False), nilai[ada], strict=False):
        kunci = SEP.join(str(getattr(r, k)) for k in KUNCI[:4])
        seri.setdefault(kunci, {})[f"{int(r.tahun)}{SEP}{r.periode}"] = round(float(x), 10)
    return seri


def read_verdicts(path: Path) -> dict[str, dict[str, str]] | None:
    """id -> {status/arah/nilai_hitung} of a verdict table, or None when `path` is not one."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        kolom = reader.fieldnames or []
        if "id" not in kolom or not any(k in kolom for k in KOLOM_PUTUSAN):
            return None
        dicatat = [k for k in KOLOM_DICATAT if k in kolom]
        return {r["id"]: {k: r[k] for k in dicatat} for r in reader}


def _cek_build(bukti: Path, dibaca: Iterable[Path]) -> None:
    """Refuse a build that is not finished: the comparison file that the workflow writes last
    (after every table, chapter and verdict it reads) must be newer than all of them."""
    if not bukti.is_file():
        raise KompendiumError(f"{bukti}: tidak ada; bangun dulu dengan `snakemake --cores 2`")
    batas = bukti.stat().st_mtime
    basi = sorted(p for p in dibaca if p.stat().st_mtime > batas)
    if basi:
        raise KompendiumError(f"{basi[0]}: lebih baru dari {bukti} (build belum dijalankan sejak "
                              "berkas ini berubah); bangun dulu dengan `snakemake --cores 2`")


def potret(root: str | Path, nama: str, *, cek_kesegaran: bool = True) -> dict:
    """Snapshot of the current build under `root` (the repository): the content of a vintage."""
    root = Path(root)
    if not POLA_NAMA.match(nama):
        raise KompendiumError(f"nama vintage {nama!r}: diharapkan YYYY-03 atau YYYY-09 (data_vintage)")
    raw, processed = root / "data" / "raw", root / "data" / "processed"
    package = load_datapackage(raw)
    tabel = tabel_bps(raw)
    csv_tabel = [processed / f"{t}.csv" for t in tabel]
    hilang = [p for p in csv_tabel if not p.is_file()]
    if hilang:
        raise KompendiumError(f"{hilang[0]}: tidak ada; bangun dulu dengan `snakemake --cores 2`")
    angka_dir = processed / "angka"
    file_angka = sorted(p for p in angka_dir.glob("*.json") if p.stem != BAB_PERUBAHAN)
    file_putusan = sorted(p for p in processed.glob("*.csv") if p.stem not in tabel)
    if cek_kesegaran:
        mentah = [p for p in raw.rglob("*") if p.is_file()]
        _cek_build(processed / f"{BAB_PERUBAHAN}.json", [*mentah, *csv_tabel, *file_angka, *file_putusan])
    putusan = {}
    for p in file_putusan:
        isi = read_verdicts(p)
        if isi is not None:
            putusan[p.stem] = isi
    dok = {
        "format": FORMAT,
        "nama": nama,
        "berkas": {r["path"]: str(r.get("hash", "")).removeprefix(HASH_PREFIX)
                   for r in sorted(package["resources"], key=lambda r: r["path"])},
        "nilai": {t: read_values(p) for t, p in zip(tabel, csv_tabel, strict=False)},
        "angka": {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in file_angka},
        "putusan": putusan,
    }
    # Glued numbers at the decimals the book shows them with (read from the executed chapters).
    dok["desimal"] = {}
    for bab, nilai in dok["angka"].items():
        tampil = read_glue_texts(root / GENERATED / f"{bab}.ipynb")
        desimal = {k: d for k in sorted(nilai) if (d := desimal_tampil(nilai[k], tampil.get(k))) is not None}
        dok["desimal"][bab] = desimal
        dok["angka"][bab] = {k: bulatkan(x, desimal.get(k)) for k, x in nilai.items()}
    return dok


def read_glue_texts(path: Path) -> dict[str, str]:
    """Glue key -> the text the book shows, from an executed chapter (MyST-NB glue outputs); {} when
    the chapter has not been executed (then numbers are compared at full precision)."""
    if not path.is_file():
        return {}
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KompendiumError(f"{path} (baris {exc.lineno}): bukan notebook JSON yang sah: {exc.msg}") from None
    teks = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            data = out.get("data", {}).get(f"{scrap.get('mime_prefix', '')}text/plain")
            if isinstance(data, str):
                try:
                    nilai = ast.literal_eval(data)  # glue stores the repr of the glued string
                except (ValueError, SyntaxError):
                    nilai = data
                teks[scrap["name"]] = str(nilai)
    return teks


_ANGKA_TAMPIL = re.compile(r"^[-−]?\d{1,3}(\.\d{3})*(,(?P<desimal>\d+))?$|^[-−]?\d+(,(?P<d2>\d+))?$")


def desimal_tampil(nilai, teks: str | None) -> int | None:
    """The decimals a glued number is shown with ('49,8' -> 1, '10.467.630' -> 0), or None for text
    or when the shown text is unknown or not a number."""
    if teks is None or isinstance(nilai, bool) or not isinstance(nilai, (int, float)):
        return None
    m = _ANGKA_TAMPIL.match(teks.strip())
    if not m:
        return None
    desimal = m.group("desimal") or m.group("d2") or ""
    return len(desimal)


def bulatkan(x, desimal: int | None):
    """`x` at `desimal` decimals, rounded as the book formats it (an int stays an int)."""
    if desimal is None or isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    if isinstance(x, int):
        return x
    y = float(f"{x:.{desimal}f}")
    return y + 0.0  # -0.0 -> 0.0 in the record


def sama_tampil(a, b, desimal: int | None) -> bool:
    """Whether two recorded values read the same at `desimal` decimals (exactly, for text)."""
    if desimal is None or isinstance(a, bool) or isinstance(b, bool) \
            or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return a == b
    return f"{a:.{desimal}f}" == f"{b:.{desimal}f}"


def desimal_terbit(nilai: Iterable[float]) -> int:
    """The decimals BPS publishes a set of values with: the fewest that hold every value exactly
    (9.36 -> 2, 10467630.0 -> 0), at most DESIMAL_MAKS."""
    d = 0
    for x in nilai:
        while d < DESIMAL_MAKS and abs(x - round(x, d)) > 1e-9 * max(1.0, abs(x)):
            d += 1
    return d


def write(vintages_dir: str | Path, dok: dict, *, ganti: bool = False) -> Path:
    """Write a vintage to vintages/<nama>.json atomically, as deterministic JSON (sorted keys, one
    value per line, so a git diff shows each changed value); an existing one only with `ganti`."""
    path = Path(vintages_dir) / f"{dok['nama']}.json"
    if path.exists() and not ganti:
        raise KompendiumError(f"{path}: vintage ini sudah tercatat; pakai --replace untuk mencatat ulang")
    write_json(path, dok, indent=1, sort_keys=True)
    path.chmod(0o644)  # a committed file: readable like the rest of the repository
    return path



def read(path: str | Path) -> dict:
    """Read one vintage file and check its shape."""
    path = Path(path)
    try:
        dok = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KompendiumError(f"{path} (baris {exc.lineno}): bukan JSON yang sah: {exc.msg}") from None
    kurang = [k for k in ("format", "nama", "berkas", "nilai", "angka", "putusan") if k not in dok]
    if kurang or dok.get("format") not in FORMAT_DIBACA:
        raise KompendiumError(f"{path}: diharapkan vintage format {FORMAT_DIBACA} dengan kunci "
                              f"nama, berkas, nilai, angka, putusan; tidak ada {kurang or 'format'}")
    dok.setdefault("desimal", {})  # format 1 kept full precision: compared at the build's decimals
    return dok


def pilih_pembanding(vintages_dir: str | Path, nama_sekarang: str) -> Path | None:
    """The vintage to compare the build with: the newest one before `nama_sekarang`;
    else the record of `nama_sekarang` itself (what changed since it was recorded); else None."""
    files = sorted(p for p in Path(vintages_dir).glob("*.json") if POLA_NAMA.match(p.stem))
    sebelum = [p for p in files if p.stem < nama_sekarang]
    if sebelum:
        return sebelum[-1]
    sama = [p for p in files if p.stem == nama_sekarang]
    return sama[0] if sama else None


def _indeks(dok: dict, ganti_nama: dict[tuple, str] | None = None) -> dict[tuple, float]:
    """(tabel, indikator, kode_wilayah, wilayah, daerah, tahun, periode) -> nilai; a region in
    `ganti_nama` ((tabel, kode_wilayah) -> new name) is keyed by its new name."""
    ganti_nama = ganti_nama or {}
    indeks = {}
    for tabel, semua_seri in dok["nilai"].items():
        for seri, nilai in semua_seri.items():
            indikator, kode, wilayah, daerah = seri.split(SEP)
            wilayah = ganti_nama.get((tabel, kode), wilayah)
            for periode, x in nilai.items():
                tahun, nama_periode = periode.split(SEP)
                indeks[(tabel, indikator, kode, wilayah, daerah, int(tahun), nama_periode)] = x
    return indeks


def _nama_wilayah(dok: dict) -> dict[tuple, set[str]]:
    nama: dict[tuple, set[str]] = {}
    for tabel, semua_seri in dok["nilai"].items():
        for seri in semua_seri:
            _, kode, wilayah, _ = seri.split(SEP)
            nama.setdefault((tabel, kode), set()).add(wilayah)
    return nama


def _ganti_nama(lama: dict, baru: dict) -> list[dict]:
    """Regions with the same code and another name (one name on each side): a rename, whose values
    are compared as before rather than listed as dropped and filled in."""
    a, b = _nama_wilayah(lama), _nama_wilayah(baru)
    return [{"tabel": t, "kode_wilayah": kode, "lama": next(iter(a[t, kode])), "baru": next(iter(b[t, kode]))}
            for t, kode in sorted(a.keys() & b.keys())
            if kode and len(a[t, kode]) == 1 and len(b[t, kode]) == 1 and a[t, kode] != b[t, kode]]


def _baris(kunci: tuple, **nilai) -> dict:
    return {"tabel": kunci[0], **dict(zip(KUNCI, kunci[1:], strict=False)), **nilai}


def _banding_nilai(lama: dict, baru: dict) -> dict:
    ganti_nama = _ganti_nama(lama, baru)
    a = _indeks(lama, {(r["tabel"], r["kode_wilayah"]): r["baru"] for r in ganti_nama})
    b = _indeks(baru)
    # The decimals BPS publishes, per table and indicator, over both vintages.
    per_indikator: dict[tuple, list[float]] = {}
    for k, x in [*a.items(), *b.items()]:
        per_indikator.setdefault(k[:2], []).append(x)
    desimal = {k: desimal_terbit(v) for k, v in per_indikator.items()}
    periode_lama = {(k[0], k[5], k[6]) for k in a}
    nilai_baru = [_baris(k, baru=b[k], periode_baru=(k[0], k[5], k[6]) not in periode_lama)
                  for k in sorted(b.keys() - a.keys(), key=_urut)]
    revisi = [_baris(k, lama=a[k], baru=b[k], selisih=round(b[k] - a[k], 10))
              for k in sorted(a.keys() & b.keys(), key=_urut) if not sama_tampil(a[k], b[k], desimal[k[:2]])]
    hilang = [_baris(k, lama=a[k]) for k in sorted(a.keys() - b.keys(), key=_urut)]
    periode: dict[tuple, int] = {}
    for r in nilai_baru:
        if r["periode_baru"]:
            k = (r["tabel"], r["tahun"], r["periode"])
            periode[k] = periode.get(k, 0) + 1
    return {
        "baru": nilai_baru,
        "revisi": revisi,
        "hilang": hilang,
        "periode_baru": [{"tabel": t, "tahun": th, "periode": p, "jumlah_nilai": n}
                         for (t, th, p), n in sorted(periode.items(), key=lambda x: (
                             x[0][0], x[0][1], _posisi(x[0][2])))],
        "ganti_nama": ganti_nama,
    }


def _posisi(periode: str) -> int:
    """Time order of a period; an unknown one (an old record) sorts after the known ones."""
    return URUTAN_PERIODE.get(periode, len(PERIODE))


def _urut(k: tuple) -> tuple:
    return (*k[:6], _posisi(k[6]))


def _tanda(x) -> int | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return (x > 0) - (x < 0)


def _jenis_perubahan(a, b) -> tuple[str, bool]:
    """What kind of change a glued value underwent, and whether it turns a statement around.

    A number whose sign flips (a rise became a fall) and a changed word or name without digits
    (a verdict such as "mendukung" -> "memperhalus", "naik" -> "turun", another province) change
    what the prose says; a sentence with numbers in it changes with those numbers.
    """
    if _tanda(a) is not None and _tanda(b) is not None:
        return "angka", _tanda(a) != _tanda(b)
    if any(ch.isdigit() for ch in f"{a}{b}"):
        return "teks", False
    return "kata", True


def _banding_angka(lama: dict, baru: dict) -> dict:
    berubah, muncul, hilang = [], [], []
    for bab in sorted(lama["angka"].keys() | baru["angka"].keys()):
        a, b = lama["angka"].get(bab, {}), baru["angka"].get(bab, {})
        d_lama, d_baru = lama.get("desimal", {}).get(bab, {}), baru.get("desimal", {}).get(bab, {})
        for k in sorted(a.keys() | b.keys()):
            # Compared at the decimals the book shows now (the old record's when the build has none).
            desimal = d_baru.get(k, d_lama.get(k))
            if k not in a:
                muncul.append({"bab": bab, "kunci": k, "baru": b[k], "desimal": desimal})
            elif k not in b:
                hilang.append({"bab": bab, "kunci": k, "lama": a[k], "desimal": desimal})
            elif not sama_tampil(a[k], b[k], desimal) or (
                    k in d_lama and k in d_baru and d_lama[k] != d_baru[k]):
                jenis, arah = _jenis_perubahan(a[k], b[k])
                berubah.append({"bab": bab, "kunci": k, "lama": a[k], "baru": b[k], "jenis": jenis,
                                "arah_berubah": arah, "desimal": desimal,
                                "desimal_lama": d_lama.get(k, desimal)})
    return {"berubah": berubah, "baru": muncul, "hilang": hilang}


def _banding_putusan(lama: dict, baru: dict) -> dict:
    berubah, muncul, hilang = [], [], []
    for tabel in sorted(lama["putusan"].keys() | baru["putusan"].keys()):
        a, b = lama["putusan"].get(tabel, {}), baru["putusan"].get(tabel, {})
        for i in sorted(a.keys() | b.keys()):
            if i not in a:
                muncul.append({"tabel": tabel, "id": i, **b[i]})
            elif i not in b:
                hilang.append({"tabel": tabel, "id": i, **a[i]})
            else:
                for kolom in sorted(a[i].keys() | b[i].keys()):
                    if a[i].get(kolom) != b[i].get(kolom):
                        berubah.append({"tabel": tabel, "id": i, "kolom": kolom,
                                        "lama": a[i].get(kolom), "baru": b[i].get(kolom)})
    return {"berubah": berubah, "baru": muncul, "hilang": hilang}


def _banding_berkas(lama: dict, baru: dict) -> dict:
    a, b = lama["berkas"], baru["berkas"]
    return {
        "baru": sorted(b.keys() - a.keys()),
        "diganti": sorted(k for k in a.keys() & b.keys() if a[k] != b[k]),
        "hilang": sorted(a.keys() - b.keys()),
    }


def bandingkan(lama: dict, baru: dict) -> dict:
    """What changed from vintage `lama` to snapshot `baru` (both as made by :func:`potret`)."""
    nilai = _banding_nilai(lama, baru)
    angka = _banding_angka(lama, baru)
    putusan = _banding_putusan(lama, baru)
    berkas = _banding_berkas(lama, baru)
    arah_putusan = [r for r in putusan["berubah"] if r["kolom"] in KOLOM_PUTUSAN]
    ringkasan = {
        "berkas_baru": len(berkas["baru"]),
        "berkas_diganti": len(berkas["diganti"]),
        "berkas_hilang": len(berkas["hilang"]),
        "periode_baru": len(nilai["periode_baru"]),
        "nilai_baru": len(nilai["baru"]),
        "nilai_baru_periode_lama": sum(not r["periode_baru"] for r in nilai["baru"]),
        "nilai_revisi": len(nilai["revisi"]),
        "nilai_hilang": len(nilai["hilang"]),
        "wilayah_ganti_nama": len(nilai["ganti_nama"]),
        "angka_berubah": len(angka["berubah"]),
        "angka_arah_berubah": sum(r["arah_berubah"] for r in angka["berubah"]),
        "angka_kata_berubah": sum(r["jenis"] == "kata" for r in angka["berubah"]),
        "angka_baru": len(angka["baru"]),
        "angka_hilang": len(angka["hilang"]),
        "putusan_berubah": len(arah_putusan),
        # A changed computed value behind an unchanged status (nilai_hitung) counts here.
        "putusan_nilai_berubah": len(putusan["berubah"]) - len(arah_putusan),
        "putusan_baru": len(putusan["baru"]),
        "putusan_hilang": len(putusan["hilang"]),
    }
    ringkasan["ada_perubahan"] = any(v for k, v in ringkasan.items())
    return {"lama": lama["nama"], "baru": baru["nama"], "ringkasan": ringkasan, "berkas": berkas,
            "nilai": nilai, "angka": angka, "putusan": putusan}


# ----------------------------------------------------------------------------- where readers see a number
#: A glue reference in MyST: {glue:text}`key`, {glue}`key:spec`, {glue:text}`_generated/bab.ipynb::key:s`.
_RUJUKAN = re.compile(r"\{glue(?::\w+)?\}`(?:_generated/(?P<bab>[\w/.-]+?)\.ipynb::)?(?P<kunci>\w+)(?::[^`]*)?`")
_PERAN = re.compile(r"\{(?!glue)[\w:-]+\}`(?P<isi>[^`<]*?)\s*(?:<[^`]*>)?`")
_KALIMAT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\*\*))\s+(?=[A-Z{*(\"'])")
TANDA = "[…]"  # marks the number's place in its sentence
PANJANG_MAKS = 320


def _bersihkan(teks: str) -> str:
    """Markdown to plain text: roles keep their label, emphasis and code marks go."""
    teks = _PERAN.sub(lambda m: m.group("isi"), teks)
    teks = re.sub(r"\*\*|__|(?<!\w)\*|\*(?!\w)|`", "", teks)
    teks = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", teks)  # [text](link)
    return re.sub(r"\s+", " ", teks).strip()


def _paragraf(sel: list[str]) -> Iterable[tuple[str | None, str | None, str]]:
    """(page title, section heading, paragraph) for each paragraph of a page's Markdown cells
    (headings carry over from one cell to the next)."""
    judul = bagian = None
    baris: list[str] = []
    for line in [ln for teks in sel for ln in [*teks.splitlines(), ""]]:
        s = line.strip()
        if s.startswith("#") and re.match(r"^#+\s", s):
            if baris:
                yield judul, bagian, " ".join(baris)
                baris = []
            level, teks = len(s) - len(s.lstrip("#")), _bersihkan(s.lstrip("#"))
            if level == 1:
                judul, bagian = teks, None
            else:
                bagian = teks
        elif not s or s.startswith(("```", ":::")) or re.match(r"^:[\w-]+:", s):
            if baris:
                yield judul, bagian, " ".join(baris)
                baris = []
        else:
            baris.append(re.sub(r"^([-*+]|\d+\.)\s+", "", s))


def _teks_markdown(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return ["".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "markdown"]
    return [path.read_text(encoding="utf-8")]


def _judul_bab(bab: str) -> str:
    return bab.replace("_", " ").capitalize()


def tempat_angka(root: str | Path) -> dict[tuple[str, str], dict]:
    """(chapter, glue key) -> where readers see the number: ``tempat`` (page title › section) and
    ``kalimat`` (its sentence, with the other glued values as the book shows them and the number
    itself as ``[…]``), from the chapters' Markdown (notebooks/*.ipynb, book/**/*.md).

    The first sentence that cites a key names it; the book's own pages are read after the chapters."""
    root = Path(root)
    sumber = sorted((root / "notebooks").glob("*.ipynb"))
    sumber += sorted(p for p in (root / "book").rglob("*.md")
                     if not {"_build", "_generated"} & set(p.relative_to(root / "book").parts))
    tampil: dict[str, dict[str, str]] = {}

    def teks_tampil(bab: str, kunci: str) -> str:
        if bab not in tampil:
            tampil[bab] = read_glue_texts(root / GENERATED / f"{bab}.ipynb")
        return tampil[bab].get(kunci, "…")

    hasil: dict[tuple[str, str], dict] = {}
    for path in sumber:
        bab_asal = path.stem if path.suffix == ".ipynb" else None
        for judul_halaman, bagian, paragraf in _paragraf(_teks_markdown(path)):
            for kalimat in _KALIMAT.split(paragraf):
                rujukan = [(m.group("bab") or bab_asal, m.group("kunci")) for m in _RUJUKAN.finditer(kalimat)]
                for bab, kunci in rujukan:
                    if bab is None or (bab, kunci) in hasil:
                        continue
                    def ganti(m, ini=(bab, kunci), bab_asal=bab_asal):
                        lain = (m.group("bab") or bab_asal, m.group("kunci"))
                        return TANDA if lain == ini else teks_tampil(*lain)

                    isi = _bersihkan(_RUJUKAN.sub(ganti, kalimat))
                    if len(isi) > PANJANG_MAKS:
                        i = isi.index(TANDA)
                        awal = max(0, i - PANJANG_MAKS // 2)
                        isi = ("… " if awal else "") + isi[awal:awal + PANJANG_MAKS].strip() + " …"
                    halaman = judul_halaman or _judul_bab(bab)
                    hasil[bab, kunci] = {"tempat": f"{halaman} › {bagian}" if bagian else halaman,
                                         "kalimat": isi}
    return hasil


def beri_label(banding: dict, root: str | Path) -> dict:
    """Add to every glued number of a comparison where readers see it (``tempat``, ``kalimat``);
    a number no page cites is said to be so, never named by its key alone."""
    tempat = tempat_angka(root)
    for bagian in ("berubah", "baru", "hilang"):
        for r in banding["angka"][bagian]:
            t = tempat.get((r["bab"], r["kunci"]))
            r["tempat"] = t["tempat"] if t else _judul_bab(r["bab"])
            r["kalimat"] = t["kalimat"] if t else "(dicatat bab ini, tidak dikutip di teks)"
    return banding


def bandingkan_build(root: str | Path, nama: str, vintages_dir: str | Path | None = None,
                     *, terhadap: str | None = None) -> dict:
    """Compare the current build (as vintage `nama`) with the chosen recorded vintage, every glued
    number labelled with its sentence (:func:`beri_label`).

    Returns the comparison, plus ``lama: None`` when no vintage is recorded yet.
    """
    root = Path(root)
    vintages_dir = Path(vintages_dir) if vintages_dir else root / "vintages"
    # The workflow guarantees freshness through its dependencies; no mtime check here.
    sekarang = potret(root, nama, cek_kesegaran=False)
    path = vintages_dir / f"{terhadap}.json" if terhadap else pilih_pembanding(vintages_dir, nama)
    if path is None:
        # Nothing recorded yet: the same shape, empty (the build compared with itself).
        return {**bandingkan(sekarang, sekarang), "lama": None}
    if not path.is_file():
        raise KompendiumError(f"{path}: vintage pembanding tidak ada")
    return beri_label(bandingkan(read(path), sekarang), root)


PERINTAH_REKAM = "kompendium vintage record --replace"


def selisih_rekaman(banding: dict) -> list[str]:
    """Every way the build differs from its record, one line each for a reader of a failed test:
    the number's sentence, old and new value (at the published precision), claims by id."""
    from kompendium.format import angka as teks_angka

    def tampil(x, desimal):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or desimal is None:
            return repr(x)
        return teks_angka(x, desimal)

    baris = []
    for r in banding["angka"]["berubah"]:
        baris.append(f"angka berubah: {r['tempat']}: \"{r['kalimat']}\": "
                     f"{tampil(r['lama'], r['desimal_lama'])} -> {tampil(r['baru'], r['desimal'])}")
    for r in banding["angka"]["baru"]:
        baris.append(f"angka baru (belum tercatat): {r['tempat']}: \"{r['kalimat']}\": "
                     f"{tampil(r['baru'], r['desimal'])}")
    for r in banding["angka"]["hilang"]:
        baris.append(f"angka tercatat tidak ada lagi: {r['tempat']}: \"{r['kalimat']}\": "
                     f"{tampil(r['lama'], r['desimal'])}")
    for r in banding["putusan"]["berubah"]:
        baris.append(f"putusan berubah: {r['tabel']} {r['id']} kolom {r['kolom']}: {r['lama']!r} -> {r['baru']!r}")
    for r in banding["putusan"]["baru"]:
        baris.append(f"klaim/putusan baru (belum tercatat): {r['tabel']} {r['id']}")
    for r in banding["putusan"]["hilang"]:
        baris.append(f"klaim/putusan tercatat tidak ada lagi: {r['tabel']} {r['id']}")
    return baris
