"""Run one chapter notebook with Papermill, the way the workflow does."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import papermill
from jupyter_client.manager import KernelManager
from traitlets import CaselessStrEnum, default


class IpcKernelManager(KernelManager):
    """A kernel reached over Unix sockets instead of TCP.

    The build must work with no network at all; under `unshare -n` even the loopback interface is
    down, and a TCP kernel never answers. Sockets go to the temp folder, not the book.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _default_ip(self) -> str:
        return tempfile.mkdtemp(prefix="kompendium-kernel-") + "/kernel"

    def cleanup_resources(self, restart: bool = False) -> None:
        super().cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)


def rapikan_untuk_buku(nb: nbformat.NotebookNode) -> None:
    """Decide how each code cell shows in the book; the code itself stays in the notebook.

    - Papermill's injected parameters: folded, so a reviewer can see what the chapter ran with.
    - The notebook's default parameters: removed (the injected cell overrides them).
    - A cell with no visible output (loading, gluing): removed, so a student meets prose,
      tables and charts, not a row of folded code.
    - Every other code cell: folded under its output.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        tags[:] = [t for t in tags if t not in ("hide-input", "remove-input", "remove-cell")]
        if "injected-parameters" in tags:
            tags.append("hide-input")
        elif "parameters" in tags or not cell.get("outputs"):
            tags.append("remove-cell")
        else:
            tags.append("hide-input")


def jalankan(sumber: Path, tujuan: Path, parameter: dict, cwd: Path) -> Path:
    """Execute `sumber` with `parameter` into `tujuan`; nothing is written unless it succeeds."""
    tujuan = Path(tujuan)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=tujuan.parent, prefix=f".{tujuan.stem}.", suffix=".ipynb")
    os.close(fd)
    try:
        papermill.execute_notebook(
            str(sumber), tmp, parameters=parameter, cwd=str(cwd), kernel_name="python3",
            progress_bar=False, kernel_manager_class=IpcKernelManager,
        )
        nb = nbformat.read(tmp, as_version=4)
        rapikan_untuk_buku(nb)
        nbformat.write(nb, tmp)
        os.replace(tmp, tujuan)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tujuan
