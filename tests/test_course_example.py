"""The example course (examples/course/build.sh), built with the CLI, shows the trend, the
reliable change, the alerts and the repaired rupture in text, HTML and JSON."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from alliance.cli.course import register
from alliance.errors import AllianceError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "course"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test root"""

    register(app)
    return app


def _analysis_works() -> bool:
    try:
        from alliance.analyze import analyze_path

        analyze_path(EXAMPLE / "sessions" / "session-01.txt")
    except (ImportError, AllianceError, OSError):  # pipeline or its models not there yet
        return False
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bool]]:
    """Run every ``alliance`` line of build.sh; with the analysis pipeline unavailable, the
    transcripts are read but given no scores (the check-in side is what this course checks)."""
    out = tmp_path_factory.mktemp("course")
    analysed = _analysis_works()
    patch = pytest.MonkeyPatch()
    patch.chdir(EXAMPLE)
    patch.setenv("ALLIANCE_DB", str(out / "course.sqlite3"))
    if not analysed:
        import alliance.analyze
        from alliance.io import read_path

        patch.setattr(alliance.analyze, "analyze_path", lambda path, **kw: read_path(path))
    runner = CliRunner()
    app = _app()
    lines = [
        ln for ln in (EXAMPLE / "build.sh").read_text().splitlines() if ln.startswith("alliance ")
    ]
    assert len(lines) > 20
    for line in lines:
        args = shlex.split(line.replace("$OUT", str(out)))[1:]
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    yield out, analysed
    patch.undo()


def test_course_example_json_shows_trend_change_alerts_and_repair(built: tuple[Path, bool]) -> None:
    out, analysed = built
    data = json.loads((out / "course.json").read_text())
    brief = next(i for i in data["instruments"] if i["key"] == "alliance-checkin-brief")
    assert [s["session"] for s in brief["scores"]] == [1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert brief["trend"] == "rising"
    assert brief["rci_first_to_last"] >= 1.96
    assert brief["verdict"].startswith("reliable improvement")
    rules = {(a["rule"], a["session"]) for a in data["alerts"]}
    for expected in [
        ("reliable_drop", 5), ("below_cutoff", 5), ("item_below_threshold", 5),
        ("low_streak", 6), ("missing_checkin", 9), ("rupture_repaired", 7),
    ]:  # fmt: skip
        assert expected in rules
    repaired = [r for r in data["ruptures"] if r["repaired"]]
    assert [(r["drop_session"], r["recovered_at"]) for r in repaired] == [(5, 7)]
    assert data["stage"]["current"]
    assert [g["latest_progress"] for g in data["goals"]] == [8, 9]
    assert len(data["sessions"]) == 10
    if analysed:
        assert all(s["transcript"]["analysed"] for s in data["sessions"])


def test_course_example_text_shows_the_same(built: tuple[Path, bool]) -> None:
    text = (built[0] / "course.txt").read_text()
    assert "reliable improvement" in text
    assert "rising" in text
    assert "repaired by session 7" in text
    for rule in ("reliable_drop", "low_streak", "missing_checkin", "rupture_repaired"):
        assert rule in text
    assert "not yet validated" in text


def test_course_example_html_is_self_contained_and_shows_the_same(built: tuple[Path, bool]) -> None:
    html = (built[0] / "course.html").read_text()
    assert "<svg" in html and "rupture repaired" in html
    assert "reliable improvement" in html and "rising" in html
    assert "a rupture that was repaired" in html
    for rule in ("reliable_drop", "low_streak", "missing_checkin"):
        assert rule in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "https://" not in html
