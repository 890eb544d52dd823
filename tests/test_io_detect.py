"""Format detection from extension and content, and finding transcripts in folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.errors import InputError
from alliance.io import FORMATS, find_transcripts, read_bytes, read_path
from alliance.io.detect import detect_text_format


def test_detect_formats_constant() -> None:
    assert FORMATS == (
        "text",
        "webvtt",
        "srt",
        "docx",
        "json",
        "jsonl",
        "csv",
        "annomi",
        "convokit",
    )


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n", "a.txt", "webvtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "a", "srt"),
        ('[{"speaker": "T", "text": "hi"}]', "export", "json"),
        ('{"speaker": "T", "text": "hi"}\n{"speaker": "C", "text": "yo"}\n', "export", "jsonl"),
        ("speaker,text\nT,hi\n", "data", "csv"),
        (
            "transcript_id,utterance_id,interlocutor,utterance_text\n0,0,client,hi\n",
            "x.csv",
            "annomi",
        ),
        ("T: hi\nC: hello\n", "notes", "text"),
        ("T: hi\n", "notes.txt", "text"),
    ],
)
def test_detect_by_extension_and_content(content: str, name: str, expected: str) -> None:
    assert detect_text_format(content, name=name) == expected


def test_detect_format_argument_overrides_extension() -> None:
    (session,) = read_bytes(b"speaker,text\nT,hi\nC,hello\n", name="x.txt", format="csv")
    assert len(session) == 2


def test_find_transcripts_expands_folders_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.vtt").write_text("WEBVTT\n")
    (tmp_path / "a.txt").write_text("T: hi\n")
    (tmp_path / ".hidden.txt").write_text("T: hi\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.json").write_text("[]")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("T: hi\n")
    single = tmp_path / "notes.pdf"
    found = find_transcripts([tmp_path, single])
    assert found == [tmp_path / "a.txt", tmp_path / "b.vtt", tmp_path / "sub" / "c.json", single]


def test_find_transcripts_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        find_transcripts([tmp_path / "missing-folder"])
    assert "missing-folder" in str(info.value)


def test_read_path_folder_reads_every_transcript(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("T: hi\nC: hello\n")
    (tmp_path / "two.json").write_text(json.dumps([{"speaker": "T", "text": "hi"}]))
    sessions = read_path(tmp_path)
    assert [s.id for s in sessions] == ["one", "two"]
    assert sessions[0].source == str(tmp_path / "one.txt")
