"""The cue coders: each cue fires on clear positives and not on tricky negatives, the step keeps
the codes it was given, interruption is read from times and from broken-off turns, and the
held-out precision and recall are at least what docs/cues.md states."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from rich.table import Table

import alliance.coding.cues as cues_module
from alliance.coding.cue_eval import default_label_dir, evaluate_cues, render_cues
from alliance.coding.cues import (
    CONTEXT_RULES,
    CUES,
    RULES,
    CueCoder,
    code_utterances,
    normalise,
)
from alliance.errors import InputError
from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.pipeline import READER_PROVIDES, Pipeline, Step, available_steps
from conftest import make_session

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cues.md"
RULE_NAMES = {r.name for r in RULES} | {r.name for r in CONTEXT_RULES}

# (cue, turns before, the coded turn); 'T' therapist, 'C' client. All synthetic.
POSITIVES = [
    ("affirmation", [], ("T", "That must have taken a lot of courage.")),
    ("affirmation", [], ("T", "You've worked so hard to get here.")),
    ("affirmation", [], ("T", "It's completely understandable that you'd be tired of it.")),
    ("affirmation", [], ("T", "You clearly care about your son.")),
    ("reflection_of_feeling", [], ("T", "You're feeling pretty hopeless about the job hunt.")),
    ("reflection_of_feeling", [], ("T", "It sounds like you were really scared.")),
    ("reflection_of_feeling", [], ("T", "You were surprised?")),
    ("asks_permission", [], ("T", "Would it be all right if I shared what I know about it?")),
    ("asks_permission", [], ("T", "May I offer an idea?")),
    ("asks_permission", [], ("T", "Would you like some information about the program?")),
    ("advice_without_permission", [], ("T", "You need to stop smoking before the surgery.")),
    ("advice_without_permission", [], ("T", "I'd recommend that you see a dietician.")),
    ("advice_without_permission", [], ("T", "Okay. Throw the cigarettes away tonight.")),
    ("judgmental", [], ("T", "You're in denial.")),
    ("judgmental", [], ("T", "That's so irresponsible.")),
    ("judgmental", [], ("T", "If you don't stop, you're going to lose your license.")),
    ("judgmental", [], ("T", "You ought to be ashamed.")),
    ("self_disclosure", [], ("T", "When I was in my twenties I drank a lot too.")),
    ("self_disclosure", [], ("T", "I have kids too, so I know the mornings.")),
    ("self_disclosure", [], ("T", "I've been through something similar myself.")),
    ("interruption", [("C", "And then she told me that I--")], ("T", "So she blamed you.")),
    ("minimal_response", [("T", "Does that make sense?")], ("C", "Mm-hmm.")),
    ("minimal_response", [("T", "How was the week?")], ("C", "Um, I guess.")),
    ("minimal_response", [("T", "What do you make of that?")], ("C", "I don't know.")),
    ("disagreement", [("T", "So work is the problem.")], ("C", "No, that's not it.")),
    ("disagreement", [("T", "You could try the gum.")], ("C", "You don't understand.")),
    ("disagreement", [("T", "Let's talk about it again.")], ("C", "I already told you that.")),
    ("disagreement", [("T", "Drinking is the trouble.")], ("C", "I don't think so.")),
]

NEGATIVES = [
    ("affirmation", [], ("T", "Great. Let's go over the form.")),
    ("affirmation", [], ("T", "That doesn't make sense for your dose.")),
    ("affirmation", [], ("T", "Your brother sounds like a strong person.")),
    ("reflection_of_feeling", [], ("T", "How do you feel about that?")),
    ("reflection_of_feeling", [], ("T", "Were you angry with her?")),
    ("reflection_of_feeling", [], ("T", "You feel like it isn't a big deal.")),
    ("reflection_of_feeling", [], ("T", "I'm worried about your liver.")),
    ("asks_permission", [], ("T", "Can I get you some water?")),
    ("asks_permission", [], ("T", "Would you like to quit?")),
    ("advice_without_permission", [], ("T", "What do you think you should do?")),
    ("advice_without_permission", [], ("T", "You don't have to decide today.")),
    ("advice_without_permission", [], ("T", "You shouldn't feel bad about it.")),
    ("advice_without_permission", [], ("T", "Your wife should listen more.")),
    ("advice_without_permission", [], ("T", "Tell me more about that.")),
    ("advice_without_permission", [], ("T", "You realise you shouldn't have done it.")),
    (
        "advice_without_permission",
        [("T", "Could I share a couple of ideas?"), ("C", "Sure.")],
        ("T", "You should keep the cigarettes out of the house."),
    ),
    (
        "advice_without_permission",
        [("C", "What do you think I should do?")],
        ("T", "I'd recommend starting with the mornings."),
    ),
    ("advice_without_permission", [], ("T", 'Your doctor said, "You need to quit."')),
    ("judgmental", [], ("T", "You're not an alcoholic because of one party.")),
    ("judgmental", [], ("T", "Smoking raises the risk of heart disease.")),
    ("judgmental", [], ("T", "It's not an excuse, it's a reason.")),
    ("self_disclosure", [], ("T", "I think that's worth trying.")),
    ("self_disclosure", [], ("T", "I wonder what your mum would say.")),
    ("self_disclosure", [], ("T", "When you were in school, did you drink?")),
    ("interruption", [("C", "And then she told me that I--")], ("T", "Mm-hmm.")),
    ("interruption", [("C", "I went home.")], ("T", "What happened then?")),
    ("interruption", [("C", "It was, um—")], ("T", "Take your time.")),
    ("interruption", [("T", "The dose is smaller-"), ("C", "Okay.")], ("T", "-for children.")),
    ("minimal_response", [], ("C", "Three drinks a night.")),
    ("minimal_response", [], ("C", "Yeah, but I don't want to stop.")),
    ("minimal_response", [], ("T", "Mm-hmm.")),
    ("disagreement", [], ("C", "My boss doesn't understand me.")),
    ("disagreement", [], ("C", "I don't think I can do it.")),
    ("disagreement", [("T", "Any questions?")], ("C", "I don't think so.")),
    ("disagreement", [], ("C", "I'm not sure I agree with my doctor.")),
]


def _code_last(turns: list[tuple[str, str]], last: tuple[str, str]) -> dict[str, Code]:
    session = make_session(*turns, last)
    return dict(CueCoder()([session])[0].utterances[-1].codes)


@pytest.mark.parametrize(("cue", "before", "turn"), POSITIVES, ids=lambda v: "")
def test_cues_fire_on_clear_positives(
    cue: str, before: list[tuple[str, str]], turn: tuple[str, str]
) -> None:
    codes = _code_last(before, turn)
    assert cue in codes, f"{cue} did not fire"
    code = codes[cue]
    assert code.value is True
    assert 0.0 < code.confidence <= 0.95
    assert code.source == f"cues@{CueCoder.version}"
    assert code.cues and set(code.cues) <= RULE_NAMES


@pytest.mark.parametrize(("cue", "before", "turn"), NEGATIVES, ids=lambda v: "")
def test_cues_stay_silent_on_tricky_negatives(
    cue: str, before: list[tuple[str, str]], turn: tuple[str, str]
) -> None:
    assert cue not in _code_last(before, turn), f"{cue} fired on a negative"


def test_cues_step_conforms_to_the_step_protocol() -> None:
    step = CueCoder()
    assert isinstance(step, Step)
    assert step.name == "cues"
    assert step.default is True
    assert step.order == 110
    assert step.requires == frozenset({"utterances", "roles", "times"})
    assert step.provides == frozenset(f"codes.{cue}" for cue in CUES)
    assert Pipeline([step]).check(READER_PROVIDES) >= step.provides


def test_cues_step_is_registered_through_the_entry_point() -> None:
    assert available_steps().get("cues") is CueCoder


def test_cues_step_merges_codes_without_dropping_existing_ones(small_session: Session) -> None:
    earlier = Code("reflection", 0.9, "learned@1")
    first = dataclasses.replace(small_session.utterances[2], codes={"behaviour": earlier})
    given = dataclasses.replace(
        small_session,
        utterances=(*small_session.utterances[:2], first, *small_session.utterances[3:]),
    )
    (out,) = CueCoder()([given])
    assert out is not given
    assert len(out.utterances) == len(given.utterances)
    coded = out.utterances[2]
    assert coded.codes["behaviour"] == earlier
    assert "reflection_of_feeling" in coded.codes
    assert "asks_permission" in out.utterances[4].codes
    assert "minimal_response" in out.utterances[5].codes
    assert given.utterances[2].codes == {"behaviour": earlier}  # the input is untouched
    assert [u.text for u in out.utterances] == [u.text for u in given.utterances]


def _timed(*turns: tuple[str, str, float, float]) -> Session:
    roles = {"T": Role.THERAPIST, "C": Role.CLIENT}
    return Session(
        id="timed",
        speakers=(Speaker("T", Role.THERAPIST), Speaker("C", Role.CLIENT)),
        utterances=tuple(
            Utterance(index=i, speaker=who, role=roles[who], text=text, start=start, end=end)
            for i, (who, text, start, end) in enumerate(turns)
        ),
    )


def test_cues_interruption_by_overlapping_times() -> None:
    session = _timed(
        ("C", "I was going to say that the weekends are the worst part", 0.0, 6.0),
        ("T", "Let's focus on the weekdays first.", 4.0, 7.0),
        ("C", "Okay, the weekdays are fine actually.", 7.5, 9.0),
        ("T", "Good, tell me about those.", 9.0, 10.0),
        ("C", "Well on Mondays I go to the gym and then", 10.5, 14.0),
        ("T", "Mm-hmm.", 12.0, 12.4),
    )
    codes = [u.codes for u in CueCoder()([session])[0].utterances]
    assert codes[1]["interruption"].cues == ("interrupt.time_overlap",)
    assert "interruption" not in codes[3]  # starts when the client stops
    assert "interruption" not in codes[5]  # a backchannel during the client's turn
    assert all("interruption" not in c for c in codes[0::2])  # never a client code


def test_cues_interruption_is_surer_when_the_client_resumes() -> None:
    session = make_session(
        ("C", "What I really wanted was to--"),
        ("T", "To get away from it all?"),
        ("C", "-to get some sleep, honestly."),
    )
    code = CueCoder()([session])[0].utterances[1].codes["interruption"]
    assert code.cues == ("interrupt.client_resumes",)
    assert code.confidence > 0.6


def test_cues_advice_counts_as_invited_only_for_a_few_turns() -> None:
    session = make_session(
        ("T", "Would you like some ideas about sleep?"),
        ("C", "Sure."),
        ("T", "Okay."),
        ("C", "Go on."),
        ("T", "Right."),
        ("C", "Mm."),
        ("T", "Yes."),
        ("C", "Yeah."),
        ("T", "You should stop drinking coffee after noon."),
    )
    out = CueCoder()([session])[0].utterances
    assert "asks_permission" in out[0].codes
    assert "advice_without_permission" in out[-1].codes  # permission was four turns ago


def test_cues_codes_carry_rule_names_never_the_words(small_session: Session) -> None:
    for utterance in CueCoder()([small_session])[0].utterances:
        for code in utterance.codes.values():
            assert set(code.cues) <= RULE_NAMES
            for name in code.cues:
                assert re.fullmatch(r"[a-z_]+\.[a-z_]+", name)


def test_cues_rules_are_named_uniquely_for_known_cues() -> None:
    names = [r.name for r in (*RULES, *CONTEXT_RULES)]
    assert len(names) == len(set(names))
    assert {r.cue for r in (*RULES, *CONTEXT_RULES)} == set(CUES)
    assert all(0.0 < r.confidence <= 0.95 for r in (*RULES, *CONTEXT_RULES))


def test_cues_normalise_collapses_stutters_and_drops_notes() -> None:
    assert normalise("I-I-I think you-you should [laughs] go") == "i think you should go"
    assert normalise("Wo-would that be OK?") == "would that be ok?"
    assert normalise("You’re gonna be fine") == "you're going to be fine"
    assert normalise('He said "you must quit" to me') == "he said to me"


def _synthetic_sessions() -> list[list[Utterance]]:
    import json

    rows = [json.loads(line) for line in (default_label_dir() / "synthetic.jsonl").open()]
    sessions = []
    for row in rows:
        turns = [*row["prev"], {"role": row["role"], "text": row["text"]}]
        sessions.append(
            [
                Utterance(index=i, speaker=t["role"], role=Role(t["role"]), text=t["text"])
                for i, t in enumerate(turns)
            ]
        )
    return sessions


def test_cues_key_word_prefilter_never_changes_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = _synthetic_sessions()
    sessions.append([u for _, _, (who, text) in POSITIVES + NEGATIVES for u in _one(who, text)])
    fast = [code_utterances(s) for s in sessions]
    monkeypatch.setattr(cues_module, "_USE_KEY_WORDS", False)
    slow = [code_utterances(s) for s in sessions]
    assert fast == slow


def _one(who: str, text: str) -> list[Utterance]:
    role = Role.THERAPIST if who == "T" else Role.CLIENT
    return [Utterance(index=0, speaker=who, role=role, text=text)]


def test_cues_code_a_long_session_in_one_pass() -> None:
    """Speed sanity only (timings belong in benchmarks): a 4,000-turn session is coded."""
    turns = []
    for i in range(1000):
        turns += [
            ("T", "It sounds like the weekends have been really stressful for you."),
            ("C", "Yeah."),
            ("T", f"What would you like to do about week {i}?"),
            ("C", "I don't know, maybe cut down a bit on Fridays and see how it goes--"),
        ]
    out = CueCoder()([make_session(*turns)])[0]
    assert len(out.utterances) == 4000
    assert sum("reflection_of_feeling" in u.codes for u in out.utterances) == 1000


def test_cues_other_speakers_are_not_coded() -> None:
    session = make_session(("O", "You need to stop. You're in denial."), ("O", "Yeah."))
    assert all(not u.codes for u in CueCoder()([session])[0].utterances)


# ---- measured on the held-out labelled set --------------------------------------------------


def _stated_numbers() -> dict[str, tuple[float | None, float | None]]:
    """The held-out AnnoMI precision and recall that docs/cues.md states, per cue."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- held-out-annomi -->", 2)[1]
    stated: dict[str, tuple[float | None, float | None]] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].strip("`") in CUES:

            def number(cell: str) -> float | None:
                return None if cell in {"–", "-", ""} else float(cell)

            stated[cells[0].strip("`")] = (number(cells[1]), number(cells[2]))
    return stated


def test_cues_docs_state_a_number_for_every_cue() -> None:
    assert set(_stated_numbers()) == set(CUES)


def test_cues_held_out_precision_recall_at_least_as_documented(annomi_csv: Path) -> None:
    result = evaluate_cues(annomi_csv)
    assert result["split"] == "test"
    assert result["n_annomi"] >= 250
    tolerance = 0.02
    for cue, (precision, recall) in _stated_numbers().items():
        measured = result["annomi"][cue]
        if precision is not None:
            assert measured["precision"] is not None
            assert measured["precision"] >= precision - tolerance, f"{cue} precision"
        if recall is not None:
            assert measured["recall"] is not None
            assert measured["recall"] >= recall - tolerance, f"{cue} recall"


def test_cues_evaluation_renders_a_table_per_cue(annomi_csv: Path) -> None:
    result = evaluate_cues(annomi_csv, folds=3, seed=1, split="dev")
    table = render_cues(result)
    assert isinstance(table, Table)
    assert table.row_count == len(CUES)
    assert set(result["synthetic"]) == set(CUES)


def test_cues_evaluation_needs_the_csv(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        evaluate_cues(tmp_path / "missing.csv")
