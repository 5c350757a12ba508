"""Measure what each rule's jobs need on a cluster: peak memory of the whole process tree and wall time.

Run in a built project (`bash build.sh` first): each chosen job is rerun alone, as a Slurm job runs it
(`snakemake --cores N --force TARGET`: one Snakemake process that parses the workflow and runs the job),
while its process tree's resident memory is summed every 50 ms. The `resources:` of the rules
(mem_mb, runtime, cpus_per_task; README, "Running on a cluster") were set from these figures.

    .venv/bin/python tools/measure_resources.py [--per-rule 3]

It rewrites the outputs it reruns (with the same content); it prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def jobs_by_rule() -> dict[str, list[str]]:
    """One output file of every job of a full build, by rule (from a dry run of --forceall)."""
    out = subprocess.run([str(BIN / "snakemake"), "-n", "--forceall", "--cores", "1"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    found: dict[str, list[str]] = defaultdict(list)
    rule = None
    for line in out.splitlines():
        if m := re.match(r"^(?:local)?rule (\w+):", line):
            rule = m.group(1)
        elif rule and (m := re.match(r"^\s+output: ([^,\s]+)", line)):
            found[rule].append(m.group(1))
            rule = None
    return found


def measure(target: str, cores: int) -> tuple[float, float]:
    """Peak summed RSS (MB) of the process tree and wall seconds of `snakemake --force target`."""
    start = time.monotonic()
    proc = psutil.Popen([str(BIN / "snakemake"), "--cores", str(cores), "--force", target, "--quiet", "all"],
                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        total = 0
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
                total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.05)
    if proc.returncode != 0:
        raise SystemExit(f"snakemake --force {target} failed ({proc.returncode})")
    return peak / 2**20, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-rule", type=int, default=3, help="jobs measured per rule (default 3)")
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args()
    print(f"{'rule':32} {'jobs':>4} {'peak MB':>8} {'wall s':>7}")
    for rule, targets in sorted(jobs_by_rule().items()):
        if rule in {"all", "paper_pdf"}:
            continue
        figures = [measure(t, args.cores) for t in targets[: args.per_rule]]
        print(f"{rule:32} {len(figures):4d} {max(f[0] for f in figures):8.0f} {max(f[1] for f in figures):7.1f}",
              flush=True)


if __name__ == "__main__":
    main()
