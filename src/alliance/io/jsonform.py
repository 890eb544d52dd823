"""JSON and JSON Lines: the project's own session form, and plain utterance lists.

Accepted shapes (JSON): one session in the project's form (``alliance.session/1``, see
docs/json.md) or a list of them; a list of ``{"speaker", "text"}`` objects (optional ``start``,
``end``, ``role``); an object ``{"utterances": [...]}`` of the same. JSON Lines: one project
session per line, or one utterance object per line, or ConvoKit's ``utterances.jsonl`` records
(grouped by ``conversation_id``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._fields import find_key, role_value, time_value
from alliance.io.roles import role_from_label
from alliance.model import Session
from alliance.serialize import FORMAT, session_from_dict

__all__ = ["ParsedJson", "parse_json", "parse_jsonl"]

_HINT = (
    "give a list of objects with 'speaker' and 'text' keys, or the alliance session form "
    "(docs/json.md)"
)

ParsedJson = tuple[list[Session], dict[str, list[Turn]]]
"""Sessions already in project form, and raw turns grouped by session id ("" = the file's)."""


def parse_json(text: str, *, path: str) -> ParsedJson:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            return parse_jsonl(text, path=path)
        raise ParseError(
            f"not valid JSON ({exc.msg}, column {exc.colno})",
            path=path,
            line=exc.lineno,
            hint="check the JSON syntax (a validator such as `python -m json.tool` shows where)",
        ) from exc
    except RecursionError as exc:
        raise ParseError("JSON nested too deeply", path=path, hint=_HINT) from exc
    if isinstance(data, Mapping):
        if _is_project(data):
            return [_project(data, path=path, line=None)], {}
        items = data.get("utterances")
        if isinstance(items, list):
            return [], {"": _turns(items, path=path)}
        raise ParseError("a JSON object without an 'utterances' list", path=path, hint=_HINT)
    if isinstance(data, list):
        if data and all(isinstance(d, Mapping) and _is_project(d) for d in data):
            return [_project(d, path=path, line=None) for d in data], {}
        return [], {"": _turns(data, path=path)}
    raise ParseError(
        f"JSON of type {type(data).__name__} is not a transcript", path=path, hint=_HINT
    )


def parse_jsonl(text: str, *, path: str) -> ParsedJson:
    sessions: list[Session] = []
    groups: dict[str, list[Turn]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ParseError(
                "not a JSON object on this line",
                path=path,
                line=number,
                hint="JSON Lines needs one complete JSON object per line",
            ) from exc
        if not isinstance(record, Mapping):
            raise ParseError("not a JSON object on this line", path=path, line=number, hint=_HINT)
        if _is_project(record):
            sessions.append(_project(record, path=path, line=number))
            continue
        key = str(record["conversation_id"]) if "conversation_id" in record else ""
        groups.setdefault(key, []).append(
            _turn(record, path=path, line=number, where="this record")
        )
    if not sessions and not groups:
        raise ParseError("no JSON records found", path=path, hint=_HINT)
    return sessions, groups


def _is_project(data: Mapping[str, Any]) -> bool:
    if data.get("format") == FORMAT:
        return True
    speakers = data.get("speakers")
    return isinstance(speakers, list) and isinstance(data.get("utterances"), list) and "id" in data


def _project(data: Mapping[str, Any], *, path: str, line: int | None) -> Session:
    try:
        session = session_from_dict(data, path=path)
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(
            "not a valid alliance session", path=path, line=line, hint="see docs/json.md"
        ) from exc
    return session


def _turns(items: list[Any], *, path: str) -> list[Turn]:
    turns = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ParseError(f"utterance {i} is not an object", path=path, hint=_HINT)
        turns.append(_turn(item, path=path, line=None, where=f"utterance {i}"))
    return turns


def _turn(record: Mapping[str, Any], *, path: str, line: int | None, where: str) -> Turn:
    keys = [str(k) for k in record]
    text_key = find_key(keys, "text")
    speaker_key = find_key(keys, "speaker")
    role_key = find_key(keys, "role")
    if text_key is None:
        raise ParseError(
            f"{where} has no text key (looked for: text, utterance, content ...)",
            path=path,
            line=line,
            hint=_HINT,
        )
    text = record[text_key]
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ParseError(f"{where}: the text is not a string", path=path, line=line, hint=_HINT)
    role = role_value(record.get(role_key)) if role_key else None
    speaker_raw = record.get(speaker_key) if speaker_key else None
    if speaker_raw is None and role_key is not None and record.get(role_key) is not None:
        speaker_raw = record.get(role_key)
    if speaker_raw is None or isinstance(speaker_raw, (dict, list)):
        raise ParseError(
            f"{where} has no speaker (looked for: speaker, interlocutor, role, name ...)",
            path=path,
            line=line,
            hint=_HINT,
        )
    speaker = " ".join(str(speaker_raw).split()) or "unknown"
    if role is None and speaker_key is not None and speaker_key.casefold() == "role":
        role = role_from_label(speaker)
    start_key, end_key = find_key(keys, "start"), find_key(keys, "end")
    return Turn(
        speaker=speaker,
        text=text,
        start=time_value(record.get(start_key)) if start_key else None,
        end=time_value(record.get(end_key)) if end_key else None,
        line=line,
        role=role,
    )
