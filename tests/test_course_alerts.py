"""Alert rules and rupture episodes on small hand-made courses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from alliance.course.alerts import AlertConfig, find_alerts, find_episodes, load_alert_config
from alliance.course.instruments import builtin_instruments
from alliance.course.records import CheckIn, StoredSession
from alliance.errors import ValidationError

BRIEF = next(
    i for i in builtin_instruments() if i.key == "alliance-checkin-brief"
)  # RC 1.72, cut-off 7


def _course(
    scores: list[float | None], **answers: float
) -> tuple[list[StoredSession], list[CheckIn]]:
    sessions, checkins = [], []
    for n, score in enumerate(scores, start=1):
        sessions.append(StoredSession(n, None, False, None, None, None, ()))
        if score is not None:
            values = {f"b{i}": score for i in range(1, 6)}
            if n == len(scores):
                values.update(answers)
            checkins.append(
                CheckIn(
                    n, "C1", n, None, BRIEF.key, BRIEF.score(values), values, datetime(2026, 1, n)
                )
            )
    return sessions, checkins


def _rules(
    scores: list[float | None], config: AlertConfig | None = None, **answers: float
) -> set[tuple[str, int]]:
    sessions, checkins = _course(scores, **answers)
    alerts, _ = find_alerts(sessions, {BRIEF.key: (BRIEF, checkins)}, config or AlertConfig())
    return {(a.rule, a.session) for a in alerts}


def test_alerts_quiet_course_has_none() -> None:
    assert _rules([8, 8, 8.5, 9]) == set()


def test_alerts_below_cutoff_and_streak() -> None:
    rules = _rules([8, 6.5, 6.5, 6.8])
    assert {("below_cutoff", 2), ("below_cutoff", 3), ("low_streak", 3)} <= rules
    assert ("low_streak", 4) not in rules  # one alert per streak
    assert ("reliable_drop", 2) not in rules  # 1.5 < reliable change 1.72


def test_alerts_reliable_drop_needs_the_reliable_change() -> None:
    assert ("reliable_drop", 2) in _rules([9.5, 7.7])
    assert ("reliable_drop", 2) not in _rules([9.5, 7.9])


def test_alerts_item_below_threshold_uses_instrument_then_config() -> None:
    assert ("item_below_threshold", 1) in _rules([8], b3=3)
    assert ("item_below_threshold", 1) not in _rules([8], b3=4)
    stricter = AlertConfig(item_thresholds={"b3": 6})
    assert ("item_below_threshold", 1) in _rules([8], stricter, b3=5)


def test_alerts_missing_checkin_and_transcript_ruptures() -> None:
    sessions, checkins = _course([8, None, 8])
    sessions[2] = StoredSession(3, None, True, None, 2, 2, ())
    alerts, _ = find_alerts(sessions, {BRIEF.key: (BRIEF, checkins)}, AlertConfig())
    found = {(a.rule, a.session, a.severity) for a in alerts}
    assert ("missing_checkin", 2, "warning") in found
    assert ("transcript_rupture", 3, "info") in found  # both markers attended to


def test_alerts_drop_then_recovery_is_a_repaired_rupture() -> None:
    _, checkins = _course([8.5, 5.0, 6.0, 8.0, 8.2])
    (episode,) = find_episodes(BRIEF, checkins, AlertConfig())
    assert (episode.drop_session, episode.low, episode.recovered_at) == (2, 5.0, 4)
    assert episode.repaired


def test_alerts_drop_without_recovery_in_the_window_is_not_repaired() -> None:
    _, checkins = _course([8.5, 5.0, 6.0, 6.0, 6.0, 8.4])
    (episode,) = find_episodes(BRIEF, checkins, AlertConfig(repair_window=3))
    assert not episode.repaired
    assert ("rupture_unrepaired", 2) in _rules([8.5, 5.0, 6.0, 6.0, 6.0, 8.4])


def test_alerts_config_from_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "alerts.toml"
    toml.write_text("[low_streak]\nsessions = 3\n[missing_checkin]\nenabled = false\n")
    config = load_alert_config(toml)
    assert config.low_streak_sessions == 3 and not config.missing_checkin
    assert load_alert_config() == AlertConfig()
    bad = tmp_path / "bad.json"
    bad.write_text('{"below_cut": {}}')
    with pytest.raises(ValidationError, match="unknown alert rule 'below_cut'"):
        load_alert_config(bad)
    bad.write_text('{"repair": {"window": 0}}')
    with pytest.raises(ValidationError, match="must be positive"):
        load_alert_config(bad)
