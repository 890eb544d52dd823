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
from collections.abc import Sequence

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._labels import is_stamp_only, match_label_line, parse_stamp

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
_SEPARATOR = re.compile(r"^[\s\-=_*#~.]+$")
_HINT = (
    "start each turn with a speaker label such as 'Therapist:', 'T:' or 'Maria:', or choose "
    "another format with --input-format"
)


def parse_text(text: str, *, path: str) -> list[Turn]:
    return parse_lines(text.splitlines(), path=path)


def parse_lines(lines: Sequence[str], *, path: str, unit: str = "line") -> list[Turn]:
    """Turns from ``lines`` (numbered from 1 in errors; ``unit`` names what a line is)."""
    turns: list[Turn] = []
    current: Turn | None = None
    pending_stamp: float | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if is_stamp_only(line):
            pending_stamp = parse_stamp(line)
            continue
        found = match_label_line(line)
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
    return not line.rstrip().endswith((".", "?", "!", ",", ";", '"', "'", "”"))


def looks_like_text_transcript(text: str) -> bool:
    """Whether a file of unknown kind reads as a labelled transcript (used in detection)."""
    labelled = 0
    for line in text.splitlines()[:200]:
        if line.strip() and match_label_line(line) is not None:
            labelled += 1
            if labelled >= 2:
                return True
    return False
