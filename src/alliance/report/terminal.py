"""The terminal report: talk balance, scores, indices, stages, ruptures and feedback.

It never shows transcript text (a terminal may be shared or logged); it points at utterances by
time or turn number, which the HTML report and the JSON can resolve.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from alliance.model import Score, Session
from alliance.scoring.feedback import at
from alliance.scoring.indices import LOWER_IS_BETTER, index_labels
from alliance.summary import summarize

__all__ = ["render_terminal"]

_STAGE_STYLES = {
    "rapport": "blue",
    "exploring": "green",
    "planning": "dark_orange",
    "progress": "magenta",
}


def _style(value: float | None) -> str:
    if value is None:
        return "dim"
    return "green" if value >= 70 else "yellow" if value >= 45 else "red"


def _score_cell(score: Score) -> Text:
    if score.value is None:
        return Text("–", style="dim")
    return Text(f"{score.value:.0f}", style=_style(score.value))


def _fmt(value: float | None, name: str) -> str:
    if value is None:
        return "–"
    if name.startswith("percent_") or name in ("therapist_share_of_talk", "change_talk_share"):
        return f"{100 * value:.0f}%"
    if name in ("reflection_to_question", "change_to_sustain", "client_words_per_turn"):
        return f"{value:.2f}"
    return f"{value:.3f}"


def render_terminal(sessions: Sequence[Session], console: Console) -> None:
    """Print one report per session on ``console``."""
    for session in sessions:
        _render_one(session, console)


def _render_one(session: Session, console: Console) -> None:
    summary = summarize(session)
    duration = summary.get("duration_seconds")
    head = f"session {session.id}: {summary['utterances']} utterances, {summary['words']} words"
    if duration is not None:
        head += f", {int(duration) // 60} min"
    console.rule(head)

    talk = Table(title="Talk balance", title_justify="left")
    talk.add_column("speaker")
    talk.add_column("role")
    talk.add_column("turns", justify="right")
    talk.add_column("words", justify="right")
    talk.add_column("share", justify="right")
    for s in summary["speakers"]:
        talk.add_row(
            s["id"], s["role"], str(s["utterances"]), str(s["words"]), f"{s['share_of_words']:.0%}"
        )
    console.print(talk)

    scores = session.scores
    if scores is None:
        console.print(Text("Not scored: the relationship step did not run.", style="dim"))
        return
    table = Table(title=f"Relationship scores (0–100) · {scores.framework}", title_justify="left")
    table.add_column("score")
    table.add_column("value", justify="right")
    table.add_column("confidence", justify="right")
    table.add_column("note", overflow="fold")
    rows = [("overall", scores.overall)]
    rows += [(f"component · {k}", v) for k, v in scores.components.items()]
    rows += [(f"element · {k}", v) for k, v in scores.elements.items()]
    for label, score in rows:
        table.add_row(label, _score_cell(score), f"{score.confidence:.2f}", score.reason or "")
    console.print(table)

    indices = Table(title="Indices", title_justify="left")
    indices.add_column("index")
    indices.add_column("value", justify="right")
    indices.add_column("band")
    indices.add_column("thresholds")
    labels = index_labels()
    for name, index in sorted(scores.indices.items(), key=lambda kv: (not kv[1].thresholds, kv[0])):
        if index.value is None and not index.thresholds:
            continue
        band = index.band or ""
        style = (
            "green"
            if band == "good"
            else "red"
            if band.startswith("below")
            else "yellow"
            if band
            else ""
        )
        sign = "≤" if name in LOWER_IS_BETTER else "≥"
        thresholds = ", ".join(
            f"{k} = 0" if v == 0 and sign == "≤" else f"{k} {sign} {_fmt(v, name)}"
            for k, v in index.thresholds.items()
        )
        indices.add_row(
            labels.get(name, name),
            _fmt(index.value, name),
            Text(band, style=style),
            thresholds or (index.reason or ""),
        )
    console.print(indices)

    if session.stages:
        line = Text("Stages: ")
        for n, span in enumerate(session.stages):
            if n:
                line.append(" → ")
            where = f"turns {span.first}–{span.last}"
            line.append(span.stage, style=_STAGE_STYLES.get(span.stage, "bold"))
            line.append(f" ({where})", style="dim")
        console.print(line)

    by_index = {u.index: u for u in session.utterances}
    if session.ruptures:
        console.print(Text("Ruptures", style="bold"))
        for r in session.ruptures:
            first = by_index.get(r.evidence.utterances[0])
            where = at(first) if first is not None else f"turn {r.evidence.utterances[0]}"
            repaired = (
                Text(" repaired", style="green")
                if r.repaired
                else Text(" not repaired", style="red")
            )
            console.print(Text(f"  {r.kind} at {where}: {r.evidence.note};").append(repaired))
    if session.feedback:
        console.print(Text("Feedback", style="bold"))
        for f in session.feedback:
            console.print(Text("  • ").append(f.message))
