"""The terminal report: scores, indices, stages, ruptures and feedback, never transcript text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from alliance.model import Session
from alliance.summary import summarize

__all__ = ["render_terminal"]


def render_terminal(sessions: Sequence[Session], console: Console) -> None:
    """Print one block per session on ``console``."""
    for session in sessions:
        summary = summarize(session)
        console.rule(f"session {session.id}")
        table = Table(title="talk balance")
        table.add_column("speaker")
        table.add_column("role")
        table.add_column("utterances", justify="right")
        table.add_column("share of words", justify="right")
        for s in summary["speakers"]:
            table.add_row(s["id"], s["role"], str(s["utterances"]), f"{s['share_of_words']:.0%}")
        console.print(table)
        if session.scores is not None:
            scores = Table(title="scores (0-100)")
            scores.add_column("score")
            scores.add_column("value", justify="right")
            for name, score in [
                ("overall", session.scores.overall),
                *session.scores.components.items(),
            ]:
                scores.add_row(name, "-" if score.value is None else f"{score.value:.0f}")
            console.print(scores)
