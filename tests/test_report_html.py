"""The HTML report: self-contained, offline, escaped, with evidence links."""

from __future__ import annotations

import re

from alliance.model import Role, Session, Speaker, Utterance
from alliance.report import render_html
from alliance.scoring import RelationshipScorer
from test_scoring_step import coded_session


def scored(*sessions: Session) -> list[Session]:
    return RelationshipScorer()(list(sessions))


def test_report_html_is_self_contained_and_offline() -> None:
    page = render_html(scored(coded_session()))
    assert page.startswith("<!doctype html>")
    assert page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert "<script>" in page and "<style>" in page


def test_report_html_shows_every_part() -> None:
    page = render_html(scored(coded_session()))
    for part in (
        "Overall relationship",
        "Components",
        "Key elements",
        "Stages",
        "Indices",
        "Behaviour counts",
        "Feedback",
        "Ruptures",
        "Transcript",
        "Talk balance",
    ):
        assert part in page
    for name in (
        "Rapport",
        "Empathy",
        "Congruence",
        "Positive regard",
        "Communication",
        "Commitment",
    ):
        assert name in page
    assert "Reflection-to-question ratio" in page
    assert 'class="timeline"' in page and 'class="balance"' in page


def test_report_html_links_evidence_to_utterance_rows() -> None:
    page = render_html(scored(coded_session()))
    rows = set(re.findall(r'id="s0-u(\d+)"', page))
    assert len(rows) == 120
    linked = {i for group in re.findall(r'data-evidence="([\d ]*)"', page) for i in group.split()}
    assert linked and linked <= rows


def test_report_html_escapes_transcript_text() -> None:
    utterance = Utterance(0, "C", Role.CLIENT, "<script>alert('x')</script> & more")
    session = Session("x<y", (Speaker("C", Role.CLIENT),), (utterance,))
    page = render_html([session])
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "x&lt;y" in page
    assert "Not scored" in page


def test_report_html_several_sessions_have_navigation() -> None:
    page = render_html(scored(coded_session(1), coded_session(2)))
    assert 'href="#s0"' in page and 'href="#s1"' in page
    assert 'id="s1-u0"' in page
