"""Rupture markers and whether the therapist attended to them.

After Safran and Muran's two families, in our own operational words:

- **withdrawal**: the client pulls back: three or more client turns in a row that are minimal
  responses, or a client turn that leaves the topic the therapist just reflected (no content
  word in common with it or the turn before, in a long turn);
- **confrontation**: the client pushes back: disagreement with the therapist or a complaint
  about the therapy (the cue coder's ``disagreement``), consecutive ones joined.

A marker is flagged with its utterances, never as a verdict. It counts as **repaired** when one
of the therapist's next three turns attends to the client: a reflection, an affirmation, a
reflection of feeling, asking permission, an apology or a question about how the session is
going for the client.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from alliance.model import Evidence, Role, Rupture, Utterance
from alliance.scoring.indices import CUE_KEYS

__all__ = ["MIN_STREAK", "find_ruptures", "is_minimal", "next_therapist_turns"]

MIN_STREAK = 3
REPAIR_WINDOW = 3
MINIMAL_WORDS = 3
SHIFT_MIN_WORDS = 10

_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|my mistake|i was wrong|i didn'?t mean)\b", re.IGNORECASE
)
_CHECK_IN = re.compile(
    r"\b(how (is|are) (this|we|things) going|how does (this|that) (sound|feel)|"
    r"(what|how) (would|do) you (like|want) (to|us)|am i (on track|understanding)|"
    r"did i get (that|it) right|is this (helpful|useful|okay|ok))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")
_STOP_WORDS = (
    "a about after again all also am an and any are as at be because been being but by can "
    "could did do does doing don't down for from get got had has have having he her here him "
    "his how i i'm if in into is it it's its just know like me more my no not now of off on one "
    "or our out over really right said say so some such than that that's the their them then "
    "there these they thing things think this those to too up us very was way we well were what "
    "when where which while who why will with would yeah yes you you're your okay ok um uh mm "
    "hmm oh "
)
_STOP = frozenset(_STOP_WORDS.split())


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def is_minimal(u: Utterance, *, cues: bool) -> bool:
    """A minimal client response: the cue coder's mark, or (without the cue coder) three words
    or fewer that are not change talk."""
    if cues:
        return u.code("minimal_response") is True
    return u.words <= MINIMAL_WORDS and u.code("talk_type") != "change"


def next_therapist_turns(
    utterances: Sequence[Utterance], after: int, count: int = REPAIR_WINDOW
) -> list[Utterance]:
    """The therapist's next ``count`` turns after position ``after`` in ``utterances``."""
    out = []
    for u in utterances[after + 1 :]:
        if u.role is Role.THERAPIST:
            out.append(u)
            if len(out) == count:
                break
    return out


def _attends(u: Utterance) -> tuple[str, ...]:
    found = []
    if u.code("behaviour") == "reflection":
        found.append("behaviour=reflection")
    for cue in ("affirmation", "reflection_of_feeling", "asks_permission"):
        if u.code(cue) is True:
            found.append(cue)
    if _APOLOGY.search(u.text):
        found.append("apology")
    if _CHECK_IN.search(u.text):
        found.append("asks_about_the_session")
    return tuple(found)


def _repair(utterances: Sequence[Utterance], last_position: int) -> Evidence | None:
    for u in next_therapist_turns(utterances, last_position):
        found = _attends(u)
        if found:
            return Evidence((u.index,), found, "the therapist attended: " + ", ".join(found))
    return None


def _rupture(
    kind: str,
    utterances: Sequence[Utterance],
    positions: list[int],
    codes: tuple[str, ...],
    note: str,
) -> Rupture:
    repair = _repair(utterances, positions[-1])
    evidence = Evidence(tuple(utterances[p].index for p in positions), codes, note)
    return Rupture(kind=kind, evidence=evidence, repaired=repair is not None, repair=repair)  # type: ignore[arg-type]


def find_ruptures(utterances: Sequence[Utterance]) -> tuple[Rupture, ...]:
    """Withdrawal and confrontation markers of a session, in order of where they start."""
    cues = any(key in CUE_KEYS for u in utterances for key in u.codes)
    found: list[tuple[int, Rupture]] = []
    client_positions = [i for i, u in enumerate(utterances) if u.role is Role.CLIENT]

    streak: list[int] = []
    minimal_code = ("minimal_response",) if cues else ("three words or fewer",)
    for p in [*client_positions, -1]:
        if p >= 0 and is_minimal(utterances[p], cues=cues):
            streak.append(p)
            continue
        if len(streak) >= MIN_STREAK:
            found.append(
                (
                    streak[0],
                    _rupture(
                        "withdrawal",
                        utterances,
                        streak,
                        minimal_code,
                        f"{len(streak)} minimal client responses in a row",
                    ),
                )
            )
        streak = []

    for p in client_positions:
        u = utterances[p]
        if p < 2 or u.words < SHIFT_MIN_WORDS or utterances[p - 1].role is not Role.THERAPIST:
            continue
        if utterances[p - 1].code("behaviour") != "reflection":
            continue
        words = _content(u.text)
        before = _content(utterances[p - 1].text) | _content(utterances[p - 2].text)
        if len(words) >= 5 and before and not words & before:
            found.append(
                (
                    p,
                    _rupture(
                        "withdrawal",
                        utterances,
                        [p],
                        ("topic_shift",),
                        "the client moved away from the topic just reflected"
                        " (no shared content words)",
                    ),
                )
            )

    group: list[int] = []
    for p in [*client_positions, -1]:
        if p >= 0 and utterances[p].code("disagreement") is True:
            if group and p - group[-1] > 4:
                found.append((group[0], _confrontation(utterances, group)))
                group = []
            group.append(p)
            continue
        if group and (p < 0 or p - group[-1] > 4):
            found.append((group[0], _confrontation(utterances, group)))
            group = []
    found.sort(key=lambda item: item[0])
    return tuple(r for _, r in found)


def _confrontation(utterances: Sequence[Utterance], group: list[int]) -> Rupture:
    what = "disagreement" if len(group) == 1 else f"{len(group)} disagreements close together"
    return _rupture(
        "confrontation", utterances, group, ("disagreement",), f"the client voiced {what}"
    )
