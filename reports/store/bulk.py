"""Bulk inserts of Polars frames into the results store, chunk by chunk.

SQLite gets the rows straight through the driver's ``executemany`` with a larger page cache;
other databases go through SQLAlchemy with JSON columns decoded. JSON columns are encoded by
Polars (:func:`json_text`), so no Python loop runs per row on SQLite.
"""

from __future__ import annotations

import json

import polars as pl
from sqlalchemy import Table
from sqlalchemy.orm import Session

CHUNK = 20_000
#: SQLite page cache for bulk inserts (KiB): index pages stay in memory while a scan is written.
SQLITE_CACHE_KIB = 131_072


def json_text(column: str) -> pl.Expr:
    """A list column as JSON text, encoded by Polars (no per-row Python)."""
    encoded = pl.struct(pl.col(column)).struct.json_encode()
    return encoded.str.slice(len(column) + 4).str.strip_suffix("}").alias(column)


def bulk_insert(
    session: Session,
    table: Table,
    frame: pl.DataFrame,
    cols: list[pl.Expr],
    json_columns: tuple[str, ...],
    order: pl.Series | None = None,
) -> None:
    """Insert ``frame.select(cols)`` (JSON columns as JSON text) chunk by chunk.

    SQLite stores JSON as text, so the rows go straight to the driver's ``executemany``
    (no per-row SQLAlchemy processing: a million rows take seconds). Other databases get
    the decoded values through SQLAlchemy's JSON type.
    """
    conn = session.connection()
    chunks = (
        (frame[order.slice(start, CHUNK)] if order is not None else frame.slice(start, CHUNK)).select(cols)
        for start in range(0, frame.height, CHUNK)
    )
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        for chunk in chunks:
            sql = f"INSERT INTO {table.name} ({', '.join(chunk.columns)}) VALUES ({', '.join('?' * chunk.width)})"
            cursor.executemany(sql, chunk.iter_rows())
        cursor.execute("PRAGMA cache_size = -2000")
        cursor.close()
        return
    for chunk in chunks:
        rows = chunk.to_dicts()
        for row in rows:
            for c in json_columns:
                row[c] = json.loads(row[c]) if row[c] is not None else None
        session.execute(table.insert(), rows)
