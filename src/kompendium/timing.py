"""Where a build's time went: jobs, wall and CPU seconds per rule, and the critical path.

Read from what a build leaves in the project, so measuring costs the build nothing:

- Snakemake's metadata records (``.snakemake/metadata/``, Snakemake's default file backend: one JSON
  per output file with its rule, the job's start and end time, its input and log files). They give
  each job's wall seconds and the job graph. Each output keeps the record of the job that last made
  it, so the report covers the last build (jobs closer than `GAP` seconds apart), or those since a time.
- CPU seconds of notebook jobs: the ``cpu_seconds kernel=S`` and ``runner=S`` lines in their logs
  (the kernel process, reported by the warm-kernel parent; the runner's thread inside Snakemake).
- CPU seconds of shell jobs, when the build ran through `kompendium timing build`: bash reads the
  file named by ``BASH_ENV`` before it runs a job's command, and that file makes it write its
  ``times`` (its own CPU and its children's) and the command into ``logs/timing/shell/``.
  `kompendium timing build` also records the whole command's wall and CPU seconds
  (``logs/timing/build.json``), so what no job accounts for (Snakemake itself: parsing the workflow,
  checksums, scheduling) is shown on a row of its own.
"""

from __future__ import annotations

import base64
import graphlib
import json
import os
import re
import resource
import shutil
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kompendium.errors import KompendiumError
from kompendium.warm_kernels import CPU_LINE

METADATA = Path(".snakemake") / "metadata"
TIMING = Path("logs") / "timing"
SHELL_CPU_ENV = "KOMPENDIUM_SHELL_CPU_DIR"
# Jobs of one build follow each other closely; a pause this long (s) with no job running separates builds.
GAP = 30.0
# Snakemake's metadata record formats this reader knows (persistence, record_format_version).
RECORD_FORMATS = {6}
# Sourced by bash (BASH_ENV) before a job's command: at exit, its CPU times and the command.
BASH_ENV_SCRIPT = f"""\
# Written by `kompendium timing build`: the CPU seconds of each shell job, for `kompendium timing report`.
if [ -n "${{{SHELL_CPU_ENV}:-}}" ] && [ -n "${{BASH_EXECUTION_STRING:-}}" ]; then
  trap '{{ times; printf "%s\\n" "$BASH_EXECUTION_STRING"; }} > "${{{SHELL_CPU_ENV}}}/$$.txt"' EXIT
fi
"""


class TimingError(KompendiumError):
    """The build's records cannot be read."""


@dataclass
class Job:
    """One job of a build, as Snakemake recorded it."""

    rule: str
    start: float
    end: float
    outputs: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    shellcmd: str | None = None
    cpu: float | None = None  # seconds, when measured

    @property
    def wall(self) -> float:
        return max(0.0, self.end - self.start)

    @property
    def name(self) -> str:
        """The rule and its first output, e.g. `run_province_notebook (book/_generated/provinsi/aceh.ipynb)`."""
        files = [o for o in self.outputs if Path(o).suffix] or self.outputs  # a file rather than a folder
        return f"{self.rule} ({files[0]})" if files else self.rule


# ---- reading ------------------------------------------------------------------------------------


def _output_path(record_file: Path, folder: Path) -> str:
    """The output file a metadata record describes: its name, urlsafe base64 (split in folders of
    names prefixed with @ when longer than a file name may be)."""
    parts = record_file.relative_to(folder).parts
    return base64.urlsafe_b64decode("".join(p.removeprefix("@") for p in parts)).decode()


def read_jobs(root: str | Path = ".") -> list[Job]:
    """Every job recorded in `root`'s Snakemake metadata (the last job that made each output)."""
    folder = Path(root) / METADATA
    if not folder.is_dir():
        raise TimingError(f"{folder}: tidak ada catatan Snakemake (belum pernah dibangun di sini?)")
    records: dict[tuple, list[tuple[str, dict]]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise TimingError(f"{path}: catatan Snakemake tidak terbaca ({e})") from e
        if record.get("record_format_version") not in RECORD_FORMATS:
            raise TimingError(f"{path}: format catatan Snakemake {record.get('record_format_version')!r} "
                              f"tidak dikenal (dikenal: {sorted(RECORD_FORMATS)})")
        if record.get("incomplete") or record.get("starttime") is None or record.get("endtime") is None:
            continue
        records.setdefault((record["rule"], record.get("job_hash")), []).append((_output_path(path, folder), record))
    jobs: list[Job] = []
    for (rule, _), made in records.items():
        # One job's outputs share its rule and hash and were made together; the same rule and hash in
        # an earlier build (its outputs not remade since) is another job.
        job = None
        for output, record in sorted(made, key=lambda m: m[1]["starttime"]):
            if job is None or record["starttime"] > job.end + 1.0:
                job = Job(rule, record["starttime"], record["endtime"], inputs=list(record.get("input") or []),
                          logs=list(record.get("log") or []), shellcmd=record.get("shellcmd") or None)
                jobs.append(job)
            job.end = max(job.end, record["endtime"])
            job.outputs.append(output)
    for job in jobs:
        job.outputs.sort()
    return sorted(jobs, key=lambda j: (j.start, j.rule, j.outputs))


def last_build(jobs: Sequence[Job], since: float | None = None, gap: float = GAP) -> list[Job]:
    """The jobs of the last build: those started at or after `since`, or else the last run of jobs
    with no pause longer than `gap` seconds between them."""
    if since is not None:
        return [j for j in jobs if j.start >= since]
    ordered = sorted(jobs, key=lambda j: j.start)
    first, busy_until = 0, -float("inf")
    for i, job in enumerate(ordered):
        if job.start - busy_until > gap:
            first = i
        busy_until = max(busy_until, job.end)
    return ordered[first:]


def parse_cpu_lines(text: str) -> float | None:
    """The sum of a log's `cpu_seconds NAME=S ...` values, None if it has none."""
    values = [float(v) for line in text.splitlines() if line.startswith(CPU_LINE + " ")
              for v in re.findall(r"\b\w+=([0-9.]+)", line)]
    return sum(values) if values else None


def _seconds(word: str) -> float:
    m = re.fullmatch(r"(\d+)m([0-9.]+)s", word)
    if not m:
        raise ValueError(f"bukan waktu `times`: {word!r}")
    return int(m.group(1)) * 60 + float(m.group(2))


def parse_times(text: str) -> tuple[float, str]:
    """(CPU seconds, command) from a file the BASH_ENV script wrote: bash's `times` (its own user and
    system time, then its children's) followed by the command it ran."""
    lines = text.split("\n")
    try:
        cpu = sum(_seconds(w) for line in lines[:2] for w in line.split())
    except ValueError as e:
        raise TimingError(f"keluaran `times` tidak terbaca: {e}") from e
    return cpu, "\n".join(lines[2:]).strip()


def read_shell_cpu(folder: str | Path) -> list[tuple[float, str]]:
    """(CPU seconds, command) of every shell job recorded in `folder` (logs/timing/shell)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [parse_times(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def attach_cpu(jobs: Iterable[Job], root: str | Path = ".", shell: Sequence[tuple[float, str]] = ()) -> None:
    """Set each job's CPU seconds: a shell job's from `shell` (its command ends the recorded one:
    Snakemake puts `set -euo pipefail;` before it), a notebook job's from its log."""
    commands = [(cpu, _squeeze(cmd)) for cpu, cmd in shell]
    for job in jobs:
        if job.shellcmd:
            own = _squeeze(job.shellcmd)
            found = [cpu for cpu, cmd in commands if own and cmd.endswith(own)]
            job.cpu = found[-1] if found else None
            continue
        values = []
        for log in job.logs:
            path = Path(root) / log
            if path.is_file():
                values.append(parse_cpu_lines(path.read_text(encoding="utf-8", errors="replace")))
        known = [v for v in values if v is not None]
        job.cpu = sum(known) if known else None


# ---- analysing ----------------------------------------------------------------------------------


def critical_path(jobs: Sequence[Job]) -> tuple[list[Job], float]:
    """The chain of jobs, each reading an output of the one before, with the most wall seconds in
    total: no number of cores makes the build shorter than that. Returns (jobs in order, seconds)."""
    producer = {out: i for i, job in enumerate(jobs) for out in job.outputs}
    needs = {i: {producer[f] for f in job.inputs if f in producer and producer[f] != i}
             for i, job in enumerate(jobs)}
    best: dict[int, tuple[float, int | None]] = {}
    try:
        order = list(graphlib.TopologicalSorter(needs).static_order())
    except graphlib.CycleError as e:
        raise TimingError(f"catatan Snakemake membentuk siklus: {e.args[1]}") from e
    for i in order:
        before = max(needs[i], key=lambda k: best[k][0], default=None)
        best[i] = (jobs[i].wall + (best[before][0] if before is not None else 0.0), before)
    if not best:
        return [], 0.0
    last = max(best, key=lambda k: best[k][0])
    total, chain = best[last][0], []
    at: int | None = last
    while at is not None:
        chain.append(jobs[at])
        at = best[at][1]
    return chain[::-1], total


@dataclass
class RuleTimes:
    rule: str
    jobs: int
    wall: float
    longest: float
    cpu: float | None  # sum over the jobs measured
    measured: int  # jobs with CPU seconds


def per_rule(jobs: Iterable[Job]) -> list[RuleTimes]:
    """Jobs, summed and longest wall seconds, and CPU seconds per rule, most wall seconds first."""
    rows: dict[str, RuleTimes] = {}
    for job in jobs:
        row = rows.setdefault(job.rule, RuleTimes(job.rule, 0, 0.0, 0.0, None, 0))
        row.jobs += 1
        row.wall += job.wall
        row.longest = max(row.longest, job.wall)
        if job.cpu is not None:
            row.cpu = (row.cpu or 0.0) + job.cpu
            row.measured += 1
    return sorted(rows.values(), key=lambda r: (-r.wall, r.rule))


# ---- the report ---------------------------------------------------------------------------------


def read_build_record(root: str | Path = ".") -> dict | None:
    """What `kompendium timing build` recorded about its last run (wall, CPU, start), or None."""
    path = Path(root) / TIMING / "build.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def report(root: str | Path = ".", since: float | None = None) -> str:
    """The report of the last build in `root` (or of the jobs started at or after `since`)."""
    root = Path(root)
    build = read_build_record(root)
    jobs = read_jobs(root)
    if since is None and build is not None and not any(j.start > build["end"] for j in jobs):
        since = build["start"]  # the last build ran through `kompendium timing build`: its totals apply
    else:
        build = None
    jobs = last_build(jobs, since)
    if not jobs:
        return "Tidak ada job yang tercatat untuk build terakhir (tidak ada yang perlu dikerjakan?)."
    attach_cpu(jobs, root, read_shell_cpu(root / TIMING / "shell") if build else ())
    return render(jobs, build)


def render(jobs: Sequence[Job], build: dict | None = None) -> str:
    """The report's text: per rule, the totals, and the critical path."""
    rows = per_rule(jobs)
    span = max(j.end for j in jobs) - min(j.start for j in jobs)
    lines = [f"{len(jobs)} jobs, {span:.1f} s from the first job's start to the last job's end."]
    if build:
        lines.append(f"The whole command (`snakemake {' '.join(build.get('args', []))}`): "
                     f"{build['wall']:.1f} s wall, {build['cpu']:.1f} s CPU, load average at its end "
                     f"{build.get('load', float('nan')):.2f} on {os.cpu_count()} CPUs.")
    lines += ["", f"{'rule':<32} {'jobs':>5} {'wall s':>8} {'longest':>8} {'CPU s':>8}"]
    for r in rows:
        cpu = "-" if r.cpu is None else f"{r.cpu:.1f}" + ("" if r.measured == r.jobs else f" ({r.measured} jobs)")
        lines.append(f"{r.rule:<32} {r.jobs:>5} {r.wall:>8.1f} {r.longest:>8.1f} {cpu:>8}")
    if build:
        measured = sum(r.cpu or 0.0 for r in rows)
        lines.append(f"{'Snakemake itself, jobs with -':<32} {'':>5} {'':>8} {'':>8} {build['cpu'] - measured:>8.1f}")
    lines.append("(CPU s: a notebook job's kernel and runner; a shell job's command, only in a build run by "
                 "`kompendium timing build`; other `run:` jobs count with Snakemake itself.)")
    chain, total = critical_path(jobs)
    lines += ["", f"Critical path: {len(chain)} jobs, {total:.1f} s (each reads an output of the one before; "
                  "no number of cores makes the build shorter):"]
    lines += [f"  {j.wall:>6.1f} s  {j.name}" for j in chain]
    return "\n".join(lines)


def timed_build(snakemake_args: Sequence[str], root: str | Path = ".", snakemake: str = "snakemake",
                env: dict[str, str] | None = None) -> int:
    """Run Snakemake with the shell jobs' CPU recorded, record the whole command's wall and CPU
    seconds in logs/timing/build.json, and return Snakemake's exit code."""
    from kompendium.atomic import write_json, write_text

    root = Path(root)
    folder = root / TIMING
    shutil.rmtree(folder / "shell", ignore_errors=True)
    (folder / "shell").mkdir(parents=True)
    script = folder / "bash_env.sh"
    write_text(script, BASH_ENV_SCRIPT)
    env = {**(os.environ if env is None else env),
           "BASH_ENV": str(script.resolve()), SHELL_CPU_ENV: str((folder / "shell").resolve())}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    code = subprocess.call([snakemake, *snakemake_args], cwd=root, env=env)
    end = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    write_json(folder / "build.json", {"args": list(snakemake_args), "start": start, "end": end,
                                       "wall": end - start, "cpu": cpu, "load": os.getloadavg()[0],
                                       "returncode": code})
    return code


def main_build(snakemake_args: Sequence[str], root: str | Path = ".") -> int:
    """`kompendium timing build [SNAKEMAKE ARGS]`: a timed build, then its report."""
    from kompendium.build import release_stale_lock

    release_stale_lock(root)
    code = timed_build(snakemake_args, root)
    if code == 0:
        print(report(root))
    return code
