"""Warm kernels: every notebook still gets a fresh kernel process of its own, forked from a parent
that has already imported what the notebooks import.

A cold IPython kernel spends most of a short notebook's run time starting Python, importing
ipykernel, IPython, pandas and matplotlib, and only then runs the cells. The workflow runs 43 such
notebooks per build. Here one parent process ("induk") does those imports once per Snakemake run and
forks one child per notebook; the child becomes an ordinary IPython kernel (`IPKernelApp`) on the
connection file jupyter_client wrote, so Papermill and nbclient talk to it as to any other kernel.

The parent runs no notebook code and never makes a ZeroMQ socket or thread before forking, so each
kernel starts clean: the same modules a cold kernel would import on first use, nothing else.
It lives as long as the process that started it (the parent exits when its stdin closes), and a
kernel whose parent has gone exits too (ipykernel's parent poller).

Run as `python -m kompendium.kernel_hangat`: the parent's loop. Imported: the client side
(`Induk`, `ForkProvisioner`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

# Where the kernel of the notebook being run writes its own stdout/stderr (the job's log).
LOG_KERNEL: contextvars.ContextVar[str | None] = contextvars.ContextVar("log_kernel", default=None)

# What a notebook of this book imports; importing it in the parent is the whole point.
PRAMUAT = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "ipykernel.zmqshell", "IPython", "numpy", "pandas", "matplotlib.pyplot",
    "seaborn", "IPython.display", "kompendium.gaya", "kompendium.provinsi", "kompendium.tempel",
    "kompendium.asal_usul", "kompendium.format",
)


# ---- the parent (a process of its own) --------------------------------------------------------


def _induk() -> None:
    """Import once, then fork one kernel per request line read from stdin."""
    # As ipykernel would set it at start-up, but before matplotlib is imported here.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import importlib

    for modul in PRAMUAT:
        importlib.import_module(modul)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system, no zombies
    balasan = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything else printed here goes to stderr, not into the replies
    balasan.write("siap\n")
    balasan.flush()
    for baris in sys.stdin:
        permintaan = json.loads(baris)
        pid = os.fork()
        if pid == 0:
            _jadi_kernel(permintaan)  # never returns
        balasan.write(json.dumps({"pid": pid}) + "\n")
        balasan.flush()


def _jadi_kernel(p: dict) -> None:
    """In the forked child: become an IPython kernel with the given arguments, cwd, env and log."""
    kode = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # its own process group, as jupyter_client gives a launched kernel
        os.chdir(p["cwd"])
        os.environ.clear()
        os.environ.update(p["env"])
        # Exit if the parent (this induk) goes: ipykernel's parent poller watches this pid.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        argv = [*p["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        masuk = os.open(os.devnull, os.O_RDONLY)
        os.dup2(masuk, 0)
        keluar = os.open(p["log"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(keluar, 1)
        os.dup2(keluar, 2)
        sys.stdin = open(os.devnull)  # noqa: SIM115 - the kernel's stdin for its whole life
        sys.argv = ["ipykernel_launcher", *argv]
        sys.path[0] = os.getcwd()  # as `python -m ipykernel_launcher` run in cwd would have it
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        kode = 0
    except BaseException:
        import traceback

        traceback.print_exc()  # to the job's log once redirected, to the parent's stderr before
    finally:
        os._exit(kode)


# ---- the client side (in the process that runs Papermill) ---------------------------------------


class Induk:
    """The parent process, started on first use; one per process, shared by threads."""

    _satu: Induk | None = None
    _kunci_buat = threading.Lock()

    @classmethod
    def dapatkan(cls) -> Induk:
        with cls._kunci_buat:
            if cls._satu is None or cls._satu.proses.poll() is not None:
                cls._satu = cls()
        return cls._satu

    def __init__(self) -> None:
        # One BLAS thread (the kernels run side by side); no debugpy notice about frozen modules.
        env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1"),
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self.proses = subprocess.Popen(
            [sys.executable, "-m", "kompendium.kernel_hangat"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env, start_new_session=True,
        )
        self._kunci = threading.Lock()
        siap = self.proses.stdout.readline().strip()
        if siap != "siap":
            self.proses.kill()
            raise RuntimeError(f"induk kernel gagal dimulai (kode {self.proses.wait()}); lihat stderr di atas")
        atexit.register(self.tutup)

    def fork(self, argv: list[str], cwd: str, env: dict[str, str], log: str | None) -> int:
        """Ask the parent for a kernel; returns its process id."""
        permintaan = json.dumps({"argv": argv, "cwd": cwd, "env": env, "log": log})
        with self._kunci:
            self.proses.stdin.write(permintaan + "\n")
            self.proses.stdin.flush()
            baris = self.proses.stdout.readline()
        if not baris:
            raise RuntimeError(f"induk kernel berhenti (kode {self.proses.poll()})")
        return int(json.loads(baris)["pid"])

    def tutup(self) -> None:
        """Close the parent's stdin: it exits, and its idle kernels with it."""
        if self.proses.poll() is None:
            self.proses.stdin.close()
            try:
                self.proses.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proses.kill()


class ProsesKernel:
    """A forked kernel seen through the part of `subprocess.Popen` jupyter_client uses.

    It is the parent's child, not ours, so it is watched through a pidfd (Linux 5.3+).
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self.returncode = 0  # the exit status went to the parent; it has exited, that is enough
            os.close(self._fd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None:
            select.select([self._fd], [], [], timeout)
        return self.poll()

    def send_signal(self, sinyal: int) -> None:
        if self.poll() is None:
            try:
                signal.pidfd_send_signal(self._fd, sinyal)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner, but the kernel is forked by the warm parent instead of exec'd."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if cmd[1:3] != ["-m", "ipykernel_launcher"]:  # another kernel spec: start it the usual way
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(Path(kwargs.get("cwd") or os.getcwd()).resolve())
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        log = LOG_KERNEL.get()
        pid = Induk.dapatkan().fork(cmd[3:], cwd, env, str(Path(log).resolve()) if log else None)
        self.process = ProsesKernel(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info

    async def wait(self) -> int | None:
        """Wait on the pidfd in a thread instead of LocalProvisioner's 0.1 s polling."""
        if self.process is None:
            return 0
        kode = await asyncio.to_thread(self.process.wait)
        self.process = None
        return kode


if __name__ == "__main__":
    _induk()
