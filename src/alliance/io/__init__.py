"""Reading transcripts: plain text, WebVTT, SRT, Word, JSON, JSON Lines, CSV, AnnoMI, ConvoKit.

Every reader returns :class:`~alliance.model.Session` s with each speaker's role and how it was
found (label, inferred, override). Every failure is an :class:`~alliance.errors.InputError`
naming the file (and line where known) and what to do; never the transcript's words.

::

    from alliance.io import read_path
    sessions = read_path("session.vtt", therapist="Dr. Rivera")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath

from alliance.errors import EmptyFileError, InputError, ParseError, UnknownFormatError
from alliance.io._build import Turn, build_session
from alliance.io._decode import DEFAULT_MAX_BYTES, check_size, decode, is_zip, refuse_other_zip
from alliance.io.convokit import is_convokit_dir, read_convokit, write_convokit
from alliance.io.detect import (
    EXTENSIONS,
    FORMATS,
    check_format,
    detect_text_format,
    format_from_name,
)
from alliance.io.roles import with_therapist
from alliance.model import Session

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "FORMATS",
    "find_transcripts",
    "read_bytes",
    "read_path",
    "with_therapist",
    "write_convokit",
]


def read_path(
    path: str | Path,
    *,
    format: str | None = None,
    therapist: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Session]:
    """The sessions in the transcript at ``path`` (a file, or a ConvoKit corpus folder; any other
    folder is searched with :func:`find_transcripts`). ``Session.source`` is ``path`` as given."""
    given = str(path)
    target = Path(path)
    if format is not None:
        format = check_format(format, path=given)
    if target.is_dir():
        if format in (None, "convokit") and is_convokit_dir(target):
            return read_convokit(target, therapist=therapist, max_bytes=max_bytes)
        if format == "convokit":
            raise InputError(
                "no utterances.jsonl in this folder",
                path=given,
                hint="a ConvoKit corpus folder holds utterances.jsonl",
            )
        sessions: list[Session] = []
        for found in find_transcripts([target]):
            sessions.extend(
                read_path(found, format=format, therapist=therapist, max_bytes=max_bytes)
            )
        return sessions
    if not target.exists():
        raise InputError("no such file or folder", path=given, hint="check the path")
    if format == "convokit":
        raise InputError(
            "a ConvoKit corpus is a folder, not a file",
            path=given,
            hint="pass the corpus folder (the one holding utterances.jsonl)",
        )
    try:
        check_size(target.stat().st_size, path=given, max_bytes=max_bytes)
        with target.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})",
            path=given,
            hint="check it exists and is readable",
        ) from exc
    return read_bytes(data, name=given, format=format, therapist=therapist, max_bytes=max_bytes)


def read_bytes(
    data: bytes,
    *,
    name: str,
    format: str | None = None,
    therapist: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Session]:
    """The sessions in ``data``; ``name`` (a file name) is used to detect the format, as the
    session id (its stem) and source, and in errors."""
    check_size(len(data), path=name, max_bytes=max_bytes)
    fmt = check_format(format, path=name) if format is not None else None
    if fmt == "convokit":
        raise InputError(
            "a ConvoKit corpus is a folder and cannot be read from bytes",
            path=name,
            hint="use read_path() on the corpus folder",
        )
    if fmt is None and is_zip(data) and format_from_name(name) != "docx":
        refuse_other_zip(data, path=name)
    if fmt == "docx" or (fmt is None and (is_zip(data) or format_from_name(name) == "docx")):
        if not is_zip(data):
            raise ParseError(
                "not a Word .docx document (a .docx file is a zip archive)",
                path=name,
                hint="save it from Word as .docx, or choose the format with --input-format",
            )
        from alliance.io.docx import parse_docx

        return [_one(parse_docx(data, path=name), name=name, therapist=therapist)]
    text = decode(data, path=name)
    if fmt is None:
        fmt = detect_text_format(text, name=name)
    return _read_text(text, fmt=fmt, name=name, therapist=therapist)


def _read_text(text: str, *, fmt: str, name: str, therapist: str | None) -> list[Session]:
    if fmt == "text":
        from alliance.io.text import parse_text

        return [_one(parse_text(text, path=name), name=name, therapist=therapist)]
    if fmt in ("webvtt", "srt"):
        from alliance.io.webvtt import parse_captions

        return [_one(parse_captions(text, path=name, fmt=fmt), name=name, therapist=therapist)]
    if fmt in ("json", "jsonl"):
        from alliance.io.jsonform import parse_json, parse_jsonl

        parsed, groups = (parse_json if fmt == "json" else parse_jsonl)(text, path=name)
        sessions = [_project(s, name=name, therapist=therapist) for s in parsed]
        for key, turns in groups.items():
            sessions.append(
                build_session(
                    turns, session_id=key or _stem(name), source=name, therapist=therapist
                )
            )
        return sessions
    if fmt in ("csv", "annomi"):
        from alliance.io.csv import parse_annomi, parse_csv

        tab = PurePath(name).suffix.lower() == ".tsv"
        tables = (
            parse_annomi(text, path=name)
            if fmt == "annomi"
            else parse_csv(text, path=name, tab=tab)
        )
        return [
            build_session(
                t.turns,
                session_id=t.id if t.id else _stem(name),
                source=name,
                therapist=therapist,
                metadata=t.metadata,
            )
            for t in tables
        ]
    raise UnknownFormatError(
        f"unknown input format {fmt!r}", path=name, hint=f"choose one of: {', '.join(FORMATS)}"
    )


def _one(turns: list[Turn], *, name: str, therapist: str | None) -> Session:
    return build_session(turns, session_id=_stem(name), source=name, therapist=therapist)


def _project(session: Session, *, name: str, therapist: str | None) -> Session:
    from dataclasses import replace

    if not session.utterances:
        raise EmptyFileError(
            f"session {session.id!r} has no utterances",
            path=name,
            hint="check the file holds the session's utterances",
        )
    session = replace(session, source=name)
    return with_therapist(session, therapist) if therapist is not None else session


def _stem(name: str) -> str:
    return PurePath(name).stem or name


def find_transcripts(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively (in sorted order) for files with a known
    extension, hidden files and folders skipped; a ConvoKit corpus folder is kept whole."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError("no such file or folder", path=str(given), hint="check the path")
        if path.is_file() or is_convokit_dir(path):
            found.append(path)
            continue
        found.extend(_walk(path))
    return found


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if child.name.startswith((".", "~$")):
            continue
        if child.is_dir():
            out.extend([child] if is_convokit_dir(child) else _walk(child))
        elif child.suffix.lower() in EXTENSIONS:
            out.append(child)
    return out
