"""The MiniLM embedder: unit vectors, meaning-preserving, order-independent, checked at load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alliance.coding.embedding import DIMENSION, Embedder, shared_embedder
from alliance.errors import ModelError

SENTENCES = [
    "How are you feeling today?",
    "How do you feel today?",
    "The train to the airport leaves at nine.",
    "I want to stop drinking for my kids.",
    "Mm-hmm.",
]


def test_embedding_vectors_have_unit_norm() -> None:
    vectors = shared_embedder().embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), DIMENSION)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embedding_similar_sentences_are_closer_than_unrelated_ones() -> None:
    v = shared_embedder().embed(SENTENCES)
    assert float(v[0] @ v[1]) > 0.8
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.4


def test_embedding_order_and_company_do_not_change_a_quantised_vector() -> None:
    forward = shared_embedder().embed(SENTENCES)
    backward = shared_embedder().embed(SENTENCES[::-1])[::-1]
    alone = shared_embedder().embed(SENTENCES[:1])
    np.testing.assert_array_equal(forward, backward)
    np.testing.assert_array_equal(forward[:1], alone)


def test_embedding_unquantised_batch_order_and_size_do_not_change_results() -> None:
    forward = Embedder(quantize=False).embed(SENTENCES)
    backward = Embedder(quantize=False, batch_size=2).embed(SENTENCES[::-1])[::-1]
    np.testing.assert_allclose(forward, backward, atol=1e-5)


def test_embedding_quantised_stays_close_to_the_unquantised_encoder() -> None:
    quantised = shared_embedder().embed(SENTENCES)
    plain = Embedder(quantize=False).embed(SENTENCES)
    assert float((quantised * plain).sum(axis=1).min()) > 0.8


def test_embedding_quantised_model_is_built_once_into_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance.coding import embedding

    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    assert embedding.cache_dir() == tmp_path / "cache"
    embedding._derived(
        embedding._model_path(), embedding.MODEL_SHA256, quantize=True, layers=embedding.LAYERS
    )
    built = list((tmp_path / "cache").iterdir())
    assert len(built) == 1 and built[0].suffix == ".onnx"
    stamp = built[0].stat().st_mtime_ns
    embedding._derived(
        embedding._model_path(), embedding.MODEL_SHA256, quantize=True, layers=embedding.LAYERS
    )
    assert [p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()] == [stamp]


def test_embedding_duplicates_and_empty_input() -> None:
    e = shared_embedder()
    v = e.embed(["Yeah.", "Okay.", "Yeah."])
    np.testing.assert_array_equal(v[0], v[2])
    assert e.embed([]).shape == (0, DIMENSION)


def test_embedding_constructor_does_no_work() -> None:
    e = Embedder(model_path=Path("/nonexistent/model.onnx"))
    assert e._session is None  # nothing loaded, nothing raised, until first use


def test_embedding_missing_model_file_raises_model_error() -> None:
    with pytest.raises(ModelError, match="missing"):
        Embedder(model_path=Path("/nonexistent/model.onnx")).embed(["hello"])


def test_embedding_wrong_sha256_raises_model_error_with_hint() -> None:
    with pytest.raises(ModelError, match="sha256") as info:
        Embedder(expected_sha256="0" * 64).embed(["hello"])
    assert "pip install" in str(info.value)


def test_embedding_progress_reports_distinct_sentences() -> None:
    seen: list[tuple[int, int]] = []
    Embedder(batch_size=2).embed(
        SENTENCES + SENTENCES[:2], progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (len(SENTENCES), len(SENTENCES))


def test_embedding_head_tail_keeps_cls_head_tail_and_sep() -> None:
    e = Embedder(max_tokens=8, head_tokens=3)
    ids = list(range(100, 120))  # 100 plays [CLS], 119 [SEP]
    assert e._ids(ids) == [100, 101, 102, 103, 116, 117, 118, 119]
    assert e._ids(ids[:8]) == ids[:8]  # within the budget: untouched
    assert Embedder(max_tokens=8, head_tokens=0)._ids(ids) == [100, *range(113, 120)]


def test_embedding_head_tail_sees_the_end_of_a_long_utterance() -> None:
    filler = " ".join(["and then we talked about the weather and the garden"] * 20)
    a = f"{filler} Do you want to stop drinking?"
    b = f"{filler} I went home after that."
    head_only = Embedder(max_tokens=32, head_tokens=None).embed([a, b])
    head_tail = Embedder(max_tokens=32, head_tokens=15).embed([a, b])
    assert float(head_only[0] @ head_only[1]) > 0.999  # the endings were cut off
    assert float(head_tail[0] @ head_tail[1]) < 0.99


def test_embedding_invalid_token_budget_raises_model_error() -> None:
    with pytest.raises(ModelError, match="head_tokens"):
        Embedder(max_tokens=16, head_tokens=15)
    with pytest.raises(ModelError, match="max_tokens"):
        Embedder(max_tokens=2)


def test_embedding_batches_respect_sentence_and_token_budgets() -> None:
    e = Embedder(batch_size=4, batch_tokens=40)
    lengths = np.array([5, 5, 5, 5, 5, 12, 15, 30, 90])
    batches = e._batches(np.arange(len(lengths)), lengths)
    assert [b.tolist() for b in batches] == [[0, 1, 2, 3], [4, 5], [6], [7], [8]]


def test_embedding_token_budget_does_not_change_results() -> None:
    texts = [*SENTENCES, " ".join(SENTENCES * 4)]
    small = Embedder(quantize=False, batch_tokens=16).embed(texts)
    np.testing.assert_allclose(Embedder(quantize=False).embed(texts), small, atol=1e-4)


def test_embedding_corrupt_cached_model_raises_model_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance.coding import embedding

    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path))
    built = embedding._derived(
        embedding._model_path(), embedding.MODEL_SHA256, quantize=True, layers=embedding.LAYERS
    )
    built.write_bytes(b"not an onnx model")
    with pytest.raises(ModelError, match="could not load") as info:
        Embedder().embed(["hello"])
    assert "delete" in str(info.value)


def test_embedding_layers_choose_what_is_pooled() -> None:
    last = Embedder(layers=(6,)).embed(SENTENCES)
    default = shared_embedder().embed(SENTENCES)
    np.testing.assert_allclose(np.linalg.norm(last, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(last, default, atol=1e-3)
    assert Embedder(layers=(6, 3)).fingerprint == Embedder(layers=(3, 6)).fingerprint
    assert Embedder(layers=(6,)).fingerprint != shared_embedder().fingerprint


def test_embedding_invalid_layers_raise_model_error() -> None:
    for layers in [(), (0,), (7,), (3, 3)]:
        with pytest.raises(ModelError, match="layers"):
            Embedder(layers=layers)


def test_embedding_cache_of_another_embedder_is_not_reused(tmp_path: Path) -> None:
    from alliance.coding.annomi import AnnotatedTranscript, AnnotatedUtterance
    from alliance.coding.train import embed_transcripts
    from alliance.model import Role

    transcript = AnnotatedTranscript(
        id="1",
        annotator=0,
        utterances=tuple(
            AnnotatedUtterance(index=i, role=Role.CLIENT, text=t, start=None)
            for i, t in enumerate(SENTENCES[:3])
        ),
    )
    cache = tmp_path / "vectors.npz"
    (first,) = embed_transcripts([transcript], cache=cache)
    (again,) = embed_transcripts([transcript], cache=cache)
    np.testing.assert_array_equal(first, again)
    (last,) = embed_transcripts([transcript], embedder=Embedder(layers=(6,)), cache=cache)
    np.testing.assert_allclose(last, Embedder(layers=(6,)).embed(SENTENCES[:3]), atol=1e-6)
