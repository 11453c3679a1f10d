"""Initial schema: runs, documents, cases, findings, screenings, events, suppressions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: Rows of these tables are never updated or deleted (the triggers below refuse it).
APPEND_ONLY = ("audit_log", "case_events", "findings", "suppressions")


def _t(length: int | None = None) -> sa.types.TypeEngine[str]:
    return sa.String(length) if length else sa.Text()


def _runs_documents() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", _t(100), nullable=False, unique=True),
        sa.Column("started_at", _t(40), nullable=False),
        sa.Column("settings_hash", _t(64), nullable=False),
        sa.Column("info", sa.JSON, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", _t(64), nullable=False, unique=True),
        sa.Column("path", _t(), nullable=False),
        sa.Column("size", sa.BigInteger),
        sa.Column("kind", _t(16)),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("text_zlib", sa.LargeBinary),
        sa.Column("first_seen_at", _t(40), nullable=False),
    )


def _cases_findings() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("previous_case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("path", _t(), nullable=False),
        sa.Column("lists_key", _t(200), nullable=False),
        sa.Column("itemlist_versions", sa.JSON, nullable=False),
        sa.Column("settings_hash", _t(64), nullable=False),
        sa.Column("decision", _t(32), nullable=False),
        sa.Column("status", _t(24), nullable=False),
        sa.Column("top_score", sa.Float, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("checked", _t(), nullable=False),
        sa.Column("findings_digest", _t(64), nullable=False),
        sa.Column("created_at", _t(40), nullable=False),
        sa.Column("updated_at", _t(40), nullable=False),
        sa.UniqueConstraint("document_id", "lists_key", "settings_hash", name="uq_cases_key"),
    )
    op.create_index("ix_cases_status_score", "cases", ["status", "top_score"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("code", _t(100), nullable=False),
        sa.Column("entry_code", _t(40), nullable=False),
        sa.Column("itemlist", _t(8), nullable=False),
        sa.Column("list_version", _t(40), nullable=False),
        sa.Column("provision_text", _t(), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("level", _t(16), nullable=False),
        sa.Column("rule", _t(40), nullable=False),
        sa.Column("term", _t(), nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("thresholds", sa.JSON, nullable=False),
        sa.Column("explanation", _t(), nullable=False),
        sa.UniqueConstraint("case_id", "ordinal", name="uq_findings_case_ordinal"),
    )
    op.create_index("ix_findings_case_id", "findings", ["case_id"])


def _screenings_events() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("path", _t(), nullable=False),
        sa.Column("status", _t(16), nullable=False),
        sa.Column("decision", _t(32), nullable=False),
        sa.Column("error", _t()),
        sa.Column("sha256", _t(64)),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("at", _t(40), nullable=False),
        sa.UniqueConstraint("run_id", "path", name="uq_screenings_run_path"),
    )
    op.create_index("ix_screenings_sha256", "screenings", ["sha256"])
    op.create_index("ix_screenings_case_id", "screenings", ["case_id"])
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", _t(16), nullable=False),
        sa.Column("from_status", _t(24)),
        sa.Column("to_status", _t(24), nullable=False),
        sa.Column("reviewer", _t(100), nullable=False),
        sa.Column("reason", _t(), nullable=False),
        sa.Column("at", _t(40), nullable=False),
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"])


def _suppressions_audit() -> None:
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("case_events.id"), nullable=False),
        sa.Column("scope", _t(16), nullable=False),
        sa.Column("sha256", _t(64)),
        sa.Column("code", _t(100), nullable=False),
        sa.Column("term", _t(), nullable=False),
        sa.Column("reviewer", _t(100), nullable=False),
        sa.Column("reason", _t(), nullable=False),
        sa.Column("at", _t(40), nullable=False),
    )
    op.create_index("ix_suppressions_sha256", "suppressions", ["sha256"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", _t(40), nullable=False),
        sa.Column("action", _t(40), nullable=False),
        sa.Column("entity", _t(24), nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("actor", _t(100), nullable=False),
        sa.Column("payload", _t(), nullable=False),
        sa.Column("prev_hash", _t(64), nullable=False, unique=True),
        sa.Column("hash", _t(64), nullable=False, unique=True),
    )


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION exportscreen_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION '% is append-only: add a record instead', TG_TABLE_NAME; "
            "END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION exportscreen_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, '{table} is append-only: add a record instead'); END"
            )


def upgrade() -> None:
    """Create every table, index and append-only trigger."""
    _runs_documents()
    _cases_findings()
    _screenings_events()
    _suppressions_audit()
    _append_only_triggers()


def downgrade() -> None:
    """Drop everything (only for development; history is lost)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION exportscreen_append_only() CASCADE")
    for table in ("audit_log", "suppressions", "case_events", "screenings", "findings", "cases"):
        op.drop_table(table)
    op.drop_table("documents")
    op.drop_table("runs")
