"""The review workflow: case states, allowed transitions, decisions and suppressions.

States (the outcome vocabulary of DOMAIN.md for reviewers)::

    not_required   screening needed no review (exempt, no_listed_technology); a reviewer may
                   still take it up
    open           screening needs review (review_required, case_by_case, catch_all_review,
                   blocked_classified)
    in_review      a reviewer is on it
    cleared | licence_required | licence_applied | exempt     final outcomes

``open`` may go straight to a final outcome: a reviewer who decides on first reading need not
record a separate "in review" step (the history still shows who decided what from which
state). ``licence_required`` may move on to ``licence_applied``; any final outcome may be
reopened (``in_review``) with a reason. Nothing is ever edited: every change is a new event
plus an audit record. These functions run inside the store's write transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from classifiers.types import NEEDS_REVIEW
from reports.errors import ReviewRefusedError, UnknownCaseError
from reports.store.audit import AuditAppender, utc_now
from reports.store.models import Case, CaseEvent, FindingRow, Suppression
from reports.store.records import SuppressionRule, row_to_finding
from reports.store.roles import Reviewers

FINAL = ("cleared", "licence_required", "licence_applied", "exempt")
STATUSES = ("not_required", "open", "in_review", *FINAL)
SCOPES = ("document", "all")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "not_required": ("in_review", *FINAL),
    "open": ("in_review", *FINAL),
    "in_review": FINAL,
    "licence_required": ("licence_applied", "in_review"),
    "licence_applied": ("in_review",),
    "cleared": ("in_review",),
    "exempt": ("in_review",),
}


def initial_status(decision: str) -> str:
    """The state a new case starts in, from the screening outcome."""
    return "open" if decision in NEEDS_REVIEW else "not_required"


def _require_text(value: str, what: str, option: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ReviewRefusedError(f"a {what} is required and was {value!r}; pass {option} TEXT")
    return cleaned


def load_case(session: Session, case_id: int) -> Case:
    """The case with this id, or ``UnknownCaseError``."""
    case = session.get(Case, case_id)
    if case is None:
        raise UnknownCaseError(
            f"no case with id {case_id!r}; see 'exportscreen review list' for the case ids"
        )
    return case


def check_transition(case: Case, outcome: str) -> None:
    """Refuse an unknown outcome or a move the workflow does not allow."""
    if outcome not in STATUSES or outcome in ("open", "not_required"):
        choices = ", ".join(s for s in STATUSES if s not in ("open", "not_required"))
        raise ReviewRefusedError(f"outcome {outcome!r} is not one of: {choices}")
    allowed = TRANSITIONS[case.status]
    if outcome not in allowed:
        raise ReviewRefusedError(
            f"case {case.id} is {case.status!r} and cannot move to {outcome!r}; "
            f"allowed from {case.status!r}: {', '.join(allowed)}"
        )


def add_event(session: Session, case: Case, kind: str, to: str, reviewer: str, reason: str) -> CaseEvent:
    """Append a case event, move the case to ``to`` and return the (flushed) event."""
    now = utc_now()
    event = CaseEvent(
        case_id=case.id, kind=kind, from_status=case.status if kind != "opened" else None,
        to_status=to, reviewer=reviewer, reason=reason, at=now,
    )
    session.add(event)
    case.status, case.updated_at = to, now
    session.flush()
    return event


def decide(
    session: Session, audit: AuditAppender, case_id: int, outcome: str, reason: str, reviewer: str,
    reviewers: Reviewers | None = None,
) -> CaseEvent:
    """Record a reviewer's decision on a case (validated first; nothing written if refused).

    ``reviewers``, the register of who may decide what (``reports.store.roles``), is checked
    when given.
    """
    reason = _require_text(reason, "reason", "--reason")
    reviewer = _require_text(reviewer, "reviewer name", "--reviewer")
    case = load_case(session, case_id)
    check_transition(case, outcome)
    if reviewers is not None:
        reviewers.check(reviewer, outcome, case.decision, list(case.reasons))
    event = add_event(session, case, "decision", outcome, reviewer, reason)
    audit.append("case.decided", "case", case.id, reviewer, {"event": row_dict(event)})
    return event


def rules_for(session: Session, sha256: str) -> tuple[SuppressionRule, ...]:
    """Suppressions that apply to content ``sha256``: its own plus those for all documents."""
    rows = session.scalars(
        select(Suppression)
        .where((Suppression.sha256 == sha256) | (Suppression.scope == "all"))
        .order_by(Suppression.id)
    )
    return tuple(to_rule(row) for row in rows)


def to_rule(row: Suppression) -> SuppressionRule:
    """The public record of a suppression row."""
    return SuppressionRule(
        id=row.id, code=row.code, term=row.term, scope=row.scope, sha256=row.sha256,
        case_id=row.case_id, event_id=row.event_id, reviewer=row.reviewer, reason=row.reason,
        at=row.at,
    )


def suppress(
    session: Session, audit: AuditAppender, case_id: int, code: str, term: str, *,
    scope: str, reason: str, reviewer: str, sha256: str, reviewers: Reviewers | None = None,
) -> SuppressionRule:
    """Mark finding ``term -> code`` of a case as a false positive for its document or all.

    A suppression clears a finding, so the register (when given) applies as to a decision.
    """
    if scope not in SCOPES:
        raise ReviewRefusedError(f"scope {scope!r} is not one of: {', '.join(SCOPES)}")
    reason = _require_text(reason, "reason", "--reason")
    reviewer = _require_text(reviewer, "reviewer name", "--reviewer")
    case = load_case(session, case_id)
    if reviewers is not None:
        reviewers.check(reviewer, "cleared", case.decision, list(case.reasons))
    _check_finding_exists(session, case, code, term)
    for rule in rules_for(session, sha256):
        if rule.code == code and rule.term.casefold() == term.casefold() and rule.scope in (scope, "all"):
            raise ReviewRefusedError(
                f"finding {term!r} -> {code!r} is already suppressed ({rule.describe()})"
            )
    text = f"suppressed {term!r} -> {code} for {'all documents' if scope == 'all' else 'this document'}: {reason}"
    event = add_event(session, case, "suppression", case.status, reviewer, text)
    row = Suppression(
        case_id=case.id, event_id=event.id, scope=scope, sha256=sha256 if scope == "document" else None,
        code=code, term=term, reviewer=reviewer, reason=reason, at=event.at,
    )
    session.add(row)
    session.flush()
    rule = to_rule(row)
    case.top_score = top_score(session, case.id, (*rules_for(session, sha256),))
    audit.append("case.suppressed", "case", case.id, reviewer,
                 {"event": row_dict(event), "suppression": row_dict(row)})
    return rule


def _check_finding_exists(session: Session, case: Case, code: str, term: str) -> None:
    rows = session.scalars(select(FindingRow).where(FindingRow.case_id == case.id))
    findings = [row_to_finding(r) for r in rows]
    probe = SuppressionRule(0, code, term, "document", None, case.id, 0, "", "", "")
    if not any(probe.applies_to(f) for f in findings):
        pairs = sorted({f"{e.term!r} -> {f.code}" for f in findings for e in f.evidence})
        shown = "; ".join(pairs[:6]) or "none"
        raise ReviewRefusedError(
            f"case {case.id} has no finding {term!r} -> {code!r}; its findings are: {shown}"
        )


def top_score(session: Session, case_id: int, rules: tuple[SuppressionRule, ...]) -> float:
    """Highest score among the case's findings that still count (not suppressed)."""
    rows = session.scalars(select(FindingRow).where(FindingRow.case_id == case_id))
    scores = [
        row.score for row in rows
        if not any(rule.applies_to(row_to_finding(row)) for rule in rules)
    ]
    return max(scores, default=0.0)


def row_dict(row: object) -> dict[str, object]:
    """A mapped row's column values by column name (for audit payloads and comparisons)."""
    table = row.__table__  # type: ignore[attr-defined]
    return {column.name: getattr(row, column.key) for column in table.columns}
