"""The ``relationship`` pipeline step: codes in, scores, stages, ruptures and feedback out."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from alliance.model import Session
from alliance.scoring.feedback import build_feedback
from alliance.scoring.framework import Framework, load_framework
from alliance.scoring.indices import compute_indices, cues_ran
from alliance.scoring.ruptures import find_ruptures
from alliance.scoring.scores import build_scores
from alliance.scoring.stages import segment, spans

__all__ = ["RelationshipScorer", "analyse"]


def analyse(session: Session, framework: Framework) -> Session:
    """``session`` with its scores, stages (each utterance's and the timeline), ruptures and
    feedback under ``framework``. Missing codes lower the evidence; they never fail the step."""
    measured = compute_indices(session)
    scores = build_scores(measured, framework)
    labels = segment(session.utterances, framework)
    utterances = tuple(
        dataclasses.replace(u, stage=label)
        for u, label in zip(session.utterances, labels, strict=True)
    )
    ruptures = find_ruptures(utterances, cues=cues_ran(session))
    return dataclasses.replace(
        session,
        utterances=utterances,
        scores=scores,
        stages=spans(utterances, labels),
        ruptures=ruptures,
        feedback=build_feedback(utterances, measured, ruptures),
    )


class RelationshipScorer:
    """Scores the relationship in each session against a framework (the shipped one unless
    ``framework`` names another file). The framework is loaded on the first call."""

    name: ClassVar[str] = "relationship"
    version: ClassVar[str] = "1.0.0"
    # Codes are used when present but not required: without them the scores say "insufficient
    # evidence" (with the reason) instead of the whole pipeline refusing to run.
    requires: ClassVar[frozenset[str]] = frozenset({"utterances", "roles"})
    provides: ClassVar[frozenset[str]] = frozenset({"scores", "stages", "ruptures", "feedback"})
    default: ClassVar[bool] = True
    order: ClassVar[int] = 500

    def __init__(self, framework: str | Path | None = None) -> None:
        self.framework = framework
        self._loaded: Framework | None = None

    @property
    def framework_(self) -> Framework:
        """The loaded framework (raises :class:`~alliance.errors.FrameworkError` if invalid)."""
        if self._loaded is None:
            self._loaded = load_framework(self.framework)
        return self._loaded

    def __call__(self, sessions: Sequence[Session]) -> list[Session]:
        framework = self.framework_
        return [analyse(s, framework) for s in sessions]
