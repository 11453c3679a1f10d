"""Cloud-share scans in the results store: grant observations, grant cases, processed exports.

Tables (migration ``0002``): ``share_scans`` (one row per scan), ``share_export_files`` (each
export file processed, by sha256, for the scheduled flow), ``share_grants`` (one row per grant
observation; ``obs_key`` = ``grant_uid@event_time``, so the same export scanned twice adds
nothing while a re-grant after a revocation is a new observation) and ``share_cases`` (one
open case per grant key whose grant needs review; a revocation closes it).

Each scan is one write transaction holding the store's write lock, with one audit-chain
record carrying the counts and a digest of the new observation keys (the chain stays short:
a million grants are one record, not a million).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    select,
)
from sqlalchemy.orm import Session

import reports.store  # noqa: F401  (first: reports.store.audit and reports.store import each other)
from reports.store.audit import AuditAppender, utc_now
from reports.store.engine import write_connection
from reports.store.models import Base, Case, FindingRow, Screening

logger = logging.getLogger(__name__)
ACTOR = "exportscreen"
CHUNK = 20_000
#: SQLite page cache for bulk inserts (KiB): index pages stay in memory while a scan is written.
SQLITE_CACHE_KIB = 131_072
# The tables live on the store's own metadata, so the models-match-migrations check sees them;
# migration 0002 imports this module, which registers them whenever the store opens.
metadata = Base.metadata


def _text(name: str, length: int | None = None, nullable: bool = True) -> Column[str]:
    return Column(name, String(length) if length else Text(), nullable=nullable)


share_scans = Table(
    "share_scans", metadata,
    Column("id", Integer, primary_key=True), _text("scan_key", 100, False), _text("started_at", 40, False),
    Column("info", JSON, nullable=False),
    UniqueConstraint("scan_key"),
)
share_export_files = Table(
    "share_export_files", metadata,
    Column("id", Integer, primary_key=True), _text("sha256", 64, False), _text("path", None, False),
    Column("scan_id", Integer, ForeignKey("share_scans.id"), nullable=False), _text("processed_at", 40, False),
    UniqueConstraint("sha256"),
)
#: Text columns of ``share_grants`` copied from the decided grant frame: (name, length, nullable).
_GRANT_COLUMNS = (
    ("grant_uid", 32, False), ("grant_key", 32, False), ("action", 16, False), ("event_time", 40, True),
    ("source_system", 40, False), ("source_format", 40, False), ("source_file", None, False),
    ("native_operation", 80, True), ("object_id", None, True), ("object_path", None, True),
    ("object_name", None, True), ("grantor", None, True), ("grantor_basis", 24, False), ("grantee", None, True),
    ("grantee_kind", 24, False), ("permission", 16, False), ("link_scope", 16, False), ("decision", 32, True),
    ("rule", 40, True),
)
_GRANT_TEXT = tuple(name for name, _, _ in _GRANT_COLUMNS)
share_grants = Table(
    "share_grants", metadata,
    Column("id", Integer, primary_key=True), _text("obs_key", 80, False),
    Column("scan_id", Integer, ForeignKey("share_scans.id"), nullable=False), Column("source_row", BigInteger),
    *[_text(name, length, nullable) for name, length, nullable in _GRANT_COLUMNS],
    Column("reasons", JSON), Column("findings", JSON), _text("observed_at", 40, False),
    UniqueConstraint("obs_key"),
    Index("ix_share_grants_grant_uid", "grant_uid"), Index("ix_share_grants_grant_key", "grant_key"),
)
share_cases = Table(
    "share_cases", metadata,
    Column("id", Integer, primary_key=True), _text("grant_key", 32, False), _text("grant_uid", 32, False),
    _text("opened_obs_key", 80, False), _text("event_time", 40), _text("decision", 32, False),
    Column("reasons", JSON, nullable=False), _text("status", 16, False),
    Column("opened_scan_id", Integer, ForeignKey("share_scans.id"), nullable=False),
    _text("opened_at", 40, False), Column("closed_scan_id", Integer, ForeignKey("share_scans.id")),
    _text("closed_at", 40), _text("close_reason"),
    Index("ix_share_cases_key_status", "grant_key", "status"),
)


@dataclass(frozen=True, slots=True)
class ScanStored:
    """What one scan added to the store.

    Attributes:
        scan_id: The scan's row id.
        new_observations: Grant and revocation observations not stored before.
        already_stored: Observations of this scan the store already held (a rerun).
        cases_opened: New cases (grants needing review with no open case for their key).
        cases_closed: Open cases closed by a revocation in this scan.
        new_keys: The ``obs_key`` of every new observation.
    """

    scan_id: int
    new_observations: int
    already_stored: int
    cases_opened: int
    cases_closed: int
    new_keys: pl.Series


def observation_key() -> pl.Expr:
    """``grant_uid@event_time`` (ISO, UTC, microseconds; empty for snapshots)."""
    when = pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").fill_null("")
    return pl.concat_str([pl.col("grant_uid"), pl.lit("@"), when]).alias("obs_key")


def save_scan(
    engine: Engine, scan_key: str, info: Mapping[str, Any], observations: pl.DataFrame,
    files: Iterable[tuple[str, str]] = (),
) -> ScanStored:
    """Store one scan: its new observations, case changes and processed files (one transaction).

    Args:
        engine: The results store's engine (``Store.engine``, schema at head).
        scan_key: Unique id of the scan (a rerun with the same key reuses the scan row).
        info: Scan metadata kept as JSON (files, versions, counts); no personal data.
        observations: Decided grants plus the revocation rows (``decision`` null), with the
            columns of the grant schema and ``decision, rule, reasons, findings, needs_review``.
        files: ``(path, sha256)`` of the export files this scan processed.

    Returns:
        The counts and the keys of the new observations.
    """
    keys = observations.select(observation_key()).to_series()
    with write_connection(engine) as conn, Session(bind=conn) as session:
        audit = AuditAppender(session)
        now = utc_now()
        scan_id = _scan_row(session, scan_key, info, now)
        stored = pl.Series("obs_key", conn.execute(select(share_grants.c.obs_key)).scalars().all(), dtype=pl.String)
        fresh = keys.is_first_distinct() & ~keys.is_in(stored.implode())
        del stored
        new = observations.with_columns(keys).filter(fresh)
        _insert_grants(session, new, scan_id, now)
        opened, closed = _update_cases(session, new, scan_id, now)
        _record_files(session, files, scan_id, now)
        new_keys = new["obs_key"].sort()
        body = {"id": scan_id, "scan_key": scan_key, "new_observations": new.height,
                "already_stored": keys.len() - new.height, "cases_opened": opened, "cases_closed": closed,
                "observations_digest": hashlib.sha256("\n".join(new_keys.to_list()).encode()).hexdigest()}
        audit.append("shares.scanned", "share_scan", scan_id, ACTOR, {"share_scan": body})
        session.flush()
    logger.info("share scan %s: %d new observations, %d cases opened, %d closed", scan_key, new.height, opened,
                closed)
    return ScanStored(scan_id, new.height, keys.len() - new.height, opened, closed, new_keys)


def _scan_row(session: Session, scan_key: str, info: Mapping[str, Any], now: str) -> int:
    found = session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar()
    if found is not None:
        return int(found)
    session.execute(share_scans.insert().values(scan_key=scan_key, started_at=now, info=dict(info)))
    return int(session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar_one())


def _insert_grants(session: Session, new: pl.DataFrame, scan_id: int, now: str) -> None:
    cols = [
        pl.col("obs_key"), pl.lit(scan_id).alias("scan_id"), pl.col("source_row"),
        pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
        *[pl.col(c) for c in _GRANT_TEXT if c != "event_time"],
        _json("reasons"), _json("findings"), pl.lit(now).alias("observed_at"),
    ]
    # In key order, so the unique index on obs_key grows at its end instead of at random places.
    _bulk_insert(session, share_grants, new, cols, ("reasons", "findings"), order=new["obs_key"].arg_sort())


def _json(column: str) -> pl.Expr:
    """A list column as JSON text, encoded by Polars (no per-row Python)."""
    encoded = pl.struct(pl.col(column)).struct.json_encode()
    return encoded.str.slice(len(column) + 4).str.strip_suffix("}").alias(column)


def _bulk_insert(
    session: Session, table: Table, frame: pl.DataFrame, cols: list[pl.Expr], json_columns: tuple[str, ...],
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


def _update_cases(session: Session, new: pl.DataFrame, scan_id: int, now: str) -> tuple[int, int]:
    """Close open cases revoked by this scan's revocations; open cases for new review grants."""
    time = pl.col("event_time")
    revokes = new.filter(pl.col("action") == "revoke").group_by("grant_key").agg(
        r_time=time.max(), r_text=time.max().dt.strftime("%Y-%m-%dT%H:%M:%SZ").fill_null("an unknown time"))
    open_rows = session.execute(select(share_cases.c.id, share_cases.c.grant_key, share_cases.c.event_time)
                                .where(share_cases.c.status == "open")).all()
    cases = pl.DataFrame(open_rows, schema={"id": pl.Int64, "grant_key": pl.String, "c_time": pl.String},
                         orient="row").with_columns(c_time=pl.col("c_time").str.to_datetime(time_zone="UTC"))
    after = pl.col("r_time").is_null() | pl.col("c_time").is_null() | (pl.col("r_time") >= pl.col("c_time"))
    to_close = cases.join(revokes, on="grant_key", how="inner").filter(after)
    if to_close.height:
        update = share_cases.update().where(share_cases.c.id == bindparam("b_id")).values(
            status="closed", closed_scan_id=scan_id, closed_at=now, close_reason=bindparam("b_reason"))
        params = to_close.select(b_id="id", b_reason=pl.format("access revoked at {}", "r_text")).to_dicts()
        session.execute(update, params)
    still_open = cases.join(to_close.select("id"), on="id", how="anti").select("grant_key")
    review = new.filter(pl.col("needs_review").fill_null(False) & (pl.col("action") != "revoke"))
    latest = review.sort(time, nulls_last=False).group_by("grant_key").agg(pl.all().last())
    to_open = latest.join(still_open, on="grant_key", how="anti").join(revokes, on="grant_key", how="left")
    revoked = pl.col("r_text").is_not_null() & (pl.col("r_time").is_null() | time.is_null()
                                                | (pl.col("r_time") >= time))
    opened = to_open.select(
        "grant_key", "grant_uid", opened_obs_key="obs_key",
        event_time=time.dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"), decision="decision", reasons="reasons",
        status=pl.when(revoked).then(pl.lit("closed")).otherwise(pl.lit("open")),
        opened_scan_id=pl.lit(scan_id), opened_at=pl.lit(now),
        closed_scan_id=pl.when(revoked).then(pl.lit(scan_id)), closed_at=pl.when(revoked).then(pl.lit(now)),
        close_reason=pl.when(revoked).then(pl.format("access revoked at {}", "r_text")),
    )
    cols = [pl.exclude("reasons"), _json("reasons")]
    _bulk_insert(session, share_cases, opened, cols, ("reasons",))
    return opened.height, to_close.height + opened.filter(pl.col("status") == "closed").height


def _record_files(session: Session, files: Iterable[tuple[str, str]], scan_id: int, now: str) -> None:
    known = set(processed_in(session))
    rows = {sha: path for path, sha in files if sha not in known}
    if rows:
        session.execute(share_export_files.insert(), [
            {"sha256": sha, "path": path, "scan_id": scan_id, "processed_at": now} for sha, path in rows.items()])


def processed_in(session: Session) -> list[str]:
    """sha256 of every export file processed by an earlier scan."""
    return [str(s) for s in session.execute(select(share_export_files.c.sha256)).scalars()]


def processed_files(engine: Engine) -> set[str]:
    """sha256 of every export file already processed (the scheduled flow skips these)."""
    with Session(engine) as session:
        return set(processed_in(session))


def share_cases_frame(engine: Engine) -> pl.DataFrame:
    """Every grant case: ``id, grant_key, grant_uid, decision, status, close_reason``."""
    with Session(engine) as session:
        rows = session.execute(select(share_cases.c.id, share_cases.c.grant_key, share_cases.c.grant_uid,
                                      share_cases.c.decision, share_cases.c.status,
                                      share_cases.c.close_reason).order_by(share_cases.c.id)).all()
    schema = {"id": pl.Int64, "grant_key": pl.String, "grant_uid": pl.String, "decision": pl.String,
              "status": pl.String, "close_reason": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def count_rows(engine: Engine, table: Table) -> int:
    """Number of rows in one of this module's tables."""
    from sqlalchemy import func

    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar() or 0)


def screened_contents(engine: Engine) -> list[dict[str, Any]]:
    """Every screened document in the store with its newest case's decision and findings.

    Returns:
        One dict per (path, sha256) seen: ``path, sha256, decision, versions, findings``
        (findings as ``code, entry_code, list, list_version, level`` dicts).
    """
    with Session(engine) as session:
        seen = session.execute(
            select(Screening.path, Screening.sha256, Screening.case_id)
            .where(Screening.status == "screened", Screening.case_id.is_not(None))
            .order_by(Screening.id)
        ).all()
        latest: dict[str, int] = {str(sha): int(case_id or 0) for _path, sha, case_id in seen}
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(set(latest.values()))))}
        found: dict[int, list[dict[str, Any]]] = {}
        for f in session.scalars(select(FindingRow).where(FindingRow.case_id.in_(set(latest.values())))
                                 .order_by(FindingRow.case_id, FindingRow.ordinal)):
            found.setdefault(f.case_id, []).append({"code": f.code, "entry_code": f.entry_code, "list": f.itemlist,
                                                    "list_version": f.list_version, "level": f.level})
    out = []
    for path, sha, _ in seen:
        case = cases[latest[str(sha)]]
        versions = ", ".join(f"{k}@{v}" for k, v in sorted(case.itemlist_versions.items()))
        out.append({"path": path, "sha256": sha, "decision": case.decision, "versions": versions,
                    "findings": found.get(case.id, [])})
    return out


__all__ = ["ScanStored", "processed_files", "save_scan", "screened_contents", "share_cases_frame"]
