"""Trend reports (issue 16): organisational units, and grant counts per scan.

A nullable ``unit`` on screenings, project assessments and grants, and the table
``share_grant_counts`` (observations counted per scan, month, unit, source system and decision),
back-filled here from the observations already stored.

Rows stored before this revision have no unit (NULL): trend reports show them as "(no unit)".
Adding a nullable column rewrites no row, so the append-only triggers and the audit copies of
older rows stay valid (the audit comparison checks the fields each copy recorded).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("screenings", "project_assessments", "share_grants")


def upgrade() -> None:
    """Add the columns and the counts table, and count the observations already stored."""
    for table in TABLES:
        op.add_column(table, sa.Column("unit", sa.String(100), nullable=True))
    op.create_table(
        "share_grant_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scan_id", sa.Integer, sa.ForeignKey("share_scans.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("unit", sa.String(100)),
        sa.Column("source_system", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_share_grant_counts_month", "share_grant_counts", ["month"])
    op.execute(
        "INSERT INTO share_grant_counts (scan_id, month, unit, source_system, decision, n) "
        "SELECT scan_id, substr(observed_at, 1, 7), NULL, source_system, decision, count(*) FROM share_grants "
        "WHERE decision IS NOT NULL GROUP BY scan_id, substr(observed_at, 1, 7), source_system, decision"
    )


def downgrade() -> None:
    """Drop the columns and the table (development only)."""
    op.drop_table("share_grant_counts")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unit")
