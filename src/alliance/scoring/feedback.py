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
from alliance.scoring.ruptures import next_therapist_turns, repair_words

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


_PLURALS = {
    "advice without permission": "advice without permission",
    "advice": "advice",
    "information": "information",
    "other": "other turns",
    "uncoded": "uncoded turns",
}


def _plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    return _PLURALS.get(kind, kind + "s")


def _summarise(kinds: Sequence[str]) -> str:
    counts = Counter(kinds)
    if len(kinds) == 1:
        return f"the next turn was {kinds[0]}"
    if len(counts) == 1:
        return f"the next {_number(len(kinds))} turns were {_plural(kinds[0], 2)}"
    parts = ", ".join(f"{n} {_plural(k, n)}" for k, n in counts.most_common())
    return f"the next {_number(len(kinds))} therapist turns were {parts}"


def _number(n: int) -> str:
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _times(utterances: Sequence[Utterance], limit: int = 5) -> str:
    shown = ", ".join(at(u) for u in utterances[:limit])
    extra = len(utterances) - limit
    return shown + (f" and {extra} more" if extra > 0 else "")


_NO_REPAIR = (
    "no reflection, affirmation or check on the session followed: "
    "consider attending to the relationship there"
)


def _rupture_feedback(
    utterances: Sequence[Utterance], position: Mapping[int, int], rupture: Rupture
) -> Feedback:
    first = utterances[position[rupture.evidence.utterances[0]]]
    following = next_therapist_turns(utterances, position[rupture.evidence.utterances[-1]])
    kinds = [describe_turn(u) for u in following]
    if rupture.kind == "confrontation":
        what = "the client disagreed"
    else:
        what = f"the client withdrew ({rupture.evidence.note})"
    then = _summarise(kinds) if kinds else "the session ended"
    if rupture.repaired and rupture.repair is not None:
        words = repair_words(rupture.repair.codes)
        close = f"you attended to it with {words} (turn {rupture.repair.utterances[0]})"
    else:
        close = _NO_REPAIR
    evidence = (
        rupture.evidence,
        Evidence(tuple(u.index for u in following), tuple(kinds), "the therapist's next turns"),
    )
    return Feedback(f"rupture:{rupture.kind}", f"At {at(first)} {what}; {then}; {close}.", evidence)


def _mi_band(value: float, fair: float, good: float, unit: str) -> str:
    if value >= good:
        return f"good (MITI 4.2.1: {unit.format(good)})"
    if value >= fair:
        return f"fair (MITI 4.2.1: {unit.format(fair)})"
    return f"below the MITI 4.2.1 fair level of {unit.format(fair)}"


def build_feedback(
    utterances: Sequence[Utterance],
    measured: Mapping[str, Measured],
    ruptures: Sequence[Rupture],
) -> tuple[Feedback, ...]:
    """Observations about this session: ruptures first, then the indices, gaps and strengths."""
    by_index = {u.index: u for u in utterances}
    position = {u.index: i for i, u in enumerate(utterances)}
    out = [_rupture_feedback(utterances, position, r) for r in ruptures]

    def found(name: str) -> Measured | None:
        m = measured.get(name)
        return m if m is not None and m.value is not None else None

    def add(topic: str, message: str, m: Measured | None) -> None:
        evidence = (Evidence(m.utterances, m.codes, m.note),) if m is not None else ()
        out.append(Feedback(topic, message, evidence))

    def hits(m: Measured) -> list[Utterance]:
        return [by_index[i] for i in m.utterances if i in by_index]

    if (rq := found("reflection_to_question")) is not None and rq.value is not None:
        verdict = _mi_band(rq.value, 1.0, 2.0, "{:.0f}:1")
        if rq.value < 1:
            verdict += "; answer more of the client's statements with a reflection before asking"
        add(
            "reflection_to_question",
            f"{rq.numerator} reflections to {rq.denominator} questions, "
            f"a ratio of {rq.value:.2f}: {verdict}.",
            rq,
        )
    if (oq := found("percent_open_questions")) is not None and oq.value is not None:
        extra = "" if oq.value >= 0.5 else "; MITI 3.1.1 expects at least half open"
        add(
            "open_questions",
            f"{oq.numerator} of {oq.denominator} questions were open ({_pct(oq.value)}){extra}.",
            oq,
        )
    if (cr := found("percent_complex_reflections")) is not None and cr.value is not None:
        verdict = _mi_band(cr.value, 0.4, 0.5, "{:.0%}")
        if cr.value < 0.4:
            verdict += ": add meaning or feeling to more reflections"
        add(
            "complex_reflections",
            f"{cr.numerator} of {cr.denominator} reflections were complex "
            f"({_pct(cr.value)}): {verdict}.",
            cr,
        )
    if (m := found("advice_without_permission_rate")) is not None and m.numerator:
        noun = "piece of advice" if m.numerator == 1 else "pieces of advice"
        add(
            "advice_without_permission",
            f"{m.numerator} {noun} came without asking permission first (at {_times(hits(m))}).",
            m,
        )
    if (m := found("judgmental_rate")) is not None and m.numerator:
        add(
            "judgmental",
            f"{m.numerator} therapist turns were coded judgmental or critical "
            f"(at {_times(hits(m))}).",
            m,
        )
    if (m := found("interruption_rate")) is not None and m.numerator:
        add(
            "interruptions",
            f"The therapist interrupted {m.numerator} times (at {_times(hits(m))}).",
            m,
        )
    if (share := found("therapist_share_of_talk")) is not None and share.value is not None:
        extra = "" if share.value <= 0.5 else "; the client had less than half the words"
        add(
            "share_of_talk",
            f"The therapist spoke {_pct(share.value)} of the words "
            f"({share.numerator} of {share.denominator}){extra}.",
            None,
        )
    if (m := found("affirmation_rate")) is not None:
        if m.numerator:
            message = (
                f"{m.numerator} affirmations in {m.denominator} therapist turns "
                f"(at {_times(hits(m), 3)})."
            )
        else:
            message = (
                f"No affirmations in {m.denominator} therapist turns: "
                "name a strength or effort of the client's when you see one."
            )
        add("affirmations", message, m)
    if (talk := found("change_talk_share")) is not None and talk.value is not None:
        sustain = talk.denominator - talk.numerator
        extra = "" if talk.value >= 0.5 else "; the client argued against change more than for it"
        add(
            "change_talk",
            f"The client made {talk.numerator} change and {sustain} sustain statements{extra}.",
            talk,
        )
    return tuple(out)
