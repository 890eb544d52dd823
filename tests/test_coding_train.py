"""Training, loading and evaluating the learned coder on a tiny AnnoMI-shaped CSV made in code,
plus the AnnoMI loader; the real development CSV is used only where it exists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from alliance.coding.annomi import load_annomi, to_session
from alliance.coding.evaluate import evaluate_codes, fold_of, human_agreement
from alliance.coding.learned import LearnedCoder, LearnedModel
from alliance.coding.train import train
from alliance.errors import InputError, ModelError
from alliance.model import Role

SHARED_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-full-dev.csv"
)

COLUMNS = [
    "mi_quality", "transcript_id", "video_title", "video_url", "topic", "utterance_id",
    "interlocutor", "timestamp", "utterance_text", "annotator_id", "therapist_input_exists",
    "therapist_input_subtype", "reflection_exists", "reflection_subtype", "question_exists",
    "question_subtype", "main_therapist_behaviour", "client_talk_type",
]  # fmt: skip

NA = "n/a"
# (role, text, behaviour, question, reflection, input, talk type)
TEMPLATE = [
    ("therapist", "What brings you here today?", "question", "open", NA, NA, NA),
    ("client", "I want to drink less, it would help my family.", NA, NA, NA, NA, "change"),
    ("therapist", "You want to be there for your family.", "reflection", NA, "complex", NA, NA),
    ("client", "I like drinking and I won't give it up.", NA, NA, NA, NA, "sustain"),
    ("therapist", "Did you drink last night?", "question", "closed", NA, NA, NA),
    ("client", "Yes, two beers.", NA, NA, NA, NA, "neutral"),
    ("therapist", "Two beers.", "reflection", NA, "simple", NA, NA),
    ("client", "Right.", NA, NA, NA, NA, "neutral"),
    ("therapist", "You should try an alcohol-free day.", "therapist_input", NA, NA, "advice", NA),
    ("client", "Maybe I could try that.", NA, NA, NA, NA, "change"),
    (
        "therapist",
        "Heavy drinking raises blood pressure.",
        "therapist_input",
        NA,
        NA,
        "information",
        NA,
    ),
    ("client", "I didn't know that.", NA, NA, NA, NA, "neutral"),
    (
        "therapist",
        "Shall we talk about your goals next?",
        "therapist_input",
        NA,
        NA,
        "negotiation",
        NA,
    ),
    ("client", "Sure.", NA, NA, NA, NA, "neutral"),
    (
        "therapist",
        "You could cut down, or stop, or use an app.",
        "therapist_input",
        NA,
        NA,
        "options",
        NA,
    ),
    ("client", "Drinking is the only way I can relax.", NA, NA, NA, NA, "sustain"),
    ("therapist", "Thank you, see you next week.", "other", NA, NA, NA, NA),
    ("client", "Bye.", NA, NA, NA, NA, "neutral"),
]


def _row(tid: int, uid: int, annotator: int, spec: tuple[str, ...]) -> dict[str, str]:
    role, text, behaviour, question, reflection, given, talk = spec
    therapist = role == "therapist"

    def exists(value: str) -> str:
        return (str(value != NA)) if therapist else NA

    return {
        "mi_quality": "high" if tid % 2 else "low", "transcript_id": str(tid),
        "video_title": "t", "video_url": "u", "topic": "alcohol", "utterance_id": str(uid),
        "interlocutor": role, "timestamp": f"00:{uid // 60:02d}:{uid % 60:02d}",
        "utterance_text": text, "annotator_id": str(annotator),
        "therapist_input_exists": exists(given), "therapist_input_subtype": given,
        "reflection_exists": exists(reflection), "reflection_subtype": reflection,
        "question_exists": exists(question), "question_subtype": question,
        "main_therapist_behaviour": behaviour, "client_talk_type": talk,
    }  # fmt: skip


@pytest.fixture(scope="module")
def tiny_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("annomi") / "tiny.csv"
    rows = []
    for tid in range(6):
        for annotator in [3, 1] if tid == 2 else [tid % 4]:
            for uid, spec in enumerate(TEMPLATE):
                if annotator == 3 and uid == 5:  # the second annotator disagrees once
                    spec = (*spec[:6], "change")
                rows.append(_row(tid, uid, annotator, spec))
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_annomi_loader_keeps_lowest_annotator_and_repeats(tiny_csv: Path) -> None:
    data = load_annomi(tiny_csv)
    assert [t.id for t in data.transcripts] == ["0", "1", "2", "3", "4", "5"]
    assert data.transcripts[2].annotator == 1
    assert set(data.repeats) == {"2"} and set(data.repeats["2"]) == {1, 3}
    first = data.transcripts[0].utterances[0]
    assert first.role is Role.THERAPIST and first.start == 0.0
    assert first.labels == {
        "behaviour": "question", "question_exists": "yes", "question": "open",
        "reflection_exists": "no", "input_exists": "no",
    }  # fmt: skip
    assert data.transcripts[0].utterances[1].labels == {"talk_type": "change"}
    session = to_session(data.transcripts[0])
    assert session.metadata["mi_quality"] == "low" and len(session) == len(TEMPLATE)


def test_annomi_loader_rejects_a_csv_without_its_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("speaker,text\nA,hello\n")
    with pytest.raises(InputError, match="missing column"):
        load_annomi(bad)


def test_train_tiny_writes_loadable_files_that_code_a_session(
    tiny_csv: Path, tmp_path: Path
) -> None:
    files = train(tiny_csv, out=tmp_path, seed=0)
    assert sorted(f.name for f in files) == ["annomi-minilm.json", "annomi-minilm.npz"]
    meta = json.loads((tmp_path / "annomi-minilm.json").read_text())
    assert meta["training"]["sessions"] == 6 and meta["data"]["file"] == "tiny.csv"
    model = LearnedModel.load(tmp_path)
    assert model.classes_["input"] == ["advice", "information", "negotiation", "options"]
    session = to_session(load_annomi(tiny_csv).transcripts[0])
    coded = LearnedCoder(model_dir=tmp_path)([session])[0]
    behaviours = [u.code("behaviour") for u in coded.utterances if u.role is Role.THERAPIST]
    assert behaviours[0] == "question"  # it learned its own training data
    assert all(u.code("talk_type") for u in coded.utterances if u.role is Role.CLIENT)


def test_train_is_reproducible(tiny_csv: Path, tmp_path: Path) -> None:
    train(tiny_csv, out=tmp_path / "a", seed=0)
    train(tiny_csv, out=tmp_path / "b", seed=0)
    with (
        np.load(tmp_path / "a" / "annomi-minilm.npz") as a,
        np.load(tmp_path / "b" / "annomi-minilm.npz") as b,
    ):
        for key in a.files:
            np.testing.assert_allclose(a[key], b[key], atol=1e-6)


def test_train_needs_two_transcripts(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_row(0, i, 0, s) for i, s in enumerate(TEMPLATE))
    with pytest.raises(ModelError, match="two transcripts"):
        train(path, out=tmp_path / "m")


def test_evaluate_splits_by_transcript_and_reports_every_head(tiny_csv: Path) -> None:
    oof: list = []
    result = evaluate_codes(tiny_csv, folds=3, seed=0, oof_out=oof)
    assert result["protocol"]["folds"] == 3
    for name in ("behaviour", "talk_type", "question", "reflection", "input"):
        head = result["heads"][name]
        assert len(head["macro_f1_folds"]) == 3
        assert 0.0 <= head["macro_f1_mean"] <= 1.0
        n = len(head["labels"])
        assert np.array(head["pooled"]["confusion"]).shape == (n, n)
    assert sorted(s.id.removeprefix("annomi-") for s in oof) == ["0", "1", "2", "3", "4", "5"]
    folds = {s.metadata["fold"] for s in oof}
    assert folds == {"0", "1", "2"}


def test_evaluate_folds_never_share_a_transcript() -> None:
    ids = [str(i) for i in range(10)]
    assignment = fold_of(ids, folds=5, seed=0)
    assert set(assignment) == set(ids)
    assert sorted(list(assignment.values()).count(k) for k in range(5)) == [2] * 5
    assert fold_of(ids, folds=5, seed=0) == assignment
    with pytest.raises(ModelError):
        fold_of(ids, folds=11, seed=0)


def test_evaluate_human_agreement_from_repeats(tiny_csv: Path) -> None:
    agreement = human_agreement(load_annomi(tiny_csv))
    assert agreement["transcripts"] == ["2"]
    assert agreement["behaviour"]["macro_f1_mean"] == pytest.approx(1.0)
    assert agreement["talk_type"]["macro_f1_mean"] < 1.0  # one client utterance differs


@pytest.mark.skipif(
    not SHARED_CSV.is_file(), reason="the AnnoMI development CSV (shared/) is absent"
)
def test_annomi_dev_csv_shape_and_human_agreement_matches_readme() -> None:
    data = load_annomi(SHARED_CSV)
    assert len(data.transcripts) == 100
    assert sorted(data.repeats, key=int) == ["7", "27", "55", "56", "66", "109", "130"]
    agreement = human_agreement(data)
    assert agreement["behaviour"]["macro_f1_mean"] == pytest.approx(0.707, abs=0.01)
    assert agreement["talk_type"]["macro_f1_mean"] == pytest.approx(0.609, abs=0.01)


def _cli() -> typer.Typer:
    from alliance.cli import coding

    app = typer.Typer()
    coding.register(app)
    return app


def test_train_cli_writes_model_files(tiny_csv: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _cli(), ["train", str(tiny_csv), "--out", str(tmp_path), "--seed", "0"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "annomi-minilm.npz").is_file()
    LearnedModel.load(tmp_path)


def test_evaluate_cli_codes_json(tiny_csv: Path) -> None:
    result = CliRunner().invoke(
        _cli(), ["evaluate", str(tiny_csv), "--task", "codes", "--folds", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["task"] == "codes" and payload["protocol"]["folds"] == 2
    assert "behaviour" in payload["human_agreement"]


def test_evaluate_cli_codes_text_table(tiny_csv: Path) -> None:
    result = CliRunner().invoke(_cli(), ["evaluate", str(tiny_csv), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "talk_type" in result.stdout


def test_out_of_fold_sessions_code_every_transcript_with_its_fold(tiny_csv: Path) -> None:
    from alliance.coding.evaluate import out_of_fold_sessions

    sessions = out_of_fold_sessions(tiny_csv, folds=3, seed=0)
    assert len(sessions) == 6
    assignment = fold_of([str(i) for i in range(6)], folds=3, seed=0)
    for session in sessions:
        tid = session.id.removeprefix("annomi-")
        assert session.metadata["fold"] == str(assignment[tid])
        assert session.metadata["mi_quality"] in {"high", "low"}
        therapist = [u for u in session.utterances if u.role is Role.THERAPIST]
        assert all(u.code("behaviour") is not None for u in therapist)
