"""Plain-text transcripts: labels, stamps, multi-line turns, headers, exports of common tools."""

from __future__ import annotations

import pytest

from alliance.errors import ParseError
from alliance.io import read_bytes
from alliance.model import Role


def read_text(text: str, name: str = "session.txt", **kwargs: object) -> list:
    return read_bytes(text.encode("utf-8"), name=name, **kwargs)  # type: ignore[arg-type]


def test_text_reads_t_c_labels_with_roles_from_labels() -> None:
    (session,) = read_text(
        "T: What brings you in today?\n"
        "C: My doctor said I should talk to someone about my drinking.\n"
        "T: So it was partly her idea.\n"
    )
    assert session.id == "session"
    assert session.source == "session.txt"
    assert [u.speaker for u in session] == ["T", "C", "T"]
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT, Role.THERAPIST]
    assert [u.index for u in session] == [0, 1, 2]
    assert all(s.role_source == "label" for s in session.speakers)


def test_text_joins_continuation_lines_and_skips_blank_lines() -> None:
    (session,) = read_text(
        "Therapist: Tell me about the week.\n\n"
        "Client: It started fine.\n"
        "Then on Wednesday everything\n"
        "fell apart.\n\n"
        "Therapist: Wednesday was hard.\n"
    )
    assert len(session) == 3
    assert session.utterances[1].text == "It started fine. Then on Wednesday everything fell apart."


def test_text_reads_stamps_before_and_after_labels() -> None:
    (session,) = read_text(
        "[00:00:05] Counsellor: Hello again.\n"
        "Patient [00:12]: Hi.\n"
        "(01:02) Counsellor: How have you been?\n"
        "Patient: (1:10) Better, I think.\n"
    )
    assert [u.start for u in session] == [5.0, 12.0, 62.0, 70.0]
    assert [u.role for u in session] == [Role.THERAPIST, Role.CLIENT] * 2


def test_text_reads_otter_layout_name_and_time_above_words() -> None:
    (session,) = read_text(
        "Dr. Rivera  0:03\n"
        "Good morning, Maria. How are you doing today?\n\n"
        "Maria  0:09\n"
        "Tired. I didn't sleep much.\n\n"
        "Dr. Rivera  0:14\n"
        "Sounds like a rough night.\n"
    )
    assert [u.speaker for u in session] == ["Dr. Rivera", "Maria", "Dr. Rivera"]
    assert [u.start for u in session] == [3.0, 9.0, 14.0]
    assert session.speaker("Dr. Rivera").role is Role.THERAPIST
    assert session.speaker("Maria").role is Role.CLIENT


def test_text_reads_rev_layout_speaker_number_and_stamp() -> None:
    (session,) = read_text(
        "Speaker 1 (00:03):\nSo what would you like to focus on today?\n\n"
        "Speaker 2 (00:07):\nI guess the arguments at home. I've been feeling like I can't win.\n\n"
        "Speaker 1 (00:15):\nIt sounds like you feel stuck between them.\n"
    )
    assert [u.speaker for u in session] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert session.utterances[1].start == 7.0
    assert session.speaker("Speaker 1").role is Role.THERAPIST
    assert session.speaker("Speaker 1").role_source == "inferred"


def test_text_reads_diarised_labels_and_infers_roles() -> None:
    (session,) = read_text(
        "SPEAKER_01: Hi, thanks for coming in. What would you like to talk about?\n"
        "SPEAKER_00: My sleep, mostly. I've been up every night and my work is slipping.\n"
        "SPEAKER_01: You're exhausted and it's starting to affect your job.\n"
        "SPEAKER_00: Yeah. I feel like I'm failing at everything.\n"
        "SPEAKER_01: What have you tried so far?\n"
    )
    therapist = session.speaker("SPEAKER_01")
    assert therapist.role is Role.THERAPIST
    assert therapist.role_source == "inferred"
    assert 0.5 <= therapist.role_confidence <= 1.0
    assert session.speaker("SPEAKER_00").role is Role.CLIENT


def test_text_skips_title_and_header_lines_before_first_label() -> None:
    (session,) = read_text(
        "Session 3 - Transcript\nDate: 12 March 2025\n=====\nT: Welcome back.\nC: Thanks.\n"
    )
    assert len(session) == 2


def test_text_unplaceable_line_gives_parse_error_with_line_number_and_no_text() -> None:
    secret = "I have been thinking about hurting myself lately."
    with pytest.raises(ParseError) as info:
        read_text(f"Session 1\n\n{secret}\nT: Hello.\n")
    assert info.value.line == 3
    assert info.value.path == "session.txt"
    assert "hurting" not in str(info.value)
    assert info.value.hint


def test_text_without_any_label_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        read_text("Notes from today\nNothing else\n")


def test_text_same_speaker_in_different_case_is_one_speaker() -> None:
    (session,) = read_text("THERAPIST: Hi.\nClient: Hello.\nTherapist: Come in.\n")
    assert [s.id for s in session.speakers] == ["THERAPIST", "Client"]


def test_text_sentence_with_colon_is_not_a_label() -> None:
    (session,) = read_text(
        "T: What happened?\n"
        "C: Well, here's the thing:\n"
        "my brother called at 10:30: he was drunk again.\n"
    )
    assert len(session) == 2
    assert session.utterances[1].text.endswith("drunk again.")


def test_text_couples_session_keeps_three_speakers() -> None:
    (session,) = read_text(
        "Therapist: What brings you both here?\n"
        "Dan: She says I never listen.\n"
        "Priya: He doesn't.\n"
        "Therapist: So you both notice the listening part.\n"
    )
    roles = {s.id: s.role for s in session.speakers}
    assert roles == {"Therapist": Role.THERAPIST, "Dan": Role.CLIENT, "Priya": Role.CLIENT}


def test_text_therapist_override_sets_roles() -> None:
    (session,) = read_text("Ana: Hi.\nBen: Hello, what brings you in?\n", therapist="ben")
    assert session.speaker("Ben").role is Role.THERAPIST
    assert session.speaker("Ana").role is Role.CLIENT
    assert all(s.role_source == "override" for s in session.speakers)
    assert session.utterances[0].role is Role.CLIENT


def test_text_time_like_continuation_line_is_not_a_speaker_in_colon_files() -> None:
    (session,) = read_text(
        "T: When is the appointment?\n"
        "C: It's on\n"
        "Monday 9:30\n"
        "at the hospital.\n"
        "T: Monday morning, then.\n"
    )
    assert [u.speaker for u in session] == ["T", "C", "T"]
    assert session.utterances[1].text == "It's on Monday 9:30 at the hospital."


def test_text_title_ending_in_full_stop_is_skipped_when_it_reads_like_a_title() -> None:
    (session,) = read_text(
        "Transcript of session 3, recorded 12 March 2025.\nT: Welcome back.\nC: Hi.\n"
    )
    assert len(session) == 2


def test_text_zoom_saved_captions_layout() -> None:
    (session,) = read_text(
        "[Alex Kim] 10:03:22\nWhat would you like to focus on?\n\n"
        "[Jordan Lee] 10:03:30\nMy exams, honestly. I feel like I'm drowning.\n"
    )
    assert [u.speaker for u in session] == ["Alex Kim", "Jordan Lee"]
    assert session.utterances[1].start == 10 * 3600 + 3 * 60 + 30
