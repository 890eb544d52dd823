"""The course of therapy for one client: what the client said (check-in scores against each
instrument's cut-off, reliable change, trend), what the transcripts showed (scores, rupture
markers, stages), the goals and their progress, and the alerts.

Reliable change follows Jacobson & Truax (1991): ``RCI = (x2 - x1) / (SD * sqrt(2 * (1 - r)))``
with the instrument's norm SD and reliability; ``|RCI| >= 1.96`` is a change unlikely (p < .05)
to come from measurement error alone. With the open check-in those numbers are provisional
placeholders (see docs/course.md), and every report says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from alliance.course.alerts import (
    Alert,
    AlertConfig,
    RuptureEpisode,
    find_alerts,
    load_alert_config,
)
from alliance.course.instruments import Instrument
from alliance.course.records import CheckIn, Goal, StoredSession
from alliance.course.store import Store

__all__ = [
    "STAGES",
    "Course",
    "InstrumentCourse",
    "SessionView",
    "build_course",
    "course_to_dict",
    "short_stage",
    "stage_label",
]

STAGES = (
    ("establishing_rapport", "establishing trust and rapport"),
    ("exploring", "exploring the problem"),
    ("planning", "planning for change"),
    ("progress", "making progress"),
)
_ALIASES = {
    "rapport": "establishing_rapport",
    "establishing": "establishing_rapport",
    "establishing_trust": "establishing_rapport",
    "exploration": "exploring",
    "explore": "exploring",
    "exploring_the_problem": "exploring",
    "plan": "planning",
    "planning_for_change": "planning",
    "making_progress": "progress",
}


def short_stage(label: str) -> str:
    """The first words of a stage label, for narrow table columns."""
    return {full: key.split("_")[-1] for key, full in STAGES}.get(label, label)


def stage_label(stage: str) -> str:
    """The words for a stage, whatever spelling the scorer used."""
    key = stage.strip().lower().replace(" ", "_").replace("-", "_")
    key = _ALIASES.get(key, key)
    return dict(STAGES).get(key, stage)


@dataclass(frozen=True, slots=True)
class InstrumentCourse:
    """One instrument across the course: its check-ins in session order and what changed."""

    key: str
    title: str
    provisional: bool
    cutoff: float | None
    reliability: float | None
    norm_sd: float | None
    reliable_change: float | None
    score_range: tuple[float, float]
    checkins: tuple[CheckIn, ...]
    rci_first_to_last: float | None
    change_first_to_last: float | None
    verdict: str
    trend_per_session: float | None
    trend: str

    @property
    def scores(self) -> list[tuple[int, float]]:
        return [(c.session, c.score) for c in self.checkins]


@dataclass(frozen=True, slots=True)
class SessionView:
    """One row of the course: the session, its check-in scores and its transcript figures."""

    number: int
    held_on: date | None
    checkin_scores: Mapping[str, float]
    below_cutoff: tuple[str, ...]
    rci_from_previous: Mapping[str, float | None]
    transcript: StoredSession
    stage: str | None


@dataclass(frozen=True, slots=True)
class Course:
    client: str
    generated_at: datetime
    sessions: tuple[SessionView, ...]
    instruments: tuple[InstrumentCourse, ...]
    goals: tuple[Goal, ...]
    stage: str | None
    stage_source: str
    alerts: tuple[Alert, ...]
    episodes: tuple[RuptureEpisode, ...]
    config: AlertConfig = field(default_factory=AlertConfig)

    @property
    def primary(self) -> InstrumentCourse | None:
        """The instrument with the most check-ins (the one the headline trend is about)."""
        with_data = [i for i in self.instruments if i.checkins]
        return max(with_data, key=lambda i: len(i.checkins)) if with_data else None

    @property
    def repaired_ruptures(self) -> tuple[RuptureEpisode, ...]:
        return tuple(e for e in self.episodes if e.repaired)


def _slope(points: Sequence[tuple[int, float]]) -> float | None:
    if len(points) < 3:
        return None
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _instrument_course(
    instrument: Instrument, checkins: Sequence[CheckIn], config: AlertConfig
) -> InstrumentCourse:
    scoring = instrument.scoring
    rc = scoring.reliable_change(config.z)
    rci = change = None
    verdict = "not enough check-ins"
    if len(checkins) >= 2:
        first, last = checkins[0].score, checkins[-1].score
        change = last - first
        rci = scoring.rci(first, last)
        if rci is None:
            verdict = "reliable change unknown (the instrument gives no reliability and norm SD)"
        elif rci >= config.z:
            verdict = "reliable improvement"
        elif rci <= -config.z:
            verdict = "reliable deterioration"
        else:
            verdict = "no reliable change"
        if rci is not None and abs(rci) >= config.z and scoring.cutoff is not None:
            if first < scoring.cutoff <= last:
                verdict += ", crossing above the cut-off"
            elif last < scoring.cutoff <= first:
                verdict += ", crossing below the cut-off"
    slope = _slope([(c.session, c.score) for c in checkins])
    low, high = instrument.score_range
    flat = 0.01 * (high - low)
    if slope is None:
        trend = "too few check-ins for a trend"
    elif slope > flat:
        trend = "rising"
    elif slope < -flat:
        trend = "falling"
    else:
        trend = "steady"
    return InstrumentCourse(
        key=instrument.key,
        title=instrument.title,
        provisional=scoring.provisional,
        cutoff=scoring.cutoff,
        reliability=scoring.reliability,
        norm_sd=scoring.norm_sd,
        reliable_change=rc,
        score_range=(low, high),
        checkins=tuple(checkins),
        rci_first_to_last=rci,
        change_first_to_last=change,
        verdict=verdict,
        trend_per_session=slope,
        trend=trend,
    )


def _dominant_stage(session: StoredSession) -> str | None:
    if not session.stages:
        return None
    return stage_label(max(session.stages, key=lambda s: s[1])[0])


def _course_stage(
    sessions: Sequence[StoredSession], goals: Sequence[Goal]
) -> tuple[str | None, str]:
    for session in reversed(sessions):
        stage = _dominant_stage(session)
        if stage is not None:
            return stage, f"transcript of session {session.number}"
    if not sessions:
        return None, "no sessions yet"
    if any(g.progress for g in goals):
        return stage_label("progress"), "goal progress recorded"
    if goals:
        return stage_label("planning"), "goals set"
    if len(sessions) <= 2:
        return stage_label("establishing_rapport"), "session number"
    return stage_label("exploring"), "session number (no goals set yet)"


def build_course(store: Store, client: str, *, config: AlertConfig | None = None) -> Course:
    """Everything the course report shows for ``client``."""
    config = config or load_alert_config()
    sessions = store.sessions(client)
    goals = store.goals(client)
    checkins = store.checkins(client=client)
    by_instrument: dict[str, tuple[Instrument, list[CheckIn]]] = {}
    for checkin in checkins:
        if checkin.instrument not in by_instrument:
            by_instrument[checkin.instrument] = (store.instrument(checkin.instrument), [])
        by_instrument[checkin.instrument][1].append(checkin)
    courses = tuple(_instrument_course(i, cs, config) for i, cs in by_instrument.values())
    alerts, episodes = find_alerts(sessions, by_instrument, config)
    views = []
    for session in sessions:
        scores: dict[str, float] = {}
        below: list[str] = []
        rci_prev: dict[str, float | None] = {}
        for inst_course in courses:
            instrument = by_instrument[inst_course.key][0]
            previous = None
            for c in inst_course.checkins:
                if c.session == session.number:
                    scores[inst_course.key] = c.score
                    if inst_course.cutoff is not None and c.score < inst_course.cutoff:
                        below.append(inst_course.key)
                    rci_prev[inst_course.key] = (
                        instrument.scoring.rci(previous.score, c.score) if previous else None
                    )
                previous = c
        views.append(
            SessionView(
                number=session.number,
                held_on=session.held_on,
                checkin_scores=scores,
                below_cutoff=tuple(below),
                rci_from_previous=rci_prev,
                transcript=session,
                stage=_dominant_stage(session),
            )
        )
    stage, source = _course_stage(sessions, goals)
    return Course(
        client=client,
        generated_at=datetime.now(UTC).replace(microsecond=0, tzinfo=None),
        sessions=tuple(views),
        instruments=courses,
        goals=tuple(goals),
        stage=stage,
        stage_source=source,
        alerts=tuple(alerts),
        episodes=tuple(episodes),
        config=config,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def course_to_dict(course: Course) -> dict[str, Any]:
    """The JSON form of the course report (``format``: ``alliance.course/1``)."""
    primary = course.primary
    return _jsonable(
        {
            "format": "alliance.course/1",
            "client": course.client,
            "generated_at": course.generated_at,
            "stage": {"current": course.stage, "source": course.stage_source},
            "primary_instrument": primary.key if primary else None,
            "instruments": [
                {
                    "key": i.key,
                    "title": i.title,
                    "provisional": i.provisional,
                    "cutoff": i.cutoff,
                    "reliability": i.reliability,
                    "norm_sd": i.norm_sd,
                    "reliable_change": i.reliable_change,
                    "score_range": list(i.score_range),
                    "scores": [{"session": s, "score": v} for s, v in i.scores],
                    "change_first_to_last": i.change_first_to_last,
                    "rci_first_to_last": i.rci_first_to_last,
                    "verdict": i.verdict,
                    "trend": i.trend,
                    "trend_per_session": i.trend_per_session,
                }
                for i in course.instruments
            ],
            "sessions": [
                {
                    "number": s.number,
                    "date": s.held_on,
                    "checkin_scores": s.checkin_scores,
                    "below_cutoff": list(s.below_cutoff),
                    "rci_from_previous": s.rci_from_previous,
                    "transcript": {
                        "analysed": s.transcript.analysed,
                        "scores": asdict(s.transcript.scores) if s.transcript.scores else None,
                        "ruptures": s.transcript.ruptures,
                        "ruptures_repaired": s.transcript.ruptures_repaired,
                        "stages": [list(x) for x in s.transcript.stages],
                        "source_sha256": s.transcript.source_sha256,
                    },
                    "stage": s.stage,
                }
                for s in course.sessions
            ],
            "goals": [
                {
                    "id": g.id,
                    "title": g.title,
                    "status": g.status,
                    "set_in_session": g.set_in_session,
                    "latest_progress": g.latest,
                    "progress": [
                        {"session": p.session, "rating": p.rating, "recorded_at": p.recorded_at}
                        for p in g.progress
                    ],
                }
                for g in course.goals
            ],
            "alerts": [asdict(a) for a in course.alerts],
            "ruptures": [{**asdict(e), "repaired": e.repaired} for e in course.episodes],
            "alert_rules": asdict(course.config),
        }
    )
