"""The nouns of alliance: a :class:`Session` of :class:`Utterance` s by :class:`Speaker` s, and the
typed records analysis adds to them (:class:`Code`, :class:`Evidence`, :class:`Score`,
:class:`IndexValue`, :class:`StageSpan`, :class:`Rupture`, :class:`Feedback`).

All records are frozen: analysis steps return new sessions (``dataclasses.replace``) instead of
changing the one they were given. The JSON form of each record is in :mod:`alliance.serialize`
and round-trips exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "Code",
    "Evidence",
    "Feedback",
    "IndexValue",
    "Role",
    "RoleSource",
    "Rupture",
    "Score",
    "Scores",
    "Session",
    "Speaker",
    "StageSpan",
    "Utterance",
]


class Role(StrEnum):
    """Who a speaker is in the session."""

    THERAPIST = "therapist"
    CLIENT = "client"
    OTHER = "other"


RoleSource = Literal["label", "inferred", "override", "default"]
"""How a role was found: said by the label, inferred from how the person talks, set by the user
(``--therapist``), or a default where there was nothing to go on."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person in the session, named as the transcript names them."""

    id: str
    role: Role
    role_confidence: float = 1.0
    role_source: RoleSource = "label"


@dataclass(frozen=True, slots=True)
class Code:
    """One code on one utterance: its value (``"open"``, ``"change"``, ``True`` for a cue that is
    present), how sure the coder is (0–1), which coder gave it (``name@version``), and for cue
    coders the names of the rules that fired (never the matched words)."""

    value: str | bool
    confidence: float
    source: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Utterance:
    """One turn of talk. ``index`` is its order in the session (AnnoMI's ``utterance_id`` where
    given); ``start`` and ``end`` are seconds from the start of the recording, when known."""

    index: int
    speaker: str
    role: Role
    text: str
    start: float | None = None
    end: float | None = None
    codes: Mapping[str, Code] = field(default_factory=dict)
    stage: str | None = None

    def code(self, key: str) -> str | bool | None:
        """The value of code ``key``, or ``None`` when the utterance does not carry it."""
        found = self.codes.get(key)
        return None if found is None else found.value

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a score, stage, rupture or feedback rests on: the utterances (by ``index``) and the
    codes behind it, with a short note in the words of the field (never transcript text)."""

    utterances: tuple[int, ...]
    codes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Score:
    """A 0–100 score with its confidence (0–1) and evidence. ``value`` is ``None`` when there
    was too little evidence to give a number; ``reason`` then says why."""

    name: str
    value: float | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class IndexValue:
    """A behavioural index (e.g. reflection-to-question ratio) beside its published thresholds
    (``{"fair": 1.0, "good": 2.0}``) and the band it falls in."""

    name: str
    value: float | None
    thresholds: Mapping[str, float] = field(default_factory=dict)
    band: str | None = None
    evidence: tuple[Evidence, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Scores:
    """The relationship scores of one session."""

    overall: Score
    components: Mapping[str, Score] = field(default_factory=dict)
    elements: Mapping[str, Score] = field(default_factory=dict)
    indices: Mapping[str, IndexValue] = field(default_factory=dict)
    framework: str = ""


@dataclass(frozen=True, slots=True)
class StageSpan:
    """A run of consecutive utterances in one stage (``first`` and ``last`` are indices)."""

    stage: str
    first: int
    last: int
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class Rupture:
    """A withdrawal or confrontation marker, flagged with its utterances (never a verdict), and
    whether the therapist attended to it afterwards (``repaired`` with the repair's evidence)."""

    kind: Literal["withdrawal", "confrontation"]
    evidence: Evidence
    repaired: bool
    repair: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    """One observation a therapist can act on, tied to its evidence."""

    topic: str
    message: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Session:
    """One therapy session: who spoke and what was said, and what analysis found in it."""

    id: str
    speakers: tuple[Speaker, ...]
    utterances: tuple[Utterance, ...]
    source: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    scores: Scores | None = None
    stages: tuple[StageSpan, ...] = ()
    ruptures: tuple[Rupture, ...] = ()
    feedback: tuple[Feedback, ...] = ()

    def __iter__(self) -> Iterator[Utterance]:
        return iter(self.utterances)

    def __len__(self) -> int:
        return len(self.utterances)

    def speaker(self, speaker_id: str) -> Speaker:
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        raise KeyError(speaker_id)

    def by_role(self, role: Role) -> tuple[Utterance, ...]:
        """The utterances of everyone in ``role``, in order."""
        return tuple(u for u in self.utterances if u.role is role)

    @property
    def duration(self) -> float | None:
        """Seconds from the first start to the last end (or start) time, when times exist."""
        starts = [u.start for u in self.utterances if u.start is not None]
        ends = [u.end if u.end is not None else u.start for u in self.utterances]
        ends_known = [e for e in ends if e is not None]
        if not starts or not ends_known:
            return None
        return max(ends_known) - min(starts)
