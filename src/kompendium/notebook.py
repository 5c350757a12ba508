"""Run one chapter notebook with Papermill, the way the workflow does."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
import papermill


def jalankan(sumber: Path, tujuan: Path, parameter: dict, cwd: Path) -> Path:
    """Execute `sumber` with `parameter` into `tujuan`; nothing is written unless it succeeds."""
    tujuan = Path(tujuan)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=tujuan.parent, prefix=f".{tujuan.stem}.", suffix=".ipynb")
    os.close(fd)
    try:
        papermill.execute_notebook(
            str(sumber), tmp, parameters=parameter, cwd=str(cwd), kernel_name="python3",
            progress_bar=False,
        )
        nb = nbformat.read(tmp, as_version=4)
        for cell in nb.cells:
            tags = cell.metadata.setdefault("tags", [])
            # Papermill's injected parameters: folded away like the other code, not removed,
            # so a reviewer can see what the chapter was run with.
            if "injected-parameters" in tags and "hide-input" not in tags:
                tags.append("hide-input")
        nbformat.write(nb, tmp)
        os.replace(tmp, tujuan)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tujuan
