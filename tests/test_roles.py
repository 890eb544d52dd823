"""Speaker roles: from labels, inferred from how people talk, or overridden."""

from __future__ import annotations

import pytest

from alliance.errors import InputError
from alliance.io.roles import UNKNOWN_SPEAKER, assign_roles, role_from_label, with_therapist
from alliance.model import Role, Session, Speaker, Utterance


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("T", Role.THERAPIST),
        ("Therapist", Role.THERAPIST),
        ("COUNSELOR", Role.THERAPIST),
        ("Counsellor", Role.THERAPIST),
        ("Interviewer", Role.THERAPIST),
        ("Clinician 2", Role.THERAPIST),
        ("Dr. Rivera", Role.THERAPIST),
        ("C", Role.CLIENT),
        ("Client", Role.CLIENT),
        ("Patient", Role.CLIENT),
        ("client_1", Role.CLIENT),
        ("Maria", None),
        ("SPEAKER_00", None),
        ("Speaker 1", None),
        ("Tom", None),
        ("Cara", None),
    ],
)
def test_roles_from_labels(label: str, role: Role | None) -> None:
    assert role_from_label(label) is role


MI_TURNS = [
    ("A", "Hi, come on in. What would you like to talk about today?"),
    ("B", "My drinking, I guess. My wife thinks I have a problem and I've been feeling guilty."),
    ("A", "So you're here partly because she's worried, and part of you feels guilty too."),
    ("B", "Yeah. I don't think I drink more than my friends, but my mornings are rough."),
    ("A", "The mornings are getting harder. How do you see it yourself?"),
    ("B", "I don't know. I like a beer after work. It helps me unwind."),
    ("A", "It sounds like drinking does something important for you."),
]


def test_roles_inferred_from_questions_and_reflections_regardless_of_who_speaks_first() -> None:
    speakers = assign_roles(MI_TURNS)
    assert [(s.id, s.role, s.role_source) for s in speakers] == [
        ("A", Role.THERAPIST, "inferred"),
        ("B", Role.CLIENT, "inferred"),
    ]
    assert 0.5 <= speakers[0].role_confidence <= 1.0
    reversed_first = assign_roles(MI_TURNS[1:])
    assert {s.id: s.role for s in reversed_first}["A"] is Role.THERAPIST


def test_roles_confidence_low_when_speakers_are_alike() -> None:
    speakers = assign_roles([("A", "Hello."), ("B", "Hello.")])
    assert speakers[0].role_confidence < 0.7
    clear = assign_roles(MI_TURNS * 2)
    assert clear[0].role_confidence > 0.8


def test_roles_label_words_beat_inference() -> None:
    turns = [
        ("Client", "What do you think about that? How do you feel?"),
        ("Therapist", "I'm fine."),
    ]
    roles = {s.id: (s.role, s.role_source) for s in assign_roles(turns)}
    assert roles == {"Client": (Role.CLIENT, "label"), "Therapist": (Role.THERAPIST, "label")}


def test_roles_three_people_one_therapist_inferred() -> None:
    turns = [
        ("Sam", "Welcome to you both. What brings you in? How would you each describe it?"),
        ("Ria", "We fight constantly. I feel like I'm not heard."),
        (
            "Dev",
            "I work long hours and I get home and I'm just tired, and my stuff gets criticised.",
        ),
        ("Sam", "So you both feel unheard in different ways. What happens when you argue?"),
        ("Ria", "I start yelling. My voice just goes up."),
        ("Dev", "And I shut down."),
    ]
    roles = {s.id: s.role for s in assign_roles(turns)}
    assert roles == {"Sam": Role.THERAPIST, "Ria": Role.CLIENT, "Dev": Role.CLIENT}


def test_roles_labelled_client_others_inferred() -> None:
    turns = [("Client", "I've been low."), ("Jo", "You've been low. What does low look like?")]
    roles = {s.id: (s.role, s.role_source) for s in assign_roles(turns)}
    assert roles["Jo"] == (Role.THERAPIST, "inferred")


def test_roles_single_unnamed_speaker_is_other() -> None:
    (speaker,) = assign_roles([(UNKNOWN_SPEAKER, "Hello there.")])
    assert speaker.role is Role.OTHER
    (only,) = assign_roles([("Maria", "Hello there.")])
    assert only.role is Role.OTHER and only.role_source == "default"


def test_roles_override_and_unknown_name_lists_speakers() -> None:
    speakers = assign_roles(MI_TURNS, therapist="b")
    assert {s.id: s.role for s in speakers} == {"A": Role.CLIENT, "B": Role.THERAPIST}
    assert all(s.role_source == "override" for s in speakers)
    with pytest.raises(InputError) as info:
        assign_roles(MI_TURNS, therapist="Zed", path="x.txt")
    assert "A, B" in str(info.value)


def test_roles_with_therapist_re_roles_a_session() -> None:
    session = Session(
        "s",
        (Speaker("A", Role.CLIENT), Speaker("B", Role.THERAPIST)),
        (Utterance(0, "A", Role.CLIENT, "Hi."), Utterance(1, "B", Role.THERAPIST, "Hello.")),
    )
    changed = with_therapist(session, "A")
    assert [u.role for u in changed] == [Role.THERAPIST, Role.CLIENT]
    assert changed.speaker("A").role_source == "override"
