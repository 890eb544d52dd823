"""End-to-end golden files: every example transcript, analysed by the default pipeline, reported
as JSON and HTML, compared with ``tests/golden/``.

Refresh after an intended change with ``pytest tests/test_report_golden.py --update-goldens``
(or ``ALLIANCE_UPDATE_GOLDENS=1``), then read the diff before committing it. Floats are rounded
to three places in the JSON so the files do not churn on the last digits of a model's output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from alliance.io import read_path
from alliance.pipeline import default_pipeline
from alliance.report import render_html
from alliance.serialize import session_to_dict
from alliance.summary import summarize

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIXES = {".txt", ".vtt", ".srt", ".json", ".csv", ".docx"}
CASES = (
    sorted(
        p.name
        for p in EXAMPLES.iterdir()
        if p.is_file() and p.suffix in SUFFIXES and p.name != "README.md"
    )
    if EXAMPLES.exists()
    else []
)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _check(path: Path, text: str, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run pytest --update-goldens"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{path.name} differs from the golden file (pytest --update-goldens to refresh)"
    )


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return default_pipeline()


@pytest.mark.parametrize("name", CASES)
def test_report_golden_example(name: str, pipeline: Any, request: pytest.FixtureRequest) -> None:
    update = bool(request.config.getoption("--update-goldens", default=False)) or (
        os.environ.get("ALLIANCE_UPDATE_GOLDENS") == "1"
    )
    sessions = pipeline(read_path(EXAMPLES / name))
    assert sessions and all(s.scores is not None for s in sessions)
    data = [_rounded(session_to_dict(s, summary=summarize(s))) for s in sessions]
    for item in data:
        item["source"] = f"examples/{name}"
    stem = name.replace(".", "_")
    _check(GOLDEN / f"{stem}.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n", update)
    _check(GOLDEN / f"{stem}.html", render_html(sessions), update)
