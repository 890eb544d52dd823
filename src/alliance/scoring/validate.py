"""Does the relationship score separate expert-rated high from low quality counselling?

``alliance evaluate CSV --task quality`` calls :func:`evaluate_quality` on an AnnoMI-style CSV
(one row per utterance and annotator, a ``mi_quality`` of ``high``/``low`` per transcript) and
prints :func:`render_quality`. It measures, as ROC AUC over transcripts:

- the framework's ``overall`` score and each component, element and index, computed from the
  experts' own codes ("gold codes": the lowest annotator id per utterance);
- the same from predicted codes made **out of fold** (each transcript coded by a model that
  never saw it), from :func:`alliance.coding.evaluate.out_of_fold_sessions` or a JSON-lines
  dump of those sessions;
- a logistic regression on the component and element scores, fitted inside transcript-level
  stratified cross-validation (fit on the training folds, score the held-out fold), to show
  what a data-fitted weighting would add over the framework's hand-set weights.

The framework's weights are set by hand (see docs/scoring.md), so its AUC needs no CV; they
were checked against this same development data, which the result says.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from alliance.coding.annomi import load_annomi, to_session
from alliance.errors import InputError
from alliance.model import Code, Role, Session
from alliance.scoring.framework import Framework, load_framework
from alliance.scoring.indices import LOWER_IS_BETTER

__all__ = [
    "auc",
    "evaluate_quality",
    "gold_sessions",
    "render_quality",
    "score_sessions",
]

GOLD_SOURCE = "annomi-gold"


GOLD_KEYS = ("behaviour", "question", "reflection", "input", "talk_type")
"""The expert labels that become gold codes (the ``*_exists`` flags are implied by them)."""


def gold_sessions(csv_path: Path) -> tuple[list[Session], dict[str, bool]]:
    """Sessions coded with the experts' labels (one annotation per transcript: the lowest
    annotator id, as the learned coder trains on), and each session's quality label (``True``
    for high)."""
    data = load_annomi(csv_path)
    sessions: list[Session] = []
    labels: dict[str, bool] = {}
    for transcript in data.transcripts:
        if transcript.mi_quality not in ("high", "low"):
            raise InputError(
                f"transcript {transcript.id} has no mi_quality of high or low",
                path=csv_path,
                hint="give an AnnoMI-style CSV with its mi_quality column",
            )
        base = to_session(transcript, source=str(csv_path))
        utterances = tuple(
            replace(
                u,
                codes={
                    key: Code(value=a.labels[key], confidence=1.0, source=GOLD_SOURCE)
                    for key in GOLD_KEYS
                    if key in a.labels
                },
            )
            for u, a in zip(base.utterances, transcript.utterances, strict=True)
        )
        session = replace(
            base,
            utterances=utterances,
            metadata={**base.metadata, "transcript_id": transcript.id},
        )
        sessions.append(session)
        labels[session.id] = transcript.mi_quality == "high"
    return sessions, labels


def auc(labels: Sequence[bool], values: Sequence[float | None]) -> float | None:
    """ROC AUC of ``values`` for ``labels`` (ties count half); ``None`` where either class is
    empty after dropping missing values."""
    pairs = [
        (v, y) for v, y in zip(values, labels, strict=True) if v is not None and not math.isnan(v)
    ]
    pos = [v for v, y in pairs if y]
    neg = [v for v, y in pairs if not y]
    if not pos or not neg:
        return None
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def score_sessions(sessions: Iterable[Session], framework: Framework) -> list[Session]:
    """Score without the pipeline's requirement checks (codes may be partial here)."""
    from alliance.scoring.step import analyse

    return [analyse(s, framework) for s in sessions]


def _add_cues(sessions: list[Session]) -> tuple[list[Session], str]:
    """Run the rule-based cue coder, when installed, so cue-fed indices have their codes (it
    reads only the text; nothing in it is fitted to the quality labels)."""
    from alliance.pipeline import available_steps

    cls = available_steps().get("cues")
    if cls is None:
        try:
            from alliance.coding.cues import CueCoder
        except ImportError:
            return sessions, "not available"
        cls = CueCoder
    return list(cls()(sessions)), f"{cls.name}@{cls.version}"


def _table(scored: Sequence[Session], labels: Mapping[str, bool]) -> dict[str, Any]:
    y = [labels[s.id] for s in scored]
    out: dict[str, Any] = {"overall": None, "components": {}, "elements": {}, "indices": {}}
    scores = [s.scores for s in scored]
    if any(sc is None for sc in scores):
        return out
    overall = [sc.overall.value for sc in scores if sc is not None]
    out["overall"] = _rounded(auc(y, overall))
    out["overall_ci95"] = _bootstrap_ci(y, overall)
    first = scores[0]
    assert first is not None
    for group in ("components", "elements", "indices"):
        for name in getattr(first, group):
            values = [getattr(sc, group)[name].value for sc in scores if sc is not None]
            raw = auc(y, values)
            if group == "indices" and raw is not None and name in LOWER_IS_BETTER:
                raw = 1.0 - raw  # oriented the way the index is meant: lower is better
            out[group][name] = {
                "auc": _rounded(raw),
                "missing": sum(v is None for v in values),
            }
    out["n"] = len(y)
    out["high"] = sum(y)
    return out


def _bootstrap_ci(
    labels: Sequence[bool], values: Sequence[float | None], *, repeats: int = 2000, seed: int = 0
) -> list[float] | None:
    """A 95 % percentile interval for the AUC, resampling transcripts within each class (with
    17 low-quality transcripts the interval is wide, and the reader should see how wide)."""
    import numpy as np

    pos = np.array([v for v, y in zip(values, labels, strict=True) if y and v is not None])
    neg = np.array([v for v, y in zip(values, labels, strict=True) if not y and v is not None])
    if len(pos) == 0 or len(neg) == 0:
        return None
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(repeats):
        p = rng.choice(pos, len(pos))
        n = rng.choice(neg, len(neg))
        wins = (p[:, None] > n[None, :]).sum() + 0.5 * (p[:, None] == n[None, :]).sum()
        found.append(wins / (len(p) * len(n)))
    low, high = np.percentile(found, [2.5, 97.5])
    return [round(float(low), 3), round(float(high), 3)]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fitted_cv(
    scored: Sequence[Session], labels: Mapping[str, bool], *, folds: int, seed: int
) -> dict[str, Any]:
    """Logistic regression on component and element scores, fitted inside transcript-level CV."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    names: list[tuple[str, str]] = []
    first = scored[0].scores
    assert first is not None
    names += [("components", n) for n in first.components]
    names += [("elements", n) for n in first.elements]
    rows = []
    for s in scored:
        assert s.scores is not None
        row = []
        for group, name in names:
            value = getattr(s.scores, group)[name].value
            row.append(np.nan if value is None else value / 100.0)
        rows.append(row)
    x = np.array(rows, dtype=float)
    keep = ~np.all(np.isnan(x), axis=0)  # scores no session has (their coder did not run)
    x = x[:, keep]
    names = [n for n, k in zip(names, keep, strict=True) if k]
    y = np.array([labels[s.id] for s in scored], dtype=int)
    predictions = np.zeros(len(y))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in cv.split(x, y):
        present = ~np.isnan(x[train])
        sums = np.where(present, x[train], 0.0).sum(axis=0)
        counts = present.sum(axis=0)
        means = np.where(counts > 0, sums / np.maximum(counts, 1), 0.5)
        train_x = np.where(np.isnan(x[train]), means, x[train])
        test_x = np.where(np.isnan(x[test]), means, x[test])
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        model.fit(train_x, y[train])
        predictions[test] = model.predict_proba(test_x)[:, 1]
    return {
        "auc": _rounded(auc(list(y.astype(bool)), list(predictions))),
        "features": [f"{g}.{n}" for g, n in names],
        "method": (
            f"logistic regression (C=1, balanced), {folds}-fold stratified CV"
            f" over transcripts, seed {seed}"
        ),
    }


def baseline_oof_sessions(csv_path: Path, *, folds: int = 5, seed: int = 0) -> list[Session]:
    """Out-of-fold codes from a plain TF-IDF + logistic-regression coder (the README's baseline),
    trained per fold on the other folds' transcripts. Used only when the learned coder's own
    out-of-fold predictions are not installed, and labelled as such in the result."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    sessions, labels = gold_sessions(csv_path)
    ids = [s.id for s in sessions]
    y = [labels[i] for i in ids]
    tasks = {
        "behaviour": Role.THERAPIST,
        "question": Role.THERAPIST,
        "reflection": Role.THERAPIST,
        "input": Role.THERAPIST,
        "talk_type": Role.CLIENT,
    }

    def text(session: Session, position: int) -> str:
        before = session.utterances[position - 1].text if position else ""
        return f"{session.utterances[position].text} [prev] {before}"

    predicted: dict[tuple[str, int], dict[str, Code]] = defaultdict(dict)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in cv.split(ids, y):
        for key, role in tasks.items():
            xs, ys = [], []
            for t in train:
                session = sessions[t]
                for p, u in enumerate(session.utterances):
                    if u.role is role and key in u.codes:
                        xs.append(text(session, p))
                        ys.append(str(u.codes[key].value))
            if not ys:
                continue
            classes = sorted(set(ys))
            vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
            model = LogisticRegression(max_iter=2000, C=4.0)
            if len(classes) > 1:
                model.fit(vectoriser.fit_transform(xs), ys)
            for t in test:
                session = sessions[t]
                positions = [p for p, u in enumerate(session.utterances) if u.role is role]
                if not positions:
                    continue
                if len(classes) == 1:  # one value in training: nothing to learn
                    for p in positions:
                        predicted[(session.id, p)][key] = Code(classes[0], 1.0, "baseline-tfidf-lr")
                    continue
                probabilities = model.predict_proba(
                    vectoriser.transform([text(session, p) for p in positions])
                )
                for p, row in zip(positions, probabilities, strict=True):
                    best = int(row.argmax())
                    predicted[(session.id, p)][key] = Code(
                        str(model.classes_[best]), round(float(row[best]), 4), "baseline-tfidf-lr"
                    )
    out = []
    for session in sessions:
        utterances = []
        for p, u in enumerate(session.utterances):
            codes = dict(predicted.get((session.id, p), {}))
            behaviour = codes.get("behaviour")
            wanted = {
                "question": "question",
                "reflection": "reflection",
                "input": "therapist_input",
            }
            for key, needs in wanted.items():
                if key in codes and (behaviour is None or behaviour.value != needs):
                    del codes[key]
            utterances.append(replace(u, codes=codes))
        out.append(replace(session, utterances=tuple(utterances)))
    return out


def _predicted_sessions(
    csv_path: Path,
    *,
    folds: int,
    seed: int,
    loader: Callable[..., list[Session]] | None,
    jsonl: Path | None,
) -> tuple[list[Session] | None, str]:
    if loader is not None:
        return loader(csv_path, folds=folds, seed=seed), "given loader"
    if jsonl is not None:
        return _read_jsonl(jsonl), f"out-of-fold sessions read from {jsonl}"
    try:
        from alliance.coding.evaluate import out_of_fold_sessions
    except ImportError:
        pass
    else:
        return list(out_of_fold_sessions(csv_path, folds=folds, seed=seed)), (
            "learned coder, alliance.coding.evaluate.out_of_fold_sessions"
            f"(folds={folds}, seed={seed})"
        )
    return baseline_oof_sessions(csv_path, folds=folds, seed=seed), (
        "baseline TF-IDF + logistic regression coder, out of fold (the learned coder's"
        f" out-of-fold predictions are not installed), {folds} folds, seed {seed}"
    )


def _read_jsonl(path: Path) -> list[Session]:
    from alliance.serialize import session_from_dict

    sessions = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                sessions.append(session_from_dict(json.loads(line), path=str(path)))
    return sessions


def _match_labels(sessions: Sequence[Session], labels: Mapping[str, bool]) -> dict[str, bool]:
    """Quality labels keyed by the predicted sessions' ids (which may name transcripts
    differently from :func:`gold_sessions`)."""
    by_transcript = {sid.removeprefix("annomi-"): y for sid, y in labels.items()}
    out: dict[str, bool] = {}
    for s in sessions:
        quality = s.metadata.get("mi_quality")
        if quality in ("high", "low"):
            out[s.id] = quality == "high"
            continue
        key = s.metadata.get("transcript_id") or s.id.rsplit("-", 1)[-1]
        if key in by_transcript:
            out[s.id] = by_transcript[key]
    return out


def evaluate_quality(
    csv_path: Path,
    *,
    folds: int = 5,
    seed: int = 0,
    framework: str | Path | None = None,
    predicted: Callable[..., list[Session]] | None = None,
    oof_jsonl: Path | None = None,
) -> dict[str, Any]:
    """AUC of ``overall`` and of each component, element and index for high vs low quality.

    Predicted codes come from ``predicted`` (a function like the learned coder's
    ``out_of_fold_sessions``), else ``oof_jsonl`` (a JSON-lines dump of such sessions), else
    the learned coder's own ``out_of_fold_sessions`` (slow: it trains one model per fold), else
    a baseline TF-IDF coder; the result says which."""
    fw = load_framework(framework)
    gold, labels = gold_sessions(csv_path)
    gold, cue_source = _add_cues(gold)
    gold_scored = score_sessions(gold, fw)
    result: dict[str, Any] = {
        "task": "quality",
        "csv": str(csv_path),
        "framework": fw.id,
        "transcripts": len(gold),
        "high": sum(labels.values()),
        "low": len(labels) - sum(labels.values()),
        "cue_coder": cue_source,
        "weights": "hand-set in the framework file (not fitted); checked on this development data",
        "gold": {
            **_table(gold_scored, labels),
            "fitted": _fitted_cv(gold_scored, labels, folds=folds, seed=seed),
        },
    }
    sessions, origin = _predicted_sessions(
        csv_path, folds=folds, seed=seed, loader=predicted, jsonl=oof_jsonl
    )
    result["predicted_source"] = origin
    if sessions:
        sessions, _ = _add_cues(sessions)
        predicted_labels = _match_labels(sessions, labels)
        sessions = [s for s in sessions if s.id in predicted_labels]
        scored = score_sessions(sessions, fw)
        result["predicted"] = {
            **_table(scored, predicted_labels),
            "fitted": _fitted_cv(scored, predicted_labels, folds=folds, seed=seed),
        }
    else:
        result["predicted"] = None
    return result


def _interval(ci: Sequence[float] | None) -> str:
    return "-" if not ci else f"{ci[0]:.3f}–{ci[1]:.3f}"


def render_quality(result: Mapping[str, Any]) -> Any:
    """A rich renderable of :func:`evaluate_quality`'s result."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    head = Text(
        f"{result['framework']}: {result['transcripts']} transcripts "
        f"({result['high']} high, {result['low']} low quality). Weights: {result['weights']}. "
        f"Cue coder: {result['cue_coder']}. Predicted codes: {result['predicted_source']}."
    )
    table = Table(title="AUC, high vs low quality (transcript level)")
    table.add_column("score")
    table.add_column("gold codes", justify="right")
    table.add_column("predicted codes (out of fold)", justify="right")
    gold = result["gold"]
    pred = result.get("predicted") or {}
    table.add_row("overall", fmt(gold.get("overall")), fmt(pred.get("overall")))
    table.add_row(
        "  95% bootstrap interval",
        _interval(gold.get("overall_ci95")),
        _interval(pred.get("overall_ci95")),
    )
    table.add_row(
        "fitted on components (CV)",
        fmt((gold.get("fitted") or {}).get("auc")),
        fmt((pred.get("fitted") or {}).get("auc")),
    )
    for group in ("components", "elements", "indices"):
        for name, entry in gold.get(group, {}).items():
            other = (pred.get(group) or {}).get(name) or {}
            kind = {"components": "component", "elements": "element", "indices": "index"}[group]
            table.add_row(f"{kind} {name}", fmt(entry.get("auc")), fmt(other.get("auc")))
    return Group(head, table)
