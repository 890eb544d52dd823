"""Alerts: the points in a course where the relationship may be weakening, and the ruptures
that were repaired.

The rules are data (``default_alerts.json``, or a JSON/TOML file given with ``--alerts``) so a
clinic can tune them. Each alert names the session, the rule and the numbers behind it; none is a
verdict. A drop (a reliable drop, or a fall below the cut-off) followed within ``repair.window``
check-ins by a return to the cut-off and to within the reliable change of the score before the
drop is a :class:`RuptureEpisode` marked repaired: in the alliance literature, ruptures that are
repaired are often followed by better outcomes, so they are worth seeing, not only the drops.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from alliance.course.instruments import Instrument
from alliance.course.records import CheckIn, StoredSession
from alliance.errors import ValidationError

__all__ = [
    "Alert",
    "AlertConfig",
    "RuptureEpisode",
    "find_alerts",
    "find_episodes",
    "load_alert_config",
]

Severity = Literal["warning", "info"]


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """The alert rules (see ``default_alerts.json`` for the meaning of each key)."""

    below_cutoff: bool = True
    reliable_drop: bool = True
    z: float = 1.96
    item_below_threshold: bool = True
    default_item_threshold: float | None = None
    item_thresholds: Mapping[str, float] = field(default_factory=dict)
    low_streak: bool = True
    low_streak_sessions: int = 2
    transcript_rupture: bool = True
    rupture_min_markers: int = 1
    transcript_low: bool = False
    transcript_low_below: float = 40.0
    missing_checkin: bool = True
    repair_window: int = 3


def _section(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ValidationError(f"{where}: {name!r} must be a table of settings")
    return value


def _config_from(data: Mapping[str, Any], where: str) -> AlertConfig:
    known = {
        "_about", "below_cutoff", "reliable_drop", "item_below_threshold", "low_streak",
        "transcript_rupture", "transcript_low", "missing_checkin", "repair",
    }  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(
            f"{where}: unknown alert rule {unknown[0]!r}", hint=f"known: {sorted(known)}"
        )
    get = {name: _section(data, name, where) for name in known - {"_about"}}
    try:
        config = AlertConfig(
            below_cutoff=bool(get["below_cutoff"].get("enabled", True)),
            reliable_drop=bool(get["reliable_drop"].get("enabled", True)),
            z=float(get["reliable_drop"].get("z", 1.96)),
            item_below_threshold=bool(get["item_below_threshold"].get("enabled", True)),
            default_item_threshold=(
                None
                if get["item_below_threshold"].get("default_threshold") is None
                else float(get["item_below_threshold"]["default_threshold"])
            ),
            item_thresholds={
                str(k): float(v)
                for k, v in dict(get["item_below_threshold"].get("thresholds", {})).items()
            },
            low_streak=bool(get["low_streak"].get("enabled", True)),
            low_streak_sessions=int(get["low_streak"].get("sessions", 2)),
            transcript_rupture=bool(get["transcript_rupture"].get("enabled", True)),
            rupture_min_markers=int(get["transcript_rupture"].get("min_markers", 1)),
            transcript_low=bool(get["transcript_low"].get("enabled", False)),
            transcript_low_below=float(get["transcript_low"].get("below", 40.0)),
            missing_checkin=bool(get["missing_checkin"].get("enabled", True)),
            repair_window=int(get["repair"].get("window", 3)),
        )
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{where}: a setting has the wrong type ({exc})") from exc
    if config.z <= 0 or config.low_streak_sessions < 1 or config.repair_window < 1:
        raise ValidationError(f"{where}: z, low_streak.sessions and repair.window must be positive")
    return config


def load_alert_config(path: str | Path | None = None) -> AlertConfig:
    """The rules in ``path`` (``.toml`` or ``.json``), or the shipped defaults."""
    if path is None:
        text = (resources.files("alliance.course") / "default_alerts.json").read_text("utf-8")
        return _config_from(json.loads(text), "default_alerts.json")
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ValidationError(f"{path}: no such file") from exc
    try:
        data = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path}: not valid TOML ({exc})") from exc
    if not isinstance(data, Mapping):
        raise ValidationError(f"{path}: expected a table of alert rules")
    return _config_from(data, str(path))


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing worth a look: which rule, at which session, and the numbers behind it."""

    rule: str
    session: int
    severity: Severity
    message: str
    instrument: str | None = None
    item: str | None = None
    value: float | None = None


@dataclass(frozen=True, slots=True)
class RuptureEpisode:
    """A drop in the client's ratings and what followed: ``recovered_at`` is the session where
    the score came back, ``None`` while it has not (yet)."""

    instrument: str
    before_session: int
    before: float
    drop_session: int
    low: float
    recovered_at: int | None
    recovered: float | None

    @property
    def repaired(self) -> bool:
        return self.recovered_at is not None


def _is_drop(prev: float, cur: float, instrument: Instrument, config: AlertConfig) -> bool:
    rc = instrument.scoring.reliable_change(config.z)
    cutoff = instrument.scoring.cutoff
    reliable = rc is not None and prev - cur >= rc
    crossed = cutoff is not None and prev >= cutoff > cur
    return reliable or crossed


def _recovered(before: float, cur: float, instrument: Instrument, config: AlertConfig) -> bool:
    rc = instrument.scoring.reliable_change(config.z)
    cutoff = instrument.scoring.cutoff
    if cutoff is not None and cur < cutoff:
        return False
    return rc is None or before - cur < rc


def find_episodes(
    instrument: Instrument, checkins: Sequence[CheckIn], config: AlertConfig
) -> list[RuptureEpisode]:
    """The drops in one instrument's check-ins (in session order) and whether each recovered."""
    episodes: list[RuptureEpisode] = []
    i = 1
    while i < len(checkins):
        prev, cur = checkins[i - 1], checkins[i]
        if not _is_drop(prev.score, cur.score, instrument, config):
            i += 1
            continue
        low, recovered_at, recovered = cur, None, None
        j = i + 1
        while j < len(checkins) and j <= i + config.repair_window:
            later = checkins[j]
            if _recovered(prev.score, later.score, instrument, config):
                recovered_at, recovered = later.session, later.score
                break
            if later.score < low.score:
                low = later
            j += 1
        episodes.append(
            RuptureEpisode(
                instrument=instrument.key,
                before_session=prev.session,
                before=prev.score,
                drop_session=cur.session,
                low=low.score,
                recovered_at=recovered_at,
                recovered=recovered,
            )
        )
        i = j + 1 if recovered_at is not None else max(j, i + 1)
    return episodes


def _checkin_alerts(
    instrument: Instrument, checkins: Sequence[CheckIn], config: AlertConfig
) -> list[Alert]:
    found: list[Alert] = []
    cutoff = instrument.scoring.cutoff
    rc = instrument.scoring.reliable_change(config.z)
    streak = 0
    key = instrument.key
    for n, checkin in enumerate(checkins):
        below = cutoff is not None and checkin.score < cutoff
        if below and config.below_cutoff:
            found.append(
                Alert("below_cutoff", checkin.session, "warning",
                      f"{key} score {checkin.score:.1f} is below the cut-off {cutoff:g}",
                      key, None, checkin.score)
            )  # fmt: skip
        streak = streak + 1 if below else 0
        if config.low_streak and streak == config.low_streak_sessions:
            found.append(
                Alert("low_streak", checkin.session, "warning",
                      f"{streak} check-ins in a row below the cut-off on {key}",
                      key, None, float(streak))
            )  # fmt: skip
        if n and config.reliable_drop and rc is not None:
            drop = checkins[n - 1].score - checkin.score
            if drop >= rc:
                found.append(
                    Alert("reliable_drop", checkin.session, "warning",
                          f"{key} fell {drop:.1f} points since session {checkins[n - 1].session} "
                          f"(reliable change: {rc:.2f})",
                          key, None, -drop)
                )  # fmt: skip
        if config.item_below_threshold:
            for item in instrument.items:
                threshold = config.item_thresholds.get(item.link_id, item.threshold)
                if threshold is None:
                    threshold = config.default_item_threshold
                value = checkin.answers.get(item.link_id)
                if threshold is None or value is None:
                    continue
                scored = item.scored(value)
                if scored < threshold:
                    topics = (
                        " / ".join(
                            part
                            for part in (", ".join(item.components), ", ".join(item.elements))
                            if part
                        )
                        or "unmapped"
                    )
                    found.append(
                        Alert("item_below_threshold", checkin.session, "warning",
                              f"item {item.link_id} ({topics}) answered {scored:g}, "
                              f"below its threshold {threshold:g}",
                              key, item.link_id, scored)
                    )  # fmt: skip
    return found


def find_alerts(
    sessions: Sequence[StoredSession],
    checkins_by_instrument: Mapping[str, tuple[Instrument, Sequence[CheckIn]]],
    config: AlertConfig,
) -> tuple[list[Alert], list[RuptureEpisode]]:
    """Every alert of the course, by session, and the rupture episodes (repaired or not)."""
    found: list[Alert] = []
    episodes: list[RuptureEpisode] = []
    for instrument, checkins in checkins_by_instrument.values():
        found += _checkin_alerts(instrument, checkins, config)
        for episode in find_episodes(instrument, checkins, config):
            episodes.append(episode)
            if episode.repaired:
                found.append(
                    Alert("rupture_repaired", episode.recovered_at or episode.drop_session, "info",
                          f"the drop at session {episode.drop_session} ({episode.before:.1f} → "
                          f"{episode.low:.1f}) recovered by session {episode.recovered_at} "
                          f"({episode.recovered:.1f}): a rupture that was repaired",
                          instrument.key, None, episode.recovered)
                )  # fmt: skip
            else:
                found.append(
                    Alert("rupture_unrepaired", episode.drop_session, "warning",
                          f"the drop at session {episode.drop_session} ({episode.before:.1f} → "
                          f"{episode.low:.1f}) has not recovered yet",
                          instrument.key, None, episode.low)
                )  # fmt: skip
    with_checkin = {c.session for _, cs in checkins_by_instrument.values() for c in cs}
    for session in sessions:
        if config.missing_checkin and session.number not in with_checkin:
            found.append(
                Alert("missing_checkin", session.number, "warning",
                      f"session {session.number} has no check-in")
            )  # fmt: skip
        markers = session.ruptures or 0
        if config.transcript_rupture and session.analysed and markers >= config.rupture_min_markers:
            repaired = session.ruptures_repaired or 0
            severity: Severity = "warning" if repaired < markers else "info"
            found.append(
                Alert("transcript_rupture", session.number, severity,
                      f"the transcript shows {markers} rupture marker(s), {repaired} attended to "
                      "in the session", None, None, float(markers))
            )  # fmt: skip
        overall = session.scores.overall if session.scores else None
        if config.transcript_low and overall is not None and overall < config.transcript_low_below:
            found.append(
                Alert("transcript_low", session.number, "warning",
                      f"transcript score {overall:.0f} is below {config.transcript_low_below:g}",
                      None, None, overall)
            )  # fmt: skip
    order = {"warning": 0, "info": 1}
    found.sort(key=lambda a: (a.session, order[a.severity], a.rule, a.item or ""))
    return found, episodes
