"""Cloud-share scans in the results store: grant observations, grant cases, processed exports.

Tables (migration ``0002``, defined in :mod:`~reports.store.grant_tables`): ``share_scans``
(one row per scan), ``share_export_files`` (each export file processed, by sha256, for the
scheduled flow), ``share_grants`` (one row per grant observation; ``obs_key`` =
``grant_uid@event_time``, so the same export scanned twice adds nothing while a re-grant after
a revocation is a new observation) and ``share_cases`` (one open case per grant key whose
grant needs review; a revocation closes it, :mod:`~reports.store.grant_cases`).

Each scan is one write transaction holding the store's write lock, with one audit-chain
record carrying the counts and a digest of the new observation keys (the chain stays short:
a million grants are one record, not a million). Inside it the observations are written a key
range at a time from files staged on disk (``_Staged``), so the write's memory does not grow
with the scan; a write that fails half-way is rolled back whole.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
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
        new_rows: Sorted row numbers, in the order the observations were given (the decided
            grants first, then the revocations), of every row whose ``obs_key`` is new.
    """

    scan_id: int
    new_observations: int
    already_stored: int
    cases_opened: int
    cases_closed: int
    new_rows: pl.Series

    def is_new(self, offset: int, height: int) -> pl.Series:
        """Whether each of the rows ``offset .. offset + height - 1`` of the observations has a new key."""
        rows = self.new_rows
        lo, hi = (int(rows.search_sorted(n)) for n in (offset, offset + height))
        index = pl.int_range(offset, offset + height, dtype=pl.Int64, eager=True)
        return index.is_in(rows.slice(lo, hi - lo).cast(pl.Int64).implode()).alias("new")


def observation_key() -> pl.Expr:
    """``grant_uid@event_time`` (ISO, UTC, microseconds; empty for snapshots)."""
    when = pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").fill_null("")
    return pl.concat_str([pl.col("grant_uid"), pl.lit("@"), when]).alias("obs_key")


#: Observation rows per key range written at once: bounds the store write's memory however
#: large the scan (a tenth of a million rows holds about 100 MB here).
BUCKET_ROWS = 250_000
#: One key in this many is sampled to place the key ranges' boundaries.
SAMPLE_EVERY = 50
#: Keys looked up in the store per query.
LOOKUP = 500

Observations = pl.DataFrame | Sequence[pl.LazyFrame]


def save_scan(
    engine: Engine,
    scan_key: str,
    info: Mapping[str, Any],
    observations: Observations,
    files: Iterable[tuple[str, str]] = (),
) -> ScanStored:
    """Store one scan: its new observations, case changes and processed files (one transaction).

    The observations are staged on disk in ranges of ``obs_key`` (and the case rows in ranges
    of ``grant_key``), then written a range at a time: memory stays bounded by ``BUCKET_ROWS``
    however many rows the scan has, the rows go in in key order as before, and everything is
    one transaction, so an interrupted write leaves the store as it was.

    Args:
        engine: The results store's engine (``Store.engine``, schema at head).
        scan_key: Unique id of the scan (a rerun with the same key reuses the scan row).
        info: Scan metadata kept as JSON (files, versions, counts); no personal data.
        observations: Decided grants plus the revocation rows (``decision`` null), with the
            columns of the grant schema and ``decision, rule, reasons, findings, needs_review``
            (and optionally ``unit``): one frame, or lazy frames in row order (a spooled scan's parts).
        files: ``(path, sha256)`` of the export files this scan processed.

    Returns:
        The counts and the row numbers of the new observations.
    """
    frames = [observations.lazy()] if isinstance(observations, pl.DataFrame) else list(observations)
    with tempfile.TemporaryDirectory(prefix="exportscreen-store-") as tmp:
        staged = _Staged.of(frames, Path(tmp))
        with write_connection(engine) as conn, Session(bind=conn) as session:
            audit = AuditAppender(session)
            now = utc_now()
            scan_id = _scan_row(session, scan_key, info, now)
            written = _write_observations(conn, session, staged, scan_id, now)
            opened = closed = 0
            for bucket, key_range in staged.case_buckets():
                o, c = update_cases(session, bucket, scan_id, now, key_range)
                opened, closed = opened + o, closed + c
            _record_files(session, files, scan_id, now)
            stored = ScanStored(scan_id, written.new, staged.total - written.new, opened, closed, written.rows)
            audit.append("shares.scanned", "share_scan", scan_id, ACTOR,
                         {"share_scan": _audit_body(scan_key, stored, written.digest)})
            session.flush()
    logger.info("share scan %s: %d new observations, %d cases opened, %d closed", scan_key, written.new, opened,
                closed)
    return stored


def _slim(frame: pl.LazyFrame, offset: int) -> pl.LazyFrame:
    """The columns the store keeps, with ``obs_key``, the row number and JSON text for the lists."""
    names = frame.collect_schema().names()
    # A frame of revocations alone has no lists: null lists, encoded as the whole frame's would be.
    frame = frame.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias(c)
                               for c in ("reasons", "findings") if c not in names)

    def given(name: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(name) if name in names else pl.lit(None, dtype=dtype).alias(name)

    return frame.select(
        observation_key(),
        (pl.int_range(pl.len(), dtype=pl.Int64) + offset).alias("row"),
        pl.col("source_row"),
        pl.col("event_time"),
        *[given(c, pl.String()) for c in GRANT_TEXT if c != "event_time"],
        given("needs_review", pl.Boolean()),
        json_text("reasons"),
        json_text("findings"),
        given("unit", pl.String()),
    )


#: The columns a grant case is decided from.
CASE_COLUMNS = ("row", "obs_key", "grant_key", "grant_uid", "action", "event_time", "decision", "reasons",
                "needs_review")


@dataclass(frozen=True, slots=True)
class _Staged:
    """A scan's observations on disk, in files per ``obs_key`` range (each range in row order)."""

    folder: Path
    total: int
    key_bounds: pl.Series
    case_bounds: pl.Series

    @classmethod
    def of(cls, frames: Sequence[pl.LazyFrame], folder: Path) -> _Staged:
        samples, total = [], 0
        for frame in frames:
            sample = frame.select(observation_key(), "grant_key").gather_every(SAMPLE_EVERY).collect()
            samples.append(sample)
            total += int(frame.select(pl.len()).collect().item())
        sample = pl.concat(samples) if samples else pl.DataFrame(schema={"obs_key": pl.String, "grant_key": pl.String})
        buckets = max(1, -(-total // BUCKET_ROWS))
        staged = cls(folder, total, _bounds(sample["obs_key"], buckets), _bounds(sample["grant_key"], buckets))
        offset = 0
        for number, frame in enumerate(frames):
            part = _slim(frame, offset).collect()
            offset += part.height
            part = part.with_columns(_bucket=staged.key_bounds.search_sorted(part["obs_key"], side="right"))
            for (bucket,), rows in part.partition_by("_bucket", as_dict=True, include_key=False).items():
                rows.write_parquet(folder / f"obs-{bucket:05d}-{number:06d}.parquet", compression="lz4",
                                   statistics=False)
            del part
        return staged

    def buckets(self) -> Iterator[pl.DataFrame]:
        """Each ``obs_key`` range's rows in row order, ranges in key order."""
        for bucket in range(len(self.key_bounds) + 1):
            paths = sorted(self.folder.glob(f"obs-{bucket:05d}-*.parquet"))
            if paths:
                yield pl.read_parquet(paths).sort("row")

    def add_cases(self, new: pl.DataFrame) -> None:
        """Stage the new observations a case can come from (revocations, grants needing review)."""
        rows = new.filter((pl.col("action") == "revoke") | pl.col("needs_review").fill_null(False)).select(
            CASE_COLUMNS)
        if not rows.height:
            return
        rows = rows.with_columns(_bucket=self.case_bounds.search_sorted(rows["grant_key"], side="right"))
        first = int(rows["row"].min())  # type: ignore[arg-type]
        for (bucket,), part in rows.partition_by("_bucket", as_dict=True, include_key=False).items():
            part.write_parquet(self.folder / f"case-{bucket:05d}-{first:012d}.parquet", compression="lz4",
                               statistics=False)

    def case_buckets(self) -> Iterator[tuple[pl.DataFrame, tuple[str | None, str | None]]]:
        """Each ``grant_key`` range's staged case rows in row order, with the range (low, high)."""
        bounds = self.case_bounds.to_list()
        for bucket in range(len(bounds) + 1):
            paths = sorted(self.folder.glob(f"case-{bucket:05d}-*.parquet"))
            if paths:
                low = bounds[bucket - 1] if bucket else None
                high = bounds[bucket] if bucket < len(bounds) else None
                yield pl.read_parquet(paths).sort("row"), (low, high)


def _bounds(keys: pl.Series, buckets: int) -> pl.Series:
    """``buckets - 1`` increasing keys cutting a sample of keys into ranges of about equal size."""
    ordered = keys.drop_nulls().unique().sort()
    if buckets <= 1 or not ordered.len():
        return pl.Series(keys.name, [], dtype=pl.String)
    picks = [ordered[min(ordered.len() - 1, (i * ordered.len()) // buckets)] for i in range(1, buckets)]
    return pl.Series(keys.name, sorted(set(picks)), dtype=pl.String)


@dataclass(frozen=True, slots=True)
class _Written:
    new: int
    rows: pl.Series
    digest: str


def _write_observations(conn: Connection, session: Session, staged: _Staged, scan_id: int, now: str) -> _Written:
    """Insert the new observations a key range at a time (in key order) and the scan's counts."""
    digest = hashlib.sha256()
    rows: list[pl.Series] = []
    counts: list[pl.DataFrame] = []
    new_total = 0
    for frame in staged.buckets():
        first = frame.filter(pl.col("obs_key").is_first_distinct())
        held = _stored_keys(conn, first["obs_key"])
        new = first.filter(~pl.col("obs_key").is_in(held.implode()))
        del first, held
        if not new.height:
            continue
        rows.append(frame.filter(pl.col("obs_key").is_in(new["obs_key"].implode()))["row"])
        new = new.sort("obs_key")
        digest.update(("\n" if new_total else "").encode() + "\n".join(new["obs_key"].to_list()).encode())
        new_total += new.height
        _insert_grants(session, new, scan_id, now)
        counts.append(new.filter(pl.col("decision").is_not_null())
                      .group_by("unit", "source_system", "decision").agg(n=pl.len().cast(pl.Int64)))
        staged.add_cases(new)
    if counts:
        total = (pl.concat(counts).group_by("unit", "source_system", "decision").agg(pl.col("n").sum())
                 .sort("unit", "source_system", "decision"))
        if total.height:
            bulk_insert(session, share_grant_counts, total,
                        [pl.lit(scan_id).alias("scan_id"), pl.lit(now[:7]).alias("month"), pl.col("unit"),
                         pl.col("source_system"), pl.col("decision"), pl.col("n")], ())
    found = pl.concat(rows).sort() if rows else pl.Series("row", [], dtype=pl.Int64)
    return _Written(new_total, found, digest.hexdigest())


def _stored_keys(conn: Connection, keys: pl.Series) -> pl.Series:
    """Which of ``keys`` the store holds already (looked up through the unique index, a chunk at a time)."""
    found: list[str] = []
    column = share_grants.c.obs_key
    for start in range(0, keys.len(), LOOKUP):
        chunk = keys.slice(start, LOOKUP).to_list()
        found.extend(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return pl.Series("obs_key", found, dtype=pl.String)


def _audit_body(scan_key: str, stored: ScanStored, digest: str) -> dict[str, Any]:
    """The scan's audit record: its counts and a digest of the new observation keys (sorted, one a line)."""
    return {
        "id": stored.scan_id,
        "scan_key": scan_key,
        "new_observations": stored.new_observations,
        "already_stored": stored.already_stored,
        "cases_opened": stored.cases_opened,
        "cases_closed": stored.cases_closed,
        "observations_digest": digest,
    }


def _scan_row(session: Session, scan_key: str, info: Mapping[str, Any], now: str) -> int:
    found = session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar()
    if found is not None:
        return int(found)
    session.execute(share_scans.insert().values(scan_key=scan_key, started_at=now, info=dict(info)))
    return int(session.execute(select(share_scans.c.id).where(share_scans.c.scan_key == scan_key)).scalar_one())


def _insert_grants(session: Session, new: pl.DataFrame, scan_id: int, now: str) -> None:
    """Insert staged observations, in the frame's order (key order: the unique index grows at its end)."""
    cols = [
        pl.col("obs_key"),
        pl.lit(scan_id).alias("scan_id"),
        pl.col("source_row"),
        pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
        *[pl.col(c) for c in GRANT_TEXT if c != "event_time"],
        pl.col("reasons"),
        pl.col("findings"),
        pl.lit(now).alias("observed_at"),
        pl.col("unit"),
    ]
    bulk_insert(session, share_grants, new, cols, ("reasons", "findings"))


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
