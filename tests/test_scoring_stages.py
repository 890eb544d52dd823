"""Stage segmentation: ordered, sticky, allowed to return to an earlier stage."""

from __future__ import annotations

import itertools

from alliance.model import Code, Role, Utterance
from alliance.scoring.framework import load_framework
from alliance.scoring.stages import segment, spans


def turn(i: int, **codes: str | bool) -> Utterance:
    role = Role.CLIENT if "talk_type" in codes else Role.THERAPIST
    return Utterance(
        i,
        "x",
        role,
        "some words",
        start=5.0 * i,
        codes={k: Code(v, 1.0, "t") for k, v in codes.items()},
    )


def block(start: int, n: int, **codes: str | bool) -> list[Utterance]:
    return [turn(start + i, **codes) for i in range(n)]


def test_stages_follow_the_evidence_in_order() -> None:
    utterances = block(0, 6, behaviour="other") + block(
        6, 20, behaviour="question", question="open"
    )
    utterances += block(26, 20, behaviour="therapist_input", input="options")
    labels = segment(utterances, load_framework())
    assert labels[0] == "rapport"
    assert labels[15] == "exploring"
    assert labels[-1] == "planning"
    timeline = spans(utterances, labels)
    assert [s.stage for s in timeline] == ["rapport", "exploring", "planning"]
    assert timeline[0].first == 0 and timeline[-1].last == 45
    assert all(a.last + 1 == b.first for a, b in itertools.pairwise(timeline))
    assert timeline[1].start == 5.0 * timeline[1].first


def test_stages_may_return_to_an_earlier_stage() -> None:
    utterances = block(0, 20, behaviour="question", question="open")
    utterances += block(20, 25, behaviour="therapist_input", input="options")
    utterances += block(45, 25, behaviour="reflection", reflection="complex")
    utterances += block(70, 25, behaviour="therapist_input", input="options")
    labels = segment(utterances, load_framework())
    order = [s.stage for s in spans(utterances, labels)]
    assert order == ["exploring", "planning", "exploring", "planning"]


def test_stages_do_not_flicker_on_single_utterances() -> None:
    utterances = block(0, 30, behaviour="question", question="open")
    utterances[15] = turn(15, behaviour="therapist_input", input="advice")
    labels = segment(utterances, load_framework())
    assert len(spans(utterances, labels)) <= 2
    assert labels[15] == labels[14]


def test_stages_of_uncoded_and_empty_sessions() -> None:
    fw = load_framework()
    assert segment([], fw) == []
    labels = segment([Utterance(i, "x", Role.THERAPIST, "hi") for i in range(10)], fw)
    assert len(labels) == 10
    assert set(labels) <= {s.name for s in fw.stages}
