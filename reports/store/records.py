"""Records the store hands out, and the conversion of findings to and from table rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from classifiers.types import Evidence, Feature, Finding, ThresholdCheck
from reports.store.models import FindingRow


@dataclass(frozen=True, slots=True)
class SuppressionRule:
    """A finding (term -> provision) a reviewer marked as a false positive.

    Attributes:
        id: Suppression id.
        code: The provision code of the suppressed finding.
        term: The list term (compared ignoring case).
        scope: "document" (only content ``sha256``) or "all" (every document).
        sha256: The document content it applies to, None when scope is "all".
        case_id: The case on which it was decided.
        event_id: The case event recording the decision.
        reviewer: Who decided.
        reason: Why.
        at: When (ISO 8601 UTC).
    """

    id: int
    code: str
    term: str
    scope: str
    sha256: str | None
    case_id: int
    event_id: int
    reviewer: str
    reason: str
    at: str

    def applies_to(self, finding: Finding) -> bool:
        """True when the finding has this code and one of its evidence items this term."""
        if finding.code != self.code:
            return False
        wanted = self.term.casefold()
        return any(e.term.casefold() == wanted for e in finding.evidence)

    def describe(self) -> str:
        """E.g. "suppressed by kari on case 42 (2026-...): generic use of 'laser'"."""
        where = "all documents" if self.scope == "all" else "this document"
        return (
            f"suppressed for {where} by {self.reviewer} on case {self.case_id} "
            f"({self.at[:10]}): {self.reason}"
        )


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """A finding read back from the store, with the suppression that applies to it, if any."""

    id: int
    finding: Finding
    suppressed_by: SuppressionRule | None = None

    @property
    def counts(self) -> bool:
        """False when suppressed: it no longer counts toward the decision."""
        return self.suppressed_by is None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the review queue."""

    id: int
    path: str
    sha256: str
    status: str
    decision: str
    top_score: float
    flags: int
    findings: int
    itemlist_versions: dict[str, str]
    previous_case_id: int | None
    created_at: str
    updated_at: str
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document content with its latest case (what re-screening starts from).

    Attributes:
        sha256: Content hash.
        path: The path of its latest case (where the file was last seen).
        kind: Detected kind ("pdf", "text", ...), or None.
        size: File size in bytes, or None when the file was gone when first stored.
        has_text: True when its extracted text is kept (``Store.stored_text``).
        case_id: Its latest case.
        decision: The latest case's screening outcome.
        itemlist_versions: List id -> version label the latest case was screened against.
        settings_hash: The latest case's settings hash.
        settings: The screening settings of the run that opened the latest case ({} when the
            run did not record them).
        superseded_by: The id of a later case of other content at the same path (the file
            changed since), else None.
    """

    sha256: str
    path: str
    kind: str | None
    size: int | None
    has_text: bool
    case_id: int
    decision: str
    itemlist_versions: dict[str, str]
    settings_hash: str
    settings: dict[str, Any]
    superseded_by: int | None = None


@dataclass(frozen=True, slots=True)
class CaseEventRecord:
    """One entry of a case's history."""

    id: int
    kind: str
    from_status: str | None
    to_status: str
    reviewer: str
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything about one case: the summary, findings with evidence, and history."""

    summary: CaseSummary
    reasons: tuple[str, ...]
    checked: str
    settings_hash: str
    findings: tuple[StoredFinding, ...]
    history: tuple[CaseEventRecord, ...]
    paths: tuple[str, ...]


def finding_fields(finding: Finding) -> dict[str, Any]:
    """A finding as the column values of a ``findings`` row (JSON-ready)."""
    return {
        "code": finding.code,
        "entry_code": finding.entry_code,
        "itemlist": finding.list,
        "list_version": finding.list_version,
        "provision_text": finding.provision_text,
        "score": finding.score,
        "level": finding.level,
        "rule": finding.rule,
        "term": finding.evidence[0].term,
        "evidence": [asdict(e) for e in finding.evidence],
        "features": [asdict(f) for f in finding.features],
        "thresholds": [asdict(t) for t in finding.thresholds],
        "explanation": finding.explanation,
    }


def row_fields(row: FindingRow) -> dict[str, Any]:
    """The same dict as ``finding_fields``, read from a stored row (for digests)."""
    return {key: getattr(row, key) for key in FINDING_COLUMNS}


FINDING_COLUMNS = tuple(
    "code entry_code itemlist list_version provision_text score level rule term evidence "
    "features thresholds explanation".split()
)


def row_to_finding(row: FindingRow) -> Finding:
    """Rebuild the ``Finding`` a row was written from."""
    return Finding(
        code=row.code,
        entry_code=row.entry_code,
        list=row.itemlist,
        list_version=row.list_version,
        provision_text=row.provision_text,
        score=row.score,
        level=row.level,
        rule=row.rule,
        evidence=tuple(Evidence(**e) for e in row.evidence),
        features=tuple(Feature(**f) for f in row.features),
        thresholds=tuple(ThresholdCheck(**t) for t in row.thresholds),
        explanation=row.explanation,
    )
