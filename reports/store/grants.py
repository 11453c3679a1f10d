"""Cloud-share scans in the results store: grant observations, grant cases, processed exports.

Tables (migration ``0002``, defined in :mod:`~reports.store.grant_tables`): ``share_scans``
(one row per scan), ``share_export_files`` (each export file processed, by sha256, for the
scheduled flow), ``share_grants`` (one row per grant observation; ``obs_key`` =
``grant_uid@event_time``, so the same export scanned twice adds nothing while a re-grant after
a revocation is a new observation) and ``share_cases`` (one open case per grant key whose
grant needs review; a revocation closes it, :mod:`~reports.store.grant_cases`).

Each scan is one write transaction holding the store's write lock, with one audit-chain
record carrying the counts and a digest of the new observation keys (the chain stays short:
a million grants are one record, not a million).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.orm import Session

import reports.store  # noqa: F401  (first: reports.store.audit and reports.store import each other)
from reports.store.audit import AuditAppender, utc_now
from reports.store.bulk import bulk_insert, json_text
from reports.store.engine import write_connection
from reports.store.grant_cases import update_cases
from reports.store.grant_tables import (
    GRANT_TEXT,
    share_cases,
    share_export_files,
    share_grant_counts,
    share_grants,
    share_scans,
)
from reports.store.models import Case, FindingRow, Screening

logger = logging.getLogger(__name__)
ACTOR = "exportscreen"


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
    engine: Engine,
    scan_key: str,
    info: Mapping[str, Any],
    observations: pl.DataFrame,
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
        new = _new_observations(conn, observations, keys)
        _insert_grants(session, new, scan_id, now)
        opened, closed = update_cases(session, new, scan_id, now)
        _record_files(session, files, scan_id, now)
        stored = ScanStored(scan_id, new.height, keys.len() - new.height, opened, closed, new["obs_key"].sort())
        audit.append("shares.scanned", "share_scan", scan_id, ACTOR, {"share_scan": _audit_body(scan_key, stored)})
        session.flush()
    logger.info("share scan %s: %d new observations, %d cases opened, %d closed", scan_key, new.height, opened, closed)
    return stored


def _new_observations(conn: Connection, observations: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """The observations (with their ``obs_key``) the store does not hold yet, each key once."""
    stored = pl.Series("obs_key", conn.execute(select(share_grants.c.obs_key)).scalars().all(), dtype=pl.String)
    fresh = keys.is_first_distinct() & ~keys.is_in(stored.implode())
    del stored
    return observations.with_columns(keys).filter(fresh)


def _audit_body(scan_key: str, stored: ScanStored) -> dict[str, Any]:
    """The scan's audit record: its counts and a digest of the new observation keys."""
    return {
        "id": stored.scan_id,
        "scan_key": scan_key,
        "new_observations": stored.new_observations,
        "already_stored": stored.already_stored,
        "cases_opened": stored.cases_opened,
        "cases_closed": stored.cases_closed,
        "observations_digest": hashlib.sha256("\n".join(stored.new_keys.to_list()).encode()).hexdigest(),
    }


def _scan_row(session: Session, scan_key: str, info: Mapping[str, Any], now: str) -> int:
    found = session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar()
    if found is not None:
        return int(found)
    session.execute(share_scans.insert().values(scan_key=scan_key, started_at=now, info=dict(info)))
    return int(session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar_one())


def _insert_grants(session: Session, new: pl.DataFrame, scan_id: int, now: str) -> None:
    cols = [
        pl.col("obs_key"),
        pl.lit(scan_id).alias("scan_id"),
        pl.col("source_row"),
        pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
        *[pl.col(c) for c in GRANT_TEXT if c != "event_time"],
        json_text("reasons"),
        json_text("findings"),
        pl.lit(now).alias("observed_at"),
        pl.col("unit") if "unit" in new.columns else pl.lit(None, dtype=pl.String).alias("unit"),
    ]
    # In key order, so the unique index on obs_key grows at its end instead of at random places.
    bulk_insert(session, share_grants, new, cols, ("reasons", "findings"), order=new["obs_key"].arg_sort())
    unit = pl.col("unit") if "unit" in new.columns else pl.lit(None, dtype=pl.String).alias("unit")
    counts = (new.filter(pl.col("decision").is_not_null()).with_columns(unit)
              .group_by("unit", "source_system", "decision").agg(n=pl.len().cast(pl.Int64))
              .sort("unit", "source_system", "decision"))
    if counts.height:
        bulk_insert(session, share_grant_counts, counts,
                    [pl.lit(scan_id).alias("scan_id"), pl.lit(now[:7]).alias("month"), pl.col("unit"),
                     pl.col("source_system"), pl.col("decision"), pl.col("n")], ())


def _record_files(session: Session, files: Iterable[tuple[str, str]], scan_id: int, now: str) -> None:
    known = set(processed_in(session))
    rows = {sha: path for path, sha in files if sha not in known}
    if rows:
        session.execute(
            share_export_files.insert(),
            [{"sha256": sha, "path": path, "scan_id": scan_id, "processed_at": now} for sha, path in rows.items()],
        )


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
        rows = session.execute(
            select(
                share_cases.c.id,
                share_cases.c.grant_key,
                share_cases.c.grant_uid,
                share_cases.c.decision,
                share_cases.c.status,
                share_cases.c.close_reason,
            ).order_by(share_cases.c.id)
        ).all()
    schema = {
        "id": pl.Int64,
        "grant_key": pl.String,
        "grant_uid": pl.String,
        "decision": pl.String,
        "status": pl.String,
        "close_reason": pl.String,
    }
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
        found = _findings_by_case(session, set(latest.values()))
    out = []
    for path, sha, _ in seen:
        case = cases[latest[str(sha)]]
        versions = ", ".join(f"{k}@{v}" for k, v in sorted(case.itemlist_versions.items()))
        out.append(
            {
                "path": path,
                "sha256": sha,
                "decision": case.decision,
                "versions": versions,
                "findings": found.get(case.id, []),
            }
        )
    return out


def _findings_by_case(session: Session, case_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    """The findings of the cases, in order: ``code, entry_code, list, list_version, level``."""
    found: dict[int, list[dict[str, Any]]] = {}
    for f in session.scalars(
        select(FindingRow).where(FindingRow.case_id.in_(case_ids)).order_by(FindingRow.case_id, FindingRow.ordinal)
    ):
        found.setdefault(f.case_id, []).append(
            {
                "code": f.code,
                "entry_code": f.entry_code,
                "list": f.itemlist,
                "list_version": f.list_version,
                "level": f.level,
            }
        )
    return found


__all__ = ["ScanStored", "processed_files", "save_scan", "screened_contents", "share_cases_frame"]
