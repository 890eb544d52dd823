"""Precision and recall of the cue coders on the project's own hand-labelled sets.

Two sets, both shipped with the tests (``tests/data/cues/``) and described in ``docs/cues.md``:

* ``annomi_labels.jsonl``: AnnoMI utterances labelled by hand for the nine cues. Only ids and
  labels are stored; the text is read from the AnnoMI CSV at evaluation time. Each row says
  whether its transcript belongs to the ``dev`` half (rules were written looking at it) or the
  ``test`` half (held out: the split is by transcript).
* ``synthetic.jsonl``: sentences written for the project, with tricky negatives, also split
  into ``dev`` and ``test``.

The rules are fixed, so nothing is fitted: ``folds`` and ``seed`` are accepted for the common
``evaluate`` interface and not used.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from alliance.coding.cues import CLIENT_CUES, CUES, VERSION, code_utterances
from alliance.errors import InputError
from alliance.model import Role, Utterance

__all__ = ["default_label_dir", "evaluate_cues", "render_cues"]

LABELLER = "the project (one labeller, no second rater)"


def default_label_dir() -> Path:
    """Where the labelled sets live: ``tests/data/cues`` of the source checkout."""
    return Path(__file__).resolve().parents[3] / "tests" / "data" / "cues"


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    n: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        self.n += 1
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1

    def as_dict(self) -> dict[str, Any]:
        predicted = self.tp + self.fp
        support = self.tp + self.fn
        precision = self.tp / predicted if predicted else None
        recall = self.tp / support if support else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and (precision + recall) > 0
            else None
        )
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": support,
            "predicted": predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "n": self.n,
        }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError("labelled set not found", path=path, hint="run from a source checkout")
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError("not a JSON line", path=path, line=number) from exc
    return rows


def _annomi_utterances(csv_path: Path) -> dict[str, list[Utterance]]:
    """Transcript id → its utterances (one annotation per utterance: the lowest annotator id)."""
    if not csv_path.is_file():
        raise InputError("AnnoMI CSV not found", path=csv_path, hint="give AnnoMI-full-dev.csv")
    chosen: dict[tuple[str, int], tuple[int, Utterance]] = {}
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            try:
                key = (str(int(row["transcript_id"])), int(row["utterance_id"]))
                annotator = int(row["annotator_id"])
            except (KeyError, ValueError) as exc:
                raise InputError(
                    "not an AnnoMI row (ids missing or not numbers)",
                    path=csv_path,
                    line=reader.line_num,
                ) from exc
            if key in chosen and chosen[key][0] <= annotator:
                continue
            role = Role.THERAPIST if row["interlocutor"].strip() == "therapist" else Role.CLIENT
            chosen[key] = (
                annotator,
                Utterance(index=key[1], speaker=role.value, role=role, text=row["utterance_text"]),
            )
    sessions: dict[str, list[Utterance]] = {}
    for (transcript, _), (_, utterance) in sorted(
        chosen.items(), key=lambda item: (int(item[0][0]), item[0][1])
    ):
        sessions.setdefault(transcript, []).append(utterance)
    return sessions


def _score(
    pairs: Iterable[tuple[set[str], set[str], Role]],
) -> dict[str, dict[str, Any]]:
    counts = {cue: _Counts() for cue in CUES}
    for gold, predicted, role in pairs:
        for cue in CUES:
            side = Role.CLIENT if cue in CLIENT_CUES else Role.THERAPIST
            if role is side:
                counts[cue].add(cue in gold, cue in predicted)
    return {cue: c.as_dict() for cue, c in counts.items()}


def _annomi_pairs(
    labels: Sequence[Mapping[str, Any]], csv_path: Path
) -> list[tuple[set[str], set[str], Role]]:
    sessions = _annomi_utterances(csv_path)
    predicted: dict[tuple[str, int], set[str]] = {}
    needed = {str(row["transcript_id"]) for row in labels}
    for transcript in needed:
        utterances = sessions.get(transcript)
        if utterances is None:
            raise InputError(
                f"transcript {transcript} of the labelled set is not in the CSV",
                path=csv_path,
                hint="use the AnnoMI development CSV the labels were made on",
            )
        for utterance, codes in zip(utterances, code_utterances(utterances), strict=True):
            predicted[(transcript, utterance.index)] = set(codes)
    pairs = []
    for row in labels:
        key = (str(row["transcript_id"]), int(row["utterance_id"]))
        if key not in predicted:
            raise InputError(
                f"utterance {key[1]} of transcript {key[0]} is not in the CSV", path=csv_path
            )
        pairs.append((set(row["cues"]), predicted[key], Role(row["role"])))
    return pairs


def _synthetic_pairs(items: Sequence[Mapping[str, Any]]) -> list[tuple[set[str], set[str], Role]]:
    pairs = []
    for item in items:
        context = [
            Utterance(index=i, speaker=p["role"], role=Role(p["role"]), text=p["text"])
            for i, p in enumerate(item.get("prev", []))
        ]
        role = Role(item["role"])
        target = Utterance(index=len(context), speaker=role.value, role=role, text=item["text"])
        codes = code_utterances([*context, target])[-1]
        pairs.append((set(item["cues"]), set(codes), role))
    return pairs


def evaluate_cues(
    csv_path: Path,
    *,
    folds: int = 5,
    seed: int = 0,
    split: str = "test",
    rounds: Iterable[int] | None = None,
    label_dir: Path | None = None,
) -> dict[str, Any]:
    """Per-cue precision, recall, F1 and support of the cue rules on the ``split`` part of the
    hand-labelled sets (``"test"``: held out; ``"dev"``: what the rules were written on).

    ``rounds`` keeps only the AnnoMI rows of those labelling rounds (see ``docs/cues.md``; all by
    default). Returns ``{"annomi": {cue: metrics}, "synthetic": {...}, "combined": {...}, ...}``;
    a metric is ``None`` where it is undefined (nothing predicted, or no positives)."""
    del folds, seed  # a fixed rule set has nothing to fit or resample
    if split not in {"dev", "test"}:
        raise InputError(f"unknown split {split!r}", hint="use 'dev' or 'test'")
    folder = label_dir or default_label_dir()
    keep = None if rounds is None else set(rounds)
    annomi_labels = [
        r
        for r in _read_jsonl(folder / "annomi_labels.jsonl")
        if r["split"] == split and (keep is None or r.get("round") in keep)
    ]
    synthetic = [r for r in _read_jsonl(folder / "synthetic.jsonl") if r["split"] == split]
    annomi_pairs = _annomi_pairs(annomi_labels, Path(csv_path))
    synthetic_pairs = _synthetic_pairs(synthetic)
    return {
        "task": "cues",
        "coder": f"cues@{VERSION}",
        "split": split,
        "rounds": sorted({int(r["round"]) for r in annomi_labels if "round" in r}),
        "labeller": LABELLER,
        "n_annomi": len(annomi_pairs),
        "n_annomi_transcripts": len({r["transcript_id"] for r in annomi_labels}),
        "n_synthetic": len(synthetic_pairs),
        "annomi": _score(annomi_pairs),
        "synthetic": _score(synthetic_pairs),
        "combined": _score([*annomi_pairs, *synthetic_pairs]),
    }


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_cues(result: Mapping[str, Any]) -> Table:
    """A table of the evaluation: one row per cue, AnnoMI and synthetic side by side."""
    table = Table(
        title=(
            f"Cue coders ({result.get('coder', 'cues')}) on the {result.get('split', 'test')} "
            f"split: {result.get('n_annomi', 0)} AnnoMI utterances, "
            f"{result.get('n_synthetic', 0)} synthetic"
        ),
        caption=f"Labels: {result.get('labeller', LABELLER)}. '–': undefined (nothing to count).",
    )
    table.add_column("cue")
    table.add_column("side")
    for part in ("AnnoMI", "synthetic"):
        for metric in ("P", "R", "F1", "n+"):
            table.add_column(f"{part} {metric}", justify="right")
    for cue in CUES:
        side = "client" if cue in CLIENT_CUES else "therapist"
        cells = [cue, side]
        for part in ("annomi", "synthetic"):
            metrics = result.get(part, {}).get(cue, {})
            cells += [
                _fmt(metrics.get("precision")),
                _fmt(metrics.get("recall")),
                _fmt(metrics.get("f1")),
                str(metrics.get("support", 0)),
            ]
        table.add_row(*cells)
    return table
