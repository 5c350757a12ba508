"""A real single-node Slurm on this machine, started by hand (no systemd), for tests/test_slurm.py.

Everything lives in one folder: slurm.conf, the munge key and socket, state, spool, logs and pidfiles.
Daemons and clients find the configuration through SLURM_CONF. One exception: inside a job, the
Snakemake plugin's `srun` runs with every SLURM_* variable but the job's ids removed (its jobstep
cleans the environment), so it looks where a node's configuration lives when slurmd fetched it
(`/run/slurm/conf/slurm.conf`, searched after `/etc/slurm/slurm.conf`). A symlink to our slurm.conf is
put there while the cluster runs and removed by `stop()`; a machine with either file is refused.
Needs root (slurmd runs jobs as their user, munged as the munge user) and Debian's packages
`slurmctld slurmd slurm-client munge`.

By hand: `python tests/slurm_cluster.py start DIR` (prints the SLURM_CONF to export), then
`python tests/slurm_cluster.py stop DIR`.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DAEMONS = ("slurmctld", "slurmd", "munged")
SYSTEM_CONF = Path("/etc/slurm/slurm.conf")
NODE_CONF = Path("/run/slurm/conf/slurm.conf")
BINARIES = ("slurmctld", "slurmd", "sinfo", "sbatch", "squeue", "scancel", "srun", "munged")
PARTITION = "kompendium"


def missing_binaries() -> list[str]:
    """The Slurm and munge programs this machine lacks."""
    return [b for b in BINARIES if not shutil.which(b, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory_mb() -> int:
    """Memory for the node: 90% of the machine's (more than it has would drain the node)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024 * 9 // 10
    raise RuntimeError("MemTotal not in /proc/meminfo")


class LocalSlurm:
    """munged, slurmctld and `slurmd -N localhost` with their files in `folder`."""

    def __init__(self, folder: Path, cpus: int = 2):
        self.folder = Path(folder)
        self.cpus = cpus
        self.conf = self.folder / "slurm.conf"
        self.munge = self.folder / "munge"

    @property
    def env(self) -> dict[str, str]:
        """The environment for Slurm clients (sbatch, squeue, Snakemake's plugin)."""
        path = os.environ.get("PATH", "")
        return {**os.environ, "SLURM_CONF": str(self.conf), "PATH": f"{path}:/usr/sbin:/sbin"}

    def pidfile(self, daemon: str) -> Path:
        return (self.munge if daemon == "munged" else self.folder) / f"{daemon}.pid"

    def write_config(self) -> None:
        f = self.folder
        for sub in ("state", "spool"):
            (f / sub).mkdir(parents=True, exist_ok=True)
        self.conf.write_text(
            "\n".join([
                "ClusterName=kompendium",
                "SlurmctldHost=localhost",
                f"SlurmctldPort={_free_port()}",
                f"SlurmdPort={_free_port()}",
                "SlurmUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                f"AuthInfo=socket={self.munge / 'munge.socket'}",
                f"StateSaveLocation={f / 'state'}",
                f"SlurmdSpoolDir={f / 'spool'}",
                f"SlurmctldPidFile={self.pidfile('slurmctld')}",
                f"SlurmdPidFile={self.pidfile('slurmd')}",
                f"SlurmctldLogFile={f / 'slurmctld.log'}",
                f"SlurmdLogFile={f / 'slurmd.log'}",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU_Memory",
                "MpiDefault=none",
                "SwitchType=switch/none",
                # No slurmdbd: no accounting, so `sacct` cannot answer; finished jobs stay visible to
                # `squeue` for MinJobAge seconds, long enough for Snakemake's status checks.
                "AccountingStorageType=accounting_storage/none",
                "JobAcctGatherType=jobacct_gather/none",
                "JobCompType=jobcomp/none",
                "MinJobAge=600",
                "ReturnToService=2",
                "InactiveLimit=0",
                "KillWait=5",
                # Start the next job as soon as one ends (the scheduler also runs on every event).
                "SchedulerParameters=sched_interval=5",
                f"NodeName=localhost CPUs={self.cpus} RealMemory={_memory_mb()} State=UNKNOWN",
                f"PartitionName={PARTITION} Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
                "",
            ]),
            encoding="utf-8",
        )

    def _start_munge(self) -> None:
        """munged as the munge user, with a fresh key and its socket in self.munge."""
        user = pwd.getpwnam("munge")
        self.munge.mkdir(parents=True, exist_ok=True)
        # munged refuses a key or socket folder that others may write or one not its own, and a
        # socket folder that clients (any user) cannot enter.
        os.chmod(self.folder, 0o755)
        os.chmod(self.munge, 0o755)
        key = self.munge / "munge.key"
        if not key.exists():
            key.write_bytes(secrets.token_bytes(1024))
        key.chmod(0o400)
        for p in (self.munge, key):
            os.chown(p, user.pw_uid, user.pw_gid)
        self._daemon(["runuser", "-u", "munge", "--", "munged", f"--key-file={key}",
                      f"--socket={self.munge / 'munge.socket'}", f"--pid-file={self.pidfile('munged')}",
                      f"--log-file={self.munge / 'munged.log'}", f"--seed-file={self.munge / 'munged.seed'}"],
                     self.munge / "munged.log")

    def _daemon(self, command: list[str], log: Path) -> None:
        """Run a daemon's start command (it forks and returns); a failure shows the end of its log."""
        result = subprocess.run(command, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr}\n{tail}")

    def start(self, timeout: float = 60) -> None:
        """Start the three daemons and wait until `sinfo` shows the node idle."""
        for conf in (SYSTEM_CONF, NODE_CONF):
            if conf.exists() or conf.is_symlink():
                raise RuntimeError(f"{conf} exists: this machine has a Slurm configuration of its own; "
                                   "the test cluster would mix with it")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.write_config()
        # Made only by us (checked above), removed by stop() with the folders made for it.
        made = [d for d in (NODE_CONF.parent.parent, NODE_CONF.parent) if not d.exists()]
        NODE_CONF.parent.mkdir(parents=True, exist_ok=True)
        NODE_CONF.symlink_to(self.conf)
        (self.folder / "node_conf_link").write_text("".join(f"{d}\n" for d in made), encoding="utf-8")
        self._start_munge()
        # Both daemonize; the pidfiles (in slurm.conf) are how they are stopped.
        self._daemon(["slurmctld"], self.folder / "slurmctld.log")
        self._daemon(["slurmd", "-N", "localhost"], self.folder / "slurmd.log")
        deadline = time.monotonic() + timeout
        state = ""
        while time.monotonic() < deadline:
            result = subprocess.run(["sinfo", "--noheader", "--format=%t", "--nodes=localhost"],
                                    env=self.env, capture_output=True, text=True)
            state = result.stdout.strip() or result.stderr.strip()
            if state == "idle":
                return
            time.sleep(0.5)
        raise RuntimeError(f"Slurm node not idle after {timeout} s (sinfo: {state!r}); logs in {self.folder}")

    def running(self) -> dict[str, int]:
        """The daemons still running, by the pids in their pidfiles."""
        alive = {}
        for daemon in DAEMONS:
            pid = self._pid(daemon)
            if pid and _alive(pid):
                alive[daemon] = pid
        return alive

    def _pid(self, daemon: str) -> int | None:
        try:
            return int(self.pidfile(daemon).read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def stop(self, timeout: float = 20) -> None:
        """Cancel what is left in the queue, then stop slurmd, slurmctld and munged by their pidfiles."""
        if self.conf.exists() and self.running().get("slurmctld"):
            subprocess.run(["scancel", f"--partition={PARTITION}"], env=self.env, capture_output=True)
        for daemon in DAEMONS:
            pid = self._pid(daemon)
            if not pid or not _alive(pid):
                continue
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        marker = self.folder / "node_conf_link"
        if marker.exists() and NODE_CONF.is_symlink() and NODE_CONF.resolve() == self.conf.resolve():
            NODE_CONF.unlink()
            for folder in reversed(marker.read_text(encoding="utf-8").split()):
                Path(folder).rmdir()
            marker.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes (its parent has not reaped it yet).
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2]).resolve()
    cluster = LocalSlurm(folder)
    if command == "start":
        cluster.start()
        print(f"export SLURM_CONF={cluster.conf}")
    elif command == "stop":
        cluster.stop()
        print("still running:", cluster.running() or "none")
    else:
        sys.exit(f"usage: {sys.argv[0]} start|stop DIR")
