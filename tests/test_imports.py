"""kompendium.imports: a rule's code dependencies, read from the import statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kompendium.errors import KompendiumError
from kompendium.imports import notebook_source_files, source_files

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    """A small kompendium package: direct, lazy, relative and from-package imports, and a data file."""
    src = tmp_path / "kompendium"
    write(src / "__init__.py", "")
    write(src / "a.py", "from kompendium import b\nimport pandas\n")
    write(src / "b.py", "def f():\n    from kompendium.sub.c import g  # lazy\n    return g\n")
    write(src / "sub" / "__init__.py", "from .c import g\n")
    write(src / "sub" / "c.py", "from . import d\nTABLE = 'tabel.csv'\ndef g():\n    return d\n")
    write(src / "sub" / "d.py", "")
    write(src / "lone.py", "import os\n")
    write(src / "data" / "tabel.csv", "x\n")
    write(src / "data" / "other.csv", "x\n")
    return src


def names(files: list[str], src: Path) -> list[str]:
    return [Path(f).relative_to(src).as_posix() for f in files]


def test_closure_follows_lazy_relative_and_package_imports(package):
    assert names(source_files("kompendium.a", source=package), package) == [
        "__init__.py", "a.py", "b.py", "data/tabel.csv", "sub/__init__.py", "sub/c.py", "sub/d.py",
    ]


def test_a_module_without_package_imports_has_only_itself_and_the_package(package):
    assert names(source_files("kompendium.lone", source=package), package) == ["__init__.py", "lone.py"]


def test_unknown_module_is_an_error(package):
    with pytest.raises(KompendiumError, match="kompendium.nope"):
        source_files("kompendium.nope", source=package)


def test_notebook_imports_skip_magics(package, tmp_path):
    nb = tmp_path / "bab.ipynb"
    cells = [
        {"cell_type": "markdown", "source": ["import kompendium.a"]},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "from kompendium.sub import d\n"]},
    ]
    nb.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert names(notebook_source_files(nb, source=package), package) == [
        "__init__.py", "data/tabel.csv", "sub/__init__.py", "sub/c.py", "sub/d.py",
    ]


def test_the_real_package(tmp_path):
    """The province pages' code includes what the hand-kept list used to forget."""
    src = ROOT / "src" / "kompendium"
    files = names(notebook_source_files(ROOT / "notebooks" / "provinsi.ipynb", source=src), src)
    assert {"provinsi/halaman.py", "provinsi/teks.py", "tidy.py", "data/wilayah.csv", "tempel.py"} <= set(files)
    assert "hampir_miskin.py" not in files  # another chapter's module: no rerun of 38 pages
    runner = names(source_files("kompendium.notebook", source=src), src)
    assert "warm_kernels.py" in runner


def test_cache_file_gives_the_same_answer_and_notices_a_changed_module(tmp_path, monkeypatch):
    from kompendium import imports

    src = tmp_path / "kompendium"
    src.mkdir()
    (src / "__init__.py").write_text("")
    (src / "a.py").write_text("import kompendium.b\n")
    (src / "b.py").write_text("X = 1\n")
    (src / "c.py").write_text("Y = 2\n")
    cache = tmp_path / "cache.json"
    monkeypatch.setattr(imports, "_CACHE", {})
    monkeypatch.setattr(imports, "_CACHE_FILE", [])
    imports.use_cache(cache)
    first = imports.source_files("kompendium.a", source=src)
    imports._write_cache()
    assert cache.is_file() and first == sorted(str(src / f) for f in ("__init__.py", "a.py", "b.py"))
    # Another process: the file answers; a changed module is parsed again.
    imports._read_module.cache_clear()
    imports._closure.cache_clear()
    imports._CACHE.clear()
    imports.use_cache(cache)
    assert imports.source_files("kompendium.a", source=src) == first
    (src / "a.py").write_text("import kompendium.c\n")
    imports._read_module.cache_clear()
    imports._closure.cache_clear()
    assert imports.source_files("kompendium.a", source=src) == sorted(
        str(src / f) for f in ("__init__.py", "a.py", "c.py"))
    imports._read_module.cache_clear()
    imports._closure.cache_clear()
