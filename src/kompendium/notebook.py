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
