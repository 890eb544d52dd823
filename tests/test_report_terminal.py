"""The terminal report shows scores and feedback but never transcript text."""

from __future__ import annotations

from rich.console import Console

from alliance.report import render_terminal
from alliance.scoring import RelationshipScorer
from test_scoring_step import SECRET, coded_session


def render(*sessions: object) -> str:
    console = Console(record=True, width=140, color_system=None)
    render_terminal(list(sessions), console)  # type: ignore[arg-type]
    return console.export_text()


def test_report_terminal_shows_scores_indices_stages_feedback() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    text = render(out)
    for part in (
        "Talk balance",
        "Relationship scores",
        "overall",
        "component · empathy",
        "element · commitment",
        "Indices",
        "Reflection-to-question ratio",
        "Stages:",
        "Feedback",
    ):
        assert part in text


def test_report_terminal_never_prints_transcript_text() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    assert SECRET not in render(out)


def test_report_terminal_unscored_session_says_so() -> None:
    assert "Not scored" in render(coded_session())
