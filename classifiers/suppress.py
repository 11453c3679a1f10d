"""Reviewers' suppressions applied to a screening result.

A reviewer may mark one finding (list term -> provision) as a false positive, for one document
or for all documents (``exportscreen review suppress``). Later screenings still show such a
finding, marked with the decision that suppressed it, but it no longer counts: the decision is
recomputed from the findings that remain. The rules come from the results store
(``reports.store.Store.suppressions_for``); this module only needs their ``applies_to`` and
``describe`` methods, so classifiers never import reports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from classifiers.types import DocumentResult, Finding


class SuppressionLike(Protocol):
    """What a suppression rule must offer (``reports.store.SuppressionRule`` does)."""

    @property
    def id(self) -> int:
        """The rule's id in the store."""
        ...

    def applies_to(self, finding: Finding) -> bool:
        """True when the rule suppresses this finding."""
        ...

    def describe(self) -> str:
        """Who suppressed it, where, when and why, in one line."""
        ...


#: Outcomes that a list flag can cause; with no counting flag left they fall back to
#: ``no_listed_technology``. Other outcomes (blocked_classified, failed, ...) are kept.
FLAG_OUTCOMES = frozenset({"review_required", "case_by_case", "exempt", "catch_all_review"})


def suppression_text(rule: SuppressionLike) -> str:
    """The ``Finding.suppressed_by`` text for a rule: "suppression 3: suppressed for ..."."""
    return f"suppression {rule.id}: {rule.describe()}"


def _mark(finding: Finding, rules: Sequence[SuppressionLike]) -> Finding:
    if finding.suppressed_by is not None:
        return finding
    rule = next((r for r in rules if r.applies_to(finding)), None)
    return finding if rule is None else dataclasses.replace(finding, suppressed_by=suppression_text(rule))


def _names(finding: Finding) -> str:
    return f"{finding.code} (List {finding.list}@{finding.list_version})"


def _suppression_reason(newly: Sequence[Finding]) -> str:
    listed = "; ".join(f"{f.code} [{f.level}, '{f.evidence[0].term}'] {f.suppressed_by}" for f in newly)
    return f"Suppressed by review, shown but not counted: {listed}."


def _reasons(result: DocumentResult, kept: Sequence[Finding], newly: Sequence[Finding]) -> tuple[str, tuple[str, ...]]:
    """The decision and reasons once ``newly`` suppressed findings no longer count."""
    note = _suppression_reason(newly)
    flags_left = [f for f in kept if f.level == "flag" and f.suppressed_by is None]
    flag_gone = any(f.level == "flag" for f in newly)
    if flags_left or not flag_gone or result.decision not in FLAG_OUTCOMES:
        # decide() states one reason per flag as "... <code> (List <list>@<version>) ..."
        gone = [_names(f) for f in newly]
        own = tuple(r for r in result.reasons if not any(name in r for name in gone))
        return result.decision, (*own, note)
    near = [f for f in kept if f.suppressed_by is None]
    near_text = f"; {len(near)} near-miss(es) reported below the threshold" if near else ""
    statement = (
        f"No listed technology: every flag was suppressed by review ({', '.join(f.code for f in newly)}); "
        f"checked {result.checked}{near_text}. This is not a clearance."
    )
    return "no_listed_technology", (statement, note)


def apply_suppressions(result: DocumentResult, rules: Sequence[SuppressionLike]) -> DocumentResult:
    """Mark suppressed findings and recompute the decision without them.

    Suppressed findings stay in ``findings`` (after the ones that count), each with
    ``suppressed_by`` naming the rule and the reviewer's decision. When no counting flag is
    left, a flag-driven outcome becomes ``no_listed_technology`` with a reason naming the
    suppressions; otherwise the decision stays and the reasons of suppressed flags are dropped.
    A finding already marked keeps its mark, so applying twice changes nothing.

    Args:
        result: A screening result (failed results are returned unchanged).
        rules: Suppressions that apply to this document's content (its own and "all").

    Returns:
        A new result, or ``result`` itself when no rule applies to any finding.
    """
    if result.status != "screened" or not rules or not result.findings:
        return result
    marked = [_mark(f, rules) for f in result.findings]
    newly = [m for m, f in zip(marked, result.findings, strict=True) if m is not f]
    if not newly:
        return result
    ordered = tuple([f for f in marked if f.suppressed_by is None] + [f for f in marked if f.suppressed_by])
    decision, reasons = _reasons(result, ordered, newly)
    return dataclasses.replace(result, findings=ordered, decision=decision, reasons=reasons)
