"""`kompendium build`: run the workflow, first releasing a lock that a killed build left behind.

Snakemake locks the project's outputs in ``.snakemake/locks`` while it runs and removes the lock
when it ends. A build killed with SIGKILL (or a power cut) cannot remove it, and the next run would
stop with "Directory cannot be locked". The lock files do not say which process wrote them, so a
lock counts as stale when no live Snakemake process works in this project (``/proc/<pid>/cwd``).
Everything else a killed build leaves (jobs marked incomplete, half-written outputs) is handled by
the workflow profile (``rerun-incomplete``) and by atomic writes; a `data add` killed half-way is
undone here too (:mod:`kompendium.raw_transaction`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from kompendium.errors import BuildRunningError, KompendiumError
from kompendium.raw_transaction import recover_interrupted

LOCKS = Path(".snakemake") / "locks"


def _is_snakemake(cmdline: list[str]) -> bool:
    """`snakemake ...` or `python .../snakemake ...` (also `python -m snakemake`)."""
    head = cmdline[:3]
    return any(Path(arg).name == "snakemake" for arg in head)


def running_builds(root: str | Path) -> list[int]:
    """Process ids of live Snakemake processes whose working directory is `root` (not this one)."""
    root = Path(root).resolve()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            if _is_snakemake(cmdline) and (entry / "cwd").resolve() == root:
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return sorted(found)


def lock_files(root: str | Path) -> list[Path]:
    """Snakemake's lock files in `root` (none when no build holds or left a lock)."""
    locks = Path(root) / LOCKS
    return sorted(locks.glob("*.lock")) if locks.is_dir() else []


def release_stale_lock(root: str | Path = ".", snakemake: str = "snakemake") -> bool:
    """Release the lock of a killed build (True), do nothing without one (False).

    Raises BuildRunningError when a Snakemake process is still working in `root`."""
    root = Path(root)
    pids = running_builds(root)
    if pids:
        raise BuildRunningError(
            f"{root.resolve()}: build lain sedang berjalan (Snakemake, pid {', '.join(map(str, pids))}); "
            "tunggu sampai selesai atau hentikan dulu"
        )
    if not lock_files(root):
        return False
    print(
        "kompendium: kunci Snakemake dari build yang terhenti ditemukan, dan tidak ada proses "
        "Snakemake yang hidup di proyek ini: kunci dilepas (snakemake --unlock)",
        file=sys.stderr,
    )
    result = subprocess.run([snakemake, "--unlock"], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise KompendiumError(f"snakemake --unlock gagal: {(result.stderr or result.stdout).strip()[-500:]}")
    return True


def build(snakemake_args: Sequence[str], root: str | Path = ".") -> None:
    """Release a stale lock, then become Snakemake with `snakemake_args` (never returns).

    Snakemake replaces this process (exec), so Ctrl-C and kill reach it directly."""
    release_stale_lock(root)
    raw = Path(root) / "data" / "raw"
    if raw.is_dir():  # a `data add` killed half-way is undone before anything reads data/raw
        recover_interrupted(raw)
    os.chdir(root)
    os.execvp("snakemake", ["snakemake", *snakemake_args])
