"""Warm kernels (kompendium.kernel_hangat): faster, and otherwise the same as a cold kernel.

A reviewer must be able to trust that a notebook run by the workflow saw a fresh kernel: nothing left
over from the previous notebook, its own working directory, and the same outputs a cold kernel gives.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from kompendium.notebook import jalankan, jalankan_untuk_workflow

PROBE = [
    # The parameters cell Papermill overrides.
    ("penanda = 'bawaan'", ["parameters"]),
    # State from an earlier notebook would show up here.
    ("sisa = sorted(k for k in globals() if k.startswith('_dari_notebook_lain'))\n"
     "_dari_notebook_lain = True", []),
    ("import os, pandas as pd\n"
     "print(penanda, os.getcwd(), os.getpid(), sisa, pd.DataFrame({'a': [1, 2]})['a'].sum())", []),
]


def _notebook(path: Path) -> Path:
    nb = new_notebook(cells=[new_code_cell(src, metadata={"tags": tags}) for src, tags in PROBE])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _printed(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs).split()


def test_warm_kernel_is_fresh_has_its_cwd_and_matches_a_cold_one(tmp_path):
    sumber = _notebook(tmp_path / "probe.ipynb")
    kerja = tmp_path / "kerja"
    kerja.mkdir()
    cwd_sebelum = os.getcwd()

    hasil = []
    for i in range(2):  # two notebooks from the same warm parent
        out = jalankan_untuk_workflow(sumber, tmp_path / f"hangat{i}.ipynb", {"penanda": f"p{i}"}, kerja,
                                      tmp_path / f"hangat{i}.log")
        hasil.append(_printed(out))
    dingin = _printed(jalankan(sumber, tmp_path / "dingin.ipynb", {"penanda": "p0"}, kerja))

    assert os.getcwd() == cwd_sebelum, "running a notebook must not move this process"
    (p0, cwd0, pid0, sisa0, total0), (p1, cwd1, pid1, sisa1, _) = hasil
    assert (p0, p1) == ("p0", "p1")  # parameters injected
    assert cwd0 == cwd1 == str(kerja.resolve())
    assert pid0 != pid1 and int(pid0) != os.getpid(), "each notebook needs a kernel process of its own"
    assert sisa0 == sisa1 == "[]", "no state from the previous notebook"
    # Same printed output as a cold kernel, apart from the process id.
    assert hasil[0][:2] + hasil[0][3:] == dingin[:2] + dingin[3:]
    assert total0 == "3"
    assert "selesai" in (tmp_path / "hangat1.log").read_text(encoding="utf-8")


def test_two_notebooks_at_once_in_threads(tmp_path):
    """As Snakemake runs them with --cores 2: two threads share the warm parent."""
    sumber = _notebook(tmp_path / "probe.ipynb")
    hasil: dict[int, list[str]] = {}

    def satu(i: int) -> None:
        out = jalankan_untuk_workflow(sumber, tmp_path / f"t{i}.ipynb", {"penanda": f"t{i}"}, tmp_path,
                                      tmp_path / f"t{i}.log")
        hasil[i] = _printed(out)

    benang = [threading.Thread(target=satu, args=(i,)) for i in range(4)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert sorted(h[0] for h in hasil.values()) == ["t0", "t1", "t2", "t3"]
    assert len({h[2] for h in hasil.values()}) == 4


def test_failing_cell_writes_nothing_and_logs_the_error(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                             new_code_cell("raise ValueError('data/raw/x.csv baris 3: kolom nilai kosong')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    sumber = tmp_path / "gagal.ipynb"
    nbformat.write(nb, sumber)
    tujuan = tmp_path / "keluar" / "gagal.ipynb"
    log = tmp_path / "gagal.log"
    with pytest.raises(Exception, match="kolom nilai kosong"):
        jalankan_untuk_workflow(sumber, tujuan, {}, tmp_path, log)
    assert not tujuan.exists()
    assert list(tujuan.parent.iterdir()) == []  # no half-written temp file either
    assert "kolom nilai kosong" in log.read_text(encoding="utf-8")
