"""Errors that tell the user which file, where, and what was expected."""

from __future__ import annotations

from pathlib import Path


class KompendiumError(Exception):
    """Base class: every message is one line a user can act on."""


class BpsFormatError(KompendiumError):
    """A raw file could not be read or failed validation."""

    def __init__(
        self,
        file: str | Path,
        expected: str,
        *,
        row: int | None = None,
        column: str | int | None = None,
        found: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        where = []
        if row is not None:
            where.append(f"baris {row}")
        if column is not None:
            where.append(f"kolom {column}")
        place = f" ({', '.join(where)})" if where else ""
        got = f"; ditemukan {found!r}" if found is not None else ""
        super().__init__(f"{self.file}{place}: diharapkan {expected}{got}")


class ChecksumError(KompendiumError):
    """A raw file's sha256 differs from the one recorded in datapackage.json."""


class InputError(KompendiumError, ValueError):
    """A command's input file or option does not hold what the command needs."""


class BuildRunningError(KompendiumError):
    """Another build (a live Snakemake process) is working in the same project."""
