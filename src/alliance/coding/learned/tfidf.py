"""TF-IDF of word and character n-grams, stored as a JSON vocabulary and an idf array.

Our own small vectoriser instead of scikit-learn's, so that the shipped model is plain data and
the exact same code turns text into features when training and when coding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

__all__ = ["TfidfVocabulary", "ngrams"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")


def ngrams(text: str, *, word_n: int = 2, char_n: tuple[int, int] = (2, 4)) -> list[str]:
    """Word 1..``word_n``-grams (prefixed ``w:``) and character n-grams inside word boundaries
    (``c:``), lower-cased. ``?`` and ``!`` count as words: they carry a question's form."""
    words = _WORD.findall(text.lower())
    out: list[str] = []
    for n in range(1, word_n + 1):
        out.extend("w:" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    lo, hi = char_n
    for word in words:
        padded = f" {word} "
        for n in range(lo, hi + 1):
            out.extend("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


class TfidfVocabulary:
    """Sublinear TF-IDF with smooth idf and L2-normalised rows (as scikit-learn's defaults with
    ``sublinear_tf=True``)."""

    def __init__(self, *, min_df: int = 2, max_features: int = 20000) -> None:
        self.min_df = min_df
        self.max_features = max_features
        self.vocabulary_: dict[str, int] = {}
        self.idf_: NDArray[np.float32] = np.zeros(0, dtype=np.float32)

    def fit(self, texts: Iterable[str]) -> TfidfVocabulary:
        df: Counter[str] = Counter()
        n_docs = 0
        for text in texts:
            df.update(set(ngrams(text)))
            n_docs += 1
        kept = [(term, count) for term, count in df.items() if count >= self.min_df]
        kept.sort(key=lambda tc: (-tc[1], tc[0]))
        kept = sorted(kept[: self.max_features])
        self.vocabulary_ = {term: i for i, (term, _) in enumerate(kept)}
        counts = np.array([count for _, count in kept], dtype=np.float64)
        self.idf_ = (np.log((1 + n_docs) / (1 + counts)) + 1).astype(np.float32)
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        vocab = self.vocabulary_
        for text in texts:
            row = Counter(vocab[g] for g in ngrams(text) if g in vocab)
            cols = sorted(row)
            indices.extend(cols)
            counts.extend(row[c] for c in cols)
            indptr.append(len(indices))
        # Weights and row norms for all texts at once (a loop per row costs more than coding).
        cols_a = np.array(indices, dtype=np.int64)
        weights = (1 + np.log(np.array(counts, dtype=np.float64))) * self.idf_[cols_a]
        starts = np.array(indptr, dtype=np.int64)
        sizes = np.diff(starts)
        squares = np.zeros(len(texts), dtype=np.float64)
        nonempty = sizes > 0
        if weights.size:
            squares[nonempty] = np.add.reduceat(weights**2, starts[:-1][nonempty])
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        values = weights / np.repeat(norms, sizes)
        return sparse.csr_matrix(
            (values.astype(np.float32), cols_a, starts),
            shape=(len(texts), len(vocab)),
        )

    def to_json(self) -> dict[str, Any]:
        terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return {"min_df": self.min_df, "max_features": self.max_features, "terms": terms}

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], idf: NDArray[np.float32]) -> TfidfVocabulary:
        out = cls(min_df=int(meta["min_df"]), max_features=int(meta["max_features"]))
        out.vocabulary_ = {term: i for i, term in enumerate(meta["terms"])}
        out.idf_ = np.asarray(idf, dtype=np.float32)
        return out
