"""WebVTT and SubRip captions (read with webvtt-py), as video-call tools and captioners export them.

Speakers come from voice tags (``<v Maria>``, Teams) or a ``Name:`` at the start of a cue (Zoom,
most SRT files). A cue that names nobody continues the previous speaker; if nobody has been
named yet it belongs to the speaker ``unknown``. Captioners cut one person's turn into many
short cues, so consecutive cues of one speaker are merged back into one utterance.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import webvtt as webvtt_py

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._labels import match_label_line
from alliance.io.roles import UNKNOWN_SPEAKER

__all__ = ["parse_captions"]

_VOICE = re.compile(r"<v(?:\.[\w\-]+)*[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")


def parse_captions(text: str, *, path: str, fmt: str) -> list[Turn]:
    """Turns from WebVTT (``fmt="webvtt"``) or SubRip (``fmt="srt"``) text."""
    kind = "srt" if fmt == "srt" else "vtt"
    try:
        captions = webvtt_py.from_buffer(io.StringIO(text), format=kind)
        cues = [
            (c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.raw_text)
            for c in captions.captions
        ]
    except Exception as exc:  # webvtt-py raises several types; map them all at the boundary
        raise ParseError(
            f"not a valid {'SubRip' if kind == 'srt' else 'WebVTT'} file ({type(exc).__name__})",
            path=path,
            hint=(
                "check the file header (WEBVTT) and cue timings, or choose another format "
                "with --input-format"
                if kind == "vtt"
                else "check the cue numbers and timings, or choose another format "
                "with --input-format"
            ),
        ) from exc
    turns: list[Turn] = []
    speaker: str | None = None
    for number, (start, end, raw) in enumerate(cues, start=1):
        for named, words in _segments(raw):
            if named is not None:
                speaker = named
            if not words:
                continue
            who = speaker or UNKNOWN_SPEAKER
            last = turns[-1] if turns else None
            if last is not None and last.speaker == who:
                last.text = f"{last.text} {words}"
                last.end = end
            else:
                turns.append(Turn(speaker=who, text=words, start=start, end=end, line=number))
    if not turns:
        raise ParseError(
            "the captions hold no text",
            path=path,
            hint="check the file has cues with words in them",
        )
    return turns


def _segments(raw: str) -> Iterator[tuple[str | None, str]]:
    """(speaker or None, words) for each voice in one cue."""
    voices = list(_VOICE.finditer(raw))
    if voices:
        before = _plain(raw[: voices[0].start()])
        if before:
            yield None, before
        for i, voice in enumerate(voices):
            end = voices[i + 1].start() if i + 1 < len(voices) else len(raw)
            yield " ".join(voice.group(1).split()), _plain(raw[voice.end() : end])
        return
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    named: str | None = None
    words: list[str] = []
    for line in lines:
        found = match_label_line(_plain(line))
        if found is not None and found.text:
            if words:
                yield named, " ".join(words)
            named, words = found.label, [found.text]
        else:
            words.append(_plain(line))
    if words or named:
        yield named, " ".join(w for w in words if w)


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())
