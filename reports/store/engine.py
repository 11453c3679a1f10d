"""Database engines for the store: URL resolution, SQLite pragmas, write locks and migrations.

SQLite (the default) runs in WAL mode with a busy timeout, and every write transaction starts
with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing half-way. PostgreSQL
write transactions take one transaction-scoped advisory lock. Either way writes are serialised,
which is what keeps the audit hash chain from forking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from reports.errors import DatabaseVersionError, StoreConfigError

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 60_000
#: Key of the PostgreSQL advisory lock that serialises writers (any constant; "EXPSCRN").
PG_LOCK_KEY = 0x45585053_43524E
_WRITE = "exportscreen_write"


def normalise_url(url: str) -> str:
    """Pick the drivers: psycopg (v3) for PostgreSQL, the standard library for SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreConfigError(
            f"database URL {url!r} is not a URL; use sqlite:///path/to/file or "
            "postgresql://user@host/dbname"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreConfigError(
            f"database URL {parsed.render_as_string(hide_password=True)!r} is neither SQLite "
            "nor PostgreSQL; set EXPORTSCREEN_DATABASE_URL to a sqlite:/// or postgresql:// URL"
        )
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_url(url, parsed.database, dict(parsed.query))
    return parsed.render_as_string(hide_password=False)


def _check_sqlite_url(url: str, database: str | None, query: dict[str, Any]) -> None:
    """Refuse SQLite URLs whose results would vanish or that ask for what the store cannot honour."""
    if not database or database == ":memory:" or "mode=memory" in database:
        raise StoreConfigError(
            f"database URL {url!r} is an in-memory database: every result would be lost when the command "
            "ends; give a file (sqlite:////path/to/store.sqlite3) or use --no-store"
        )
    if query or database.startswith("file:"):
        options = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "a file: URI"
        raise StoreConfigError(
            f"database URL {url!r} has options ({options}) the store "
            "does not support: it writes on every command (screening, review, audit), so read-only mode cannot be "
            "honoured; to inspect a store without changing it, copy the file and point --database at the copy"
        )


def _sqlite_file(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreConfigError(
            f"cannot create the database folder {str(folder)!r} ({exc.strerror}); set "
            "EXPORTSCREEN_HOME or EXPORTSCREEN_DATABASE_URL to a writable place"
        ) from None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _on_sqlite_begin); pysqlite's own is too lazy.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _set_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: no corruption on crash
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


#: Tries at switching a new database to WAL while another process creates it (0.1 s apart).
WAL_TRIES = 100


def _set_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode = WAL``, retried while locked.

    Switching the journal mode of a database another process is creating can fail with
    "database is locked" at once, without waiting for the busy timeout (seen with two
    ``screen`` commands started together on a new file).
    """
    import sqlite3
    import time

    for attempt in range(WAL_TRIES):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.1)


def _on_sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create the engine for ``url`` (already normalised) with the pragmas and lock hooks."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction that holds the store's write lock until commit."""
    with engine.execution_options(**{_WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        yield conn


def _alembic_config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "reports.store:migrations")
    config.attributes["connection"] = conn
    return config


def _check_revision(conn: Connection, url: str) -> None:
    """Refuse a database this version does not know, before anything is written."""
    current = MigrationContext.configure(conn).get_current_revision()
    shown = make_url(url).render_as_string(hide_password=True)
    if current is None:
        tables = set(inspect(conn).get_table_names())
        if tables:
            raise DatabaseVersionError(
                f"database {shown!r} has tables ({', '.join(sorted(tables)[:3])}, ...) but no "
                "exportscreen schema version; point EXPORTSCREEN_DATABASE_URL at an "
                "exportscreen database or an empty one"
            )
        return
    scripts = ScriptDirectory.from_config(_alembic_config(conn))
    try:
        scripts.get_revision(current)
    except Exception:  # alembic raises several kinds for an unknown revision
        raise DatabaseVersionError(
            f"database {shown!r} has schema revision {current!r}, which this exportscreen "
            f"does not know (newest here: {scripts.get_current_head()!r}); it was written by "
            "a newer version: upgrade exportscreen, the database was left untouched"
        ) from None


def _is_current(engine: Engine, url: str) -> bool:
    """True when the schema is at head; checked without the write lock (reads never wait)."""
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current is None:
            return False
        _check_revision(conn, url)
        head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
    return current == head


def migrate(engine: Engine, url: str) -> None:
    """Bring the schema to the newest revision (one locked transaction; skipped when current).

    Raises:
        DatabaseVersionError: The database has a revision this version does not know, or
            foreign tables; nothing is written.
    """
    if _is_current(engine, url):
        return
    with write_connection(engine) as conn:
        _check_revision(conn, url)  # again under the lock: another process may have migrated
        command.upgrade(_alembic_config(conn), "head")
