"""Full verification: the audit hash chain, then the tables against what the chain recorded.

The chain proves the log itself was not altered. The second pass proves the working tables
agree with the log: every run, screening, case event and suppression row equals the copy in
its audit record (no row edited, added behind the store's back, or deleted), each case's
fixed fields and findings digest match, and each case's status is its last event's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.store.audit import VerifyResult, canonical_json, digest, payload, verify_chain
from reports.store.models import (
    AuditRecord,
    Base,
    Case,
    CaseEvent,
    FindingRow,
    ProjectAssessmentRow,
    Run,
    Screening,
    Suppression,
)
from reports.store.records import row_fields
from reports.store.review import row_dict

#: Payload key -> table whose rows the audit log holds copies of.
COPIED: dict[str, type[Base]] = {
    "run": Run, "screening": Screening, "event": CaseEvent, "suppression": Suppression, "case": Case,
    "assessment": ProjectAssessmentRow,
}

Expected = dict[str, dict[int, tuple[int, dict[str, Any]]]]


def verify_store(session: Session) -> VerifyResult:
    """Verify the chain, then the tables against it; the first problem found is reported."""
    records = session.scalars(select(AuditRecord).order_by(AuditRecord.id).execution_options(yield_per=2000))
    expected: Expected = defaultdict(dict)
    chain = verify_chain(_collect(records, expected))
    if not chain.ok:
        return chain
    for key, table in COPIED.items():
        problem = _compare_table(session, key, table, expected[key])
        if problem:
            return VerifyResult(False, chain.records, chain.head_hash, problem[0], problem[1])
    problem = _check_cases(session, expected["case"])
    if problem:
        return VerifyResult(False, chain.records, chain.head_hash, problem[0], problem[1])
    return chain


def _collect(records: Any, expected: Expected) -> Any:
    """Pass records through while remembering the row copies their payloads carry."""
    for record in records:
        body = payload(record)
        for key in COPIED:
            copy = body.get(key)
            if isinstance(copy, dict) and "id" in copy:
                expected[key][copy["id"]] = (record.id, copy)
        yield record


def _plain(value: Any) -> Any:
    return json.loads(canonical_json(value))


def _compare_table(
    session: Session, key: str, table: type[Base], expected: dict[int, tuple[int, dict[str, Any]]]
) -> tuple[int | None, str] | None:
    seen: set[int] = set()
    for row in session.scalars(select(table).order_by(table.id)):  # type: ignore[attr-defined]
        values = _plain(row_dict(row))
        seen.add(values["id"])
        if values["id"] not in expected:
            return None, f"{table.__tablename__} row {values['id']} has no audit record (written outside exportscreen)"
        audit_id, copy = expected[values["id"]]
        for name, recorded in copy.items():
            if values.get(name) != recorded:
                return audit_id, (
                    f"{table.__tablename__} row {values['id']} field {name!r} is "
                    f"{values.get(name)!r} but the audit log recorded {recorded!r}"
                )
    for row_id, (audit_id, _copy) in expected.items():
        if row_id not in seen:
            return audit_id, f"{table.__tablename__} row {row_id} recorded here is missing (deleted)"
    return None


def _check_cases(session: Session, expected: dict[int, tuple[int, dict[str, Any]]]) -> tuple[int | None, str] | None:
    findings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in session.scalars(select(FindingRow).order_by(FindingRow.case_id, FindingRow.ordinal)):
        findings[row.case_id].append(row_fields(row))
    last_status = {
        case_id: status
        for case_id, status in session.execute(select(CaseEvent.case_id, CaseEvent.to_status).order_by(CaseEvent.id))
    }
    for case in session.scalars(select(Case).order_by(Case.id)):
        audit_id = expected[case.id][0]
        if digest(findings.get(case.id, [])) != case.findings_digest:
            return audit_id, f"findings of case {case.id} do not match the digest recorded when it was opened"
        if last_status.get(case.id) != case.status:
            return audit_id, (
                f"case {case.id} has status {case.status!r} but its last recorded event "
                f"says {last_status.get(case.id)!r}"
            )
    return None
