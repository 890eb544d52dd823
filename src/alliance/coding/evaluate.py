"""How good the learned coder is: transcript-level k-fold cross-validation on AnnoMI, beside the
agreement between human annotators on the multiply-annotated transcripts.

Folds split by transcript, never by utterance: utterances of one session share a speaker, a
topic and a style, and a model that saw some of them would look better than it is on a new
session. The same folds give :func:`out_of_fold_sessions`, every transcript coded by a model
that never saw it, for validating the relationship scores on predicted codes.
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alliance.coding.annomi import AnnoMI, AnnotatedTranscript, load_annomi, to_session
from alliance.coding.embedding import Embedder
from alliance.coding.learned.coder import MODEL_VERSION, decode
from alliance.coding.learned.model import HEADS, MODEL_NAME, LearnedModel
from alliance.coding.train import embed_transcripts, session_input
from alliance.errors import ModelError
from alliance.model import Code, Role, Session

__all__ = [
    "EVALUATED",
    "evaluate_codes",
    "fold_of",
    "human_agreement",
    "out_of_fold_sessions",
    "render_codes",
]

EVALUATED: Mapping[str, tuple[Role, str]] = {
    "behaviour": (Role.THERAPIST, "behaviour"),
    "talk_type": (Role.CLIENT, "talk_type"),
    "question_exists": (Role.THERAPIST, "question_exists"),
    "question": (Role.THERAPIST, "question"),
    "reflection_exists": (Role.THERAPIST, "reflection_exists"),
    "reflection": (Role.THERAPIST, "reflection"),
    "input_exists": (Role.THERAPIST, "input_exists"),
    "input": (Role.THERAPIST, "input"),
}
"""What is scored: the name in the report → (role, label). ``*_exists`` are scored as the coder
decides them (a subtype code is given); subtypes are scored on the utterances whose gold label
has one (so the subtype head is judged on its own)."""

Progress = Callable[[int, int], None]


def fold_of(transcript_ids: Sequence[str], *, folds: int, seed: int) -> dict[str, int]:
    """Transcript id → fold: a seeded shuffle dealt round-robin, so folds differ in size by at
    most one transcript."""
    if folds < 2 or folds > len(transcript_ids):
        raise ModelError(
            f"cannot make {folds} folds from {len(transcript_ids)} transcripts",
            hint="use between 2 and the number of transcripts",
        )
    order = np.random.default_rng(seed).permutation(sorted(transcript_ids, key=str))
    return {str(t): i % folds for i, t in enumerate(order)}


@dataclass(frozen=True, slots=True)
class _Coded:
    """Predictions for one transcript: decoded codes and the raw subtype argmaxes."""

    transcript: AnnotatedTranscript
    fold: int
    codes: list[dict[str, tuple[str, float]]]
    argmax: dict[str, list[str]]


def _cross_validate(
    data: AnnoMI,
    *,
    folds: int,
    seed: int,
    c: float,
    embedder: Embedder | None,
    progress: Progress | None,
    on_fold: Callable[[int], None] | None,
    cache: Path | None,
) -> list[_Coded]:
    transcripts = list(data.transcripts)
    assignment = fold_of([t.id for t in transcripts], folds=folds, seed=seed)
    embeddings = embed_transcripts(transcripts, embedder=embedder, progress=progress, cache=cache)
    inputs = [session_input(t) for t in transcripts]
    coded: list[_Coded] = []
    for k in range(folds):
        if on_fold is not None:
            on_fold(k)
        train = [i for i, t in enumerate(transcripts) if assignment[t.id] != k]
        model = LearnedModel(c=c, seed=seed).fit(
            [inputs[i] for i in train], [embeddings[i] for i in train]
        )
        for i, t in enumerate(transcripts):
            if assignment[t.id] != k:
                continue
            probs = model.predict_proba(inputs[i], embeddings[i])
            argmax = {
                h.name: [model.classes_[h.name][int(j)] for j in probs[h.name].argmax(axis=1)]
                for h in HEADS
            }
            coded.append(_Coded(t, k, decode(inputs[i].roles, probs, model.classes_), argmax))
    return coded


def _prediction(item: _Coded, i: int, name: str) -> str | None:
    codes = item.codes[i]
    if name.endswith("_exists"):
        return "yes" if name.removesuffix("_exists") in codes else "no"
    if name in ("behaviour", "talk_type"):
        return codes[name][0] if name in codes else None
    return item.argmax[name][i]


def _kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str]) -> float:
    """Cohen's kappa; where it is undefined (one label only), 1 for identical codings else 0."""
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = float(cohen_kappa_score(a, b, labels=list(labels)))
    if np.isfinite(kappa):
        return kappa
    return 1.0 if list(a) == list(b) else 0.0


def _scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, f1_score
    from sklearn.metrics import precision_recall_fscore_support as prfs

    p, r, f, s = prfs(gold, pred, labels=list(labels), zero_division=0)
    return {
        "n": len(gold),
        "macro_f1": float(
            f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0)
        ),
        "kappa": _kappa(gold, pred, labels),
        "accuracy": float(np.mean([a == b for a, b in zip(gold, pred, strict=True)])),
        "per_class": {
            lab: {
                "precision": float(p[j]),
                "recall": float(r[j]),
                "f1": float(f[j]),
                "support": int(s[j]),
            }
            for j, lab in enumerate(labels)
        },
        "confusion": confusion_matrix(gold, pred, labels=list(labels)).tolist(),
    }


def _pairs(coded: Sequence[_Coded], name: str, fold: int | None) -> tuple[list[str], list[str]]:
    role, label = EVALUATED[name]
    gold: list[str] = []
    pred: list[str] = []
    for item in coded:
        if fold is not None and item.fold != fold:
            continue
        for i, u in enumerate(item.transcript.utterances):
            if u.role is not role or label not in u.labels:
                continue
            guess = _prediction(item, i, name)
            if guess is not None:
                gold.append(u.labels[label])
                pred.append(guess)
    return gold, pred


def human_agreement(data: AnnoMI) -> dict[str, Any]:
    """Agreement between annotators on the multiply-annotated transcripts: macro-F1 (over the
    full label set, a class absent from both counting 0) and Cohen's kappa for every pair of
    annotators on every transcript, averaged (mean and SD). This is the protocol of the figures
    in AnnoMI's README (0.707 / 0.609 macro-F1, 0.685 / 0.488 kappa), which it reproduces."""
    from sklearn.metrics import f1_score

    out: dict[str, Any] = {
        "transcripts": sorted(data.repeats, key=int),
        "protocol": "per transcript and annotator pair, then averaged",
    }
    for name, (role, label) in EVALUATED.items():
        labels = sorted(
            {
                u.labels[label]
                for versions in data.repeats.values()
                for t in versions.values()
                for u in t.utterances
                if label in u.labels
            }
        )
        f1s: list[float] = []
        kappas: list[float] = []
        for versions in data.repeats.values():
            for a, b in itertools.combinations(sorted(versions), 2):
                first = {u.index: u for u in versions[a].utterances}
                ga: list[str] = []
                gb: list[str] = []
                for v in versions[b].utterances:
                    u = first.get(v.index)
                    if u is None or u.role is not role or v.role is not role:
                        continue
                    if label in u.labels and label in v.labels:
                        ga.append(u.labels[label])
                        gb.append(v.labels[label])
                if not ga:
                    continue
                f1s.append(float(f1_score(ga, gb, labels=labels, average="macro", zero_division=0)))
                kappas.append(_kappa(ga, gb, labels))
        if f1s:
            out[name] = {
                "pairs": len(f1s),
                "macro_f1_mean": float(np.mean(f1s)),
                "macro_f1_sd": float(np.std(f1s)),
                "kappa_mean": float(np.mean(kappas)),
                "kappa_sd": float(np.std(kappas)),
            }
    return out


def _per_transcript(coded: Sequence[_Coded], name: str, labels: Sequence[str]) -> list[float]:
    """Macro-F1 of each held-out transcript, as the human figures are computed."""
    from sklearn.metrics import f1_score

    out: list[float] = []
    for item in coded:
        gold, pred = _pairs([item], name, None)
        if gold:
            out.append(
                float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0))
            )
    return out


def _labels_of(data: AnnoMI, name: str) -> list[str]:
    _role, label = EVALUATED[name]
    return sorted(
        {u.labels[label] for t in data.transcripts for u in t.utterances if label in u.labels}
    )


def evaluate_codes(
    csv_path: Path,
    *,
    folds: int = 5,
    seed: int = 0,
    c: float = 0.3,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    on_fold: Callable[[int], None] | None = None,
    cache: Path | None = None,
    oof_out: list[Session] | None = None,
) -> dict[str, Any]:
    """Cross-validated scores of every head (per fold, mean ± SD of macro-F1, per-class
    precision/recall/F1 and confusion matrices pooled over folds) and human agreement.

    ``oof_out``, when given, receives the out-of-fold coded sessions (see
    :func:`out_of_fold_sessions`), so one run can give both."""
    data = load_annomi(csv_path)
    coded = _cross_validate(
        data,
        folds=folds,
        seed=seed,
        c=c,
        embedder=embedder,
        progress=progress,
        on_fold=on_fold,
        cache=cache,
    )
    heads: dict[str, Any] = {}
    for name in EVALUATED:
        labels = _labels_of(data, name)
        per_fold = []
        for k in range(folds):
            gold, pred = _pairs(coded, name, k)
            if gold:
                per_fold.append(_scores(gold, pred, labels)["macro_f1"])
        per_transcript = _per_transcript(coded, name, labels)
        gold, pred = _pairs(coded, name, None)
        pooled = _scores(gold, pred, labels)
        heads[name] = {
            "labels": labels,
            "macro_f1_folds": per_fold,
            "macro_f1_mean": float(np.mean(per_fold)),
            "macro_f1_sd": float(np.std(per_fold)),
            "macro_f1_per_transcript_mean": float(np.mean(per_transcript)),
            "macro_f1_per_transcript_sd": float(np.std(per_transcript)),
            "pooled": pooled,
        }
    if oof_out is not None:
        oof_out.extend(_sessions(csv_path, coded))
    return {
        "task": "codes",
        "model": f"{MODEL_NAME}@{MODEL_VERSION}",
        "data": {
            "file": Path(csv_path).name,
            "transcripts": len(data.transcripts),
            "utterances": sum(len(t.utterances) for t in data.transcripts),
        },
        "protocol": {
            "folds": folds,
            "seed": seed,
            "split": "by transcript_id (seeded shuffle, round-robin)",
            "c": c,
            "annotation": "lowest annotator_id per transcript",
        },
        "heads": heads,
        "human_agreement": human_agreement(data),
    }


def _sessions(csv_path: Path, coded: Sequence[_Coded]) -> list[Session]:
    """Coded sessions as the project's reader gives them (falling back to the AnnoMI loader's
    own sessions when the reader is not available or does not line up)."""
    read: dict[str, Session] = {}
    try:
        from alliance.io import read_path

        read = {s.id: s for s in read_path(csv_path)}
    except ImportError:
        read = {}
    source = f"{MODEL_NAME}@{MODEL_VERSION}"
    out: list[Session] = []
    for item in sorted(coded, key=lambda c: int(c.transcript.id)):
        t = item.transcript
        session = read.get(t.id)
        if session is None or [u.index for u in session.utterances] != [
            u.index for u in t.utterances
        ]:
            session = to_session(t, source=str(csv_path))
        metadata = dict(session.metadata)
        metadata.setdefault("mi_quality", t.mi_quality)
        metadata["fold"] = str(item.fold)
        utterances = []
        for u, codes in zip(session.utterances, item.codes, strict=True):
            merged = dict(u.codes)
            for key, (value, confidence) in codes.items():
                merged[key] = Code(value=value, confidence=round(confidence, 4), source=source)
            utterances.append(dataclasses.replace(u, codes=merged))
        out.append(dataclasses.replace(session, utterances=tuple(utterances), metadata=metadata))
    return out


def out_of_fold_sessions(
    csv_path: Path,
    *,
    folds: int = 5,
    seed: int = 0,
    c: float = 0.3,
    embedder: Embedder | None = None,
    cache: Path | None = None,
) -> list[Session]:
    """Every transcript of ``csv_path`` coded by a model trained without its fold (the folds
    of :func:`evaluate_codes` with the same ``folds`` and ``seed``). ``metadata`` gains
    ``mi_quality`` and ``fold``."""
    data = load_annomi(csv_path)
    coded = _cross_validate(
        data,
        folds=folds,
        seed=seed,
        c=c,
        embedder=embedder,
        progress=None,
        on_fold=None,
        cache=cache,
    )
    return _sessions(csv_path, coded)


def render_codes(result: Mapping[str, Any]) -> Any:
    """A rich renderable of :func:`evaluate_codes`' result: macro-F1 per head beside human
    agreement, then per-class scores and confusion matrices."""
    from rich.console import Group
    from rich.table import Table

    human = result.get("human_agreement", {})
    summary = Table(
        title=f"Learned coder {result['model']}: {result['protocol']['folds']}-fold CV by "
        f"transcript ({result['data']['transcripts']} transcripts, "
        f"seed {result['protocol']['seed']})"
    )
    columns = (
        "code",
        "macro-F1 per fold (mean ± SD)",
        "per transcript",
        "kappa",
        "human macro-F1",
        "human kappa",
        "n",
    )
    for col in columns:
        summary.add_column(col, justify="left" if col == "code" else "right")
    for name, head in result["heads"].items():
        h = human.get(name)
        summary.add_row(
            name,
            f"{head['macro_f1_mean']:.3f} ± {head['macro_f1_sd']:.3f}",
            f"{head['macro_f1_per_transcript_mean']:.3f}",
            f"{head['pooled']['kappa']:.3f}",
            f"{h['macro_f1_mean']:.3f}" if h else "–",
            f"{h['kappa_mean']:.3f}" if h else "–",
            str(head["pooled"]["n"]),
        )
    summary.caption = (
        "macro-F1 per fold: on each held-out fold of transcripts; per transcript: the mean over "
        "held-out transcripts, the protocol of the human figures (every annotator pair on every "
        "multiply-annotated transcript)"
    )
    parts: list[Any] = [summary]
    for name, head in result["heads"].items():
        labels = head["labels"]
        table = Table(title=f"{name}: per class (pooled over folds) and confusion (rows = gold)")
        table.add_column("class")
        for col in ("precision", "recall", "F1", "support"):
            table.add_column(col, justify="right")
        for lab in labels:
            table.add_column(f"→ {lab}", justify="right")
        for lab, row in zip(labels, head["pooled"]["confusion"], strict=True):
            pc = head["pooled"]["per_class"][lab]
            table.add_row(
                lab,
                f"{pc['precision']:.3f}",
                f"{pc['recall']:.3f}",
                f"{pc['f1']:.3f}",
                str(pc["support"]),
                *(str(v) for v in row),
            )
        parts.append(table)
    return Group(*parts)
