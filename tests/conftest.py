"""Shared test fixtures: tiny sessions built in code, and the location of the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.model import Role, Session, Speaker, Utterance

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ANNOMI_CSV = SHARED / "data" / "annomi" / "AnnoMI-full-dev.csv"
EXAMPLES = REPO / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite the golden files from the current output instead of comparing with them.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def annomi_csv() -> Path:
    if not ANNOMI_CSV.exists():
        pytest.skip(f"the AnnoMI development data is not here ({ANNOMI_CSV}); it is in shared/")
    return ANNOMI_CSV


def make_session(*turns: tuple[str, str], session_id: str = "s1") -> Session:
    """A session from (role, text) pairs; 'T' is the therapist, 'C' the client."""
    roles = {"T": Role.THERAPIST, "C": Role.CLIENT, "O": Role.OTHER}
    utterances = tuple(
        Utterance(index=i, speaker=who, role=roles[who], text=text, start=float(i * 5))
        for i, (who, text) in enumerate(turns)
    )
    speakers = tuple(Speaker(id=who, role=roles[who]) for who in dict.fromkeys(w for w, _ in turns))
    return Session(id=session_id, speakers=speakers, utterances=utterances)


@pytest.fixture
def small_session() -> Session:
    return make_session(
        ("T", "What brings you in today?"),
        ("C", "I've been drinking more than I'd like since the divorce."),
        ("T", "It sounds like the drinking has started to worry you."),
        ("C", "Yeah. I want to cut down before it gets worse."),
        ("T", "Would it be okay if I shared a few ideas other people have found useful?"),
        ("C", "Sure."),
    )
