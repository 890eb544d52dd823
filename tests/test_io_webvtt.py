"""WebVTT and SRT captions: voice tags, ``Name:`` cues, unnamed cues, merging, times."""

from __future__ import annotations

import pytest

from alliance.errors import ParseError
from alliance.io import read_bytes
from alliance.io.roles import UNKNOWN_SPEAKER
from alliance.model import Role

VTT_VOICES = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Dr. Rivera>Hi Maria, good to see you.</v>

2
00:00:04.500 --> 00:00:06.250
<v Dr. Rivera>How has the week been?</v>

3
00:00:06.500 --> 00:00:09.000
<v Maria>Honestly &amp; truly, kind of rough.</v>

4
00:00:09.000 --> 00:00:12.000
<v Dr. Rivera>Rough how?</v>
"""

SRT_NAMES = """1
00:00:01,000 --> 00:00:04,000
Therapist: Hi, come in.

2
00:00:04,500 --> 00:00:06,000
Sit wherever you like.

3
00:00:06,500 --> 00:00:09,000
Client: Thanks.
I wasn't sure I'd make it.
"""


def test_webvtt_voice_tags_give_speakers_and_merge_consecutive_cues() -> None:
    (session,) = read_bytes(VTT_VOICES.encode(), name="visit.vtt")
    assert [u.speaker for u in session] == ["Dr. Rivera", "Maria", "Dr. Rivera"]
    first = session.utterances[0]
    assert first.text == "Hi Maria, good to see you. How has the week been?"
    assert (first.start, first.end) == (1.0, 6.25)
    assert session.utterances[1].text.startswith("Honestly & truly")
    assert session.speaker("Dr. Rivera").role is Role.THERAPIST


def test_webvtt_name_colon_cues_zoom_style() -> None:
    vtt = (
        "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nAlex Kim: What would you like to work on?\n\n"
        "2\n00:00:03.500 --> 00:00:08.000\nJordan Lee: I keep putting things off and I hate it.\n"
    )
    (session,) = read_bytes(vtt.encode(), name="zoom.vtt")
    assert [u.speaker for u in session] == ["Alex Kim", "Jordan Lee"]
    assert session.utterances[1].start == 3.5


def test_srt_name_cues_and_unnamed_continuation() -> None:
    (session,) = read_bytes(SRT_NAMES.encode(), name="intake.srt")
    assert [u.speaker for u in session] == ["Therapist", "Client"]
    assert session.utterances[0].text == "Hi, come in. Sit wherever you like."
    assert session.utterances[1].text == "Thanks. I wasn't sure I'd make it."
    assert session.utterances[1].end == 9.0


def test_webvtt_without_any_speaker_gives_unknown_speaker_role_other() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n\n"
        "00:00:02.500 --> 00:00:04.000\nHi.\n"
    )
    (session,) = read_bytes(vtt.encode(), name="plain.vtt")
    assert len(session) == 1
    assert session.speakers[0].id == UNKNOWN_SPEAKER
    assert session.speakers[0].role is Role.OTHER


def test_webvtt_missing_header_is_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(b"00:00:01.000 --> 00:00:02.000\nT: hi\n", name="bad.vtt")
    assert info.value.path == "bad.vtt"


def test_srt_content_in_txt_file_is_detected() -> None:
    (session,) = read_bytes(SRT_NAMES.encode(), name="captions.txt")
    assert session.utterances[0].end == 6.0
