"""Who is the therapist? From the labels where they say it, else from how each person talks.

Order of precedence: ``therapist=NAME`` (the user knows best), then role words in a label
(``Therapist``, ``T``, ``Dr. Rivera``, ``Client 2``) or a role column in the data, then inference.
Inference looks at what distinguishes a counsellor's talk from a client's in most sessions:
questions, reflection stems ("it sounds like", "so you"), talk about *you* rather than *I*,
and who opens the session. It is a heuristic: its confidence (0.5–1.0) says how clearly the
speakers differed, and the user can always override it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from alliance.errors import InputError
from alliance.model import Role, Session, Speaker

__all__ = [
    "UNKNOWN_SPEAKER",
    "assign_roles",
    "role_from_label",
    "therapist_likeness",
    "with_therapist",
]

UNKNOWN_SPEAKER = "unknown"
"""The speaker id given to captions that name nobody."""

_THERAPIST_WORDS = frozenset(
    {
        "t",
        "th",
        "ther",
        "therapist",
        "counselor",
        "counsellor",
        "interviewer",
        "clinician",
        "psychologist",
        "psychotherapist",
        "psychiatrist",
        "doctor",
        "dr",
        "provider",
        "practitioner",
        "coach",
        "facilitator",
        "mi",
        "cotherapist",
        "co-therapist",
    }
)
_CLIENT_WORDS = frozenset(
    {
        "c",
        "cl",
        "client",
        "patient",
        "pt",
        "p",
        "participant",
        "interviewee",
        "respondent",
        "counselee",
        "consumer",
        "service user",
    }
)
_TRAILING_NUMBER = re.compile(r"[\s_\-#]*\d+$")


def role_from_label(label: str) -> Role | None:
    """The role a label states (``"Therapist"``, ``"T"``, ``"Dr. Rivera"``, ``"Client 2"``),
    or ``None`` when it is a plain name or a diariser's ``SPEAKER_00``."""
    text = " ".join(label.casefold().replace("_", " ").split()).strip(" .:")
    if not text:
        return None
    if text.startswith(("dr.", "dr ")) or text in ("dr", "doctor"):
        return Role.THERAPIST
    bare = _TRAILING_NUMBER.sub("", text).strip(" .")
    first = bare.split(" ")[0].strip(".") if bare else ""
    for word in (bare, first):
        if word in _THERAPIST_WORDS:
            return Role.THERAPIST
        if word in _CLIENT_WORDS:
            return Role.CLIENT
    if bare in ("social worker", "mental health worker", "case manager"):
        return Role.THERAPIST
    return None


_REFLECTION_STEMS = re.compile(
    r"^(?:so,?\s+)?(?:it\s+sounds\s+like|sounds\s+like|it\s+seems|seems\s+like|so\s+you|"
    r"you\s+feel|you'?re\s+feeling|you'?ve\s+been|you'?re\s+saying|what\s+i'?m\s+hearing|"
    r"i'?m\s+hearing|on\s+the\s+one\s+hand|you\s+want|you'?re\s+not\s+sure|part\s+of\s+you|"
    r"you\s+wonder|it'?s\s+like\s+you|you'?re\s+worried|you\s+really)",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:what|how|why|when|where|who|which|tell\s+me|can\s+you|could\s+you|would\s+you|"
    r"do\s+you|did\s+you|are\s+you|have\s+you|is\s+it|is\s+there)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"})
_SECOND_PERSON = frozenset(
    {"you", "you're", "you've", "you'd", "you'll", "your", "yours", "yourself", "yourselves"}
)


@dataclass(frozen=True, slots=True)
class _Profile:
    questions: float
    reflections: float
    you_minus_i: float
    first: bool


def therapist_likeness(texts: Sequence[str], *, speaks_first: bool = False) -> float:
    """How much a person's utterances read like a counsellor's: higher is more therapist-like.

    Only the ordering between speakers of one session means anything."""
    return _score(_profile(texts, speaks_first))


def _profile(texts: Sequence[str], first: bool) -> _Profile:
    n = max(1, len(texts))
    questions = reflections = 0
    you = me = words = 0
    for text in texts:
        stripped = text.strip()
        if "?" in stripped or _QUESTION_START.match(stripped):
            questions += 1
        if _REFLECTION_STEMS.match(stripped):
            reflections += 1
        for word in _WORD.findall(stripped.casefold().replace("’", "'")):
            words += 1
            if word in _SECOND_PERSON:
                you += 1
            elif word in _FIRST_PERSON:
                me += 1
    return _Profile(
        questions=questions / n,
        reflections=reflections / n,
        you_minus_i=(you - me) / max(1, words),
        first=first,
    )


def _score(p: _Profile) -> float:
    return p.questions + 1.5 * p.reflections + 8.0 * p.you_minus_i + (0.1 if p.first else 0.0)


def assign_roles(
    turns: Sequence[tuple[str, str]],
    *,
    declared: Mapping[str, Role] | None = None,
    therapist: str | None = None,
    path: str | None = None,
) -> tuple[Speaker, ...]:
    """The speakers of one session, in order of first appearance, with their roles.

    ``turns`` are ``(speaker id, text)`` in order; ``declared`` holds roles the data states (a
    role column, ConvoKit speaker metadata) and counts as a label."""
    order: list[str] = []
    texts: dict[str, list[str]] = {}
    for speaker, text in turns:
        if speaker not in texts:
            order.append(speaker)
            texts[speaker] = []
        texts[speaker].append(text)
    if therapist is not None:
        return _override(order, therapist, path=path)

    declared = declared or {}
    found: dict[str, Speaker] = {}
    for speaker in order:
        role = declared.get(speaker) or role_from_label(speaker)
        if role is not None:
            found[speaker] = Speaker(speaker, role, 1.0, "label")
        elif speaker == UNKNOWN_SPEAKER:
            found[speaker] = Speaker(speaker, Role.OTHER, 0.5, "default")
    rest = [s for s in order if s not in found]
    has_therapist = any(s.role is Role.THERAPIST for s in found.values())
    if rest and has_therapist:
        for speaker in rest:
            found[speaker] = Speaker(speaker, Role.CLIENT, 0.9, "inferred")
    elif len(rest) == 1 and not found:
        found[rest[0]] = Speaker(rest[0], Role.OTHER, 0.5, "default")
    elif rest:
        scores = {s: therapist_likeness(texts[s], speaks_first=(s == order[0])) for s in rest}
        ranked = sorted(rest, key=lambda s: scores[s], reverse=True)
        top = ranked[0]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        confidence = _confidence(scores[top] - runner_up, n=len(texts[top]))
        for speaker in rest:
            role = Role.THERAPIST if speaker == top else Role.CLIENT
            found[speaker] = Speaker(speaker, role, confidence, "inferred")
    return tuple(found[s] for s in order)


def _confidence(margin: float, *, n: int) -> float:
    # A clear margin over many utterances is convincing; a small one, or a handful of
    # utterances, is barely better than a coin toss.
    amount = min(1.0, max(0.0, margin) / 0.8) * min(1.0, n / 10)
    return round(0.5 + 0.5 * amount, 3)


def _override(order: Sequence[str], therapist: str, *, path: str | None) -> tuple[Speaker, ...]:
    wanted = therapist.strip().casefold()
    match = [s for s in order if s.casefold() == wanted]
    if not match:
        known = ", ".join(order) if order else "(none)"
        raise InputError(
            f"no speaker called {therapist!r}; the speakers are: {known}",
            path=path,
            hint="pass one of these to --therapist (therapist=)",
        )
    return tuple(
        Speaker(s, Role.THERAPIST if s == match[0] else Role.CLIENT, 1.0, "override") for s in order
    )


def with_therapist(session: Session, therapist: str) -> Session:
    """``session`` with ``therapist`` as the therapist and everyone else a client (as
    ``--therapist`` does when reading); every utterance's role follows."""
    speakers = _override([s.id for s in session.speakers], therapist, path=session.source)
    roles = {s.id: s.role for s in speakers}
    utterances = tuple(replace(u, role=roles.get(u.speaker, u.role)) for u in session.utterances)
    return replace(session, speakers=speakers, utterances=utterances)
