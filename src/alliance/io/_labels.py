"""Speaker labels and time stamps as people and transcription tools write them.

Shared by the plain-text, Word and caption readers. A label must look like a name, a role word or
a diariser's id, so that a sentence such as "Here's the thing: ..." is not taken for a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LabelLine",
    "is_label",
    "is_stamp_only",
    "match_label_line",
    "parse_stamp",
    "strip_leading_stamp",
]

STAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_BRACKETED = rf"[\[(]\s*(?:{STAMP})\s*[\])]"
_ANY_STAMP = rf"(?:{_BRACKETED}|{STAMP})"
_LABEL_BODY = r"[^:\[\]()\d\s][^:\[\]()]{0,39}?"

# "[00:01:02] Therapist: text", "Speaker 1 (00:03): text", "00:03 Maria: text"
_COLON = re.compile(
    rf"^(?:(?P<pre>{_ANY_STAMP})\s*)?(?:>>\s*)?(?P<label>{_LABEL_BODY})\s*(?:(?P<post>{_BRACKETED})\s*)?"
    rf":(?!\d)\s*(?P<text>.*)$"
)
# "Maria  0:03", "Therapist 00:01:02", "Maria (01:02)", "[Maria Lopez] 10:03:22"
_HEADER_AFTER = re.compile(
    rf"^\[?(?P<label>{_LABEL_BODY})\]?\s+(?:-\s+)?(?P<post>{_ANY_STAMP})\s*:?\s*$"
)
# "[00:03] Maria", "00:03  Speaker 2"
_HEADER_BEFORE = re.compile(rf"^(?P<pre>{_ANY_STAMP})\s+\[?(?P<label>{_LABEL_BODY})\]?\s*:?\s*$")
_STAMP_ONLY = re.compile(rf"^\s*{_ANY_STAMP}\s*$")
_LEADING_STAMP = re.compile(rf"^\s*(?P<stamp>{_BRACKETED})\s*")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")

_DIARISED = re.compile(r"^(?:speaker|spk|spkr)[\s_\-]*\d+$", re.IGNORECASE)
_CODE = re.compile(r"^[A-Z]{1,3}\d{0,2}$")
_PARTICLES = frozenset(
    {
        "de",
        "del",
        "della",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "bin",
        "al",
        "el",
        "dos",
        "das",
        "y",
        "ter",
        "ten",
        "st",
        "mc",
    }
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")


def is_label(label: str) -> bool:
    """Whether ``label`` can be a speaker: a name of up to four words, each capitalised (titles
    like ``Dr.`` included), a role word, or a diariser's id (``SPEAKER_00``, ``Speaker 2``)."""
    label = label.strip()
    if not label or len(label) > 40:
        return False
    if _DIARISED.match(label) or _CODE.match(label):
        return True
    words = label.split()
    if len(words) > 4:
        return False
    for i, word in enumerate(words):
        if word.isdigit() and i == len(words) - 1 and i > 0:
            continue
        if not _NAME_WORD.match(word):
            return False
        if not word[0].isupper() and not (i > 0 and word.casefold() in _PARTICLES):
            return False
    return True


def parse_stamp(stamp: str | None) -> float | None:
    """Seconds from ``"01:02"``, ``"[00:01:02]"``, ``"(1:02.5)"``; ``None`` when absent."""
    if not stamp:
        return None
    parts = stamp.strip("[]() \t").replace(",", ".").split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    seconds = 0.0
    for value in values:
        seconds = seconds * 60 + value
    return seconds


@dataclass(frozen=True, slots=True)
class LabelLine:
    label: str
    text: str
    start: float | None
    header: bool = False
    """True for a label line with no colon (``Maria  0:03``): the words follow on later lines."""


def match_label_line(line: str) -> LabelLine | None:
    """The label, the text after it and the time stamp of a line that opens a turn, or ``None``
    for a line that continues the current one."""
    stripped = line.strip()
    if not stripped or _STAMP_ONLY.match(stripped):
        return None
    m = _COLON.match(stripped)
    if m and is_label(m.group("label")):
        text, stamp = strip_leading_stamp(m.group("text"))
        start = parse_stamp(m.group("pre") or m.group("post") or stamp)
        return LabelLine(_clean(m.group("label")), text, start)
    for pattern in (_HEADER_AFTER, _HEADER_BEFORE):
        m = pattern.match(stripped)
        if m and is_label(m.group("label")):
            stamp = m.groupdict().get("pre") or m.groupdict().get("post")
            return LabelLine(_clean(m.group("label")), "", parse_stamp(stamp), header=True)
    return None


def is_stamp_only(line: str) -> bool:
    return bool(_STAMP_ONLY.match(line))


def strip_leading_stamp(text: str) -> tuple[str, str | None]:
    m = _LEADING_STAMP.match(text)
    if not m:
        return text.strip(), None
    return text[m.end() :].strip(), m.group("stamp")


def _clean(label: str) -> str:
    return " ".join(label.strip(" []").split())
