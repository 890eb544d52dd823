from __future__ import annotations

from alliance.model import Session
from alliance.summary import summarize


def test_summary_counts_utterances_words_and_shares(small_session: Session) -> None:
    summary = summarize(small_session)
    assert summary["utterances"] == 6
    therapist, client = summary["speakers"]
    assert therapist["utterances"] == 3 and client["utterances"] == 3
    assert therapist["words"] == sum(u.words for u in small_session if u.speaker == "T")
    assert abs(therapist["share_of_words"] + client["share_of_words"] - 1) < 1e-3
    assert summary["roles"]["therapist"]["share_of_words"] == therapist["share_of_words"]
    assert summary["duration_seconds"] == 25.0


def test_summary_of_a_session_without_times_has_no_duration(small_session: Session) -> None:
    import dataclasses

    timeless = dataclasses.replace(
        small_session,
        utterances=tuple(dataclasses.replace(u, start=None) for u in small_session),
    )
    assert summarize(timeless)["duration_seconds"] is None
