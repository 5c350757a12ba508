# The article's numbers, checked: Jakarta's population figures, the claims audit, and the audit
# and conclusions chapters. The registry is src/kompendium/data/klaim.yaml.
# CLAIMS.md lives beside the project (../shared); a fresh clone without it checks the registry only.
CLAIMS_MD = Path("../shared/article/CLAIMS.md")
REGISTRI = Path("src/kompendium/data/klaim.yaml")
# Every processed table some claim is checked against (claims_audit.csv itself excluded).
# Read as plain YAML: importing kompendium.klaim here would load pandas, seaborn and scipy at
# every Snakemake start, which a rebuild with nothing to do cannot afford.
TABEL_KLAIM = sorted(
    {nama for entri in yaml.safe_load(REGISTRI.read_text(encoding="utf-8")) for nama in entri["data"]}
)


rule process_jakarta_population:
    input:
        RAW / "transkripsi" / "dki_jakarta_penduduk_kepadatan.csv",
    output:
        PROCESSED / "penduduk_dki_jakarta.csv",
    log:
        LOGS / "process_jakarta_population.log",
    conda:
        ENV
    shell:
        "kompendium klaim jakarta {input:q} {output:q} > {log} 2>&1 || (cat {log} >&2; exit 1)"


rule audit_claims:
    input:
        data=[processed(nama) for nama in TABEL_KLAIM],
        registry=REGISTRI,
        code=command_code("klaim"),
    output:
        PROCESSED / "claims_audit.csv",
    params:
        claims_md=f"--claims-md {CLAIMS_MD}" if CLAIMS_MD.is_file() else "",
        data_dir=PROCESSED,
    log:
        LOGS / "audit_claims.log",
    conda:
        ENV
    shell:
        # Fails (and writes nothing) when a registry id has no row or a CLAIMS.md id no entry.
        "kompendium klaim audit {params.data_dir:q} {output:q} {params.claims_md} > {log} 2>&1 "
        "|| (cat {log} >&2; exit 1)"


register_notebook(
    "audit",
    inputs=[PROCESSED / "claims_audit.csv", *[processed(nama) for nama in TABEL_KLAIM]],
    params={},
)
register_notebook(
    "kesimpulan",
    inputs=[
        processed("bps_1276_penduduk_perkotaan"),
        processed("p0_daerah"),
        processed("jumlah_miskin_daerah"),
        processed("hampir_miskin"),
    ],
    params={},
)
