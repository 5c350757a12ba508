# Urban poverty chapter: published poverty aggregates -> near-poor estimates per area and semester
# (distribution fits, validated against published figures) -> notebooks/kemiskinan.ipynb; the same fits
# -> BPS's five economic classes per area and semester -> notebooks/kelas_ekonomi.ipynb.
# With a licensed Susenas household file named in config, the same shares come from the microdata.

KM = config["kemiskinan"]
# batas_hampir_miskin is always estimated, whatever the list says, so the chapter can be rebuilt at it.
KM_BATAS = sorted({float(b) for b in KM["batas"]} | {float(KM["batas_hampir_miskin"])})
KM_OPSI_MIKRO = {"pengeluaran": "--expenditure", "bobot": "--weight", "garis": "--poverty-line",
                 "daerah": "--daerah", "art": "--household-size"}
KM_MIKRO = KM.get("susenas_mikro")
# One Snakemake job per area, so the fits run in parallel.
KM_DAERAH = {"perkotaan": "Perkotaan", "perdesaan": "Perdesaan", "total": "Perkotaan+Perdesaan"}
# Secondary sources (not BPS downloads) the estimation reads; validated against their Table Schema.
KM_TRANSKRIPSI = [
    "bagian_40_persen_terbawah_semester_2015_2025",
    "bps946_distribusi_pengeluaran_gini_tahunan_2010_2024",
    "rentan_miskin_terbitan",
]
KM_RINGKAS_MIKRO = PROCESSED / "susenas_mikro_ringkas.csv"
# The estimation code and what it imports: a change to it reruns the fits (other modules do not).
KM_KODE = command_code("hampir_miskin")
KE_KODE = command_code("hampir_miskin", "kelas_ekonomi")


rule validate_transcription:
    input:
        csv=RAW / "transkripsi" / "{nama}.csv",
    output:
        PROCESSED / "{nama}.csv",
    params:
        package=RAW / "datapackage.json",
        # Its own entry only: recording another raw file must not rerun this.
        resource=lambda w: recorded_resource(f"transkripsi/{w.nama}.csv"),
    wildcard_constraints:
        nama="|".join(KM_TRANSKRIPSI),
    priority: 20  # as read_bps_table: short, and the poverty chain waits for it
    # Slurm job peak (README): 0.45 GB, 1 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "validate_transcription" / "{nama}.log",
    conda:
        ENV
    shell:
        "kompendium kemiskinan transcription {input.csv:q} {output:q} --datapackage {params.package:q} "
        "> {log} 2>&1"


rule collect_poverty_aggregates:
    input:
        p0=processed("p0_daerah"),
        p1=processed("p1_daerah"),
        p2=processed("p2_daerah"),
        gini=processed("gini_daerah"),
        b40=PROCESSED / "bagian_40_persen_terbawah_semester_2015_2025.csv",
        t946=PROCESSED / "bps946_distribusi_pengeluaran_gini_tahunan_2010_2024.csv",
    output:
        PROCESSED / "kemiskinan_agregat.csv",
    params:
        tahun_awal=KM["tahun_awal"],
    # Start of the longest chain of the build (aggregates -> model fits -> poverty chapter).
    priority: 15
    # Slurm job peak (README): 0.45 GB, 1.4 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "collect_poverty_aggregates.log",
    conda:
        ENV
    shell:
        "kompendium kemiskinan aggregate --p0 {input.p0:q} --p1 {input.p1:q} --p2 {input.p2:q} "
        "--gini {input.gini:q} --b40-semester {input.b40:q} --table946 {input.t946:q} "
        "--first-year {params.tahun_awal} --output {output:q} > {log} 2>&1"


rule estimate_near_poor:
    input:
        agregat=PROCESSED / "kemiskinan_agregat.csv",
        code=KM_KODE,
    output:
        persen=PROCESSED / "hampir_miskin_daerah" / "{daerah}.csv",
        diagnostik=PROCESSED / "hampir_miskin_daerah" / "{daerah}_diagnostik.csv",
    params:
        daerah=lambda w: KM_DAERAH[w.daerah],
        batas=" ".join(str(b) for b in KM_BATAS),
    wildcard_constraints:
        daerah="|".join(KM_DAERAH),
    priority: 15
    # Slurm job peak (README): 0.45 GB, 1.6 min.
    resources:
        mem_mb=1000,
        runtime=30,
        cpus_per_task=1,
    log:
        LOGS / "estimate_near_poor" / "{daerah}.log",
    conda:
        ENV
    shell:
        "kompendium kemiskinan estimate {input.agregat:q} --daerah {params.daerah:q} --thresholds {params.batas} "
        "--output {output.persen:q} --diagnostics {output.diagnostik:q} > {log} 2>&1"


if KM_MIKRO:

    rule summarise_susenas:
        input:
            mikro=KM_MIKRO["path"],
            code=KM_KODE,
        output:
            KM_RINGKAS_MIKRO,
        params:
            tahun=KM_MIKRO["tahun"],
            periode=KM_MIKRO["periode"],
            # config keys (Indonesian, as in the schema) -> command options
            kolom=" ".join(
                f"{KM_OPSI_MIKRO[peran]} {nama}" for peran, nama in KM_MIKRO["kolom"].items() if nama
            ),
            batas=" ".join(str(b) for b in KM_BATAS),
        log:
            LOGS / "summarise_susenas.log",
        conda:
            ENV
        shell:
            "kompendium kemiskinan summarise-susenas {input.mikro:q} {output:q} --tahun {params.tahun} "
            "--periode {params.periode} {params.kolom} --thresholds {params.batas} > {log} 2>&1"


rule combine_near_poor:
    input:
        persen=expand(PROCESSED / "hampir_miskin_daerah" / "{daerah}.csv", daerah=KM_DAERAH),
        diagnostik=expand(PROCESSED / "hampir_miskin_daerah" / "{daerah}_diagnostik.csv", daerah=KM_DAERAH),
        terbitan=PROCESSED / "rentan_miskin_terbitan.csv",
        code=KM_KODE,
        mikro=[KM_RINGKAS_MIKRO] if KM_MIKRO else [],
    output:
        hasil=PROCESSED / "hampir_miskin.csv",
        validasi=PROCESSED / "hampir_miskin_validasi.csv",
        peringkat=PROCESSED / "hampir_miskin_peringkat.csv",
        diagnostik=PROCESSED / "hampir_miskin_diagnostik.csv",
    params:
        batas=" ".join(str(b) for b in KM_BATAS),
        mikro=f"--micro {KM_RINGKAS_MIKRO}" if KM_MIKRO else "",
    # Slurm job peak (README): 0.45 GB, 0.4 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "combine_near_poor.log",
    conda:
        ENV
    shell:
        "kompendium kemiskinan combine {input.persen:q} --published {input.terbitan:q} {params.mikro} "
        "--thresholds {params.batas} --output {output.hasil:q} --validation {output.validasi:q} "
        "--ranking {output.peringkat:q} --diagnostics {input.diagnostik:q} "
        "--diagnostics-output {output.diagnostik:q} > {log} 2>&1"


register_notebook(
    "kemiskinan",
    inputs=[
        processed("p0_daerah"),
        processed("jumlah_miskin_daerah"),
        processed("gk_daerah"),
        PROCESSED / "kemiskinan_agregat.csv",
        *rules.combine_near_poor.output,
        *([KM_RINGKAS_MIKRO] if KM_MIKRO else []),
    ],
    params={
        "batas_hampir_miskin": float(KM["batas_hampir_miskin"]),
        "pakai_mikro": bool(KM_MIKRO),
    },
)


rule estimate_economic_classes:
    input:
        diagnostik=PROCESSED / "hampir_miskin_diagnostik.csv",
        terbitan=PROCESSED / "rentan_miskin_terbitan.csv",
        p0=processed("p0_daerah"),
        jumlah_miskin=processed("jumlah_miskin_daerah"),
        code=KE_KODE,
    output:
        hasil=PROCESSED / "kelas_ekonomi.csv",
        validasi=PROCESSED / "kelas_ekonomi_validasi.csv",
        peringkat=PROCESSED / "kelas_ekonomi_peringkat.csv",
    priority: 15
    # Slurm job peak (README): 0.36 GB, 0.9 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "estimate_economic_classes.log",
    # In Snakemake's thread: the fits are already done (their parameters are in the diagnostics table),
    # so this is a few seconds of pandas, not worth a new Python process.
    run:
        from kompendium.atomic import write_text
        from kompendium.kelas_ekonomi import write_kelas_ekonomi

        terpilih = write_kelas_ekonomi(input.diagnostik, input.terbitan, input.p0, input.jumlah_miskin,
                                       output.hasil, output.validasi, output.peringkat)
        write_text(log[0], f"model terpilih: {terpilih}\n")


register_notebook(
    "kelas_ekonomi",
    inputs=[
        *rules.estimate_economic_classes.output,
        processed("p0_daerah"),
        processed("jumlah_miskin_daerah"),
    ],
    params={},
)
