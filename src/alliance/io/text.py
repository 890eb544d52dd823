"""Plain-text transcripts: ``T:``/``C:``, ``Therapist:``, names, diarised ``SPEAKER_00:`` labels,
with optional time stamps, and the layouts of common exports (Otter: ``Name  0:03`` above the
words; Rev: ``Speaker 1 (00:03):``; Zoom: ``[Name] 10:03:22``).

A turn runs from its label to the next label, over as many lines as it takes. Lines before the
first label are skipped only when they look like a title or a header (``Session 3``,
``Date: 12 May``); anything else there is an error with its line number, because guessing would
put words in someone's mouth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._labels import LabelLine, is_stamp_only, match_label_line, parse_stamp
from alliance.io.roles import role_from_label

__all__ = ["looks_like_text_transcript", "parse_lines", "parse_text"]

_HEADER_KEYS = frozenset(
    {
        "date",
        "time",
        "session",
        "title",
        "recorded",
        "recording",
        "duration",
        "location",
        "participants",
        "attendees",
        "present",
        "transcript",
        "transcribed",
        "transcriber",
        "subject",
        "topic",
        "note",
        "notes",
        "file",
        "meeting",
        "source",
        "language",
        "created",
        "id",
        "session id",
        "session number",
        "modality",
        "keywords",
        "summary",
    }
)
_TITLE_WORDS = re.compile(
    r"\b(?:transcript|transcription|session|recorded|recording|interview|counsel+ing|therapy|"
    r"appointment|meeting|consultation|review|intake|assessment|confidential)\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\s\-=_*#~.]+$")
_HINT = (
    "start each turn with a speaker label such as 'Therapist:', 'T:' or 'Maria:', or choose "
    "another format with --input-format"
)


def parse_text(text: str, *, path: str) -> list[Turn]:
    return parse_lines(text.splitlines(), path=path)


def parse_lines(lines: Sequence[str], *, path: str, unit: str = "line") -> list[Turn]:
    """Turns from ``lines`` (numbered from 1 in errors; ``unit`` names what a line is)."""
    matches = [match_label_line(raw) for raw in lines]
    accept = _style_filter(matches)
    turns: list[Turn] = []
    current: Turn | None = None
    pending_stamp: float | None = None
    for number, (raw, found) in enumerate(zip(lines, matches, strict=True), start=1):
        line = raw.strip()
        if not line:
            continue
        if is_stamp_only(line):
            pending_stamp = parse_stamp(line)
            continue
        if found is not None and not accept(found):
            found = None
        if found is not None and found.label.casefold() in _HEADER_KEYS:
            if current is None:
                continue
            found = None
        if found is None:
            if current is None:
                if _looks_like_title(line):
                    continue
                raise ParseError(
                    f"{unit} {number} comes before the first speaker label and is not a title",
                    path=path,
                    line=number,
                    hint=_HINT,
                )
            current.text = f"{current.text} {line}" if current.text else line
            continue
        start = found.start if found.start is not None else pending_stamp
        pending_stamp = None
        current = Turn(speaker=found.label, text=found.text, start=start, line=number)
        turns.append(current)
    if not turns:
        raise ParseError("no speaker labels found", path=path, hint=_HINT)
    return _unify_speakers(turns)


def _style_filter(matches: Sequence[LabelLine | None]) -> Callable[[LabelLine], bool]:
    """A file is labelled one way (``Name: words`` or ``Name  0:03`` above the words). A line in
    the other style is a label only if it names a speaker the file already labels, or a role
    word, so that a turn's own line such as "Monday 9:30" does not become a speaker."""
    colon = [m for m in matches if m is not None and not m.header]
    header = [m for m in matches if m is not None and m.header]
    majority, minority = (colon, header) if len(colon) >= len(header) else (header, colon)
    if not minority:
        return lambda _found: True
    known = {m.label.casefold() for m in majority}
    minority_ids = {id(m) for m in minority}

    def accept(found: LabelLine) -> bool:
        if id(found) not in minority_ids:
            return True
        return found.label.casefold() in known or role_from_label(found.label) is not None

    return accept


def _unify_speakers(turns: list[Turn]) -> list[Turn]:
    # "THERAPIST", "Therapist" and "therapist" are one person: keep the first spelling seen.
    first_spelling: dict[str, str] = {}
    for turn in turns:
        turn.speaker = first_spelling.setdefault(turn.speaker.casefold(), turn.speaker)
    return turns


def _looks_like_title(line: str) -> bool:
    if _SEPARATOR.match(line):
        return True
    words = line.split()
    if len(words) > 12 or len(line) > 100:
        return False
    if not line.rstrip().endswith((".", "?", "!", ",", ";", '"', "'", "”")):
        return True
    # "Transcript of session 3, recorded 12 March 2025." is a title that ends like a sentence.
    return line.rstrip().endswith(".") and bool(
        _TITLE_WORDS.search(line) or any(ch.isdigit() for ch in line)
    )


def looks_like_text_transcript(text: str) -> bool:
    """Whether a file of unknown kind reads as a labelled transcript (used in detection)."""
    labelled = 0
    for line in text.splitlines()[:200]:
        if line.strip() and match_label_line(line) is not None:
            labelled += 1
            if labelled >= 2:
                return True
    return False
