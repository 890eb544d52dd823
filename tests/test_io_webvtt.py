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


def test_webvtt_teams_style_identifiers_and_closing_voice_tags() -> None:
    vtt = (
        "WEBVTT\n\nNOTE exported from a meeting app\n\n"
        "3f0c2a9e-6d1b-4c2e-9a51-1b2c3d4e5f60/12-0\n00:00:03.520 --> 00:00:05.110\n"
        "<v Maria Lopez>Hello, thanks for joining.</v>\n\n"
        "3f0c2a9e-6d1b-4c2e-9a51-1b2c3d4e5f60/13-0\n00:00:05.800 --> 00:00:08.000\n"
        "<v Sam O'Neill>Hi. Good to be here.</v>\n"
    )
    (session,) = read_bytes(vtt.encode(), name="teams.vtt")
    assert [u.speaker for u in session] == ["Maria Lopez", "Sam O'Neill"]
    assert session.utterances[0].start == 3.52


def test_webvtt_two_voices_in_one_cue_are_two_utterances() -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Counsellor>Ready?</v>\n<v Client>Yes.</v>\n"
    (session,) = read_bytes(vtt.encode(), name="two.vtt")
    assert [(u.speaker, u.text) for u in session] == [("Counsellor", "Ready?"), ("Client", "Yes.")]


def test_webvtt_cue_without_speaker_after_named_cue_continues_that_speaker() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTherapist: Tell me more\n\n"
        "00:00:02.000 --> 00:00:03.000\nabout that.\n\n"
        "00:00:03.500 --> 00:00:05.000\nClient: Okay.\n"
    )
    (session,) = read_bytes(vtt.encode(), name="c.vtt")
    assert [u.text for u in session] == ["Tell me more about that.", "Okay."]
