"""Reading check-ins from files: CSV, or FHIR ``QuestionnaireResponse`` s (one, or a Bundle).

The readers only turn a file into :class:`~alliance.course.records.CheckInInput` s, each with
``where`` (``file:line`` for CSV, ``file: entry N`` for a Bundle) so the store's errors point at
the row to fix. Nothing is written here; :meth:`Store.add_checkins` stores them all or none.

CSV: a header row with ``client``, ``instrument``, ``session`` and/or ``date``, optionally
``answered_at``, and one column per item (its linkId). Blank cells are "not asked" (an item of
another instrument in a mixed file).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alliance.course.instruments import Instrument
from alliance.course.records import CheckInInput
from alliance.errors import ValidationError

__all__ = ["EXT_SESSION_NUMBER", "read_checkin_file", "read_csv", "read_fhir"]

EXT_SESSION_NUMBER = "urn:alliance:extension:session-number"
_RESERVED = {"client", "session", "date", "instrument", "answered_at"}

InstrumentLookup = Callable[[str], Instrument]


def read_checkin_file(path: str | Path, instruments: InstrumentLookup) -> list[CheckInInput]:
    """Check-ins from ``path``: ``.csv`` as CSV, ``.json`` as FHIR (sniffed when unclear)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ValidationError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text", hint="save the file as UTF-8") from exc
    if not raw.strip():
        raise ValidationError(f"{path}: the file is empty")
    if path.suffix.lower() == ".json" or raw.lstrip().startswith("{"):
        return read_fhir(raw, instruments, name=str(path))
    return read_csv(raw, instruments, name=str(path))


def _parse_date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError as exc:
        raise ValidationError(f"{where}: {text!r} is not a date (YYYY-MM-DD)") from exc


def _parse_datetime(text: str, where: str) -> datetime:
    try:
        found = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(f"{where}: {text!r} is not a date-time (ISO 8601)") from exc
    if found.tzinfo is not None:
        found = found.astimezone(UTC).replace(tzinfo=None)
    return found


def _parse_int(text: str, what: str, where: str) -> int:
    try:
        return int(text.strip())
    except ValueError as exc:
        raise ValidationError(f"{where}: {what} {text!r} is not a whole number") from exc


def read_csv(
    text: str, instruments: InstrumentLookup, *, name: str = "<csv>"
) -> list[CheckInInput]:
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise ValidationError(f"{name}: the file is empty") from exc
    for needed in ("client", "instrument"):
        if needed not in header:
            raise ValidationError(
                f"{name}:1: no {needed!r} column",
                hint="the header needs client, instrument, session and/or date, and item columns",
            )
    if "session" not in header and "date" not in header:
        raise ValidationError(f"{name}:1: needs a 'session' or a 'date' column")
    if len(set(header)) != len(header):
        raise ValidationError(f"{name}:1: a column name is repeated")
    found: list[CheckInInput] = []
    cache: dict[str, Instrument] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}:{line}"
        if len(row) != len(header):
            raise ValidationError(f"{where}: {len(row)} cells, but the header has {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        key = cells["instrument"]
        if key not in cache:
            cache[key] = _lookup(instruments, key, where)
        instrument = cache[key]
        answers: dict[str, float] = {}
        for column, cell in cells.items():
            if column in _RESERVED or cell == "":
                continue
            if column not in instrument.link_ids:
                raise ValidationError(
                    f"{where}: instrument {instrument.key!r} has no item {column!r}",
                    hint=f"its items are {', '.join(instrument.link_ids)}",
                )
            try:
                answers[column] = float(cell)
            except ValueError as exc:
                raise ValidationError(
                    f"{where}: the answer to item {column!r} is not a number"
                ) from exc
        found.append(
            CheckInInput(
                client=cells["client"],
                instrument=instrument.key,
                answers=answers,
                session=_parse_int(cells["session"], "session", where)
                if cells.get("session")
                else None,
                held_on=_parse_date(cells["date"], where) if cells.get("date") else None,
                answered_at=_parse_datetime(cells["answered_at"], where)
                if cells.get("answered_at")
                else None,
                source="csv",
                where=where,
            )
        )
    if not found:
        raise ValidationError(f"{name}: no check-ins under the header")
    return found


def _lookup(instruments: InstrumentLookup, key: str, where: str) -> Instrument:
    from alliance.errors import NotFoundError

    try:
        return instruments(key)
    except NotFoundError as exc:
        raise NotFoundError(f"{where}: unknown instrument {key!r}", hint=exc.hint) from exc


def _resources(data: Any, name: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if not isinstance(data, Mapping):
        raise ValidationError(f"{name}: expected a FHIR resource (a JSON object)")
    kind = data.get("resourceType")
    if kind == "QuestionnaireResponse":
        yield name, data
    elif kind == "Bundle":
        for number, entry in enumerate(data.get("entry") or (), start=1):
            resource = entry.get("resource") if isinstance(entry, Mapping) else None
            where = f"{name}: entry {number}"
            if not isinstance(resource, Mapping):
                raise ValidationError(f"{where}: has no resource")
            if resource.get("resourceType") == "QuestionnaireResponse":
                yield where, resource
            elif resource.get("resourceType") not in ("Questionnaire", "Observation"):
                raise ValidationError(
                    f"{where}: a {resource.get('resourceType')!r}, not a QuestionnaireResponse"
                )
    else:
        raise ValidationError(
            f"{name}: a {kind!r}, not a QuestionnaireResponse or a Bundle of them",
            hint="see docs/course.md for the check-in file formats",
        )


def _walk_items(items: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for item in items:
        yield item
        yield from _walk_items(item.get("item") or ())
        for answer in item.get("answer") or ():
            yield from _walk_items(answer.get("item") or ())


def _client_of(resource: Mapping[str, Any], where: str) -> str:
    subject = resource.get("subject") or {}
    identifier = subject.get("identifier") or {}
    if identifier.get("value"):
        return str(identifier["value"])
    reference = str(subject.get("reference") or "")
    if "/" in reference:
        return reference.rsplit("/", 1)[1]
    raise ValidationError(
        f"{where}: the QuestionnaireResponse names no client",
        hint="give subject.identifier.value (the client code) or subject.reference Patient/CODE",
    )


def _answer_value(
    answer: Mapping[str, Any], instrument: Instrument, link: str, where: str
) -> float:
    for key in ("valueInteger", "valueDecimal"):
        if key in answer:
            value = answer[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError(f"{where}: the answer to item {link!r} is not a number")
            return float(value)
    if "valueCoding" in answer:
        code = str(answer["valueCoding"].get("code"))
        try:
            value = instrument.item(link).value_of_code(code)
        except KeyError:
            value = None
        if value is not None:
            return value
        raise ValidationError(f"{where}: coded answer {code!r} to item {link!r} is not an option")
    raise ValidationError(
        f"{where}: the answer to item {link!r} has no valueInteger, valueDecimal or valueCoding"
    )


def _one_response(
    resource: Mapping[str, Any], where: str, instruments: InstrumentLookup
) -> CheckInInput:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    try:
        QuestionnaireResponse.model_validate(dict(resource))
    except Exception as exc:  # pydantic's error: field paths and types, no answer text
        first = " ".join(s.strip() for s in str(exc).splitlines()[:3])
        raise ValidationError(f"{where}: malformed FHIR QuestionnaireResponse ({first})") from exc
    if resource.get("status") not in ("completed", "amended"):
        raise ValidationError(
            f"{where}: status is {resource.get('status')!r}; only completed responses are stored"
        )
    canonical = resource.get("questionnaire")
    if not canonical:
        raise ValidationError(f"{where}: the response names no questionnaire")
    instrument = _lookup(instruments, str(canonical), where)
    answers: dict[str, float] = {}
    for item in _walk_items(resource.get("item") or ()):
        given = item.get("answer") or ()
        if not given:
            continue
        link = str(item.get("linkId"))
        if link not in instrument.link_ids:
            raise ValidationError(f"{where}: instrument {instrument.key!r} has no item {link!r}")
        if len(given) > 1:
            raise ValidationError(f"{where}: item {link!r} has more than one answer")
        answers[link] = _answer_value(given[0], instrument, link, where)
    session = None
    for ext in resource.get("extension") or ():
        if ext.get("url") == EXT_SESSION_NUMBER:
            session = ext.get("valueInteger") if isinstance(ext.get("valueInteger"), int) else None
            if session is None:
                raise ValidationError(f"{where}: the session-number extension needs a valueInteger")
    authored = resource.get("authored")
    answered_at = _parse_datetime(str(authored), where) if authored else None
    return CheckInInput(
        client=_client_of(resource, where),
        instrument=instrument.key,
        answers=answers,
        session=session,
        held_on=answered_at.date() if answered_at else None,
        answered_at=answered_at,
        source="fhir",
        external_id=str(resource["id"]) if resource.get("id") else None,
        where=where,
    )


def read_fhir(
    text: str, instruments: InstrumentLookup, *, name: str = "<json>"
) -> list[CheckInInput]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    found = [_one_response(res, where, instruments) for where, res in _resources(data, name)]
    if not found:
        raise ValidationError(f"{name}: no QuestionnaireResponse in the file")
    return found
