"""Tables of the results store (SQLAlchemy 2 declarative models).

Times are ISO 8601 UTC strings: they sort as text, read back identically on SQLite and
PostgreSQL, and enter the audit hash unchanged. The schema itself is created and evolved by the
Alembic migrations in ``reports/store/migrations``; these models must match the latest revision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)


class Run(Base):
    """One screening run (a CLI invocation or a flow run); batches of it share the row."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(100), unique=True)
    started_at: Mapped[str] = mapped_column(String(40))
    settings_hash: Mapped[str] = mapped_column(String(64))
    info: Mapped[dict[str, Any]] = mapped_column(JSON)


class Document(Base):
    """One document content (by sha256), with its extracted text kept for re-screening."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)  # first path it was seen under
    size: Mapped[int | None] = mapped_column(BigInteger)  # None when the file was gone
    kind: Mapped[str | None] = mapped_column(String(16))
    pages: Mapped[int] = mapped_column(Integer)
    words: Mapped[int] = mapped_column(Integer)
    text_zlib: Mapped[bytes | None] = mapped_column(LargeBinary)  # UTF-8, zlib level 6
    first_seen_at: Mapped[str] = mapped_column(String(40))


class Case(Base):
    """One review case: a document content x item-list versions x settings."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("document_id", "lists_key", "settings_hash", name="uq_cases_key"),
        Index("ix_cases_status_score", "status", "top_score"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    previous_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    path: Mapped[str] = mapped_column(Text)
    lists_key: Mapped[str] = mapped_column(String(200))
    itemlist_versions: Mapped[dict[str, str]] = mapped_column(JSON)
    settings_hash: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24))
    top_score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    checked: Mapped[str] = mapped_column(Text)
    findings_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class FindingRow(Base):
    """One finding of a case, every field of ``classifiers.types.Finding``."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("case_id", "ordinal", name="uq_findings_case_ordinal"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(100))
    entry_code: Mapped[str] = mapped_column(String(40))
    itemlist: Mapped[str] = mapped_column(String(8))
    list_version: Mapped[str] = mapped_column(String(40))
    provision_text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(40))
    term: Mapped[str] = mapped_column(Text)  # evidence[0].term, the finding's own term
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    features: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    thresholds: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)


class Screening(Base):
    """One document result of one run (also failed ones), pointing at its case."""

    __tablename__ = "screenings"
    __table_args__ = (UniqueConstraint("run_id", "path", name="uq_screenings_run_path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(100))  # organisational unit (migration 0004)


class CaseEvent(Base):
    """A change of a case: opened, a review state change, or a suppression (append-only)."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "opened" | "decision" | "suppression"
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    reviewer: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))


class Suppression(Base):
    """A finding (term -> provision) marked false positive, for one document or for all."""

    __tablename__ = "suppressions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("case_events.id"))
    scope: Mapped[str] = mapped_column(String(16))  # "document" | "all"
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)  # None when scope "all"
    code: Mapped[str] = mapped_column(String(100))
    term: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))


class AuditRecord(Base):
    """One link of the hash chain; ids are consecutive from 1 and assigned by the writer."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as stored
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ProjectAssessmentRow(Base):
    """One project assessment of a run (issue 15): its levels, rules, measures and inputs.

    The case it opened (or found) holds the findings, decisions and suppressions, as for a
    document. ``participants`` holds counts per country group only: people's citizenships stay
    out of the store.
    """

    __tablename__ = "project_assessments"
    __table_args__ = (UniqueConstraint("run_id", "path", name="uq_project_assessments_run_path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(32))
    levels: Mapped[dict[str, str]] = mapped_column(JSON)  # area -> level
    rules: Mapped[dict[str, list[str]]] = mapped_column(JSON)  # area -> rule ids that fired
    measures: Mapped[list[str]] = mapped_column(JSON)  # measure ids
    inputs: Mapped[dict[str, str]] = mapped_column(JSON)  # role -> "path sha256"
    entity_lists: Mapped[list[str]] = mapped_column(JSON)
    participants: Mapped[dict[str, int]] = mapped_column(JSON)  # country group -> count
    quarantined: Mapped[list[str]] = mapped_column(JSON)
    at: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(100))  # organisational unit (migration 0004)


#: Tables whose rows may never change once written (enforced by triggers in the migration).
APPEND_ONLY = ("audit_log", "case_events", "findings", "suppressions")


class User(Base):
    """A desk account (migration 0005): never deleted, only deactivated."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(24))
    password_hash: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class WebSession(Base):
    """A signed-in browser, by the sha256 of its cookie token."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))


class WebUpload(Base):
    """One file uploaded through the desk, where it was saved, and the case it opened."""

    __tablename__ = "web_uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    display_name: Mapped[str] = mapped_column(Text)
    stored_path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # queued | running | screened | failed
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    decision: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    uploaded_at: Mapped[str] = mapped_column(String(40))
