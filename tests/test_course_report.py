"""The three report forms on courses with little in them: no sessions, transcripts only, and a
summed instrument without a cut-off."""

from __future__ import annotations

import json
from pathlib import Path

import course_fixtures
from alliance.course import (
    CheckInInput,
    Store,
    build_course,
    course_to_dict,
    load_instrument_file,
    render_html,
    render_text,
)
from course_fixtures import analysed_session


def _all_forms(store: Store, client: str) -> tuple[str, str, dict[str, object]]:
    course = build_course(store, client)
    data = course_to_dict(course)
    json.dumps(data)  # JSON-ready
    return render_text(course), render_html(course), data


def test_report_empty_course(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        store.add_client("C1")
        text, html, data = _all_forms(store, "C1")
    assert "0 sessions" in text and "Alerts (0)" in text
    assert "No transcript scores stored yet" in html
    assert data["sessions"] == [] and data["primary_instrument"] is None


def test_report_transcripts_only(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        store.add_client("C1")
        store.add_session("C1", analysis=analysed_session(60, ruptures=2))
        store.add_session("C1", analysis=analysed_session(72))
        text, html, data = _all_forms(store, "C1")
    assert "missing_checkin" in text and "transcript_rupture" in text
    assert "Transcript scores per session" in html and "2 rupture marker(s)" in html
    assert [s["transcript"]["scores"]["overall"] for s in data["sessions"]] == [60.0, 72.0]
    assert data["stage"] == {
        "current": "exploring the problem",
        "source": "transcript of session 2",
    }


def test_report_summed_instrument_without_cutoff(tmp_path: Path) -> None:
    path = (
        Path(course_fixtures.__file__).resolve().parents[1]
        / "examples"
        / "course"
        / "clinic-questionnaire.json"
    )
    instrument = load_instrument_file(path)
    data = json.loads(path.read_text())
    data["id"] = "no-cutoff"
    data["extension"] = []
    (tmp_path / "q.json").write_text(json.dumps(data))
    bare = load_instrument_file(tmp_path / "q.json")
    with Store.open(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        store.add_instrument(instrument)
        store.add_instrument(bare)
        store.add_client("C1")
        for n, value in enumerate([5, 3, 4, 5], start=1):
            answers = {i.link_id: float(value) for i in instrument.items}
            store.add_checkins(
                [
                    CheckInInput("C1", instrument.key, answers, session=n),
                    CheckInInput("C1", bare.key, answers, session=n),
                ]
            )
        text, html, data = _all_forms(store, "C1")
    by_key = {i["key"]: i for i in data["instruments"]}
    assert by_key["clinic-alliance-form"]["score_range"] == [8.0, 40.0]
    assert by_key["no-cutoff"]["verdict"].startswith("reliable change unknown")
    assert "<svg" in html and "reliable change unknown" in text
