"""The results store: plain functions over a SQLAlchemy engine, usable in and outside Prefect."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from classifiers.types import DocumentResult
from reports.errors import StoreError
from reports.run import RunInfo
from reports.store import review
from reports.store.audit import AuditAppender, VerifyResult
from reports.store.documents import latest_documents
from reports.store.engine import make_engine, migrate, normalise_url, write_connection
from reports.store.integrity import verify_store
from reports.store.models import Case, CaseEvent, Document, FindingRow, Screening
from reports.store.records import (
    CaseDetail,
    CaseEventRecord,
    CaseSummary,
    StoredDocument,
    StoredFinding,
    SuppressionRule,
    row_to_finding,
)
from reports.store.roles import Reviewers
from reports.store.writer import ensure_run, save_result

logger = logging.getLogger(__name__)


def open_store(url: str) -> Store:
    """Open (and create or migrate) the store at ``url`` (flows.settings.database_url gives the configured one).

    Raises:
        StoreConfigError: The URL is unusable.
        DatabaseVersionError: The database comes from a newer exportscreen; it is not changed.
        StoreError: The database cannot be opened.
    """
    url = normalise_url(url)
    engine = make_engine(url)
    try:
        migrate(engine, url)
    except OperationalError as exc:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        raise StoreError(f"cannot open database {shown!r}: {exc.orig}; check the URL and access") from None
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(unusable_database(url, exc)) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def unusable_database(url: str, exc: DatabaseError) -> str:
    """One line for a database that opened but cannot be used (not a database, damaged)."""
    shown = make_url(url).render_as_string(hide_password=True)
    return (
        f"database {shown!r} cannot be used ({exc.orig}): it is not an exportscreen store or it is damaged; "
        "point --database or EXPORTSCREEN_DATABASE_URL at the right file, or move this one aside "
        "(nothing was written to it)"
    )


class Store:
    """Screening results, review cases and the audit log in one database.

    Args:
        engine: An engine made by ``make_engine`` on a migrated database (use ``open_store``).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for reports and tests that read tables directly)."""
        return self._engine

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[tuple[Session, AuditAppender]]:
        with write_connection(self._engine) as conn, Session(bind=conn, expire_on_commit=False) as session:
            yield session, AuditAppender(session)
            session.flush()

    @contextmanager
    def transaction(self) -> Iterator[tuple[Session, AuditAppender]]:
        """One write transaction (write lock held) and its audit appender.

        For the store's own modules (reports.store.accounts): all or nothing, chained into the audit log.
        """
        with self._write() as pair:
            yield pair

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no lock taken)."""
        with Session(self._engine) as session:
            yield session

    def save_results(
        self, run_info: RunInfo, results: Sequence[DocumentResult],
        texts: Mapping[str, str] | None = None,
    ) -> list[int | None]:
        """Store one batch in one transaction (all or nothing); idempotent on rerun.

        Args:
            run_info: The run: pass the same ``run_id`` for every batch of a run and on rerun;
                its ``settings`` are hashed into the case key; ``stored()`` is kept as JSON.
            results: The batch, in order.
            texts: Extracted text by sha256 (or by path), kept for re-screening.

        Returns:
            The case id of each result, in order; None for failed documents.
        """
        texts = texts or {}
        with self._write() as (session, audit):
            run = ensure_run(session, audit, run_info)
            ids = [save_result(session, audit, run, result, texts) for result in results]
        logger.info("stored %d results of run %s", len(ids), run.run_key)
        return ids

    def list_cases(
        self, status: str | None = None, limit: int | None = None, *, unit: str | None = None,
        since: str | None = None, until: str | None = None, outcome: str | None = None,
    ) -> list[CaseSummary]:
        """The review queue: most severe screening outcome first, then highest score, then oldest.

        Severity: ``blocked_classified`` (a security grade), ``review_required``, ``case_by_case``,
        ``catch_all_review``, then the rest. Filters: ``status``; ``unit`` (the unit of the run
        that opened the case); ``since``/``until`` (ISO dates, on when the case was opened,
        inclusive); ``outcome`` (the screening outcome).
        """
        if status is not None and status not in review.STATUSES:
            raise StoreError(f"status {status!r} is not one of: {', '.join(review.STATUSES)}")
        stmt = _summary_query().order_by(SEVERITY_ORDER, Case.top_score.desc(), Case.id)
        if status is not None:
            stmt = stmt.where(Case.status == status)
        if unit is not None:
            stmt = stmt.where(opening_unit() == unit)
        if since is not None:
            stmt = stmt.where(Case.created_at >= since)
        if until is not None:
            stmt = stmt.where(Case.created_at < _next_day(until))
        if outcome is not None:
            stmt = stmt.where(Case.decision == outcome)
        with Session(self._engine) as session:
            return [_summary(*row) for row in session.execute(stmt.limit(limit))]

    def case(self, case_id: int) -> CaseDetail:
        """Everything about one case; ``UnknownCaseError`` when there is none."""
        with Session(self._engine) as session:
            case = review.load_case(session, case_id)
            summary = _summary(*session.execute(_summary_query().where(Case.id == case_id)).one())
            rules = review.rules_for(session, summary.sha256)
            rows = session.scalars(
                select(FindingRow).where(FindingRow.case_id == case_id).order_by(FindingRow.ordinal)
            )
            events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
            paths = session.scalars(
                select(Screening.path).where(Screening.case_id == case_id).distinct().order_by(Screening.path)
            )
            return CaseDetail(
                summary=summary, reasons=tuple(case.reasons), checked=case.checked,
                settings_hash=case.settings_hash, findings=tuple(_stored(f, rules) for f in rows),
                history=tuple(_event(e) for e in events), paths=tuple(paths),
            )

    def decide(self, case_id: int, outcome: str, reason: str, reviewer: str,
               reviewers: Reviewers | None = None) -> CaseEventRecord:
        """Move a case to ``outcome`` (see ``reports.store.review``); refused with ``StoreError``s.

        ``reviewers``: the register of who may decide what, checked when given.
        """
        with self._write() as (session, audit):
            return _event(review.decide(session, audit, case_id, outcome, reason, reviewer, reviewers))

    def suppress(
        self, case_id: int, code: str, term: str, *, scope: str = "document", reason: str, reviewer: str,
        reviewers: Reviewers | None = None,
    ) -> SuppressionRule:
        """Mark finding ``term -> code`` of a case as a false positive (this document or all)."""
        with self._write() as (session, audit):
            sha256 = session.scalar(
                select(Document.sha256).join(Case, Case.document_id == Document.id).where(Case.id == case_id)
            )
            return review.suppress(
                session, audit, case_id, code, term, scope=scope, reason=reason,
                reviewer=reviewer, sha256=sha256 or "", reviewers=reviewers,
            )

    def suppressions_for(self, sha256: str) -> tuple[SuppressionRule, ...]:
        """Suppressions applying to content ``sha256``; use ``rule.applies_to(finding)``."""
        with Session(self._engine) as session:
            return review.rules_for(session, sha256)

    def documents(self) -> list[StoredDocument]:
        """Every stored document content with its latest case (see ``latest_documents``)."""
        with Session(self._engine) as session:
            return latest_documents(session)

    def stored_text(self, sha256: str) -> str | None:
        """The extracted text kept for content ``sha256`` (None when unknown or not kept)."""
        with Session(self._engine) as session:
            packed = session.scalar(select(Document.text_zlib).where(Document.sha256 == sha256))
        return zlib.decompress(packed).decode("utf-8") if packed is not None else None

    def verify(self) -> VerifyResult:
        """Recompute the audit chain and check the tables against it."""
        with Session(self._engine) as session:
            return verify_store(session)


def _summary_query() -> Any:
    counts = (
        select(
            FindingRow.case_id.label("case_id"),
            func.count().label("findings"),
            func.sum(sql_case((FindingRow.level == "flag", 1), else_=0)).label("flags"),
        )
        .group_by(FindingRow.case_id)
        .subquery()
    )
    return (
        select(Case, Document.sha256, func.coalesce(counts.c.flags, 0), func.coalesce(counts.c.findings, 0),
               opening_unit().label("unit"))
        .join(Document, Document.id == Case.document_id)
        .outerjoin(counts, counts.c.case_id == Case.id)
    )


#: The review queue's order of screening outcomes, most severe first.
SEVERITY = ("blocked_classified", "review_required", "case_by_case", "catch_all_review")
SEVERITY_ORDER = sql_case({name: rank for rank, name in enumerate(SEVERITY)}, value=Case.decision,
                          else_=len(SEVERITY))
def opening_unit() -> Any:
    """The organisational unit of the screening that opened a case (issue 16), as a correlated subquery."""
    return (
        select(Screening.unit).where(Screening.case_id == Case.id, Screening.run_id == Case.run_id)
        .order_by(Screening.id).limit(1).correlate(Case).scalar_subquery()
    )


def _next_day(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _summary(case: Case, sha256: str, flags: int, findings: int, unit: str | None = None) -> CaseSummary:
    return CaseSummary(
        id=case.id, path=case.path, sha256=sha256, status=case.status, decision=case.decision,
        top_score=case.top_score, flags=int(flags), findings=int(findings),
        itemlist_versions=dict(case.itemlist_versions), previous_case_id=case.previous_case_id,
        created_at=case.created_at, updated_at=case.updated_at, unit=unit,
    )


def _event(e: CaseEvent) -> CaseEventRecord:
    return CaseEventRecord(e.id, e.kind, e.from_status, e.to_status, e.reviewer, e.reason, e.at)


def _stored(row: FindingRow, rules: tuple[SuppressionRule, ...]) -> StoredFinding:
    finding = row_to_finding(row)
    rule = next((r for r in rules if r.applies_to(finding)), None)
    return StoredFinding(row.id, finding, rule)
