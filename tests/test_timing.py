"""`kompendium timing`: where a build's time went, read from Snakemake's records and the job logs.

A tiny synthetic build with a known answer: Snakemake's metadata records (one JSON per output file,
named by the file's urlsafe base64) for five jobs, their logs and the shell jobs' `times` files.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from kompendium import cli, timing
from kompendium.timing import Job, TimingError

T0 = 1_800_000_000.0


def _record(root: Path, output: str, rule: str, start: float, end: float, inputs=(), logs=(), shellcmd=None,
            job_hash=None, version=6) -> None:
    folder = root / ".snakemake" / "metadata"
    folder.mkdir(parents=True, exist_ok=True)
    record = {"rule": rule, "input": list(inputs), "log": list(logs), "shellcmd": shellcmd,
              "record_format_version": version, "job_hash": job_hash or hash((rule, start)),
              "starttime": T0 + start, "endtime": T0 + end, "incomplete": False}
    (folder / base64.urlsafe_b64encode(output.encode()).decode()).write_text(json.dumps(record))


def _build(root: Path, offset: float = 0.0) -> None:
    """raw -> a (1 s) -> b (3 s) -> d (2 s); a -> c (1 s) -> d; e (4 s) on its own, with two outputs.

    Critical path: a, b, d = 6 s (e alone is 4 s; a, c, d 4 s)."""
    o = offset
    _record(root, "data/a.csv", "read", o + 0, o + 1, ["data/raw/a.txt"], ["logs/read.log"],
            shellcmd="kompendium data process data/raw/a data/a.csv > logs/read.log 2>&1")
    _record(root, "data/b.csv", "model", o + 1, o + 4, ["data/a.csv"], ["logs/model.log"],
            shellcmd="kompendium model data/a.csv data/b.csv")
    _record(root, "book/c.ipynb", "run_notebook", o + 1, o + 2, ["data/a.csv", "notebooks/c.ipynb"],
            ["logs/c.log"])
    _record(root, "book/d.html", "build_book", o + 4, o + 6, ["data/b.csv", "book/c.ipynb"], ["logs/d.log"],
            shellcmd="jupyter-book build book")
    for out in ("book/e.ipynb", "book/figures/e"):
        _record(root, out, "run_notebook", o + 0.5, o + 4.5, ["notebooks/e.ipynb"], ["logs/e.log"], job_hash=7)


def test_jobs_are_read_with_their_outputs_and_wall_seconds(tmp_path):
    _build(tmp_path)
    jobs = timing.read_jobs(tmp_path)
    assert [(j.rule, j.outputs, j.wall) for j in jobs] == [
        ("read", ["data/a.csv"], 1.0),
        ("run_notebook", ["book/e.ipynb", "book/figures/e"], 4.0),  # one job, two outputs
        ("model", ["data/b.csv"], 3.0),
        ("run_notebook", ["book/c.ipynb"], 1.0),
        ("build_book", ["book/d.html"], 2.0),
    ]
    assert jobs[1].name == "run_notebook (book/e.ipynb)"


def test_outputs_of_one_job_recorded_a_moment_apart_are_one_job(tmp_path):
    # Snakemake records each output's start when it marks it incomplete: microseconds apart.
    for k in range(3):
        _record(tmp_path, f"out/{k}.json", "prepare", 0.049 + k * 0.001, 5, job_hash=3)
    # The same rule and job hash an hour later: another build's job.
    _record(tmp_path, "out/late.json", "prepare", 3600, 3601, job_hash=3)
    jobs = timing.read_jobs(tmp_path)
    assert [len(j.outputs) for j in jobs] == [3, 1]


def test_critical_path_of_a_small_dag(tmp_path):
    _build(tmp_path)
    chain, seconds = timing.critical_path(timing.read_jobs(tmp_path))
    assert [j.rule for j in chain] == ["read", "model", "build_book"]
    assert seconds == pytest.approx(6.0)


def test_critical_path_follows_the_longer_branch_and_ignores_outside_inputs():
    a = Job("a", 0, 1, outputs=["a"], inputs=["raw"])
    b = Job("b", 1, 2, outputs=["b"], inputs=["a"])
    c = Job("c", 1, 6, outputs=["c"], inputs=["a"])  # the long branch
    d = Job("d", 6, 7, outputs=["d"], inputs=["b", "c", "config.yaml"])
    chain, seconds = timing.critical_path([d, b, a, c])
    assert [j.rule for j in chain] == ["a", "c", "d"] and seconds == pytest.approx(7.0)
    assert timing.critical_path([]) == ([], 0.0)


def test_per_rule_sums_jobs_wall_and_cpu(tmp_path):
    jobs = [Job("n", 0, 2, cpu=0.5), Job("n", 0, 3, cpu=None), Job("m", 0, 1, cpu=2.0)]
    rows = {r.rule: r for r in timing.per_rule(jobs)}
    assert (rows["n"].jobs, rows["n"].wall, rows["n"].longest, rows["n"].cpu, rows["n"].measured) == (2, 5, 3, 0.5, 1)
    assert [r.rule for r in timing.per_rule(jobs)] == ["n", "m"]  # most wall seconds first


def test_last_build_is_separated_by_a_pause_or_a_start_time(tmp_path):
    _build(tmp_path)
    # A later incremental build: one job, an hour after the first build.
    _record(tmp_path, "data/a2.csv", "read", 3600, 3601.5, ["data/raw/a.txt"])
    jobs = timing.read_jobs(tmp_path)
    assert [j.outputs for j in timing.last_build(jobs)] == [["data/a2.csv"]]
    assert len(timing.last_build(jobs, since=T0 + 1)) == 4  # model, c, d and the later job
    assert len(timing.last_build(jobs, since=T0)) == 6


def test_times_and_cpu_lines_are_parsed():
    cpu, command = timing.parse_times("0m0.010s 0m0.005s\n1m2.500s 0m0.485s\nset -euo pipefail;  jupyter-book build\n")
    assert cpu == pytest.approx(63.0) and command == "set -euo pipefail;  jupyter-book build"
    assert timing.parse_cpu_lines("x\ncpu_seconds kernel=0.750\ncpu_seconds runner=0.250\nselesai\n") == 1.0
    assert timing.parse_cpu_lines("no cpu here\n") is None
    with pytest.raises(TimingError, match="times"):
        timing.parse_times("nonsense\n\ncmd")


def test_report_attaches_cpu_and_shows_what_snakemake_itself_took(tmp_path):
    _build(tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "c.log").write_text("cpu_seconds kernel=0.600\ncpu_seconds runner=0.150\n")
    (tmp_path / "logs" / "e.log").write_text("cpu_seconds kernel=2.000\ncpu_seconds runner=0.500\n")
    shell = tmp_path / timing.TIMING / "shell"
    shell.mkdir(parents=True)
    (shell / "11.txt").write_text("0m0.000s 0m0.000s\n0m0.800s 0m0.200s\nset -euo pipefail;  "
                                  "kompendium data process data/raw/a data/a.csv > logs/read.log 2>&1\n")
    (shell / "12.txt").write_text("0m0.000s 0m0.000s\n0m2.000s 0m1.000s\nset -euo pipefail;  jupyter-book build book\n")
    (tmp_path / timing.TIMING / "build.json").write_text(json.dumps(
        {"args": ["--cores", "2"], "start": T0 - 2, "end": T0 + 7, "wall": 9.0, "cpu": 12.0, "load": 1.0}))

    text = timing.report(tmp_path)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line[:1].isalpha()}
    assert rows["run_notebook"] == ["2", "5.0", "4.0", "3.2"]  # 0.75 + 2.5 CPU s
    assert rows["read"] == ["1", "1.0", "1.0", "1.0"]
    assert rows["build_book"] == ["1", "2.0", "2.0", "3.0"]
    assert rows["model"] == ["1", "3.0", "3.0", "-"]  # its command left no times file
    assert "9.0 s wall, 12.0 s CPU" in text
    assert text.splitlines()[-3:] == ["     1.0 s  read (data/a.csv)", "     3.0 s  model (data/b.csv)",
                                      "     2.0 s  build_book (book/d.html)"]
    assert "Critical path: 3 jobs, 6.0 s" in text
    assert "Snakemake itself, jobs with -" in text and text.split("jobs with -")[1].split()[0] == "4.8"


def test_unknown_record_format_is_a_clear_error(tmp_path):
    _record(tmp_path, "x.csv", "r", 0, 1, version=99)
    with pytest.raises(TimingError, match="format catatan Snakemake 99"):
        timing.read_jobs(tmp_path)
    with pytest.raises(TimingError, match="tidak ada catatan"):
        timing.read_jobs(tmp_path / "elsewhere")


def test_cli_prints_the_report(tmp_path, capsys):
    _build(tmp_path)
    assert cli.main(["timing", "report", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "5 jobs" in out and "Critical path: 3 jobs, 6.0 s" in out


def test_bash_env_script_records_a_shell_commands_cpu(tmp_path):
    # What Snakemake does for a shell job: bash -c COMMAND, with BASH_ENV set by `timing build`.
    import os
    import subprocess

    script = tmp_path / "env.sh"
    script.write_text(timing.BASH_ENV_SCRIPT)
    env = {**os.environ, "BASH_ENV": str(script), timing.SHELL_CPU_ENV: str(tmp_path)}
    command = "set -euo pipefail; python3 -c 'sum(i for i in range(3_000_000))'"
    subprocess.run(["bash", "-c", command], env=env, check=True)
    [(cpu, recorded)] = timing.read_shell_cpu(tmp_path)
    assert recorded == command and cpu > 0.01
