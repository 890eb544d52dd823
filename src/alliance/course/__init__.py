"""Client check-ins and the course of therapy.

The client's side of the relationship: instruments (FHIR R4 Questionnaires; the project's own
open check-in ships, not yet validated), check-ins stored as numbers, the session scores that
transcript analysis gave, goals, and the course view across sessions with reliable change,
trends and alerts. Everything lives in one database (SQLite by default, PostgreSQL supported)
opened with :meth:`Store.open`::

    from alliance.course import Store, build_course, render_text

    with Store.open("sqlite:///clinic.db") as store:
        store.add_client("C017")
        ...
        print(render_text(build_course(store, "C017")))
"""

from __future__ import annotations

from alliance.course.alerts import Alert, AlertConfig, RuptureEpisode, load_alert_config
from alliance.course.backup import backup, restore
from alliance.course.course import (
    Course,
    InstrumentCourse,
    SessionView,
    build_course,
    course_to_dict,
)
from alliance.course.fhir_export import export_bundle, validate_bundle
from alliance.course.imports import read_checkin_file
from alliance.course.instruments import (
    Instrument,
    Item,
    Scoring,
    builtin_instruments,
    instrument_from_fhir,
    load_instrument_file,
)
from alliance.course.psychometrics import Psychometrics, psychometrics
from alliance.course.records import CheckIn, CheckInInput, ClientSummary, Goal, StoredSession
from alliance.course.report_html import render_html
from alliance.course.report_text import render_text
from alliance.course.store import Store, check_client_code

__all__ = [
    "Alert",
    "AlertConfig",
    "CheckIn",
    "CheckInInput",
    "ClientSummary",
    "Course",
    "Goal",
    "Instrument",
    "InstrumentCourse",
    "Item",
    "Psychometrics",
    "RuptureEpisode",
    "Scoring",
    "SessionView",
    "Store",
    "StoredSession",
    "backup",
    "build_course",
    "builtin_instruments",
    "check_client_code",
    "course_to_dict",
    "export_bundle",
    "instrument_from_fhir",
    "load_alert_config",
    "load_instrument_file",
    "psychometrics",
    "read_checkin_file",
    "render_html",
    "render_text",
    "restore",
    "validate_bundle",
]
