"""Fixtures for the course tests: a clean database per test on every backend, and small
builders. Imported by the tests/test_course_*.py modules (not a conftest)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance.course.store import Store
from alliance.model import (
    Evidence,
    Role,
    Rupture,
    Score,
    Scores,
    Session,
    Speaker,
    StageSpan,
    Utterance,
)

POSTGRES_ENV = "ALLIANCE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a fresh schema in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'course.sqlite3'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip(f"PostgreSQL storage tests need {POSTGRES_ENV} (see .ci/postgres.sh)")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


BRIEF = "alliance-checkin-brief"


def brief(value: float, **override: float) -> dict[str, float]:
    """Brief-form answers, every item ``value`` unless overridden."""
    answers = {f"b{i}": float(value) for i in range(1, 6)}
    answers.update({k: float(v) for k, v in override.items()})
    return answers


def analysed_session(
    overall: float | None = 70.0,
    components: Mapping[str, float] | None = None,
    ruptures: int = 0,
    repaired: int = 0,
    stages: tuple[tuple[str, int, int], ...] = (("rapport", 0, 1), ("exploring", 2, 5)),
) -> Session:
    """A session as analysis returns it (scores, stages, ruptures), with placeholder words."""
    speakers = (Speaker("T", Role.THERAPIST), Speaker("C", Role.CLIENT))
    utterances = tuple(
        Utterance(
            i, "T" if i % 2 == 0 else "C", Role.THERAPIST if i % 2 == 0 else Role.CLIENT, "w w"
        )
        for i in range(6)
    )
    comps = components if components is not None else {"empathy": 60.0, "trust": 55.0}
    scores = Scores(
        overall=Score("overall", overall, 0.8),
        components={k: Score(k, v, 0.7) for k, v in comps.items()},
        elements={"communication": Score("communication", 65.0, 0.7)},
        framework="alliance-brief@1",
    )
    return Session(
        id="s",
        speakers=speakers,
        utterances=utterances,
        scores=scores,
        stages=tuple(StageSpan(s, a, b) for s, a, b in stages),
        ruptures=tuple(
            Rupture("withdrawal", Evidence((1,)), repaired=i < repaired) for i in range(ruptures)
        ),
    )
