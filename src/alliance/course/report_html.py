"""The course report as one self-contained HTML file (inline SVG charts, no script, no CDN)."""

from __future__ import annotations

from importlib import resources

import jinja2

from alliance.course.charts import PALETTE, Band, Chart, Marker, Series, line_chart
from alliance.course.course import Course, short_stage

__all__ = ["render_html"]


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "–" if value is None else format(value, spec)


def _checkin_charts(course: Course) -> list[str]:
    sessions = [s.number for s in course.sessions]
    charts = []
    for n, inst in enumerate(course.instruments):
        low, high = inst.score_range
        hlines = [(inst.cutoff, f"cut-off {inst.cutoff:g}")] if inst.cutoff is not None else []
        by_session = dict(inst.scores)
        markers = [
            Marker(a.session, by_session[a.session], a.message)
            for a in course.alerts
            if a.instrument == inst.key and a.rule == "reliable_drop" and a.session in by_session
        ]
        bands = [
            Band(e.drop_session, e.recovered_at or e.drop_session,
                 "rupture repaired" if e.repaired else "rupture")
            for e in course.episodes
            if e.instrument == inst.key
        ]  # fmt: skip
        chart = Chart(
            title=f"{inst.title}: score per session",
            x_values=sessions,
            y_range=(low, high),
            series=[Series(inst.key, inst.scores, PALETTE[n % len(PALETTE)])],
            hlines=hlines,
            markers=markers,
            bands=bands,
            y_label="score",
        )
        charts.append(line_chart(chart))
    return charts


def _transcript_chart(course: Course) -> str | None:
    points = [
        (s.number, s.transcript.scores.overall)
        for s in course.sessions
        if s.transcript.scores is not None and s.transcript.scores.overall is not None
    ]
    series: list[Series] = []
    names = sorted(
        {
            k
            for s in course.sessions
            if s.transcript.scores
            for k, v in s.transcript.scores.components.items()
            if v is not None
        }
    )
    for n, name in enumerate(names, start=1):
        series.append(
            Series(
                name,
                [
                    (s.number, s.transcript.scores.components.get(name))
                    for s in course.sessions
                    if s.transcript.scores is not None
                ],
                PALETTE[n % len(PALETTE)],
            )
        )
    if points:
        series.append(Series("overall", points, PALETTE[0]))  # drawn last, on top
    if not any(y is not None for s in series for _, y in s.points):
        return None
    bands = [
        Band(s.number, s.number, f"{s.transcript.ruptures} rupture marker(s)", "#fecaca")
        for s in course.sessions
        if s.transcript.ruptures
    ]
    chart = Chart(
        title="Transcript scores per session (0–100)",
        x_values=[s.number for s in course.sessions],
        y_range=(0.0, 100.0),
        series=series,
        bands=bands,
        y_label="score",
    )
    return line_chart(chart)


def _goal_chart(course: Course) -> str | None:
    series = []
    for n, goal in enumerate(course.goals):
        points = [(p.session, p.rating) for p in goal.progress if p.session is not None]
        if points:
            series.append(Series(f"goal {goal.id}", points, PALETTE[n % len(PALETTE)]))
    if not series:
        return None
    chart = Chart(
        title="Progress towards goals (0–10)",
        x_values=[s.number for s in course.sessions],
        y_range=(0.0, 10.0),
        series=series,
        y_label="progress",
    )
    return line_chart(chart, height=220)


def render_html(course: Course) -> str:
    """The course report as a standalone HTML page."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        (resources.files("alliance.course") / "templates" / "course.html").read_text("utf-8")
    )
    return template.render(
        course=course,
        primary=course.primary,
        fmt=_fmt,
        short_stage=short_stage,
        warnings=sum(1 for a in course.alerts if a.severity == "warning"),
        repaired=len(course.repaired_ruptures),
        any_provisional=any(i.provisional for i in course.instruments),
        checkin_charts=_checkin_charts(course),
        transcript_chart=_transcript_chart(course),
        goal_chart=_goal_chart(course),
    )
