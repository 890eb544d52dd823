"""The course report for the terminal (rich), returned as text so the CLI decides where it goes."""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from alliance.course.course import Course, InstrumentCourse, short_stage

__all__ = ["render_text", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], low: float, high: float) -> str:
    """A one-line chart of ``values`` on the scale ``low``–``high``."""
    span = (high - low) or 1.0
    return "".join(_BARS[min(7, max(0, int((v - low) / span * 7.999)))] for v in values)


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "–" if value is None else format(value, spec)


def _instrument_block(inst: InstrumentCourse) -> Text:
    low, high = inst.score_range
    line = Text()
    line.append(f"{inst.title} ", style="bold")
    line.append(f"({inst.key})\n")
    line.append(f"  trend     {sparkline([s for _, s in inst.scores], low, high)}  {inst.trend}")
    if inst.trend_per_session is not None:
        line.append(f" ({inst.trend_per_session:+.2f} per session)")
    line.append("\n")
    line.append(
        f"  change    {_fmt(inst.change_first_to_last, '+.1f')} from first to last check-in; "
        f"RCI {_fmt(inst.rci_first_to_last, '+.2f')}: "
    )
    style = (
        "green" if "improvement" in inst.verdict else "red" if "deterior" in inst.verdict else ""
    )
    line.append(inst.verdict, style=style)
    line.append("\n")
    line.append(
        f"  scoring   cut-off {_fmt(inst.cutoff, 'g')}, "
        f"reliable change {_fmt(inst.reliable_change, '.2f')} "
        f"(r = {_fmt(inst.reliability, 'g')}, norm SD = {_fmt(inst.norm_sd, 'g')})"
    )
    if inst.provisional:
        line.append("\n  ")
        line.append(
            "provisional: not yet validated; cut-off, r and SD are placeholders", style="yellow"
        )
    return line


def render_text(course: Course, *, width: int = 110, color: bool = False) -> str:
    """The course as terminal text (ANSI colours only with ``color``)."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"Course of therapy: client {course.client}\n", style="bold")
    head.append(
        f"{len(course.sessions)} session{'' if len(course.sessions) == 1 else 's'} · "
        f"stage: {course.stage or '–'} "
    )
    head.append(f"(from {course.stage_source})", style="dim")
    parts.append(head)

    for inst in course.instruments:
        parts.append(Text(""))
        parts.append(_instrument_block(inst))

    table = Table(title="Sessions", title_justify="left", expand=False, show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("date")
    for inst in course.instruments:
        table.add_column(inst.key.replace("alliance-checkin-", ""), justify="right")
    table.add_column("RCI vs prev", justify="right")
    table.add_column("transcript", justify="right")
    table.add_column("ruptures", justify="right")
    table.add_column("stage")
    primary = course.primary
    for s in course.sessions:
        cells = [str(s.number), s.held_on.isoformat() if s.held_on else "–"]
        for inst in course.instruments:
            value = s.checkin_scores.get(inst.key)
            text = _fmt(value)
            if inst.key in s.below_cutoff:
                text = f"[red]{text}↓[/red]"
            cells.append(text)
        rci = s.rci_from_previous.get(primary.key) if primary else None
        cells.append(_fmt(rci, "+.2f"))
        scores = s.transcript.scores
        overall = scores.overall if scores else None
        cells.append(
            _fmt(overall, ".0f") if overall is not None or not s.transcript.analysed else "n/a"
        )
        markers = s.transcript.ruptures
        attended = s.transcript.ruptures_repaired or 0
        if markers is None:
            cells.append("–")
        else:
            cells.append(f"{markers} ({attended} attended)" if attended else str(markers))
        cells.append(short_stage(s.stage) if s.stage else "–")
        table.add_row(*cells)
    parts.append(Text(""))
    parts.append(table)
    parts.append(
        Text(
            "↓ below the cut-off · RCI vs prev: reliable change index from the previous check-in "
            "· transcript: overall relationship score 0–100 · ruptures: markers in the transcript",
            style="dim",
        )
    )

    if course.episodes:
        parts.append(Text("\nRuptures in the client's ratings", style="bold"))
        for e in course.episodes:
            line = Text(
                f"  session {e.before_session} → {e.drop_session}: {e.before:.1f} → {e.low:.1f}; "
            )
            if e.repaired:
                line.append(
                    f"repaired by session {e.recovered_at} ({e.recovered:.1f})", style="green"
                )
            else:
                line.append("not repaired yet", style="red")
            parts.append(line)

    parts.append(Text("\nGoals", style="bold"))
    if not course.goals:
        parts.append(Text("  none set (alliance goal add --client ...)", style="dim"))
    for g in course.goals:
        ratings = " → ".join(f"{p.rating:g}" for p in g.progress) or "no progress rated yet"
        parts.append(Text(f"  [{g.id}] {g.title} ({g.status}): {ratings}"))

    parts.append(Text(f"\nAlerts ({len(course.alerts)})", style="bold"))
    if not course.alerts:
        parts.append(Text("  none", style="dim"))
    for a in course.alerts:
        line = Text(f"  session {a.session:>2}  ")
        line.append(f"{a.rule:<22}", style="red" if a.severity == "warning" else "green")
        line.append(a.message)
        parts.append(line)

    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=True,
    )
    console.print(Group(*parts))
    return buffer.getvalue()
