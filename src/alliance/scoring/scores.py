"""Turning indices into the session's scores, as the framework says.

Each component and element is the weighted mean of its feeds: an index mapped to 0–100 by the
framework's anchors, or another score. Feeds without a value are left out; when what is left
carries less than the score's ``min_evidence`` share of the weight, the score has no number and
its ``reason`` lists what was missing. Confidence is the share of weight present times the
weighted confidence of the feeds (how many utterances and how sure the coders were), capped by
the framework (congruence is capped low: text shows little of it).
"""

from __future__ import annotations

from collections.abc import Mapping

from alliance.model import Evidence, IndexValue, Score, Scores
from alliance.scoring.framework import Framework, IndexSpec, ScoreSpec
from alliance.scoring.indices import INDEX_NAMES, Measured, index_labels

__all__ = ["band", "build_scores", "index_values"]


def band(value: float, spec: IndexSpec) -> str | None:
    """The name of the best threshold ``value`` reaches, ``"below <lowest>"`` under all of them,
    or ``None`` where the index has no thresholds."""
    if not spec.thresholds:
        return None
    ordered = sorted(
        spec.thresholds.items(), key=lambda kv: kv[1], reverse=not spec.higher_is_better
    )
    reached = None
    for name, threshold in ordered:
        if (value >= threshold) if spec.higher_is_better else (value <= threshold):
            reached = name
    return reached if reached is not None else f"below {ordered[0][0]}"


def index_values(measured: Mapping[str, Measured], framework: Framework) -> dict[str, IndexValue]:
    """Every index as the report shows it, with the framework's thresholds and band."""
    out: dict[str, IndexValue] = {}
    for name in sorted(INDEX_NAMES):
        m = measured[name]
        spec = framework.indices.get(name)
        evidence = (Evidence(m.utterances, m.codes, m.note),) if m.value is not None else ()
        out[name] = IndexValue(
            name=name,
            value=None if m.value is None else round(m.value, 4),
            thresholds=dict(spec.thresholds) if spec else {},
            band=band(m.value, spec) if spec is not None and m.value is not None else None,
            evidence=evidence,
            reason=m.reason,
        )
    return out


def _combine(
    spec: ScoreSpec,
    measured: Mapping[str, Measured],
    known: Mapping[str, Mapping[str, Score]],
) -> Score:
    total = sum(f.weight for f in spec.feeds)
    have_weight = 0.0
    weighted = 0.0
    confidence = 0.0
    evidence: list[Evidence] = []
    missing: list[tuple[str, str]] = []
    labels = index_labels()
    for feed in spec.feeds:
        if feed.kind == "index":
            m = measured[feed.name]
            if m.value is None:
                missing.append((feed.name, _short(m.reason)))
                continue
            value = feed.scale(m.value)
            feed_confidence = m.confidence
            evidence.append(
                Evidence(
                    m.utterances,
                    m.codes,
                    f"{labels.get(feed.name, feed.name)} {m.value:.2f}: {m.note};"
                    f" scores {value:.0f}",
                )
            )
        else:
            score = known[feed.kind][feed.name]
            if score.value is None:
                missing.append((f"{feed.kind} {feed.name}", "no value"))
                continue
            value = score.value
            feed_confidence = score.confidence
            behind = sorted({i for e in score.evidence for i in e.utterances})
            evidence.append(
                Evidence(tuple(behind), (), f"{feed.kind} {feed.name} scores {value:.0f}")
            )
        have_weight += feed.weight
        weighted += feed.weight * value
        confidence += feed.weight * feed_confidence
    share = have_weight / total if total else 0.0
    if have_weight == 0 or share + 1e-9 < spec.min_evidence:
        why = "insufficient evidence: " + _listing(missing) if missing else "insufficient evidence"
        return Score(spec.name, None, 0.0, tuple(evidence), why)
    conf = min(spec.confidence_cap, share * confidence / have_weight)
    reason: str | None = None
    if missing:
        reason = "scored without " + _listing(missing)
    if spec.confidence_cap < 1.0:
        note = (
            f"confidence capped at {spec.confidence_cap:.2f}: little of this shows in a transcript"
        )
        reason = f"{reason}; {note}" if reason else note
    return Score(
        spec.name, round(weighted / have_weight, 2), round(conf, 3), tuple(evidence), reason
    )


def _short(reason: str | None) -> str:
    if not reason:
        return "no value"
    return reason.removeprefix("insufficient evidence: ").split(" (")[0].removesuffix(",")


def _listing(missing: list[tuple[str, str]]) -> str:
    """``a, b (cue codes missing); c (only 2 questions)``: names grouped by why they are missing."""
    groups: dict[str, list[str]] = {}
    for name, why in missing:
        groups.setdefault(why, []).append(name)
    return "; ".join(f"{', '.join(names)} ({why})" for why, names in groups.items())


def build_scores(measured: Mapping[str, Measured], framework: Framework) -> Scores:
    """The session's :class:`~alliance.model.Scores` under ``framework``."""
    components = {spec.name: _combine(spec, measured, {}) for spec in framework.components}
    elements = {
        spec.name: _combine(spec, measured, {"component": components})
        for spec in framework.elements
    }
    overall = _combine(framework.overall, measured, {"component": components, "element": elements})
    return Scores(
        overall=overall,
        components=components,
        elements=elements,
        indices=index_values(measured, framework),
        framework=framework.id,
    )
