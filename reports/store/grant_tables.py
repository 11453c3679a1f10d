"""The cloud-share tables of the results store (migration ``0002``).

``share_scans`` (one row per scan), ``share_export_files`` (each export file processed, by
sha256), ``share_grants`` (one row per grant observation) and ``share_cases`` (one open case
per grant key whose grant needs review). :mod:`reports.store.grants` writes and reads them.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from reports.store.models import Base

# The tables live on the store's own metadata, so the models-match-migrations check sees them;
# migration 0002 imports reports.store.grants, and with it this module, which registers them whenever the store opens.
metadata = Base.metadata


def _text(name: str, length: int | None = None, nullable: bool = True) -> Column[str]:
    return Column(name, String(length) if length else Text(), nullable=nullable)


share_scans = Table(
    "share_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    _text("scan_key", 100, False),
    _text("started_at", 40, False),
    Column("info", JSON, nullable=False),
    UniqueConstraint("scan_key"),
)
share_export_files = Table(
    "share_export_files",
    metadata,
    Column("id", Integer, primary_key=True),
    _text("sha256", 64, False),
    _text("path", None, False),
    Column("scan_id", Integer, ForeignKey("share_scans.id"), nullable=False),
    _text("processed_at", 40, False),
    UniqueConstraint("sha256"),
)
#: Text columns of ``share_grants`` copied from the decided grant frame: (name, length, nullable).
GRANT_COLUMNS = (
    ("grant_uid", 32, False),
    ("grant_key", 32, False),
    ("action", 16, False),
    ("event_time", 40, True),
    ("source_system", 40, False),
    ("source_format", 40, False),
    ("source_file", None, False),
    ("native_operation", 80, True),
    ("object_id", None, True),
    ("object_path", None, True),
    ("object_name", None, True),
    ("grantor", None, True),
    ("grantor_basis", 24, False),
    ("grantee", None, True),
    ("grantee_kind", 24, False),
    ("permission", 16, False),
    ("link_scope", 16, False),
    ("decision", 32, True),
    ("rule", 40, True),
)
GRANT_TEXT = tuple(name for name, _, _ in GRANT_COLUMNS)
share_grants = Table(
    "share_grants",
    metadata,
    Column("id", Integer, primary_key=True),
    _text("obs_key", 80, False),
    Column("scan_id", Integer, ForeignKey("share_scans.id"), nullable=False),
    Column("source_row", BigInteger),
    *[_text(name, length, nullable) for name, length, nullable in GRANT_COLUMNS],
    Column("reasons", JSON),
    Column("findings", JSON),
    _text("observed_at", 40, False),
    _text("unit", 100),  # organisational unit (migration 0004)
    UniqueConstraint("obs_key"),
    Index("ix_share_grants_grant_uid", "grant_uid"),
    Index("ix_share_grants_grant_key", "grant_key"),
)
#: Grant observations counted per scan, month, unit, source system and decision (migration 0004),
#: written with the observations in the same transaction; trend reports sum these few rows
#: instead of grouping millions of observations.
share_grant_counts = Table(
    "share_grant_counts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("share_scans.id"), nullable=False),
    _text("month", 7, False),
    _text("unit", 100),
    _text("source_system", 40, False),
    _text("decision", 32, False),
    Column("n", BigInteger, nullable=False),
    Index("ix_share_grant_counts_month", "month"),
)
share_cases = Table(
    "share_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    _text("grant_key", 32, False),
    _text("grant_uid", 32, False),
    _text("opened_obs_key", 80, False),
    _text("event_time", 40),
    _text("decision", 32, False),
    Column("reasons", JSON, nullable=False),
    _text("status", 16, False),
    Column("opened_scan_id", Integer, ForeignKey("share_scans.id"), nullable=False),
    _text("opened_at", 40, False),
    Column("closed_scan_id", Integer, ForeignKey("share_scans.id")),
    _text("closed_at", 40),
    _text("close_reason"),
    Index("ix_share_cases_key_status", "grant_key", "status"),
)
