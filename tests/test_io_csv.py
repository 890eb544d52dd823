"""CSV: generic speaker/text tables and the AnnoMI corpus layout."""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path

import pytest

from alliance.errors import ParseError
from alliance.io import read_bytes, read_path
from alliance.model import Role

ANNOMI_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-full-dev.csv"
)


def test_csv_generic_columns_found_by_synonyms_case_insensitive() -> None:
    data = (
        b"Turn,Speaker,Utterance,Start Time\n"
        b"1,Counsellor,What brings you here?,00:00:04\n"
        b'2,Patient,"I\'ve been anxious, mostly at night.",00:00:09\n'
    )
    (session,) = read_bytes(data, name="table.csv")
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT]
    assert session.utterances[1].text == "I've been anxious, mostly at night."
    assert [u.start for u in session] == [4.0, 9.0]


def test_csv_role_column_beside_names() -> None:
    data = b"name,role,content\nAmira,therapist,Hi.\nTom,client,Hello.\n"
    (session,) = read_bytes(data, name="roles.csv")
    assert session.speaker("Amira").role is Role.THERAPIST
    assert session.speaker("Tom").role_source == "label"


def test_csv_session_column_splits_sessions() -> None:
    data = b"session_id,speaker,text\nA,T,Hi.\nA,C,Hello.\nB,T,Welcome back.\n"
    sessions = read_bytes(data, name="many.csv")
    assert [(s.id, len(s)) for s in sessions] == [("A", 2), ("B", 1)]


def test_csv_tab_separated() -> None:
    data = b"speaker\ttext\nT\tHi there.\nC\tHi.\n"
    (session,) = read_bytes(data, name="t.tsv")
    assert len(session) == 2


def test_csv_without_text_column_names_columns_not_contents() -> None:
    data = b"who,said_what\nT,my secret\n"
    with pytest.raises(ParseError) as info:
        read_bytes(data, name="x.csv")
    assert info.value.line == 1
    assert "said_what" in str(info.value)
    assert "secret" not in str(info.value)


def test_csv_annomi_layout_dedups_annotators_and_keeps_index() -> None:
    header = (
        "mi_quality,transcript_id,topic,utterance_id,interlocutor,timestamp,utterance_text,"
        "annotator_id,main_therapist_behaviour,client_talk_type\n"
    )
    rows = (
        "high,5,smoking,0,therapist,00:00:03,How are you?,2,question,n/a\n"
        "high,5,smoking,0,therapist,00:00:03,How are you?,1,question,n/a\n"
        "high,5,smoking,1,client,00:00:05,Fine.,1,n/a,neutral\n"
        "high,5,smoking,1,client,00:00:05,Fine.,2,n/a,neutral\n"
        "low,9,diet,0,therapist,00:01:00,You need to eat less.,0,therapist_input,n/a\n"
    )
    sessions = read_bytes((header + rows).encode(), name="AnnoMI-mini.csv")
    assert [s.id for s in sessions] == ["5", "9"]
    first = sessions[0]
    assert [u.index for u in first] == [0, 1]
    assert [u.start for u in first] == [3.0, 5.0]
    assert first.metadata == {"topic": "smoking"}
    assert "mi_quality" not in first.metadata


def test_csv_annomi_dev_file_matches_counts_and_roles() -> None:
    if not ANNOMI_CSV.exists():
        pytest.skip(f"AnnoMI development file not found at {ANNOMI_CSV}")
    started = time.perf_counter()
    sessions = read_path(ANNOMI_CSV)
    elapsed = time.perf_counter() - started
    expected: dict[str, dict[int, str]] = defaultdict(dict)
    with ANNOMI_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected[row["transcript_id"]][int(row["utterance_id"])] = row["interlocutor"]
    assert len(sessions) == 100
    assert {s.id for s in sessions} == set(expected)
    for session in sessions:
        assert len(session) == len(expected[session.id]), session.id
        assert all(expected[session.id][u.index] == u.role.value for u in session), session.id
        assert all(s.role_source == "label" for s in session.speakers)
    assert elapsed < 2.0
