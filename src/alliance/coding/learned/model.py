"""The learned coder's model: a TF-IDF vocabulary and one logistic-regression head per code,
fitted with scikit-learn and saved as plain arrays (``.npz``) plus JSON metadata.

Coding needs only numpy and scipy's sparse matrices: the scores are ``x @ W + b`` and a softmax.
Nothing is unpickled, so a model file cannot run code when it is loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from alliance.coding.learned.features import CONTEXT_OFFSETS, LEXICAL_NAMES, dense_features
from alliance.coding.learned.tfidf import TfidfVocabulary
from alliance.errors import ModelError
from alliance.model import Role

__all__ = [
    "FORMAT",
    "HEADS",
    "MODEL_NAME",
    "Head",
    "LearnedModel",
    "SessionInput",
    "check_embedding",
    "default_model_dir",
]

FORMAT = "alliance.learned-coder/1"
MODEL_NAME = "annomi-minilm"
METADATA_FILE = f"{MODEL_NAME}.json"
ARRAYS_FILE = f"{MODEL_NAME}.npz"


@dataclass(frozen=True, slots=True)
class Head:
    """One classifier: which speakers it codes and which label it predicts."""

    name: str
    role: Role
    label: str


HEADS: tuple[Head, ...] = (
    Head("behaviour", Role.THERAPIST, "behaviour"),
    Head("question_exists", Role.THERAPIST, "question_exists"),
    Head("question", Role.THERAPIST, "question"),
    Head("reflection_exists", Role.THERAPIST, "reflection_exists"),
    Head("reflection", Role.THERAPIST, "reflection"),
    Head("input_exists", Role.THERAPIST, "input_exists"),
    Head("input", Role.THERAPIST, "input"),
    Head("talk_type", Role.CLIENT, "talk_type"),
)


@dataclass(frozen=True, slots=True)
class SessionInput:
    """What the model needs of one session: each utterance's role and text, and (optionally)
    the labels to learn from."""

    roles: tuple[Role, ...]
    texts: tuple[str, ...]
    labels: tuple[Mapping[str, str], ...] = ()


def default_model_dir() -> Path:
    """Where the shipped model lives (and where ``alliance train`` writes by default)."""
    return Path(__file__).resolve().parent.parent / "models"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


_CHECKED = ("max_tokens", "head_tokens", "quantization", "layers")


def check_embedding(
    recorded: Mapping[str, Any], settings: Mapping[str, Any], *, where: object, hint: str
) -> None:
    """Raise unless a model fitted on embeddings of ``recorded`` settings may code with an
    embedder of ``settings``. Models before 0.3.0 recorded no layers: the last one."""
    got = tuple(recorded.get(k, [6] if k == "layers" else None) for k in _CHECKED)
    want = tuple(settings[k] for k in _CHECKED)
    if got != want:
        raise ModelError(
            f"{where} was trained on embeddings of other token limits, quantisation or layers "
            f"than the embedder's ({settings['max_tokens']} word pieces, head "
            f"{settings['head_tokens']}, {settings['quantization']}, layers "
            f"{settings['layers']})",
            hint=hint,
        )


class LearnedModel:
    """Fitted heads over [sentence-embedding context features | TF-IDF n-grams].

    ``fit`` takes sessions and a function that embeds texts; ``predict_proba`` gives, per head,
    an ``(n_utterances, n_classes)`` array (rows of other roles are zero)."""

    def __init__(self, *, c: float = 0.3, max_features: int = 20000, seed: int = 0) -> None:
        self.c = c
        self.max_features = max_features
        self.seed = seed
        self.vocabulary_: TfidfVocabulary | None = None
        self.weights_: dict[str, NDArray[np.float32]] = {}
        self.biases_: dict[str, NDArray[np.float32]] = {}
        self.classes_: dict[str, list[str]] = {}
        self.metadata_: dict[str, Any] = {}

    # -- features -------------------------------------------------------------------------
    @staticmethod
    def _dense(
        sessions: Sequence[SessionInput], embeddings: Sequence[NDArray[np.float32]]
    ) -> NDArray[np.float32]:
        blocks = [
            dense_features(s.roles, s.texts, e) for s, e in zip(sessions, embeddings, strict=True)
        ]
        return np.vstack(blocks) if blocks else np.zeros((0, 0), dtype=np.float32)

    def _features(self, dense: NDArray[np.float32], texts: Sequence[str]) -> sparse.csr_matrix:
        assert self.vocabulary_ is not None
        return sparse.hstack([sparse.csr_matrix(dense), self.vocabulary_.transform(texts)]).tocsr()

    # -- fitting --------------------------------------------------------------------------
    def fit(
        self,
        sessions: Sequence[SessionInput],
        embeddings: Sequence[NDArray[np.float32]],
        *,
        on_head: Callable[[str], None] | None = None,
    ) -> LearnedModel:
        """Fit every head on the utterances that carry its label. ``embeddings[i]`` holds the
        sentence embeddings of ``sessions[i]``'s utterances."""
        from sklearn.linear_model import LogisticRegression

        texts = [t for s in sessions for t in s.texts]
        roles = np.array([r.value for s in sessions for r in s.roles])
        labels = [lab for s in sessions for lab in s.labels]
        if len(labels) != len(texts):
            raise ModelError(
                "every session given to fit must carry one label mapping per utterance"
            )
        self.vocabulary_ = TfidfVocabulary(max_features=self.max_features).fit(texts)
        x = self._features(self._dense(sessions, embeddings), texts)
        for head in HEADS:
            if on_head is not None:
                on_head(head.name)
            rows = np.array(
                [
                    i
                    for i, lab in enumerate(labels)
                    if head.label in lab and roles[i] == head.role.value
                ],
                dtype=np.int64,
            )
            y = np.array([labels[i][head.label] for i in rows])
            classes = sorted(set(y.tolist()))
            if len(classes) < 2:
                raise ModelError(
                    f"too little training data for the {head.name!r} head (fewer than two classes)",
                    hint="train on more transcripts",
                )
            clf = LogisticRegression(
                C=self.c, max_iter=3000, class_weight="balanced", random_state=self.seed
            ).fit(x[rows], y)
            coef = np.asarray(clf.coef_, dtype=np.float32)
            bias = np.asarray(clf.intercept_, dtype=np.float32)
            if len(classes) == 2:  # scikit-learn keeps one row for two classes: expand to two
                coef = np.vstack([np.zeros_like(coef), coef])
                bias = np.array([0.0, bias[0]], dtype=np.float32)
            self.weights_[head.name] = np.ascontiguousarray(coef.T)
            self.biases_[head.name] = bias
            self.classes_[head.name] = [str(c) for c in clf.classes_]
        self.metadata_ = {
            "training": {
                "sessions": len(sessions),
                "utterances": len(texts),
                "c": self.c,
                "seed": self.seed,
                "class_weight": "balanced",
            }
        }
        return self

    # -- coding ---------------------------------------------------------------------------
    def predict_proba(
        self, session: SessionInput, embeddings: NDArray[np.float32]
    ) -> dict[str, NDArray[np.float64]]:
        if self.vocabulary_ is None:
            raise ModelError("the learned coder's model is not fitted or loaded")
        n = len(session.texts)
        x = self._features(dense_features(session.roles, session.texts, embeddings), session.texts)
        roles = [r for r in session.roles]
        out: dict[str, NDArray[np.float64]] = {}
        for head in HEADS:
            probs = np.zeros((n, len(self.classes_[head.name])))
            rows = [i for i in range(n) if roles[i] is head.role]
            if rows:
                z = x[rows] @ self.weights_[head.name] + self.biases_[head.name]
                probs[rows] = _softmax(np.asarray(z, dtype=np.float64))
            out[head.name] = probs
        return out

    # -- storage --------------------------------------------------------------------------
    def save(
        self,
        directory: Path,
        *,
        version: str,
        embedding: Mapping[str, Any],
        extra: Mapping[str, Any] | None = None,
    ) -> list[Path]:
        """Write ``annomi-minilm.npz`` and ``annomi-minilm.json`` into ``directory``.
        ``embedding``: the settings of the embedder the model was fitted on
        (:attr:`~alliance.coding.embedding.Embedder.settings`)."""
        if self.vocabulary_ is None:
            raise ModelError("nothing to save: the model is not fitted")
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, NDArray[Any]] = {"tfidf.idf": self.vocabulary_.idf_}
        for name in self.weights_:
            arrays[f"{name}.W"] = self.weights_[name]
            arrays[f"{name}.b"] = self.biases_[name]
        npz = directory / ARRAYS_FILE
        np.savez_compressed(npz, **arrays)  # type: ignore[arg-type]
        meta = {
            "format": FORMAT,
            "name": MODEL_NAME,
            "version": version,
            "embedding": dict(embedding),
            "features": {
                "context_offsets": list(CONTEXT_OFFSETS),
                "lexical": list(LEXICAL_NAMES),
                "tfidf": self.vocabulary_.to_json(),
            },
            "heads": [
                {
                    "name": h.name,
                    "role": h.role.value,
                    "label": h.label,
                    "classes": self.classes_[h.name],
                    "shape": list(self.weights_[h.name].shape),
                }
                for h in HEADS
            ],
            "arrays": {"file": ARRAYS_FILE, "sha256": _sha256(npz)},
            **self.metadata_,
            **dict(extra or {}),
        }
        js = directory / METADATA_FILE
        js.write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        return [npz, js]

    @classmethod
    def load(cls, directory: Path | None = None) -> LearnedModel:
        """Load a saved model, checking the arrays' sha256, shapes and the feature layout."""
        directory = directory or default_model_dir()
        js, npz = directory / METADATA_FILE, directory / ARRAYS_FILE
        hint = "run `alliance train AnnoMI.csv --out DIR`, or reinstall alliance"
        if not js.is_file() or not npz.is_file():
            raise ModelError(
                f"the learned coder's model files are missing in {directory}", hint=hint
            )
        try:
            meta = json.loads(js.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{js} is not valid JSON", hint=hint) from exc
        if meta.get("format") != FORMAT:
            raise ModelError(
                f"{js} is of format {meta.get('format')!r}, expected {FORMAT!r}", hint=hint
            )
        if _sha256(npz) != meta["arrays"]["sha256"]:
            raise ModelError(f"{npz} does not match the sha256 in {js.name}", hint=hint)
        features = meta["features"]
        if list(features["context_offsets"]) != list(CONTEXT_OFFSETS) or list(
            features["lexical"]
        ) != list(LEXICAL_NAMES):
            raise ModelError(f"{js} was made for another feature layout", hint=hint)
        from alliance.coding.embedding import Embedder

        check_embedding(meta.get("embedding", {}), Embedder().settings, where=js, hint=hint)
        with np.load(npz, allow_pickle=False) as arrays:
            data = {k: arrays[k] for k in arrays.files}
        model = cls(c=float(meta.get("training", {}).get("c", 0.3)))
        model.vocabulary_ = TfidfVocabulary.from_arrays(features["tfidf"], data["tfidf.idf"])
        n_features = None
        for head in meta["heads"]:
            name = head["name"]
            w, b = data.get(f"{name}.W"), data.get(f"{name}.b")
            if (
                w is None
                or b is None
                or list(w.shape) != list(head["shape"])
                or b.shape != (w.shape[1],)
            ):
                raise ModelError(
                    f"{npz} lacks or has malformed arrays for the {name!r} head", hint=hint
                )
            n_features = n_features or w.shape[0]
            if w.shape[0] != n_features or len(head["classes"]) != w.shape[1]:
                raise ModelError(f"{npz}: the {name!r} head does not fit the features", hint=hint)
            model.weights_[name] = w.astype(np.float32)
            model.biases_[name] = b.astype(np.float32)
            model.classes_[name] = list(head["classes"])
        if {h.name for h in HEADS} - set(model.weights_):
            raise ModelError(f"{js} lacks some of the heads the coder needs", hint=hint)
        model.metadata_ = {
            k: v for k, v in meta.items() if k not in ("heads", "features", "arrays")
        }
        return model
