"""Warm kernels: every notebook still gets a fresh kernel process of its own, forked from a parent
that has already imported what the notebooks import.

A cold IPython kernel spends most of a short notebook's run time starting Python and importing
ipykernel, pandas and matplotlib; the workflow runs 43 such notebooks per build. Here one parent
process per interpreter and preload list imports them once and forks one child per notebook. The
child becomes an ordinary IPython kernel (`IPKernelApp`) on the connection file jupyter_client
wrote, so Papermill and nbclient talk to it as to any other kernel.

`WarmKernelProvisioner` is a jupyter_client kernel provisioner, registered under the
`jupyter_client.kernel_provisioners` entry point as `kompendium-warm-kernels` and chosen by a
kernelspec's `metadata.kernel_provisioner` (the runner, `kompendium.notebook`, adds that stanza when
`notebook.warm_kernels` is on). It launches an ordinary (cold) kernel instead when this system has
no fork or pidfd (macOS, Linux < 5.3), when the kernelspec names another interpreter or launcher,
or when the parent cannot be started.

The parent runs no notebook code and makes no thread or ZeroMQ socket before forking, so each kernel
starts clean. It reaps its kernels and reports each one's exit status; it exits when its stdin
closes (the process that started it has gone), and a kernel whose parent has gone exits too
(ipykernel's parent poller).

Run as `python -m kompendium.warm_kernels MODULE...`: the parent's loop.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib
import json
import logging
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner
from traitlets import List, Unicode

log = logging.getLogger(__name__)

PROVISIONER_NAME = "kompendium-warm-kernels"
# A line `cpu_seconds kernel=S` (and `runner=S`, kompendium.notebook) in a notebook job's log: the CPU
# seconds of its kernel process and of its runner thread, read by `kompendium timing report`.
CPU_LINE = "cpu_seconds"

# What every IPython kernel imports before it runs a cell; the configured preload list comes on top.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                  "IPython", "sqlite3")


def _fork_and_pidfd() -> bool:
    """Whether this system can fork and watch a process it did not start (pidfd, Linux 5.3+)."""
    if not (hasattr(os, "fork") and hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal")):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


FORK_AND_PIDFD = _fork_and_pidfd()


# ---- the parent (a process of its own) --------------------------------------------------------


def _parent(preload: list[str]) -> None:
    """Import once, then fork one kernel per request line on stdin and report when each exits."""
    # As ipykernel sets it at start-up, but before matplotlib is imported here.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for module in (*KERNEL_MODULES, *preload):
        try:
            importlib.import_module(module)
        except Exception as e:  # a wrong name in config/config.yaml costs speed, not the build
            print(f"warm kernels: preload {module!r} gagal diimpor ({e}); dilewati", file=sys.stderr)
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything else printed here goes to stderr, not into the replies
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # not ignored: its exit status is wanted
    signal.set_wakeup_fd(wake_w)

    def reply(message: dict) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    reply({"ready": sys.executable})
    pending = b""
    while True:
        readable, _, _ = select.select([0, wake_r], [], [])
        if wake_r in readable:
            os.read(wake_r, 4096)
            while True:
                try:
                    pid, status, usage = os.wait4(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                # The kernel's CPU seconds (user + system), for the build's timing report.
                reply({"exit": pid, "status": os.waitstatus_to_exitcode(status),
                       "cpu": usage.ru_utime + usage.ru_stime})
        if 0 in readable:
            data = os.read(0, 65536)
            if not data:  # the runner has gone: so do we (our kernels follow)
                return
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                pid = os.fork()
                if pid == 0:
                    # The kernel keeps none of the parent's pipes: the runner must see the parent's
                    # replies end when the parent dies, not when its last kernel does.
                    for fd in (wake_r, wake_w, replies.fileno()):
                        os.close(fd)
                    _become_kernel(json.loads(line))  # never returns
                reply({"pid": pid})


def _become_kernel(request: dict) -> None:
    """In the forked child: become an IPython kernel with the given arguments, cwd, env and log."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # its own process group, as jupyter_client gives a launched kernel
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # ipykernel's parent poller: exit when this parent goes.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        out = os.open(request["log"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        sys.stdin = open(os.devnull)  # noqa: SIM115 - the kernel's stdin for its whole life
        sys.argv = ["ipykernel_launcher", *argv]
        sys.path[0] = os.getcwd()  # as `python -m ipykernel_launcher` started in cwd would have it
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()  # into the job's log once redirected, the parent's stderr before
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# ---- the client side (in the process that runs Papermill) ---------------------------------------


class ParentGone(RuntimeError):
    """The warm parent exited before it answered."""


class WarmParent:
    """One parent process per (interpreter, preload list), started on first use, shared by threads,
    started again if it has died."""

    _parents: dict[tuple, WarmParent] = {}
    _parents_lock = threading.Lock()

    @classmethod
    def get(cls, preload: list[str]) -> WarmParent:
        key = (sys.executable, tuple(preload))
        with cls._parents_lock:
            parent = cls._parents.get(key)
            if parent is not None and not parent.alive():
                log.warning("warm kernels: induk (pid %d) berhenti dengan kode %s; memulai induk baru",
                            parent.process.pid, parent.process.poll())
                parent = None
            if parent is None:
                parent = cls._parents[key] = cls(preload)
        return parent

    def __init__(self, preload: list[str]) -> None:
        # One BLAS thread per kernel (the kernels run side by side); no debugpy notice about frozen modules.
        env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1"),
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kompendium.warm_kernels", *preload], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env, start_new_session=True,
        )
        self._request_lock = threading.Lock()
        self._forks: queue.Queue[int | None] = queue.Queue()
        self._exits: dict[int, int] = {}
        self._cpu: dict[int, float] = {}
        self._exited = threading.Condition()
        ready = self.process.stdout.readline()
        if not ready.startswith('{"ready"'):
            self.process.kill()
            raise ParentGone(f"induk warm kernels gagal dimulai (kode {self.process.wait()}); lihat stderr")
        threading.Thread(target=self._read, name="warm-kernel-parent", daemon=True).start()
        atexit.register(self.close)

    def _read(self) -> None:
        """Dispatch the parent's replies: a forked kernel's pid, or a kernel's exit status."""
        for line in self.process.stdout:
            message = json.loads(line)
            if "pid" in message:
                self._forks.put(message["pid"])
            else:
                with self._exited:
                    self._exits[message["exit"]] = message["status"]
                    self._cpu[message["exit"]] = message.get("cpu")
                    self._exited.notify_all()
        self.process.wait()
        self._forks.put(None)
        with self._exited:
            self._exited.notify_all()

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, argv: list[str], cwd: str, env: dict[str, str], log_file: str | None) -> int:
        """Ask the parent for a kernel; returns its process id."""
        request = json.dumps({"argv": argv, "cwd": cwd, "env": env, "log": log_file})
        with self._request_lock:
            try:
                self.process.stdin.write(request + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError) as e:
                raise ParentGone(f"induk warm kernels berhenti (kode {self.process.poll()})") from e
            pid = self._forks.get()
        if pid is None:
            raise ParentGone(f"induk warm kernels berhenti (kode {self.process.poll()})")
        return pid

    def exit_status(self, pid: int, timeout: float = 0) -> tuple[int | None, float | None]:
        """The exit status and CPU seconds of kernel `pid` once the parent has reaped it (waiting up
        to `timeout`); (None, None) if it has not."""
        with self._exited:
            self._exited.wait_for(lambda: pid in self._exits or not self.alive(), timeout)
            return self._exits.pop(pid, None), self._cpu.pop(pid, None)

    def close(self) -> None:
        """Close the parent's stdin: it exits, and its idle kernels with it."""
        if self.alive():
            try:
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


class ForkedKernel:
    """A kernel forked by the warm parent: it is the parent's child, not ours, so it is watched and
    signalled through a pidfd, and its exit status comes from the parent."""

    def __init__(self, pid: int, parent: WarmParent) -> None:
        self.pid = pid
        self.parent = parent
        self.returncode: int | None = None
        self.cpu_seconds: float | None = None  # user + system, once it has exited
        self.pidfd = os.pidfd_open(pid)
        self._lock = threading.Lock()  # poll runs in the event loop and, for wait, in a thread

    def poll(self, timeout: float | None = 0) -> int | None:
        """The kernel's exit status, or None while it runs (waiting up to `timeout` seconds)."""
        if self.returncode is None and self.pidfd >= 0 and select.select([self.pidfd], [], [], timeout)[0]:
            with self._lock:
                if self.returncode is None:
                    # It has exited; its parent reaps it and reports the status within milliseconds.
                    status, self.cpu_seconds = self.parent.exit_status(self.pid, timeout=5)
                    if status is None:
                        log.warning("warm kernels: kernel %d berhenti bersama induknya; kode keluarnya "
                                    "tidak diketahui", self.pid)
                        status = 1
                    self.returncode = status
        return self.returncode

    def close(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signum)


def _same_interpreter(a: str, b: str) -> bool:
    """Same Python: the same file, reached from the same folder (a venv's python is a symlink to the
    system's, but another environment)."""
    found = shutil.which(a)
    if found is None:
        return False
    pa, pb = Path(found).absolute(), Path(b).absolute()
    return pa.parent == pb.parent and pa.resolve() == pb.resolve()


class WarmKernelProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernels are forked from a warm parent where that gives the same kernel.

    Configured by the kernelspec's `metadata.kernel_provisioner.config`: `preload` (modules the
    parent imports) and `log_file` (where the kernel's own stdout and stderr go).
    """

    preload = List(Unicode(), config=True, help="modules the warm parent imports before forking")
    log_file = Unicode(None, allow_none=True, config=True, help="file for the kernel's stdout/stderr")

    forked: ForkedKernel | None = None
    forked_cwd: str | None = None
    exit_status: int | None = None

    def cold_reason(self, cmd: list[str], env: dict[str, str]) -> str | None:
        """Why this kernel must be launched the ordinary way, or None if a fork gives the same kernel."""
        if not FORK_AND_PIDFD:
            return "sistem ini tidak punya fork/pidfd"
        if cmd[1:3] != ["-m", "ipykernel_launcher"]:
            return f"kernelspec tidak menjalankan ipykernel_launcher: {cmd[:3]}"
        if not _same_interpreter(cmd[0], sys.executable):
            return f"kernelspec memakai interpreter {cmd[0]}, bukan {sys.executable}"
        # Variables read only when Python starts (PYTHONPATH, PYTHONHASHSEED, ...) must match the parent's.
        python_vars = {k for k in {*env, *os.environ} if k.startswith("PYTHON")}
        if any(env.get(k) != os.environ.get(k) for k in python_vars):
            return "lingkungan kernel mengubah variabel PYTHON*"
        return None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        reason = self.cold_reason(cmd, env)
        if reason is None:
            cwd = str(Path(kwargs.get("cwd") or os.getcwd()).resolve())
            log_file = str(Path(self.log_file).resolve()) if self.log_file else None
            for _attempt in (1, 2):  # a parent that died mid-build is started again once
                try:
                    parent = WarmParent.get(self.preload)
                    self.forked = ForkedKernel(parent.fork(cmd[3:], cwd, env, log_file), parent)
                    self.forked_cwd = cwd
                    return self.connection_info
                except (ParentGone, OSError) as e:
                    reason = f"induk warm kernels tidak tersedia ({e})"
        (log.warning if FORK_AND_PIDFD else log.debug)("warm kernels: kernel biasa (dingin) dipakai: %s", reason)
        if not self.log_file:
            return await super().launch_kernel(cmd, **kwargs)
        with open(self.log_file, "ab") as out:  # the cold kernel's output goes to the same log
            return await super().launch_kernel(cmd, **{"stdout": out, "stderr": out, **kwargs})

    @property
    def has_process(self) -> bool:
        return self.forked is not None or super().has_process

    async def poll(self) -> int | None:
        if self.forked is None:
            return self.exit_status if self.exit_status is not None else await super().poll()
        return self.forked.poll()

    async def wait(self) -> int | None:
        if self.forked is None:
            return self.exit_status if self.exit_status is not None else await super().wait()
        # In short waits: a thread left behind by a cancelled wait must not block for long.
        while (status := await asyncio.to_thread(self.forked.poll, 0.5)) is None:
            pass
        self.exit_status = status
        self._log_cpu(self.forked.cpu_seconds)
        self.forked.close()
        self.forked = None  # as LocalProvisioner: has_process is False once waited for
        return self.exit_status

    def _log_cpu(self, seconds: float | None) -> None:
        """Add the kernel's CPU seconds to its log (read by `kompendium timing report`)."""
        if self.log_file and seconds is not None:
            with open(self.log_file, "a", encoding="utf-8") as f:
                f.write(f"{CPU_LINE} kernel={seconds:.3f}\n")

    async def send_signal(self, signum: int) -> None:
        if self.forked is None:
            return await super().send_signal(signum)
        self.forked.send_signal(signum)

    async def kill(self, restart: bool = False) -> None:
        if self.forked is None:
            return await super().kill(restart)
        self.forked.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if self.forked is None:
            return await super().terminate(restart)
        self.forked.send_signal(signal.SIGTERM)

    async def shutdown_requested(self, restart: bool = False) -> None:
        """Wait (without polling) for the kernel to exit, so the manager's 0.1 s polling that comes
        next finds it gone at once instead of sleeping."""
        await super().shutdown_requested(restart)
        if self.forked is not None:
            await asyncio.to_thread(self.forked.poll, self.get_shutdown_wait_time() / 2)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        if self.forked is not None and not restart:
            self.forked.close()

    def resolve_path(self, path_str: str) -> str | None:
        if self.forked_cwd is None:
            return super().resolve_path(path_str)
        path = Path(path_str).expanduser()
        path = path if path.is_absolute() else Path(self.forked_cwd, path).resolve()
        return path.as_posix() if path.exists() else None

    async def get_provisioner_info(self) -> dict:
        info = await super().get_provisioner_info()
        if self.forked is not None:
            info["pid"] = self.forked.pid
        return info


if __name__ == "__main__":
    _parent(sys.argv[1:])
