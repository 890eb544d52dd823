"""ConvoKit corpus folders: writing and reading back, and corpora written by ConvoKit itself."""

from __future__ import annotations

import json
from pathlib import Path

from alliance.io import find_transcripts, read_path, write_convokit
from alliance.model import Code, Role, Session, Speaker, Utterance


def _sessions() -> list[Session]:
    one = Session(
        id="course-1",
        speakers=(
            Speaker("Dr. Rivera", Role.THERAPIST),
            Speaker("Maria", Role.CLIENT, 0.9, "inferred"),
        ),
        utterances=(
            Utterance(
                0,
                "Dr. Rivera",
                Role.THERAPIST,
                "What would you like to focus on?",
                0.0,
                3.0,
                codes={"behaviour": Code("question", 0.9, "cues@1", ("wh_start",))},
            ),
            Utterance(
                1,
                "Maria",
                Role.CLIENT,
                "Sleep, mostly.",
                3.5,
                5.0,
                codes={"talk": Code("neutral", 0.7, "cues@1")},
                stage="exploring",
            ),
        ),
        metadata={"clinic": "north"},
    )
    two = Session(
        id="course-2",
        speakers=(
            Speaker("Dr. Rivera", Role.THERAPIST, 1.0, "override"),
            Speaker("Maria", Role.CLIENT),
        ),
        utterances=(
            Utterance(4, "Maria", Role.CLIENT, "I slept better.", None, None),
            Utterance(5, "Dr. Rivera", Role.THERAPIST, "Tell me more.", None, None),
        ),
    )
    return [one, two]


def test_convokit_round_trip_gives_same_sessions(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_convokit(_sessions(), corpus)
    for name in (
        "utterances.jsonl",
        "speakers.json",
        "conversations.json",
        "corpus.json",
        "index.json",
    ):
        assert (corpus / name).is_file()
    back = read_path(corpus)
    assert [s.id for s in back] == ["course-1", "course-2"]
    for original, read in zip(_sessions(), back, strict=True):
        assert read.source == str(corpus)
        assert read.speakers == original.speakers
        assert read.utterances == original.utterances
        assert read.metadata == original.metadata


def test_convokit_written_utterances_follow_the_documented_fields(tmp_path: Path) -> None:
    write_convokit(_sessions(), tmp_path)
    first = json.loads((tmp_path / "utterances.jsonl").read_text().splitlines()[1])
    assert {"id", "conversation_id", "speaker", "reply_to", "timestamp", "text", "meta"} <= set(
        first
    )
    assert first["reply_to"] == "course-1__0"
    assert first["meta"]["role"] == "client"
    index = json.loads((tmp_path / "index.json").read_text())
    assert {"utterances-index", "speakers-index", "conversations-index", "overall-index"} <= set(
        index
    )


def test_convokit_foreign_corpus_roles_from_speaker_meta_or_inferred(tmp_path: Path) -> None:
    utterances = [
        {
            "id": "u1",
            "conversation_id": "u1",
            "speaker": "A",
            "reply_to": None,
            "timestamp": 0,
            "text": "What brings you in today?",
            "meta": {},
        },
        {
            "id": "u2",
            "conversation_id": "u1",
            "speaker": "B",
            "reply_to": "u1",
            "timestamp": 4,
            "text": "I've been arguing with my partner and I feel awful.",
            "meta": {},
        },
        {
            "id": "u3",
            "conversation_id": "u3",
            "speaker": "X",
            "reply_to": None,
            "timestamp": 0,
            "text": "Hello.",
            "meta": {},
        },
        {
            "id": "u4",
            "conversation_id": "u3",
            "speaker": "Y",
            "reply_to": "u3",
            "timestamp": 1,
            "text": "Hi.",
            "meta": {},
        },
    ]
    (tmp_path / "utterances.jsonl").write_text("\n".join(json.dumps(u) for u in utterances))
    (tmp_path / "speakers.json").write_text(
        json.dumps(
            {
                "A": {"meta": {}, "vectors": []},
                "B": {"meta": {}, "vectors": []},
                "X": {"role": "client"},
                "Y": {"role": "therapist"},  # old layout: id -> meta
            }
        )
    )
    (tmp_path / "conversations.json").write_text(
        json.dumps({"u1": {"meta": {"topic": "conflict"}, "vectors": []}})
    )
    first, second = read_path(tmp_path)
    assert first.id == "u1" and first.metadata == {"topic": "conflict"}
    assert (
        first.speaker("A").role is Role.THERAPIST and first.speaker("A").role_source == "inferred"
    )
    assert second.speaker("Y").role is Role.THERAPIST and second.speaker("Y").role_source == "label"


def test_convokit_folder_is_found_whole(tmp_path: Path) -> None:
    write_convokit(_sessions(), tmp_path / "corpus")
    (tmp_path / "a.txt").write_text("T: hi\n")
    assert find_transcripts([tmp_path]) == [tmp_path / "a.txt", tmp_path / "corpus"]


def test_convokit_round_trip_of_the_example_transcripts(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    originals = [
        s for p in find_transcripts([examples]) if p.parent == examples for s in read_path(p)
    ]
    write_convokit(originals, tmp_path)
    back = read_path(tmp_path)
    assert [(s.id, s.speakers, s.utterances) for s in back] == [
        (s.id, s.speakers, s.utterances) for s in originals
    ]


def test_convokit_therapist_override_on_read(tmp_path: Path) -> None:
    write_convokit(_sessions()[:1], tmp_path)
    (session,) = read_path(tmp_path, therapist="Maria")
    assert session.speaker("Maria").role is Role.THERAPIST
    assert session.speaker("Maria").role_source == "override"
    assert session.utterances[0].codes["behaviour"].value == "question"
