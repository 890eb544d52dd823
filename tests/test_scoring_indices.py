"""Indices counted from hand-set codes on tiny sessions."""

from __future__ import annotations

import pytest

from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.scoring.indices import INDEX_NAMES, compute_indices


def build(*turns: tuple[str, dict[str, str | bool]], words: int = 6) -> Session:
    """A session from (role letter, codes) pairs; every utterance has ``words`` words."""
    utterances = []
    for i, (who, codes) in enumerate(turns):
        role = Role.THERAPIST if who == "T" else Role.CLIENT
        utterances.append(
            Utterance(
                index=i,
                speaker=who,
                role=role,
                text=" ".join(["word"] * words),
                start=10.0 * i,
                codes={k: Code(v, 1.0, "test") for k, v in codes.items()},
            )
        )
    speakers = (Speaker("T", Role.THERAPIST), Speaker("C", Role.CLIENT))
    return Session("synthetic", speakers, tuple(utterances))


def q(kind: str = "open") -> tuple[str, dict[str, str | bool]]:
    return ("T", {"behaviour": "question", "question": kind})


def r(kind: str = "simple") -> tuple[str, dict[str, str | bool]]:
    return ("T", {"behaviour": "reflection", "reflection": kind})


def c(kind: str = "neutral", **cues: bool) -> tuple[str, dict[str, str | bool]]:
    return ("C", {"talk_type": kind, **cues})


def test_indices_reflection_to_question_counts_main_behaviour() -> None:
    turns = [q(), c(), q("closed"), c(), q(), c(), q("closed"), c()]
    turns += [r("complex"), c(), r(), c()] * 4
    found = compute_indices(build(*turns))
    rq = found["reflection_to_question"]
    assert rq.value == pytest.approx(2.0)
    assert (rq.numerator, rq.denominator) == (8, 4)
    assert set(rq.utterances) == set(range(0, 24, 2))
    assert found["percent_open_questions"].value == pytest.approx(0.5)
    assert found["percent_complex_reflections"].value == pytest.approx(0.5)
    assert found["reflection_rate"].value == pytest.approx(8 / 12)


def test_indices_subtype_read_only_on_its_behaviour() -> None:
    # A question subtype on a reflection does not make it a question.
    odd = ("T", {"behaviour": "reflection", "question": "open"})
    session = build(q(), c(), q(), c(), q(), c(), odd, c(), r(), c())
    found = compute_indices(session)
    assert found["percent_open_questions"].denominator == 3
    assert found["reflection_to_question"].numerator == 2


def test_indices_missing_behaviour_codes_give_reason_not_number() -> None:
    session = build(("T", {}), ("C", {}), ("T", {}), ("C", {}), ("T", {}), ("C", {}))
    found = compute_indices(session)
    assert found["reflection_to_question"].value is None
    assert "behaviour codes missing" in (found["reflection_to_question"].reason or "")
    assert found["change_talk_share"].value is None
    assert set(found) == INDEX_NAMES


def test_indices_cue_indices_none_without_cue_coder() -> None:
    session = build(*[q(), c()] * 6)
    found = compute_indices(session)
    assert found["affirmation_rate"].value is None
    assert "no cue codes" in (found["affirmation_rate"].reason or "")
    assert found["minimal_response_rate"].value is None


def test_indices_cue_mark_means_zero_not_missing() -> None:
    session = build(*[q(), c()] * 6)
    marked = Session(
        session.id,
        session.speakers,
        session.utterances,
        metadata={"provided": "codes.affirmation codes.interruption"},
    )
    found = compute_indices(marked)
    assert found["affirmation_rate"].value == 0.0
    assert found["minimal_response_rate"].value == 0.0


def test_indices_cue_indices_count_when_cue_coder_ran() -> None:
    turns = [q(), c(minimal_response=True), ("T", {"behaviour": "other", "affirmation": True}), c()]
    session = build(*turns * 3)
    found = compute_indices(session)
    assert found["affirmation_rate"].value == pytest.approx(0.5)
    assert found["minimal_response_rate"].value == pytest.approx(0.5)
    assert found["disagreement_rate"].value == 0.0


def test_indices_too_few_questions_is_insufficient() -> None:
    session = build(q(), c(), r(), c(), r(), c(), r(), c(), r(), c())
    found = compute_indices(session)
    assert found["percent_open_questions"].value is None
    assert "only 1 questions" in (found["percent_open_questions"].reason or "")


def test_indices_change_talk_and_share_of_talk() -> None:
    session = build(
        q(), c("change"), q(), c("change"), q(), c("sustain"), q(), c("change"), words=10
    )
    found = compute_indices(session)
    assert found["change_talk_share"].value == pytest.approx(0.75)
    assert found["change_to_sustain"].value == pytest.approx(3.0)
    assert found["therapist_share_of_talk"].value == pytest.approx(0.5)
