"""Command line: ``kompendium <group> <command>``; errors are one line on stderr, exit 2."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kompendium.errors import KompendiumError

EXIT_ERROR = 2


def _bps_read(args: argparse.Namespace) -> int:
    """`kompendium bps read FILE`: the tidy table as CSV on stdout, empty `nilai` for missing."""
    from kompendium.bps import read_bps_file  # imported lazily: keeps `--help` fast

    df = read_bps_file(args.file)
    # %.12g prints 289042 and 9.41 as BPS wrote them, not 289042.0.
    df.to_csv(sys.stdout, index=False, na_rep="", float_format="%.12g", lineterminator="\n")
    return 0


def _data_process(args: argparse.Namespace) -> int:
    """`kompendium data process FOLDER OUTPUT`: one BPS table folder -> one validated tidy CSV."""
    from kompendium.olah import proses_tabel

    out = proses_tabel(args.folder, args.output)
    print(f"{args.folder} -> {out}", file=sys.stderr)
    return 0


def _data_verify(args: argparse.Namespace) -> int:
    """`kompendium data verify [RAW]`: every raw file against its sha256 in datapackage.json."""
    from kompendium.provenance import verify_raw

    files = verify_raw(args.raw)
    print(f"{len(files)} berkas di {args.raw} cocok dengan sha256 di datapackage.json")
    return 0


def _notebook_run(args: argparse.Namespace) -> int:
    """`kompendium notebook run SRC DST --cwd DIR --parameters YAML`: one chapter via Papermill."""
    import yaml

    from kompendium.notebook import jalankan

    parameter = yaml.safe_load(args.parameters) or {}
    jalankan(args.source, args.target, parameter, args.cwd)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser; add a command group with `add_group` and commands on its subparsers."""
    parser = argparse.ArgumentParser(prog="kompendium", description=__doc__)
    groups = parser.add_subparsers(dest="group", required=True, metavar="{bps,data,notebook}")
    bps = add_group(groups, "bps", "berkas BPS")
    add_command(bps, "read", "baca berkas BPS apa pun dan tulis tabel rapi (CSV) ke stdout",
                _bps_read).add_argument("file", help="berkas BPS (CSV, JSON, HTML .xls)")

    data = add_group(groups, "data", "data mentah dan olahan")
    process = add_command(data, "process", "baca satu folder tabel BPS menjadi satu CSV rapi", _data_process)
    process.add_argument("folder", type=Path, help="folder tabel di data/raw, mis. data/raw/p0_daerah")
    process.add_argument("output", type=Path, help="CSV keluaran di data/processed")
    verify = add_command(data, "verify", "periksa sha256 setiap berkas mentah", _data_verify)
    verify.add_argument("raw", type=Path, nargs="?", default=Path("data/raw"))

    notebook = add_group(groups, "notebook", "buku catatan bab")
    run = add_command(notebook, "run", "jalankan satu buku catatan dengan Papermill", _notebook_run)
    run.add_argument("source", type=Path)
    run.add_argument("target", type=Path)
    run.add_argument("--cwd", type=Path, required=True, help="folder kerja buku catatan")
    run.add_argument("--parameters", default="{}", help="parameter dalam YAML")
    return parser


def add_group(groups: argparse._SubParsersAction, name: str, help_: str) -> argparse._SubParsersAction:
    """Add a command group (e.g. `data`, `vintage`) and return its subparsers."""
    p = groups.add_parser(name, help=help_)
    return p.add_subparsers(dest="command", required=True)


def add_command(group: argparse._SubParsersAction, name: str, help_: str,
                func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """Add a command to a group; `func(args) -> exit code` runs it."""
    p = group.add_parser(name, help=help_)
    p.set_defaults(func=func)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kompendium` console script."""
    args = build_parser().parse_args(argv)
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
