"""The HTML report: one self-contained offline file (no CDN, no network)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from alliance.model import Session

__all__ = ["render_html"]


def render_html(sessions: Sequence[Session]) -> str:
    """A complete HTML document for ``sessions``."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>alliance report</title></head><body>"
    ]
    for session in sessions:
        parts.append(f"<h1>{html.escape(session.id)}</h1><ol>")
        for u in session.utterances:
            parts.append(f"<li>{html.escape(u.speaker)}: {html.escape(u.text)}</li>")
        parts.append("</ol>")
    parts.append("</body></html>")
    return "".join(parts)
