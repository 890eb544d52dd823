"""JSON and JSON Lines: the project's own form, utterance lists, ConvoKit utterance records."""

from __future__ import annotations

import json

import pytest

from alliance.errors import ParseError
from alliance.io import read_bytes
from alliance.model import Role, Session, Speaker, Utterance
from alliance.serialize import session_to_dict


def _session() -> Session:
    return Session(
        id="s-7",
        speakers=(Speaker("T", Role.THERAPIST), Speaker("C", Role.CLIENT, 0.8, "inferred")),
        utterances=(
            Utterance(0, "T", Role.THERAPIST, "How was the week?", 0.0, 2.0),
            Utterance(1, "C", Role.CLIENT, "Better than the last one.", 2.5, 4.0),
        ),
        metadata={"clinic": "north"},
    )


def test_json_project_form_keeps_its_own_id() -> None:
    data = json.dumps(session_to_dict(_session())).encode()
    (session,) = read_bytes(data, name="export.json")
    assert session.id == "s-7"
    assert session.utterances == _session().utterances
    assert session.speakers == _session().speakers
    assert session.source == "export.json"


def test_json_list_of_project_sessions() -> None:
    second = session_to_dict(_session()) | {"id": "s-8"}
    data = json.dumps([session_to_dict(_session()), second]).encode()
    assert [s.id for s in read_bytes(data, name="two.json")] == ["s-7", "s-8"]


def test_json_plain_speaker_text_list_with_times_and_roles() -> None:
    items = [
        {"speaker": "Sam", "text": "What would make today useful?", "start": 1, "end": "00:03"},
        {"speaker": "Lee", "text": "Figuring out the job thing.", "role": "client"},
        {"speaker": "Sam", "text": "The job thing feels urgent."},
    ]
    (session,) = read_bytes(json.dumps(items).encode(), name="visit.json")
    assert session.id == "visit"
    assert session.utterances[0].start == 1.0 and session.utterances[0].end == 3.0
    assert session.speaker("Lee").role is Role.CLIENT
    assert session.speaker("Lee").role_source == "label"
    assert session.speaker("Sam").role is Role.THERAPIST


def test_json_utterances_object_with_synonym_keys() -> None:
    data = {
        "utterances": [
            {"interlocutor": "therapist", "utterance": "Hi."},
            {"interlocutor": "client", "utterance": "Hello."},
        ]
    }
    (session,) = read_bytes(json.dumps(data).encode(), name="u.json")
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT]


def test_json_missing_text_is_parse_error_naming_item() -> None:
    data = json.dumps([{"speaker": "T", "words_spoken": "secret words"}]).encode()
    with pytest.raises(ParseError) as info:
        read_bytes(data, name="bad.json")
    assert "utterance 0" in str(info.value)
    assert "secret" not in str(info.value)


def test_json_syntax_error_gives_line_number() -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(b'[\n{"speaker": "T", "text": "hi"},\n{"speaker": }\n]', name="broken.json")
    assert info.value.line == 3


def test_jsonl_one_utterance_per_line() -> None:
    lines = [
        {"speaker": "Therapist", "text": "Where would you like to start?"},
        {"speaker": "Client", "text": "With my mother, I think."},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    (session,) = read_bytes(data, name="turns.jsonl")
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT]


def test_jsonl_one_project_session_per_line() -> None:
    lines = [
        json.dumps(session_to_dict(_session())),
        json.dumps(session_to_dict(_session()) | {"id": "b"}),
    ]
    sessions = read_bytes("\n".join(lines).encode(), name="many.jsonl")
    assert [s.id for s in sessions] == ["s-7", "b"]


def test_jsonl_bad_line_reports_its_number() -> None:
    data = b'{"speaker": "T", "text": "hi"}\n\n{"speaker": "C", "text": \n'
    with pytest.raises(ParseError) as info:
        read_bytes(data, name="x.jsonl")
    assert info.value.line == 3


def test_jsonl_convokit_utterance_records_group_by_conversation() -> None:
    records = [
        {"id": "1", "conversation_id": "a", "speaker": "T", "text": "Hi.", "reply_to": None},
        {"id": "2", "conversation_id": "a", "speaker": "C", "text": "Hello.", "reply_to": "1"},
        {"id": "3", "conversation_id": "b", "speaker": "T", "text": "Welcome.", "reply_to": None},
    ]
    data = "\n".join(json.dumps(r) for r in records).encode()
    sessions = read_bytes(data, name="utterances.jsonl")
    assert [(s.id, len(s)) for s in sessions] == [("a", 2), ("b", 1)]
