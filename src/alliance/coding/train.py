"""Training the learned coder on AnnoMI: what ``alliance train`` runs.

The shipped model in ``alliance/coding/models/`` is exactly what :func:`train` writes with its
defaults from the development CSV, so anyone with the data can rebuild and check it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from alliance.coding.annomi import AnnotatedTranscript, load_annomi
from alliance.coding.embedding import Embedder, shared_embedder
from alliance.coding.learned.coder import MODEL_VERSION
from alliance.coding.learned.model import LearnedModel, SessionInput, default_model_dir
from alliance.errors import ModelError

__all__ = ["embed_transcripts", "session_input", "train"]

Progress = Callable[[int, int], None]


def session_input(transcript: AnnotatedTranscript, *, with_labels: bool = True) -> SessionInput:
    return SessionInput(
        roles=tuple(u.role for u in transcript.utterances),
        texts=tuple(u.text for u in transcript.utterances),
        labels=tuple(u.labels for u in transcript.utterances) if with_labels else (),
    )


def embed_transcripts(
    transcripts: Sequence[AnnotatedTranscript],
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    cache: Path | None = None,
) -> list[NDArray[np.float32]]:
    """Sentence embeddings of every utterance, one array per transcript.

    ``cache`` (an ``.npz``) keeps the vectors of texts already embedded between runs; it holds
    transcript text, so keep it somewhere private (it is never written unless asked for). A
    cache made by an embedder of other settings is ignored and rewritten."""
    embedder = embedder or shared_embedder()
    texts = sorted({u.text for t in transcripts for u in t.utterances})
    known: dict[str, NDArray[np.float32]] = {}
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as data:
            if "embedder" in data.files and str(data["embedder"]) == embedder.fingerprint:
                known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    todo = [t for t in texts if t not in known]
    if todo:
        vectors = embedder.embed(todo, progress=progress)
        known.update(zip(todo, vectors, strict=True))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            keys = sorted(known)
            np.savez(
                cache,
                texts=np.array(keys, dtype=str),
                vectors=np.stack([known[k] for k in keys]),
                embedder=np.array(embedder.fingerprint),
            )
    elif progress is not None:
        progress(len(texts), len(texts))
    return [
        np.stack([known[u.text] for u in t.utterances]).astype(np.float32)
        if t.utterances
        else np.zeros((0, 384), dtype=np.float32)
        for t in transcripts
    ]


def train(
    csv_path: Path,
    *,
    out: Path | None = None,
    seed: int = 0,
    c: float = 0.3,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    on_head: Callable[[str], None] | None = None,
    cache: Path | None = None,
) -> list[Path]:
    """Train on every transcript of ``csv_path`` (one annotation per utterance) and write the
    model files to ``out`` (default: the package's own model folder). Returns the files written.

    Logistic regression with lbfgs is deterministic, so the same CSV and seed give the same
    weights (up to floating-point summation order of the BLAS in use)."""
    embedder = embedder or shared_embedder()
    data = load_annomi(csv_path)
    if len(data.transcripts) < 2:
        raise ModelError(
            f"{csv_path}: at least two transcripts are needed to train",
            hint="give the full AnnoMI CSV",
        )
    embeddings = embed_transcripts(
        data.transcripts, embedder=embedder, progress=progress, cache=cache
    )
    sessions = [session_input(t) for t in data.transcripts]
    model = LearnedModel(c=c, seed=seed).fit(sessions, embeddings, on_head=on_head)
    extra = {"data": {"file": Path(csv_path).name, "transcripts": len(data.transcripts)}}
    return model.save(
        out or default_model_dir(), version=MODEL_VERSION, embedding=embedder.settings, extra=extra
    )
