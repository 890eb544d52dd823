"""Reports of analysed sessions: a terminal view (rich) and a self-contained offline HTML file.

The JSON report is the session's own JSON form (:mod:`alliance.serialize`); these two render
the same facts for people. The HTML report shows the transcript (it is the user's own file);
the terminal report never does.
"""

from __future__ import annotations

from alliance.report.html import render_html
from alliance.report.terminal import render_terminal

__all__ = ["render_html", "render_terminal"]
