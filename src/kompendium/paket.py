"""The replication package: ``kompendium package OUT.tar.gz`` writes one archive that rebuilds the book
on a machine with no network at all.

Layout (one top folder, ``kompendium-<commit>``)::

    <the repository at HEAD>    committed files only (git archive): no build outputs, nothing untracked
    wheelhouse/                 a wheel for every pin of requirements.lock, this platform and Python
    reference/html/             the built book, as made from this commit
    reference/makalah.pdf       the paper's PDF, when it was built
    REPLICATION.md              the replication README (kompendium.replikasi)
    SHA256SUMS                  sha256 of every other file (``sha256sum -c SHA256SUMS``)

``bash build.sh`` inside it installs from ``wheelhouse/`` with ``pip --no-index``. The archive is
written atomically: a failure leaves no file behind. The tree must be clean and the book up to date
with it, so a reviewer gets exactly the commit the book was built from.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from kompendium import replikasi
from kompendium.atomic import atomic_path
from kompendium.errors import KompendiumError

BOOK_HTML = Path("book/_build/html")
PAPER_PDF = Path("book/_build/makalah/makalah.pdf")
CHECKSUMS = "SHA256SUMS"
README = "REPLICATION.md"


class PackageError(KompendiumError):
    """The replication package cannot be made (dirty tree, book not built, a wheel missing...)."""


# ---------------------------------------------------------------------------- the commit

def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pesan = getattr(exc, "stderr", b"") or str(exc).encode()
        raise PackageError(f"{root}: git {args[0]} gagal: {pesan.decode(errors='replace').strip()}") from None


def read_commit(root: Path) -> str:
    """The full id of HEAD."""
    return _git(root, "rev-parse", "HEAD").decode().strip()


def check_clean(root: Path) -> None:
    """Refuse a working tree with uncommitted or untracked (not ignored) files: the package must hold
    exactly the commit the book was built from."""
    ubah = [b[3:] for b in _git(root, "status", "--porcelain", "--untracked-files=all").decode().splitlines() if b]
    if ubah:
        contoh = ", ".join(ubah[:3]) + (f" (dan {len(ubah) - 3} lagi)" if len(ubah) > 3 else "")
        raise PackageError(f"{root}: ada perubahan yang belum di-commit ({contoh}); commit dulu, lalu bangun "
                           "ulang buku, supaya paket memuat persis commit yang membangunnya")


def read_tree(root: Path, commit: str) -> list[tuple[tarfile.TarInfo, bytes]]:
    """The committed files at ``commit`` (``git archive``), names relative to the repository root."""
    hasil = []
    with tarfile.open(fileobj=io.BytesIO(_git(root, "archive", "--format=tar", commit))) as arsip:
        for info in arsip.getmembers():
            if info.isfile():
                hasil.append((info, arsip.extractfile(info).read()))
            elif info.issym():
                hasil.append((info, b""))
    return hasil


# ---------------------------------------------------------------------------- the wheelhouse

def read_lock(lock: Path) -> dict[str, str]:
    """requirements.lock as normalised name -> version (only ``name==version`` lines)."""
    pins = {}
    for i, baris in enumerate(lock.read_text(encoding="utf-8").splitlines(), start=1):
        baris = baris.split("#")[0].strip()
        if not baris:
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", baris)
        if not m:
            raise PackageError(f"{lock} (baris {i}): diharapkan pin nama==versi, ditemukan {baris!r}")
        pins[normalise(m.group(1))] = m.group(2)
    return pins


def normalise(name: str) -> str:
    """A project name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def missing_wheels(pins: dict[str, str], wheels: Iterable[str]) -> list[str]:
    """Pins of the lock without a wheel of that version among the file names ``wheels``."""
    ada = set()
    for w in wheels:
        bagian = w.removesuffix(".whl").split("-")
        if len(bagian) >= 5:
            ada.add((normalise(bagian[0]), bagian[1]))
    return sorted(f"{n}=={v}" for n, v in pins.items() if (n, normalise(v)) not in
                  {(a, normalise(b)) for a, b in ada})


def write_wheelhouse(root: Path, dest: Path, python: str | None = None) -> list[Path]:
    """A wheel for every pin of requirements.lock, for this platform and this Python (``pip wheel``:
    pip's cache is used, so wheels already downloaded are not fetched again).

    ``--no-deps``, as build.sh installs it: the lock is the whole environment (``wheel`` included,
    which ``pip freeze`` leaves out), and what it leaves out on purpose (``rfc3987-syntax``) must not
    come back through a dependency's extras."""
    lock = root / "requirements.lock"
    pins = read_lock(lock)
    dest.mkdir(parents=True, exist_ok=True)
    perintah = [python or sys.executable, "-m", "pip", "wheel", "--disable-pip-version-check",
                "--quiet", "--no-deps", "-r", str(lock), "-w", str(dest)]
    try:
        hasil = subprocess.run(perintah, capture_output=True, text=True)
    except OSError as exc:
        raise PackageError(f"pip wheel: tidak bisa dijalankan ({exc})") from None
    if hasil.returncode != 0:
        galat = [b for b in hasil.stderr.splitlines() if "ERROR" in b] or hasil.stderr.strip().splitlines()
        raise PackageError(f"pip wheel -r {lock.name} gagal: {(galat or ['(tanpa pesan)'])[0].strip()}")
    wheels = sorted(dest.glob("*.whl"))
    kurang = missing_wheels(pins, [w.name for w in wheels])
    if kurang:
        raise PackageError(f"wheelhouse: tidak ada wheel untuk {', '.join(kurang[:5])} dari {lock.name}")
    return wheels


# ---------------------------------------------------------------------------- the build

def check_built(root: Path, rules: dict[str, dict[str, str]]) -> None:
    """The book is built and up to date with the sources (nothing left for the workflow to do)."""
    if not (root / BOOK_HTML / "index.html").is_file():
        raise PackageError(f"{root / BOOK_HTML / 'index.html'}: buku belum dibangun; jalankan dulu bash build.sh")
    basi = replikasi.stale_outputs(rules)
    if basi:
        raise PackageError(f"buku tidak mutakhir: snakemake masih akan membuat {', '.join(basi[:3])}"
                           f"{f' (dan {len(basi) - 3} lagi)' if len(basi) > 3 else ''}; jalankan dulu bash build.sh")


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (``du``, far faster than a walk in Python over a venv)."""
    if not folder.is_dir():
        return 0
    try:
        return int(subprocess.run(["du", "-sb", str(folder)], check=True, capture_output=True,
                                  text=True).stdout.split()[0])
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------------------- the archive

def render_checksums(sums: dict[str, str]) -> str:
    """``sha256sum`` format, sorted by name."""
    return "".join(f"{h}  {name}\n" for name, h in sorted(sums.items()))


def parse_checksums(text: str) -> dict[str, str]:
    return {baris[66:]: baris[:64] for baris in text.splitlines() if baris}


class _Writer:
    """Adds members under one top folder, with fixed owner and time, and records their sha256."""

    def __init__(self, tar: tarfile.TarFile, top: str, mtime: int) -> None:
        self.tar, self.top, self.mtime = tar, top, mtime
        self.sums: dict[str, str] = {}

    def add(self, name: str, data: bytes, mode: int = 0o644) -> None:
        info = tarfile.TarInfo(f"{self.top}/{name}")
        info.size, info.mode, info.mtime = len(data), mode, self.mtime
        info.uname = info.gname = ""
        self.tar.addfile(info, io.BytesIO(data))
        self.sums[name] = hashlib.sha256(data).hexdigest()

    def add_link(self, name: str, target: str) -> None:
        info = tarfile.TarInfo(f"{self.top}/{name}")
        info.type, info.linkname, info.mtime = tarfile.SYMTYPE, target, self.mtime
        self.tar.addfile(info)


def write_package(root: Path, out: Path, *, python: str | None = None, snakemake: str | None = None) -> dict:
    """Write the replication package of the project at ``root`` to ``out`` (a .tar.gz), atomically.

    Returns a summary: commit, sizes, number of wheels and exhibits."""
    root, out = Path(root).resolve(), Path(out)
    if not out.name.endswith(".tar.gz"):
        raise PackageError(f"{out}: nama arsip harus berakhiran .tar.gz")
    check_clean(root)
    commit = read_commit(root)
    rules = replikasi.read_output_rules(root, snakemake)
    check_built(root, rules)
    exhibits = replikasi.read_exhibits(root, rules)
    replikasi.check_exhibits(root, exhibits)
    tree = read_tree(root, commit)
    top = f"kompendium-{commit[:10]}"
    mtime = int(_git(root, "show", "-s", "--format=%ct", commit).decode().strip())
    with tempfile.TemporaryDirectory(prefix="kompendium-wheelhouse-") as tmp:
        wheels = write_wheelhouse(root, Path(tmp), python)
        reference = [(f"reference/html/{p.relative_to(root / BOOK_HTML).as_posix()}", p)
                     for p in _files_under(root / BOOK_HTML)]
        if (root / PAPER_PDF).is_file():
            reference.append(("reference/makalah.pdf", root / PAPER_PDF))
        sizes = {
            "repository": sum(i.size for i, _ in tree),
            "wheelhouse": sum(w.stat().st_size for w in wheels),
            "reference": sum(p.stat().st_size for _, p in reference),
            "environment": _size(Path(sys.prefix)),
            "build": sum(_size(root / d) for d in ("data/processed", "book/_generated", "book/_build")),
        }
        teks = replikasi.render_replication(root, exhibits, commit=commit, archive_name=out.name, folder=top,
                                            sizes=sizes)
        with atomic_path(out) as tmp_out:
            tmp_out.chmod(0o644)  # mkstemp's private mode does not suit an archive to hand out
            with open(tmp_out, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=mtime,
                                                          compresslevel=6) as gz, \
                    tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                w = _Writer(tar, top, mtime)
                for info, data in tree:
                    if info.issym():
                        w.add_link(info.name, info.linkname)
                    else:
                        w.add(info.name, data, info.mode)
                for wheel in wheels:
                    w.add(f"wheelhouse/{wheel.name}", wheel.read_bytes())
                for name, p in reference:
                    w.add(name, p.read_bytes())
                w.add(README, teks.encode("utf-8"))
                w.add(CHECKSUMS, render_checksums(w.sums).encode())
    return {"commit": commit, "top": top, "wheels": len(wheels), "exhibits": len(exhibits),
            "files": len(w.sums), "bytes": out.stat().st_size, **{f"bytes_{k}": v for k, v in sizes.items()}}


def verify_checksums(folder: Path) -> list[str]:
    """Files of an unpacked package whose sha256 differs from SHA256SUMS (or that are missing)."""
    sums = parse_checksums((folder / CHECKSUMS).read_text(encoding="utf-8"))
    salah = []
    for name, h in sums.items():
        p = folder / PurePosixPath(name)
        if not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != h:
            salah.append(name)
    return salah
