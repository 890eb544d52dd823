"""Scoring the relationship: a framework (data), indices, scores, stages, ruptures, feedback.

The pipeline step is :class:`RelationshipScorer` (registered as ``relationship``);
:func:`analyse` does the same for one session with a framework you loaded yourself.
"""

from __future__ import annotations

from alliance.scoring.framework import Framework, load_framework
from alliance.scoring.step import RelationshipScorer, analyse

__all__ = ["Framework", "RelationshipScorer", "analyse", "load_framework"]
