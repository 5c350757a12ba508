# raw -> processed: read and validate each BPS table into one tidy CSV.


rule read_bps_table:
    input:
        files=lambda w: raw_files(w.table),
    output:
        PROCESSED / "{table}.csv",
    params:
        folder=lambda w: RAW / w.table,
        # Reruns the reader when the recorded provenance of its files changes.
        hashes=lambda w: recorded_hashes(w.table),
    wildcard_constraints:
        table="|".join(BPS_TABLES),
    # Every chapter waits for these short jobs: run them before anything that can wait.
    priority: 20
    # Slurm job peak (README): 0.45 GB, 1 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "read_bps_table" / "{table}.log",
    conda:
        ENV
    shell:
        "kompendium data process {params.folder:q} {output:q} 2>&1 | tee {log:q}"
