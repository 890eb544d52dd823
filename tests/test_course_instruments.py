"""The shipped open check-in and loading other instruments from FHIR Questionnaire files."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from alliance.course.instruments import (
    COMPONENTS,
    ELEMENTS,
    Scoring,
    builtin_instruments,
    instrument_from_fhir,
    load_instrument_file,
)
from alliance.errors import ValidationError


def _by_key() -> dict[str, Any]:
    return {i.key: i for i in builtin_instruments()}


def test_instruments_brief_form_is_short_and_covers_every_component() -> None:
    brief = _by_key()["alliance-checkin-brief"]
    assert len(brief.items) <= 6
    assert {c for i in brief.items for c in i.components} == set(COMPONENTS)
    assert {e for i in brief.items for e in i.elements} == set(ELEMENTS)
    assert all(len((i.text or "").split()) <= 14 for i in brief.items)  # readable in seconds


def test_instruments_full_form_has_about_fifteen_items_mapped() -> None:
    full = _by_key()["alliance-checkin-full"]
    assert 12 <= len(full.items) <= 18
    assert {c for i in full.items for c in i.components} == set(COMPONENTS)
    assert {e for i in full.items for e in i.elements} == set(ELEMENTS)
    assert all(i.components and i.elements for i in full.items)
    assert [i.link_id for i in full.items if i.reverse] == ["f6"]


@pytest.mark.parametrize("key", ["alliance-checkin-brief", "alliance-checkin-full"])
def test_instruments_open_checkin_is_marked_not_validated(key: str) -> None:
    instrument = _by_key()[key]
    assert instrument.status == "draft"
    assert instrument.resource["experimental"] is True
    assert "NOT YET VALIDATED" in (instrument.description or "")
    assert instrument.scoring.provisional
    assert (
        instrument.scoring.cutoff is not None and instrument.scoring.reliable_change() is not None
    )


def test_instruments_scoring_reverses_and_averages() -> None:
    full = _by_key()["alliance-checkin-full"]
    answers = {i.link_id: 8.0 for i in full.items}
    answers["f6"] = 2.0  # "I hold back": low is good
    assert full.score(answers) == pytest.approx(8.0)
    assert full.subscores(answers)["component.trust"] == pytest.approx(8.0)


def test_instruments_reliable_change_follows_jacobson_truax() -> None:
    scoring = Scoring(reliability=0.8, norm_sd=5.0)
    se_diff = 5.0 * math.sqrt(2 * (1 - 0.8))
    assert scoring.rci(20, 30) == pytest.approx(10 / se_diff)
    assert scoring.reliable_change() == pytest.approx(1.96 * se_diff)
    assert Scoring().rci(1, 2) is None


def _licensed() -> dict[str, Any]:
    """A stand-in for a clinic's licensed instrument: coded options, no item text."""
    options = [
        {"valueCoding": {"code": c, "display": c}, "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": v}]}
        for c, v in (("never", 1), ("sometimes", 3), ("always", 5))
    ]  # fmt: skip
    return {
        "resourceType": "Questionnaire",
        "id": "licensed-x",
        "url": "http://example.org/Questionnaire/licensed-x",
        "status": "active",
        "item": [
            {"linkId": f"q{n}", "type": "choice", "answerOption": options} for n in range(1, 5)
        ],
    }


def test_instruments_licensed_file_keeps_only_what_it_gives(tmp_path: Path) -> None:
    path = tmp_path / "licensed.json"
    path.write_text(json.dumps(_licensed()))
    instrument = load_instrument_file(path)
    assert [i.text for i in instrument.items] == [None] * 4
    assert instrument.items[0].options == (1.0, 3.0, 5.0)
    assert instrument.items[0].value_of_code("sometimes") == 3.0
    assert instrument.items[0].check(2.0) is not None
    assert instrument.scoring == Scoring()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(resourceType="Patient"), "not a FHIR Questionnaire"),
        (lambda d: d.update(status="finished"), "status"),
        (lambda d: d["item"][0].pop("answerOption"), "no numeric answer range"),
        (lambda d: d["item"][0].update(linkId=["a", "list"]), "malformed FHIR Questionnaire"),
        (lambda d: d.update(item=[]), "no integer, decimal or choice items"),
        (lambda d: d["item"][1].update(linkId="q1"), "not unique"),
        (lambda d: d.pop("id"), "id or a name"),
    ],
)
def test_instruments_bad_questionnaire_is_refused(change: Any, message: str) -> None:
    data = copy.deepcopy(_licensed())
    change(data)
    with pytest.raises(ValidationError, match=message):
        instrument_from_fhir(data, path="q.json")


def test_instruments_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text('{\n "resourceType": "Questionnaire",\n oops\n}')
    with pytest.raises(ValidationError, match=r"q.json:3: not valid JSON"):
        load_instrument_file(path)


def test_instruments_scoring_given_on_add_is_written_into_the_file(tmp_path: Path) -> None:
    from alliance.course.instruments import with_scoring

    path = tmp_path / "licensed.json"
    path.write_text(json.dumps(_licensed()))
    instrument = with_scoring(load_instrument_file(path), method="sum", cutoff=15, normSD=3.0)
    assert instrument.scoring == Scoring(method="sum", cutoff=15.0, norm_sd=3.0)
    again = instrument_from_fhir(instrument.resource)
    assert again.scoring == instrument.scoring
    changed = with_scoring(again, reliability=0.8, cutoff=None)
    assert changed.scoring.cutoff == 15.0 and changed.scoring.reliability == 0.8
    with pytest.raises(ValidationError, match="reliability must be in"):
        with_scoring(again, reliability=1.5)
