"""Declared analysis steps and the pipeline that runs them.

A step has a ``name``, a ``version``, the facts it ``requires`` and the facts it ``provides``
(strings such as ``"roles"``, ``"codes.behaviour"``, ``"scores"``), and a ``__call__`` that takes
a batch of sessions and returns new ones. The pipeline checks, before running anything, that
every step's requirements are provided by the reader or an earlier step.

Steps are found through the ``alliance.steps`` entry-point group. The built-in coders and scorers
are registered there in alliance's own ``pyproject.toml``, exactly as a third-party package
registers its own::

    [project.entry-points."alliance.steps"]
    my_coder = "my_package.coders:MyCoder"

:func:`register` adds a step class in-process (for tests and notebooks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, runtime_checkable

from alliance.errors import PipelineError
from alliance.model import Session

__all__ = [
    "READER_PROVIDES",
    "Pipeline",
    "Step",
    "available_steps",
    "default_pipeline",
    "get_step",
    "provided",
    "register",
]

READER_PROVIDES = frozenset({"utterances", "roles", "times"})
"""What every reader gives a session: its utterances, each speaker's role, times where known."""

ENTRY_POINT_GROUP = "alliance.steps"

PROVIDED_KEY = "provided"
"""Session metadata key listing (space-separated) every fact the pipeline's steps provided, so a
code that is absent reads as "looked for and not found" rather than "never looked for"."""


@runtime_checkable
class Step(Protocol):
    """An analysis step. Construction must be cheap: load models lazily, on first call."""

    name: ClassVar[str]
    version: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]
    default: ClassVar[bool]
    """Whether ``alliance analyze`` runs the step unless told otherwise."""
    order: ClassVar[int]
    """Where the step goes in the default pipeline (coders ~100, scorers ~500)."""

    def __call__(self, sessions: Sequence[Session]) -> list[Session]: ...


_registered: dict[str, type[Step]] = {}


def register(step: type[Step]) -> type[Step]:
    """Register a step class in-process (usable as a class decorator)."""
    _registered[step.name] = step
    return step


def available_steps() -> dict[str, type[Step]]:
    """Every step known: from entry points, then those registered in-process."""
    found: dict[str, type[Step]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plug-in must not take the whole tool down
            raise PipelineError(
                f"the step {ep.name!r} ({ep.value}) could not be loaded ({type(exc).__name__})",
                hint="reinstall the package that provides it, or uninstall it",
            ) from exc
        found[cls.name] = cls
    found.update(_registered)
    return found


def get_step(name: str) -> type[Step]:
    steps = available_steps()
    if name not in steps:
        known = ", ".join(sorted(steps)) or "none"
        raise PipelineError(f"unknown step {name!r}", hint=f"known steps: {known}")
    return steps[name]


def default_pipeline(config: Mapping[str, Mapping[str, Any]] | None = None) -> Pipeline:
    """The steps ``alliance analyze`` runs by default, in their declared order.

    ``config`` maps a step name to the keyword arguments its constructor takes (e.g.
    ``{"relationship": {"framework": path}}``)."""
    config = config or {}
    classes = sorted(
        (cls for cls in available_steps().values() if cls.default), key=lambda c: (c.order, c.name)
    )
    return Pipeline([cls(**dict(config.get(cls.name, {}))) for cls in classes])


class Pipeline:
    """Steps run in order over batches of sessions, checked before they run."""

    def __init__(self, steps: Iterable[Step]) -> None:
        self.steps = list(steps)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Pipeline:
        return cls([get_step(name)() for name in names])

    def check(self, available: frozenset[str] = READER_PROVIDES) -> frozenset[str]:
        """Raise :class:`PipelineError` when a step needs something no earlier step provides;
        return everything the pipeline provides."""
        have = set(available)
        for step in self.steps:
            missing = step.requires - have
            if missing:
                raise PipelineError(
                    f"step {step.name!r} needs {', '.join(sorted(missing))}, "
                    "which no earlier step provides",
                    hint="add the step that provides it before this one",
                )
            have |= step.provides
        return frozenset(have)

    def __call__(
        self,
        sessions: Sequence[Session],
        *,
        progress: Callable[[str], None] | None = None,
    ) -> list[Session]:
        self.check()
        out = list(sessions)
        for step in self.steps:
            if progress is not None:
                progress(step.name)
            # Marked after each step, so later steps (a scorer) can tell "coded, none found"
            # from "never coded".
            out = [_mark_provided(session, step) for session in step(out)]
        return out

    def describe(self) -> list[dict[str, object]]:
        """Name, version, needs and contributions of each step, for reports and ``--help``."""
        return [
            {
                "name": s.name,
                "version": s.version,
                "requires": sorted(s.requires),
                "provides": sorted(s.provides),
            }
            for s in self.steps
        ]


def provided(session: Session) -> frozenset[str]:
    """The facts a pipeline run said it provided for ``session`` (empty if none ran)."""
    return frozenset(session.metadata.get(PROVIDED_KEY, "").split())


def _mark_provided(session: Session, step: Step) -> Session:
    facts = provided(session) | READER_PROVIDES | step.provides
    return replace(session, metadata={**session.metadata, PROVIDED_KEY: " ".join(sorted(facts))})
