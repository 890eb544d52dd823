"""Opening the database: where it lives, how SQLite is set up, and migrations at open.

SQLite is the default, in the user's data folder. Every connection turns foreign keys on, uses
WAL (readers never block the one writer) and waits up to :data:`BUSY_TIMEOUT_S` for a lock
instead of failing; every transaction starts with ``BEGIN IMMEDIATE`` so two processes adding
check-ins at once queue for the write lock rather than one of them losing its work. PostgreSQL
is used when the URL says so (``postgresql+psycopg://...``). The schema is brought to the
newest Alembic revision inside one transaction each time a store is opened.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from alliance.errors import StoreError

__all__ = ["BUSY_TIMEOUT_S", "ENV_VAR", "default_url", "make_engine", "migrate", "resolve_url"]

ENV_VAR = "ALLIANCE_DB"
BUSY_TIMEOUT_S = 30.0
_MIGRATION_LOCK = 7_351_931  # an arbitrary key for PostgreSQL's advisory lock


def default_url() -> str:
    """SQLite in the user's data folder (created when missing)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("alliance"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'alliance.sqlite3'}"


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$ALLIANCE_DB``, else :func:`default_url`. A bare path means SQLite."""
    chosen = url or os.environ.get(ENV_VAR) or default_url()
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    return chosen


def _setup_sqlite(engine: Engine, *, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            _set_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _set_wal(cursor: Any) -> None:
    """Switch a file database to WAL. Switching needs a lock SQLite's busy timeout does not wait
    for, so two processes opening a new file at once retry here instead of failing."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings described above."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"not a database URL: {url!r}", hint="use e.g. sqlite:///path.db or a file path"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        memory = database in ("", ":memory:")
        if not memory:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
        if memory:
            from sqlalchemy.pool import StaticPool

            kwargs = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
        engine = create_engine(parsed, **kwargs)
        _setup_sqlite(engine, memory=memory)
        return engine
    if backend == "postgresql":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise StoreError(
                "PostgreSQL needs the psycopg driver",
                hint='install it with: pip install "alliance[postgres]"',
            ) from exc
    raise StoreError(f"unsupported database {backend!r}", hint="use SQLite or PostgreSQL")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction (so a second process opening
    the same new database waits and then finds it ready)."""
    from alembic import command
    from alembic.config import Config

    folder = Path(__file__).resolve().parent / "migrations"
    config = Config()
    config.set_main_option("script_location", str(folder))
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"could not open or migrate the database ({type(exc).__name__})",
            hint="check the --db URL and that the database server is running",
        ) from exc
