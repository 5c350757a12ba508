"""Which package source files a module or notebook depends on, read from the import statements.

The workflow lists these files as a rule's inputs, so a change to a module reruns exactly the
jobs whose code imports it, directly or through other modules. Only the syntax is read (``ast``):
nothing is imported. Snakemake calls this at every start, and parsing the package's modules costs
about 0.3 s of CPU: with :func:`use_cache` (the workflow does), what each module imports is kept in a
file, keyed by the module's sha256, so only a changed module is parsed again. The answer is the same
with or without the file: it is a function of the module's text alone.

Imports anywhere in a module count (also the lazy ones inside functions). A package's
``__init__.py`` counts for every module under it, as Python runs it on import. A data file of the
package (``kompendium/data/*``) counts when a module names it in a string (``"wilayah.csv"``).
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path

from kompendium.errors import KompendiumError

PACKAGE = "kompendium"
#: the package's sources, found from this file (src/kompendium), wherever the project lives
SOURCE = Path(__file__).resolve().parent


def _module_file(module: str, source: Path) -> Path | None:
    """The file of a dotted module name under `source`, or None when it is not a module there."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = source.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path, source: Path) -> str:
    rel = path.relative_to(source).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Dotted names of everything `tree` imports (``from a import b`` gives ``a`` and ``a.b``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _strings(tree: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _with_packages(module: str) -> list[str]:
    """`a.b.c` -> a, a.b, a.b.c: importing a module runs every package's __init__ above it."""
    parts = module.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


# The file of use_cache: {module path: [sha256 of its text, imported names, strings]}.
_CACHE: dict[str, list] = {}
_CACHE_FILE: list[Path] = []


def use_cache(path: str | Path) -> None:
    """Keep what each module imports in `path` (JSON) between processes; written when this process
    exits if anything was parsed. An unreadable file counts as empty."""
    path = Path(path)
    with contextlib.suppress(OSError, ValueError):
        _CACHE.update(json.loads(path.read_text(encoding="utf-8")))
    if not _CACHE_FILE:
        atexit.register(_write_cache)
    _CACHE_FILE[:] = [path]


def _write_cache() -> None:
    if _CACHE_FILE and _CACHE.pop("__changed__", None):
        from kompendium.atomic import write_json

        with contextlib.suppress(OSError):  # a cache: the next run parses again
            write_json(_CACHE_FILE[0], dict(sorted(_CACHE.items())))


@cache
def _read_module(path: Path, source: Path) -> tuple[frozenset[str], frozenset[str]]:
    """What one module imports and the strings it holds (each file is parsed once per process, and
    once per change with use_cache)."""
    text = path.read_bytes()
    digest = hashlib.sha256(text).hexdigest()
    key = f"{path.as_posix()}|{source.as_posix()}"
    hit = _CACHE.get(key) if _CACHE_FILE else None
    if hit and hit[0] == digest:
        return frozenset(hit[1]), frozenset(hit[2])
    tree = ast.parse(text.decode("utf-8"), filename=str(path))
    imported = frozenset(_imported(tree, _module_name(path, source), path.name == "__init__.py"))
    strings = frozenset(_strings(tree))
    if _CACHE_FILE:
        _CACHE[key] = [digest, sorted(imported), sorted(strings)]
        _CACHE["__changed__"] = True
    return imported, strings


@cache
def _closure(start: frozenset[str], source: Path) -> tuple[str, ...]:
    seen: set[Path] = set()
    strings: set[str] = set()
    todo = [m for name in start for m in _with_packages(name)]
    while todo:
        path = _module_file(todo.pop(), source)
        if path is None or path in seen:
            continue
        seen.add(path)
        imported, held = _read_module(path, source)
        strings |= held
        for name in imported:
            todo.extend(_with_packages(name))
    data = source / "data"
    used_data = {
        p for p in (data.iterdir() if data.is_dir() else [])
        if p.is_file() and any(s == p.name or s.endswith(f"/{p.name}") for s in strings)
    }
    return tuple(sorted(p.as_posix() for p in seen | used_data))


def source_files(*modules: str, source: Path = SOURCE) -> list[str]:
    """The package files that importing `modules` (dotted names) runs, plus the data files they name.

    `source` is the package folder; the workflow passes its own relative ``src/kompendium``, so the
    paths come out relative to the project root."""
    for module in modules:
        if _module_file(module, source) is None:
            raise KompendiumError(f"{module}: bukan modul di {source}")
    return list(_closure(frozenset(modules), source))


def notebook_source_files(notebook: str | Path, source: Path = SOURCE) -> list[str]:
    """The package files the code cells of `notebook` (.ipynb) import, as :func:`source_files`."""
    notebook = Path(notebook)
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as exc:
        raise KompendiumError(f"{notebook}: bukan buku catatan Jupyter yang bisa dibaca ({exc})") from None
    names: set[str] = set()
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        text = "".join(cell.get("source", ""))
        # IPython magics and shell lines are not Python.
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in text.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            raise KompendiumError(f"{notebook} (sel {i}, baris {exc.lineno}): kode Python tidak sah") from None
        names |= {n for n in _imported(tree, "__main__", False) if n.split(".")[0] == PACKAGE}
    if not names:
        return []
    return list(_closure(frozenset(names), source))
