# processed -> executed notebooks: Papermill runs each chapter with parameters from config.
# Snakemake is the only thing that executes notebooks; the book only renders them.
#
# Notebook jobs are `run:` blocks, executed in Snakemake's own threads (force-use-threads in
# workflow/profiles/default): Papermill is imported once, and each notebook's kernel is forked from
# a warm parent (kompendium.warm_kernels) instead of starting Python and pandas from scratch.
# Each notebook still gets a fresh kernel process of its own. `notebook:` in config/config.yaml
# (warm kernels, preload, timeout) is read here, not passed as params: it changes how notebooks
# run, not what they produce, so changing it reruns nothing.
#
# Chapters come from the registry (register_notebook in common.smk), read only by input functions:
# rule files may register their chapters before or after this file is included.

register_notebook(
    "urbanisasi",
    inputs=[processed("bps_1276_penduduk_perkotaan")],
    params={
        "provinsi_sorot": config["urbanisasi"]["provinsi_sorot"],
        "tahun_artikel": config["urbanisasi"]["tahun_artikel"],
    },
)


rule run_notebook:
    input:
        notebook="notebooks/{chapter}.ipynb",
        data=lambda w: notebook_inputs(w.chapter),
        code=lambda w: notebook_code(f"notebooks/{w.chapter}.ipynb"),
    output:
        notebook=GENERATED / "{chapter}.ipynb",
        figures=directory(GENERATED / "figures" / "{chapter}"),
        numbers=PROCESSED / "angka" / "{chapter}.json",
    params:
        cwd=GENERATED,
        parameter=lambda w: notebook_params(w.chapter),
    # One chapter per notebook at the top of notebooks/; pages in subfolders have their own rules.
    wildcard_constraints:
        chapter="[^/]+",
    # Slurm job peak (README): 0.70 GB, 2.2 min.
    resources:
        mem_mb=1500,
        runtime=10,
        cpus_per_task=1,
    log:
        LOGS / "run_notebook" / "{chapter}.log",
    run:
        from kompendium.notebook import run_workflow_job

        run_workflow_job(input.notebook, output.notebook, params.parameter, params.cwd, log[0],
                         config["notebook"])
