"""The shared last step of every reader: raw turns in, a :class:`~alliance.model.Session` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliance.errors import EmptyFileError
from alliance.io.roles import assign_roles
from alliance.model import Role, Session, Utterance

__all__ = ["Turn", "build_session"]


@dataclass(slots=True)
class Turn:
    """One turn as a reader found it, before roles are known."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    role: Role | None = None
    index: int | None = None


def build_session(
    turns: Sequence[Turn],
    *,
    session_id: str,
    source: str,
    therapist: str | None = None,
    metadata: Mapping[str, str] | None = None,
    declared: Mapping[str, Role] | None = None,
) -> Session:
    kept = [t for t in turns if t.text.strip()]
    if not kept:
        raise EmptyFileError(
            "no utterances found"
            if session_id == ""
            else f"session {session_id!r} has no utterances",
            path=source,
            hint="check that the file holds speaker turns with text",
        )
    roles_declared: dict[str, Role] = dict(declared or {})
    for turn in kept:
        if turn.role is not None and turn.speaker not in roles_declared:
            roles_declared[turn.speaker] = turn.role
    speakers = assign_roles(
        [(t.speaker, t.text) for t in kept],
        declared=roles_declared,
        therapist=therapist,
        path=source,
    )
    role_of = {s.id: s.role for s in speakers}
    utterances = tuple(
        Utterance(
            index=t.index if t.index is not None else i,
            speaker=t.speaker,
            role=role_of[t.speaker],
            text=" ".join(t.text.split()),
            start=t.start,
            end=t.end,
        )
        for i, t in enumerate(kept)
    )
    return Session(
        id=session_id,
        speakers=speakers,
        utterances=utterances,
        source=source,
        metadata=dict(metadata or {}),
    )
