"""The notebook runner (kompendium.notebook) and its warm kernels (kompendium.warm_kernels).

A reviewer must be able to trust that a notebook run by the workflow saw a fresh kernel: nothing left
over from the previous notebook, its own working directory, the same outputs a cold kernel gives;
and that every way a run can go wrong fails the job with a message naming the notebook and cell,
leaving no output file.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from kompendium import warm_kernels
from kompendium.notebook import NotebookError, RunnerKernelManager, run, run_workflow_job
from kompendium.warm_kernels import PROVISIONER_NAME, WarmKernelProvisioner, WarmParent

needs_fork = pytest.mark.skipif(not warm_kernels.FORK_AND_PIDFD, reason="no fork/pidfd: kernels are cold here")

PROBE = [
    # The parameters cell Papermill overrides.
    ("penanda = 'bawaan'", ["parameters"]),
    # State from an earlier notebook would show up here.
    ("sisa = sorted(k for k in globals() if k.startswith('_dari_notebook_lain'))\n"
     "_dari_notebook_lain = True", []),
    ("import os, pandas as pd\n"
     "print(penanda, os.getcwd(), os.getpid(), sisa, pd.DataFrame({'a': [1, 2]})['a'].sum(), os.getppid())", []),
]


def _notebook(path: Path, cells=PROBE) -> Path:
    nb = new_notebook(cells=[new_code_cell(src, metadata={"tags": tags}) for src, tags in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _printed(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs).split()


@needs_fork
def test_warm_kernel_is_fresh_has_its_cwd_and_matches_a_cold_one(tmp_path):
    sumber = _notebook(tmp_path / "probe.ipynb")
    kerja = tmp_path / "kerja"
    kerja.mkdir()
    cwd_sebelum = os.getcwd()

    hasil = []
    for i in range(2):  # two notebooks from the same warm parent
        out = run_workflow_job(sumber, tmp_path / f"warm{i}.ipynb", {"penanda": f"p{i}"}, kerja,
                               tmp_path / f"warm{i}.log")
        hasil.append(_printed(out))
    dingin = _printed(run(sumber, tmp_path / "dingin.ipynb", {"penanda": "p0"}, kerja))

    assert os.getcwd() == cwd_sebelum, "running a notebook must not move this process"
    (p0, cwd0, pid0, sisa0, total0, ppid0), (p1, cwd1, pid1, sisa1, _, _) = hasil
    assert (p0, p1) == ("p0", "p1")  # parameters injected
    assert cwd0 == cwd1 == str(kerja.resolve())
    assert pid0 != pid1 and int(pid0) != os.getpid(), "each notebook needs a kernel process of its own"
    assert int(ppid0) != os.getpid(), "a warm kernel is the warm parent's child"
    assert int(dingin[-1]) == os.getpid(), "a cold kernel is this process's child"
    assert sisa0 == sisa1 == "[]", "no state from the previous notebook"
    # Same printed output as a cold kernel, apart from the process ids.
    assert hasil[0][:2] + hasil[0][3:5] == dingin[:2] + dingin[3:5]
    assert total0 == "3"
    assert "selesai" in (tmp_path / "warm1.log").read_text(encoding="utf-8")


def test_two_notebooks_at_once_in_threads(tmp_path):
    """As Snakemake runs them with --cores 2: two threads share the warm parent."""
    sumber = _notebook(tmp_path / "probe.ipynb")
    hasil: dict[int, list[str]] = {}

    def satu(i: int) -> None:
        out = run_workflow_job(sumber, tmp_path / f"t{i}.ipynb", {"penanda": f"t{i}"}, tmp_path,
                               tmp_path / f"t{i}.log")
        hasil[i] = _printed(out)

    benang = [threading.Thread(target=satu, args=(i,)) for i in range(4)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert sorted(h[0] for h in hasil.values()) == ["t0", "t1", "t2", "t3"]
    assert len({h[2] for h in hasil.values()}) == 4


def _fails(tmp_path: Path, name: str, cell: str, **kw) -> tuple[NotebookError, Path, Path]:
    """Run a notebook whose third cell is `cell` as a workflow job; it must fail and leave nothing."""
    sumber = _notebook(tmp_path / f"{name}.ipynb", [("x = 1", ["parameters"]), ("y = 2", []), (cell, [])])
    tujuan = tmp_path / "keluar" / f"{name}.ipynb"
    log = tmp_path / f"{name}.log"
    with pytest.raises(NotebookError) as info:
        # With a parameter, so Papermill injects a cell: numbers still count the source notebook's cells.
        run_workflow_job(sumber, tujuan, {"x": 5}, tmp_path, log, {"warm_kernels": True, **kw})
    assert not tujuan.exists()
    assert not tujuan.parent.exists() or list(tujuan.parent.iterdir()) == []  # no half-written temp file
    return info.value, sumber, log


def test_failing_cell_writes_nothing_and_names_notebook_and_cell(tmp_path):
    err, sumber, log = _fails(tmp_path, "gagal", "raise ValueError('data/raw/x.csv baris 3: kolom nilai kosong')")
    assert str(err).startswith(f"{sumber}, sel 3 (`raise ValueError(")
    assert "ValueError: data/raw/x.csv baris 3: kolom nilai kosong" in str(err)
    assert "kolom nilai kosong" in log.read_text(encoding="utf-8")


def test_hanging_cell_fails_after_the_timeout(tmp_path):
    err, sumber, log = _fails(tmp_path, "macet", "import time\ntime.sleep(600)", timeout=2)
    assert re.fullmatch(rf"{re.escape(str(sumber))}, sel 3 \(`import time`\): tidak selesai dalam 2 detik .*", str(err))
    assert "tidak selesai dalam 2 detik" in log.read_text(encoding="utf-8")


def test_kernel_dying_mid_cell_fails_with_a_clear_message(tmp_path):
    err, sumber, log = _fails(tmp_path, "mati", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert str(err).startswith(f"{sumber}, sel 3 (`import os, signal`): kernel mati saat menjalankan sel ini")


@pytest.mark.parametrize("warm", [True, False])
def test_provisioner_reports_the_kernels_real_exit_status(warm, tmp_path):
    """poll/wait give the kernel's own exit status, for warm and cold kernels alike."""
    if warm and not warm_kernels.FORK_AND_PIDFD:
        pytest.skip("no fork/pidfd")

    async def main() -> tuple[object, int | None]:
        config = Config()
        config.RunnerKernelManager.ip = str(tmp_path / "kernel")
        if warm:
            config.RunnerKernelSpecManager.kernel_provisioner = {"provisioner_name": PROVISIONER_NAME,
                                                                 "config": {"preload": []}}
        km = RunnerKernelManager(kernel_name="python3", config=config)
        await km.start_kernel(cwd=str(tmp_path))
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            kc.execute("import os; os._exit(3)")
            status = await asyncio.wait_for(km.provisioner.wait(), 30)
            return km.provisioner, status
        finally:
            kc.stop_channels()
            await km.cleanup_resources()

    provisioner, status = asyncio.run(main())
    assert isinstance(provisioner, WarmKernelProvisioner) == warm
    assert status == 3


@needs_fork
def test_warm_parent_dying_mid_build_is_started_again(tmp_path, caplog):
    sumber = _notebook(tmp_path / "probe.ipynb")
    run(sumber, tmp_path / "a.ipynb", {"penanda": "a"}, tmp_path, warm=True)
    for parent in list(WarmParent._parents.values()):
        parent.process.kill()
        parent.process.wait()
    with caplog.at_level(logging.WARNING, logger="kompendium.warm_kernels"):
        out = run(sumber, tmp_path / "b.ipynb", {"penanda": "b"}, tmp_path, warm=True)
    assert _printed(out)[0] == "b"
    assert int(_printed(out)[-1]) != os.getpid(), "still a warm kernel, from a new parent"
    assert any("memulai induk baru" in r.getMessage() for r in caplog.records)


def test_cold_kernel_when_the_kernelspec_or_system_differs(monkeypatch):
    p = WarmKernelProvisioner(kernel_id="k", kernel_spec=None, parent=None)
    launcher = ["-m", "ipykernel_launcher", "-f", "c.json"]
    env = dict(os.environ)
    if warm_kernels.FORK_AND_PIDFD:
        assert p.cold_reason([sys.executable, *launcher], env) is None
    other = "/usr/bin/python3" if Path(sys.executable).parent != Path("/usr/bin") else "/opt/x/bin/python3"
    assert "interpreter" in p.cold_reason([other, *launcher], env)
    assert "ipykernel_launcher" in p.cold_reason([sys.executable, "-m", "other_kernel", "-f", "c.json"], env)
    assert "PYTHON" in p.cold_reason([sys.executable, *launcher], {**env, "PYTHONHASHSEED": "123"})
    monkeypatch.setattr(warm_kernels, "FORK_AND_PIDFD", False)
    assert "fork/pidfd" in p.cold_reason([sys.executable, *launcher], env)


def test_without_fork_or_pidfd_the_kernel_is_cold_and_the_run_the_same(monkeypatch, tmp_path):
    monkeypatch.setattr(warm_kernels, "FORK_AND_PIDFD", False)
    sumber = _notebook(tmp_path / "probe.ipynb")
    printed = _printed(run(sumber, tmp_path / "o.ipynb", {"penanda": "c"}, tmp_path, warm=True))
    assert printed[0] == "c" and int(printed[-1]) == os.getpid()


GLUE = [
    ("data_dir = '.'", ["parameters"]),
    ("import numpy as np, pandas as pd\n"
     "from kompendium.tempel import Angka\n"
     "rng = np.random.default_rng(7)\n"
     "t = pd.DataFrame({'daerah': ['Perkotaan', 'Perdesaan'] * 50, 'nilai': rng.gamma(2.0, 3.0, 100)})\n"
     "r = t.groupby('daerah')['nilai'].agg(['mean', 'std', 'median'])\n"
     "r.to_csv(f'{data_dir}/ringkas.csv')\n"
     "angka = Angka(f'{data_dir}/angka.json')\n"
     "angka.tempel('rata_kota', r.loc['Perkotaan', 'mean'], 3)\n"
     "angka.tempel('sd_desa', r.loc['Perdesaan', 'std'], 3)\n"
     "angka.tempel_teks('terbesar', r['mean'].idxmax())\n"
     "angka.simpan()\n"
     "r", []),
]


def _outputs(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


def test_warm_and_cold_kernels_give_identical_results(tmp_path):
    sumber = _notebook(tmp_path / "glue.ipynb", GLUE)
    hasil = {}
    for warm in (True, False):
        folder = tmp_path / ("warm" if warm else "cold")
        folder.mkdir()
        out = run(sumber, folder / "glue.ipynb", {"data_dir": str(folder)}, folder, warm=warm)
        hasil[warm] = (_outputs(out), (folder / "ringkas.csv").read_bytes(), (folder / "angka.json").read_bytes())
    assert hasil[True][1:] == hasil[False][1:], "processed file and glued numbers"
    assert hasil[True][0][2] == hasil[False][0][2], "glue and table outputs"
    assert json.loads(hasil[True][2])["terbesar"] in ("Perkotaan", "Perdesaan")


def test_no_private_jupyter_method_is_overridden():
    src = Path(warm_kernels.__file__).parent
    found = [f"{p.name}: {line.strip()}" for p in src.rglob("*.py")
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip().startswith("def _async_")
             or line.strip().startswith("async def _async_")]
    assert found == []


def test_runner_client_is_ready_without_waiting_for_silence():
    # Its own wait_for_ready (public API): ready on the idle status of its kernel_info request,
    # not after 0.2 s of silence on IOPub as jupyter_client's.
    from jupyter_client.asynchronous import AsyncKernelClient

    from kompendium.notebook import RunnerKernelClient

    client = RunnerKernelManager().client()
    assert isinstance(client, RunnerKernelClient)
    assert RunnerKernelClient.wait_for_ready is not AsyncKernelClient.wait_for_ready


@needs_fork
def test_job_log_records_the_kernels_and_runners_cpu_seconds(tmp_path):
    nb = _notebook(tmp_path / "busy.ipynb", [("sum(i * i for i in range(2_000_000))", [])])
    log = tmp_path / "job.log"
    run_workflow_job(nb, tmp_path / "out.ipynb", {}, tmp_path, log, {"warm_kernels": True, "preload": []})
    seconds = dict(re.findall(r"^cpu_seconds (\w+)=([0-9.]+)$", log.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(seconds) == {"kernel", "runner"}
    assert float(seconds["kernel"]) > 0.05  # the loop ran in the kernel, not in the runner
