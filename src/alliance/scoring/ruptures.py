"""Rupture markers and whether the therapist attended to them.

After Safran and Muran's two families, in our own operational words:

- **withdrawal**: the client pulls back: three or more minimal replies in a row to the
  therapist's questions or input (a minimal reply after a reflection is usually listening, so it
  neither counts nor breaks the run). Abrupt topic shifts are not flagged: a lexical test (no
  content word shared with the turn reflected) flagged mostly on-topic turns on AnnoMI, and a
  reliable one needs sentence embeddings the scorer does not have;
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

__all__ = ["MIN_STREAK", "find_ruptures", "is_minimal", "next_therapist_turns", "repair_words"]

MIN_STREAK = 3
REPAIR_WINDOW = 3
MINIMAL_WORDS = 3

_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|my mistake|i was wrong|i didn'?t mean)\b", re.IGNORECASE
)
_CHECK_IN = re.compile(
    r"\b(how (is|are) (this|we|things) going|how does (this|that) (sound|feel)|"
    r"(what|how) (would|do) you (like|want) (to|us)|am i (on track|understanding)|"
    r"did i get (that|it) right|is this (helpful|useful|okay|ok))\b",
    re.IGNORECASE,
)


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


def _answers(utterances: Sequence[Utterance], position: int) -> bool:
    """Whether the client turn at ``position`` answers a therapist question or piece of input
    (a minimal reply there is holding back; after a reflection it is usually just listening)."""
    for u in reversed(utterances[:position]):
        if u.role is Role.THERAPIST:
            return u.code("behaviour") in ("question", "therapist_input")
    return False


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


REPAIR_WORDS = {
    "behaviour=reflection": "a reflection",
    "affirmation": "an affirmation",
    "reflection_of_feeling": "a reflection of feeling",
    "asks_permission": "asking permission",
    "apology": "an apology",
    "asks_about_the_session": "a question about how the session is going",
}


def repair_words(codes: Sequence[str]) -> str:
    """``("behaviour=reflection", "affirmation")`` as ``a reflection and an affirmation``."""
    words = [REPAIR_WORDS.get(c, c) for c in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _repair(utterances: Sequence[Utterance], last_position: int) -> Evidence | None:
    for u in next_therapist_turns(utterances, last_position):
        found = _attends(u)
        if found:
            return Evidence((u.index,), found, "the therapist attended with " + repair_words(found))
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


def find_ruptures(utterances: Sequence[Utterance], *, cues: bool = False) -> tuple[Rupture, ...]:
    """Withdrawal and confrontation markers of a session, in order of where they start."""
    cues = cues or any(key in CUE_KEYS for u in utterances for key in u.codes)
    found: list[tuple[int, Rupture]] = []
    client_positions = [i for i, u in enumerate(utterances) if u.role is Role.CLIENT]

    streak: list[int] = []
    minimal_code = ("minimal_response",) if cues else ("three words or fewer",)
    for p in [*client_positions, -1]:
        if p >= 0 and is_minimal(utterances[p], cues=cues):
            if _answers(utterances, p):
                streak.append(p)
            continue  # a backchannel while the therapist reflects neither adds nor breaks
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
