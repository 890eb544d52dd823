"""CSV transcripts: a generic table of turns, and the AnnoMI corpus layout.

Generic: the speaker and text columns are found from the header by their usual names
(``speaker``/``interlocutor``/``role``/``name``; ``text``/``utterance``/``utterance_text``/
``content``/``transcript``), with optional ``start``/``end``/``timestamp`` columns and an
optional session column (``session_id``, ``transcript_id``, ``conversation_id``) for files that
hold many sessions.

AnnoMI (``transcript_id``, ``utterance_id``, ``interlocutor``, ``utterance_text``): one row per
utterance *and annotator*; the reader keeps one row per utterance (the lowest ``annotator_id``),
takes roles from ``interlocutor`` and ignores the annotation columns (they are labels for
evaluation, not part of the transcript).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._fields import find_key, normalise_key, role_value, time_value

__all__ = ["CsvSession", "is_annomi_header", "parse_annomi", "parse_csv"]

_ANNOMI = ("transcript_id", "utterance_id", "interlocutor", "utterance_text")
_HINT = "name the columns 'speaker' and 'text' (optionally 'start', 'end', 'session_id')"


@dataclass(slots=True)
class CsvSession:
    id: str | None
    turns: list[Turn]
    metadata: dict[str, str]


def is_annomi_header(header: list[str]) -> bool:
    names = {normalise_key(h) for h in header}
    return all(column in names for column in _ANNOMI)


def _rows(text: str, *, path: str, tab: bool) -> tuple[list[str], list[tuple[int, list[str]]]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if tab or (first.count("\t") > first.count(",")) else ","
    if delimiter == "," and first.count(";") > first.count(","):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for row in reader:
            if header is None:
                if not any(cell.strip() for cell in row):
                    continue
                header = row
                continue
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ParseError(
            "malformed CSV (an unterminated quote, or a field too long)",
            path=path,
            line=reader.line_num,
            hint="check the quoting on that line, or save the table again from a spreadsheet",
        ) from exc
    if header is None:
        raise ParseError("the CSV file has no header row", path=path, hint=_HINT)
    return header, rows


def _column(header: list[str], what: str) -> int | None:
    key = find_key(header, what)
    return None if key is None else header.index(key)


def parse_csv(text: str, *, path: str, tab: bool = False) -> list[CsvSession]:
    header, rows = _rows(text, path=path, tab=tab)
    if is_annomi_header(header):
        return _annomi(header, rows, path=path)
    text_col = _column(header, "text")
    speaker_col = _column(header, "speaker")
    role_col = _column(header, "role")
    if text_col is None or speaker_col is None:
        missing = "text" if text_col is None else "speaker"
        raise ParseError(
            f"no {missing} column; {_describe_header(header)}",
            path=path,
            line=1,
            hint=_HINT,
        )
    session_col = _column(header, "session")
    start_col, end_col = _column(header, "start"), _column(header, "end")
    groups: dict[str | None, list[Turn]] = {}
    for number, row in rows:
        if len(row) <= max(text_col, speaker_col):
            raise ParseError(
                f"row has {len(row)} fields, fewer than the header's {len(header)}",
                path=path,
                line=number,
                hint="check the delimiters and quoting on that line",
            )
        speaker = " ".join(row[speaker_col].split()) or "unknown"
        role = role_value(row[role_col]) if role_col is not None and role_col < len(row) else None
        key = (
            row[session_col].strip() if session_col is not None and session_col < len(row) else None
        )
        groups.setdefault(key, []).append(
            Turn(
                speaker=speaker,
                text=row[text_col],
                start=_cell_time(row, start_col),
                end=_cell_time(row, end_col),
                line=number,
                role=role,
            )
        )
    if not groups:
        raise ParseError("the CSV file has a header but no rows", path=path, hint=_HINT)
    return [CsvSession(id=key, turns=turns, metadata={}) for key, turns in groups.items()]


def _describe_header(header: list[str]) -> str:
    # Column names help the user; but when a transcript is read as CSV by mistake its first
    # line is someone's words, which must not appear in the message.
    if len(header) <= 30 and all(len(h) <= 32 and len(h.split()) <= 3 for h in header):
        return "the columns are " + ", ".join(repr(h.strip()) for h in header)
    return "the first row does not look like column names (is this a CSV file?)"


def _cell_time(row: list[str], col: int | None) -> float | None:
    return time_value(row[col]) if col is not None and col < len(row) else None


def parse_annomi(text: str, *, path: str) -> list[CsvSession]:
    header, rows = _rows(text, path=path, tab=False)
    if not is_annomi_header(header):
        raise ParseError(
            "not the AnnoMI layout (needs transcript_id, utterance_id, interlocutor, "
            "utterance_text)",
            path=path,
            line=1,
            hint="read it as a generic CSV with --input-format csv",
        )
    return _annomi(header, rows, path=path)


def _annomi(header: list[str], rows: list[tuple[int, list[str]]], *, path: str) -> list[CsvSession]:
    norm = [normalise_key(h) for h in header]
    col = {name: norm.index(name) for name in _ANNOMI}
    annotator = norm.index("annotator_id") if "annotator_id" in norm else None
    stamp = norm.index("timestamp") if "timestamp" in norm else None
    topic = norm.index("topic") if "topic" in norm else None
    width = max(col.values())
    # (transcript, utterance) -> (annotator, line, row); keep the lowest annotator id
    chosen: dict[tuple[str, int], tuple[int, int, list[str]]] = {}
    order: dict[str, None] = {}
    for number, row in rows:
        if len(row) <= width:
            raise ParseError(
                f"row has {len(row)} fields, fewer than the AnnoMI header's {len(header)}",
                path=path,
                line=number,
                hint="check the quoting on that line",
            )
        tid = row[col["transcript_id"]].strip()
        try:
            uid = int(row[col["utterance_id"]])
        except ValueError as exc:
            raise ParseError(
                "utterance_id is not a whole number", path=path, line=number, hint=_HINT
            ) from exc
        who = 0
        if annotator is not None and annotator < len(row):
            try:
                who = int(row[annotator])
            except ValueError:
                who = 0
        order.setdefault(tid, None)
        seen = chosen.get((tid, uid))
        if seen is None or who < seen[0]:
            chosen[(tid, uid)] = (who, number, row)
    by_transcript: dict[str, list[tuple[int, int, list[str]]]] = {tid: [] for tid in order}
    for (tid, uid), (_, number, row) in chosen.items():
        by_transcript[tid].append((uid, number, row))
    sessions = []
    for tid, items in by_transcript.items():
        items.sort(key=lambda item: item[0])
        turns = []
        for uid, number, row in items:
            speaker = row[col["interlocutor"]].strip() or "unknown"
            turns.append(
                Turn(
                    speaker=speaker,
                    text=row[col["utterance_text"]],
                    start=_cell_time(row, stamp),
                    line=number,
                    role=role_value(speaker),
                    index=uid,
                )
            )
        metadata = {}
        if topic is not None and items and topic < len(items[0][2]):
            metadata["topic"] = items[0][2][topic]
        sessions.append(CsvSession(id=tid, turns=turns, metadata=metadata))
    if not sessions:
        raise ParseError("the AnnoMI file has a header but no rows", path=path, hint=_HINT)
    return sessions
