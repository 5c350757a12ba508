"""Command line: ``kompendium <group> <command>``; errors are one line on stderr, exit 2."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kompendium import kosakata
from kompendium.errors import InputError, KompendiumError

EXIT_ERROR = 2


def _bps_read(args: argparse.Namespace) -> int:
    """`kompendium bps read FILE`: the tidy table as CSV on stdout, empty `nilai` for missing;
    with `--explain`, what the readers detected instead (format, indicator, dimensions...)."""
    from kompendium.bps import explain, read_bps_file  # imported lazily: keeps `--help` fast

    if args.explain:
        print(explain(args.file))
        return 0
    df = read_bps_file(args.file)
    # %.12g prints 289042 and 9.41 as BPS wrote them, not 289042.0.
    df.to_csv(sys.stdout, index=False, na_rep="", float_format="%.12g", lineterminator="\n")
    return 0


@contextmanager
def _input_errors(*sources: object) -> Iterator[None]:
    """A plain ValueError/KeyError from reading `sources` becomes a one-line InputError naming them."""
    try:
        yield
    except KompendiumError:
        raise
    except KeyError as exc:
        raise InputError(f"{', '.join(map(str, sources))}: kolom atau kunci {exc} tidak ada") from None
    except ValueError as exc:
        raise InputError(f"{', '.join(map(str, sources))}: {exc}") from None


def _data_process(args: argparse.Namespace) -> int:
    """`kompendium data process FOLDER OUTPUT`: one BPS table folder -> one validated tidy CSV."""
    from kompendium.olah import process_table

    out = process_table(args.folder, args.output)
    print(f"{args.folder} -> {out}", file=sys.stderr)
    return 0


def _data_verify(args: argparse.Namespace) -> int:
    """`kompendium data verify [RAW]`: every raw file against its sha256 in datapackage.json."""
    from kompendium.provenance import verify_raw

    files = verify_raw(args.raw)
    print(f"{len(files)} berkas di {args.raw} cocok dengan sha256 di datapackage.json")
    return 0


def _data_sources(args: argparse.Namespace) -> int:
    """`kompendium data sources [RAW] [--readme README.md]`: raw files per source tier."""
    from kompendium import sumber
    from kompendium.atomic import write_text
    from kompendium.provenance import load_datapackage

    package = load_datapackage(args.raw)
    sumber.validate_package(package)
    for tingkat, n in sumber.hitung(package["resources"]).items():
        print(f"{n:5d}  {tingkat}: {sumber.LABEL[tingkat]}")
    if args.readme:
        teks = args.readme.read_text(encoding="utf-8")
        write_text(args.readme, sumber.update_readme(teks, package["resources"]))
        print(f"{args.readme}: ringkasan sumber data diperbarui", file=sys.stderr)
    return 0


def _data_add(args: argparse.Namespace) -> int:
    """`kompendium data add FILE...`: check downloaded BPS files, place them in data/raw, record them."""
    from kompendium.pembaruan import ringkas, tambah

    for resource in tambah(args.raw, args.files, url=args.url, tanggal=args.date, replace=args.replace):
        print(f"ditambahkan: {ringkas(resource)}")
    return 0


def _vintage_nama(args: argparse.Namespace) -> str:
    """The vintage name: --name, else `data_vintage` of config/config.yaml."""
    if args.name:
        return args.name
    import yaml

    config = args.root / "config" / "config.yaml"
    with _input_errors(config):
        return str(yaml.safe_load(config.read_text(encoding="utf-8"))["data_vintage"])


def _vintage_record(args: argparse.Namespace) -> int:
    """`kompendium vintage record`: write vintages/<name>.json from the current build."""
    from kompendium.vintage import potret, write

    path = write(args.root / "vintages", potret(args.root, _vintage_nama(args)), ganti=args.replace)
    print(f"vintage tercatat: {path}")
    return 0


def _vintage_compare(args: argparse.Namespace) -> int:
    """`kompendium vintage compare`: the current build against the latest recorded vintage."""
    from kompendium.atomic import write_json
    from kompendium.vintage import bandingkan_build

    hasil = bandingkan_build(args.root, _vintage_nama(args), terhadap=args.against)
    if args.output:
        write_json(args.output, hasil)
    lama = hasil["lama"] or "(belum ada vintage tercatat)"
    print(f"{lama} -> {hasil['baru']}")
    for kunci, nilai in hasil["ringkasan"].items():
        print(f"  {kunci}: {nilai}")
    from kompendium.vintage import selisih_rekaman

    for baris in selisih_rekaman(hasil):  # each glued number by its sentence, each claim by its id
        print(f"  - {baris}")
    return 0


def _klaim_jakarta(args: argparse.Namespace) -> int:
    """`kompendium klaim jakarta SRC OUTPUT`: DKI Jakarta population figures, in people, validated."""
    from kompendium.jakarta import process

    print(f"{args.source} -> {process(args.source, args.output)}", file=sys.stderr)
    return 0


def _klaim_audit(args: argparse.Namespace) -> int:
    """`kompendium klaim audit DATA_DIR OUTPUT [--findings DIR]`: every claim of the registry checked,
    one row each; the tables behind each finding go to DIR."""
    from kompendium.klaim.audit import write_audit
    from kompendium.klaim.registry import periksa_claims_md, read_registry

    registri = read_registry(args.registry)
    if args.claims_md is not None:
        periksa_claims_md(registri, args.claims_md)
    out = write_audit(args.data_dir, args.output, args.findings, registri)
    print(f"{args.data_dir} -> {out}", file=sys.stderr)
    return 0


def _notebook_run(args: argparse.Namespace) -> int:
    """`kompendium notebook run SRC DST --cwd DIR --parameters YAML`: one chapter via Papermill."""
    import yaml

    from kompendium.notebook import run

    try:
        parameter = yaml.safe_load(args.parameters) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"--parameters: bukan YAML yang sah: {exc}") from None
    if not isinstance(parameter, dict):
        raise InputError(f"--parameters: diharapkan pemetaan YAML (nama: nilai), ditemukan {parameter!r}")
    run(args.source, args.target, parameter, args.cwd, warm=args.warm_kernel, timeout=args.timeout)
    return 0


def _provinsi_prepare(args: argparse.Namespace) -> int:
    """`kompendium provinsi prepare DATA OUTPUT INDEX`: every province page's numbers and table, the index page."""
    from kompendium.provinsi.ringkasan import write_summaries

    hasil = write_summaries(args.data, args.output, args.index)
    print(f"{len(hasil)} ringkasan provinsi -> {args.output}", file=sys.stderr)
    return 0


def _provinsi_draw(args: argparse.Namespace) -> int:
    """`kompendium provinsi draw DATA FIGURES`: every province page's charts."""
    from kompendium.provinsi.grafik import draw_charts

    hasil = draw_charts(args.data, args.figures, args.processes)
    print(f"grafik {len(hasil)} provinsi -> {args.figures}", file=sys.stderr)
    return 0


def _tambah_provinsi(groups: argparse._SubParsersAction) -> None:
    """Commands `kompendium provinsi prepare|draw`; the old spellings (`siapkan`, `gambar`,
    `--proses`) still work, as aliases, for one release."""
    provinsi = add_group(groups, "provinsi", "halaman provinsi")
    prepare = provinsi.add_parser("prepare", aliases=["siapkan"],
                                  help="angka dan tabel semua halaman provinsi, dan halaman indeks")
    prepare.set_defaults(func=_provinsi_prepare)
    prepare.add_argument("data", type=Path, help="folder data/processed")
    prepare.add_argument("output", type=Path, help="folder ringkasan JSON per provinsi")
    prepare.add_argument("index", type=Path, help="halaman indeks (MyST markdown)")
    draw = provinsi.add_parser("draw", aliases=["gambar"], help="grafik semua halaman provinsi")
    draw.set_defaults(func=_provinsi_draw)
    draw.add_argument("data", type=Path, help="folder data/processed")
    draw.add_argument("figures", type=Path, help="folder grafik per provinsi")
    add_option(draw, "--processes", "--proses", type=int, default=1, help="jumlah proses untuk menggambar grafik")


def _kemiskinan_transkripsi(args: argparse.Namespace) -> int:
    """`kompendium kemiskinan transkripsi SOURCE OUTPUT`: validate a transcribed CSV against its schema, copy it."""
    from kompendium.hampir_miskin import salin_transkripsi

    with _input_errors(args.source):
        salin_transkripsi(args.source, args.datapackage, args.output)
    return 0


def _kemiskinan_agregat(args: argparse.Namespace) -> int:
    """`kompendium kemiskinan agregat ...`: P0, P1, P2, Gini, bottom-40 % share per daerah and semester."""
    import pandas as pd

    from kompendium.atomic import write_csv
    from kompendium.hampir_miskin import agregat_terbitan

    sources = (args.p0, args.p1, args.p2, args.gini, args.b40_semester, args.table946)
    with _input_errors(*sources):
        # Not tidy.read_csv: the transcriptions carry other columns whose gaps must stay NaN.
        tables = [pd.read_csv(p, dtype={"kode_wilayah": str}) for p in sources]
        write_csv(agregat_terbitan(*tables, tahun_awal=args.first_year), args.output)
    return 0


def _kemiskinan_estimasi(args: argparse.Namespace) -> int:
    """`kompendium kemiskinan estimasi AGGREGATES --daerah D --thresholds ...`: near-poor shares per model."""
    import time

    import pandas as pd

    from kompendium.atomic import write_csv
    from kompendium.hampir_miskin import estimasi_daerah

    mulai = time.perf_counter()
    with _input_errors(args.aggregates):
        persen, diag = estimasi_daerah(pd.read_csv(args.aggregates), args.daerah, args.thresholds)
    write_csv(persen, args.output)
    write_csv(diag, args.diagnostics)
    print(f"{args.daerah}: {persen[['tahun', 'periode']].drop_duplicates().shape[0]} semester, "
          f"{time.perf_counter() - mulai:.1f} detik", file=sys.stderr)
    return 0


def _kemiskinan_gabung(args: argparse.Namespace) -> int:
    """`kompendium kemiskinan gabung SHARES... --published F`: validate, choose a model, write hampir_miskin.csv."""
    import pandas as pd

    from kompendium.atomic import write_csv
    from kompendium.hampir_miskin import read_terbitan, susun

    with _input_errors(*args.shares, args.published, *([args.micro] if args.micro else [])):
        persen = pd.concat([pd.read_csv(p) for p in args.shares], ignore_index=True)
        ringkas = pd.read_csv(args.micro) if args.micro else None
        hasil, tabel_validasi, peringkat = susun(persen, read_terbitan(args.published), ringkas, args.thresholds)
    write_csv(hasil, args.output)
    write_csv(tabel_validasi, args.validation)
    write_csv(peringkat, args.ranking)
    if args.diagnostics:
        if not args.diagnostics_output:
            raise InputError("--diagnostics: butuh --diagnostics-output untuk tabel gabungannya")
        with _input_errors(*args.diagnostics):
            diagnostik = pd.concat([pd.read_csv(p) for p in args.diagnostics], ignore_index=True)
        write_csv(diagnostik, args.diagnostics_output)
    print(f"model terpilih: {peringkat['model'].iloc[0]}", file=sys.stderr)
    return 0


def _kemiskinan_susenas(args: argparse.Namespace) -> int:
    """`kompendium kemiskinan susenas FILE OUTPUT --tahun --periode --expenditure ...`: measures from microdata."""
    from kompendium.atomic import write_csv
    from kompendium.hampir_miskin import baca_mikro, ringkas_mikro

    kolom = {"pengeluaran": args.expenditure, "bobot": args.weight, "garis": args.poverty_line,
             "daerah": args.daerah, "art": args.household_size}
    with _input_errors(args.file):
        ringkas = ringkas_mikro(baca_mikro(args.file), kolom, args.thresholds, args.tahun, args.periode)
    write_csv(ringkas, args.output)
    return 0


def add_option(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup, name: str, old: str | None = None,
               *, required: bool = False, **kwargs: object) -> None:
    """Add option `name`; `old` is its former (Indonesian) spelling, still accepted but not shown in help.

    Kept for one release so that scripts written for the old spelling keep working."""
    if old is None:
        parser.add_argument(name, required=required, **kwargs)
        return
    target = parser.add_mutually_exclusive_group(required=required) if required else parser
    dest = str(kwargs.pop("dest", name.lstrip("-").replace("-", "_")))
    target.add_argument(name, dest=dest, **kwargs)
    hidden = {k: v for k, v in kwargs.items() if k not in ("default", "help", "metavar")}
    target.add_argument(old, dest=dest, default=argparse.SUPPRESS, help=argparse.SUPPRESS, **hidden)


def _tambah_kemiskinan(groups: argparse._SubParsersAction) -> None:
    """`kompendium kemiskinan ...`: transcriptions, aggregates, near-poor estimates, microdata."""
    km = add_group(groups, "kemiskinan", "kemiskinan dan penduduk hampir miskin")
    tr = add_command(km, "transcription", "validasi CSV transkripsi dengan skemanya lalu salin",
                     _kemiskinan_transkripsi, old="transkripsi")
    tr.add_argument("source", type=Path, metavar="SOURCE")
    tr.add_argument("output", type=Path, metavar="OUTPUT")
    tr.add_argument("--datapackage", type=Path, default=Path("data/raw/datapackage.json"))
    ag = add_command(km, "aggregate", "gabungkan agregat kemiskinan terbitan per daerah dan semester",
                     _kemiskinan_agregat, old="agregat")
    for nama in ("--p0", "--p1", "--p2", "--gini", "--b40-semester"):
        ag.add_argument(nama, type=Path, required=True)
    add_option(ag, "--table946", "--tabel946", type=Path, required=True)
    add_option(ag, "--output", "--keluaran", type=Path, required=True)
    add_option(ag, "--first-year", "--tahun-awal", type=int, default=2010)
    es = add_command(km, "estimate", "estimasi persen hampir miskin satu daerah, semua semester",
                     _kemiskinan_estimasi, old="estimasi")
    es.add_argument("aggregates", type=Path, metavar="AGGREGATES")
    es.add_argument("--daerah", required=True, help="Perkotaan, Perdesaan atau Perkotaan+Perdesaan")
    add_option(es, "--thresholds", "--batas", type=float, nargs="+", required=True,
               help="kelipatan garis kemiskinan, mis. 1.2 1.5")
    add_option(es, "--output", "--keluaran", type=Path, required=True)
    add_option(es, "--diagnostics", "--diagnostik", type=Path, required=True)
    gb = add_command(km, "combine", "validasi model, pilih yang terbaik, tulis hampir_miskin.csv",
                     _kemiskinan_gabung, old="gabung")
    gb.add_argument("shares", type=Path, nargs="+", metavar="SHARES")
    add_option(gb, "--published", "--terbitan", type=Path, required=True,
               help="angka terbitan (rentan_miskin_terbitan.csv)")
    add_option(gb, "--micro", "--mikro", type=Path, help="ringkasan data mikro Susenas (opsional)")
    add_option(gb, "--thresholds", "--batas", type=float, nargs="+", required=True)
    add_option(gb, "--output", "--keluaran", type=Path, required=True)
    add_option(gb, "--validation", "--validasi", type=Path, required=True)
    add_option(gb, "--ranking", "--peringkat", type=Path, required=True)
    add_option(gb, "--diagnostics", "--diagnostik", type=Path, nargs="*", default=[])
    add_option(gb, "--diagnostics-output", "--diagnostik-keluaran", type=Path)
    su = add_command(km, "summarise-susenas",
                     "P0, P1, P2 dan persentase hampir miskin dari berkas rumah tangga Susenas",
                     _kemiskinan_susenas, old="susenas")
    su.add_argument("file", type=Path, metavar="FILE", help="CSV, Parquet atau .dta; satu baris per rumah tangga")
    su.add_argument("output", type=Path, metavar="OUTPUT")
    su.add_argument("--tahun", type=int, required=True)
    su.add_argument("--periode", choices=list(kosakata.PERIODE), required=True)
    add_option(su, "--expenditure", "--pengeluaran", required=True, help="nama kolom pengeluaran per kapita")
    add_option(su, "--weight", "--bobot", required=True, help="nama kolom bobot")
    add_option(su, "--poverty-line", "--garis", required=True, help="nama kolom garis kemiskinan")
    su.add_argument("--daerah", help="nama kolom daerah (1 = perkotaan, 2 = perdesaan)")
    add_option(su, "--household-size", "--art",
               help="nama kolom jumlah anggota rumah tangga (bobot orang = bobot x ART)")
    add_option(su, "--thresholds", "--batas", type=float, nargs="+", default=[1.2, 1.5])


def _build(args: argparse.Namespace) -> int:
    """`kompendium build [SNAKEMAKE ARGS]`: release a killed build's lock, then run Snakemake."""
    from kompendium.build import build

    extra = args.snakemake_args
    build(extra[1:] if extra[:1] == ["--"] else extra)
    return 0  # not reached: Snakemake replaced this process


def _timing_report(args: argparse.Namespace) -> int:
    from kompendium.timing import report

    print(report(args.root, args.since))
    return 0


def _timing_build(args: argparse.Namespace) -> int:
    from kompendium.timing import main_build

    extra = args.snakemake_args
    return main_build(extra[1:] if extra[:1] == ["--"] else extra)


def _package(args: argparse.Namespace) -> int:
    """`kompendium package OUT.tar.gz`: the replication package (repository, wheelhouse, built book)."""
    from kompendium.paket import write_package

    hasil = write_package(args.root, args.output)
    print(f"{args.output}: commit {hasil['commit'][:10]}, {hasil['files']} berkas, {hasil['wheels']} wheel, "
          f"{hasil['exhibits']} tabel dan gambar, {hasil['bytes'] / 1e6:.0f} MB")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser; add a command group with `add_group` and commands on its subparsers."""
    parser = argparse.ArgumentParser(prog="kompendium", description=__doc__)
    groups = parser.add_subparsers(
        dest="group", required=True,
        metavar="{bps,build,data,kemiskinan,klaim,notebook,package,provinsi,timing,vintage}",
    )
    bps = add_group(groups, "bps", "berkas BPS")
    bps_read = add_command(bps, "read", "baca berkas BPS apa pun dan tulis tabel rapi (CSV) ke stdout",
                           _bps_read)
    bps_read.add_argument("file", help="berkas BPS (CSV, .xlsx, JSON WebAPI, HTML .xls)")
    bps_read.add_argument("--explain", action="store_true",
                          help="tampilkan apa yang terdeteksi (format, indikator, satuan, dimensi, "
                               "wilayah, tahun, periode, jumlah nilai, peringatan), bukan tabelnya")

    build = groups.add_parser("build", help="bangun buku (Snakemake); lepaskan dulu kunci build yang terhenti")
    build.add_argument("snakemake_args", nargs=argparse.REMAINDER, metavar="SNAKEMAKE_ARGS",
                       help="argumen untuk snakemake, mis. target atau --forcerun RULE")
    build.set_defaults(func=_build)

    timing = add_group(groups, "timing", "ke mana waktu build pergi: per rule, CPU, jalur kritis")
    t_report = add_command(timing, "report", "laporan build terakhir: job, detik wall dan CPU per rule, "
                                             "jalur kritis", _timing_report)
    t_report.add_argument("--root", type=Path, default=Path("."), help="folder proyek (bawaan: .)")
    t_report.add_argument("--since", type=float, help="hanya job yang mulai sejak waktu ini (detik epoch)")
    t_build = add_command(timing, "build", "bangun (Snakemake) dengan detik CPU job shell dicatat, lalu laporannya",
                          _timing_build)
    t_build.add_argument("snakemake_args", nargs=argparse.REMAINDER, metavar="SNAKEMAKE_ARGS",
                         help="argumen untuk snakemake, mis. --cores 2")
    package = groups.add_parser(
        "package", help="paket replikasi: repositori pada commit ini, wheelhouse, buku jadi, REPLICATION.md")
    package.add_argument("output", type=Path, metavar="OUT.tar.gz", help="arsip yang ditulis")
    package.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    package.set_defaults(func=_package)

    data = add_group(groups, "data", "data mentah dan olahan")
    process = add_command(data, "process", "baca satu folder tabel BPS menjadi satu CSV rapi", _data_process)
    process.add_argument("folder", type=Path, help="folder tabel di data/raw, mis. data/raw/p0_daerah")
    process.add_argument("output", type=Path, help="CSV keluaran di data/processed")
    verify = add_command(data, "verify", "periksa sha256 setiap berkas mentah", _data_verify)
    verify.add_argument("raw", type=Path, nargs="?", default=Path("data/raw"))
    sources = add_command(data, "sources", "jumlah berkas mentah menurut tingkat sumber", _data_sources)
    sources.add_argument("raw", type=Path, nargs="?", default=Path("data/raw"))
    sources.add_argument("--readme", type=Path, help="perbarui ringkasan sumber data di README ini")
    tambah = add_command(data, "add", "periksa unduhan BPS, taruh di data/raw/<tabel>/ dan catat", _data_add)
    tambah.add_argument("files", type=Path, nargs="+", metavar="FILE", help="berkas unduhan BPS")
    tambah.add_argument("--url", help="alamat unduhan (sumber) di situs BPS")
    add_option(tambah, "--date", "--tanggal", help="tanggal unduh YYYY-MM-DD (bawaan: hari ini)")
    tambah.add_argument("--replace", action="store_true",
                        help="ganti berkas yang tahunnya sama: revisi BPS")
    tambah.add_argument("--raw", type=Path, default=Path("data/raw"), help=argparse.SUPPRESS)

    vintage = add_group(groups, "vintage", "catatan angka terbitan per rilis data")
    record = add_command(vintage, "record", "catat angka build sekarang di vintages/<nama>.json",
                         _vintage_record)
    compare = add_command(vintage, "compare", "bandingkan build sekarang dengan vintage terakhir",
                          _vintage_compare)
    for p in (record, compare):
        p.add_argument("--name", help="nama vintage YYYY-MM (bawaan: data_vintage di config)")
        p.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    record.add_argument("--replace", action="store_true", help="catat ulang vintage yang sudah ada")
    compare.add_argument("--against", help="nama vintage pembanding (bawaan: yang terakhir)")
    compare.add_argument("--output", type=Path, help="tulis perbandingan lengkap sebagai JSON")

    klaim = add_group(groups, "klaim", "audit angka artikel")
    jkt = add_command(klaim, "jakarta", "olah transkripsi penduduk DKI Jakarta (satuan jiwa)", _klaim_jakarta)
    jkt.add_argument("source", type=Path, help="data/raw/transkripsi/dki_jakarta_penduduk_kepadatan.csv")
    jkt.add_argument("output", type=Path, help="CSV keluaran di data/processed")
    aud = add_command(klaim, "audit", "periksa setiap klaim artikel, tulis claims_audit.csv", _klaim_audit)
    aud.add_argument("data_dir", type=Path, help="folder tabel olahan (data/processed)")
    aud.add_argument("output", type=Path, help="CSV keluaran, mis. data/processed/claims_audit.csv")
    aud.add_argument("--findings", type=Path, help="folder tabel temuan per klaim, mis. data/processed/temuan_klaim")
    aud.add_argument("--registry", type=Path, help="registri klaim (bawaan: src/kompendium/data/klaim.yaml)")
    # Old option, kept hidden for one release: the ids of a CLAIMS.md must equal the registry's.
    aud.add_argument("--claims-md", type=Path, help=argparse.SUPPRESS)

    notebook = add_group(groups, "notebook", "buku catatan bab")
    run = add_command(notebook, "run", "jalankan satu buku catatan dengan Papermill", _notebook_run)
    run.add_argument("source", type=Path)
    run.add_argument("target", type=Path)
    run.add_argument("--cwd", type=Path, required=True, help="folder kerja buku catatan")
    run.add_argument("--parameters", default="{}", help="parameter dalam YAML")
    run.add_argument("--timeout", type=float, default=600, help="detik maksimum untuk satu sel (bawaan 600)")
    run.add_argument("--warm-kernel", action="store_true",
                     help="kernel di-fork dari induk hangat (seperti alur kerja); bawaan: kernel biasa")
    _tambah_kemiskinan(groups)

    _tambah_provinsi(groups)
    return parser


def add_group(groups: argparse._SubParsersAction, name: str, help_: str) -> argparse._SubParsersAction:
    """Add a command group (e.g. `data`, `vintage`) and return its subparsers."""
    p = groups.add_parser(name, help=help_)
    return p.add_subparsers(dest="command", required=True)


def add_command(group: argparse._SubParsersAction, name: str, help_: str,
                func: Callable[[argparse.Namespace], int], old: str | None = None) -> argparse.ArgumentParser:
    """Add a command to a group; `func(args) -> exit code` runs it. `old` is its former (Indonesian)
    spelling, still accepted for one release."""
    p = group.add_parser(name, help=help_, aliases=[old] if old else [])
    p.set_defaults(func=func)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kompendium` console script."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["build"] and words[1:2] not in (["-h"], ["--help"], ["--"]):
        # Everything after `build` is Snakemake's, options included.
        words = ["build", "--", *words[1:]]
    elif words[:2] == ["timing", "build"] and words[2:3] not in (["-h"], ["--help"], ["--"]):
        words = ["timing", "build", "--", *words[2:]]
    args = build_parser().parse_args(words)
    try:
        code = args.func(args)
    except BrokenPipeError:
        # `kompendium bps read F | head`: the reader left early; not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        code = 0
    except (KompendiumError, OSError) as exc:
        print(f"kompendium: {' '.join(str(exc).split())}", file=sys.stderr)
        code = EXIT_ERROR
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":
    main()
