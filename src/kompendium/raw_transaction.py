"""Changes to data/raw that happen all or nothing, even when the process is killed outright.

The files are first copied into a staging folder beside data/raw (same file system, so os.replace
is an atomic rename). Every step that changes data/raw is written to a journal in that folder
*before* it is taken, and the original datapackage.json is kept there. A failure undoes the steps
at once; a run killed outright (SIGKILL, power cut) leaves the folder and its journal, and the
next `kompendium data add` or `kompendium build` undoes it. The run holds an flock on the journal
while it works: the kernel drops it when the process dies, so a live run is never undone.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kompendium.atomic import write_bytes, write_json
from kompendium.errors import KompendiumError
from kompendium.provenance import DATAPACKAGE

STAGING_PREFIX = ".kompendium-add-"
JOURNAL = "journal.json"
ORIGINAL_PACKAGE = "datapackage.json.orig"


class RawTransaction:
    """One `data add`: staged copies, moved-aside originals and installed files, journalled."""

    def __init__(self, raw_dir: Path) -> None:
        self.raw_dir = raw_dir
        self.journal = {"installed": [], "moved_aside": [], "new_dirs": [], "committed": False}

    def __enter__(self) -> RawTransaction:
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.raw_dir.parent))
        self._lock = open(self.staging / "lock", "w")  # noqa: SIM115  (held for the whole run)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        try:
            write_bytes(self.staging / ORIGINAL_PACKAGE, (self.raw_dir / DATAPACKAGE).read_bytes())
            self._write_journal()
        except BaseException:  # nothing in data/raw was touched yet
            shutil.rmtree(self.staging, ignore_errors=True)
            self._lock.close()
            raise
        return self

    def _write_journal(self) -> None:
        write_json(self.staging / JOURNAL, self.journal)

    def _note(self, key: str, value) -> None:
        self.journal[key].append(value)
        self._write_journal()

    def stage(self, source: Path, name: str) -> Path:
        tmp = self.staging / name
        shutil.copyfile(source, tmp)
        return tmp

    def move_aside(self, original: Path) -> None:
        """Take a replaced file out of data/raw (kept in staging until the add is committed)."""
        if original.exists():
            aside = f"aside-{len(self.journal['moved_aside'])}"
            self._note("moved_aside", [aside, original.relative_to(self.raw_dir).as_posix()])
            os.replace(original, self.staging / aside)

    def install(self, tmp: Path, target: Path) -> None:
        if target.exists():  # undoing would delete it: never install over a file not moved aside
            raise KompendiumError(f"{target}: sudah ada dan tidak diganti; data/raw dan datapackage.json tidak diubah")
        if not target.parent.is_dir():
            self._note("new_dirs", target.parent.relative_to(self.raw_dir).as_posix())
            target.parent.mkdir(parents=True)
        self._note("installed", target.relative_to(self.raw_dir).as_posix())
        os.replace(tmp, target)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.journal["committed"] = True
                try:
                    self._write_journal()
                except BaseException:  # not committed after all: the journal on disk says so
                    _undo(self.staging, self.raw_dir)
                    raise
            else:
                _undo(self.staging, self.raw_dir)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._lock.close()


def _undo(staging: Path, raw_dir: Path) -> None:
    """Put data/raw and datapackage.json back as they were before an uncommitted add."""
    journal_path = staging / JOURNAL
    if not journal_path.is_file():  # killed before the first step: data/raw was never touched
        return
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    if journal["committed"]:
        return
    for rel in journal["installed"]:
        (raw_dir / rel).unlink(missing_ok=True)
    for aside, rel in reversed(journal["moved_aside"]):
        if (staging / aside).exists():
            os.replace(staging / aside, raw_dir / rel)
    for rel in reversed(journal["new_dirs"]):
        folder = raw_dir / rel
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    write_bytes(raw_dir / DATAPACKAGE, (staging / ORIGINAL_PACKAGE).read_bytes())


def recover_interrupted(raw_dir: str | Path) -> list[Path]:
    """Undo every `data add` into ``raw_dir`` that was killed before it finished; returns the
    staging folders cleaned. A run still alive (it holds its lock) is left alone."""
    raw_dir = Path(raw_dir).resolve()
    cleaned = []
    for staging in sorted(raw_dir.parent.glob(STAGING_PREFIX + "*")):
        lock_path = staging / "lock"
        try:
            lock = open(lock_path, "a")  # noqa: SIM115
        except OSError:  # not a journalled folder, or already gone
            continue
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live `data add`
            _undo(staging, raw_dir)
            # A kill inside the atomic write of datapackage.json leaves its temporary file.
            for tmp in raw_dir.glob(f".{DATAPACKAGE}.*.tmp"):
                tmp.unlink()
            shutil.rmtree(staging, ignore_errors=True)
        print(
            f"kompendium: `data add` yang terhenti ditemukan ({staging.name}): dibatalkan; "
            f"{raw_dir.name}/ dan {DATAPACKAGE} kembali seperti sebelum perintah itu",
            file=sys.stderr,
        )
        cleaned.append(staging)
    return cleaned
