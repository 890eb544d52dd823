"""Bytes to text: limits, empty and binary files, encodings, and the errors users see."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from alliance.errors import (
    AllianceWarning,
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    FileTooLargeError,
    InputError,
    UnknownFormatError,
)
from alliance.io import DEFAULT_MAX_BYTES, read_bytes, read_path

SAMPLE = "T: How are you feeling about the move?\nC: Nervous, but ready.\n"


def test_decode_default_limit_is_50_mib() -> None:
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_decode_empty_file_is_empty_file_error() -> None:
    with pytest.raises(EmptyFileError) as info:
        read_bytes(b"", name="empty.txt")
    assert info.value.path == "empty.txt"


def test_decode_whitespace_only_is_empty_file_error() -> None:
    with pytest.raises(EmptyFileError):
        read_bytes(b" \n\t\n", name="blank.txt")


def test_decode_too_large_is_checked_before_anything_else(tmp_path: Path) -> None:
    with pytest.raises(FileTooLargeError):
        read_bytes(b"\x00" * 100, name="big.txt", max_bytes=10)
    path = tmp_path / "big.txt"
    path.write_text(SAMPLE)
    with pytest.raises(FileTooLargeError) as info:
        read_path(path, max_bytes=8)
    assert info.value.path == str(path)


def test_decode_binary_files_are_refused() -> None:
    with pytest.raises(BinaryFileError):
        read_bytes(b"\x00\x01\x02binary\x00", name="x.txt")
    with pytest.raises(BinaryFileError) as info:
        read_bytes(b"%PDF-1.7\n...", name="transcript.txt")
    assert "PDF" in str(info.value)


def test_decode_zip_with_text_extension_is_binary_error() -> None:
    with pytest.raises(BinaryFileError):
        read_bytes(b"PK\x03\x04rest-of-zip", name="x.txt", format="text")


def test_decode_utf8_bom_and_utf16_bom() -> None:
    (a,) = read_bytes(codecs.BOM_UTF8 + SAMPLE.encode(), name="a.txt")
    (b,) = read_bytes(SAMPLE.encode("utf-16"), name="b.txt")
    assert a.utterances == b.utterances
    assert a.utterances[0].speaker == "T"


def test_decode_cp1252_falls_back_with_warning_naming_file_not_text() -> None:
    data = "T: Caf\u00e9 \u2018ok\u2019?\nC: S\u00ed.\n".encode("cp1252")
    with pytest.warns(AllianceWarning) as record:
        (session,) = read_bytes(data, name="win.txt")
    message = str(record[0].message)
    assert "win.txt" in message and "Caf" not in message
    assert session.utterances[0].text == "Caf\u00e9 \u2018ok\u2019?"


def test_decode_undecodable_bytes_are_encoding_error() -> None:
    # 0x81 is undefined in cp1252 and invalid as UTF-8
    with pytest.raises(EncodingError) as info:
        read_bytes(b"T: hello \x81\x81\n", name="odd.txt")
    assert info.value.hint


def test_decode_bad_utf16_after_bom_is_encoding_error() -> None:
    with pytest.raises(EncodingError):
        read_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", name="u16.txt")


def test_decode_unknown_format_name_lists_formats() -> None:
    with pytest.raises(UnknownFormatError) as info:
        read_bytes(SAMPLE.encode(), name="a.txt", format="pdf")
    assert "webvtt" in str(info.value)


def test_decode_unknown_extension_and_content_is_unknown_format() -> None:
    with pytest.raises(UnknownFormatError):
        read_bytes(b"just some words without any speakers at all.", name="notes.xyz")


def test_decode_missing_path_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_decode_zip_that_is_not_word_names_what_it_is() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(BinaryFileError) as info:
        read_bytes(buffer.getvalue(), name="sessions.xlsx")
    assert "Excel" in str(info.value) and "CSV" in str(info.value)
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("a.txt", "T: hi")
    with pytest.raises(BinaryFileError):
        read_bytes(plain.getvalue(), name="bundle.zip")
