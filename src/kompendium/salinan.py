"""A throwaway copy of the project as a fresh clone has it: used by the tests and the benchmark."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def project_files(root: Path) -> list[str]:
    """Files a fresh clone would have (tracked, plus new ones not ignored): no build outputs."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, check=True, capture_output=True,
    ).stdout.decode()
    return [f for f in out.split("\0") if f and (root / f).is_file()]


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the project at `root` into `dest` as a fresh clone would have it."""
    for rel in project_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest
