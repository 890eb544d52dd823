"""Coding every utterance: rule-based cue coders (:mod:`alliance.coding.cues`) and the learned
MI coder (:mod:`alliance.coding.learned`), with the AnnoMI loader, training and evaluation that
measure it (:mod:`alliance.coding.annomi`, :mod:`alliance.coding.train`,
:mod:`alliance.coding.evaluate`).

Submodules are imported on use, so ``import alliance.coding`` stays cheap.
"""
