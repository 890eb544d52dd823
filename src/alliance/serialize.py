"""The JSON form of a :class:`~alliance.model.Session` (documented in ``docs/json.md``).

``session_from_dict(session_to_dict(s)) == s`` for every session: the form round-trips exactly.
Later versions add keys; they never remove or rename one. Readers of the form ignore keys they
do not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from alliance.errors import InputError
from alliance.model import (
    Code,
    Evidence,
    Feedback,
    IndexValue,
    Role,
    RoleSource,
    Rupture,
    Score,
    Scores,
    Session,
    Speaker,
    StageSpan,
    Utterance,
)

__all__ = [
    "FORMAT",
    "session_from_dict",
    "session_to_dict",
    "speaker_from_dict",
    "speaker_to_dict",
]

FORMAT = "alliance.session/1"
"""The value of the ``format`` key: names the contract and its major version."""


def session_to_dict(
    session: Session, *, summary: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON-ready form of ``session``. ``summary`` (derived figures such as talk share) is
    added under ``summary`` when given; it is output only and ignored when read back."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "id": session.id,
        "source": session.source,
        "metadata": dict(session.metadata),
        "speakers": [speaker_to_dict(s) for s in session.speakers],
    }
    if summary is not None:
        out["summary"] = dict(summary)
    out["scores"] = _scores_to_dict(session.scores) if session.scores is not None else None
    out["stages"] = [
        {"stage": s.stage, "first": s.first, "last": s.last, "start": s.start, "end": s.end}
        for s in session.stages
    ]
    out["ruptures"] = [
        {
            "kind": r.kind,
            "evidence": _evidence_to_dict(r.evidence),
            "repaired": r.repaired,
            "repair": _evidence_to_dict(r.repair) if r.repair is not None else None,
        }
        for r in session.ruptures
    ]
    out["feedback"] = [
        {
            "topic": f.topic,
            "message": f.message,
            "evidence": [_evidence_to_dict(e) for e in f.evidence],
        }
        for f in session.feedback
    ]
    out["utterances"] = [
        {
            "index": u.index,
            "speaker": u.speaker,
            "role": u.role.value,
            "text": u.text,
            "start": u.start,
            "end": u.end,
            "stage": u.stage,
            "codes": {key: _code_to_dict(code) for key, code in u.codes.items()},
        }
        for u in session.utterances
    ]
    return out


def speaker_to_dict(speaker: Speaker) -> dict[str, Any]:
    """The JSON form of one speaker (also used by the ConvoKit writer)."""
    return {
        "id": speaker.id,
        "role": speaker.role.value,
        "role_confidence": speaker.role_confidence,
        "role_source": speaker.role_source,
    }


def session_from_dict(data: Mapping[str, Any], *, path: str | None = None) -> Session:
    """Read the JSON form back. Raises :class:`~alliance.errors.InputError` naming the key that
    is missing or of the wrong type."""
    try:
        return _session_from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"not a valid alliance session ({type(exc).__name__}: {_safe(exc)})",
            path=path,
            hint="see docs/json.md for the session format",
        ) from exc


def _safe(exc: Exception) -> str:
    # Key names and type names are safe to show; values might be transcript text.
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return "a value of the wrong type or out of range"


def speaker_from_dict(data: Mapping[str, Any]) -> Speaker:
    """One speaker back from :func:`speaker_to_dict`'s form (also used by the ConvoKit reader)."""
    return Speaker(
        id=str(data["id"]),
        role=Role(data["role"]),
        role_confidence=float(data.get("role_confidence", 1.0)),
        role_source=cast(RoleSource, data.get("role_source", "label")),
    )


def _session_from_dict(data: Mapping[str, Any]) -> Session:
    speakers = tuple(speaker_from_dict(s) for s in data["speakers"])
    utterances = tuple(
        Utterance(
            index=int(u["index"]),
            speaker=str(u["speaker"]),
            role=Role(u["role"]),
            text=_str(u["text"]),
            start=_opt_float(u.get("start")),
            end=_opt_float(u.get("end")),
            stage=u.get("stage"),
            codes={str(k): _code_from_dict(v) for k, v in (u.get("codes") or {}).items()},
        )
        for u in data["utterances"]
    )
    scores = data.get("scores")
    return Session(
        id=str(data["id"]),
        speakers=speakers,
        utterances=utterances,
        source=data.get("source"),
        metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
        scores=_scores_from_dict(scores) if scores else None,
        stages=tuple(
            StageSpan(
                stage=s["stage"],
                first=int(s["first"]),
                last=int(s["last"]),
                start=_opt_float(s.get("start")),
                end=_opt_float(s.get("end")),
            )
            for s in data.get("stages") or ()
        ),
        ruptures=tuple(
            Rupture(
                kind=r["kind"],
                evidence=_evidence_from_dict(r["evidence"]),
                repaired=bool(r["repaired"]),
                repair=_evidence_from_dict(r["repair"]) if r.get("repair") else None,
            )
            for r in data.get("ruptures") or ()
        ),
        feedback=tuple(
            Feedback(
                topic=f["topic"],
                message=f["message"],
                evidence=tuple(_evidence_from_dict(e) for e in f.get("evidence") or ()),
            )
            for f in data.get("feedback") or ()
        ),
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text must be a string")
    return value


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _code_to_dict(code: Code) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": code.value,
        "confidence": code.confidence,
        "source": code.source,
    }
    if code.cues:
        out["cues"] = list(code.cues)
    return out


def _code_from_dict(data: Mapping[str, Any]) -> Code:
    value = data["value"]
    if not isinstance(value, str | bool):
        raise TypeError("code value must be a string or a boolean")
    return Code(
        value=value,
        confidence=float(data["confidence"]),
        source=str(data["source"]),
        cues=tuple(str(c) for c in data.get("cues") or ()),
    )


def _evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "utterances": list(evidence.utterances),
        "codes": list(evidence.codes),
        "note": evidence.note,
    }


def _evidence_from_dict(data: Mapping[str, Any]) -> Evidence:
    return Evidence(
        utterances=tuple(int(i) for i in data["utterances"]),
        codes=tuple(str(c) for c in data.get("codes") or ()),
        note=str(data.get("note", "")),
    )


def _score_to_dict(score: Score) -> dict[str, Any]:
    return {
        "name": score.name,
        "value": score.value,
        "confidence": score.confidence,
        "reason": score.reason,
        "evidence": [_evidence_to_dict(e) for e in score.evidence],
    }


def _score_from_dict(data: Mapping[str, Any]) -> Score:
    value = data.get("value")
    return Score(
        name=str(data["name"]),
        value=None if value is None else float(value),
        confidence=float(data["confidence"]),
        reason=data.get("reason"),
        evidence=tuple(_evidence_from_dict(e) for e in data.get("evidence") or ()),
    )


def _index_to_dict(index: IndexValue) -> dict[str, Any]:
    return {
        "name": index.name,
        "value": index.value,
        "thresholds": dict(index.thresholds),
        "band": index.band,
        "reason": index.reason,
        "evidence": [_evidence_to_dict(e) for e in index.evidence],
    }


def _index_from_dict(data: Mapping[str, Any]) -> IndexValue:
    value = data.get("value")
    return IndexValue(
        name=str(data["name"]),
        value=None if value is None else float(value),
        thresholds={str(k): float(v) for k, v in (data.get("thresholds") or {}).items()},
        band=data.get("band"),
        reason=data.get("reason"),
        evidence=tuple(_evidence_from_dict(e) for e in data.get("evidence") or ()),
    )


def _scores_to_dict(scores: Scores) -> dict[str, Any]:
    return {
        "framework": scores.framework,
        "overall": _score_to_dict(scores.overall),
        "components": {k: _score_to_dict(v) for k, v in scores.components.items()},
        "elements": {k: _score_to_dict(v) for k, v in scores.elements.items()},
        "indices": {k: _index_to_dict(v) for k, v in scores.indices.items()},
    }


def _scores_from_dict(data: Mapping[str, Any]) -> Scores:
    return Scores(
        framework=str(data.get("framework", "")),
        overall=_score_from_dict(data["overall"]),
        components={k: _score_from_dict(v) for k, v in (data.get("components") or {}).items()},
        elements={k: _score_from_dict(v) for k, v in (data.get("elements") or {}).items()},
        indices={k: _index_from_dict(v) for k, v in (data.get("indices") or {}).items()},
    )
