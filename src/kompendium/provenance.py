"""Provenance of the raw data: sha256 of every file in ``data/raw``, recorded in a
Frictionless Data Package (``data/raw/datapackage.json``).

The workflow calls :func:`verify_raw` before anything runs: a raw file whose bytes
differ from the recorded hash, a recorded file that is missing, a file that the
datapackage does not describe, or a resource without a valid source tier
(:mod:`kompendium.sumber`) stops the build with a one-line message.

:func:`resource_descriptor`, :func:`upsert_resource`, :func:`record_resource` and
:func:`write_datapackage` are the general helpers used by ``tools/transcribe_facts.py``
and by ``kompendium data add`` to record a newly downloaded file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from kompendium.atomic import write_bytes, write_text
from kompendium.errors import ChecksumError, KompendiumError
from kompendium.sumber import validate_package

DATAPACKAGE = "datapackage.json"
HASH_PREFIX = "sha256:"
BOM = b"\xef\xbb\xbf"
#: what to do when a check fails (appended to every ChecksumError message)
SARAN = "jalankan `kompendium data add` untuk file baru, atau kembalikan file aslinya"

__all__ = [
    "DATAPACKAGE",
    "sha256_of",
    "load_datapackage",
    "verify_raw",
    "resources_for",
    "resource_name",
    "resource_descriptor",
    "upsert_resource",
    "record_resource",
    "write_datapackage",
    "write_atomic",
]


def sha256_of(path: str | Path) -> str:
    """Hex sha256 of a file's bytes (without the ``sha256:`` prefix)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_path(root: str | Path) -> Path:
    root = Path(root)
    return root if root.name == DATAPACKAGE or root.is_file() else root / DATAPACKAGE


def load_datapackage(root: str | Path) -> dict:
    """The datapackage of ``root`` (the ``data/raw`` folder, or the json file itself)."""
    path = _package_path(root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KompendiumError(
            f"{path}: tidak ada; jalankan `kompendium data add` (atau tools/transcribe_facts.py) "
            "untuk membuatnya"
        ) from None
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KompendiumError(
            f"{path} (baris {exc.lineno}): bukan JSON yang sah: {exc.msg}"
        ) from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise KompendiumError(f"{path}: diharapkan objek JSON dengan daftar `resources`")
    return package


def _recorded_hex(resource: Mapping[str, Any]) -> str:
    value = str(resource.get("hash", ""))
    if not value.startswith(HASH_PREFIX):
        return value or "(tidak ada)"
    return value[len(HASH_PREFIX):]


def _is_ignored(rel: PurePosixPath) -> bool:
    """datapackage.json at the top and README files anywhere are not data."""
    if str(rel) == DATAPACKAGE:
        return True
    return rel.name.upper().startswith("README")


def _checksum_error(file: str, recorded: str, actual: str, more: int) -> ChecksumError:
    extra = f" (dan {more} masalah lain)" if more else ""
    err = ChecksumError(
        f"{file}: sha256 tercatat {recorded}, sebenarnya {actual}{extra}; {SARAN}"
    )
    err.file = file
    err.recorded = recorded
    err.actual = actual
    return err


def _safe_relative(raw_dir: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise _checksum_error(rel, "(path tidak sah)", "(di luar data/raw)", 0)
    return raw_dir.joinpath(*pure.parts)


def verify_raw(raw_dir: str | Path) -> list[Path]:
    """Check ``raw_dir`` against its ``datapackage.json``.

    Every resource's file must exist and have the recorded sha256, and every file under
    ``raw_dir`` (except ``datapackage.json`` and README files) must be a resource.
    Every resource must also say what it is (its source tier, :mod:`kompendium.sumber`).
    Returns the verified files (sorted); raises :class:`ChecksumError` (or
    :class:`kompendium.sumber.SumberError`) naming the first offending file otherwise.
    """
    raw_dir = Path(raw_dir)
    package = load_datapackage(raw_dir)
    validate_package(package)
    problems: list[tuple[str, str, str]] = []
    verified: list[Path] = []
    listed: set[str] = set()
    for resource in package["resources"]:
        rel = str(resource.get("path", ""))
        listed.add(rel)
        path = _safe_relative(raw_dir, rel)
        recorded = _recorded_hex(resource)
        if not path.is_file():
            problems.append((rel, recorded, "(file tidak ada)"))
            continue
        actual = sha256_of(path)
        if actual != recorded:
            problems.append((rel, recorded, actual))
            continue
        verified.append(path)
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(raw_dir).as_posix()
        if rel in listed or _is_ignored(PurePosixPath(rel)):
            continue
        problems.append((rel, "(tidak tercatat di datapackage.json)", sha256_of(path)))
    if problems:
        file, recorded, actual = problems[0]
        raise _checksum_error(file, recorded, actual, len(problems) - 1)
    return sorted(verified)


def resources_for(raw_dir: str | Path, folder: str) -> list[dict]:
    """The resources of one table folder of ``raw_dir`` (e.g. ``"p0_daerah"``), by path."""
    prefix = folder.strip("/") + "/"
    package = load_datapackage(raw_dir)
    return sorted(
        (r for r in package["resources"] if str(r.get("path", "")).startswith(prefix)),
        key=lambda r: r["path"],
    )


def resource_name(rel_path: str) -> str:
    """A Frictionless resource name (``^[-a-z0-9._/]+$``) derived from a relative path."""
    stem = rel_path[: -len(PurePosixPath(rel_path).suffix) or None]
    name = re.sub(r"[^a-z0-9._/-]+", "-", stem.lower())
    return re.sub(r"-{2,}", "-", name).strip("-")


def resource_descriptor(raw_dir: str | Path, file: str | Path, **properties: Any) -> dict:
    """A resource for ``file`` (inside ``raw_dir``): name, path, format, encoding, hash and
    bytes computed from the file; ``properties`` (title, schema, dialect, ...) are added
    and override the computed defaults except ``path``, ``hash`` and ``bytes``."""
    raw_dir = Path(raw_dir)
    file = Path(file)
    if not file.is_absolute():
        file = raw_dir / file
    rel = file.resolve().relative_to(raw_dir.resolve()).as_posix()
    head = file.read_bytes()[:3]
    suffix = file.suffix.lower().lstrip(".")
    resource: dict[str, Any] = {
        "name": resource_name(rel),
        "path": rel,
        "format": suffix or None,
        "mediatype": {"csv": "text/csv", "json": "application/json"}.get(suffix),
        "encoding": "utf-8-sig" if head == BOM else "utf-8",
    }
    resource = {k: v for k, v in resource.items() if v is not None}
    resource.update(properties)
    resource["path"] = rel
    resource["hash"] = HASH_PREFIX + sha256_of(file)
    resource["bytes"] = file.stat().st_size
    return resource


def upsert_resource(package: dict, resource: Mapping[str, Any]) -> dict:
    """Put ``resource`` into ``package`` (replacing the one with the same path). Returns package."""
    resources = package.setdefault("resources", [])
    for i, old in enumerate(resources):
        if old.get("path") == resource["path"]:
            resources[i] = dict(resource)
            break
    else:
        resources.append(dict(resource))
    names = [r.get("name") for r in resources]
    dupes = sorted({n for n in names if n is not None and names.count(n) > 1})
    if dupes:
        raise KompendiumError(
            f"datapackage.json: nama resource ganda {dupes[0]!r}; beri `name` yang unik"
        )
    return package


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Deprecated spelling of :func:`kompendium.atomic.write_bytes` (kept while callers move)."""
    return write_bytes(path, data)


def write_datapackage(root: str | Path, package: Mapping[str, Any]) -> Path:
    """Write ``package`` to ``root``/datapackage.json atomically and deterministically
    (resources sorted by path, 2-space indent, UTF-8, final newline)."""
    package = dict(package)
    package["resources"] = sorted(package.get("resources", []), key=lambda r: r["path"])
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return write_text(_package_path(root), text)


def record_resource(raw_dir: str | Path, file: str | Path, **properties: Any) -> dict:
    """Describe ``file`` (see :func:`resource_descriptor`), put it into
    ``raw_dir``/datapackage.json and write that file atomically. Returns the resource.

    Properties of an already recorded resource for the same path are kept unless
    overridden (so re-recording a re-downloaded file keeps its title, schema, ...).
    """
    raw_dir = Path(raw_dir)
    package = load_datapackage(raw_dir)
    probe = resource_descriptor(raw_dir, file)
    previous = next(
        (r for r in package["resources"] if r.get("path") == probe["path"]), {}
    )
    merged = {**previous, **properties}
    for key in ("path", "hash", "bytes"):
        merged.pop(key, None)
    resource = resource_descriptor(raw_dir, file, **merged)
    upsert_resource(package, resource)
    write_datapackage(raw_dir, package)
    return resource
