"""Storage behaviour, run on every backend (SQLite always; PostgreSQL when configured)."""

from __future__ import annotations

import json
import multiprocessing
from datetime import date
from pathlib import Path

import pytest

import course_fixtures
from alliance.course import CheckInInput, Store, backup, export_bundle, restore, validate_bundle
from alliance.errors import NotFoundError, StoreError, ValidationError
from course_fixtures import BRIEF, analysed_session, brief

# the fixtures every storage test runs on: one clean database per test and backend
db_url = course_fixtures.db_url
store = course_fixtures.store


def test_store_builtin_instruments_are_there(store: Store) -> None:
    keys = [i.key for i in store.instruments()]
    assert keys == ["alliance-checkin-brief", "alliance-checkin-full"]
    assert store.instrument("urn:alliance:questionnaire:alliance-checkin-brief").key == BRIEF


def test_store_client_codes_are_validated_and_unique(store: Store) -> None:
    store.add_client("C017")
    with pytest.raises(ValidationError, match="already exists"):
        store.add_client("C017")
    for bad in ("Jane Doe", "", "x" * 33, "-lead"):
        with pytest.raises(ValidationError, match="client code"):
            store.add_client(bad)
    assert [c.code for c in store.clients()] == ["C017"]


def test_store_checkins_are_scored_and_placed_in_sessions(store: Store) -> None:
    store.add_client("C1")
    saved = store.add_checkins(
        [
            CheckInInput("C1", BRIEF, brief(8), session=1, held_on=date(2026, 1, 5)),
            CheckInInput("C1", BRIEF, brief(6, b1=1)),
        ]
    )
    assert [c.session for c in saved] == [1, 2]
    assert saved[0].score == 8.0
    assert saved[1].score == pytest.approx((6 * 4 + 1) / 5)
    assert [c.score for c in store.checkins(client="C1")] == [8.0, saved[1].score]
    assert store.sessions("C1")[0].held_on == date(2026, 1, 5)


def test_store_bad_checkin_batch_writes_nothing(store: Store) -> None:
    store.add_client("C1")
    good = CheckInInput("C1", BRIEF, brief(7), session=1)
    cases = [
        (
            CheckInInput("C1", BRIEF, brief(7, b3=11), session=2, where="f.csv:3"),
            ValidationError,
            "f.csv:3",
        ),
        (
            CheckInInput("C2", BRIEF, brief(7), session=2, where="f.csv:3"),
            NotFoundError,
            "unknown client",
        ),
        (CheckInInput("C1", "nope", brief(7), session=2), NotFoundError, "unknown instrument"),
        (
            CheckInInput("C1", BRIEF, {"b1": 5}, session=2),
            ValidationError,
            "no answer to item 'b2'",
        ),
        (CheckInInput("C1", BRIEF, brief(7, b9=1), session=2), ValidationError, "no item 'b9'"),
        (CheckInInput("C1", BRIEF, brief(7), session=1), ValidationError, "already has a check-in"),
    ]
    for bad, error, message in cases:
        with pytest.raises(error, match=message):
            store.add_checkins([good, bad])
        assert store.checkins() == []
        assert store.sessions("C1") == []


def test_store_session_scores_are_stored_without_text(store: Store) -> None:
    store.add_client("C1")
    stored = store.add_session(
        "C1",
        held_on=date(2026, 2, 1),
        analysis=analysed_session(64.5, ruptures=2, repaired=1),
        source_sha256="ab" * 32,
    )
    assert stored.number == 1 and stored.analysed
    assert stored.scores is not None and stored.scores.overall == 64.5
    assert stored.scores.components == {"empathy": 60.0, "trust": 55.0}
    assert (stored.ruptures, stored.ruptures_repaired) == (2, 1)
    assert stored.stages == (("rapport", 2), ("exploring", 4))
    again = store.sessions("C1")[0]
    assert again == stored
    with pytest.raises(ValidationError, match="already has a transcript"):
        store.add_session("C1", number=1, analysis=analysed_session())


def test_store_session_without_scores_is_kept(store: Store) -> None:
    store.add_client("C1")
    stored = store.add_session("C1", analysis=analysed_session(None, components={}))
    assert stored.analysed and stored.scores is not None and stored.scores.overall is None


def test_store_goals_record_progress(store: Store) -> None:
    store.add_client("C1")
    goal = store.add_goal("C1", "sleep  before midnight", session=2)
    assert goal.title == "sleep before midnight"
    store.update_goal("C1", goal.id, rating=3, session=3)
    updated = store.update_goal("C1", goal.id, rating=6, session=5, status="achieved")
    assert updated.latest == 6 and updated.status == "achieved"
    assert [p.session for p in store.goals("C1")[0].progress] == [3, 5]
    with pytest.raises(ValidationError):
        store.update_goal("C1", goal.id, rating=11)
    with pytest.raises(NotFoundError):
        store.update_goal("C1", goal.id + 99, rating=1)


def _fill(store: Store) -> None:
    store.add_client("C1")
    store.add_client("C2")
    store.add_session("C1", analysis=analysed_session(70))
    store.add_checkins(
        [CheckInInput("C1", BRIEF, brief(8)), CheckInInput("C2", BRIEF, brief(5), session=4)]
    )
    goal = store.add_goal("C1", "walk daily", session=1)
    store.update_goal("C1", goal.id, rating=4, session=1)


def test_store_json_backup_restores_everything(store: Store, tmp_path: Path) -> None:
    _fill(store)
    before = (store.clients(), store.checkins(), store.sessions("C1"), store.goals("C1"))
    counts = backup(store, tmp_path / "dump.json")
    assert counts["checkins"] == 2 and counts["answers"] == 10
    store.add_client("C3")
    restore(store, tmp_path / "dump.json")
    assert (store.clients(), store.checkins(), store.sessions("C1"), store.goals("C1")) == before
    store.add_client("C4")  # ids continue after a restore (sequences reset on PostgreSQL)
    store.add_checkins([CheckInInput("C4", BRIEF, brief(9))])


def test_store_bad_restore_changes_nothing(store: Store, tmp_path: Path) -> None:
    _fill(store)
    before = store.checkins()
    dump = tmp_path / "dump.json"
    backup(store, dump)
    data = json.loads(dump.read_text())
    data["tables"]["answers"].append(dict(data["tables"]["answers"][0]))  # a duplicate row
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(StoreError):
        restore(store, broken)
    (tmp_path / "junk.json").write_text("{}")
    with pytest.raises(ValidationError, match="not an alliance dump"):
        restore(store, tmp_path / "junk.json")
    assert store.checkins() == before


def test_store_fhir_export_validates_against_r4_models(store: Store) -> None:
    _fill(store)
    bundle = export_bundle(store)
    validate_bundle(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Questionnaire") == 2
    assert kinds.count("QuestionnaireResponse") == 2
    assert (
        kinds.count("Observation") == 2 + 4
    )  # two check-in scores; overall, 2 components, 1 element
    one = export_bundle(store, client="C2")
    assert [e["resource"]["resourceType"] for e in one["entry"]] == [
        "Questionnaire", "QuestionnaireResponse", "Observation",
    ]  # fmt: skip
    assert "C1" not in json.dumps(one)


def _add_many(url: str, who: int, count: int) -> None:
    with Store.open(url) as opened:
        for n in range(count):
            opened.add_checkins([CheckInInput("C1", BRIEF, brief((who * 3 + n) % 11))])


def test_store_two_processes_adding_checkins_lose_nothing(store: Store, db_url: str) -> None:
    store.add_client("C1")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_many, args=(db_url, who, 15)) for who in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    checkins = store.checkins(client="C1")
    assert len(checkins) == 30
    assert sorted(c.session for c in checkins) == list(range(1, 31))


def test_store_transcript_joins_a_session_made_by_a_checkin(store: Store) -> None:
    store.add_client("C1")
    store.add_checkins([CheckInInput("C1", BRIEF, brief(7), held_on=date(2026, 6, 1))])
    stored = store.add_session("C1", held_on=date(2026, 6, 1), analysis=analysed_session(55))
    assert stored.number == 1 and stored.analysed
    assert len(store.sessions("C1")) == 1
    with pytest.raises(ValidationError, match="was held on 2026-06-01"):
        store.add_session("C1", number=1, held_on=date(2026, 6, 2))


def test_store_schema_matches_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from alliance.course.tables import Base

    with store.engine.connect() as conn:
        opts = {"compare_type": True, "version_table": "alliance_alembic_version"}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_store_two_processes_opening_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=Store.open, args=(url,)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    with Store.open(url) as opened:
        assert len(opened.instruments()) == 2


def test_store_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    from sqlalchemy import text

    with (
        Store.open(f"sqlite:///{tmp_path / 'p.sqlite3'}") as opened,
        opened.engine.connect() as conn,
    ):
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
