"""Read transcripts and run the analysis pipeline over them: the library behind
``alliance analyze``.

::

    from alliance.analyze import analyze_path
    sessions = analyze_path("session.vtt")          # read, code, score
    sessions[0].scores.overall.value

Work is done in batches of sessions (the learned coder embeds a batch at a time), optionally in
several processes (``jobs``). Each process builds its pipeline once and its models load lazily on
first use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance.errors import AllianceError, InputError
from alliance.model import Session
from alliance.pipeline import Pipeline, default_pipeline

__all__ = [
    "ReadResult",
    "analyze_path",
    "analyze_sessions",
    "iter_analyzed",
    "read_many",
]

StepConfig = Mapping[str, Mapping[str, Any]]

BATCH_SIZE = 8
"""Sessions per pipeline call: big enough for efficient embedding batches, small enough for a
progress bar that moves."""


def analyze_sessions(
    sessions: Sequence[Session],
    *,
    pipeline: Pipeline | None = None,
    config: StepConfig | None = None,
) -> list[Session]:
    """Run ``pipeline`` (default: every default step) over ``sessions``."""
    pipeline = pipeline if pipeline is not None else default_pipeline(config)
    return pipeline(sessions)


def analyze_path(
    path: str | Path,
    *,
    input_format: str | None = None,
    therapist: str | None = None,
    pipeline: Pipeline | None = None,
    config: StepConfig | None = None,
) -> list[Session]:
    """Read one transcript file (or a multi-session file) and analyse every session in it."""
    from alliance.io import read_path

    sessions = read_path(path, format=input_format, therapist=therapist)
    return analyze_sessions(sessions, pipeline=pipeline, config=config)


@dataclass
class ReadResult:
    """What reading many paths gave: the sessions, and one error per file that failed."""

    sessions: list[Session] = field(default_factory=list)
    errors: list[AllianceError] = field(default_factory=list)
    files: int = 0


def read_many(
    paths: Iterable[str | Path],
    *,
    input_format: str | None = None,
    therapist: str | None = None,
    max_bytes: int | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ReadResult:
    """Read every transcript under ``paths`` (folders recursively). A file that fails gives an
    error in the result instead of stopping the others."""
    from alliance.io import DEFAULT_MAX_BYTES, find_transcripts, read_path

    result = ReadResult()
    for path in find_transcripts(paths):
        result.files += 1
        try:
            result.sessions.extend(
                read_path(
                    path,
                    format=input_format,
                    therapist=therapist,
                    max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                )
            )
        except InputError as exc:
            result.errors.append(exc)
        if on_file is not None:
            on_file(path)
    return result


# One pipeline per worker process, built on first use there.
_worker_pipeline: Pipeline | None = None
_worker_config: StepConfig | None = None


def _init_worker(config: StepConfig | None) -> None:
    global _worker_config
    _worker_config = config
    # Each process gets its share of the cores; onnxruntime and BLAS must not oversubscribe.
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _run_batch(batch: list[Session]) -> list[Session]:
    global _worker_pipeline
    if _worker_pipeline is None:
        _worker_pipeline = default_pipeline(_worker_config)
    return _worker_pipeline(batch)


def _batches(sessions: Sequence[Session], size: int) -> Iterator[list[Session]]:
    for start in range(0, len(sessions), size):
        yield list(sessions[start : start + size])


def iter_analyzed(
    sessions: Sequence[Session],
    *,
    jobs: int = 1,
    config: StepConfig | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Session]:
    """Analyse ``sessions`` batch by batch, yielding results in input order as they finish.

    With ``jobs > 1`` batches run in that many processes (each loads its own models)."""
    if jobs <= 1 or len(sessions) <= batch_size:
        pipeline = pipeline if pipeline is not None else default_pipeline(config)
        pipeline.check()
        for batch in _batches(sessions, batch_size):
            yield from pipeline(batch)
        return
    default_pipeline(config).check()  # fail fast, before starting processes
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(config,)
    ) as pool:
        for done in pool.map(_run_batch, _batches(sessions, batch_size)):
            yield from done
