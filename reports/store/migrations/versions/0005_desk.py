"""The web desk (issue 18): local accounts, sign-in sessions and uploads.

``users``: one account per person, with a role (researcher, adviser, security_officer, admin),
an argon2 password hash (NULL for accounts that sign in through a trusted reverse proxy only),
a language and whether it is active; accounts are never deleted, only deactivated, so the
audit log's actors stay resolvable. ``web_sessions``: signed-in browsers by the sha256 of their
cookie token (the token itself is never stored) with their CSRF token and expiry. ``web_uploads``:
what a person uploaded through the desk, where it was saved and the case it opened, so a
researcher sees their own submissions and nobody else's.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "web_uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("job", sa.String(40), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("stored_path", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("decision", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("uploaded_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_web_uploads_user_id", "web_uploads", ["user_id"])
    op.create_index("ix_web_uploads_job", "web_uploads", ["job"])
    op.create_index("ix_web_uploads_case_id", "web_uploads", ["case_id"])


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("web_uploads")
    op.drop_table("web_sessions")
    op.drop_table("users")
