"""Word .docx transcripts: speaker-and-time lines above the words, Name: paragraphs, tables."""

from __future__ import annotations

import io

import pytest

from alliance.errors import ParseError
from alliance.io import read_bytes
from alliance.model import Role

docx = pytest.importorskip("docx")


def _document(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_speaker_and_time_line_then_words() -> None:
    data = _document(
        [
            "Counselling session transcript",
            "Therapist 00:00:04",
            "Thanks for coming in. Where would you like to begin?",
            "Maria (00:11)",
            "With work, I suppose.",
            "It has been a lot lately.",
        ]
    )
    (session,) = read_bytes(data, name="visit.docx")
    assert [u.speaker for u in session] == ["Therapist", "Maria"]
    assert [u.start for u in session] == [4.0, 11.0]
    assert session.utterances[1].text == "With work, I suppose. It has been a lot lately."
    assert session.speaker("Maria").role is Role.CLIENT


def test_docx_name_colon_paragraphs() -> None:
    data = _document(["T: What brings you in?", "C: My sister made me come."])
    (session,) = read_bytes(data, name="short.docx")
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT]


def test_docx_table_rows() -> None:
    data = _document(
        [],
        table=[
            ["Speaker", "Time", "Text"],
            ["Counselor", "00:01", "Hello."],
            ["Client", "00:04", "Hi."],
        ],
    )
    (session,) = read_bytes(data, name="table.docx")
    assert [u.speaker for u in session] == ["Counselor", "Client"]
    assert session.utterances[1].start == 4.0


def test_docx_that_is_not_a_zip_is_parse_error() -> None:
    with pytest.raises(ParseError):
        read_bytes(b"T: hello\nC: hi\n", name="fake.docx")


def test_docx_corrupt_zip_is_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(b"PK\x03\x04" + b"\x00" * 64, name="broken.docx")
    assert info.value.path == "broken.docx"


def test_docx_unplaceable_paragraph_reports_paragraph_number() -> None:
    data = _document(["Transcript", "This sentence is not a label and comes first.", "T: Hi."])
    with pytest.raises(ParseError) as info:
        read_bytes(data, name="p.docx")
    assert info.value.line == 2
    assert "paragraph 2" in str(info.value)
