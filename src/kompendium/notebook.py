"""Run one notebook with Papermill: warm kernels for the workflow, a cold one by hand."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import traceback
import uuid
from queue import Empty
from pathlib import Path

import nbformat
import papermill
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Type, default

from kompendium import kernel_hangat

# How often to look whether a kernel has exited. jupyter_client looks every 0.1 s; with 43 short
# notebooks per build, those pauses alone added seconds of idle cores.
_TENGOK_KERNEL_S = 0.005


class KernelClientSigap(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel answers.

    jupyter_client's `wait_for_ready` ends by draining IOPub until it has been quiet for 0.2 s:
    0.2 s of idle core per notebook. Leftover start-up messages are harmless here, because
    nbclient only reads the messages whose parent is the request it sent.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        batas = time.monotonic() + (timeout if timeout is not None else 60)
        while time.monotonic() < batas:
            self.kernel_info()
            try:
                balasan = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                balasan = None
            if balasan is not None and balasan["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the kernel's status for that request arrives
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    continue
                self._handle_kernel_info_reply(balasan)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel mati sebelum menjawab kernel_info")
        raise RuntimeError(f"Kernel tidak menjawab dalam {timeout} detik")


class IpcKernelManager(AsyncKernelManager):
    """A kernel reached over Unix sockets instead of TCP, and started and stopped without idling.

    The build must work with no network at all; under `unshare -n` even the loopback interface is
    down, and a TCP kernel never answers. Sockets go to the temp folder, not the book.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    # What `client()` builds (AsyncKernelManager's own trait; `client_class` is only its string form).
    client_factory = Type(KernelClientSigap, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(pollinterval=_TENGOK_KERNEL_S)

    @default("ip")
    def _default_ip(self) -> str:
        return tempfile.mkdtemp(prefix="kompendium-kernel-") + "/kernel"

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources  # the public name nbclient calls, too


class IpcKernelManagerHangat(IpcKernelManager):
    """The same, with the kernel forked from a warm parent (`kompendium.kernel_hangat`)."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = kernel_hangat.ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


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


def jalankan(sumber: Path, tujuan: Path, parameter: dict, cwd: Path, *, hangat: bool = False,
             log_kernel: str | Path | None = None) -> Path:
    """Execute `sumber` with `parameter` into `tujuan`; nothing is written unless it succeeds.

    `hangat`: fork the kernel from a warm parent (the workflow, which runs 43 notebooks); otherwise
    start a cold one. `log_kernel`: where the kernel process's own output goes (warm kernels only).
    The working directory is given to the kernel only: Papermill's `cwd` would change the directory
    of this whole process, and Snakemake runs two notebooks at once in its threads.
    """
    tujuan = Path(tujuan)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    token = kernel_hangat.LOG_KERNEL.set(str(log_kernel) if log_kernel else None)
    try:
        # No output path for Papermill: it would rewrite the whole notebook before and after every
        # cell (a third of a short notebook's run time). The result is written once, below.
        nb = papermill.execute_notebook(
            str(sumber), None, parameters=parameter, kernel_name="python3", progress_bar=False,
            kernel_manager_class=IpcKernelManagerHangat if hangat else IpcKernelManager,
            resources={"metadata": {"path": str(Path(cwd).resolve())}},
        )
    finally:
        kernel_hangat.LOG_KERNEL.reset(token)
    nb.metadata.papermill["output_path"] = str(tujuan)
    rapikan_untuk_buku(nb)
    fd, tmp = tempfile.mkstemp(dir=tujuan.parent, prefix=f".{tujuan.stem}.", suffix=".ipynb")
    os.close(fd)
    try:
        nbformat.write(nb, tmp)
        os.replace(tmp, tujuan)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tujuan


def jalankan_untuk_workflow(sumber, tujuan, parameter: dict, cwd, log) -> Path:
    """A workflow job (a Snakemake `run:` block, in one of its threads): `jalankan` with a warm
    kernel, the parameters and any failure written to the job's log."""
    log = Path(log)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"{sumber} -> {tujuan} (cwd {cwd})\nparameter: {json.dumps(parameter, ensure_ascii=False)}\n",
                   encoding="utf-8")
    try:
        hasil = jalankan(sumber, tujuan, parameter, cwd, hangat=True, log_kernel=log)
    except BaseException:
        with log.open("a", encoding="utf-8") as f:
            f.write(traceback.format_exc())
        raise
    with log.open("a", encoding="utf-8") as f:
        f.write(f"selesai: {hasil}\n")
    return hasil
