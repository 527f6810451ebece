"""The command line: output formats and one clear line (exit code 2) for every kind of bad input."""

import json
import subprocess
import sys

import pytest

from newsgraph.cli import main

from .conftest import SEED, SEED_TEXT


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err, *needles):
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsgraph: error: ")
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0]


def test_cli_analyze_json_is_the_contract(capsys, analyze):
    code, out, err = run(capsys, "analyze", str(SEED_TEXT), "--published", "2024-10-10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "newsgraph.analysis/1"
    text = data["document"]["text"]
    for e in data["entities"]:
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_cli_analyze_text_report(capsys, analyze):
    code, out, _ = run(capsys, "analyze", str(SEED_TEXT), "--published", "2024-10-10", "--title", "Ashgabat")
    assert code == 0
    assert out.startswith("Ashgabat · 2024-10-10")
    assert "Vladimir Putin (PERSON, RUS) [RUSGOV], President of Russia" in out


def test_cli_analyze_reads_stdin(monkeypatch, capsys, analyze):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Iran's president visited Moscow.")))
    code, out, _ = run(capsys, "analyze", "-", "--published", "2024-10-10", "--format", "json")
    assert code == 0
    assert json.loads(out)["document"]["text"] == "Iran's president visited Moscow."


def test_cli_error_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", str(tmp_path / "nope.txt"))
    assert_one_line_error(code, err, "nope.txt", "no such file")


def test_cli_error_directory(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", str(tmp_path))
    assert_one_line_error(code, err, str(tmp_path), "directory")


def test_cli_error_empty_file(capsys, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n")
    code, _, err = run(capsys, "analyze", str(f))
    assert_one_line_error(code, err, "empty.txt", "empty")


def test_cli_error_binary_file(capsys, tmp_path):
    f = tmp_path / "image.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run(capsys, "analyze", str(f))
    assert_one_line_error(code, err, "image.png", "binary")


def test_cli_error_undecodable_text(capsys, tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Le président a visité Moscou.".encode("latin-1"))
    code, _, err = run(capsys, "analyze", str(f))
    assert_one_line_error(code, err, "latin1.txt", "not UTF-8")


@pytest.mark.parametrize("date", ["10/10/2024", "2024-13-01", "2024-02-30", "yesterday"])
def test_cli_error_unparseable_date(capsys, tmp_path, date):
    f = tmp_path / "a.txt"
    f.write_text("Putin visited Ashgabat.")
    code, _, err = run(capsys, "analyze", str(f), "--published", date)
    assert_one_line_error(code, err, "published", date)


def test_cli_error_evaluate_not_a_folder(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", str(tmp_path / "missing"))
    assert_one_line_error(code, err, "not a directory")


def test_cli_error_evaluate_no_gold(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert_one_line_error(code, err, "no NAME.gold.json")


def test_cli_error_evaluate_broken_gold(capsys, tmp_path):
    (tmp_path / "a.gold.json").write_text("{not json")
    (tmp_path / "a.txt").write_text("Putin visited Ashgabat.")
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert_one_line_error(code, err, "a.gold.json")


def test_cli_entry_point_prints_no_traceback(tmp_path):
    """The installed console script, as a user runs it."""
    exe = [sys.executable, "-m", "newsgraph.cli", "analyze", str(tmp_path / "missing.txt")]
    proc = subprocess.run(exe, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_cli_evaluate_writes_predictions(capsys, tmp_path, analyze):
    if not SEED.exists():
        pytest.skip("no seed folder")
    code, out, _ = run(capsys, "evaluate", str(SEED), "--out", str(tmp_path))
    assert code == 0
    assert (tmp_path / "moscow-post-putin-ashgabat.json").exists()
    assert out.splitlines()[0].split() == ["P", "R", "F1", "extra"]
    assert "documents=1" in out
