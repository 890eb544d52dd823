"""Which transcript format a file is in: from its extension, checked against its content.

The extension is the first guess and the content can correct it (a ``.txt`` that starts with
``WEBVTT``, a ``.csv`` in the AnnoMI layout, a ``.json`` with one object per line). A file with an
extension alliance does not know is recognised by content alone. ``format=`` (``--input-format``)
overrides all of this.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from alliance.errors import UnknownFormatError
from alliance.io.text import looks_like_text_transcript

__all__ = ["EXTENSIONS", "FORMATS", "check_format", "detect_text_format", "format_from_name"]

FORMATS: tuple[str, ...] = (
    "text",
    "webvtt",
    "srt",
    "docx",
    "json",
    "jsonl",
    "csv",
    "annomi",
    "convokit",
)

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".vtt": "webvtt",
    ".webvtt": "webvtt",
    ".srt": "srt",
    ".docx": "docx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}

_SRT_START = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def check_format(fmt: str, *, path: str) -> str:
    wanted = fmt.strip().lower()
    aliases = {"vtt": "webvtt", "txt": "text", "plain": "text", "word": "docx", "ndjson": "jsonl"}
    wanted = aliases.get(wanted, wanted)
    if wanted not in FORMATS:
        raise UnknownFormatError(
            f"unknown input format {fmt!r}",
            path=path,
            hint=f"choose one of: {', '.join(FORMATS)}",
        )
    return wanted


def format_from_name(name: str) -> str | None:
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def detect_text_format(text: str, *, name: str) -> str:
    """The format of decoded ``text``: by content where it is unmistakable, else by extension."""
    by_name = format_from_name(name)
    head = text.lstrip()[:4096]
    if head.startswith("WEBVTT"):
        return "webvtt"
    if by_name in ("text", None) and _SRT_START.match(text):
        return "srt"
    if by_name == "csv":
        from alliance.io.csv import is_annomi_header

        first = head.split("\n", 1)[0]
        header = [cell.strip().strip('"') for cell in re.split(r"[,\t;]", first)]
        return "annomi" if is_annomi_header(header) else "csv"
    if by_name is not None:
        return by_name
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        rest = head[len(first_line) :].strip()
        if first_line.startswith("{") and first_line.endswith("}") and rest.startswith("{"):
            return "jsonl"
        return "json"
    first = head.split("\n", 1)[0]
    if first.count(",") >= 1 or first.count("\t") >= 1:
        from alliance.io._fields import find_key

        cells = [c.strip().strip('"') for c in re.split(r"[,\t;]", first)]
        if find_key(cells, "text") and find_key(cells, "speaker"):
            from alliance.io.csv import is_annomi_header

            return "annomi" if is_annomi_header(cells) else "csv"
    if looks_like_text_transcript(text):
        return "text"
    raise UnknownFormatError(
        "neither the file name nor the content says which transcript format this is",
        path=name,
        hint=f"choose one with --input-format ({', '.join(FORMATS)})",
    )
