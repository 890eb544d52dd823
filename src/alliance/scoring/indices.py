"""Behavioural indices of one session, counted from the utterances' codes.

Each index is a count-based figure a supervisor would recognise (MITI summary scores and their
kin): how many reflections per question, the share of open questions, the share of the talk the
therapist took. Each comes with the utterances it counted, so every score built on it can point
at its evidence. An index whose codes are missing (the coder did not run) or too few says so
(``value`` ``None`` with a ``reason``) instead of giving a number.

Counting rules (the same for expert and predicted codes):

- An utterance counts as a question or a reflection by its main ``behaviour`` code; its
  ``question``/``reflection`` subtype is read only on utterances of that behaviour.
- Rates per therapist utterance use the therapist utterances that carry a ``behaviour`` code.
- Cue indices (affirmations, interruptions, minimal responses ...) need the cue coder. Its codes
  are only added where a cue is present, so when no utterance carries any cue key and the
  pipeline did not record that it provided the cue codes (:func:`alliance.pipeline.provided`),
  they are ``None`` (the reason says the coder did not run or found nothing), not 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from alliance.coding.cues import CUES
from alliance.model import Role, Session, Utterance
from alliance.pipeline import provided

__all__ = [
    "CUE_KEYS",
    "INDEX_NAMES",
    "LOWER_IS_BETTER",
    "Measured",
    "compute_indices",
    "cues_ran",
    "index_labels",
    "is_question",
    "is_reflection",
]

CUE_KEYS = frozenset(CUES)

NO_CUES = "no cue codes (the cue coder did not run, or found no cue at all)"


def cues_ran(session: Session) -> bool:
    """Whether the session's cues were coded: the pipeline says it provided them, or a cue code
    is on some utterance (a session coded outside a pipeline)."""
    if any(f"codes.{key}" in provided(session) for key in CUE_KEYS):
        return True
    return any(key in CUE_KEYS for u in session.utterances for key in u.codes)


MIN_THERAPIST = 5
"""Fewest coded therapist utterances for a rate per therapist utterance."""
MIN_CLIENT = 5
MIN_QUESTIONS = 3
MIN_REFLECTIONS = 3
MIN_RQ = 5
MIN_CHANGE_SUSTAIN = 3


@dataclass(frozen=True, slots=True)
class Measured:
    """An index as counted, before the framework judges it."""

    name: str
    value: float | None
    numerator: int = 0
    denominator: int = 0
    utterances: tuple[int, ...] = ()
    codes: tuple[str, ...] = ()
    note: str = ""
    reason: str | None = None
    confidence: float = 0.0


def is_question(u: Utterance) -> bool:
    return u.code("behaviour") == "question"


def is_reflection(u: Utterance) -> bool:
    return u.code("behaviour") == "reflection"


def _has(u: Utterance, key: str, value: str | bool = True) -> bool:
    return u.code(key) == value


def _mean_confidence(utterances: Iterable[Utterance], keys: Iterable[str]) -> float:
    keys = tuple(keys)
    values = [u.codes[k].confidence for u in utterances for k in keys if k in u.codes]
    return sum(values) / len(values) if values else 0.0


def _amount(n: int, half: int) -> float:
    """How much ``n`` observations are worth: 0.5 at ``half``, approaching 1."""
    return n / (n + half) if n > 0 else 0.0


class _Counter:
    """Shared bookkeeping for one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.therapist = [u for u in session.utterances if u.role is Role.THERAPIST]
        self.client = [u for u in session.utterances if u.role is Role.CLIENT]
        self.coded = [u for u in self.therapist if "behaviour" in u.codes]
        self.talk_coded = [u for u in self.client if "talk_type" in u.codes]
        self.cues = cues_ran(session)

    def rate(
        self,
        name: str,
        pool: list[Utterance],
        hit: Callable[[Utterance], bool],
        codes: tuple[str, ...],
        what: str,
        per: str,
        *,
        minimum: int,
        cue: bool = False,
        missing: str = "behaviour codes missing",
    ) -> Measured:
        if cue and not self.cues:
            return Measured(name, None, reason=NO_CUES)
        if len(pool) < minimum:
            why = missing if not pool else f"only {len(pool)} {per} (need {minimum})"
            return Measured(
                name, None, denominator=len(pool), reason=f"insufficient evidence: {why}"
            )
        return _fraction(
            name, pool, hit, codes, minimum, lambda n: f"{n} {what} in {len(pool)} {per}"
        )

    def share(
        self,
        name: str,
        pool: list[Utterance],
        hit: Callable[[Utterance], bool],
        codes: tuple[str, ...],
        what: str,
        of: str,
        *,
        minimum: int,
    ) -> Measured:
        if len(pool) < minimum:
            return Measured(
                name,
                None,
                denominator=len(pool),
                reason=(
                    f"insufficient evidence: only {len(pool)} {of.removesuffix(' were')}"
                    f" (need {minimum})"
                ),
            )
        return _fraction(
            name, pool, hit, codes, minimum, lambda n: f"{n} of {len(pool)} {of} {what}"
        )


def _fraction(
    name: str,
    pool: list[Utterance],
    hit: Callable[[Utterance], bool],
    codes: tuple[str, ...],
    minimum: int,
    note: Callable[[int], str],
) -> Measured:
    """The share of ``pool`` that ``hit`` picks, with the hits as evidence; confidence grows
    with the pool (up to twice ``minimum``) and the codes' own confidence."""
    hits = [u for u in pool if hit(u)]
    keys = [c.split("=")[0] for c in codes]
    return Measured(
        name,
        len(hits) / len(pool),
        numerator=len(hits),
        denominator=len(pool),
        utterances=tuple(u.index for u in hits),
        codes=codes,
        note=note(len(hits)),
        confidence=_amount(len(pool), minimum * 2) * (_mean_confidence(pool, keys) or 1.0),
    )


def compute_indices(session: Session) -> dict[str, Measured]:
    """Every index of :data:`INDEX_NAMES` for ``session``."""
    c = _Counter(session)
    out: dict[str, Measured] = {}
    questions = [u for u in c.coded if is_question(u)]
    reflections = [u for u in c.coded if is_reflection(u)]
    typed_questions = [u for u in questions if "question" in u.codes]
    typed_reflections = [u for u in reflections if "reflection" in u.codes]

    n_q, n_r = len(questions), len(reflections)
    if not c.coded:
        out["reflection_to_question"] = Measured(
            "reflection_to_question", None, reason="insufficient evidence: behaviour codes missing"
        )
    elif n_q + n_r < MIN_RQ:
        out["reflection_to_question"] = Measured(
            "reflection_to_question",
            None,
            reason=(
                f"insufficient evidence: only {n_q + n_r} questions and reflections (need {MIN_RQ})"
            ),
        )
    else:
        # With no questions at all the ratio is unbounded; count one question so it stays finite.
        out["reflection_to_question"] = Measured(
            "reflection_to_question",
            n_r / max(n_q, 1),
            numerator=n_r,
            denominator=n_q,
            utterances=tuple(
                u.index for u in sorted(questions + reflections, key=lambda u: u.index)
            ),
            codes=("behaviour=reflection", "behaviour=question"),
            note=f"{n_r} reflections to {n_q} questions",
            confidence=_amount(n_q + n_r, MIN_RQ * 2)
            * _mean_confidence(questions + reflections, ["behaviour"]),
        )
    out["percent_open_questions"] = c.share(
        "percent_open_questions",
        typed_questions,
        lambda u: _has(u, "question", "open"),
        ("question=open",),
        "open",
        "questions were",
        minimum=MIN_QUESTIONS,
    )
    out["percent_complex_reflections"] = c.share(
        "percent_complex_reflections",
        typed_reflections,
        lambda u: _has(u, "reflection", "complex"),
        ("reflection=complex",),
        "complex",
        "reflections were",
        minimum=MIN_REFLECTIONS,
    )
    therapist_rates: list[tuple[str, Callable[[Utterance], bool], tuple[str, ...], str, bool]] = [
        ("reflection_rate", is_reflection, ("behaviour=reflection",), "reflections", False),
        ("question_rate", is_question, ("behaviour=question",), "questions", False),
        (
            "complex_reflection_rate",
            lambda u: is_reflection(u) and _has(u, "reflection", "complex"),
            ("reflection=complex",),
            "complex reflections",
            False,
        ),
        (
            "therapist_input_rate",
            lambda u: u.code("behaviour") == "therapist_input",
            ("behaviour=therapist_input",),
            "information, advice or options turns",
            False,
        ),
        (
            "advice_rate",
            lambda u: _has(u, "input", "advice"),
            ("input=advice",),
            "pieces of advice",
            False,
        ),
        (
            "negotiation_rate",
            lambda u: u.code("input") in ("negotiation", "options"),
            ("input=negotiation", "input=options"),
            "goal negotiations or options",
            False,
        ),
        (
            "affirmation_rate",
            lambda u: _has(u, "affirmation"),
            ("affirmation",),
            "affirmations",
            True,
        ),
        (
            "reflection_of_feeling_rate",
            lambda u: _has(u, "reflection_of_feeling"),
            ("reflection_of_feeling",),
            "reflections of feeling",
            True,
        ),
        (
            "advice_without_permission_rate",
            lambda u: _has(u, "advice_without_permission"),
            ("advice_without_permission",),
            "pieces of advice without permission",
            True,
        ),
        (
            "asks_permission_rate",
            lambda u: _has(u, "asks_permission"),
            ("asks_permission",),
            "requests for permission",
            True,
        ),
        (
            "judgmental_rate",
            lambda u: _has(u, "judgmental"),
            ("judgmental",),
            "judgmental statements",
            True,
        ),
        (
            "self_disclosure_rate",
            lambda u: _has(u, "self_disclosure"),
            ("self_disclosure",),
            "self-disclosures",
            True,
        ),
        (
            "interruption_rate",
            lambda u: _has(u, "interruption"),
            ("interruption",),
            "interruptions",
            True,
        ),
    ]
    for name, hit, codes, what, cue in therapist_rates:
        pool = c.therapist if cue else c.coded
        out[name] = c.rate(
            name, pool, hit, codes, what, "therapist turns", minimum=MIN_THERAPIST, cue=cue
        )

    change = [u for u in c.talk_coded if _has(u, "talk_type", "change")]
    sustain = [u for u in c.talk_coded if _has(u, "talk_type", "sustain")]
    out["change_talk_share"] = c.share(
        "change_talk_share",
        change + sustain,
        lambda u: _has(u, "talk_type", "change"),
        ("talk_type=change", "talk_type=sustain"),
        "change talk",
        "change or sustain statements were",
        minimum=MIN_CHANGE_SUSTAIN,
    )
    if not c.talk_coded:
        out["change_to_sustain"] = Measured(
            "change_to_sustain", None, reason="insufficient evidence: talk type codes missing"
        )
    elif len(change) + len(sustain) < MIN_CHANGE_SUSTAIN:
        out["change_to_sustain"] = Measured(
            "change_to_sustain",
            None,
            reason=(
                f"insufficient evidence: only {len(change) + len(sustain)}"
                " change or sustain statements"
            ),
        )
    else:
        # No sustain talk at all: the ratio is unbounded; count one so it stays finite.
        out["change_to_sustain"] = Measured(
            "change_to_sustain",
            len(change) / max(len(sustain), 1),
            numerator=len(change),
            denominator=len(sustain),
            utterances=tuple(sorted(u.index for u in change + sustain)),
            codes=("talk_type=change", "talk_type=sustain"),
            note=f"{len(change)} change to {len(sustain)} sustain statements",
            confidence=_amount(len(change) + len(sustain), 6)
            * _mean_confidence(change + sustain, ["talk_type"]),
        )
    out["change_talk_rate"] = c.rate(
        "change_talk_rate",
        c.talk_coded,
        lambda u: _has(u, "talk_type", "change"),
        ("talk_type=change",),
        "change statements",
        "client turns",
        minimum=MIN_CLIENT,
        missing="talk type codes missing",
    )
    out["minimal_response_rate"] = c.rate(
        "minimal_response_rate",
        c.client,
        lambda u: _has(u, "minimal_response"),
        ("minimal_response",),
        "minimal responses",
        "client turns",
        minimum=MIN_CLIENT,
        cue=True,
    )
    out["disagreement_rate"] = c.rate(
        "disagreement_rate",
        c.client,
        lambda u: _has(u, "disagreement"),
        ("disagreement",),
        "disagreements",
        "client turns",
        minimum=MIN_CLIENT,
        cue=True,
    )
    out["therapist_share_of_talk"] = _share_of_talk(c)
    out["client_words_per_turn"] = _client_words(c)
    return out


def _share_of_talk(c: _Counter) -> Measured:
    therapist_words = sum(u.words for u in c.therapist)
    client_words = sum(u.words for u in c.client)
    total = therapist_words + client_words
    if not c.therapist or not c.client or total < 50:
        return Measured(
            "therapist_share_of_talk",
            None,
            reason="insufficient evidence: needs therapist and client talk (50 words or more)",
        )
    return Measured(
        "therapist_share_of_talk",
        therapist_words / total,
        numerator=therapist_words,
        denominator=total,
        utterances=tuple(u.index for u in c.therapist),
        codes=("role",),
        note=f"therapist spoke {therapist_words} of {total} words",
        confidence=_amount(total, 200),
    )


def _client_words(c: _Counter) -> Measured:
    if len(c.client) < MIN_CLIENT:
        return Measured(
            "client_words_per_turn",
            None,
            reason=f"insufficient evidence: only {len(c.client)} client turns (need {MIN_CLIENT})",
        )
    words = sum(u.words for u in c.client)
    return Measured(
        "client_words_per_turn",
        words / len(c.client),
        numerator=words,
        denominator=len(c.client),
        utterances=tuple(u.index for u in c.client),
        codes=("role",),
        note=f"{words} client words in {len(c.client)} turns",
        confidence=_amount(len(c.client), 10),
    )


INDEX_NAMES: frozenset[str] = frozenset(
    {
        "reflection_to_question",
        "percent_open_questions",
        "percent_complex_reflections",
        "reflection_rate",
        "question_rate",
        "complex_reflection_rate",
        "therapist_input_rate",
        "advice_rate",
        "negotiation_rate",
        "affirmation_rate",
        "reflection_of_feeling_rate",
        "advice_without_permission_rate",
        "asks_permission_rate",
        "judgmental_rate",
        "self_disclosure_rate",
        "interruption_rate",
        "change_talk_share",
        "change_to_sustain",
        "change_talk_rate",
        "minimal_response_rate",
        "disagreement_rate",
        "therapist_share_of_talk",
        "client_words_per_turn",
    }
)
"""Every index :func:`compute_indices` gives; a framework may name only these."""

LOWER_IS_BETTER: frozenset[str] = frozenset(
    {
        "therapist_input_rate",
        "advice_rate",
        "advice_without_permission_rate",
        "judgmental_rate",
        "interruption_rate",
        "minimal_response_rate",
        "disagreement_rate",
        "therapist_share_of_talk",
    }
)
"""Indices where less is better by the MI literature (fixed before looking at any data's AUC)."""


def index_labels() -> Mapping[str, str]:
    """Human names for the report."""
    return _LABELS


_LABELS: Mapping[str, str] = {
    "reflection_to_question": "Reflection-to-question ratio",
    "percent_open_questions": "Open questions (% of questions)",
    "percent_complex_reflections": "Complex reflections (% of reflections)",
    "reflection_rate": "Reflections per therapist turn",
    "question_rate": "Questions per therapist turn",
    "complex_reflection_rate": "Complex reflections per therapist turn",
    "therapist_input_rate": "Information/advice turns per therapist turn",
    "advice_rate": "Advice per therapist turn",
    "negotiation_rate": "Goal negotiation/options per therapist turn",
    "affirmation_rate": "Affirmations per therapist turn",
    "reflection_of_feeling_rate": "Reflections of feeling per therapist turn",
    "advice_without_permission_rate": "Advice without permission per therapist turn",
    "asks_permission_rate": "Asking permission per therapist turn",
    "judgmental_rate": "Judgmental statements per therapist turn",
    "self_disclosure_rate": "Self-disclosures per therapist turn",
    "interruption_rate": "Interruptions per therapist turn",
    "change_talk_share": "Change talk (% of change + sustain)",
    "change_to_sustain": "Change-to-sustain ratio",
    "change_talk_rate": "Change talk per client turn",
    "minimal_response_rate": "Minimal responses per client turn",
    "disagreement_rate": "Disagreements per client turn",
    "therapist_share_of_talk": "Therapist share of words",
    "client_words_per_turn": "Client words per turn",
}
