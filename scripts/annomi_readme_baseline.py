"""The AnnoMI data README's talk-type baseline, re-run under alliance's cross-validation.

The README's baseline (MiniLM embedding of the client utterance and of the two before it,
TF-IDF word 1-2-grams, logistic regression) reached macro-F1 0.564 trained on the 100
development transcripts and tested on the 33 withheld ones. This script runs the same recipe on
the development transcripts only: 5-fold cross-validation by transcript (alliance's folds,
seeds 0-2) and ten random 67/33 transcript splits, with and without balanced class weights.
It prints the macro-F1 figures quoted in docs/model-card.md; no text is printed.

    .venv/bin/python scripts/annomi_readme_baseline.py [path/to/AnnoMI-full-dev.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from alliance.coding.annomi import load_annomi
from alliance.coding.embedding import Embedder
from alliance.coding.evaluate import fold_of
from alliance.coding.train import embed_transcripts
from alliance.model import Role

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "annomi" / "AnnoMI-full-dev.csv"


def main() -> None:
    csv = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    data = load_annomi(csv)
    # The README's embedding: the standard sentence-transformers vector (last layer).
    embeddings = embed_transcripts(data.transcripts, embedder=Embedder(layers=(6,)))
    groups, texts, rows, labels = [], [], [], []
    for transcript, emb in zip(data.transcripts, embeddings, strict=True):
        zero = np.zeros(emb.shape[1], dtype=np.float32)
        for i, u in enumerate(transcript.utterances):
            if u.role is not Role.CLIENT or "talk_type" not in u.labels:
                continue
            before = [emb[i - k] if i >= k else zero for k in (1, 2)]
            groups.append(transcript.id)
            texts.append(u.text)
            rows.append(np.concatenate([emb[i], *before]))
            labels.append(u.labels["talk_type"])
    x, y = np.stack(rows), np.array(labels)
    ids = sorted(set(groups))
    print(f"{len(y)} client utterances in {len(ids)} transcripts")

    def score(train: np.ndarray, test: np.ndarray, weights: str | None) -> float:
        tr, te = np.where(train)[0], np.where(test)[0]
        vocab = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        vocab.fit([texts[i] for i in tr])
        a = sparse.hstack([x[tr], vocab.transform([texts[i] for i in tr])]).tocsr()
        b = sparse.hstack([x[te], vocab.transform([texts[i] for i in te])]).tocsr()
        model = LogisticRegression(max_iter=3000, class_weight=weights).fit(a, y[tr])
        return float(f1_score(y[te], model.predict(b), average="macro"))

    for weights in (None, "balanced"):
        per_seed = []
        for seed in range(3):
            fold = fold_of(ids, folds=5, seed=seed)
            f = np.array([fold[t] for t in groups])
            per_seed.append(np.mean([score(f != k, f == k, weights) for k in range(5)]))
        print(
            f"class weights {weights}: 5-fold CV by transcript, mean macro-F1 per fold seed "
            f"0-2: {', '.join(f'{s:.3f}' for s in per_seed)}"
        )
        splits = []
        for seed in range(10):
            test = set(np.random.default_rng(100 + seed).permutation(ids)[:33])
            te = np.array([t in test for t in groups])
            splits.append(score(~te, te, weights))
        s = np.array(splits)
        print(
            f"class weights {weights}: 10 random 67/33 splits: mean {s.mean():.3f} "
            f"(SD {s.std():.3f}, min {s.min():.3f}, max {s.max():.3f})"
        )


if __name__ == "__main__":
    main()
