"""The HTML report: one self-contained file that works offline (no CDN, no network, no fonts).

It shows, per session: the overall score, components and elements with their confidence and
evidence; the indices beside their published thresholds; the stage timeline; talk balance over
the session; behaviour counts; ruptures and feedback; and the transcript with its codes, where
clicking any score, index, rupture or feedback point highlights the utterances behind it.
The transcript text is in this file because the report is the user's own; nothing else of
alliance puts transcript text anywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, select_autoescape

from alliance.model import Evidence, Role, Score, Session, Utterance
from alliance.scoring.feedback import at
from alliance.scoring.indices import LOWER_IS_BETTER, index_labels
from alliance.summary import summarize

__all__ = ["render_html"]

STAGE_COLOURS = ("#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#e15759")
TIMELINE_WIDTH = 1000
_STAGE_ORDER = ("rapport", "exploring", "planning", "progress")
BALANCE_BINS = 20
MIN_PER_SLICE = 8  # utterances per slice of the talk-balance line, so it is not one turn each

_CUE_LABELS = {
    "affirmation": "affirmation",
    "reflection_of_feeling": "feeling",
    "asks_permission": "permission",
    "advice_without_permission": "advice w/o permission",
    "judgmental": "judgmental",
    "self_disclosure": "self-disclosure",
    "interruption": "interruption",
    "minimal_response": "minimal",
    "disagreement": "disagreement",
}


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_asset),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset"] = _asset
    return env


@cache
def _asset(name: str) -> str:
    return (
        resources.files("alliance.report").joinpath("templates", name).read_text(encoding="utf-8")
    )


def render_html(sessions: Sequence[Session]) -> str:
    """A complete, self-contained HTML document reporting ``sessions``."""
    template = _environment().get_template("report.html")
    views = [_session_view(s, n) for n, s in enumerate(sessions)]
    title = "alliance report" if len(views) != 1 else f"alliance report: {sessions[0].id}"
    return template.render(title=title, sessions=views)


def _ids(evidence: Iterable[Evidence]) -> str:
    seen: dict[int, None] = {}
    for e in evidence:
        for i in e.utterances:
            seen[i] = None
    return " ".join(str(i) for i in seen)


def _score_view(label: str, score: Score) -> dict[str, Any]:
    return {
        "name": score.name,
        "label": label,
        "value": None if score.value is None else round(score.value),
        "confidence": score.confidence,
        "reason": score.reason,
        "notes": [e.note for e in score.evidence if e.note],
        "evidence": _ids(score.evidence),
        "band": _band(score.value),
    }


def _band(value: float | None) -> str:
    if value is None:
        return "none"
    return "high" if value >= 70 else "mid" if value >= 45 else "low"


def _fmt(value: float | None, name: str) -> str:
    if value is None:
        return "–"
    if name.startswith("percent_") or name in ("therapist_share_of_talk", "change_talk_share"):
        return f"{100 * value:.0f}%"
    if name in ("reflection_to_question", "change_to_sustain"):
        return f"{value:.2f}"
    if name == "client_words_per_turn":
        return f"{value:.1f}"
    return f"{value:.3f}"


def _session_view(session: Session, number: int) -> dict[str, Any]:
    summary = summarize(session)
    utterances = session.utterances
    stage_names = _stage_names(session)
    colours = _stage_colours(stage_names)
    view: dict[str, Any] = {
        "id": session.id,
        "anchor": f"s{number}",
        "source": session.source,
        "summary": summary,
        "duration": _duration(summary.get("duration_seconds")),
        "framework": session.scores.framework if session.scores else None,
        "overall": None,
        "lowest": None,
        "highest": None,
        "components": [],
        "elements": [],
        "indices": [],
        "stage_colours": colours,
        "timeline": _timeline(session, colours),
        "balance": _balance(utterances),
        "behaviours": _behaviours(utterances),
        "ruptures": [
            {
                "kind": r.kind,
                "at": _where(session, r.evidence.utterances[0]),
                "note": r.evidence.note,
                "evidence": _ids([r.evidence]),
                "repaired": r.repaired,
                "repair_note": r.repair.note if r.repair else None,
                "repair_evidence": _ids([r.repair]) if r.repair else "",
            }
            for r in session.ruptures
        ],
        "feedback": [
            {"topic": f.topic, "message": f.message, "evidence": _ids(f.evidence)}
            for f in session.feedback
        ],
        "utterances": [_utterance_view(u, colours) for u in utterances],
    }
    if session.scores is not None:
        labels = index_labels()
        view["overall"] = _score_view("Overall", session.scores.overall)
        view["components"] = [
            _score_view(_title(k), v) for k, v in session.scores.components.items()
        ]
        view["elements"] = [_score_view(_title(k), v) for k, v in session.scores.elements.items()]
        scored = [c for c in view["components"] + view["elements"] if c["value"] is not None]
        if len(scored) >= 2:
            ranked = sorted(scored, key=lambda c: c["value"])
            view["lowest"], view["highest"] = ranked[0], ranked[-1]
        view["indices"] = [
            {
                "name": name,
                "label": labels.get(name, name),
                "value": _fmt(index.value, name),
                "band": index.band,
                "band_class": _index_band_class(index.band),
                "thresholds": _thresholds(name, index.thresholds),
                "note": index.evidence[0].note if index.evidence else (index.reason or ""),
                "evidence": _ids(index.evidence),
            }
            for name, index in sorted(
                session.scores.indices.items(),
                key=lambda kv: (not kv[1].thresholds, kv[1].value is None),
            )
        ]
    return view


def _thresholds(name: str, thresholds: Mapping[str, float]) -> str:
    sign = "≤" if name in LOWER_IS_BETTER else "≥"
    return ", ".join(
        f"{k} = 0" if v == 0 and sign == "≤" else f"{k} {sign} {_fmt(v, name)}"
        for k, v in thresholds.items()
    )


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _index_band_class(band: str | None) -> str:
    if band is None:
        return "none"
    if band == "good":
        return "high"
    return "low" if band.startswith("below") else "mid"


def _duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s"


def _where(session: Session, index: int) -> str:
    for u in session.utterances:
        if u.index == index:
            return at(u)
    return f"turn {index}"


def _stage_names(session: Session) -> list[str]:
    names: dict[str, None] = {}
    for span in session.stages:
        names.setdefault(span.stage, None)
    for u in session.utterances:
        if u.stage:
            names.setdefault(u.stage, None)
    seen = list(names)
    known = [n for n in _STAGE_ORDER if n in names]
    if len(known) == len(seen):
        return known
    return seen  # another framework's stages: in the order they first appear


def _stage_colours(names: Sequence[str]) -> dict[str, str]:
    """The brief's stages keep one colour each across reports; other stages take the rest."""
    fixed = dict(zip(_STAGE_ORDER, STAGE_COLOURS, strict=False))
    spare = iter(STAGE_COLOURS[len(_STAGE_ORDER) :] + STAGE_COLOURS[: len(_STAGE_ORDER)])
    return {name: fixed[name] if name in fixed else next(spare, "#999999") for name in names}


def _timeline(session: Session, colours: Mapping[str, str]) -> list[dict[str, Any]]:
    """Stage spans as SVG rectangles, as wide as their share of the utterances."""
    n = len(session.utterances)
    if not n or not session.stages:
        return []
    position = {u.index: i for i, u in enumerate(session.utterances)}
    out = []
    for span in session.stages:
        first = position.get(span.first, 0)
        last = position.get(span.last, first)
        x = TIMELINE_WIDTH * first / n
        width = TIMELINE_WIDTH * (last - first + 1) / n
        ids = " ".join(str(u.index) for u in session.utterances[first : last + 1])
        out.append(
            {
                "stage": span.stage,
                "x": round(x, 2),
                "width": round(width, 2),
                "colour": colours.get(span.stage, "#999"),
                "title": f"{span.stage}: turns {span.first}–{span.last}",
                "evidence": ids,
            }
        )
    return out


def _balance(utterances: Sequence[Utterance]) -> dict[str, Any]:
    """Therapist share of words in consecutive slices of the session, as an SVG polyline."""
    n = len(utterances)
    if n < 2 * MIN_PER_SLICE:
        return {"points": "", "bins": []}
    bins = max(1, min(BALANCE_BINS, n // MIN_PER_SLICE))
    shares = []
    for b in range(bins):
        chunk = utterances[b * n // bins : (b + 1) * n // bins]
        therapist = sum(u.words for u in chunk if u.role is Role.THERAPIST)
        total = sum(u.words for u in chunk if u.role in (Role.THERAPIST, Role.CLIENT))
        shares.append(therapist / total if total else 0.5)
    width, height = TIMELINE_WIDTH, 120
    step = width / max(bins - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - s * height:.1f}" for i, s in enumerate(shares))
    area = f"0,{height} {points} {width},{height}"
    return {
        "points": points,
        "area": area,
        "bins": [round(100 * s) for s in shares],
        "width": width,
        "height": height,
        "mean": round(100 * sum(shares) / len(shares)),
    }


def _behaviours(utterances: Sequence[Utterance]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    ids: dict[str, list[int]] = {}
    for u in utterances:
        for label in _chips(u):
            counts[label] += 1
            ids.setdefault(label, []).append(u.index)
    top = max(counts.values(), default=1)
    return [
        {
            "label": k,
            "count": v,
            "width": round(100 * v / top),
            "evidence": " ".join(map(str, ids[k])),
        }
        for k, v in counts.most_common()
    ]


def _chips(u: Utterance) -> list[str]:
    out = []
    behaviour = u.code("behaviour")
    if behaviour == "question":
        sub = u.code("question")
        out.append(f"{sub} question" if sub else "question")
    elif behaviour == "reflection":
        sub = u.code("reflection")
        out.append(f"{sub} reflection" if sub else "reflection")
    elif behaviour == "therapist_input":
        sub = u.code("input")
        out.append(str(sub) if sub else "input")
    elif behaviour == "other":
        out.append("other")
    talk = u.code("talk_type")
    if talk:
        out.append(f"{talk} talk")
    for key, label in _CUE_LABELS.items():
        if u.code(key) is True:
            out.append(label)
    return out


def _utterance_view(u: Utterance, colours: Mapping[str, str]) -> dict[str, Any]:
    return {
        "index": u.index,
        "at": at(u),
        "speaker": u.speaker,
        "role": u.role.value,
        "text": u.text,
        "stage": u.stage,
        "colour": colours.get(u.stage or "", "transparent"),
        "chips": [{"label": label, "kind": _chip_kind(label)} for label in _chips(u)],
    }


def _chip_kind(label: str) -> str:
    if "reflection" in label or label in ("affirmation", "feeling", "permission", "change talk"):
        return "good"
    if label in (
        "advice w/o permission",
        "judgmental",
        "interruption",
        "disagreement",
        "sustain talk",
        "minimal",
    ):
        return "warn"
    return "plain"
