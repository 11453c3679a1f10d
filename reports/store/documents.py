"""Reading stored documents with their latest cases (the starting point of re-screening)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.store.models import Case, Document, ProjectAssessmentRow, Run
from reports.store.records import StoredDocument


def latest_documents(session: Session) -> list[StoredDocument]:
    """Every stored document content with its latest case, oldest document first.

    Project descriptions stored by ``assess`` are left out: their cases depend on partners and
    entity lists, which re-screening does not have (assess the project again instead).
    A document whose path later held other content (the file was edited and screened
    again) is marked ``superseded_by`` that later case.
    """
    assessed = select(ProjectAssessmentRow.case_id).where(ProjectAssessmentRow.case_id.is_not(None))
    latest = (select(func.max(Case.id).label("case_id")).where(Case.id.not_in(assessed))
              .group_by(Case.document_id).subquery())
    stmt = (
        select(Case, Document, Run.info, Document.text_zlib.is_not(None))
        .join(latest, latest.c.case_id == Case.id)
        .join(Document, Document.id == Case.document_id)
        .join(Run, Run.id == Case.run_id)
        .order_by(Document.id)
    )
    documents = [_record(*row) for row in session.execute(stmt)]
    return _mark_superseded(documents)


def _record(case: Case, document: Document, info: dict[str, Any], has_text: bool) -> StoredDocument:
    settings = info.get("settings") if isinstance(info, dict) else None
    return StoredDocument(
        sha256=document.sha256, path=case.path, kind=document.kind, size=document.size,
        has_text=bool(has_text), case_id=case.id, decision=case.decision,
        itemlist_versions=dict(case.itemlist_versions), settings_hash=case.settings_hash,
        settings=dict(settings) if isinstance(settings, dict) else {},
    )


def _mark_superseded(documents: list[StoredDocument]) -> list[StoredDocument]:
    newest: dict[str, int] = {}
    for doc in documents:
        newest[doc.path] = max(newest.get(doc.path, 0), doc.case_id)
    return [
        doc if newest[doc.path] == doc.case_id else dataclasses.replace(doc, superseded_by=newest[doc.path])
        for doc in documents
    ]
