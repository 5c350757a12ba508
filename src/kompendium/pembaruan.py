"""`kompendium data add`: place downloaded BPS files in data/raw/<table>/ and record them, all or nothing.

Each file is read and validated by the BPS readers first; its table folder is worked out from its
content (indicator, regional coverage, urban/rural split), not from its name. A file whose years are
already in that table is refused unless ``--replace`` says it is a revision. Nothing is written until
every file has passed; then files and ``datapackage.json`` are put in place together, checked with
:func:`kompendium.provenance.verify_raw`, and rolled back completely if anything fails.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompendium import wilayah
from kompendium.bps import detect_format, read_bps_file
from kompendium.bps.detect import OLDSITE_HTML, XLSX
from kompendium.errors import BpsFormatError, KompendiumError
from kompendium.provenance import (
    DATAPACKAGE,
    HASH_PREFIX,
    load_datapackage,
    resource_descriptor,
    upsert_resource,
    verify_raw,
    write_datapackage,
)
from kompendium.raw_transaction import RawTransaction, recover_interrupted
from kompendium.sumber import unduhan_bps as tingkat_unduhan_bps

#: Folders of data/raw that are not BPS downloads (tidy transcriptions of publications).
BUKAN_TABEL_BPS = frozenset({"transkripsi"})
#: Short names used in folder names for a new table (existing folders are matched by content).
SINGKATAN = {
    "p0": "p0", "p1": "p1", "p2": "p2", "garis_kemiskinan": "gk", "gini": "gini",
    "jumlah_penduduk_miskin": "jumlah_miskin", "jumlah_penduduk": "jumlah_penduduk",
    "persen_penduduk_perkotaan": "penduduk_perkotaan",
}
#: Media types by detected format where the file's suffix does not say it (.xls is HTML).
MEDIATYPE = {XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             OLDSITE_HTML: "text/html"}
DITOLAK = "berkas ditolak; data/raw dan datapackage.json tidak diubah"


@dataclass(frozen=True)
class JenisTabel:
    """What makes two BPS downloads the same table: indicators, coverage, urban/rural split."""

    indikator: tuple[str, ...]
    cakupan: str  # "nasional", "provinsi", "kabkota-<province code>", "kabkota" or "tanpa-wilayah"
    berdaerah: bool

    def __str__(self) -> str:
        if self.cakupan.startswith("kabkota-"):
            prov = wilayah.menurut_kode(self.cakupan.split("-", 1)[1])
            cakupan = f"menurut kabupaten/kota di {prov.nama if prov else self.cakupan}"
        else:
            cakupan = {"nasional": "nasional", "provinsi": "menurut provinsi",
                       "kabkota": "menurut kabupaten/kota",
                       "tanpa-wilayah": "tanpa dimensi wilayah"}.get(self.cakupan, self.cakupan)
        daerah = "perkotaan/perdesaan" if self.berdaerah else "tanpa rincian perkotaan/perdesaan"
        return f"{'+'.join(self.indikator)} {cakupan}, {daerah}"


@dataclass
class Rencana:
    """One file to add: where it goes, which years it holds, which recorded files it replaces."""

    sumber: Path
    folder: str
    jenis: JenisTabel
    format: str
    tahun: frozenset[int]
    diganti: list[dict] = field(default_factory=list)  # resources (path, hash) replaced

    @property
    def path(self) -> str:
        """Path relative to data/raw, keeping the name BPS gave the download."""
        return f"{self.folder}/{self.sumber.name}"


def jenis_tabel(df: pd.DataFrame) -> JenisTabel:
    """The table kind of a tidy table read from one BPS file."""
    kode = set(df["kode_wilayah"].astype(str))
    if (df["wilayah"].astype(str) == "").all():
        cakupan = "tanpa-wilayah"  # a WebAPI answer by area only: the readers do not guess a region
    elif kode <= {wilayah.KODE_INDONESIA}:
        cakupan = "nasional"
    elif any(len(k) != 2 for k in kode):
        # Kabupaten/kota tables (4-digit codes, or names kept uncoded with their province).
        induk = {k[:2] for k in kode if len(k) == 4}
        induk |= {w.rsplit("(", 1)[1].rstrip(")") for k, w in zip(df["kode_wilayah"], df["wilayah"], strict=False)
                  if k == "" and "(" in w}
        cakupan = f"kabkota-{induk.pop()}" if len(induk) == 1 else "kabkota"
    else:
        cakupan = "provinsi"
    berdaerah = bool((df["daerah"].astype(str) != "").any())
    if "jenis_rincian" in df:  # another breakdown (sex, age group) is a different table
        cakupan += "-" + "-".join(sorted(set(df["jenis_rincian"].astype(str))))
    return JenisTabel(tuple(sorted(set(df["indikator"]))), cakupan, berdaerah)


def nama_folder_baku(jenis: JenisTabel) -> str:
    """Folder name for a table that data/raw does not have yet (same pattern as p0_daerah)."""
    ind = "_".join(SINGKATAN.get(i, i) for i in jenis.indikator)
    if jenis.cakupan == "nasional":
        return f"{ind}_{'daerah' if jenis.berdaerah else 'nasional'}"
    if jenis.cakupan.startswith("kabkota-"):
        kode = jenis.cakupan.split("-")[1]
        prov = wilayah.menurut_kode(kode)
        nama = prov.nama if prov else kode
        return f"{ind}_kabkota_{re.sub(r'[^0-9a-z]+', '_', nama.casefold()).strip('_')}"
    return re.sub(r"[^0-9a-z]+", "_", f"{ind}_{jenis.cakupan}".casefold()).strip("_")


def folder_tabel(raw_dir: Path) -> list[str]:
    """The BPS table folders of data/raw (as the workflow sees them)."""
    return sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and p.name not in BUKAN_TABEL_BPS
                  and not p.name.startswith("."))


def _berkas(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def jenis_folder(raw_dir: Path) -> dict[JenisTabel, str]:
    """The table kind of each existing folder of data/raw, read from its first file."""
    jenis: dict[JenisTabel, str] = {}
    for folder in folder_tabel(raw_dir):
        files = _berkas(raw_dir / folder)
        if files:
            jenis.setdefault(jenis_tabel(read_bps_file(files[0])), folder)
    return jenis


def folder_tujuan(raw_dir: Path, jenis: JenisTabel, dikenal: dict[JenisTabel, str] | None = None) -> str:
    """The existing folder holding this kind of table, else the conventional name of a new one."""
    dikenal = jenis_folder(raw_dir) if dikenal is None else dikenal
    return dikenal.get(jenis) or nama_folder_baku(jenis)


def _tahun(df: pd.DataFrame) -> frozenset[int]:
    return frozenset(int(t) for t in df["tahun"])


def _teks_tahun(tahun: frozenset[int] | set[int]) -> str:
    return ", ".join(str(t) for t in sorted(tahun))


def rencanakan(raw_dir: Path, files: list[Path], *, replace: bool = False) -> list[Rencana]:
    """Read, classify and check every file against data/raw; raise before anything is written."""
    raw_dir = Path(raw_dir)
    package = load_datapackage(raw_dir)
    tercatat = {r.get("path"): r for r in package["resources"]}
    rencana: list[Rencana] = []
    dikenal: dict[JenisTabel, str] | None = None  # read once, after the first file passed
    # Years held by each file of a table folder, as data/raw will be after the earlier files.
    isi: dict[str, dict[str, frozenset[int]]] = {}
    for sumber in files:
        sumber = Path(sumber)
        try:
            df = read_bps_file(sumber)
            fmt = detect_format(sumber)
        except BpsFormatError as exc:
            # The reader's own message (file, row, column, expectation), then what did not happen.
            raise KompendiumError(f"{exc}; {DITOLAK}") from exc
        nama = sumber.name
        if nama.startswith(".") or nama.upper().startswith("README") or nama == DATAPACKAGE:
            raise KompendiumError(f"{nama}: nama berkas tidak boleh diawali '.' atau README; {DITOLAK}")
        jenis = jenis_tabel(df)
        dikenal = jenis_folder(raw_dir) if dikenal is None else dikenal
        folder = folder_tujuan(raw_dir, jenis, dikenal)
        tujuan = raw_dir / folder / nama
        if sumber.resolve().is_relative_to(raw_dir.resolve()) and sumber.resolve() != tujuan.resolve():
            raise KompendiumError(
                f"{sumber}: berkas sudah di dalam {raw_dir} tetapi bukan di {folder}/; simpan unduhan "
                f"di luar {raw_dir} dan biarkan `kompendium data add` menaruhnya; {DITOLAK}")
        if folder not in isi:
            berkas = _berkas(raw_dir / folder) if (raw_dir / folder).is_dir() else []
            isi[folder] = {p.name: _tahun(read_bps_file(p)) for p in berkas}
        tahun = _tahun(df)
        tumpang = {n: t for n, t in isi[folder].items() if n == nama or t & tahun}
        r = Rencana(sumber, folder, jenis, fmt, tahun)
        if tumpang and not replace:
            daftar = "; ".join(f"{folder}/{n} (tahun {_teks_tahun(t & tahun) or 'sama nama'})"
                               for n, t in sorted(tumpang.items()))
            raise KompendiumError(
                f"{nama}: tahun {_teks_tahun(tahun)} sudah ada di data/raw/{daftar}; pakai --replace "
                f"bila ini revisi BPS; {DITOLAK}")
        for n, t in sorted(tumpang.items()):
            if any(x.folder == folder and x.sumber.name == n for x in rencana):
                raise KompendiumError(
                    f"{nama}: tahun {_teks_tahun(t & tahun)} juga ada di {n}, berkas lain dalam perintah "
                    f"yang sama; tambahkan satu saja; {DITOLAK}")
            if t - tahun:
                raise KompendiumError(
                    f"{nama}: akan mengganti {folder}/{n}, tetapi tahun {_teks_tahun(t - tahun)} berkas "
                    f"itu tidak ada di berkas baru; {DITOLAK}")
            lama = tercatat.get(f"{folder}/{n}")
            r.diganti.append({"path": f"{folder}/{n}", "hash": (lama or {}).get("hash", "")})
            del isi[folder][n]
        isi[folder][nama] = tahun
        rencana.append(r)
    return rencana


def _properti(r: Rencana, package: dict, *, url: str | None, tanggal: str) -> dict:
    """Provenance of one added file: title, source, date obtained, how, and what it revises."""
    saudara = [x for x in package["resources"] if str(x.get("path", "")).startswith(f"{r.folder}/")]
    contoh = saudara[-1] if saudara else {}
    sumber_url = url or contoh.get("bps_url")
    prop: dict = {
        "title": Path(r.sumber.name).stem,
        "description": (f"Unduhan BPS ({r.format}), tabel {r.jenis}, tahun {_teks_tahun(r.tahun)}; "
                        "dibaca dan diperiksa oleh pembaca BPS kompendium."),
        "tanggal_diperoleh": tanggal,
        "cara_diperoleh": "diunduh dari BPS oleh penulis, ditambahkan dengan `kompendium data add`",
        "bps_format": r.format,
        # A file added as BPS served it: the first source tier (kompendium.sumber).
        **tingkat_unduhan_bps(url or contoh.get("bps_url"), tanggal),
    }
    if package.get("licenses"):
        prop["licenses"] = package["licenses"]
    if "bps_tabel" in contoh:
        prop["bps_tabel"] = contoh["bps_tabel"]
    if sumber_url:
        prop["bps_url"] = sumber_url
        prop["sources"] = [{"title": "Badan Pusat Statistik (BPS)", "path": sumber_url}]
    if r.diganti:
        # A revision: keep what it replaced, so a reviewer can find the old bytes in git history.
        prop["revisi"] = {"tanggal": tanggal, "menggantikan": r.diganti}
    return prop


def _cek_tanggal(tanggal: str | None) -> str:
    if tanggal is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(tanggal).isoformat()
    except ValueError:
        raise KompendiumError(f"--tanggal {tanggal!r}: diharapkan tanggal YYYY-MM-DD; {DITOLAK}") from None


def _cek_url(url: str | None) -> None:
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise KompendiumError(f"--url {url!r}: diharapkan alamat http(s)://...; {DITOLAK}")


def tambah(raw_dir: str | Path, files: list[str | Path], *, url: str | None = None,
           tanggal: str | None = None, replace: bool = False) -> list[dict]:
    """Add downloaded BPS files to ``raw_dir`` and record them; returns the recorded resources.

    All or nothing: a refused or failed file leaves data/raw and datapackage.json byte for byte
    as they were.
    """
    raw_dir = Path(raw_dir).resolve()
    recover_interrupted(raw_dir)
    tanggal = _cek_tanggal(tanggal)
    _cek_url(url)
    rencana = rencanakan(raw_dir, [Path(f) for f in files], replace=replace)
    package = load_datapackage(raw_dir)
    with RawTransaction(raw_dir) as tx:
        resources = []
        for i, r in enumerate(rencana):
            tmp = tx.stage(r.sumber, f"{i}-{r.sumber.name}")
            for lama in r.diganti:
                tx.move_aside(raw_dir / lama["path"])
                package["resources"] = [x for x in package["resources"] if x.get("path") != lama["path"]]
            tujuan = raw_dir / r.path
            tx.install(tmp, tujuan)
            resource = resource_descriptor(raw_dir, tujuan, **_properti(r, package, url=url, tanggal=tanggal))
            if r.format in MEDIATYPE:
                resource["mediatype"] = MEDIATYPE[r.format]
            if r.format == XLSX:
                resource.pop("encoding", None)  # a zip archive has no text encoding
            resource["name"] = _nama_unik(package, resource["name"])
            upsert_resource(package, resource)
            resources.append(resource)
        write_datapackage(raw_dir, package)
        verify_raw(raw_dir)
    return resources


def _nama_unik(package: dict, nama: str) -> str:
    """A resource name not used by another path (Frictionless names must be unique)."""
    dipakai = {r.get("name") for r in package["resources"]}
    calon, n = nama, 2
    while calon in dipakai:
        calon, n = f"{nama}-{n}", n + 1
    return calon


def ringkas(resource: dict) -> str:
    """One line for the terminal: what was added where, and what it replaced."""
    teks = f"{resource['path']} ({resource['hash'][len(HASH_PREFIX):][:12]}...)"
    if "revisi" in resource:
        teks += " menggantikan " + ", ".join(x["path"] for x in resource["revisi"]["menggantikan"])
    return teks
