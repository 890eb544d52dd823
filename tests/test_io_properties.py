"""Property tests: whatever bytes arrive, the readers give sessions or an InputError."""

from __future__ import annotations

import json
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.errors import InputError
from alliance.io import EXTENSIONS, read_bytes
from alliance.model import Session

NAMES = st.sampled_from([f"t{ext}" for ext in EXTENSIONS] + ["noext", "t.xyz"])
FORMATS = st.sampled_from([None, "text", "webvtt", "srt", "docx", "json", "jsonl", "csv", "annomi"])
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text shaped like transcripts, so the parsers' deeper paths get exercised too.
LINES = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda a, b: f"{a}: {b}",
            st.sampled_from(["T", "C", "Maria", "SPEAKER_00", "Dr. X"]),
            st.text(max_size=30),
        ),
        st.sampled_from(
            [
                "WEBVTT",
                "",
                "1",
                "00:00:01.000 --> 00:00:02.000",
                "00:01,000 --> 00:02,000",
                "<v Ana>hi",
                "speaker,text",
                "[00:03]",
                "Maria  0:03",
                "{",
                "}",
                '"text":',
                ",",
            ]
        ),
    ),
    max_size=25,
)


def _check(data: bytes, name: str, fmt: str | None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sessions = read_bytes(data, name=name, format=fmt)
        except InputError:
            return
    assert isinstance(sessions, list)
    assert all(isinstance(s, Session) and len(s) > 0 for s in sessions)


@SETTINGS
@given(data=st.binary(max_size=400), name=NAMES, fmt=FORMATS)
def test_properties_arbitrary_bytes_give_sessions_or_input_error(
    data: bytes, name: str, fmt: str | None
) -> None:
    _check(data, name, fmt)


@SETTINGS
@given(lines=LINES, name=NAMES, fmt=FORMATS)
def test_properties_transcript_like_text_gives_sessions_or_input_error(
    lines: list[str], name: str, fmt: str | None
) -> None:
    _check("\n".join(lines).encode("utf-8"), name, fmt)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "speaker",
                    "text",
                    "start",
                    "end",
                    "role",
                    "utterances",
                    "id",
                    "speakers",
                    "format",
                    "index",
                    "conversation_id",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=15,
)


@SETTINGS
@given(value=JSON_VALUES, fmt=st.sampled_from(["json", "jsonl"]))
def test_properties_arbitrary_json_gives_sessions_or_input_error(value: object, fmt: str) -> None:
    _check(json.dumps(value).encode("utf-8"), f"t.{fmt}", None)


MARKER = "zqxmarker"
SECRET_LINES = st.lists(
    st.one_of(
        st.builds(
            lambda label, a, b: f"{label}: {a} {MARKER} {b}",
            st.sampled_from(["T", "C", "Maria", "SPEAKER_00"]),
            st.sampled_from(["i said", "you felt", "we went", "and then"]),
            st.sampled_from(["to him yesterday", "at home, really", "on monday night"]),
        ),
        st.sampled_from(
            [
                f"it was {MARKER} again last week.",
                f"and the {MARKER} thing, you know",
                "WEBVTT",
                "00:00:01.000 --> 00:00:02.000",
                "1",
                "",
                "{",
                "speaker,text",
            ]
        ),
    ),
    min_size=1,
    max_size=12,
)


@SETTINGS
@given(lines=SECRET_LINES, name=NAMES, fmt=FORMATS)
def test_properties_error_messages_never_quote_the_transcript(
    lines: list[str], name: str, fmt: str | None
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_bytes("\n".join(lines).encode("utf-8"), name=name, format=fmt)
        except InputError as exc:
            assert MARKER not in str(exc)
            assert exc.hint


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=LINES)
def test_properties_word_documents_give_sessions_or_input_error(paragraphs: list[str]) -> None:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        # Word cannot hold control characters; python-docx refuses them before we see them.
        document.add_paragraph("".join(ch for ch in text if ch >= " " or ch in "\t\n"))
    buffer = io.BytesIO()
    document.save(buffer)
    _check(buffer.getvalue(), "t.docx", None)
