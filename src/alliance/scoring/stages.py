"""The stages of a session: an ordered segmentation that may return to an earlier stage.

Each utterance gets evidence for each stage: the framework's weights for the codes it carries,
plus a prior over where in the session it falls (rapport early, progress late). A Viterbi pass
then finds the sequence of stages with the most evidence, paying ``switch_penalty`` for every
change of stage and ``backward_penalty`` more for a return to an earlier one. So a stage changes
only where several utterances in a row argue for it, and a return (planning back to exploring
when new trouble comes up) is allowed but has to be earned.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alliance.model import StageSpan, Utterance
from alliance.scoring.framework import Framework, StageSpec

__all__ = ["segment", "spans", "stage_evidence"]


def _matches(u: Utterance, key: str) -> float:
    """The confidence of code ``key`` (``"behaviour=other"`` or a bare cue name) on ``u``, or 0."""
    code_key, _, value = key.partition("=")
    code = u.codes.get(code_key)
    if code is None:
        return 0.0
    if value:
        return code.confidence if str(code.value) == value else 0.0
    return code.confidence if code.value is True else 0.0


def stage_evidence(utterances: Sequence[Utterance], stages: Sequence[StageSpec]) -> np.ndarray:
    """An (utterances × stages) array of per-utterance evidence, position prior included."""
    n = len(utterances)
    out = np.zeros((n, len(stages)))
    for j, stage in enumerate(stages):
        start, end = stage.position
        for i, u in enumerate(utterances):
            where = i / (n - 1) if n > 1 else 0.0
            out[i, j] = (
                start
                + (end - start) * where
                + sum(weight * _matches(u, key) for key, weight in stage.codes.items())
            )
    return out


def segment(utterances: Sequence[Utterance], framework: Framework) -> list[str]:
    """The stage of each utterance, in order."""
    if not utterances:
        return []
    stages = framework.stages
    evidence = stage_evidence(utterances, stages)
    k = len(stages)
    order = np.arange(k)
    # cost of moving from stage a (row) to stage b (column)
    move = np.where(order[None, :] == order[:, None], 0.0, framework.switch_penalty)
    move = move + np.where(order[None, :] < order[:, None], framework.backward_penalty, 0.0)
    best = evidence[0].copy()
    back = np.zeros((len(utterances), k), dtype=np.int64)
    for i in range(1, len(utterances)):
        candidates = best[:, None] - move
        back[i] = np.argmax(candidates, axis=0)
        best = candidates[back[i], order] + evidence[i]
    path = [int(np.argmax(best))]
    for i in range(len(utterances) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    return [stages[j].name for j in path]


def spans(utterances: Sequence[Utterance], labels: Sequence[str]) -> tuple[StageSpan, ...]:
    """Runs of consecutive utterances in one stage, with their first start and last end time."""
    out: list[StageSpan] = []
    i = 0
    while i < len(utterances):
        j = i
        while j + 1 < len(utterances) and labels[j + 1] == labels[i]:
            j += 1
        first, last = utterances[i], utterances[j]
        end = last.end if last.end is not None else last.start
        out.append(StageSpan(labels[i], first.index, last.index, first.start, end))
        i = j + 1
    return tuple(out)
