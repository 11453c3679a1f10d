"""What changed when a stored document was screened again: new, changed, disappeared findings.

Findings are compared by list and entry ("II 4A506"): the same entry matched under a more or
less specific provision is a changed *code*, not a new finding. The list version alone
changing is not a change. These records are what ``exportscreen rescreen`` shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from classifiers.types import Finding

CHANGE_KINDS = ("new", "changed", "disappeared")


def labels(versions: Mapping[str, str]) -> str:
    """``{"II": "2021"}`` -> ``"II@2021"`` (lists in order, comma-separated)."""
    return ", ".join(f"{k}@{v}" for k, v in sorted(versions.items())) or "no lists"


def finding_key(finding: Finding) -> str:
    """What identifies a finding across list versions: list and entry ("II 4A506")."""
    return f"{finding.list or 'rule'} {finding.entry_code or finding.code}"


@dataclass(frozen=True, slots=True)
class FindingChange:
    """One finding that is new, changed or gone after re-screening.

    Attributes:
        kind: "new", "changed" or "disappeared".
        key: List and entry ("II 4A506"), see ``finding_key``.
        old: The finding in the earlier case (None when new).
        new: The finding now (None when disappeared).
        details: What changed ("code 6A005.a.6 -> 6A005.b.6", "score 0.736 -> 0.963",
            "level flag -> near_miss") or where it moved ("now under List II 4A506").
    """

    kind: str
    key: str
    old: Finding | None
    new: Finding | None
    details: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line, e.g. "NEW II 4A506.a.1 [flag 0.985] 'physical qubits'"."""
        shown = self.new or self.old
        assert shown is not None
        mark = " SUPPRESSED" if shown.suppressed_by else ""
        head = f"{self.kind.upper():<11} {shown.list or '-':<3} {shown.code} [{shown.level} {shown.score:.3f}]{mark}"
        extra = f": {'; '.join(self.details)}" if self.details else ""
        return f"{head} {shown.evidence[0].term!r}{extra}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (codes, levels, scores, suppression; no evidence text)."""
        return {
            "kind": self.kind, "key": self.key, "details": list(self.details),
            "old": _finding_dict(self.old), "new": _finding_dict(self.new),
        }


def _finding_dict(finding: Finding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {
        "code": finding.code, "list": finding.list, "list_version": finding.list_version,
        "level": finding.level, "score": round(finding.score, 3), "term": finding.evidence[0].term,
        "page": finding.evidence[0].page, "suppressed_by": finding.suppressed_by,
    }


def _differences(old: Finding, new: Finding) -> tuple[str, ...]:
    details = []
    if old.code != new.code:
        details.append(f"code {old.code} -> {new.code}")
    if old.level != new.level:
        details.append(f"level {old.level} -> {new.level}")
    if round(old.score, 3) != round(new.score, 3):
        details.append(f"score {old.score:.3f} -> {new.score:.3f}")
    return tuple(details)


def _moved(finding: Finding, other: dict[str, str], word: str) -> tuple[str, ...]:
    elsewhere = other.get(finding.entry_code)
    if elsewhere is None or elsewhere == finding.list:
        return ()
    return (f"{word} List {elsewhere} {finding.entry_code}",)


def compare_findings(old: Sequence[Finding], new: Sequence[Finding]) -> tuple[FindingChange, ...]:
    """New, changed and disappeared findings, keyed by list and entry (see ``finding_key``).

    A finding whose code, level or score (3 decimals) differs is "changed". A finding that
    moved between lists (provisional List III -> List II) is new under one list and
    disappeared under the other, each with a note saying where it went or came from.
    """
    old_by = {finding_key(f): f for f in old}
    new_by = {finding_key(f): f for f in new}
    lists_old = {f.entry_code: f.list for f in old if f.entry_code}
    lists_new = {f.entry_code: f.list for f in new if f.entry_code}
    changes = [
        FindingChange("new", key, None, f, _moved(f, lists_old, "from"))
        for key, f in new_by.items() if key not in old_by
    ]
    for key, f in new_by.items():
        details = _differences(old_by[key], f) if key in old_by else ()
        if details:
            changes.append(FindingChange("changed", key, old_by[key], f, details))
    changes += [
        FindingChange("disappeared", key, f, None, _moved(f, lists_new, "now under"))
        for key, f in old_by.items() if key not in new_by
    ]
    return tuple(changes)


@dataclass(frozen=True, slots=True)
class DocumentRescreen:
    """One stored document after ``rescreen``: re-screened (with its changes), skipped or unavailable.

    Attributes:
        path: Path of its latest case.
        sha256: Content hash.
        status: "rescreened", "skipped" (already current, or superseded) or "unavailable"
            (no stored text and no unchanged original file).
        note: Why skipped or unavailable, or a remark ("same as earlier case 3").
        previous_case_id: Its latest case before re-screening.
        case_id: The case of the new screening (None unless re-screened).
        old_versions / new_versions: List versions before and now.
        old_decision / new_decision: Screening outcome before and now.
        source: "file" or "stored text" (then evidence has no page numbers).
        changes: New, changed and disappeared findings.
        unchanged: Findings present before and now with the same code, level and score.
        needs_review: The new outcome needs a person.
    """

    path: str
    sha256: str
    status: str
    note: str = ""
    previous_case_id: int | None = None
    case_id: int | None = None
    old_versions: dict[str, str] = field(default_factory=dict)
    new_versions: dict[str, str] = field(default_factory=dict)
    old_decision: str = ""
    new_decision: str = ""
    source: str = ""
    changes: tuple[FindingChange, ...] = ()
    unchanged: int = 0
    needs_review: bool = False

    def of_kind(self, kind: str) -> tuple[FindingChange, ...]:
        """The changes of one kind ("new", "changed", "disappeared")."""
        return tuple(c for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        plain = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "changes"}
        return {**plain, "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class RescreenReport:
    """The outcome of one ``rescreen``: every stored document, and how long it took."""

    versions: dict[str, str]
    documents: tuple[DocumentRescreen, ...]
    seconds: float
    itemlist: str | None = None

    def with_status(self, status: str) -> tuple[DocumentRescreen, ...]:
        """Documents with this status ("rescreened", "skipped", "unavailable")."""
        return tuple(d for d in self.documents if d.status == status)

    @property
    def rate(self) -> float:
        """Re-screened documents per second of the whole run (0 when none)."""
        done = len(self.with_status("rescreened"))
        return done / self.seconds if done and self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "versions": dict(sorted(self.versions.items())), "itemlist": self.itemlist,
            "seconds": round(self.seconds, 3), "documents_per_second": round(self.rate, 2),
            "counts": {s: len(self.with_status(s)) for s in ("rescreened", "skipped", "unavailable")},
            "documents": [d.to_dict() for d in self.documents],
        }
