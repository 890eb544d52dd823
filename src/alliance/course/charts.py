"""Small inline SVG line charts for the HTML course report.

Generated here rather than with a plotting library so the report is one self-contained file
that opens offline, carries no script, and stays a few kilobytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

__all__ = ["Band", "Marker", "Series", "line_chart"]

PALETTE = ("#2563eb", "#9333ea", "#0d9488", "#ea580c", "#4b5563", "#db2777", "#65a30d")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    points: Sequence[tuple[int, float | None]]
    color: str = PALETTE[0]


@dataclass(frozen=True, slots=True)
class Marker:
    """A point to ring (an alert, a repair) with a short label."""

    x: int
    y: float
    label: str
    color: str = "#dc2626"


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded span of sessions (a rupture episode)."""

    x0: int
    x1: int
    label: str
    color: str = "#fde68a"


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    x_values: Sequence[int]
    y_range: tuple[float, float]
    series: Sequence[Series]
    hlines: Sequence[tuple[float, str]] = ()
    markers: Sequence[Marker] = ()
    bands: Sequence[Band] = field(default_factory=tuple)
    y_label: str = ""


def line_chart(chart: Chart, *, width: int = 760, height: int = 260) -> str:
    """The chart as an ``<svg>`` element (with a ``<title>`` for screen readers)."""
    left, right, top, bottom = 48, 16, 30, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = list(chart.x_values) or [1]
    x_min, x_max = min(xs), max(xs)
    y_min, y_max = chart.y_range
    y_span = (y_max - y_min) or 1.0

    def px(x: float) -> float:
        return left + (plot_w / 2 if x_max == x_min else (x - x_min) / (x_max - x_min) * plot_w)

    def py(y: float) -> float:
        return top + (1 - (y - y_min) / y_span) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="chart">',
        f"<title>{escape(chart.title)}</title>",
        f'<text x="{left}" y="18" class="chart-title">{escape(chart.title)}</text>',
    ]
    step = (plot_w / (x_max - x_min)) if x_max > x_min else plot_w
    for band in chart.bands:
        x0, x1 = px(band.x0) - step * 0.4, px(band.x1) + step * 0.4
        out.append(
            f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{plot_h}" '
            f'fill="{band.color}" opacity="0.45"/>'
            f'<text x="{(x0 + x1) / 2:.1f}" y="{top + 12}" text-anchor="middle" '
            f'class="band-label">{escape(band.label)}</text>'
        )
    for i in range(5):
        value = y_min + y_span * i / 4
        y = py(value)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value:g}</text>'
        )
    for x in xs:
        out.append(
            f'<text x="{px(x):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'class="tick">{x}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" class="tick">'
        f"session</text>"
    )
    if chart.y_label:
        mid = top + plot_h / 2
        out.append(
            f'<text x="12" y="{mid:.1f}" transform="rotate(-90 12 {mid:.1f})" '
            f'text-anchor="middle" class="tick">{escape(chart.y_label)}</text>'
        )
    for value, label in chart.hlines:
        y = py(value)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="cutoff"/>'
            f'<text x="{left + plot_w - 4}" y="{y - 5:.1f}" text-anchor="end" class="cutoff-label">'
            f"{escape(label)}</text>"
        )
    for series in chart.series:
        known = [(x, y) for x, y in series.points if y is not None]
        segments: list[list[tuple[int, float]]] = [[]]
        for x, maybe in series.points:  # a gap where a value is missing, not a line across it
            if maybe is None:
                segments.append([])
            else:
                segments[-1].append((x, maybe))
        for segment in segments:
            if len(segment) < 2:
                continue
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in segment)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{series.color}" '
                f'stroke-width="2.5"/>'
            )
        for x, y in known:
            out.append(
                f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{series.color}">'
                f"<title>{escape(series.name)}, session {x}: {y:.1f}</title></circle>"
            )
    for marker in chart.markers:
        out.append(
            f'<circle cx="{px(marker.x):.1f}" cy="{py(marker.y):.1f}" r="9" fill="none" '
            f'stroke="{marker.color}" stroke-width="2">'
            f"<title>{escape(marker.label)}</title></circle>"
        )
    if len(chart.series) > 1:
        x = width - right - sum(30 + 7 * len(s.name) for s in chart.series)
        for series in chart.series:
            out.append(
                f'<rect x="{x}" y="9" width="10" height="10" fill="{series.color}"/>'
                f'<text x="{x + 14}" y="18" class="tick">{escape(series.name)}</text>'
            )
            x += 14 + 7 * len(series.name) + 16
    out.append("</svg>")
    return "".join(out)
