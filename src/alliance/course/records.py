"""Plain records the store takes and gives back, so that no database object leaves it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "CheckIn",
    "CheckInInput",
    "ClientSummary",
    "Goal",
    "GoalProgress",
    "SessionScores",
    "StoredSession",
]


@dataclass(frozen=True, slots=True)
class CheckInInput:
    """One set of answers to store. ``session`` (its number in the course) or ``held_on``
    places it; with neither it goes to the latest session that has no check-in on this
    instrument yet, or a new one. ``where`` (``file:line``) is used in error messages."""

    client: str
    instrument: str
    answers: Mapping[str, float]
    session: int | None = None
    held_on: date | None = None
    answered_at: datetime | None = None
    source: str = "terminal"
    external_id: str | None = None
    where: str | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A stored check-in: its session, instrument, total score and answers by linkId."""

    id: int
    client: str
    session: int
    held_on: date | None
    instrument: str
    score: float
    answers: Mapping[str, float]
    answered_at: datetime | None = None
    source: str = ""
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClientSummary:
    code: str
    created_at: datetime
    sessions: int
    checkins: int


@dataclass(frozen=True, slots=True)
class SessionScores:
    """What analysis of the transcript gave, as numbers (0–100 scores; indices as they are)."""

    overall: float | None = None
    components: Mapping[str, float | None] = field(default_factory=dict)
    elements: Mapping[str, float | None] = field(default_factory=dict)
    indices: Mapping[str, float | None] = field(default_factory=dict)
    bands: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredSession:
    """One session of a course: when it was, whether a transcript was analysed, and what that
    gave (scores, rupture markers, the stages in order with their utterance counts)."""

    number: int
    held_on: date | None
    analysed: bool
    scores: SessionScores | None
    ruptures: int | None
    ruptures_repaired: int | None
    stages: tuple[tuple[str, int], ...]
    source_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class GoalProgress:
    session: int | None
    rating: float
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    title: str
    status: str
    set_in_session: int | None
    progress: tuple[GoalProgress, ...] = ()

    @property
    def latest(self) -> float | None:
        return self.progress[-1].rating if self.progress else None
