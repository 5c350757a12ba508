# The article's numbers, checked: Jakarta's population figures, the claims audit, and the audit
# and conclusions chapters. The registry src/kompendium/data/klaim.yaml is the project's own list of
# the article's claims (ids, sections, our summary of each); the audit checks every entry.
# Every processed table some claim is checked against (claims_audit.csv itself excluded).
# Read as plain YAML: importing kompendium.klaim here would load pandas, seaborn and scipy at
# every Snakemake start, which a rebuild with nothing to do cannot afford.
TABEL_KLAIM = sorted(
    {nama for entri in yaml.safe_load(REGISTRI.read_text(encoding="utf-8")) for nama in entri["data"]}
)
TEMUAN_KLAIM = PROCESSED / "temuan_klaim"


rule process_jakarta_population:
    input:
        RAW / "transkripsi" / "dki_jakarta_penduduk_kepadatan.csv",
    output:
        PROCESSED / "penduduk_dki_jakarta.csv",
    # Slurm job peak (README): 0.41 GB, 1.2 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "process_jakarta_population.log",
    conda:
        ENV
    shell:
        "kompendium klaim jakarta {input:q} {output:q} > {log} 2>&1"


rule audit_claims:
    input:
        data=[processed(nama) for nama in TABEL_KLAIM],
        registry=REGISTRI,
        code=command_code("klaim"),
    output:
        audit=PROCESSED / "claims_audit.csv",
        findings=directory(TEMUAN_KLAIM),
    params:
        data_dir=PROCESSED,
    # Slurm job peak (README): 0.50 GB, 0.9 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "audit_claims.log",
    conda:
        ENV
    shell:
        # Fails (and writes no claims_audit.csv) when a registry id has no row.
        "kompendium klaim audit {params.data_dir:q} {output.audit:q} --findings {output.findings:q} "
        "> {log} 2>&1"


register_notebook(
    "audit",
    inputs=[PROCESSED / "claims_audit.csv", TEMUAN_KLAIM, REGISTRI],
    params={},
)
register_notebook(
    "kesimpulan",
    inputs=[
        processed("bps_1276_penduduk_perkotaan"),
        processed("p0_daerah"),
        processed("jumlah_miskin_daerah"),
        processed("hampir_miskin"),
        REGISTRI,
    ],
    params={},
)
