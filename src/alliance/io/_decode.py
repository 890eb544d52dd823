"""Bytes to text, before any format sees them.

Transcripts arrive from many tools: Word on Windows saves cp1252, some recorders save UTF-16,
editors add byte-order marks. The checks run in a fixed order (size, emptiness, binary content,
encodings) so that the error a user sees names the first real problem, never a confusing one
further down.
"""

from __future__ import annotations

import codecs
import warnings

from alliance.errors import (
    AllianceWarning,
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    FileTooLargeError,
)

__all__ = ["DEFAULT_MAX_BYTES", "check_size", "decode", "is_zip", "refuse_other_zip"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Transcripts are small (a 50-minute session is ~60 KB); anything far larger is a mistake."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word (.doc) or Office file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "an audio or video file"),
    (b"ID3", "an audio file"),
    (b"OggS", "an audio file"),
    (b"fLaC", "an audio file"),
    (b"{\\rtf", "an RTF document"),
)


def is_zip(data: bytes) -> bool:
    """A .docx file is a zip archive; this is how it is told apart from other binary data."""
    return data.startswith(b"PK\x03\x04")


def refuse_other_zip(data: bytes, *, path: str) -> None:
    """A zip that is not a Word document (a workbook, an archive) gets a precise error, not a
    confusing one from the Word reader. Zip entry names are stored uncompressed, so a search
    of the bytes finds them."""
    if b"word/" in data:
        return
    if b"xl/" in data:
        what, hint = "an Excel workbook", "save the sheet as CSV (File > Save As > CSV UTF-8)"
    elif b"ppt/" in data:
        what, hint = "a PowerPoint file", "export the transcript as text, .docx or .csv"
    else:
        what, hint = "a zip archive", "unzip it and pass the transcripts inside"
    raise BinaryFileError(f"this is {what}, not a transcript", path=path, hint=hint)


def check_size(size: int, *, path: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileTooLargeError(
            f"the file is {size:,} bytes, more than the limit of {max_bytes:,}",
            path=path,
            hint="check that this is a transcript, or raise the limit (max_bytes=)",
        )
    if size == 0:
        raise EmptyFileError(
            "the file is empty", path=path, hint="export the transcript again and check it has text"
        )


def decode(data: bytes, *, path: str) -> str:
    """The text of ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with an
    :class:`~alliance.errors.AllianceWarning`."""
    if not data:
        check_size(0, path=path, max_bytes=1)
    text = _decode(data, path=path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise EmptyFileError(
            "the file holds only white space",
            path=path,
            hint="export the transcript again and check it has text",
        )
    return text


def _decode(data: bytes, *, path: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path=path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path=path)
    _refuse_binary(data, path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_control_characters(text, path=path)
        return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            "the bytes are neither UTF-8 nor Windows-1252 "
            f"(undecodable byte at offset {exc.start})",
            path=path,
            hint="save the transcript as UTF-8 text and try again",
        ) from exc
    _refuse_control_characters(text, path=path)
    warnings.warn(
        f"{path}: not UTF-8; read as Windows-1252 (cp1252). Save it as UTF-8 to be sure "
        "accented letters and quotes are right",
        AllianceWarning,
        stacklevel=4,
    )
    return text


def _strict(data: bytes, encoding: str, *, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"the file starts with a {encoding.upper()} byte-order mark but is not valid "
            f"{encoding.upper()} (undecodable byte at offset {exc.start})",
            path=path,
            hint="save the transcript as UTF-8 text and try again",
        ) from exc


def _refuse_binary(data: bytes, *, path: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryFileError(
                f"this is {what}, not a transcript",
                path=path,
                hint="export the transcript as text (.txt, .vtt, .srt), .docx, .json or .csv",
            )
    if is_zip(data):
        raise BinaryFileError(
            "this is a zip archive, not a transcript of the format given",
            path=path,
            hint="a Word transcript must be a .docx file; unzip other archives first",
        )
    if b"\x00" in data[:8192]:
        raise BinaryFileError(
            "the file holds NUL bytes: it is binary, or UTF-16 without a byte-order mark",
            path=path,
            hint="export the transcript as UTF-8 text and try again",
        )


def _refuse_control_characters(text: str, *, path: str) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(4, len(sample) // 20):
        raise BinaryFileError(
            "the file holds many control characters: it looks binary",
            path=path,
            hint="export the transcript as UTF-8 text and try again",
        )
