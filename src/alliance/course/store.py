"""The course store: clients, instruments, sessions, check-ins and goals, in one database.

Every public method that writes does so in one transaction: it either stores everything it was
given or, on any error, nothing. Input is validated before the first row is written, so the
errors a user can fix (unknown client, unknown instrument, an answer out of range) come back as
:class:`~alliance.errors.NotFoundError` / :class:`~alliance.errors.ValidationError` naming where
the bad value was (``file:line``), never the answers' context.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from alliance.course.db import make_engine, migrate, resolve_url
from alliance.course.instruments import Instrument, builtin_instruments, instrument_from_fhir
from alliance.course.records import (
    CheckIn,
    CheckInInput,
    ClientSummary,
    Goal,
    GoalProgress,
    SessionScores,
    StoredSession,
)
from alliance.course.tables import (
    AnswerRow,
    CheckInRow,
    ClientRow,
    GoalProgressRow,
    GoalRow,
    InstrumentRow,
    SessionRow,
    SessionScoreRow,
)
from alliance.errors import NotFoundError, StoreError, ValidationError

if TYPE_CHECKING:
    from alliance.model import Session

__all__ = ["CLIENT_CODE", "Store", "check_client_code"]

CLIENT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
"""A pseudonymous client code: 1–32 letters, digits, ``.``, ``_`` or ``-``, no spaces."""

GOAL_STATUSES = ("active", "achieved", "dropped")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def check_client_code(code: str) -> str:
    """``code`` when it is a valid pseudonymous code; else a :class:`ValidationError`."""
    if not CLIENT_CODE.match(code or ""):
        raise ValidationError(
            "a client code is 1–32 letters, digits, '.', '_' or '-' with no spaces",
            hint="use a pseudonymous code such as C017, never the client's name",
        )
    return code


def _at(where: str | None) -> str:
    return f"{where}: " if where else ""


class Store:
    """The course database. Open with :meth:`open` (runs migrations); use as a context
    manager or call :meth:`close`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and migrating when needed) the database at ``url``, ``$ALLIANCE_DB``
        or the default SQLite file, and make sure the built-in instruments are there."""
        resolved = resolve_url(url)
        engine = make_engine(resolved)
        migrate(engine)
        store = cls(engine, resolved)
        store._ensure_builtins()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[OrmSession]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        orm = self._sessions()
        try:
            with orm.begin():
                yield orm
        except IntegrityError as exc:
            raise StoreError(
                "the database refused the change (a duplicate or a missing reference)",
                hint="nothing was written; check the input for repeats",
            ) from exc
        except OperationalError as exc:
            raise StoreError(
                f"the database could not do the change ({type(exc.orig).__name__})",
                hint="nothing was written; try again, or check the database is reachable",
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"database error ({type(exc).__name__}); nothing was written") from exc
        finally:
            orm.close()

    # -- clients -------------------------------------------------------------------------

    def add_client(self, code: str) -> ClientSummary:
        check_client_code(code)
        with self.transaction() as orm:
            if orm.scalar(select(ClientRow.id).where(ClientRow.code == code)) is not None:
                raise ValidationError(f"client {code!r} already exists")
            row = ClientRow(code=code, created_at=_now())
            orm.add(row)
        return ClientSummary(code=code, created_at=row.created_at, sessions=0, checkins=0)

    def clients(self) -> list[ClientSummary]:
        with self.transaction() as orm:
            sessions = dict(
                orm.execute(
                    select(SessionRow.client_id, func.count(SessionRow.id)).group_by(
                        SessionRow.client_id
                    )
                ).all()
            )
            checkins = dict(
                orm.execute(
                    select(SessionRow.client_id, func.count(CheckInRow.id))
                    .join(CheckInRow, CheckInRow.session_id == SessionRow.id)
                    .group_by(SessionRow.client_id)
                ).all()
            )
            rows = orm.scalars(select(ClientRow).order_by(ClientRow.code)).all()
            return [
                ClientSummary(r.code, r.created_at, sessions.get(r.id, 0), checkins.get(r.id, 0))
                for r in rows
            ]

    def _client(self, orm: OrmSession, code: str, where: str | None = None) -> ClientRow:
        row = orm.scalar(select(ClientRow).where(ClientRow.code == code))
        if row is None:
            raise NotFoundError(
                f"{_at(where)}unknown client {code!r}",
                hint="add it first with: alliance client add "
                + (code if CLIENT_CODE.match(code) else "CODE"),
            )
        return row

    # -- instruments ---------------------------------------------------------------------

    def _ensure_builtins(self) -> None:
        with self.transaction() as orm:
            have = set(orm.scalars(select(InstrumentRow.key)).all())
            for instrument in builtin_instruments():
                if instrument.key not in have:
                    orm.add(self._instrument_row(instrument))

    @staticmethod
    def _instrument_row(instrument: Instrument) -> InstrumentRow:
        return InstrumentRow(
            key=instrument.key,
            url=instrument.url,
            version=instrument.version,
            title=instrument.title,
            resource=json.dumps(dict(instrument.resource), ensure_ascii=False, sort_keys=True),
            added_at=_now(),
        )

    def add_instrument(self, instrument: Instrument, *, replace: bool = False) -> Instrument:
        """Store ``instrument``. An instrument of the same key is replaced only with
        ``replace`` and only while no check-in uses it (answers must keep their meaning)."""
        with self.transaction() as orm:
            row = orm.scalar(select(InstrumentRow).where(InstrumentRow.key == instrument.key))
            if row is not None:
                if not replace:
                    raise ValidationError(
                        f"instrument {instrument.key!r} is already stored",
                        hint="give it another id, or use --replace",
                    )
                used = orm.scalar(
                    select(func.count(CheckInRow.id)).where(CheckInRow.instrument_id == row.id)
                )
                if used:
                    raise ValidationError(
                        f"instrument {instrument.key!r} has {used} check-ins, so it cannot be "
                        "replaced",
                        hint="store the new version under a new id",
                    )
                new = self._instrument_row(instrument)
                row.url, row.version, row.title = new.url, new.version, new.title
                row.resource, row.added_at = new.resource, new.added_at
            else:
                orm.add(self._instrument_row(instrument))
        return instrument

    def instruments(self) -> list[Instrument]:
        with self.transaction() as orm:
            rows = orm.scalars(select(InstrumentRow).order_by(InstrumentRow.key)).all()
            return [self._from_row(r) for r in rows]

    @staticmethod
    def _from_row(row: InstrumentRow) -> Instrument:
        return instrument_from_fhir(json.loads(row.resource), path=f"instrument {row.key}")

    def _instrument(self, orm: OrmSession, key: str, where: str | None = None) -> InstrumentRow:
        wanted = key.split("|", 1)[0]
        row = orm.scalar(
            select(InstrumentRow).where(
                (InstrumentRow.key == wanted) | (InstrumentRow.url == wanted)
            )
        )
        if row is None:
            raise NotFoundError(
                f"{_at(where)}unknown instrument {key!r}",
                hint="see: alliance instrument list; add one with: alliance instrument add FILE",
            )
        return row

    def instrument(self, key: str) -> Instrument:
        """The instrument stored under ``key`` (its id) or with that canonical url."""
        with self.transaction() as orm:
            return self._from_row(self._instrument(orm, key))

    # -- sessions ------------------------------------------------------------------------

    def _next_number(self, orm: OrmSession, client: ClientRow) -> int:
        top = orm.scalar(
            select(func.max(SessionRow.number)).where(SessionRow.client_id == client.id)
        )
        return (top or 0) + 1

    def _lock_client(self, orm: OrmSession, client: ClientRow) -> None:
        """Serialise writers on one client (PostgreSQL; SQLite's BEGIN IMMEDIATE already does)."""
        if self.backend == "postgresql":
            orm.execute(select(ClientRow.id).where(ClientRow.id == client.id).with_for_update())

    def _session_row(
        self,
        orm: OrmSession,
        client: ClientRow,
        number: int | None,
        held_on: date | None,
        where: str | None = None,
    ) -> SessionRow:
        row: SessionRow | None = None
        if number is not None:
            if number < 1:
                raise ValidationError(f"{_at(where)}session numbers start at 1")
            row = orm.scalar(
                select(SessionRow).where(
                    SessionRow.client_id == client.id, SessionRow.number == number
                )
            )
        elif held_on is not None:
            row = orm.scalar(
                select(SessionRow)
                .where(SessionRow.client_id == client.id, SessionRow.held_on == held_on)
                .order_by(SessionRow.number)
            )
        if row is None:
            row = SessionRow(
                client_id=client.id,
                number=number if number is not None else self._next_number(orm, client),
                held_on=held_on,
                analysed=False,
            )
            orm.add(row)
            orm.flush()
        elif held_on is not None:
            if row.held_on is not None and row.held_on != held_on:
                raise ValidationError(
                    f"{_at(where)}session {row.number} of client {client.code!r} was held on "
                    f"{row.held_on.isoformat()}, not {held_on.isoformat()}"
                )
            row.held_on = held_on
        return row

    def add_session(
        self,
        client: str,
        *,
        number: int | None = None,
        held_on: date | None = None,
        analysis: Session | None = None,
        source_sha256: str | None = None,
    ) -> StoredSession:
        """Record a session (the next number unless given) and, with ``analysis``, the numbers
        analysis gave it. The transcript's text is not stored."""
        with self.transaction() as orm:
            client_row = self._client(orm, client)
            self._lock_client(orm, client_row)
            row = self._session_row(orm, client_row, number, held_on)
            if analysis is not None:
                if row.analysed:
                    raise ValidationError(
                        f"session {row.number} of client {client!r} already has a transcript"
                    )
                self._store_analysis(orm, row, analysis)
            row.source_sha256 = source_sha256 or row.source_sha256
            orm.flush()
            return self._stored_session(row)

    @staticmethod
    def _store_analysis(orm: OrmSession, row: SessionRow, analysis: Session) -> None:
        row.analysed = True
        row.ruptures = len(analysis.ruptures)
        row.ruptures_repaired = sum(1 for r in analysis.ruptures if r.repaired)
        counts: dict[str, int] = {}
        for span in analysis.stages:
            counts[span.stage] = counts.get(span.stage, 0) + (span.last - span.first + 1)
        row.stages = json.dumps([[k, v] for k, v in counts.items()]) if counts else None
        scores = analysis.scores
        if scores is None:
            return
        row.framework = scores.framework or None
        found: list[tuple[str, str, float | None, float | None, str | None]] = [
            ("overall", "overall", scores.overall.value, scores.overall.confidence, None)
        ]
        found += [
            ("component", k, s.value, s.confidence, None) for k, s in scores.components.items()
        ]
        found += [("element", k, s.value, s.confidence, None) for k, s in scores.elements.items()]
        found += [("index", k, i.value, None, i.band) for k, i in scores.indices.items()]
        for kind, name, value, confidence, band in found:
            row.scores.append(
                SessionScoreRow(kind=kind, name=name, value=value, confidence=confidence, band=band)
            )

    @staticmethod
    def _stored_session(row: SessionRow) -> StoredSession:
        scores: SessionScores | None = None
        if row.scores:
            by_kind: dict[str, dict[str, float | None]] = {}
            bands: dict[str, str | None] = {}
            for s in row.scores:
                by_kind.setdefault(s.kind, {})[s.name] = s.value
                if s.kind == "index":
                    bands[s.name] = s.band
            scores = SessionScores(
                overall=by_kind.get("overall", {}).get("overall"),
                components=by_kind.get("component", {}),
                elements=by_kind.get("element", {}),
                indices=by_kind.get("index", {}),
                bands=bands,
            )
        stages = tuple((str(s), int(n)) for s, n in json.loads(row.stages)) if row.stages else ()
        return StoredSession(
            number=row.number,
            held_on=row.held_on,
            analysed=row.analysed,
            scores=scores,
            ruptures=row.ruptures,
            ruptures_repaired=row.ruptures_repaired,
            stages=stages,
            source_sha256=row.source_sha256,
        )

    def sessions(self, client: str) -> list[StoredSession]:
        with self.transaction() as orm:
            client_row = self._client(orm, client)
            rows = orm.scalars(
                select(SessionRow)
                .where(SessionRow.client_id == client_row.id)
                .order_by(SessionRow.number)
            ).all()
            return [self._stored_session(r) for r in rows]

    # -- check-ins -----------------------------------------------------------------------

    @staticmethod
    def _validate_answers(
        instrument: Instrument, answers: Mapping[str, float], where: str | None
    ) -> None:
        unknown = sorted(set(answers) - set(instrument.link_ids))
        if unknown:
            raise ValidationError(
                f"{_at(where)}instrument {instrument.key!r} has no item {unknown[0]!r}",
                hint=f"its items are {', '.join(instrument.link_ids)}",
            )
        missing = [i for i in instrument.link_ids if i not in answers]
        if missing:
            raise ValidationError(
                f"{_at(where)}no answer to item {missing[0]!r} of instrument {instrument.key!r}",
                hint="every item needs an answer",
            )
        for item in instrument.items:
            problem = item.check(answers[item.link_id])
            if problem:
                raise ValidationError(f"{_at(where)}{problem}")

    def add_checkins(self, inputs: Sequence[CheckInInput]) -> list[CheckIn]:
        """Store all of ``inputs`` or, if any is invalid, none of them."""
        saved: list[CheckIn] = []
        with self.transaction() as orm:
            instruments: dict[int, Instrument] = {}
            for given in inputs:
                client = self._client(orm, given.client, given.where)
                inst_row = self._instrument(orm, given.instrument, given.where)
                if inst_row.id not in instruments:
                    instruments[inst_row.id] = self._from_row(inst_row)
                instrument = instruments[inst_row.id]
                self._validate_answers(instrument, given.answers, given.where)
                self._lock_client(orm, client)
                if given.session is None and given.held_on is None:
                    session = self._latest_without(orm, client, inst_row)
                else:
                    session = self._session_row(
                        orm, client, given.session, given.held_on, given.where
                    )
                taken = orm.scalar(
                    select(CheckInRow.id).where(
                        CheckInRow.session_id == session.id, CheckInRow.instrument_id == inst_row.id
                    )
                )
                if taken is not None:
                    raise ValidationError(
                        f"{_at(given.where)}session {session.number} of client {client.code!r} "
                        f"already has a check-in on {instrument.key!r}",
                        hint="nothing was written; remove the repeated check-in",
                    )
                answers = {k: float(v) for k, v in given.answers.items()}
                row = CheckInRow(
                    session_id=session.id,
                    instrument_id=inst_row.id,
                    answered_at=given.answered_at or _now(),
                    source=given.source,
                    external_id=given.external_id,
                    score=instrument.score(answers),
                )
                row.answers = [
                    AnswerRow(link_id=link, position=pos, value=answers[link])
                    for pos, link in enumerate(instrument.link_ids)
                ]
                orm.add(row)
                orm.flush()
                saved.append(self._checkin(row, client.code, session, instrument.key))
        return saved

    def _latest_without(
        self, orm: OrmSession, client: ClientRow, inst: InstrumentRow
    ) -> SessionRow:
        latest = orm.scalar(
            select(SessionRow)
            .where(SessionRow.client_id == client.id)
            .order_by(SessionRow.number.desc())
            .limit(1)
        )
        if latest is not None:
            taken = orm.scalar(
                select(CheckInRow.id).where(
                    CheckInRow.session_id == latest.id, CheckInRow.instrument_id == inst.id
                )
            )
            if taken is None:
                return latest
        return self._session_row(orm, client, None, None)

    @staticmethod
    def _checkin(row: CheckInRow, client: str, session: SessionRow, instrument: str) -> CheckIn:
        return CheckIn(
            id=row.id,
            client=client,
            session=session.number,
            held_on=session.held_on,
            instrument=instrument,
            score=row.score,
            answers={a.link_id: a.value for a in row.answers},
            answered_at=row.answered_at,
            source=row.source,
            external_id=row.external_id,
        )

    def checkins(
        self, *, client: str | None = None, instrument: str | None = None
    ) -> list[CheckIn]:
        """Stored check-ins, by client then session number."""
        with self.transaction() as orm:
            query = (
                select(CheckInRow, SessionRow, ClientRow, InstrumentRow)
                .join(SessionRow, CheckInRow.session_id == SessionRow.id)
                .join(ClientRow, SessionRow.client_id == ClientRow.id)
                .join(InstrumentRow, CheckInRow.instrument_id == InstrumentRow.id)
                .order_by(ClientRow.code, SessionRow.number, InstrumentRow.key)
            )
            if client is not None:
                query = query.where(ClientRow.id == self._client(orm, client).id)
            if instrument is not None:
                query = query.where(InstrumentRow.id == self._instrument(orm, instrument).id)
            return [self._checkin(c, cl.code, s, i.key) for c, s, cl, i in orm.execute(query).all()]

    # -- goals ---------------------------------------------------------------------------

    def add_goal(self, client: str, title: str, *, session: int | None = None) -> Goal:
        title = " ".join(title.split())
        if not title or len(title) > 200:
            raise ValidationError("a goal needs a short title (1–200 characters)")
        with self.transaction() as orm:
            row = GoalRow(
                client_id=self._client(orm, client).id,
                title=title,
                set_in_session=session,
                status="active",
                created_at=_now(),
            )
            orm.add(row)
            orm.flush()
            return Goal(row.id, row.title, row.status, row.set_in_session)

    def update_goal(
        self,
        client: str,
        goal_id: int,
        *,
        rating: float | None = None,
        session: int | None = None,
        status: str | None = None,
    ) -> Goal:
        """Record progress (0–10) towards a goal and/or change its status."""
        if rating is not None and not (0 <= rating <= 10):
            raise ValidationError(f"goal progress {rating:g} is outside 0–10")
        if status is not None and status not in GOAL_STATUSES:
            raise ValidationError(f"goal status must be one of {', '.join(GOAL_STATUSES)}")
        with self.transaction() as orm:
            client_row = self._client(orm, client)
            row = orm.scalar(
                select(GoalRow).where(GoalRow.id == goal_id, GoalRow.client_id == client_row.id)
            )
            if row is None:
                raise NotFoundError(
                    f"client {client!r} has no goal {goal_id}", hint="see: alliance goal list"
                )
            if rating is not None:
                row.progress.append(
                    GoalProgressRow(session_number=session, rating=rating, recorded_at=_now())
                )
            if status is not None:
                row.status = status
            orm.flush()
            return self._goal(row)

    @staticmethod
    def _goal(row: GoalRow) -> Goal:
        return Goal(
            id=row.id,
            title=row.title,
            status=row.status,
            set_in_session=row.set_in_session,
            progress=tuple(
                GoalProgress(p.session_number, p.rating, p.recorded_at) for p in row.progress
            ),
        )

    def goals(self, client: str) -> list[Goal]:
        with self.transaction() as orm:
            client_row = self._client(orm, client)
            rows = orm.scalars(
                select(GoalRow).where(GoalRow.client_id == client_row.id).order_by(GoalRow.id)
            ).all()
            return [self._goal(r) for r in rows]

    # -- for psychometrics ---------------------------------------------------------------

    def response_matrix(self, instrument: str) -> tuple[Instrument, list[dict[str, float]]]:
        """The instrument and every stored set of answers to it, reverse-scored items flipped."""
        found = self.instrument(instrument)
        rows = self.checkins(instrument=found.key)
        return found, [
            {
                i.link_id: i.scored(c.answers[i.link_id])
                for i in found.items
                if i.link_id in c.answers
            }
            for c in rows
        ]

    def dump_counts(self) -> dict[str, Any]:
        """How many rows each table holds (for ``db backup`` messages and tests)."""
        with self.transaction() as orm:
            return {
                t.__tablename__: orm.scalar(select(func.count()).select_from(t))
                for t in (ClientRow, InstrumentRow, SessionRow, CheckInRow, AnswerRow, GoalRow)
            }
