"""alliance: measure the therapeutic relationship from session transcripts and client check-ins.

Read a transcript, code every utterance, score the relationship, report or store it::

    import alliance
    sessions = alliance.read("session.vtt")
    analysed = alliance.analyze(sessions)
"""

from alliance.errors import AllianceError
from alliance.model import Code, Role, Session, Speaker, Utterance

__version__ = "0.1.0"

__all__ = [
    "AllianceError",
    "Code",
    "Role",
    "Session",
    "Speaker",
    "Utterance",
    "__version__",
    "analyze",
    "read",
]


def __getattr__(name: str) -> object:
    # Keep `import alliance` cheap: the readers and the pipeline load on first use.
    if name == "read":
        from alliance.io import read_path

        return read_path
    if name == "analyze":
        from alliance.analyze import analyze_sessions

        return analyze_sessions
    raise AttributeError(name)
