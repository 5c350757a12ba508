"""Write environment.yml from requirements.lock, so the two always carry the same pins.

Run after changing the lock: `python tools/sync_environment.py`. A test fails when they differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(lock: Path) -> list[str]:
    """The `name==version` lines of a pip lock, in file order."""
    return [
        line.strip()
        for line in lock.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def environment_yml(lock_pins: list[str]) -> str:
    """A conda environment that installs the same pins with pip (no conda channel is reachable)."""
    lines = [
        "# Generated from requirements.lock by tools/sync_environment.py: do not edit by hand.",
        "name: kompendium-kemiskinan-kota",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in lock_pins]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(
        environment_yml(pins(ROOT / "requirements.lock")), encoding="utf-8"
    )
    sys.exit(0)
