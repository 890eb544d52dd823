"""Instruments as data: a FHIR R4 ``Questionnaire`` read into an :class:`Instrument`.

Why FHIR: a clinic licensed to use a copyrighted questionnaire can load it from its own file, and
alliance keeps only what the file gives (item text included only when present). The scoring a
course needs (how items add up, the cut-off, the reliability and norm SD behind the reliable
change index, per-item thresholds, which component and element an item speaks to) travels in the
file as extensions and item codes, so the instrument stays one inspectable document.

Conventions read here (all optional except a numeric range per answerable item)::

    Questionnaire.extension[url=urn:alliance:extension:scoring]
        .extension[url=method]        valueCode     "mean" (default) or "sum"
        .extension[url=cutoff]        valueDecimal  scores below this are "below cut-off"
        .extension[url=reliability]   valueDecimal  test-retest or internal consistency r
        .extension[url=normSD]        valueDecimal  SD of a reference (norm) sample
        .extension[url=provisional]   valueBoolean  placeholders, to be replaced
    item.extension[url=http://hl7.org/fhir/StructureDefinition/minValue|maxValue]
    item.answerOption[].valueInteger, or valueCoding with the ordinalValue extension
    item.extension[url=urn:alliance:extension:item-threshold]  valueDecimal
    item.extension[url=urn:alliance:extension:reverse-scored]  valueBoolean
    item.code[system=urn:alliance:codesystem:component|element]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from alliance.errors import ValidationError

__all__ = [
    "COMPONENTS",
    "ELEMENTS",
    "EXT_ITEM_THRESHOLD",
    "EXT_REVERSE",
    "EXT_SCORING",
    "SYSTEM_COMPONENT",
    "SYSTEM_ELEMENT",
    "Instrument",
    "Item",
    "Scoring",
    "builtin_instruments",
    "instrument_from_fhir",
    "load_instrument_file",
    "with_scoring",
]

COMPONENTS = ("rapport", "trust", "empathy", "congruence", "positive_regard")
ELEMENTS = ("communication", "trust", "commitment")

EXT_SCORING = "urn:alliance:extension:scoring"
EXT_ITEM_THRESHOLD = "urn:alliance:extension:item-threshold"
EXT_REVERSE = "urn:alliance:extension:reverse-scored"
SYSTEM_COMPONENT = "urn:alliance:codesystem:component"
SYSTEM_ELEMENT = "urn:alliance:codesystem:element"
_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
_ORDINAL = ("http://hl7.org/fhir/StructureDefinition/ordinalValue", "ordinalValue")
_ANSWERABLE = {"integer", "decimal", "choice"}
_STATUSES = {"draft", "active", "retired", "unknown"}

ScoringMethod = Literal["mean", "sum"]


@dataclass(frozen=True, slots=True)
class Item:
    """One answerable item: its range, whether it is reverse-scored, the value below which an
    answer is worth an alert, and which components and elements of the relationship it reflects."""

    link_id: str
    text: str | None
    minimum: float
    maximum: float
    reverse: bool = False
    threshold: float | None = None
    components: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    options: tuple[float, ...] = ()
    """Allowed values for a choice item; empty means any number in the range."""
    coded: tuple[tuple[str, float], ...] = ()
    """``(code, value)`` of coded answer options, to read coded answers as numbers."""

    def value_of_code(self, code: str) -> float | None:
        for known, value in self.coded:
            if known == code:
                return value
        return None

    def check(self, value: float) -> str | None:
        """Why ``value`` is not a valid answer, or ``None`` when it is."""
        if value != value or not (self.minimum <= value <= self.maximum):
            span = f"{self.minimum:g}–{self.maximum:g}"
            return f"answer {value:g} to item {self.link_id!r} is outside {span}"
        if self.options and value not in self.options:
            allowed = ", ".join(f"{o:g}" for o in self.options)
            return f"answer {value:g} to item {self.link_id!r} is not one of {allowed}"
        return None

    def scored(self, value: float) -> float:
        """The value as it counts towards the score (reverse-scored items are flipped)."""
        return self.minimum + self.maximum - value if self.reverse else value


@dataclass(frozen=True, slots=True)
class Scoring:
    """How answers become a score and how a change in score is judged."""

    method: ScoringMethod = "mean"
    cutoff: float | None = None
    reliability: float | None = None
    norm_sd: float | None = None
    provisional: bool = False

    def reliable_change(self, z: float = 1.96) -> float | None:
        """The smallest change that is reliable (Jacobson & Truax 1991): ``z`` times the standard
        error of the difference, ``SD * sqrt(2 * (1 - r))``. ``None`` without SD and r."""
        se_diff = self.se_difference
        return None if se_diff is None else z * se_diff

    @property
    def se_difference(self) -> float | None:
        if self.norm_sd is None or self.reliability is None:
            return None
        se = self.norm_sd * (2.0 * (1.0 - self.reliability)) ** 0.5
        return se if se > 0 else None

    def rci(self, before: float, after: float) -> float | None:
        """The reliable change index of ``before -> after``; ``None`` without SD and r."""
        se_diff = self.se_difference
        return None if se_diff is None else (after - before) / se_diff


@dataclass(frozen=True, slots=True)
class Instrument:
    """A questionnaire alliance can store answers to, with the file it came from."""

    key: str
    title: str
    status: str
    items: tuple[Item, ...]
    scoring: Scoring
    url: str | None = None
    version: str | None = None
    description: str | None = None
    resource: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def item(self, link_id: str) -> Item:
        for item in self.items:
            if item.link_id == link_id:
                return item
        raise KeyError(link_id)

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(i.link_id for i in self.items)

    @property
    def score_range(self) -> tuple[float, float]:
        lows = [min(i.minimum, i.maximum) for i in self.items]
        highs = [max(i.minimum, i.maximum) for i in self.items]
        if self.scoring.method == "sum":
            return sum(lows), sum(highs)
        return min(lows), max(highs)

    def score(self, answers: Mapping[str, float]) -> float:
        """The total score of one complete set of answers."""
        values = [item.scored(answers[item.link_id]) for item in self.items]
        total = sum(values)
        return total if self.scoring.method == "sum" else total / len(values)

    def subscores(self, answers: Mapping[str, float]) -> dict[str, float]:
        """Mean (scored) answer per component and element the instrument covers, keyed
        ``component.<name>`` / ``element.<name>``."""
        groups: dict[str, list[float]] = {}
        for item in self.items:
            if item.link_id not in answers:
                continue
            value = item.scored(answers[item.link_id])
            for name in item.components:
                groups.setdefault(f"component.{name}", []).append(value)
            for name in item.elements:
                groups.setdefault(f"element.{name}", []).append(value)
        return {key: sum(v) / len(v) for key, v in groups.items()}


def _ext(extensions: Sequence[Mapping[str, Any]] | None, url: str | tuple[str, ...]) -> Any:
    urls = (url,) if isinstance(url, str) else url
    for ext in extensions or ():
        if ext.get("url") in urls:
            for key, value in ext.items():
                if key.startswith("value"):
                    return value
            return ext
    return None


def _number(value: Any, what: str, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{where}: {what} must be a number")
    return float(value)


def _walk(items: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for item in items:
        yield item
        yield from _walk(item.get("item") or ())


def _read_item(raw: Mapping[str, Any], where: str) -> Item:
    link_id = str(raw["linkId"])
    spot = f"{where}: item {link_id!r}"
    exts = raw.get("extension")
    options: list[float] = []
    coded: list[tuple[str, float]] = []
    for option in raw.get("answerOption") or ():
        if "valueInteger" in option:
            options.append(float(option["valueInteger"]))
        elif "valueCoding" in option:
            ordinal = _ext(
                option.get("extension") or option["valueCoding"].get("extension"), _ORDINAL
            )
            if ordinal is None:
                raise ValidationError(
                    f"{spot} has a coded answer option without an ordinalValue",
                    hint="give each answerOption a valueInteger or an ordinalValue extension",
                )
            options.append(float(ordinal))
            coded.append((str(option["valueCoding"].get("code")), float(ordinal)))
    minimum = _number(_ext(exts, _MIN_VALUE), "minValue", spot)
    maximum = _number(_ext(exts, _MAX_VALUE), "maxValue", spot)
    if options:
        minimum = min(options) if minimum is None else minimum
        maximum = max(options) if maximum is None else maximum
    if minimum is None or maximum is None or minimum >= maximum:
        raise ValidationError(
            f"{spot} has no numeric answer range",
            hint="add minValue and maxValue extensions, or answerOptions with integer values",
        )
    components: list[str] = []
    elements: list[str] = []
    for coding in raw.get("code") or ():
        if coding.get("system") == SYSTEM_COMPONENT:
            if coding.get("code") not in COMPONENTS:
                raise ValidationError(f"{spot}: unknown component {coding.get('code')!r}")
            components.append(str(coding["code"]))
        elif coding.get("system") == SYSTEM_ELEMENT:
            if coding.get("code") not in ELEMENTS:
                raise ValidationError(f"{spot}: unknown element {coding.get('code')!r}")
            elements.append(str(coding["code"]))
    threshold = _number(_ext(exts, EXT_ITEM_THRESHOLD), "item-threshold", spot)
    reverse = _ext(exts, EXT_REVERSE)
    return Item(
        link_id=link_id,
        text=raw.get("text"),
        minimum=minimum,
        maximum=maximum,
        reverse=bool(reverse) if reverse is not None else False,
        threshold=threshold,
        components=tuple(components),
        elements=tuple(elements),
        options=tuple(options),
        coded=tuple(coded),
    )


def _read_scoring(data: Mapping[str, Any], where: str) -> Scoring:
    block = None
    for ext in data.get("extension") or ():
        if ext.get("url") == EXT_SCORING:
            block = ext.get("extension") or []
    if block is None:
        return Scoring()
    method = _ext(block, "method") or "mean"
    if method not in ("mean", "sum"):
        raise ValidationError(f"{where}: scoring method must be 'mean' or 'sum', not {method!r}")
    reliability = _number(_ext(block, "reliability"), "reliability", where)
    if reliability is not None and not (0.0 <= reliability < 1.0):
        raise ValidationError(f"{where}: reliability must be in [0, 1)")
    norm_sd = _number(_ext(block, "normSD"), "normSD", where)
    if norm_sd is not None and norm_sd <= 0:
        raise ValidationError(f"{where}: normSD must be positive")
    return Scoring(
        method="sum" if method == "sum" else "mean",
        cutoff=_number(_ext(block, "cutoff"), "cutoff", where),
        reliability=reliability,
        norm_sd=norm_sd,
        provisional=bool(_ext(block, "provisional") or False),
    )


def instrument_from_fhir(data: Mapping[str, Any], *, path: str | None = None) -> Instrument:
    """Validate ``data`` as an R4 Questionnaire (with fhir.resources' R4B models, which R4
    Questionnaires satisfy) and read it into an :class:`Instrument`."""
    where = path or "questionnaire"
    if not isinstance(data, Mapping) or data.get("resourceType") != "Questionnaire":
        raise ValidationError(
            f"{where}: not a FHIR Questionnaire (resourceType is "
            f"{data.get('resourceType') if isinstance(data, Mapping) else type(data).__name__!r})",
            hint="give a FHIR R4 Questionnaire resource in JSON",
        )
    from fhir.resources.R4B.questionnaire import Questionnaire

    try:
        Questionnaire.model_validate(dict(data))
    except Exception as exc:  # pydantic's ValidationError; its text names fields, not answers
        first = str(exc).splitlines()[:3]
        raise ValidationError(
            f"{where}: malformed FHIR Questionnaire ({' '.join(s.strip() for s in first)})",
            hint="check the file against the FHIR R4 Questionnaire definition",
        ) from exc
    if data.get("status") not in _STATUSES:
        raise ValidationError(f"{where}: Questionnaire status must be one of {sorted(_STATUSES)}")
    key = data.get("id") or data.get("name")
    if not key:
        raise ValidationError(f"{where}: the Questionnaire needs an id or a name to be known by")
    items = tuple(
        _read_item(raw, where)
        for raw in _walk(data.get("item") or ())
        if raw.get("type") in _ANSWERABLE
    )
    if not items:
        raise ValidationError(f"{where}: the Questionnaire has no integer, decimal or choice items")
    if len({i.link_id for i in items}) != len(items):
        raise ValidationError(f"{where}: item linkIds are not unique")
    return Instrument(
        key=str(key),
        title=str(data.get("title") or data.get("name") or key),
        status=str(data["status"]),
        items=items,
        scoring=_read_scoring(data, where),
        url=data.get("url"),
        version=data.get("version"),
        description=data.get("description"),
        resource=dict(data),
    )


def with_scoring(instrument: Instrument, **given: Any) -> Instrument:
    """``instrument`` with scoring values replaced (``method``, ``cutoff``, ``reliability``,
    ``normSD``, ``provisional``; ``None`` leaves a value as it is). The change is written into
    the Questionnaire's scoring extension, so the stored file says what the reports use."""
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        return instrument
    data = dict(instrument.resource)
    kept = [e for e in data.get("extension") or () if e.get("url") != EXT_SCORING]
    block = {e["url"]: e for e in _scoring_block(data)}
    kinds = {"method": "valueCode", "provisional": "valueBoolean"}
    for key, value in changes.items():
        kind = kinds.get(key, "valueDecimal")
        block[key] = {"url": key, kind: value if kind != "valueDecimal" else float(value)}
    data["extension"] = [*kept, {"url": EXT_SCORING, "extension": list(block.values())}]
    return instrument_from_fhir(data, path=f"instrument {instrument.key}")


def _scoring_block(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for ext in data.get("extension") or ():
        if ext.get("url") == EXT_SCORING:
            return list(ext.get("extension") or [])
    return []


def load_instrument_file(path: str | Path) -> Instrument:
    """Read a Questionnaire JSON file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError(f"{path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    return instrument_from_fhir(data, path=str(path))


def builtin_instruments() -> list[Instrument]:
    """The project's own open check-in, brief and full forms (not yet validated)."""
    folder = resources.files("alliance.course") / "instruments"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            found.append(
                instrument_from_fhir(json.loads(entry.read_text("utf-8")), path=entry.name)
            )
    return found
