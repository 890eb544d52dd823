"""Transparent cue coders for what AnnoMI's experts did not label: affirmations, reflections of
feeling, asking permission, advice without permission, judgmental statements, self-disclosure,
interruptions (therapist), minimal responses and disagreement (client).

Every cue is a handful of named rules (``affirm.strength``, ``advice.you_should`` ...), each a
regular expression over a normalised, lower-cased utterance with a confidence saying how strong a
sign it is. A code carries the names of the rules that fired, never the words they matched, so
that a reader can look a code up in ``docs/cues.md`` and see why it is there.

Two cues need the conversation, not just the utterance:

* ``advice_without_permission`` fires only when the therapist did not ask permission in its last
  three turns (or earlier in the same turn) and the client did not ask for advice in its last
  two turns;
* ``interruption`` is a therapist code: the therapist taking the floor from a client whose turn
  is transcribed as broken off (a trailing dash), or whose turn the therapist's start time
  overlaps. A client interrupting the therapist is not coded.

The rules are measured on a hand-labelled held-out set (see ``alliance.coding.cue_eval`` and
``docs/cues.md``); they are a first, inspectable layer, not a replacement for a trained coder.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from alliance.coding.cue_rules import MINIMAL_STRONG as _MINIMAL_STRONG
from alliance.coding.cue_rules import MINIMAL_WEAK as _MINIMAL_WEAK
from alliance.coding.cue_rules import RULES, Rule
from alliance.model import Code, Role, Session, Utterance

__all__ = [
    "CLIENT_CUES",
    "CUES",
    "RULES",
    "THERAPIST_CUES",
    "CueCoder",
    "Rule",
    "code_utterances",
    "normalise",
]

THERAPIST_CUES: tuple[str, ...] = (
    "affirmation",
    "reflection_of_feeling",
    "asks_permission",
    "advice_without_permission",
    "judgmental",
    "self_disclosure",
    "interruption",
)
CLIENT_CUES: tuple[str, ...] = ("minimal_response", "disagreement")
CUES: tuple[str, ...] = THERAPIST_CUES + CLIENT_CUES

VERSION = "0.2"
SOURCE = f"cues@{VERSION}"


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_MINIMAL_RE = re.compile(
    r"^(?:(?:" + _alternation(_MINIMAL_STRONG + _MINIMAL_WEAK) + r")(?:[ ,.!?;-]+|$))+$"
)
_MINIMAL_STRONG_RE = re.compile(
    r"^(?:(?:" + _alternation(_MINIMAL_STRONG) + r")(?:[ ,.!?;-]+|$))+$"
)
_MINIMAL_MAX_WORDS = 6

# A client asking for the therapist's view or advice (makes the advice that follows invited).
_ADVICE_REQUEST_RE = re.compile(
    r"\bwhat (?:should|can|could|do|would) (?:i|we) (?:do|try)\b|\b(?:do|would) you think i "
    r"(?:should|could|need)\b|\bshould i\b|\bwhat (?:do|would) you (?:suggest|recommend|advise|"
    r"think i should)\b|\b(?:any|some|got any|have any) (?:ideas|suggestions|advice|tips|options)"
    r"\b|\bwhat are my options\b|\bcan you (?:help me|give me|tell me what|recommend|suggest)\b|"
    r"\bwhat's the best way\b|\bhow (?:do|can|could|should) i\b|\bis there anything (?:i|you)\b|"
    r"\bi(?:'d| would) (?:really )?like (?:some )?(?:more )?(?:information|advice|help|ideas|"
    r"tips|suggestions)\b|\bdo you have anything\b|\bi'm listening\b|\bgo ahead\b"
)

# Words before a match that make a negation of it (in the same clause).
_NEGATION_RE = re.compile(r"(?:\b(?:not|never|no|hardly)\b|n't)\W*(?:\w+\W+){0,2}$")
_WH_BEFORE_RE = re.compile(
    r"(?:\b(?:what|how|why|whether|if|when|where|who|which|whatever)\b|\bdo you think\b|"
    r"\bdon't you think\b)\W*(?:\w+\W+){0,4}$"
)
_QUESTION_START_RE = re.compile(
    r"^\W*(?:and |so |but |um |uh |well |okay |oh )*(?:what|how|why|when|where|who|which|do|does|"
    r"did|is|are|was|were|have|has|had|can|could|would|will|should|shall|may|might|am)\b"
)
_BACKCHANNEL_RE = _MINIMAL_RE  # a therapist turn of this shape is a backchannel, not a takeover
_INVITATION_RE = re.compile(
    r"^(?:(?:mm-hmm|okay|ok|yeah|sure|right|and|um|uh|oh),? )*(?:take your time|go on|go ahead|"
    r"keep going|carry on|tell me more|and then|and|what else|yes)\W*$"
)  # an invitation to go on gives the floor back rather than taking it
_BROKEN_OFF_RE = re.compile(r"(?:-|--|—|–)\s*(?:\[[^\]]*\]\s*)?$")
_TRAILING_WORDS = frozenset(
    {"um", "uh", "er", "erm", "hmm", "mm", "ah", "oh", "so", "and", "but", "or", "because", "cause"}
)

_STUTTER_RE = re.compile(r"\b(\w+)(?:-\1\b)+")
_PARTIAL_RE = re.compile(r"\b(\w{1,3})-(?=\1\w)")
_BRACKETS_RE = re.compile(r"\[[^\]]*\]")
_QUOTED_RE = re.compile(r"\"[^\"]{1,300}\"|“[^”]{1,300}”")
_SPACES_RE = re.compile(r"\s+")
_CONTRACTIONS = (
    ("gonna", "going to"),
    ("wanna", "want to"),
    ("gotta", "got to"),
    ("kinda", "kind of"),
    ("sorta", "sort of"),
)
_CONTRACTIONS_RE = re.compile(r"\b(?:" + "|".join(a for a, _ in _CONTRACTIONS) + r")\b")
_CONTRACTION_MAP = dict(_CONTRACTIONS)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, stutters collapsed ("I-I" → "i", "wo-would" →
    "would"), bracketed transcriber notes and quoted speech dropped (a therapist quoting a
    doctor's "you need to quit" is not giving advice), casual contractions spelled out, so that
    rules can be written once for clean text."""
    out = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    if "[" in out:
        out = _BRACKETS_RE.sub(" ", out)
    if '"' in out or "“" in out:
        out = _QUOTED_RE.sub(" ", out)
    if "-" in out:
        out = _PARTIAL_RE.sub("", out)
        out = _STUTTER_RE.sub(r"\1", out)
    if "nna" in out or "tta" in out or "nda" in out or "rta" in out:
        out = _CONTRACTIONS_RE.sub(lambda m: _CONTRACTION_MAP[m.group(0)], out)
    return _SPACES_RE.sub(" ", out).strip()


_Compiled = tuple[Rule, re.Pattern[str], re.Pattern[str] | None]
_Trie = dict[str, "_Trie"]


def _literal_trie(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as a trie ("f(?:ear|ed up)")
    so that the engine branches on one character at a time instead of trying every word."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        if "" in node:
            return ""  # a key word ends here; longer ones through it add nothing
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


def _compile(rules: Sequence[Rule]) -> dict[str, tuple[_Compiled, ...]]:
    """Each rule's pattern, and a literal pattern of its key words (one C-level search is much
    cheaper than testing the words one by one in Python)."""
    by_cue: dict[str, list[_Compiled]] = {}
    for rule in rules:
        needs = re.compile(_literal_trie(rule.needs)) if rule.needs else None
        by_cue.setdefault(rule.cue, []).append((rule, re.compile(rule.pattern), needs))
    return {cue: tuple(entries) for cue, entries in by_cue.items()}


def _cue_key_words(rules: Sequence[Rule]) -> dict[str, re.Pattern[str] | None]:
    """Per cue, the union of its rules' key words (``None`` when a rule has none)."""
    words: dict[str, set[str] | None] = {}
    for rule in rules:
        have = words.setdefault(rule.cue, set())
        if have is None:
            continue
        if not rule.needs:
            words[rule.cue] = None
        else:
            have.update(rule.needs)
    return {
        cue: None if found is None else re.compile(_literal_trie(found))
        for cue, found in words.items()
    }


_COMPILED = _compile(RULES)
_CUE_KEY_WORDS = _cue_key_words(RULES)
_USE_KEY_WORDS = True  # tests switch it off to check that it never changes a result
_THERAPIST_TEXT_CUES = tuple(c for c in THERAPIST_CUES if c in _COMPILED)
_CLIENT_TEXT_CUES = tuple(c for c in CLIENT_CUES if c in _COMPILED)


def _clause_before(norm: str, start: int) -> str:
    """The text of the clause before ``start`` (back to the last punctuation mark)."""
    window = norm[max(0, start - 40) : start]
    cut = max(window.rfind(","), window.rfind("."), window.rfind("?"), window.rfind("!"))
    return window[cut + 1 :] if cut >= 0 else window


def _sentence_is_question(norm: str, start: int, end: int) -> bool:
    """Whether the sentence holding [start, end) is a question that starts with a question word
    or an auxiliary (not a declarative reflection with a question mark)."""
    left = max(norm.rfind(".", 0, start), norm.rfind("!", 0, start), norm.rfind("?", 0, start))
    stops = [i for i in (norm.find(c, end) for c in ".!?") if i >= 0]
    right = min(stops) if stops else len(norm)
    if right >= len(norm) or norm[right] != "?":
        return False
    return _QUESTION_START_RE.match(norm[left + 1 : right]) is not None


def _text_rules(norm: str, cue: str, *, after_question: bool = False) -> list[Rule]:
    fired: list[Rule] = []
    cue_needs = _CUE_KEY_WORDS[cue]
    if _USE_KEY_WORDS and cue_needs is not None and cue_needs.search(norm) is None:
        return fired
    for rule, regex, needs in _COMPILED[cue]:
        if _USE_KEY_WORDS and needs is not None and needs.search(norm) is None:
            continue
        for match in regex.finditer(norm):
            start = match.start()
            if rule.negatable and _NEGATION_RE.search(_clause_before(norm, start)):
                continue
            if rule.not_after_wh and _WH_BEFORE_RE.search(_clause_before(norm, start)):
                continue
            if rule.statement_only and _sentence_is_question(norm, start, match.end()):
                continue
            if rule.not_after_question and after_question:
                continue
            fired.append(rule)
            break
    return fired


def _minimal(norm: str) -> Rule | None:
    stripped = norm.strip(" .,!?;-—–")
    if not stripped or len(stripped.split()) > _MINIMAL_MAX_WORDS:
        return None
    if _MINIMAL_STRONG_RE.match(stripped):
        return _MINIMAL_BACKCHANNEL
    if _MINIMAL_RE.match(stripped):
        return _MINIMAL_NONCOMMITTAL
    return None


_MINIMAL_BACKCHANNEL = Rule("minimal.backchannel", "minimal_response", "", 0.9)
_MINIMAL_NONCOMMITTAL = Rule("minimal.noncommittal", "minimal_response", "", 0.75)
_INTERRUPT_DASH = Rule("interrupt.client_broken_off", "interruption", "", 0.6)
_INTERRUPT_RESUMED = Rule("interrupt.client_resumes", "interruption", "", 0.8)
_INTERRUPT_OVERLAP = Rule("interrupt.time_overlap", "interruption", "", 0.75)
CONTEXT_RULES: tuple[Rule, ...] = (
    _MINIMAL_BACKCHANNEL,
    _MINIMAL_NONCOMMITTAL,
    _INTERRUPT_DASH,
    _INTERRUPT_RESUMED,
    _INTERRUPT_OVERLAP,
)
"""Rules that are not a single pattern: whole-utterance minimal responses and the interruption
rules that compare an utterance with its neighbours."""

OVERLAP_TOLERANCE_S = 0.1
"""Seconds of overlap ignored, so that rounded or abutting times are not read as interruptions."""


def _combine(rules: Sequence[Rule]) -> float:
    """Noisy-or of the rules' confidences, capped: several independent signs are surer than
    one, never certain."""
    miss = 1.0
    for rule in rules:
        miss *= 1.0 - rule.confidence
    return round(min(0.95, 1.0 - miss), 3)


def _code(rules: Sequence[Rule]) -> Code:
    return Code(
        value=True,
        confidence=_combine(rules),
        source=SOURCE,
        cues=tuple(dict.fromkeys(r.name for r in rules)),
    )


def _content_words(norm: str) -> int:
    return sum(1 for w in re.findall(r"[a-z']+", norm) if w not in _TRAILING_WORDS)


def _last_sentence(norm: str) -> str:
    cut = max(norm.rfind(". "), norm.rfind("? "), norm.rfind("! "))
    return norm[cut + 2 :] if cut >= 0 else norm


def _interruption(
    previous: Utterance | None,
    current: Utterance,
    following: Utterance | None,
    norm_current: str,
) -> list[Rule]:
    """The therapist taking the floor from a client: by times when both are known, otherwise by
    the transcript's mark of a broken-off client turn. A backchannel ("mm-hmm") during the
    client's turn, or the therapist finishing its own cut sentence (leading dash), is not one."""
    if previous is None or previous.role is not Role.CLIENT:
        return []
    stripped = norm_current.strip(" .,!?;")
    if not stripped or _BACKCHANNEL_RE.match(stripped) or _INVITATION_RE.match(stripped):
        return []
    fired: list[Rule] = []
    if (
        current.start is not None
        and previous.end is not None
        and current.start < previous.end - OVERLAP_TOLERANCE_S
        and (previous.start is None or current.start > previous.start)
    ):
        fired.append(_INTERRUPT_OVERLAP)
    if current.text.lstrip().startswith(("-", "—", "–")):
        return fired
    if _BROKEN_OFF_RE.search(previous.text.rstrip()):
        if _content_words(_last_sentence(normalise(previous.text))) == 0:
            return fired  # "Um—", "...that I had. So-": trailing off, not cut off
        if (
            following is not None
            and following.role is Role.CLIENT
            and following.text.lstrip().startswith(("-", "—", "–"))
        ):
            fired.append(_INTERRUPT_RESUMED)
        else:
            fired.append(_INTERRUPT_DASH)
    return fired


def code_utterances(utterances: Sequence[Utterance]) -> list[dict[str, Code]]:
    """The cue codes of each utterance of one session, in order (empty dict where none fired).

    One pass: each utterance is normalised once and scanned once per cue of its side; the
    context the advice and interruption rules need is kept as it goes."""
    results: list[dict[str, Code]] = []
    recent_permission: deque[bool] = deque(maxlen=3)  # the therapist's last turns
    recent_request: deque[bool] = deque(maxlen=2)  # the client's last turns
    norms = [normalise(u.text) for u in utterances]
    for i, utterance in enumerate(utterances):
        norm = norms[i]
        found: dict[str, list[Rule]] = {}
        if utterance.role is Role.THERAPIST:
            if _minimal(norm) is None:  # a backchannel ("mm-hmm", "okay, great") carries no cue
                for cue in _THERAPIST_TEXT_CUES:
                    fired = _text_rules(norm, cue)
                    if fired:
                        found[cue] = fired
            advice = found.get("advice_without_permission")
            permission = found.get("asks_permission")
            if advice and (any(recent_permission) or any(recent_request)):
                del found["advice_without_permission"]
            elif advice and permission:
                # advice offered and permission asked in one turn ("I've an idea for you, would
                # you like to hear it?") is advice with permission
                del found["advice_without_permission"]
            previous = utterances[i - 1] if i > 0 else None
            following = utterances[i + 1] if i + 1 < len(utterances) else None
            interrupted = _interruption(previous, utterance, following, norm)
            if interrupted:
                found["interruption"] = interrupted
            recent_permission.append(bool(permission))
        elif utterance.role is Role.CLIENT:
            minimal = _minimal(norm)
            if minimal is not None:
                found["minimal_response"] = [minimal]
            previous = utterances[i - 1] if i > 0 else None
            after_question = previous is not None and previous.text.rstrip().endswith("?")
            for cue in _CLIENT_TEXT_CUES:
                fired = _text_rules(norm, cue, after_question=after_question)
                if fired:
                    found[cue] = fired
            if "disagreement" in found:
                found.pop("minimal_response", None)  # pushing back is not a content-free reply
            recent_request.append(_ADVICE_REQUEST_RE.search(norm) is not None)
        results.append({cue: _code(rules) for cue, rules in found.items()})
    return results


class CueCoder:
    """Pipeline step: adds the cue codes (``codes.affirmation`` ... ``codes.disagreement``) to
    each utterance, keeping every code it already has (a code of the same key is replaced)."""

    name: ClassVar[str] = "cues"
    version: ClassVar[str] = VERSION
    requires: ClassVar[frozenset[str]] = frozenset({"utterances", "roles", "times"})
    provides: ClassVar[frozenset[str]] = frozenset(f"codes.{cue}" for cue in CUES)
    default: ClassVar[bool] = True
    order: ClassVar[int] = 110

    def __call__(self, sessions: Sequence[Session]) -> list[Session]:
        return [self._session(session) for session in sessions]

    @staticmethod
    def _session(session: Session) -> Session:
        found = code_utterances(session.utterances)
        utterances = tuple(
            _merge(utterance, codes)
            for utterance, codes in zip(session.utterances, found, strict=True)
        )
        return dataclasses.replace(session, utterances=utterances)


def _merge(utterance: Utterance, codes: Mapping[str, Code]) -> Utterance:
    if not codes:
        return utterance
    return dataclasses.replace(utterance, codes={**utterance.codes, **codes})
