# Appendix *Sumber data*: every raw file, its source tier (data/raw/datapackage.json) and the pages
# that use it. Which page uses which raw file is derived from the workflow itself: each page's
# notebook is traced back through the rules that make its inputs, down to files in data/raw. The map
# also gives the raw files behind each processed table (for a note where a claim rests on them).
SUMBER_PETA = PROCESSED / "sumber_data.json"


rule map_raw_sources:
    input:
        package=RAW / "datapackage.json",
    output:
        SUMBER_PETA,
    params:
        # Evaluated once every rule file is read; a change of the map reruns this rule.
        pages=lambda w: raw_files_by_page(),
    priority: 20
    # Slurm job peak (README): 0.32 GB, 1.6 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "map_raw_sources.log",
    run:
        write_source_map(output[0], log[0], params.pages)


register_notebook("sumber_data", inputs=[SUMBER_PETA, RAW / "datapackage.json"], params={})
