"""Talk balance of a session: who spoke how often and how much.

The figures every report starts from: utterances, words and share of talk per speaker and per
role, and the session's duration where the transcript has times.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from alliance.model import Role, Session

__all__ = ["summarize"]


def summarize(session: Session) -> dict[str, Any]:
    """Per-speaker and per-role counts for ``session`` (JSON-ready).

    ``share_of_words`` is the fraction of all words spoken by that speaker (0–1). Speakers who
    never speak (e.g. listed in a corpus' speaker file) are kept with zero counts.
    """
    utterances: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for u in session.utterances:
        utterances[u.speaker] += 1
        words[u.speaker] += u.words
    total_words = sum(words.values())
    speakers: list[dict[str, Any]] = [
        {
            "id": s.id,
            "role": s.role.value,
            "role_confidence": s.role_confidence,
            "role_source": s.role_source,
            "utterances": utterances[s.id],
            "words": words[s.id],
            "share_of_words": round(words[s.id] / total_words, 4) if total_words else 0.0,
        }
        for s in session.speakers
    ]
    roles: dict[str, dict[str, Any]] = {}
    for role in Role:
        in_role = [s for s in speakers if s["role"] == role.value]
        if not in_role:
            continue
        role_words = sum(s["words"] for s in in_role)
        roles[role.value] = {
            "speakers": len(in_role),
            "utterances": sum(s["utterances"] for s in in_role),
            "words": role_words,
            "share_of_words": round(role_words / total_words, 4) if total_words else 0.0,
        }
    duration = session.duration
    return {
        "utterances": len(session.utterances),
        "words": total_words,
        "duration_seconds": None if duration is None else round(duration, 3),
        "speakers": speakers,
        "roles": roles,
    }
