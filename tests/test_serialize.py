"""The JSON form of a session round-trips exactly, and bad JSON gives the project's error."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.errors import InputError
from alliance.model import (
    Code,
    Evidence,
    Feedback,
    IndexValue,
    Role,
    Rupture,
    Score,
    Scores,
    Session,
    Speaker,
    StageSpan,
    Utterance,
)
from alliance.serialize import FORMAT, session_from_dict, session_to_dict

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
names = st.text(min_size=1, max_size=12)
evidence = st.builds(
    Evidence,
    utterances=st.tuples(st.integers(0, 500), st.integers(0, 500)),
    codes=st.tuples(names),
    note=st.text(max_size=20),
)
codes = st.dictionaries(
    names,
    st.builds(
        Code,
        value=st.one_of(st.booleans(), names),
        confidence=st.floats(0, 1),
        source=names,
        cues=st.tuples(names) | st.just(()),
    ),
    max_size=4,
)
utterances = st.lists(
    st.builds(
        Utterance,
        index=st.integers(0, 10_000),
        speaker=names,
        role=st.sampled_from(Role),
        text=st.text(max_size=80),
        start=st.none() | finite,
        end=st.none() | finite,
        codes=codes,
        stage=st.none() | st.sampled_from(["rapport", "exploring", "planning", "progress"]),
    ),
    max_size=6,
).map(tuple)
scores = st.builds(
    Score,
    name=names,
    value=st.none() | st.floats(0, 100),
    confidence=st.floats(0, 1),
    evidence=st.tuples(evidence) | st.just(()),
    reason=st.none() | st.text(max_size=20),
)
sessions = st.builds(
    Session,
    id=names,
    speakers=st.lists(
        st.builds(
            Speaker,
            id=names,
            role=st.sampled_from(Role),
            role_confidence=st.floats(0, 1),
            role_source=st.sampled_from(["label", "inferred", "override", "default"]),
        ),
        max_size=4,
    ).map(tuple),
    utterances=utterances,
    source=st.none() | st.text(max_size=20),
    metadata=st.dictionaries(names, st.text(max_size=10), max_size=3),
    scores=st.none()
    | st.builds(
        Scores,
        overall=scores,
        components=st.dictionaries(names, scores, max_size=3),
        elements=st.dictionaries(names, scores, max_size=2),
        indices=st.dictionaries(
            names,
            st.builds(
                IndexValue,
                name=names,
                value=st.none() | finite,
                thresholds=st.dictionaries(names, finite, max_size=2),
                band=st.none() | names,
                evidence=st.just(()),
                reason=st.none(),
            ),
            max_size=2,
        ),
        framework=names,
    ),
    stages=st.lists(
        st.builds(StageSpan, stage=names, first=st.integers(0, 9), last=st.integers(0, 9)),
        max_size=3,
    ).map(tuple),
    ruptures=st.lists(
        st.builds(
            Rupture,
            kind=st.sampled_from(["withdrawal", "confrontation"]),
            evidence=evidence,
            repaired=st.booleans(),
            repair=st.none() | evidence,
        ),
        max_size=2,
    ).map(tuple),
    feedback=st.lists(
        st.builds(
            Feedback, topic=names, message=st.text(max_size=30), evidence=st.tuples(evidence)
        ),
        max_size=2,
    ).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(sessions)
def test_serialize_round_trips_exactly_through_json_text(session: Session) -> None:
    data = json.loads(json.dumps(session_to_dict(session)))
    assert session_from_dict(data) == session


def test_serialize_names_the_format_and_keeps_the_contract_keys(small_session: Session) -> None:
    data = session_to_dict(small_session)
    assert data["format"] == FORMAT
    for key in ("id", "speakers", "utterances"):
        assert key in data
    first = data["utterances"][0]
    assert set(first) >= {"index", "speaker", "role", "text", "start", "end", "codes"}
    assert first["codes"] == {}


def test_serialize_ignores_the_output_only_summary(small_session: Session) -> None:
    data = session_to_dict(small_session, summary={"utterances": 6})
    assert session_from_dict(data) == small_session


def test_serialize_bad_form_raises_input_error_without_text(small_session: Session) -> None:
    data = session_to_dict(small_session)
    secret = "my private words"
    data["utterances"][0]["text"] = 12345  # wrong type
    data["utterances"][1]["text"] = secret
    with pytest.raises(InputError) as info:
        session_from_dict(data, path="x.json")
    assert secret not in str(info.value)
    assert str(info.value).startswith("x.json: ")
    del data["speakers"]
    with pytest.raises(InputError, match="missing key 'speakers'"):
        session_from_dict(data)
