"""ConvoKit corpora: the on-disk layout researchers already use (CornellNLP/ConvoKit).

A corpus is a folder holding ``utterances.jsonl`` (one utterance a line: ``id``,
``conversation_id``, ``speaker``, ``reply_to``, ``timestamp``, ``text``, ``meta``),
``speakers.json`` and ``conversations.json`` (id -> ``{"meta": ..., "vectors": []}``; older
corpora map id -> meta directly), ``corpus.json`` (corpus meta) and ``index.json`` (the types of
every meta field). Each conversation becomes one session.

Writing puts what ConvoKit has no field for into ``meta``: the utterance's role, index, start and
end times, stage and codes; the session's speakers (with how each role was found) and metadata in
the conversation's meta. Reading a corpus written here gives back the same sessions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from alliance.errors import FileTooLargeError, InputError, ParseError
from alliance.io._build import Turn, build_session
from alliance.io._fields import role_value, time_value
from alliance.model import Code, Role, Session, Utterance
from alliance.serialize import speaker_from_dict, speaker_to_dict

__all__ = ["is_convokit_dir", "read_convokit", "write_convokit"]

_HINT = "a ConvoKit corpus folder holds utterances.jsonl (see docs/formats.md)"


def is_convokit_dir(path: Path) -> bool:
    return path.is_dir() and (path / "utterances.jsonl").is_file()


def _load_json(path: Path, *, max_bytes: int) -> Any:
    if not path.is_file():
        return {}
    if path.stat().st_size > max_bytes:
        raise FileTooLargeError(
            f"{path.name} is larger than the limit of {max_bytes:,} bytes",
            path=path,
            hint="raise the limit (max_bytes=)",
        )
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ParseError(f"{path.name} is not valid JSON", path=path, hint=_HINT) from exc


def _meta_of(entry: Any) -> dict[str, Any]:
    # New corpora: {"meta": {...}, "vectors": [...]}; old ones: the meta dict itself.
    if isinstance(entry, Mapping):
        if (
            "meta" in entry
            and isinstance(entry["meta"], Mapping)
            and set(entry) <= {"meta", "vectors"}
        ):
            return dict(entry["meta"])
        return dict(entry)
    return {}


def read_convokit(
    directory: str | Path, *, therapist: str | None = None, max_bytes: int
) -> list[Session]:
    folder = Path(directory)
    source = str(directory)
    utterances_file = folder / "utterances.jsonl"
    if not utterances_file.is_file():
        raise InputError("no utterances.jsonl in this folder", path=source, hint=_HINT)
    if utterances_file.stat().st_size > max_bytes:
        raise FileTooLargeError(
            f"utterances.jsonl is larger than the limit of {max_bytes:,} bytes",
            path=utterances_file,
            hint="raise the limit (max_bytes=)",
        )
    speakers_raw = _load_json(folder / "speakers.json", max_bytes=max_bytes)
    conversations_raw = _load_json(folder / "conversations.json", max_bytes=max_bytes)
    speaker_meta = (
        {str(k): _meta_of(v) for k, v in speakers_raw.items()}
        if isinstance(speakers_raw, Mapping)
        else {}
    )
    conversation_meta = (
        {str(k): _meta_of(v) for k, v in conversations_raw.items()}
        if isinstance(conversations_raw, Mapping)
        else {}
    )
    groups: dict[str, list[tuple[dict[str, Any], int]]] = {}
    try:
        text = utterances_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError("utterances.jsonl is not UTF-8", path=utterances_file, hint=_HINT) from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ParseError(
                "not a JSON object on this line", path=utterances_file, line=number, hint=_HINT
            ) from exc
        if not isinstance(record, dict) or "text" not in record or "speaker" not in record:
            raise ParseError(
                "an utterance without 'speaker' or 'text'",
                path=utterances_file,
                line=number,
                hint=_HINT,
            )
        conversation = record.get("conversation_id", record.get("root"))
        groups.setdefault(str(conversation), []).append((record, number))
    if not groups:
        raise ParseError("utterances.jsonl holds no utterances", path=utterances_file, hint=_HINT)
    return [
        _session(cid, records, conversation_meta.get(cid, {}), speaker_meta, source, therapist)
        for cid, records in groups.items()
    ]


def _session(
    cid: str,
    records: list[tuple[dict[str, Any], int]],
    meta: Mapping[str, Any],
    speaker_meta: Mapping[str, Mapping[str, Any]],
    source: str,
    therapist: str | None,
) -> Session:
    session_id = str(meta.get("session_id", cid))
    metadata_raw = meta.get("metadata")
    if isinstance(metadata_raw, Mapping):
        metadata = {str(k): str(v) for k, v in metadata_raw.items()}
    else:
        metadata = {
            str(k): str(v) for k, v in meta.items() if isinstance(v, str | int | float | bool)
        }
    turns: list[Turn] = []
    codes: list[dict[str, Code]] = []
    stages: list[str | None] = []
    for position, (record, number) in enumerate(records):
        raw_meta = record.get("meta")
        umeta: Mapping[str, Any] = raw_meta if isinstance(raw_meta, Mapping) else {}
        speaker = str(record["speaker"])
        text = record["text"] if isinstance(record["text"], str) else str(record["text"] or "")
        index = umeta.get("index")
        start = (
            time_value(umeta["start"]) if "start" in umeta else time_value(record.get("timestamp"))
        )
        turns.append(
            Turn(
                speaker=speaker,
                text=text,
                start=start,
                end=time_value(umeta.get("end")),
                line=number,
                role=role_value(umeta.get("role"))
                or role_value(speaker_meta.get(speaker, {}).get("role")),
                index=index if isinstance(index, int) and not isinstance(index, bool) else position,
            )
        )
        codes.append(_codes(umeta.get("codes"), path=source, line=number))
        stage = umeta.get("stage")
        stages.append(stage if isinstance(stage, str) else None)
    stored = meta.get("speakers")
    if therapist is None and isinstance(stored, list) and _valid_speakers(stored, turns):
        return _exact(session_id, turns, codes, stages, stored, metadata, source)
    session = build_session(
        turns, session_id=session_id, source=source, therapist=therapist, metadata=metadata
    )
    by_index = {t.index: (c, s) for t, c, s in zip(turns, codes, stages, strict=True)}
    return _with_annotations(session, by_index)


def _valid_speakers(stored: list[Any], turns: list[Turn]) -> bool:
    # Trust the stored speaker list only if it is well formed and names everyone who speaks.
    valid = all(
        isinstance(s, Mapping) and isinstance(s.get("id"), str) and s.get("role") in set(Role)
        for s in stored
    )
    return valid and {t.speaker for t in turns} <= {s["id"] for s in stored}


def _exact(
    session_id: str,
    turns: list[Turn],
    codes: list[dict[str, Code]],
    stages: list[str | None],
    stored: list[Mapping[str, Any]],
    metadata: dict[str, str],
    source: str,
) -> Session:
    speakers = tuple(speaker_from_dict(s) for s in stored)
    role_of = {s.id: s.role for s in speakers}
    utterances = tuple(
        Utterance(
            index=t.index if t.index is not None else i,
            speaker=t.speaker,
            role=t.role or role_of.get(t.speaker, Role.OTHER),
            text=t.text,
            start=t.start,
            end=t.end,
            codes=c,
            stage=st,
        )
        for i, (t, c, st) in enumerate(zip(turns, codes, stages, strict=True))
    )
    return Session(session_id, speakers, utterances, source=source, metadata=metadata)


def _with_annotations(
    session: Session, by_index: Mapping[int | None, tuple[dict[str, Code], str | None]]
) -> Session:
    utterances = tuple(
        replace(
            u,
            codes=by_index.get(u.index, ({}, None))[0],
            stage=by_index.get(u.index, ({}, None))[1],
        )
        for u in session.utterances
    )
    return replace(session, utterances=utterances)


def _codes(raw: Any, *, path: str, line: int) -> dict[str, Code]:
    if not isinstance(raw, Mapping):
        return {}
    out = {}
    for key, value in raw.items():
        if not isinstance(value, Mapping) or not isinstance(value.get("value"), str | bool):
            continue
        try:
            out[str(key)] = Code(
                value=value["value"],
                confidence=float(value.get("confidence", 1.0)),
                source=str(value.get("source", "")),
                cues=tuple(str(c) for c in value.get("cues") or ()),
            )
        except (TypeError, ValueError) as exc:
            raise ParseError(
                f"code {key!r} is malformed", path=path, line=line, hint=_HINT
            ) from exc
    return out


def _type_name(value: Any) -> str:
    return str(type(value))


def _index(entries: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for meta in entries:
        for key, value in meta.items():
            index.setdefault(key, [_type_name(value)])
    return index


def write_convokit(sessions: Sequence[Session], directory: str | Path) -> None:
    """Write ``sessions`` as a ConvoKit corpus in ``directory`` (created if needed); one
    conversation per session, utterance ids ``<session id>__<index>``."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder ({exc.strerror})", path=folder, hint="choose another folder"
        ) from exc
    ids = [s.id for s in sessions]
    if len(set(ids)) != len(ids):
        raise InputError(
            "two sessions share an id; ConvoKit needs one conversation id per session",
            path=folder,
            hint="give every session its own id",
        )
    utterance_lines: list[str] = []
    utterance_metas: list[dict[str, Any]] = []
    speakers: dict[str, dict[str, Any]] = {}
    conversations: dict[str, dict[str, Any]] = {}
    for session in sessions:
        previous: str | None = None
        for utterance in session.utterances:
            uid = f"{session.id}__{utterance.index}"
            meta: dict[str, Any] = {
                "index": utterance.index,
                "role": utterance.role.value,
                "start": utterance.start,
                "end": utterance.end,
                "stage": utterance.stage,
                "codes": {
                    key: {
                        "value": code.value,
                        "confidence": code.confidence,
                        "source": code.source,
                        "cues": list(code.cues),
                    }
                    for key, code in utterance.codes.items()
                },
            }
            utterance_metas.append(meta)
            record: dict[str, Any] = {
                "id": uid,
                "conversation_id": session.id,
                "speaker": utterance.speaker,
                "reply_to": previous,
                "timestamp": utterance.start,
                "text": utterance.text,
                "meta": meta,
                "vectors": [],
            }
            utterance_lines.append(json.dumps(record, ensure_ascii=False))
            previous = uid
        for speaker in session.speakers:
            speakers.setdefault(speaker.id, {"meta": {"role": speaker.role.value}, "vectors": []})
        conversations[session.id] = {
            "meta": {
                "session_id": session.id,
                "source": session.source,
                "metadata": dict(session.metadata),
                "speakers": [speaker_to_dict(s) for s in session.speakers],
            },
            "vectors": [],
        }
    index = {
        "utterances-index": _index(utterance_metas),
        "speakers-index": _index([v["meta"] for v in speakers.values()]),
        "conversations-index": _index([v["meta"] for v in conversations.values()]),
        "overall-index": {"name": [_type_name("")]},
        "version": 1,
        "vectors": [],
    }
    try:
        (folder / "utterances.jsonl").write_text(
            "\n".join(utterance_lines) + "\n", encoding="utf-8"
        )
        (folder / "speakers.json").write_text(
            json.dumps(speakers, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "conversations.json").write_text(
            json.dumps(conversations, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "corpus.json").write_text(
            json.dumps({"name": folder.name}, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write the corpus ({exc.strerror})",
            path=folder,
            hint="check the folder is writable",
        ) from exc
