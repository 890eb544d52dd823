"""The framework of the relationship as data: stages, components, elements, indices and weights.

A framework is a versioned JSON file. The package ships ``frameworks/alliance-brief-1.json``
(the model of the brief: four stages, five components, three elements) and a second sample,
``frameworks/bordin-1.json`` (goal, task, bond), to show that a clinic or a researcher can
swap in their own with ``--framework FILE``. Everything a score rests on is in the file, so it
can be read, cited and changed without touching code; this module only checks it.

Shape (see ``docs/scoring.md``)::

    {
      "format": "alliance.framework/1",
      "name": "alliance-brief", "version": "1.0.0", "title": "...", "references": ["..."],
      "indices": {"reflection_to_question": {"thresholds": {"fair": 1.0, "good": 2.0},
                   "higher_is_better": true, "source": "MITI 4.2.1"}, ...},
      "stages": [{"name": "rapport", "label": "...", "position": [1.0, 0.0],
                  "codes": {"behaviour=other": 1.0, "affirmation": 0.5}}, ...],
      "components": [{"name": "empathy", "label": "...", "confidence_cap": 1.0,
                      "feeds": [{"index": "reflection_rate", "weight": 2.0,
                                 "anchors": [[0.0, 0.0], [0.4, 100.0]]}]}],
      "elements": [... same shape; a feed may name a "component" instead of an "index" ...],
      "overall": {"feeds": [{"component": "empathy", "weight": 1.0}, {"element": "trust", ...}]}
    }
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alliance.errors import FrameworkError
from alliance.scoring.indices import INDEX_NAMES

__all__ = [
    "CODE_VALUES",
    "DEFAULT_FRAMEWORK",
    "FORMAT",
    "Feed",
    "Framework",
    "IndexSpec",
    "ScoreSpec",
    "StageSpec",
    "load_framework",
    "parse_framework",
]

FORMAT = "alliance.framework/1"
DEFAULT_FRAMEWORK = "alliance-brief-1.json"

CODE_VALUES: Mapping[str, tuple[str | bool, ...]] = {
    "behaviour": ("question", "reflection", "therapist_input", "other"),
    "question": ("open", "closed"),
    "reflection": ("simple", "complex"),
    "input": ("information", "advice", "negotiation", "options"),
    "talk_type": ("change", "neutral", "sustain"),
    "affirmation": (True,),
    "reflection_of_feeling": (True,),
    "asks_permission": (True,),
    "advice_without_permission": (True,),
    "judgmental": (True,),
    "self_disclosure": (True,),
    "interruption": (True,),
    "minimal_response": (True,),
    "disagreement": (True,),
}
"""Every code key a framework may name, with the values the coders give it."""


@dataclass(frozen=True, slots=True)
class IndexSpec:
    """How an index is judged: its published thresholds, which way is better, and the source."""

    name: str
    thresholds: Mapping[str, float]
    higher_is_better: bool
    source: str


@dataclass(frozen=True, slots=True)
class Feed:
    """One input of a score: an index mapped to 0–100 by piecewise-linear ``anchors``, or
    another score (``kind`` ``component`` or ``element``) taken as it is."""

    kind: str
    name: str
    weight: float
    anchors: tuple[tuple[float, float], ...] = ()

    def scale(self, value: float) -> float:
        """``value`` mapped through the anchors (clamped at both ends)."""
        points = self.anchors
        if value <= points[0][0]:
            return points[0][1]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if value <= x1:
                return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
        return points[-1][1]


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    """A component, an element or the overall score: what feeds it and how sure it can be."""

    name: str
    label: str
    description: str
    feeds: tuple[Feed, ...]
    confidence_cap: float = 1.0
    min_evidence: float = 0.5
    """The share of the feeds' weight that must have a value before the score gets a number."""


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A stage: per-utterance evidence (code -> weight) and a prior over the session's course
    (``position``: weight at the start and at the end, interpolated in between)."""

    name: str
    label: str
    codes: Mapping[str, float]
    position: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Framework:
    """A validated framework. ``id`` (``name@version``) is what ``Scores.framework`` records."""

    name: str
    version: str
    title: str
    references: tuple[str, ...]
    indices: Mapping[str, IndexSpec]
    stages: tuple[StageSpec, ...]
    components: tuple[ScoreSpec, ...]
    elements: tuple[ScoreSpec, ...]
    overall: ScoreSpec
    switch_penalty: float = 4.0
    backward_penalty: float = 2.0
    path: str | None = None

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"


def load_framework(source: str | Path | None = None) -> Framework:
    """Load and check a framework file; ``None`` is the shipped default.

    A bare file name that is not an existing path is looked up among the shipped frameworks
    (``bordin-1.json``). Raises :class:`FrameworkError` saying where and what is wrong.
    """
    if source is None or (not Path(source).exists() and _is_shipped(str(source))):
        name = DEFAULT_FRAMEWORK if source is None else str(source)
        resource = resources.files("alliance.scoring").joinpath("frameworks", name)
        text = resource.read_text(encoding="utf-8")
        where = f"alliance/scoring/frameworks/{name}"
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise FrameworkError(
                f"{path}: framework file not found", hint="give the path of a framework JSON file"
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise FrameworkError(
                f"{path}: framework file could not be read ({type(exc).__name__})",
                hint="a framework is a UTF-8 JSON file; see docs/scoring.md",
            ) from exc
        where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FrameworkError(
            f"{where}:{exc.lineno}: not valid JSON ({exc.msg})",
            hint="fix the JSON syntax at that line",
        ) from exc
    return parse_framework(data, where=where)


def _is_shipped(name: str) -> bool:
    if "/" in name or "\\" in name:
        return False
    return resources.files("alliance.scoring").joinpath("frameworks", name).is_file()


def parse_framework(data: Any, *, where: str = "<framework>") -> Framework:
    """Check ``data`` (the parsed JSON) and build a :class:`Framework`."""
    checker = _Checker(where)
    root = checker.mapping(data, "the file")
    if root.get("format") != FORMAT:
        checker.fail("format", f"must be {FORMAT!r}")
    name = checker.string(root, "name")
    version = checker.string(root, "version")
    title = str(root.get("title", name))
    references = tuple(str(r) for r in checker.sequence(root.get("references", []), "references"))

    indices: dict[str, IndexSpec] = {}
    for key, spec in checker.mapping(root.get("indices", {}), "indices").items():
        path = f"indices.{key}"
        if key not in INDEX_NAMES:
            checker.fail(path, f"unknown index (known: {', '.join(sorted(INDEX_NAMES))})")
        spec = checker.mapping(spec, path)
        thresholds = checker.mapping(spec.get("thresholds", {}), f"{path}.thresholds")
        indices[key] = IndexSpec(
            name=key,
            thresholds={
                str(k): checker.number(v, f"{path}.thresholds.{k}") for k, v in thresholds.items()
            },
            higher_is_better=bool(spec.get("higher_is_better", True)),
            source=str(spec.get("source", "")),
        )

    stages = tuple(
        _stage(checker, s, f"stages[{i}]")
        for i, s in enumerate(checker.sequence(root.get("stages"), "stages"))
    )
    if not stages:
        checker.fail("stages", "needs at least one stage")
    checker.unique([s.name for s in stages], "stages")

    components = tuple(
        _score(checker, s, f"components[{i}]", allowed=("index",))
        for i, s in enumerate(checker.sequence(root.get("components"), "components"))
    )
    if not components:
        checker.fail("components", "needs at least one component")
    checker.unique([c.name for c in components], "components")
    elements = tuple(
        _score(checker, s, f"elements[{i}]", allowed=("index", "component"))
        for i, s in enumerate(checker.sequence(root.get("elements", []), "elements"))
    )
    checker.unique([e.name for e in elements], "elements")
    overall_data = dict(checker.mapping(root.get("overall"), "overall"))
    overall_data.setdefault("name", "overall")
    overall = _score(checker, overall_data, "overall", allowed=("index", "component", "element"))

    known = {"component": {c.name for c in components}, "element": {e.name for e in elements}}
    for group, specs in (("elements", elements), ("overall", (overall,))):
        for spec in specs:
            for feed in spec.feeds:
                if feed.kind == "index" and feed.name not in INDEX_NAMES:
                    checker.fail(f"{group}.{spec.name}", f"feeds from unknown index {feed.name!r}")
                if feed.kind in known and feed.name not in known[feed.kind]:
                    checker.fail(
                        f"{group}.{spec.name}", f"feeds from unknown {feed.kind} {feed.name!r}"
                    )
    for spec in components:
        for feed in spec.feeds:
            if feed.name not in INDEX_NAMES:
                checker.fail(f"components.{spec.name}", f"feeds from unknown index {feed.name!r}")

    segmentation = checker.mapping(root.get("segmentation", {}), "segmentation")
    switch_penalty = checker.number(
        segmentation.get("switch_penalty", 4.0), "segmentation.switch_penalty"
    )
    backward_penalty = checker.number(
        segmentation.get("backward_penalty", 2.0), "segmentation.backward_penalty"
    )
    if switch_penalty < 0 or backward_penalty < 0:
        checker.fail("segmentation", "penalties must be zero or more")
    return Framework(
        name=name,
        version=version,
        title=title,
        references=references,
        indices=indices,
        stages=stages,
        components=components,
        elements=elements,
        overall=overall,
        switch_penalty=switch_penalty,
        backward_penalty=backward_penalty,
        path=where,
    )


def _stage(checker: _Checker, data: Any, path: str) -> StageSpec:
    spec = checker.mapping(data, path)
    name = checker.string(spec, "name", path)
    codes: dict[str, float] = {}
    for key, weight in checker.mapping(spec.get("codes", {}), f"{path}.codes").items():
        checker.code_key(key, f"{path}.codes")
        codes[key] = checker.number(weight, f"{path}.codes.{key}")
    position = checker.sequence(spec.get("position", [0.0, 0.0]), f"{path}.position")
    if len(position) != 2:
        checker.fail(f"{path}.position", "must be [weight at start, weight at end]")
    return StageSpec(
        name=name,
        label=str(spec.get("label", name)),
        codes=codes,
        position=(
            checker.number(position[0], f"{path}.position"),
            checker.number(position[1], f"{path}.position"),
        ),
    )


def _score(checker: _Checker, data: Any, path: str, *, allowed: Sequence[str]) -> ScoreSpec:
    spec = checker.mapping(data, path)
    name = checker.string(spec, "name", path)
    feeds: list[Feed] = []
    for i, feed_data in enumerate(checker.sequence(spec.get("feeds"), f"{path}.feeds")):
        fpath = f"{path}.feeds[{i}]"
        feed = checker.mapping(feed_data, fpath)
        kinds = [k for k in ("index", "component", "element") if k in feed]
        if len(kinds) != 1 or kinds[0] not in allowed:
            checker.fail(fpath, f"must name exactly one of: {', '.join(allowed)}")
        kind = kinds[0]
        weight = checker.number(feed.get("weight"), f"{fpath}.weight")
        if weight <= 0:
            checker.fail(f"{fpath}.weight", "must be greater than 0")
        anchors: tuple[tuple[float, float], ...] = ()
        if kind == "index":
            raw = checker.sequence(feed.get("anchors"), f"{fpath}.anchors")
            points = []
            for j, point in enumerate(raw):
                pair = checker.sequence(point, f"{fpath}.anchors[{j}]")
                if len(pair) != 2:
                    checker.fail(f"{fpath}.anchors[{j}]", "must be [index value, score 0-100]")
                x = checker.number(pair[0], f"{fpath}.anchors[{j}]")
                y = checker.number(pair[1], f"{fpath}.anchors[{j}]")
                if not 0.0 <= y <= 100.0:
                    checker.fail(f"{fpath}.anchors[{j}]", "score must be between 0 and 100")
                points.append((x, y))
            if len(points) < 2 or any(b[0] <= a[0] for a, b in itertools.pairwise(points)):
                checker.fail(
                    f"{fpath}.anchors", "needs two or more points with increasing index values"
                )
            anchors = tuple(points)
        feeds.append(
            Feed(kind=kind, name=checker.string(feed, kind, fpath), weight=weight, anchors=anchors)
        )
    if not feeds:
        checker.fail(f"{path}.feeds", "needs at least one feed")
    cap = checker.number(spec.get("confidence_cap", 1.0), f"{path}.confidence_cap")
    min_evidence = checker.number(spec.get("min_evidence", 0.5), f"{path}.min_evidence")
    if not 0.0 <= cap <= 1.0 or not 0.0 < min_evidence <= 1.0:
        checker.fail(path, "confidence_cap must be in 0-1 and min_evidence in (0, 1]")
    return ScoreSpec(
        name=name,
        label=str(spec.get("label", name)),
        description=str(spec.get("description", "")),
        feeds=tuple(feeds),
        confidence_cap=cap,
        min_evidence=min_evidence,
    )


class _Checker:
    """Raises :class:`FrameworkError` naming the file and the JSON path of the bad part."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, path: str, what: str) -> None:
        raise FrameworkError(
            f"{self.where}: {path}: {what}", hint="fix the framework file (see docs/scoring.md)"
        )

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path, "must be a JSON object")
        return value  # type: ignore[no-any-return,unused-ignore]

    def sequence(self, value: Any, path: str) -> Sequence[Any]:
        if not isinstance(value, list):
            self.fail(path, "must be a JSON list")
        return value  # type: ignore[no-any-return,unused-ignore]

    def string(self, data: Mapping[str, Any], key: str, path: str = "") -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value:
            self.fail(f"{path}.{key}" if path else key, "must be a non-empty string")
        return str(value)

    def number(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, "must be a number")
        return float(value)

    def unique(self, names: Sequence[str], path: str) -> None:
        seen: set[str] = set()
        for name in names:
            if name in seen:
                self.fail(path, f"{name!r} is defined twice")
            seen.add(name)

    def code_key(self, key: str, path: str) -> None:
        code, _, value = key.partition("=")
        if code not in CODE_VALUES:
            self.fail(path, f"unknown code {code!r} (known: {', '.join(sorted(CODE_VALUES))})")
        if value and value not in {str(v) for v in CODE_VALUES[code]}:
            self.fail(path, f"unknown value {value!r} for code {code!r}")
