"""Feedback a therapist can act on, each point tied to the utterances it rests on.

Every message is built from counts, times and utterance numbers of this session ("2 of 14
questions were open; at 12:40 the client disagreed and the next three therapist turns were
advice"), never from generic advice and never with transcript text. A point is only made when
its index has a value; strengths are named as well as gaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from alliance.model import Evidence, Feedback, Rupture, Utterance
from alliance.scoring.indices import Measured
from alliance.scoring.ruptures import next_therapist_turns

__all__ = ["at", "build_feedback", "describe_turn"]


def at(u: Utterance) -> str:
    """Where ``u`` is, for a person: ``12:40`` when the transcript has times, else ``turn 57``."""
    if u.start is None:
        return f"turn {u.index}"
    seconds = int(u.start)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_turn(u: Utterance) -> str:
    """What a therapist turn was, in the words of the field."""
    behaviour = u.code("behaviour")
    if u.code("advice_without_permission") is True:
        return "advice without permission"
    if behaviour == "question":
        kind = u.code("question")
        return f"{kind} question" if kind else "question"
    if behaviour == "reflection":
        kind = u.code("reflection")
        return f"{kind} reflection" if kind else "reflection"
    if behaviour == "therapist_input":
        kind = u.code("input")
        return str(kind) if kind else "information or advice"
    if u.code("affirmation") is True:
        return "affirmation"
    return "other" if behaviour == "other" else "uncoded"


def _summarise(kinds: Sequence[str]) -> str:
    counts = Counter(kinds)
    if len(counts) == 1:
        kind = kinds[0]
        return f"{'the next turn was' if len(kinds) == 1 else f'the next {_number(len(kinds))} turns were'} {kind}"
    parts = ", ".join(f"{n} {k}" for k, n in counts.most_common())
    return f"the next {_number(len(kinds))} therapist turns were {parts}"


def _number(n: int) -> str:
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def build_feedback(
    utterances: Sequence[Utterance],
    measured: Mapping[str, Measured],
    ruptures: Sequence[Rupture],
) -> tuple[Feedback, ...]:
    """Observations about this session, most actionable first."""
    by_index = {u.index: u for u in utterances}
    position = {u.index: i for i, u in enumerate(utterances)}
    out: list[Feedback] = []

    def ev(m: Measured, note: str | None = None) -> tuple[Evidence, ...]:
        return (Evidence(m.utterances, m.codes, note or m.note),)

    for rupture in ruptures:
        first = by_index[rupture.evidence.utterances[0]]
        last_position = position[rupture.evidence.utterances[-1]]
        following = next_therapist_turns(utterances, last_position)
        kinds = [describe_turn(u) for u in following]
        what = (
            "the client disagreed"
            if rupture.kind == "confrontation"
            else "the client withdrew (" + rupture.evidence.note + ")"
        )
        then = _summarise(kinds) if kinds else "the session ended"
        if rupture.repaired and rupture.repair is not None:
            close = (
                "you attended to it ("
                + ", ".join(rupture.repair.codes)
                + f", turn {rupture.repair.utterances[0]})"
            )
        else:
            close = "no reflection, affirmation or check on the session followed: consider attending to the relationship there"
        evidence = [
            rupture.evidence,
            Evidence(tuple(u.index for u in following), tuple(kinds), "the therapist's next turns"),
        ]
        out.append(
            Feedback(
                topic=f"rupture:{rupture.kind}",
                message=f"At {at(first)} {what}; {then}; {close}.",
                evidence=tuple(evidence),
            )
        )

    rq = measured.get("reflection_to_question")
    if rq is not None and rq.value is not None:
        verdict = (
            "good (MITI 4.2.1: 2:1)"
            if rq.value >= 2
            else "fair (MITI 4.2.1: 1:1)"
            if rq.value >= 1
            else "below the MITI 4.2.1 fair level of 1:1"
        )
        advice = (
            ""
            if rq.value >= 1
            else "; try answering more of the client's statements with a reflection before the next question"
        )
        out.append(
            Feedback(
                "reflection_to_question",
                f"{rq.numerator} reflections to {rq.denominator} questions, a ratio of {rq.value:.1f}: {verdict}{advice}.",
                ev(rq),
            )
        )
    oq = measured.get("percent_open_questions")
    if oq is not None and oq.value is not None:
        extra = "" if oq.value >= 0.5 else "; MITI 3.1.1 expects at least half open"
        out.append(
            Feedback(
                "open_questions",
                f"{oq.numerator} of {oq.denominator} questions were open ({_pct(oq.value)}){extra}.",
                ev(oq),
            )
        )
    cr = measured.get("percent_complex_reflections")
    if cr is not None and cr.value is not None:
        extra = (
            "good (MITI 4.2.1: 50%)"
            if cr.value >= 0.5
            else "fair (MITI 4.2.1: 40%)"
            if cr.value >= 0.4
            else "below the MITI 4.2.1 fair level of 40%: add meaning or feeling to more reflections"
        )
        out.append(
            Feedback(
                "complex_reflections",
                f"{cr.numerator} of {cr.denominator} reflections were complex ({_pct(cr.value)}): {extra}.",
                ev(cr),
            )
        )
    unasked = measured.get("advice_without_permission_rate")
    if unasked is not None and unasked.value is not None and unasked.numerator:
        times = ", ".join(at(by_index[i]) for i in unasked.utterances[:5])
        more = "" if unasked.numerator <= 5 else f" and {unasked.numerator - 5} more"
        out.append(
            Feedback(
                "advice_without_permission",
                f"{unasked.numerator} pieces of advice came without asking permission first (at {times}{more}).",
                ev(unasked),
            )
        )
    judgmental = measured.get("judgmental_rate")
    if judgmental is not None and judgmental.value is not None and judgmental.numerator:
        times = ", ".join(at(by_index[i]) for i in judgmental.utterances[:5])
        out.append(
            Feedback(
                "judgmental",
                f"{judgmental.numerator} therapist turns were coded judgmental or critical (at {times}).",
                ev(judgmental),
            )
        )
    interruptions = measured.get("interruption_rate")
    if interruptions is not None and interruptions.value is not None and interruptions.numerator:
        times = ", ".join(at(by_index[i]) for i in interruptions.utterances[:5])
        out.append(
            Feedback(
                "interruptions",
                f"The therapist interrupted {interruptions.numerator} times (at {times}).",
                ev(interruptions),
            )
        )
    share = measured.get("therapist_share_of_talk")
    if share is not None and share.value is not None:
        extra = "" if share.value <= 0.5 else "; the client had less than half the words"
        out.append(
            Feedback(
                "share_of_talk",
                f"The therapist spoke {_pct(share.value)} of the words ({share.numerator} of {share.denominator}){extra}.",
                (),
            )
        )
    affirm = measured.get("affirmation_rate")
    if affirm is not None and affirm.value is not None:
        if affirm.numerator:
            times = ", ".join(at(by_index[i]) for i in affirm.utterances[:3])
            message = f"{affirm.numerator} affirmations in {affirm.denominator} therapist turns (first at {times})."
        else:
            message = f"No affirmations in {affirm.denominator} therapist turns: name a strength or effort of the client's when you see one."
        out.append(Feedback("affirmations", message, ev(affirm)))
    talk = measured.get("change_talk_share")
    if talk is not None and talk.value is not None:
        change = talk.numerator
        sustain = talk.denominator - change
        extra = "" if talk.value >= 0.5 else "; the client argued against change more than for it"
        out.append(
            Feedback(
                "change_talk",
                f"The client made {change} change and {sustain} sustain statements{extra}.",
                ev(talk),
            )
        )
    return tuple(out)
