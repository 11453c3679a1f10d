"""Cloud-share scans: scans, processed export files, grant observations and grant cases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Registers the share tables on the store's metadata whenever Alembic loads the revisions
# (every open_store), so the models-match-migrations check sees them. The tables below are
# still created from explicit definitions, as a migration must be.
import reports.store.grants  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _t(length: int | None = None) -> sa.types.TypeEngine[str]:
    return sa.String(length) if length else sa.Text()


def _scans_files() -> None:
    op.create_table(
        "share_scans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scan_key", _t(100), nullable=False, unique=True),
        sa.Column("started_at", _t(40), nullable=False),
        sa.Column("info", sa.JSON, nullable=False),
    )
    op.create_table(
        "share_export_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", _t(64), nullable=False, unique=True),
        sa.Column("path", _t(), nullable=False),
        sa.Column("scan_id", sa.Integer, sa.ForeignKey("share_scans.id"), nullable=False),
        sa.Column("processed_at", _t(40), nullable=False),
    )


def _grants() -> None:
    op.create_table(
        "share_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("obs_key", _t(80), nullable=False, unique=True),
        sa.Column("grant_uid", _t(32), nullable=False),
        sa.Column("grant_key", _t(32), nullable=False),
        sa.Column("scan_id", sa.Integer, sa.ForeignKey("share_scans.id"), nullable=False),
        sa.Column("action", _t(16), nullable=False),
        sa.Column("event_time", _t(40)),
        sa.Column("source_system", _t(40), nullable=False),
        sa.Column("source_format", _t(40), nullable=False),
        sa.Column("source_file", _t(), nullable=False),
        sa.Column("source_row", sa.BigInteger),
        sa.Column("native_operation", _t(80)),
        sa.Column("object_id", _t()),
        sa.Column("object_path", _t()),
        sa.Column("object_name", _t()),
        sa.Column("grantor", _t()),
        sa.Column("grantor_basis", _t(24), nullable=False),
        sa.Column("grantee", _t()),
        sa.Column("grantee_kind", _t(24), nullable=False),
        sa.Column("permission", _t(16), nullable=False),
        sa.Column("link_scope", _t(16), nullable=False),
        sa.Column("decision", _t(32)),
        sa.Column("rule", _t(40)),
        sa.Column("reasons", sa.JSON),
        sa.Column("findings", sa.JSON),
        sa.Column("observed_at", _t(40), nullable=False),
    )
    op.create_index("ix_share_grants_grant_uid", "share_grants", ["grant_uid"])
    op.create_index("ix_share_grants_grant_key", "share_grants", ["grant_key"])


def _cases() -> None:
    op.create_table(
        "share_cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("grant_key", _t(32), nullable=False),
        sa.Column("grant_uid", _t(32), nullable=False),
        sa.Column("opened_obs_key", _t(80), nullable=False),
        sa.Column("event_time", _t(40)),
        sa.Column("decision", _t(32), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("status", _t(16), nullable=False),
        sa.Column("opened_scan_id", sa.Integer, sa.ForeignKey("share_scans.id"), nullable=False),
        sa.Column("opened_at", _t(40), nullable=False),
        sa.Column("closed_scan_id", sa.Integer, sa.ForeignKey("share_scans.id")),
        sa.Column("closed_at", _t(40)),
        sa.Column("close_reason", _t()),
    )
    op.create_index("ix_share_cases_key_status", "share_cases", ["grant_key", "status"])


def upgrade() -> None:
    """Create the share-scan tables."""
    _scans_files()
    _grants()
    _cases()


def downgrade() -> None:
    """Drop the share-scan tables (development only; their history is lost)."""
    for table in ("share_cases", "share_grants", "share_export_files", "share_scans"):
        op.drop_table(table)
