"""Word (.docx) transcripts, read with python-docx.

Transcription services deliver Word files in two layouts: a speaker-and-time line
(``Therapist 00:01:02``, ``Maria (01:02)``) with the words in the paragraphs below, or one
``Name: text`` paragraph per turn. Some put turns in a table (speaker | time | text). All three
become lines for the plain-text reader, so the label rules are the same everywhere; error
"lines" are paragraph numbers.
"""

from __future__ import annotations

import io

from alliance.errors import ParseError
from alliance.io._build import Turn
from alliance.io._labels import is_label, parse_stamp
from alliance.io.text import parse_lines

__all__ = ["docx_lines", "parse_docx"]

_HEADER_CELLS = frozenset({"speaker", "name", "who", "person", "role"})


def parse_docx(data: bytes, *, path: str) -> list[Turn]:
    return parse_lines(docx_lines(data, path=path), path=path, unit="paragraph")


def docx_lines(data: bytes, *, path: str) -> list[str]:
    """The document's paragraphs (and table rows) in order, as lines of text."""
    try:
        from docx import Document
        from docx.table import Table

        document = Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.extend(block.text.splitlines() or [""])
    except Exception as exc:  # python-docx and lxml raise many types; map them at the boundary
        raise ParseError(
            f"not a readable Word .docx document ({type(exc).__name__})",
            path=path,
            hint="open it in Word and save it again as .docx, or export the transcript as .txt",
        ) from exc
    return lines


def _table_lines(table: object) -> list[str]:
    lines: list[str] = []
    for row in getattr(table, "rows", ()):
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        # merged cells repeat; keep each distinct cell once, in order
        distinct = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
        if len(distinct) < 2:
            lines.extend(distinct)
            continue
        if distinct[0].casefold() in _HEADER_CELLS:
            continue
        label, text = distinct[0], distinct[-1]
        stamps = [c for c in distinct[1:-1] if parse_stamp(c) is not None]
        if not is_label(label):
            lines.append(" ".join(distinct))
        elif stamps:
            lines.append(f"{label} ({stamps[0]}): {text}")
        else:
            lines.append(f"{label}: {text}")
    return lines
