"""Run one notebook with Papermill: warm kernels for the workflow, ordinary (cold) ones by hand.

Everything here goes through public extension points: Papermill's and nbclient's options (kernel
manager class, traitlets config, cell hook, timeout), a kernel manager that only sets configurable
traits, and a kernel spec manager that adds a `kernel_provisioner` stanza to the notebook's own
kernelspec, which jupyter_client resolves through the `jupyter_client.kernel_provisioners` entry
point to `kompendium.warm_kernels.WarmKernelProvisioner`.
"""

from __future__ import annotations

import ast
import copy
import functools
import json
import logging
import math
import re
import tempfile
import time
import traceback
from importlib.metadata import entry_points
from pathlib import Path
from queue import Empty

import nbformat
import papermill
from jupyter_client import protocol_version_info
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError
from traitlets import CaselessStrEnum, Dict, Instance, default
from traitlets.config import Config

from kompendium import atomic
from kompendium.errors import KompendiumError
from kompendium.warm_kernels import CPU_LINE, PROVISIONER_NAME

log = logging.getLogger(__name__)

# The defaults of config/config.yaml's `notebook:` section (workflow/schemas/config.schema.yaml).
DEFAULT_TIMEOUT = 600
DEFAULT_PRELOAD = ("pandas", "matplotlib.pyplot", "seaborn", "kompendium", "myst_nb.ext.glue", "jinja2")


class NotebookError(KompendiumError):
    """A notebook failed: which notebook, which cell, and what happened."""


class RunnerKernelSpecManager(KernelSpecManager):
    """Installed kernelspecs as they are, plus the runner's kernel provisioner where a spec names none."""

    kernel_provisioner = Dict(config=True, help="a kernelspec `kernel_provisioner` stanza, or empty")

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if self.kernel_provisioner and "kernel_provisioner" not in spec.metadata:
            spec.metadata = {**spec.metadata, "kernel_provisioner": copy.deepcopy(self.kernel_provisioner)}
        return spec


class RunnerKernelClient(AsyncKernelClient):
    """nbclient's kernel client, ready as soon as the kernel has shown it is.

    jupyter_client's own `wait_for_ready` ends by reading IOPub until it stays silent for 0.2 s,
    so every kernel start costs 0.2 s of waiting for nothing (43 notebooks per build). Here the
    kernel is ready when it has answered `kernel_info` on the shell channel and its `idle` status
    for that very request has come on IOPub: IOPub is then connected and holds nothing older that
    the notebook's cells could receive (nbclient reads only the replies to its own requests anyway).
    """

    # A kernel that has answered but whose IOPub is not yet connected (ZeroMQ drops what a
    # subscriber misses) is asked again after this many seconds, as jupyter_client does.
    iopub_wait = 0.2

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = await self._reply(self.get_shell_msg, msg_id, "kernel_info_reply", 1.0)
            if reply is not None and await self._reply(self.get_iopub_msg, msg_id, "status", self.iopub_wait,
                                                       state="idle"):
                # As jupyter_client does with the reply: speak the kernel's protocol version.
                major = int(reply["content"]["protocol_version"].split(".")[0])
                if major != protocol_version_info[0]:
                    self.session.adapt_version = major
                return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    @staticmethod
    async def _reply(get, msg_id: str, msg_type: str, wait: float, state: str | None = None) -> dict | None:
        """The first message of `msg_type` (with `execution_state` `state`) answering `msg_id` on a
        channel within `wait` seconds, skipping the others; None if none came."""
        end = time.monotonic() + wait
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await get(timeout=left)
            except Empty:
                return None
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type
                    and (state is None or msg["content"].get("execution_state") == state)):
                return msg
        return None


class RunnerKernelManager(AsyncKernelManager):
    """A kernel reached over Unix sockets instead of TCP, with the runner's kernelspec manager.

    The build must work with no network at all; under `unshare -n` even the loopback interface is
    down and a TCP kernel never answers. The socket folder (`ip`) is set per run in the config.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    kernel_spec_manager = Instance(KernelSpecManager)

    @default("client_factory")
    def _runner_client_factory(self) -> type:
        return RunnerKernelClient

    @default("kernel_spec_manager")
    def _runner_kernel_spec_manager(self) -> KernelSpecManager:
        return RunnerKernelSpecManager(parent=self, data_dir=self.data_dir)


@functools.cache  # reading every installed package's entry points takes 0.1-0.2 s
def warm_provisioner_registered() -> bool:
    """Whether this environment has the entry point (an install older than pyproject.toml lacks it)."""
    return bool(entry_points(group="jupyter_client.kernel_provisioners", name=PROVISIONER_NAME))


def prepare_for_book(nb: nbformat.NotebookNode) -> None:
    """Keep the cell Papermill injects off the reader's page, like every code cell: a reviewer
    sees what the chapter ran with in the executed notebook, which the page links to.

    Every other cell shows as its source notebook's tags say (CONTRIBUTING.md, "Chapters"): the
    runner decides nothing about a chapter's layout."""
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if cell.cell_type == "code" and "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")


_GLUE_TEKS = re.compile(r"\{glue:text\}`([^`]+)`")


def isi_alt(nb: nbformat.NotebookNode, source: str | Path = "") -> None:
    """Write glued texts into the ``:alt:`` lines of figures: an image's alt attribute cannot hold a
    role, so ``:alt: {glue:text}`alt_p0``` becomes the sentence the notebook glued under that key."""
    teks = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            nama = out.get("metadata", {}).get("scrapbook", {}).get("name")
            nilai = out.get("data", {}).get("application/papermill.record/text/plain")
            if nama and isinstance(nilai, str):
                teks[nama] = ast.literal_eval(nilai) if nilai[:1] in "'\"" else nilai

    def ganti(m: re.Match) -> str:
        if m.group(1) not in teks:
            raise NotebookError(f"{source}: teks alt memakai {{glue:text}}`{m.group(1)}`, yang tidak ditempel")
        return str(teks[m.group(1)])

    for cell in nb.cells:
        if cell.cell_type == "markdown" and ":alt:" in cell.source:
            cell.source = "\n".join(_GLUE_TEKS.sub(ganti, line) if line.startswith(":alt:") else line
                                    for line in cell.source.split("\n"))


def _cell(source: Path, running: dict) -> str:
    """`notebooks/x.ipynb, sel 3 (`first line`)` for the cell being executed when it failed (numbered
    as in the source notebook, markdown cells included)."""
    if "index" not in running:
        return f"{source} (sebelum sel pertama)"
    first = next((line for line in running["source"].splitlines() if line.strip()), "")
    return f"{source}, sel {running['index'] + 1} (`{first[:60]}`)"


def run(source: str | Path, target: str | Path, parameters: dict, cwd: str | Path, *, warm: bool = False,
        preload: list[str] | tuple[str, ...] = DEFAULT_PRELOAD, timeout: float | None = DEFAULT_TIMEOUT,
        kernel_log: str | Path | None = None) -> Path:
    """Execute `source` with `parameters` into `target`; nothing is written unless it succeeds.

    `warm`: fork the kernel from a warm parent that has imported `preload` (the workflow runs 43
    notebooks); otherwise start an ordinary kernel. `timeout`: seconds one cell may run.
    `kernel_log`: where the kernel process's own output goes (warm kernels only).
    The working directory is given to the kernel only: Papermill's `cwd` would change the directory
    of this whole process, and Snakemake runs two notebooks at once in its threads.
    """
    source, target = Path(source), Path(target)
    running: dict = {}  # the cell nbclient is executing, for the error message

    def on_cell_execute(cell, cell_index):
        # Counted as in the source notebook, without the cell Papermill injects.
        injected = running.get("injected", 0) + ("injected-parameters" in cell.metadata.get("tags", []))
        running.update(index=cell_index - injected, source=cell.source, injected=injected)

    with tempfile.TemporaryDirectory(prefix="kompendium-kernel-") as sockets:
        config = Config()
        config.RunnerKernelManager.ip = str(Path(sockets) / "kernel")
        if warm and not warm_provisioner_registered():
            log.warning("warm kernels: provisioner %r belum terdaftar (pasang ulang paket: pip install -e .); "
                        "kernel biasa dipakai", PROVISIONER_NAME)
        elif warm:
            config.RunnerKernelSpecManager.kernel_provisioner = {
                "provisioner_name": PROVISIONER_NAME,
                "config": {"preload": list(preload), "log_file": str(kernel_log) if kernel_log else None},
            }
        try:
            # No output path for Papermill: it would rewrite the whole notebook before and after every
            # cell. The result is written once, below. The kernel is the notebook's own kernelspec.
            nb = papermill.execute_notebook(
                str(source), None, parameters=parameters, progress_bar=False,
                kernel_manager_class=RunnerKernelManager, config=config, execution_timeout=timeout,
                on_cell_execute=on_cell_execute, resources={"metadata": {"path": str(Path(cwd).resolve())}},
            )
        except PapermillExecutionError as e:
            raise NotebookError(f"{_cell(source, running)}: {e.ename}: {e.evalue}") from e
        except CellTimeoutError as e:
            raise NotebookError(f"{_cell(source, running)}: tidak selesai dalam {timeout} detik "
                                "(notebook.timeout di config/config.yaml)") from e
        except DeadKernelError as e:
            where = f"; keluaran kernel di {kernel_log}" if kernel_log and warm else ""
            raise NotebookError(f"{_cell(source, running)}: kernel mati saat menjalankan sel ini{where}") from e
    nb.metadata.papermill["output_path"] = str(target)
    prepare_for_book(nb)
    isi_alt(nb, source)
    with atomic.atomic_path(target) as tmp:
        nbformat.write(nb, tmp)
    return target


def run_workflow_job(source, target, parameters: dict, cwd, log_path, settings: dict | None = None) -> Path:
    """A workflow job (a Snakemake `run:` block, in one of its threads): `run` with the `notebook:`
    settings of config/config.yaml, the parameters and any failure written to the job's log."""
    settings = settings or {}
    log_path = Path(log_path)
    atomic.write_text(log_path, f"{source} -> {target} (cwd {cwd})\n"
                                f"parameter: {json.dumps(parameters, ensure_ascii=False)}\n")
    start = time.thread_time()  # this thread's CPU: Papermill and nbclient for this notebook
    try:
        result = run(source, target, parameters, cwd, warm=settings.get("warm_kernels", True),
                     preload=settings.get("preload", DEFAULT_PRELOAD),
                     timeout=settings.get("timeout", DEFAULT_TIMEOUT), kernel_log=log_path)
    except BaseException:
        with log_path.open("a", encoding="utf-8") as f:
            f.write(traceback.format_exc())
        raise
    with log_path.open("a", encoding="utf-8") as f:
        # The kernel's own line (warm kernels) is already there: kompendium timing report adds both.
        f.write(f"{CPU_LINE} runner={time.thread_time() - start:.3f}\nselesai: {result}\n")
    return result
