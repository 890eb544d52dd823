"""Column and key names for speaker, text and times, as different tools spell them.

Shared by the CSV and JSON readers so that a ``{"utterance": ...}`` list and an ``utterance``
column are understood the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from alliance.io._labels import parse_stamp
from alliance.io.roles import role_from_label
from alliance.model import Role

__all__ = ["SYNONYMS", "find_key", "normalise_key", "role_value", "time_value"]

SYNONYMS: dict[str, tuple[str, ...]] = {
    "speaker": (
        "speaker",
        "speaker_id",
        "speaker_name",
        "interlocutor",
        "name",
        "who",
        "participant",
        "person",
        "author",
        "user",
        "role",
    ),
    "role": ("role", "speaker_role", "interlocutor_role"),
    "text": (
        "text",
        "utterance",
        "utterance_text",
        "content",
        "transcript",
        "message",
        "words",
        "sentence",
        "line",
        "body",
    ),
    "start": (
        "start",
        "start_time",
        "begin",
        "start_seconds",
        "start_s",
        "timestamp",
        "time",
        "onset",
    ),
    "end": ("end", "end_time", "stop", "end_seconds", "end_s"),
    "session": (
        "session_id",
        "transcript_id",
        "conversation_id",
        "dialog_id",
        "dialogue_id",
        "session",
    ),
    "index": ("utterance_id", "utterance_index", "turn_id", "turn", "index"),
}


def normalise_key(key: str) -> str:
    return "_".join(key.strip().strip("\ufeff").casefold().replace("-", " ").split())


def find_key(keys: Sequence[str], what: str) -> str | None:
    """The first of ``keys`` that means ``what``, in the order of preference of ``SYNONYMS``."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(normalise_key(key), key)
    for synonym in SYNONYMS[what]:
        if synonym in by_norm:
            return by_norm[synonym]
    return None


def role_value(value: object) -> Role | None:
    if not isinstance(value, str):
        return None
    text = value.strip().casefold()
    if text in ("other", "observer"):
        return Role.OTHER
    return role_from_label(text)


def time_value(value: object) -> float | None:
    """Seconds from a number or a ``hh:mm:ss`` / ``mm:ss`` / ``"12.5"`` string; ``None`` if it is
    neither (a time is useful, not essential, so a bad one is dropped rather than fatal)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            parsed = parse_stamp(text) if ":" in text else None
            if parsed is None:
                return None
            number = parsed
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number
