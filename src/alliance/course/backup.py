"""``alliance db backup`` / ``restore``.

Two forms. A ``.json`` file is a portable dump of every table (any backend, and across
backends: SQLite to PostgreSQL and back). Any other name, with SQLite, is a copy of the database
made with SQLite's online backup API (consistent even while other processes write). A restore
replaces the whole content in one transaction: it checks the file first and, if anything fails,
the database is left as it was.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, delete, func, insert, select, text

from alliance.course.store import Store
from alliance.course.tables import Base
from alliance.errors import StoreError, ValidationError

__all__ = ["DUMP_FORMAT", "backup", "restore"]

DUMP_FORMAT = "alliance.course-dump/1"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    return str(ScriptDirectory.from_config(config).get_current_head())


def backup(store: Store, path: str | Path) -> dict[str, int]:
    """Write a backup of ``store`` to ``path``; returns the row count of each table."""
    path = Path(path)
    counts: dict[str, int] = {}
    if path.suffix.lower() == ".json":
        tables: dict[str, list[dict[str, Any]]] = {}
        with store.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                tables[table.name] = [{k: _jsonable(v) for k, v in r.items()} for r in rows]
                counts[table.name] = len(tables[table.name])
        dump = {"format": DUMP_FORMAT, "revision": _head(), "tables": tables}
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return counts
    if store.backend != "sqlite":
        raise StoreError(
            f"a {store.backend} database can only be backed up to a .json file",
            hint="give a file name ending in .json",
        )
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        raw.close()
    tmp.replace(path)
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = int(conn.scalar(select(func.count()).select_from(table)) or 0)
    return counts


def _check_sqlite_file(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            version = conn.execute("SELECT version_num FROM alliance_alembic_version").fetchone()
            check = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"{path}: not an alliance database ({exc})") from exc
    missing = {t.name for t in Base.metadata.sorted_tables} - names
    if missing:
        raise ValidationError(f"{path}: not an alliance database (no table {sorted(missing)[0]!r})")
    if version is None or version[0] != _head():
        raise ValidationError(
            f"{path}: made by another version of alliance's schema",
            hint="open it once with that alliance version, or restore a .json dump",
        )
    if check is None or check[0] != "ok":
        raise ValidationError(f"{path}: the SQLite file fails its integrity check")


def _convert(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
    table = Base.metadata.tables[table_name]
    out = {}
    for key, value in row.items():
        if key not in table.columns:
            raise ValidationError(f"dump: table {table_name!r} has no column {key!r}")
        kind = table.columns[key].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def restore(store: Store, path: str | Path) -> dict[str, int]:
    """Replace everything in ``store`` with the backup in ``path``, all or nothing."""
    path = Path(path)
    try:
        head = path.open("rb").read(16)
    except FileNotFoundError as exc:
        raise ValidationError(f"{path}: no such file") from exc
    if head == _SQLITE_MAGIC:
        if store.backend != "sqlite":
            raise StoreError(
                "a SQLite backup can only be restored into SQLite",
                hint="make a .json dump instead (alliance db backup FILE.json)",
            )
        _check_sqlite_file(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        raw = store.engine.raw_connection()
        try:
            source.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
            source.close()
        store.engine.dispose()
        return store.dump_counts()
    try:
        dump = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path}: neither a SQLite backup nor a JSON dump") from exc
    if not isinstance(dump, dict) or dump.get("format") != DUMP_FORMAT:
        raise ValidationError(f"{path}: not an alliance dump (format is not {DUMP_FORMAT})")
    if dump.get("revision") != _head():
        raise ValidationError(
            f"{path}: dump of schema revision {dump.get('revision')!r}, expected {_head()!r}"
        )
    tables = dump.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(Base.metadata.tables):
        raise ValidationError(f"{path}: the dump's tables are not alliance's")
    rows = {
        name: [_convert(name, dict(r)) for r in tables.get(name, [])]
        for name in Base.metadata.tables
    }
    with store.transaction() as orm:
        for table in reversed(Base.metadata.sorted_tables):
            orm.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            if rows[table.name]:
                orm.execute(insert(table), rows[table.name])
        if store.backend == "postgresql":
            for table in Base.metadata.sorted_tables:
                orm.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    return {name: len(r) for name, r in rows.items()}
