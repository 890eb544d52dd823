"""Importing check-ins from CSV and FHIR files: all of a file, or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import course_fixtures
from alliance.course import Store, export_bundle, read_checkin_file
from alliance.errors import NotFoundError, ValidationError
from course_fixtures import BRIEF

HEADER = "client,session,date,instrument,b1,b2,b3,b4,b5\n"

# the fixtures every storage test runs on: one clean database per test and backend
db_url = course_fixtures.db_url
store = course_fixtures.store


def _import(store: Store, path: Path) -> int:
    return len(store.add_checkins(read_checkin_file(path, store.instrument)))


def test_imports_csv_rows_become_checkins(store: Store, tmp_path: Path) -> None:
    store.add_client("C1")
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER + f"C1,1,2026-03-02,{BRIEF},8,8,7,9,8\n\nC1,,2026-03-09,{BRIEF},5,6,6,5,4\n"
    )
    assert _import(store, path) == 2
    checkins = store.checkins()
    assert [(c.session, c.held_on) for c in checkins] == [
        (1, date(2026, 3, 2)),
        (2, date(2026, 3, 9)),
    ]
    assert checkins[1].score == pytest.approx(5.2)


@pytest.mark.parametrize(
    ("row", "error", "message"),
    [
        (
            f"C1,2,,{BRIEF},8,8,7,19,8",
            ValidationError,
            r"c.csv:3: answer 19 to item 'b4' is outside 0–10",
        ),
        (f"C9,2,,{BRIEF},8,8,7,9,8", NotFoundError, r"c.csv:3: unknown client 'C9'"),
        ("C1,2,,other-form,8,8,7,9,8", NotFoundError, r"c.csv:3: unknown instrument 'other-form'"),
        (
            f"C1,2,,{BRIEF},8,8,7,nine,8",
            ValidationError,
            r"c.csv:3: the answer to item 'b4' is not a number",
        ),
        (f"C1,2,,{BRIEF},8,8,7,9", ValidationError, r"c.csv:3: 8 cells"),
        (f"C1,two,,{BRIEF},8,8,7,9,8", ValidationError, r"c.csv:3: session 'two'"),
        (
            f"C1,,2026-13-01,{BRIEF},8,8,7,9,8",
            ValidationError,
            r"c.csv:3: '2026-13-01' is not a date",
        ),
        (f"C1,2,,{BRIEF},8,8,7,,8", ValidationError, r"c.csv:3: no answer to item 'b4'"),
    ],
)
def test_imports_bad_csv_row_names_its_line_and_writes_nothing(
    store: Store, tmp_path: Path, row: str, error: type[Exception], message: str
) -> None:
    store.add_client("C1")
    path = tmp_path / "c.csv"
    path.write_text(HEADER + f"C1,1,,{BRIEF},8,8,7,9,8\n{row}\n")
    with pytest.raises(error, match=message):
        _import(store, path)
    assert store.checkins() == [] and store.sessions("C1") == []


def test_imports_csv_header_must_name_client_and_instrument(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("who,session,b1\nC1,1,5\n")
    with pytest.raises(ValidationError, match=r"c.csv:1: no 'client' column"):
        _import(store, path)


def _response(client: str, answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "urn:alliance:questionnaire:alliance-checkin-brief|0.1.0",
        "status": "completed",
        "subject": {"identifier": {"system": "urn:alliance:client", "value": client}},
        "authored": "2026-04-01T17:30:00+02:00",
        "item": [{"linkId": k, "answer": [{"valueInteger": v}]} for k, v in answers.items()],
        **extra,
    }


ANSWERS = {"b1": 9, "b2": 8, "b3": 9, "b4": 10, "b5": 8}


def test_imports_fhir_response_and_bundle(store: Store, tmp_path: Path) -> None:
    store.add_client("C1")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(_response("C1", ANSWERS)))
    assert _import(store, single) == 1
    assert store.checkins()[0].held_on == date(2026, 4, 1)
    numbered = _response(
        "C1",
        ANSWERS,
        extension=[{"url": "urn:alliance:extension:session-number", "valueInteger": 5}],
    )
    numbered.pop("authored")
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": numbered}]}
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    assert _import(store, path) == 1
    assert [c.session for c in store.checkins()] == [1, 5]


def test_imports_exported_bundle_reimports(store: Store, tmp_path: Path) -> None:
    store.add_client("C1")
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_response("C1", ANSWERS)))
    _import(store, path)
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(export_bundle(store)))
    with pytest.raises(ValidationError, match="already has a check-in"):
        _import(store, exported)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda r: r.update(status="in-progress"), ValidationError, "only completed"),
        (
            lambda r: r.update(questionnaire="http://x/Questionnaire/unknown"),
            NotFoundError,
            "unknown instrument",
        ),
        (
            lambda r: r["subject"]["identifier"].update(value="C9"),
            NotFoundError,
            "unknown client 'C9'",
        ),
        (
            lambda r: r["item"][0].update(answer=[{"valueInteger": 42}]),
            ValidationError,
            "outside 0–10",
        ),
        (
            lambda r: r["item"][0].update(answer=[{"valueString": "good"}]),
            ValidationError,
            "has no valueInteger",
        ),
        (lambda r: r.update(status=7), ValidationError, "malformed FHIR QuestionnaireResponse"),
        (
            lambda r: r.update(resourceType="Patient"),
            ValidationError,
            "not a QuestionnaireResponse",
        ),
    ],
)
def test_imports_bad_fhir_writes_nothing(
    store: Store, tmp_path: Path, change: Any, error: type[Exception], message: str
) -> None:
    store.add_client("C1")
    good = _response("C1", ANSWERS)
    bad = _response("C1", ANSWERS, authored="2026-04-08T10:00:00Z")
    change(bad)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": good}, {"resource": bad}],
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle))
    with pytest.raises(error, match=message):
        _import(store, path)
    assert store.checkins() == []


def test_imports_bad_json_names_the_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{\n "resourceType": "Bundle",\n "entry": [,]\n}')
    with pytest.raises(ValidationError, match=r"b.json:3: not valid JSON"):
        _import(store, path)
