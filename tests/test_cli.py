"""The command line: English options with the old spellings hidden, and one-line errors (exit 2)."""

from __future__ import annotations

import pytest

from kompendium.cli import build_parser, main


def test_old_spelling_is_accepted_but_not_shown(capsys):
    parser = build_parser()
    new = parser.parse_args(["kemiskinan", "estimasi", "a.csv", "--daerah", "Perkotaan", "--thresholds", "1.2",
                             "--output", "o.csv", "--diagnostics", "d.csv"])
    old = parser.parse_args(["kemiskinan", "estimasi", "a.csv", "--daerah", "Perkotaan", "--batas", "1.2",
                             "--keluaran", "o.csv", "--diagnostik", "d.csv"])
    assert vars(new) == vars(old)
    with pytest.raises(SystemExit):
        parser.parse_args(["kemiskinan", "estimasi", "--help"])
    help_text = capsys.readouterr().out
    assert "--output" in help_text and "--keluaran" not in help_text and "--batas" not in help_text


def test_missing_required_option_names_the_new_spelling(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["kemiskinan", "agregat", "--p0", "a", "--p1", "a", "--p2", "a", "--gini", "a",
                                   "--b40-semester", "a", "--table946", "a"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--output" in err and "--keluaran" not in err


def test_defaults_survive_the_hidden_alias():
    args = build_parser().parse_args(["provinsi", "gambar", "data", "fig"])
    assert args.processes == 1
    args = build_parser().parse_args(["provinsi", "gambar", "data", "fig", "--proses", "3"])
    assert args.processes == 3


def test_bad_input_is_one_line_with_exit_2(tmp_path, capsys):
    table = tmp_path / "agregat.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    code = main(["kemiskinan", "estimasi", str(table), "--daerah", "Perkotaan", "--thresholds", "1.2",
                 "--output", str(tmp_path / "o.csv"), "--diagnostics", str(tmp_path / "d.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(table) in err and "'daerah'" in err
    assert not (tmp_path / "o.csv").exists()


def test_bad_notebook_parameters_are_an_input_error(tmp_path, capsys):
    code = main(["notebook", "run", "a.ipynb", "b.ipynb", "--cwd", str(tmp_path), "--parameters", "[a"])
    assert code == 2
    assert capsys.readouterr().err.startswith("kompendium: --parameters: bukan YAML")


def test_build_passes_every_argument_to_snakemake(monkeypatch):
    seen = {}
    monkeypatch.setattr("kompendium.build.build", lambda args: seen.setdefault("args", list(args)))
    assert main(["build", "book/x.ipynb", "--forcerun", "run_notebook"]) == 0
    assert seen["args"] == ["book/x.ipynb", "--forcerun", "run_notebook"]
