"""The example transcripts shipped in examples/ read as documented in examples/README.md."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from alliance.io import find_transcripts, read_path
from alliance.model import Role

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# file -> (utterances, therapist ids, client ids)
EXPECTED = {
    "long-session-50min.vtt": (451, {"Counsellor"}, {"Marcus"}),
    "intake-first-session.txt": (110, {"T"}, {"C"}),
    "low-quality-review.txt": (88, {"Dr. Hale"}, {"Kevin"}),
    "rupture-and-repair.srt": (116, {"Counselor"}, {"Jamie"}),
    "couples-session.vtt": (100, {"Dr. Amara Osei"}, {"Priya", "Dan"}),
    "carer-session.docx": (82, {"Therapist"}, {"Helen"}),
    "diarised-session.json": (81, {"SPEAKER_01"}, {"SPEAKER_00"}),
    "progress-review.csv": (58, {"Counsellor"}, {"Grace"}),
}


def test_examples_top_level_transcripts_are_all_listed() -> None:
    top_level = {p.name for p in find_transcripts([EXAMPLES]) if p.parent == EXAMPLES}
    assert top_level == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_examples_read_with_expected_speakers_and_roles(name: str) -> None:
    count, therapists, clients = EXPECTED[name]
    (session,) = read_path(EXAMPLES / name)
    assert len(session) == count
    assert {s.id for s in session.speakers if s.role is Role.THERAPIST} == therapists
    assert {s.id for s in session.speakers if s.role is Role.CLIENT} == clients


def test_examples_long_session_spans_about_fifty_minutes() -> None:
    (session,) = read_path(EXAMPLES / "long-session-50min.vtt")
    assert session.duration is not None and 48 * 60 <= session.duration <= 52 * 60
    starts = [u.start for u in session]
    assert all(a is not None and b is not None and a < b for a, b in itertools.pairwise(starts))
