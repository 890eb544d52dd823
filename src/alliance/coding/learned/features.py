"""What the learned coder sees of each utterance: its own sentence embedding, the embeddings of
its neighbours (two before, one after: a therapist's question shows in the client's answer), who
said each of them, and a few lexical facts about its form.

The same function builds the features for training and for coding, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from alliance.model import Role

__all__ = ["CONTEXT_OFFSETS", "LEXICAL_NAMES", "dense_features", "dense_width"]

CONTEXT_OFFSETS: tuple[int, ...] = (-1, -2, 1)
"""Neighbours whose embeddings and roles are features, relative to the utterance."""

_ROLES = (Role.THERAPIST, Role.CLIENT)

LEXICAL_NAMES: tuple[str, ...] = (
    "ends_with_question_mark",
    "question_marks",
    "log_words",
    "relative_position",
    "is_first",
    "previous_ends_with_question_mark",
    "next_ends_with_question_mark",
    "next_log_words",
    "previous_log_words",
)


def dense_width(dimension: int) -> int:
    """Columns of :func:`dense_features` for embeddings of ``dimension``."""
    n = len(CONTEXT_OFFSETS)
    return dimension * (1 + n) + (len(_ROLES) + 1) * (1 + n) + len(LEXICAL_NAMES)


def _log_words(text: str) -> float:
    return float(np.log1p(len(text.split())))


def _ends_q(text: str) -> float:
    return 1.0 if text.rstrip().endswith("?") else 0.0


def dense_features(
    roles: Sequence[Role], texts: Sequence[str], embeddings: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Dense features of every utterance of one session, in order.

    Missing neighbours (at the edges) get zero embeddings and the role slot "none"."""
    n, dim = embeddings.shape
    out = np.zeros((n, dense_width(dim)), dtype=np.float32)
    if n == 0:
        return out
    blocks = [embeddings]
    for offset in CONTEXT_OFFSETS:
        shifted = np.zeros_like(embeddings)
        if offset < 0:
            shifted[-offset:] = embeddings[:offset]
        else:
            shifted[:-offset] = embeddings[offset:]
        blocks.append(shifted)
    col = 0
    for block in blocks:
        out[:, col : col + dim] = block
        col += dim
    width = len(_ROLES) + 1
    for k, offset in enumerate((0, *CONTEXT_OFFSETS)):
        for i in range(n):
            j = i + offset
            if 0 <= j < n:
                role = roles[j]
                slot = _ROLES.index(role) if role in _ROLES else len(_ROLES)
            else:
                slot = len(_ROLES)
            out[i, col + k * width + slot] = 1.0
    col += width * (1 + len(CONTEXT_OFFSETS))
    for i, text in enumerate(texts):
        previous = texts[i - 1] if i > 0 else ""
        following = texts[i + 1] if i + 1 < n else ""
        out[i, col : col + len(LEXICAL_NAMES)] = (
            _ends_q(text),
            min(text.count("?"), 3) / 3,
            _log_words(text),
            i / max(n - 1, 1),
            1.0 if i == 0 else 0.0,
            _ends_q(previous),
            _ends_q(following),
            _log_words(following),
            _log_words(previous),
        )
    return out
