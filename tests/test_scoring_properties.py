"""Properties of the scorer over random codes: bounded scores, full stage coverage, JSON."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.scoring import RelationshipScorer
from alliance.serialize import session_from_dict, session_to_dict

THERAPIST_CODES = st.fixed_dictionaries(
    {},
    optional={
        "behaviour": st.sampled_from(["question", "reflection", "therapist_input", "other"]),
        "question": st.sampled_from(["open", "closed"]),
        "reflection": st.sampled_from(["simple", "complex"]),
        "input": st.sampled_from(["information", "advice", "negotiation", "options"]),
        "affirmation": st.just(True),
        "advice_without_permission": st.just(True),
        "interruption": st.just(True),
    },
)
CLIENT_CODES = st.fixed_dictionaries(
    {},
    optional={
        "talk_type": st.sampled_from(["change", "neutral", "sustain"]),
        "minimal_response": st.just(True),
        "disagreement": st.just(True),
    },
)
TURN = st.one_of(
    st.tuples(st.just(Role.THERAPIST), THERAPIST_CODES, st.integers(1, 40)),
    st.tuples(st.just(Role.CLIENT), CLIENT_CODES, st.integers(1, 40)),
)
SCORER = RelationshipScorer()


def build(turns: list[tuple[Role, dict[str, str | bool], int]], timed: bool) -> Session:
    utterances = tuple(
        Utterance(
            i,
            role.value,
            role,
            " ".join(["w"] * words),
            start=3.0 * i if timed else None,
            codes={k: Code(v, 0.8, "h") for k, v in codes.items()},
        )
        for i, (role, codes, words) in enumerate(turns)
    )
    speakers = (Speaker("therapist", Role.THERAPIST), Speaker("client", Role.CLIENT))
    return Session("p", speakers, utterances)


@settings(max_examples=60, deadline=None)
@given(st.lists(TURN, min_size=1, max_size=80), st.booleans())
def test_scoring_properties_hold_for_any_codes(
    turns: list[tuple[Role, dict[str, str | bool], int]], timed: bool
) -> None:
    (out,) = SCORER([build(turns, timed)])
    assert out.scores is not None
    scores = [out.scores.overall, *out.scores.components.values(), *out.scores.elements.values()]
    for score in scores:
        assert 0.0 <= score.confidence <= 1.0
        if score.value is None:
            assert score.reason
        else:
            assert 0.0 <= score.value <= 100.0
    indices = {u.index for u in out.utterances}
    covered = [i for span in out.stages for i in range(span.first, span.last + 1)]
    assert covered == sorted(indices)
    assert all(u.stage is not None for u in out.utterances)
    for rupture in out.ruptures:
        assert set(rupture.evidence.utterances) <= indices
    assert session_from_dict(session_to_dict(out)) == out
