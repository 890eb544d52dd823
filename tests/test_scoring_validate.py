"""Validation: AUC, gold sessions from an AnnoMI-style CSV, and the quality evaluation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alliance.model import Session
from alliance.scoring.validate import auc, evaluate_quality, gold_sessions, render_quality

SHARED_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-full-dev.csv"
)

COLUMNS = [
    "mi_quality",
    "transcript_id",
    "utterance_id",
    "interlocutor",
    "timestamp",
    "utterance_text",
    "annotator_id",
    "main_therapist_behaviour",
    "question_subtype",
    "reflection_subtype",
    "therapist_input_subtype",
    "client_talk_type",
]


def write_csv(path: Path, transcripts: int = 12) -> Path:
    """High-quality transcripts reflect; low-quality ones advise. Two annotators on transcript 0."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for t in range(transcripts):
            high = t % 3 != 0
            for i in range(40):
                stamp = f"00:{i // 6:02d}:{(i * 10) % 60:02d}"
                for annotator in (1, 0) if t == 0 else (0,):
                    if i % 2 == 0:
                        kind = (
                            ("reflection" if i % 4 == 0 else "question")
                            if high
                            else ("therapist_input" if i % 4 == 0 else "question")
                        )
                        row = [
                            "high" if high else "low",
                            t,
                            i,
                            "therapist",
                            stamp,
                            "words words words words",
                            annotator,
                            kind,
                            "open" if kind == "question" else "n/a",
                            "complex" if kind == "reflection" else "n/a",
                            "advice" if kind == "therapist_input" else "n/a",
                            "n/a",
                        ]
                    else:
                        talk = "change" if high and i % 3 else "sustain"
                        row = [
                            "high" if high else "low",
                            t,
                            i,
                            "client",
                            stamp,
                            "client words here and more",
                            annotator,
                            "n/a",
                            "n/a",
                            "n/a",
                            "n/a",
                            talk,
                        ]
                    writer.writerow(row)
    return path


def test_validate_auc_counts_ties_half() -> None:
    assert auc([True, True, False, False], [0.9, 0.8, 0.1, 0.2]) == 1.0
    assert auc([True, False], [0.5, 0.5]) == 0.5
    assert auc([True, False, False], [0.1, None, 0.9]) == 0.0
    assert auc([True, True], [0.1, 0.2]) is None


def test_validate_gold_sessions_take_lowest_annotator(tmp_path: Path) -> None:
    sessions, labels = gold_sessions(write_csv(tmp_path / "mini.csv"))
    assert len(sessions) == 12
    assert sum(labels.values()) == 8
    first = sessions[0]
    assert len(first.utterances) == 40
    assert first.utterances[1].start == 10.0
    assert first.utterances[0].codes["behaviour"].source == "annomi-gold"


def test_validate_evaluate_quality_reports_gold_and_predicted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini.csv")

    def predicted(csv_path: Path, *, folds: int, seed: int) -> list[Session]:
        sessions, _ = gold_sessions(csv_path)
        return sessions

    result = evaluate_quality(path, folds=3, seed=0, predicted=predicted)
    assert result["gold"]["overall"] == 1.0
    assert result["predicted"]["overall"] == 1.0
    assert result["gold"]["components"]["empathy"]["auc"] == 1.0
    assert "CV" in result["gold"]["fitted"]["method"]
    from rich.console import Console

    console = Console(record=True, width=160)
    console.print(render_quality(result))
    assert "gold codes" in console.export_text()


def test_validate_overall_separates_quality_on_annomi_gold() -> None:
    if not SHARED_CSV.exists():
        pytest.skip(f"AnnoMI development data not found at {SHARED_CSV}")
    result = evaluate_quality(SHARED_CSV, folds=5, seed=0, predicted=lambda *a, **k: [])
    assert result["transcripts"] == 100
    assert result["gold"]["overall"] >= 0.85


def test_validate_baseline_coder_codes_out_of_fold(tmp_path: Path) -> None:
    from alliance.scoring.validate import baseline_oof_sessions

    sessions = baseline_oof_sessions(write_csv(tmp_path / "mini.csv"), folds=3, seed=0)
    assert len(sessions) == 12
    therapist = [u for s in sessions for u in s.utterances if u.role.value == "therapist"]
    assert all(u.codes["behaviour"].source == "baseline-tfidf-lr" for u in therapist)
    # a subtype only where the predicted behaviour matches it
    assert all(u.code("behaviour") == "question" for u in therapist if "question" in u.codes)
