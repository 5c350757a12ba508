# What a data update changed: the current build against the latest recorded vintage (vintages/).
# Its inputs are functions, evaluated once every rule file is read, so include order does not matter.
from snakemake.io import contains_wildcard

VINTAGES = Path("vintages")


rule compare_vintage:
    input:
        tables=[processed(t) for t in BPS_TABLES],
        # Every other chapter's glued numbers (this page's own would compare it with itself).
        numbers=lambda w: expand(
            rules.run_notebook.output.numbers, chapter=[c for c in sorted(NOTEBOOKS) if c != "perubahan_data"]
        ),
        # Processed CSVs made by other rules (claims audit, conclusions): verdicts are compared.
        verdicts=lambda w: sorted(
            str(f)
            for r in workflow.rules
            if r.name != "compare_vintage"
            for f in r.output
            if not contains_wildcard(f)
            and Path(f).parent == PROCESSED
            and Path(f).suffix == ".csv"
            and Path(f).stem not in BPS_TABLES
        ),
        package=RAW / "datapackage.json",
        vintages=sorted(str(p) for p in VINTAGES.glob("*.json")),
        code=command_code("vintage"),
    output:
        PROCESSED / "perubahan_data.json",
    params:
        vintage=config["data_vintage"],
    # Slurm job peak (README): 0.39 GB, 0.6 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "compare_vintage.log",
    conda:
        ENV
    shell:
        "kompendium vintage compare --name {params.vintage} --output {output:q} > {log} 2>&1"


register_notebook("perubahan_data", inputs=rules.compare_vintage.output, params={})
