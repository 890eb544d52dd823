"""The relationship step: declared, lazy, registered, and honest about missing evidence."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from alliance.errors import FrameworkError
from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.pipeline import Step, available_steps
from alliance.scoring import RelationshipScorer
from alliance.serialize import session_from_dict, session_to_dict

SECRET = "zebra-marmalade"  # a word that must never leave the transcript


def coded_session(
    seed: int = 0, *, reflect: float = 0.4, advise: float = 0.1, n: int = 120
) -> Session:
    rng = random.Random(seed)
    utterances = []
    for i in range(n):
        start = 6.0 * i
        if i % 2 == 0:
            roll = rng.random()
            codes: dict[str, Code] = {}
            if roll < reflect:
                codes["behaviour"] = Code("reflection", 0.9, "t")
                codes["reflection"] = Code(rng.choice(["simple", "complex"]), 0.8, "t")
            elif roll < reflect + advise:
                codes["behaviour"] = Code("therapist_input", 0.9, "t")
                codes["input"] = Code("advice", 0.8, "t")
            elif roll < 0.9:
                codes["behaviour"] = Code("question", 0.9, "t")
                codes["question"] = Code(rng.choice(["open", "closed"]), 0.8, "t")
            else:
                codes["behaviour"] = Code("other", 0.9, "t")
            if rng.random() < 0.1:
                codes["affirmation"] = Code(True, 0.9, "cues")
            text = f"therapist words about {SECRET} and more words here"
            utterances.append(Utterance(i, "T", Role.THERAPIST, text, start=start, codes=codes))
        else:
            talk = rng.choice(["change", "neutral", "sustain"])
            codes = {"talk_type": Code(talk, 0.7, "t")}
            if rng.random() < 0.05:
                codes["disagreement"] = Code(True, 0.9, "cues")
            text = f"client words about {SECRET} and what I might do next"
            utterances.append(Utterance(i, "C", Role.CLIENT, text, start=start, codes=codes))
    return Session(
        f"s{seed}", (Speaker("T", Role.THERAPIST), Speaker("C", Role.CLIENT)), tuple(utterances)
    )


def test_step_declares_itself_and_is_registered() -> None:
    step = RelationshipScorer()
    assert isinstance(step, Step)
    assert step.name == "relationship" and step.order == 500 and step.default
    assert {"scores", "stages", "ruptures", "feedback"} <= step.provides
    assert available_steps()["relationship"] is RelationshipScorer


def test_step_loads_framework_lazily(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    step = RelationshipScorer(framework=bad)  # no error yet: nothing is loaded in __init__
    with pytest.raises(FrameworkError, match=r"bad\.json"):
        step([coded_session()])


def test_step_scores_stages_ruptures_feedback_round_trip() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    assert out.scores is not None
    assert out.scores.framework == "alliance-brief@1.0.0"
    assert out.scores.overall.value is not None and 0 <= out.scores.overall.value <= 100
    assert set(out.scores.components) == {
        "rapport",
        "trust",
        "empathy",
        "congruence",
        "positive_regard",
    }
    assert set(out.scores.elements) == {"communication", "trust", "commitment"}
    assert all(u.stage in {"rapport", "exploring", "planning", "progress"} for u in out.utterances)
    assert out.stages[0].first == 0 and out.stages[-1].last == len(out.utterances) - 1
    assert out.feedback
    assert session_from_dict(session_to_dict(out)) == out


def test_step_congruence_says_it_is_weak() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    assert out.scores is not None
    congruence = out.scores.components["congruence"]
    assert congruence.confidence <= 0.3
    assert congruence.reason and "little of this shows" in congruence.reason


def test_step_without_codes_gives_reasons_not_numbers() -> None:
    session = coded_session()
    bare = Session(
        session.id,
        session.speakers,
        tuple(Utterance(u.index, u.speaker, u.role, u.text) for u in session),
    )
    (out,) = RelationshipScorer()([bare])
    assert out.scores is not None
    assert out.scores.overall.value is None
    assert out.scores.overall.reason and out.scores.overall.reason.startswith(
        "insufficient evidence"
    )
    assert out.scores.components["empathy"].value is None


def test_step_more_reflection_less_advice_scores_higher() -> None:
    good = [coded_session(seed, reflect=0.55, advise=0.0) for seed in range(5)]
    poor = [coded_session(seed, reflect=0.05, advise=0.45) for seed in range(5)]
    step = RelationshipScorer()
    good_scores = [s.scores.overall.value for s in step(good) if s.scores]
    poor_scores = [s.scores.overall.value for s in step(poor) if s.scores]
    assert min(v or 0 for v in good_scores) > max(v or 0 for v in poor_scores)


def test_step_evidence_points_at_real_utterances() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    assert out.scores is not None
    indices = {u.index for u in out.utterances}
    for score in [*out.scores.components.values(), *out.scores.elements.values()]:
        for evidence in score.evidence:
            assert set(evidence.utterances) <= indices
    assert out.scores.components["empathy"].evidence[0].utterances


def test_step_other_framework_swaps_scores() -> None:
    (out,) = RelationshipScorer(framework="bordin-1.json")([coded_session()])
    assert out.scores is not None
    assert out.scores.framework == "bordin-goal-task-bond@1.0.0"
    assert set(out.scores.components) == {"goal", "task", "bond"}
    assert out.scores.elements == {}
    assert {u.stage for u in out.utterances} <= {"engaging", "focusing", "evoking", "planning"}


def test_step_feedback_and_notes_never_carry_transcript_text() -> None:
    (out,) = RelationshipScorer()([coded_session()])
    assert out.scores is not None
    texts = [f.message for f in out.feedback]
    texts += [e.note for f in out.feedback for e in f.evidence]
    texts += [r.evidence.note for r in out.ruptures]
    for score in [
        out.scores.overall,
        *out.scores.components.values(),
        *out.scores.elements.values(),
    ]:
        texts += [e.note for e in score.evidence] + [score.reason or ""]
    assert not any(SECRET in t for t in texts)
