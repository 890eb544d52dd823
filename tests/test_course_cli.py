"""The course commands, run in-process on a SQLite file."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from alliance.cli._common import run_app
from alliance.cli.course import register

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test root"""

    register(app)
    return app


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    return path


def _run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(_app(), list(args), input=input, catch_exceptions=False)


def _error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """What a user sees for a failing command: the exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["alliance", *args])
    with pytest.raises(SystemExit) as stopped:
        run_app(_app())
    return int(stopped.value.code or 0), capsys.readouterr().err


def test_cli_terminal_checkin_reasks_until_valid(db: Path) -> None:
    assert _run("client", "add", "C1").exit_code == 0
    result = _run("checkin", "--client", "C1", input="8\n11\nseven\n7\n9\n8\n6\n")
    assert result.exit_code == 0
    assert result.output.count("please give a number from 0 to 10") == 2
    assert "stored: session 1, score 7.6" in result.output
    listing = _run("client", "list").output
    assert "C1" in listing and "│ 1 " in listing


def test_cli_unfinished_form_writes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _run("client", "add", "C1")
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("8\n9\n"))
    code, err = _error_line(monkeypatch, capsys, "checkin", "--client", "C1")
    assert code == 1 and "the check-in form was not finished" in err
    assert "stored" not in capsys.readouterr().out
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM checkins").fetchone() == (0,)


def test_cli_errors_are_one_line(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _run("client", "add", "C1")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "client,session,instrument,b1,b2,b3,b4,b5\nC1,1,alliance-checkin-brief,1,2,3,4,5\nC2,2,alliance-checkin-brief,1,2,3,4,5\n"
    )
    code, err = _error_line(monkeypatch, capsys, "checkin", "import", str(bad))
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {bad}:3: unknown client 'C2'. add it first with: alliance client add C2"
    ]
    code, err = _error_line(monkeypatch, capsys, "course", "--client", "nobody")
    assert code == 1 and "unknown client 'nobody'" in err and "Traceback" not in err


def test_cli_session_add_stores_scores_not_text(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alliance.analyze
    from course_fixtures import analysed_session

    monkeypatch.setattr(
        alliance.analyze, "analyze_path", lambda path, **kw: [analysed_session(71.0, ruptures=1)]
    )
    transcript = tmp_path / "s.txt"
    transcript.write_text("T: a distinctive sentence\nC: another distinctive sentence\n")
    _run("client", "add", "C1")
    result = _run(
        "session", "add", "--client", "C1", "--transcript", str(transcript), "--date", "2026-05-04"
    )
    assert result.exit_code == 0, result.output
    assert "session 1 of C1 stored; overall 71, 1 rupture marker(s)" in result.output
    raw = db.read_bytes() + (
        db.with_name(db.name + "-wal").read_bytes()
        if db.with_name(db.name + "-wal").exists()
        else b""
    )
    assert b"distinctive" not in raw
    data = json.loads(_run("course", "--client", "C1", "--format", "json").output)
    assert data["sessions"][0]["transcript"]["scores"]["overall"] == 71.0
    assert len(data["sessions"][0]["transcript"]["source_sha256"]) == 64


def test_cli_instrument_add_list_and_psychometrics(db: Path, tmp_path: Path) -> None:
    questionnaire = {
        "resourceType": "Questionnaire", "id": "clinic-form", "status": "active",
        "title": "Clinic form",
        "item": [
            {"linkId": f"q{n}", "type": "integer", "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 1},
                {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 5}]}
            for n in (1, 2, 3)
        ],
    }  # fmt: skip
    path = tmp_path / "q.json"
    path.write_text(json.dumps(questionnaire))
    result = _run("instrument", "add", str(path))
    assert (
        "added clinic-form: 3 items, score = mean, cut-off none, reliable change unknown"
        in result.output
    )
    assert "clinic-form" in _run("instrument", "list").output
    _run("client", "add", "C1")
    rows = "".join(
        f"C1,{n},clinic-form,{1 + n % 5},{1 + (n + n // 3) % 5},{1 + (n * 2) % 5}\n"
        for n in range(1, 13)
    )
    csv = tmp_path / "c.csv"
    csv.write_text("client,session,instrument,q1,q2,q3\n" + rows)
    assert "imported 12 check-ins" in _run("checkin", "import", str(csv)).output
    out = json.loads(_run("psychometrics", "--instrument", "clinic-form", "--json").output)
    assert out["n"] == 12 and out["k"] == 3 and out["alpha"] is not None
    assert "too few complete responses: 0" in _run("psychometrics").output


def test_cli_export_backup_and_restore(db: Path, tmp_path: Path) -> None:
    from alliance.course.fhir_export import validate_bundle

    _run("client", "add", "C1")
    _run("checkin", "--client", "C1", input="8\n8\n8\n8\n8\n")
    out = tmp_path / "bundle.json"
    assert "wrote" in _run("export", "--fhir", "--client", "C1", "--out", str(out)).output
    validate_bundle(json.loads(out.read_text()))
    copy = tmp_path / "backup.sqlite3"
    assert "1 check-ins" in _run("db", "backup", str(copy)).output
    _run("checkin", "--client", "C1", input="2\n2\n2\n2\n2\n")
    assert "restored" in _run("db", "restore", str(copy)).output
    data = json.loads(_run("course", "--client", "C1", "--format", "json").output)
    assert [s["score"] for s in data["instruments"][0]["scores"]] == [8.0]
    not_db = tmp_path / "x.sqlite3"
    not_db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(Exception, match="not an alliance database"):
        _run("db", "restore", str(not_db))
    assert (
        len(json.loads(_run("course", "--client", "C1", "--format", "json").output)["sessions"])
        == 1
    )


def test_cli_course_html_and_goals(db: Path, tmp_path: Path) -> None:
    _run("client", "add", "C1")
    assert "session 1 of C1 stored" in _run("session", "add", "--client", "C1").output
    _run("goal", "add", "--client", "C1", "--session", "1", "walk every day")
    assert (
        "latest progress 4"
        in _run("goal", "update", "--client", "C1", "1", "--progress", "4", "--session", "2").output
    )
    assert "walk every day" in _run("goal", "list", "--client", "C1").output
    out = tmp_path / "c.html"
    _run("course", "--client", "C1", "--format", "html", "--out", str(out))
    html = out.read_text()
    assert html.startswith("<!doctype html>") and "walk every day" in html
    text = _run("course", "--client", "C1").output
    assert "stage: making progress (from goal progress recorded)" in text


def test_cli_every_course_command_is_documented() -> None:
    import typer.main

    docs = (Path(__file__).resolve().parents[1] / "docs" / "course.md").read_text()
    group = typer.main.get_group(_app())
    names = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        names += [f"alliance {name} {sub}" for sub in subcommands] if subcommands else []
        names.append(f"alliance {name}")
    assert len(names) > 15
    for name in names:
        assert f"`{name}" in docs or f"$ {name}" in docs, name


def test_cli_bad_database_url_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _error_line(monkeypatch, capsys, "client", "list", "--db", "mysql://x/y")
    assert code == 1 and err.startswith("error: unsupported database 'mysql'")
    url = "postgresql+psycopg://nobody:wrong@127.0.0.1:1/none"
    code, err = _error_line(monkeypatch, capsys, "client", "list", "--db", url)
    assert code == 1 and "could not open or migrate the database" in err
    assert "wrong" not in err  # no password in the message
