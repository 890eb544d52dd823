"""`alliance analyze` as a user runs it: a real process, real files, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

SECRET = "my brother's gambling debts"

TRANSCRIPT = f"""\
Therapist: Hi Sam, thanks for coming in. What would you like to talk about today?
Client: Mostly work, I guess. And {SECRET}.
Therapist: Work and your brother's situation are both weighing on you.
Client: Yeah. I'm not sleeping.
Therapist: What keeps you up at night?
Client: I lie there going over the numbers again and again.
"""


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alliance", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "sam-week1.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


def test_cli_analyze_json_gives_the_contract(transcript: Path) -> None:
    result = run("analyze", transcript, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "alliance.report/1"
    (session,) = document["sessions"]
    assert session["id"] == "sam-week1"
    assert [s["role"] for s in session["speakers"]] == ["therapist", "client"]
    assert len(session["utterances"]) == 6
    assert session["summary"]["roles"]["client"]["utterances"] == 3
    for utterance in session["utterances"]:
        assert {"index", "speaker", "role", "text", "start", "end", "codes"} <= set(utterance)


def test_cli_analyze_jsonl_writes_one_line_per_session(transcript: Path, tmp_path: Path) -> None:
    other = tmp_path / "sam-week2.txt"
    other.write_text(TRANSCRIPT, encoding="utf-8")
    out = tmp_path / "all.jsonl"
    result = run("analyze", transcript, other, "--format", "jsonl", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == ["sam-week1", "sam-week2"]


def test_cli_analyze_out_folder_gets_one_file_per_session(transcript: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run("analyze", transcript, "--format", "json", "--out", f"{out}/")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["sam-week1.json"]


def test_cli_analyze_bad_file_is_one_line_without_text_and_others_still_run(
    transcript: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_text(f"no speaker label here: {SECRET}\n" * 3, encoding="utf-8")
    empty = tmp_path / "empty.vtt"
    empty.write_bytes(b"")
    result = run("analyze", transcript, bad, empty, "--format", "jsonl")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.vtt" in line for line in errors)
    assert any("broken.txt" in line for line in errors)
    assert json.loads(result.stdout)["id"] == "sam-week1"  # the good file is still analysed


def test_cli_analyze_missing_path_is_a_clean_error(tmp_path: Path) -> None:
    result = run("analyze", tmp_path / "nope.txt")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "nope.txt" in result.stderr


def test_cli_analyze_text_report_runs_on_the_long_example() -> None:
    example = EXAMPLES / "long-session-50min.vtt"
    if not example.exists():
        pytest.skip("the 50-minute example is not in examples/")
    result = run("analyze", example)
    assert result.returncode == 0, result.stderr
    assert "therapist" in result.stdout.lower()


def test_cli_analyze_annomi_csv_gives_every_session(annomi_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "annomi.jsonl"
    result = run("analyze", annomi_csv, "--format", "jsonl", "--out", out, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    sessions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(sessions) == 100
    assert len({s["id"] for s in sessions}) == 100
