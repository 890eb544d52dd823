"""Feedback is tied to counts, times and utterances of this session."""

from __future__ import annotations

from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.scoring import RelationshipScorer
from alliance.scoring.feedback import at


def session() -> Session:
    turns: list[tuple[Role, dict[str, str | bool]]] = []
    for _ in range(12):
        turns.append((Role.THERAPIST, {"behaviour": "question", "question": "closed"}))
        turns.append((Role.CLIENT, {"talk_type": "neutral"}))
    turns += [
        (Role.THERAPIST, {"behaviour": "question", "question": "open"}),
        (Role.CLIENT, {"talk_type": "neutral"}),
    ] * 2
    turns.append((Role.CLIENT, {"talk_type": "sustain", "disagreement": True}))
    for _ in range(3):
        turns.append(
            (
                Role.THERAPIST,
                {
                    "behaviour": "therapist_input",
                    "input": "advice",
                    "advice_without_permission": True,
                },
            )
        )
    utterances = tuple(
        Utterance(
            i,
            role.value,
            role,
            "a few words in this turn",
            start=20.0 * i,
            codes={k: Code(v, 1.0, "t") for k, v in codes.items()},
        )
        for i, (role, codes) in enumerate(turns)
    )
    return Session(
        "fb", (Speaker("therapist", Role.THERAPIST), Speaker("client", Role.CLIENT)), utterances
    )


def test_feedback_counts_open_questions() -> None:
    (out,) = RelationshipScorer()([session()])
    messages = {f.topic: f.message for f in out.feedback}
    assert messages["open_questions"].startswith("2 of 14 questions were open (14%)")


def test_feedback_names_time_of_disagreement_and_what_followed() -> None:
    (out,) = RelationshipScorer()([session()])
    rupture = next(f for f in out.feedback if f.topic == "rupture:confrontation")
    assert rupture.message.startswith(
        "At 9:20 the client disagreed; the next three turns were advice without permission"
    )
    assert "no reflection" in rupture.message
    assert rupture.evidence[0].utterances == (28,)
    assert rupture.evidence[1].utterances == (29, 30, 31)


def test_feedback_lists_advice_without_permission_times() -> None:
    (out,) = RelationshipScorer()([session()])
    advice = next(f for f in out.feedback if f.topic == "advice_without_permission")
    assert "3 pieces of advice" in advice.message and "9:40" in advice.message


def test_feedback_time_format() -> None:
    assert at(Utterance(3, "x", Role.CLIENT, "", start=760.4)) == "12:40"
    assert at(Utterance(3, "x", Role.CLIENT, "", start=3725.0)) == "1:02:05"
    assert at(Utterance(57, "x", Role.CLIENT, "")) == "turn 57"
