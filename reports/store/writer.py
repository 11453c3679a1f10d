"""Writing a batch of screening results: runs, documents, cases, findings and screenings.

Everything here runs inside one write transaction (see ``Store.save_results``): the batch is
stored whole or not at all. Writing is idempotent: a screening already stored for the same run
and path is skipped, a document content is stored once, and a case is keyed by content x list
versions x settings hash, so a rerun after a crash completes the batch without duplicates.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from classifiers.types import DocumentResult
from reports.run import RunInfo
from reports.store.audit import AuditAppender, canonical_json, digest, utc_now
from reports.store.models import Case, Document, FindingRow, Run, Screening
from reports.store.records import finding_fields
from reports.store.review import add_event, initial_status, row_dict, rules_for
from reports.units import UnitMap

logger = logging.getLogger(__name__)
SYSTEM_ACTOR = "exportscreen"


def lists_key(versions: Mapping[str, str]) -> str:
    """Canonical text of item-list versions, e.g. ``"I@2025-11-15;II@2025-11-15"``."""
    return ";".join(f"{name}@{versions[name]}" for name in sorted(versions))


def ensure_run(session: Session, audit: AuditAppender, run_info: RunInfo) -> Run:
    """The run row for ``run_info.run_id`` (created, with an audit record, when new)."""
    key = run_info.run_id
    run = session.scalar(select(Run).where(Run.run_key == key))
    if run is not None:
        return run
    info = json.loads(canonical_json(run_info.stored()))
    started = str(info.get("started_at") or utc_now())
    run = Run(run_key=key, started_at=started, settings_hash=digest(run_info.settings), info=info)
    session.add(run)
    session.flush()
    audit.append("run.started", "run", run.id, SYSTEM_ACTOR, {"run": row_dict(run)})
    return run


def save_result(
    session: Session, audit: AuditAppender, run: Run, result: DocumentResult, texts: Mapping[str, str],
    case_key: str | None = None,
) -> int | None:
    """Store one result; returns its case id (None for a failed document).

    ``case_key`` replaces the run's settings hash in the case key: a project assessment's
    case depends on its partners file and entity lists too, not only on the description.
    """
    done = session.scalar(select(Screening).where(Screening.run_id == run.id, Screening.path == result.path))
    if done is not None:
        return done.case_id  # stored before a crash or by an earlier attempt: skip
    if result.status != "screened" or result.sha256 is None:
        screening = _screening(session, run, result, None)
        audit.append("screening.failed", "screening", screening.id, SYSTEM_ACTOR,
                     {"screening": row_dict(screening)})
        return None
    document = _document(session, result, texts)
    case, opened = _case(session, run, document, result, case_key or run.settings_hash)
    screening = _screening(session, run, result, case.id)
    if opened:
        _opened(session, audit, case, result, screening)
    else:
        audit.append("case.screened", "case", case.id, SYSTEM_ACTOR,
                     {"screening": row_dict(screening)})
    return case.id


def run_unit(run: Run, path: str) -> str | None:
    """The organisational unit of a path under the run's ``--unit``/``--unit-map`` rules."""
    rules = (run.info or {}).get("units")
    return UnitMap.from_record(rules).for_path(path) if rules else None


def _screening(session: Session, run: Run, result: DocumentResult, case_id: int | None) -> Screening:
    row = Screening(
        run_id=run.id, path=result.path, status=result.status, decision=result.decision,
        error=result.error, sha256=result.sha256, case_id=case_id, at=utc_now(), unit=run_unit(run, result.path),
    )
    session.add(row)
    session.flush()
    return row


def _file_size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _document(session: Session, result: DocumentResult, texts: Mapping[str, str]) -> Document:
    """The document row for the result's content, created or given its text when missing."""
    assert result.sha256 is not None
    text = texts.get(result.sha256, texts.get(result.path))
    document = session.scalar(select(Document).where(Document.sha256 == result.sha256))
    if document is None:
        document = Document(
            sha256=result.sha256, path=result.path, size=_file_size(result.path),
            kind=result.kind, pages=result.pages, words=result.words, text_zlib=_pack(text),
            first_seen_at=utc_now(),
        )
        session.add(document)
        session.flush()
    elif document.text_zlib is None and text is not None:
        document.text_zlib = _pack(text)
    return document


def _pack(text: str | None) -> bytes | None:
    return zlib.compress(text.encode("utf-8"), 6) if text is not None else None


def _case(
    session: Session, run: Run, document: Document, result: DocumentResult, settings_hash: str
) -> tuple[Case, bool]:
    """The case for content x lists x settings: the existing one, or a new linked one."""
    key = lists_key(result.itemlist_versions)
    case = session.scalar(select(Case).where(
        Case.document_id == document.id, Case.lists_key == key, Case.settings_hash == settings_hash
    ))
    if case is not None:
        return case, False
    previous = session.scalar(
        select(Case.id).where(or_(Case.document_id == document.id, Case.path == result.path))
        .order_by(Case.id.desc()).limit(1)
    )
    fields = [finding_fields(f) for f in result.findings]
    now = utc_now()
    case = Case(
        document_id=document.id, run_id=run.id, previous_case_id=previous, path=result.path,
        lists_key=key, itemlist_versions=dict(result.itemlist_versions),
        settings_hash=settings_hash, decision=result.decision,
        status=initial_status(result.decision), top_score=0.0, reasons=list(result.reasons),
        checked=result.checked, findings_digest=digest(fields), created_at=now, updated_at=now,
    )
    session.add(case)
    session.flush()
    session.add_all(FindingRow(case_id=case.id, ordinal=i, **f) for i, f in enumerate(fields))
    session.flush()
    rules = rules_for(session, document.sha256)
    case.top_score = max(
        (f.score for f in result.findings if not any(r.applies_to(f) for r in rules)), default=0.0
    )
    return case, True


def _opened(
    session: Session, audit: AuditAppender, case: Case, result: DocumentResult,
    screening: Screening,
) -> None:
    reason = " ".join(result.reasons) or f"screening outcome {result.decision}"
    event = add_event(session, case, "opened", case.status, SYSTEM_ACTOR, reason)
    payload = {
        "case": {k: v for k, v in row_dict(case).items() if k in IMMUTABLE_CASE_FIELDS},
        "event": row_dict(event),
        "screening": row_dict(screening),
        "findings": len(result.findings),
    }
    audit.append("case.opened", "case", case.id, SYSTEM_ACTOR, payload)


#: Case columns that never change after the case is opened (verified against the audit log).
IMMUTABLE_CASE_FIELDS = frozenset({
    "id", "document_id", "run_id", "previous_case_id", "path", "lists_key",
    "itemlist_versions", "settings_hash", "decision", "reasons", "checked", "findings_digest",
    "created_at",
})
