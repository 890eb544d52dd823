"""Export to FHIR R4: a ``collection`` Bundle of the Questionnaires, every check-in as a
``QuestionnaireResponse``, and the scores as ``Observation`` s (check-in totals, derived from
their response; transcript scores per session).

Clients appear only as ``subject.identifier`` with the pseudonymous code; no Patient resource
and no names are made. Ids are UUIDs derived from the stored ids, so exporting twice gives the
same Bundle.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from alliance.course.imports import EXT_SESSION_NUMBER
from alliance.course.instruments import Instrument
from alliance.course.store import Store

__all__ = ["CLIENT_SYSTEM", "SCORE_SYSTEM", "export_bundle", "validate_bundle"]

CLIENT_SYSTEM = "urn:alliance:client"
SCORE_SYSTEM = "urn:alliance:codesystem:score"
_NAMESPACE = uuid.UUID("6c1f0b0e-4a8d-4f3e-9a53-3b7f2c1d9e10")


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


def _subject(client: str) -> dict[str, Any]:
    return {"identifier": {"system": CLIENT_SYSTEM, "value": client}, "display": f"client {client}"}


def _when(held_on: date | None, answered_at: datetime | None) -> str | None:
    if held_on is not None:
        return held_on.isoformat()
    if answered_at is not None:
        return answered_at.replace(tzinfo=UTC).isoformat()
    return None


def _canonical(instrument: Instrument) -> str:
    url = instrument.url or f"urn:alliance:questionnaire:{instrument.key}"
    return f"{url}|{instrument.version}" if instrument.version else url


def _number(value: float) -> dict[str, Any]:
    return {"valueInteger": int(value)} if float(value).is_integer() else {"valueDecimal": value}


def export_bundle(store: Store, *, client: str | None = None) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict (one client, or everyone)."""
    checkins = store.checkins(client=client)
    instruments = {i.key: i for i in store.instruments()}
    used = sorted({c.instrument for c in checkins}) if client else sorted(instruments)
    entries: list[dict[str, Any]] = []
    for key in used:
        resource = dict(instruments[key].resource)
        resource.setdefault("id", key)
        entries.append({"fullUrl": f"urn:uuid:{_uuid('Questionnaire', key)}", "resource": resource})
    for c in checkins:
        instrument = instruments[c.instrument]
        qr_url = f"urn:uuid:{_uuid('QuestionnaireResponse', c.id)}"
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "id": _uuid("QuestionnaireResponse", c.id),
            "extension": [{"url": EXT_SESSION_NUMBER, "valueInteger": c.session}],
            "questionnaire": _canonical(instrument),
            "status": "completed",
            "subject": _subject(c.client),
            "item": [
                {"linkId": link, "answer": [_number(c.answers[link])]}
                for link in instrument.link_ids
                if link in c.answers
            ],
        }
        if c.answered_at is not None:
            response["authored"] = c.answered_at.replace(tzinfo=UTC).isoformat()
        entries.append({"fullUrl": qr_url, "resource": response})
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _uuid("Observation", "checkin", c.id),
            "status": "final",
            "category": [{"text": "client check-in score"}],
            "code": {
                "coding": [{"system": SCORE_SYSTEM, "code": f"checkin:{c.instrument}"}],
                "text": f"{instrument.title} score",
            },
            "subject": _subject(c.client),
            "valueQuantity": {"value": round(c.score, 4), "unit": "score"},
            "derivedFrom": [{"reference": qr_url}],
            "extension": [{"url": EXT_SESSION_NUMBER, "valueInteger": c.session}],
        }
        when = _when(c.held_on, c.answered_at)
        if when:
            observation["effectiveDateTime"] = when
        if instrument.scoring.provisional:
            observation["note"] = [{"text": "instrument not yet validated; cut-off provisional"}]
        entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    clients = [client] if client else [c.code for c in store.clients()]
    for code in clients:
        for session in store.sessions(code):
            if session.scores is None:
                continue
            found = [("overall", session.scores.overall)]
            found += [(f"component:{k}", v) for k, v in session.scores.components.items()]
            found += [(f"element:{k}", v) for k, v in session.scores.elements.items()]
            for name, value in found:
                if value is None:
                    continue
                obs_id = _uuid("Observation", "transcript", code, session.number, name)
                obs: dict[str, Any] = {
                    "resourceType": "Observation",
                    "id": obs_id,
                    "status": "final",
                    "category": [{"text": "transcript relationship score"}],
                    "code": {
                        "coding": [{"system": SCORE_SYSTEM, "code": f"transcript:{name}"}],
                        "text": f"transcript {name.replace(':', ' ')} score (0-100)",
                    },
                    "subject": _subject(code),
                    "valueQuantity": {"value": round(value, 4), "unit": "score"},
                    "extension": [{"url": EXT_SESSION_NUMBER, "valueInteger": session.number}],
                }
                if session.held_on:
                    obs["effectiveDateTime"] = session.held_on.isoformat()
                entries.append({"fullUrl": f"urn:uuid:{obs_id}", "resource": obs})
    return {
        "resourceType": "Bundle",
        "id": _uuid("Bundle", client or "*", len(entries)),
        "type": "collection",
        "timestamp": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "entry": entries,
    }


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Check ``bundle`` against fhir.resources' R4B models (the R4 line); raises on failure."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
