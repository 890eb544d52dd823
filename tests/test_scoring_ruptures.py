"""Rupture markers (withdrawal, confrontation) and repair."""

from __future__ import annotations

from alliance.model import Code, Role, Utterance
from alliance.scoring.ruptures import find_ruptures


def t(i: int, text: str = "tell me more about that please", **codes: str | bool) -> Utterance:
    return Utterance(
        i,
        "T",
        Role.THERAPIST,
        text,
        start=10.0 * i,
        codes={k: Code(v, 1.0, "t") for k, v in codes.items()},
    )


def c(i: int, text: str = "well I am not sure about it", **codes: str | bool) -> Utterance:
    return Utterance(
        i,
        "C",
        Role.CLIENT,
        text,
        start=10.0 * i,
        codes={k: Code(v, 1.0, "t") for k, v in codes.items()},
    )


def test_ruptures_withdrawal_streak_and_repair() -> None:
    utterances = [
        t(0, behaviour="question", question="closed"),
        c(1, "no", minimal_response=True),
        t(2, behaviour="question", question="closed"),
        c(3, "fine", minimal_response=True),
        t(4, behaviour="question", question="closed"),
        c(5, "yeah", minimal_response=True),
        t(6, behaviour="reflection", reflection="complex"),
        c(7),
    ]
    found = find_ruptures(utterances)
    assert len(found) == 1
    rupture = found[0]
    assert rupture.kind == "withdrawal"
    assert rupture.evidence.utterances == (1, 3, 5)
    assert rupture.repaired and rupture.repair is not None and rupture.repair.utterances == (6,)


def test_ruptures_two_minimal_responses_are_not_a_streak() -> None:
    utterances = [
        t(0, behaviour="other"),
        c(1, "no", minimal_response=True),
        t(2, behaviour="other"),
        c(3, "no", minimal_response=True),
        t(4, behaviour="other"),
        c(5, affirmation=False),
    ]
    assert find_ruptures(utterances) == ()


def test_ruptures_confrontation_without_repair() -> None:
    utterances = [
        t(0, behaviour="therapist_input", input="advice"),
        c(1, disagreement=True),
        t(2, behaviour="therapist_input", input="advice"),
        t(3, behaviour="therapist_input", input="advice"),
        t(4, behaviour="question", question="closed"),
        t(5, behaviour="reflection"),
    ]
    (rupture,) = find_ruptures(utterances)
    assert rupture.kind == "confrontation"
    assert rupture.evidence.utterances == (1,)
    assert not rupture.repaired


def test_ruptures_apology_counts_as_repair() -> None:
    utterances = [
        t(0, behaviour="other", affirmation=False),
        c(1, disagreement=True),
        t(2, "I'm sorry, I went too fast there", behaviour="other"),
    ]
    (rupture,) = find_ruptures(utterances)
    assert rupture.repaired and rupture.repair is not None
    assert "apology" in rupture.repair.codes


def test_ruptures_without_cue_coder_use_short_answers() -> None:
    utterances = []
    for i in range(4):
        utterances += [
            t(2 * i, behaviour="question", question="closed"),
            c(2 * i + 1, "no", talk_type="neutral"),
        ]
    (rupture,) = find_ruptures(utterances)
    assert rupture.kind == "withdrawal"
    assert rupture.evidence.codes == ("three words or fewer",)
