"""The ``annomi-minilm`` pipeline step: codes every therapist and client utterance with the
learned model (MI behaviour codes of AnnoMI) and merges the codes into the session."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from alliance.coding.embedding import Embedder, shared_embedder
from alliance.coding.learned.model import (
    MODEL_NAME,
    LearnedModel,
    SessionInput,
    check_embedding,
)
from alliance.model import Code, Role, Session, Utterance

__all__ = ["MODEL_VERSION", "LearnedCoder", "decode"]

MODEL_VERSION = "0.3.0"

_SUBTYPES = (
    ("question", "question_exists"),
    ("reflection", "reflection_exists"),
    ("input", "input_exists"),
)
_BEHAVIOUR_OF = {"question": "question", "reflection": "reflection", "input": "therapist_input"}

_models: dict[Path, LearnedModel] = {}
_models_lock = threading.Lock()


def _model(directory: Path | None) -> LearnedModel:
    from alliance.coding.learned.model import default_model_dir

    key = (directory or default_model_dir()).resolve()
    with _models_lock:
        if key not in _models:
            _models[key] = LearnedModel.load(key)
        return _models[key]


def decode(
    roles: Sequence[Role],
    probs: Mapping[str, NDArray[np.float64]],
    classes: Mapping[str, Sequence[str]],
) -> list[dict[str, tuple[str, float]]]:
    """Codes per utterance from the heads' probabilities: ``{key: (value, confidence)}``.

    A subtype (``question``, ``reflection``, ``input``) is given when its ``*_exists`` head says
    so or when it is the main behaviour; the main behaviour and client talk type always are."""
    out: list[dict[str, tuple[str, float]]] = []
    for i, role in enumerate(roles):
        codes: dict[str, tuple[str, float]] = {}
        if role is Role.THERAPIST:
            p = probs["behaviour"][i]
            k = int(p.argmax())
            behaviour = classes["behaviour"][k]
            codes["behaviour"] = (behaviour, float(p[k]))
            for key, exists in _SUBTYPES:
                pe = probs[exists][i]
                yes = classes[exists].index("yes")
                if pe[yes] >= 0.5 or behaviour == _BEHAVIOUR_OF[key]:
                    ps = probs[key][i]
                    j = int(ps.argmax())
                    codes[key] = (classes[key][j], float(ps[j]))
        elif role is Role.CLIENT:
            p = probs["talk_type"][i]
            k = int(p.argmax())
            codes["talk_type"] = (classes["talk_type"][k], float(p[k]))
        out.append(codes)
    return out


class LearnedCoder:
    """MI behaviour codes learned from AnnoMI: therapist ``behaviour`` (question, reflection,
    therapist_input, other) with ``question`` (open/closed), ``reflection`` (simple/complex) and
    ``input`` (information/advice/negotiation/options) subtypes, and client ``talk_type``
    (change, neutral, sustain). Speakers in the role ``other`` get no codes.

    Construction is free; the embedding model and the heads load on the first call."""

    name: ClassVar[str] = MODEL_NAME
    version: ClassVar[str] = MODEL_VERSION
    requires: ClassVar[frozenset[str]] = frozenset({"utterances", "roles"})
    provides: ClassVar[frozenset[str]] = frozenset(
        {"codes.behaviour", "codes.question", "codes.reflection", "codes.input", "codes.talk_type"}
    )
    default: ClassVar[bool] = True
    order: ClassVar[int] = 100

    def __init__(
        self, model_dir: str | Path | None = None, embedder: Embedder | None = None
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.embedder = embedder

    @property
    def source(self) -> str:
        return f"{self.name}@{self.version}"

    def __call__(self, sessions: Sequence[Session]) -> list[Session]:
        if not sessions:
            return []
        model = _model(self.model_dir)
        embedder = self.embedder or shared_embedder()
        check_embedding(
            model.metadata_.get("embedding", {}),
            embedder.settings,
            where=f"the {self.name} model",
            hint="code with an embedder of the settings the model was trained on",
        )
        # One embedding call for the whole batch: sorting by length works best over many texts.
        texts = [u.text for s in sessions for u in s.utterances]
        vectors = embedder.embed(texts)
        out: list[Session] = []
        start = 0
        for session in sessions:
            n = len(session.utterances)
            out.append(self._code(session, model, vectors[start : start + n]))
            start += n
        return out

    def _code(self, session: Session, model: LearnedModel, vectors: NDArray[np.float32]) -> Session:
        if not session.utterances:
            return session
        roles = tuple(u.role for u in session.utterances)
        inputs = SessionInput(roles=roles, texts=tuple(u.text for u in session.utterances))
        probs = model.predict_proba(inputs, vectors)
        decoded = decode(roles, probs, model.classes_)
        utterances: list[Utterance] = []
        for utterance, codes in zip(session.utterances, decoded, strict=True):
            if not codes:
                utterances.append(utterance)
                continue
            merged = dict(utterance.codes)
            for key, (value, confidence) in codes.items():
                merged[key] = Code(value=value, confidence=round(confidence, 4), source=self.source)
            utterances.append(dataclasses.replace(utterance, codes=merged))
        return dataclasses.replace(session, utterances=tuple(utterances))
