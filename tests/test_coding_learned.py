"""The shipped learned coder: its files load and check out, and it codes fixed utterances as
documented in docs/model-card.md."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from alliance.coding.learned import HEADS, LearnedCoder, LearnedModel, default_model_dir
from alliance.errors import ModelError
from alliance.model import Code, Role, Session, Speaker, Utterance
from alliance.pipeline import Step, available_steps

T, C = Role.THERAPIST, Role.CLIENT

SAMPLE: list[tuple[Role, str]] = [
    (T, "Hi, thanks for coming in today. What brings you here?"),
    (C, "Well, my wife thinks I drink too much, so here I am."),
    (T, "It sounds like you're worried about what your drinking is doing to your marriage."),
    (C, "I really want to cut down. I know it would be better for my kids."),
    (T, "Did you have anything to drink yesterday?"),
    (C, "I don't think I have a problem. I'm not going to stop drinking, I enjoy it."),
    (T, "Some people find it helpful to keep a diary of how much they drink each day."),
    (C, "Okay."),
    (T, "Do you drink every day?"),
    (C, "Yes, most days."),
]


def _session(rows: list[tuple[Role, str]] = SAMPLE) -> Session:
    speakers = (Speaker("Dr A", T), Speaker("Sam", C), Speaker("Interpreter", Role.OTHER))
    names = {T: "Dr A", C: "Sam", Role.OTHER: "Interpreter"}
    return Session(
        id="sample",
        speakers=speakers,
        utterances=tuple(
            Utterance(index=i, speaker=names[r], role=r, text=t) for i, (r, t) in enumerate(rows)
        ),
    )


@pytest.fixture(scope="module")
def coded() -> Session:
    return LearnedCoder()([_session()])[0]


def test_learned_shipped_files_load_with_expected_shapes() -> None:
    model = LearnedModel.load()
    meta = json.loads((default_model_dir() / "annomi-minilm.json").read_text())
    widths = {model.weights_[h.name].shape[0] for h in HEADS}
    assert len(widths) == 1
    assert widths.pop() == 384 * 4 + 12 + 9 + len(model.vocabulary_.vocabulary_)  # type: ignore[union-attr]
    assert model.classes_["behaviour"] == ["other", "question", "reflection", "therapist_input"]
    assert model.classes_["talk_type"] == ["change", "neutral", "sustain"]
    assert model.classes_["input"] == ["advice", "information", "negotiation", "options"]
    assert meta["embedding"]["sha256"].startswith("8199be6f")


def test_learned_model_files_are_not_pickles() -> None:
    with np.load(default_model_dir() / "annomi-minilm.npz", allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)
    package = Path(__file__).resolve().parents[1] / "src" / "alliance" / "coding"
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (
                node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
            )
        }
        assert not imported & {"pickle", "joblib", "dill", "cloudpickle"}, source.name


def test_learned_tampered_arrays_raise_model_error(tmp_path: Path) -> None:
    for f in default_model_dir().iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    npz = tmp_path / "annomi-minilm.npz"
    npz.write_bytes(npz.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="sha256"):
        LearnedModel.load(tmp_path)


def test_learned_model_of_other_token_limits_raises_model_error(tmp_path: Path) -> None:
    for f in default_model_dir().iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    js = tmp_path / "annomi-minilm.json"
    meta = json.loads(js.read_text())
    assert (meta["embedding"]["max_tokens"], meta["embedding"]["head_tokens"]) == (64, 31)
    meta["embedding"]["max_tokens"] = 128
    js.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="token limits"):
        LearnedModel.load(tmp_path)
    meta["embedding"]["max_tokens"] = 64
    del meta["embedding"]["layers"]  # a model of 0.2.0 and before: the last layer only
    js.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="layers"):
        LearnedModel.load(tmp_path)


def test_learned_missing_model_raises_model_error_on_first_call_not_construction(
    tmp_path: Path,
) -> None:
    coder = LearnedCoder(model_dir=tmp_path)  # construction is free
    with pytest.raises(ModelError, match="missing"):
        coder([_session()])


def test_learned_coder_refuses_an_embedder_of_other_settings() -> None:
    from alliance.coding.embedding import Embedder

    with pytest.raises(ModelError, match="layers"):
        LearnedCoder(embedder=Embedder(layers=(6,)))([_session()])


def test_learned_coder_is_a_registered_default_step() -> None:
    cls = available_steps()["annomi-minilm"]
    assert cls is LearnedCoder
    assert isinstance(LearnedCoder(), Step)
    assert LearnedCoder.default and LearnedCoder.order == 100
    assert LearnedCoder.requires == frozenset({"utterances", "roles"})
    assert "codes.talk_type" in LearnedCoder.provides


def test_learned_pinned_behaviour_codes(coded: Session) -> None:
    u = coded.utterances
    assert u[0].code("behaviour") == "question" and u[0].code("question") == "open"
    assert u[2].code("behaviour") == "reflection" and u[2].code("reflection") == "complex"
    assert u[4].code("behaviour") == "question"
    assert u[8].code("behaviour") == "question" and u[8].code("question") == "closed"
    assert u[6].code("behaviour") == "therapist_input"


def test_learned_pinned_talk_types(coded: Session) -> None:
    u = coded.utterances
    assert u[3].code("talk_type") == "change"
    assert u[5].code("talk_type") == "sustain"
    assert u[7].code("talk_type") == "neutral"


def test_learned_codes_by_role_with_source_and_confidence(coded: Session) -> None:
    for u in coded.utterances:
        keys = set(u.codes)
        if u.role is T:
            assert "behaviour" in keys and "talk_type" not in keys
        else:
            assert keys == {"talk_type"}
        for code in u.codes.values():
            assert code.source == "annomi-minilm@" + LearnedCoder.version
            assert 0.0 <= code.confidence <= 1.0


def test_learned_other_role_gets_no_codes_and_existing_codes_are_kept() -> None:
    base = _session([*SAMPLE[:2], (Role.OTHER, "He says he drinks on weekends.")])
    kept = Code(value=True, confidence=1.0, source="cues@1", cues=("greeting",))
    first = dataclasses.replace(base.utterances[0], codes={"greeting": kept})
    session = dataclasses.replace(base, utterances=(first, *base.utterances[1:]))
    out = LearnedCoder()([session])[0]
    assert out.utterances[0].codes["greeting"] == kept
    assert "behaviour" in out.utterances[0].codes
    assert out.utterances[2].codes == {}
    assert session.utterances[0].codes == {"greeting": kept}  # the input is not changed


def test_learned_batches_code_like_single_sessions_and_empty_input() -> None:
    a, b = _session(), _session(SAMPLE[2:6])
    together = LearnedCoder()([a, b])
    alone = LearnedCoder()([b])[0]
    for x, y in zip(together[1].utterances, alone.utterances, strict=True):
        assert {k: c.value for k, c in x.codes.items()} == {k: c.value for k, c in y.codes.items()}
    assert LearnedCoder()([]) == []
    empty = Session(id="e", speakers=(), utterances=())
    assert LearnedCoder()([empty]) == [empty]


def test_learned_tfidf_matches_scikit_learn_sublinear_tfidf() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from alliance.coding.learned.tfidf import TfidfVocabulary, ngrams

    texts = [
        "I want to stop drinking.",
        "Do you want to stop? Stop what?",
        "I don't want to stop drinking drinking.",
        "",
        "zzz qqq",
        "stop stop stop",
    ]
    ours = TfidfVocabulary(min_df=2).fit(texts)
    reference = TfidfVectorizer(analyzer=ngrams, min_df=2, sublinear_tf=True, dtype=np.float64)
    expected = reference.fit_transform(texts).toarray()
    columns = [ours.vocabulary_[t] for t in reference.get_feature_names_out()]
    got = ours.transform(texts).toarray()[:, columns]
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert not got[3].any() and not got[4].any()  # empty and unknown texts give empty rows
