"""Findings, explanations and decisions: what screening concludes about a document."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Outcome vocabulary for documents and projects (DOMAIN.md), most serious first.
DOCUMENT_OUTCOMES = (
    "blocked_classified",
    "review_required",
    "case_by_case",
    "catch_all_review",
    "exempt",
    "no_listed_technology",
    "failed",
)

#: Outcomes that need a person to look (used for the CLI exit code and the review queue).
NEEDS_REVIEW = frozenset({"blocked_classified", "review_required", "case_by_case", "catch_all_review"})

#: A finding's level: "flag" (score >= threshold) or "near_miss" (cutoff <= score < threshold).
FINDING_LEVELS = ("flag", "near_miss")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the document a finding comes from.

    Attributes:
        text: The sentence, as extracted.
        page: 1-based page number, or None for formats without pages.
        sentence: Index of the sentence in the document.
        matched: The words of the document that matched (a span of ``text``).
        term: The list term they matched.
        similarity: Fuzzy similarity of ``matched`` to ``term`` in [0, 1].
        line: 1-based line of the file where the sentence starts, for text formats (plain
            text, Markdown, LaTeX); None otherwise or when it could not be located.
    """

    text: str
    page: int | None
    sentence: int | None
    matched: str
    term: str
    similarity: float
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Feature:
    """One named ingredient of a finding's score, with its contribution.

    Attributes:
        name: Feature name, e.g. "similarity", "specificity", "distinct_terms", "thresholds".
        value: The feature's raw value.
        contribution: What it added to (or, if negative, took from) the score.
        detail: One sentence saying what was measured.
    """

    name: str
    value: float
    contribution: float
    detail: str


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    """A provision's numeric condition compared with a quantity from the document.

    Attributes:
        code: The provision whose condition it is.
        quantity: What is measured ("output power").
        comparator: The provision's comparator (">", ">=", "<", "<=").
        required: The provision's bound, in ``unit``.
        unit: Base unit of the comparison.
        found: The document's value in ``unit``, or None when not stated.
        found_text: The document's words for it ("612 W"), or "" when not stated.
        met: True, False, or None when the document does not state the quantity, or states
            it without a condition the list measures it under (``found_text`` says which).
    """

    code: str
    quantity: str
    comparator: str
    required: float
    unit: str
    found: float | None
    found_text: str
    met: bool | None

    def describe(self) -> str:
        """E.g. "6A005.a.6: output power 500 W <= 1 kW (not met)"."""
        if self.met is None and self.found_text:  # stated, but not under the list's conditions
            bound = f"{self.comparator} {readable(self.required, self.unit)}"
            return f"{self.code}: {self.quantity} {self.found_text} vs {bound} (not verified)"
        if self.met is None:
            bound = readable(self.required, self.unit)
            return f"{self.code}: {self.quantity} {self.comparator} {bound} (threshold not stated)"
        verdict = "met" if self.met else "not met"
        bound = f"{self.comparator} {readable(self.required, self.unit)}"
        return f"{self.code}: {self.quantity} {self.found_text} vs {bound} ({verdict})"


#: Units a metric prefix is put on for display (a bound of 9.75e-07 m reads "975 nm").
_PREFIXABLE = frozenset({"m", "W", "s", "Hz", "J", "Pa", "V", "A", "N", "Wb", "T", "F", "H", "Ohm", "Gy", "Bq"})
_PREFIXES = (
    (1e12, "T"),
    (1e9, "G"),
    (1e6, "M"),
    (1e3, "k"),
    (1.0, ""),
    (1e-3, "m"),
    (1e-6, "µ"),
    (1e-9, "n"),
    (1e-12, "p"),
    (1e-15, "f"),
)


def readable(value: float, unit: str) -> str:
    """A bound in its base unit as a person writes it: ``readable(9.75e-07, "m") == "975 nm"``."""
    unit = unit.strip()
    if unit not in _PREFIXABLE or value == 0:
        return f"{value:g} {unit}".strip()
    for factor, prefix in _PREFIXES:
        if abs(value) >= factor * 0.999999:
            return f"{value / factor:.4g} {prefix}{unit}"
    return f"{value:g} {unit}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A document's link to a list provision (or to a rule without one), with its reasons.

    Attributes:
        code: The most specific provision supported ("6A005.b.6.b"), or a rule id for
            findings without a provision ("catch_all", "classified_marking").
        entry_code: Top-level entry ("6A005", "ML8"), or "" for rule findings.
        list: "I", "II", "III", or "" for rule findings.
        list_version: Version label of the list used.
        provision_text: The provision's text (what a reviewer compares with the evidence).
        score: Calibrated score in [0, 1]; see classifiers.scoring for its meaning.
        level: "flag" or "near_miss".
        rule: The rule that fired ("list_match", "e_technology", "catch_all", ...).
        evidence: Where in the document; the first item is the strongest.
        features: The named score ingredients.
        thresholds: Numeric conditions compared.
        explanation: One or two sentences a reviewer can read.
        suppressed_by: None, or the reviewer's decision that marked this finding a false
            positive (see classifiers.suppress); a suppressed finding stays in the result but
            no longer counts toward the decision.
    """

    code: str
    entry_code: str
    list: str
    list_version: str
    provision_text: str
    score: float
    level: str
    rule: str
    evidence: tuple[Evidence, ...]
    features: tuple[Feature, ...] = ()
    thresholds: tuple[ThresholdCheck, ...] = ()
    explanation: str = ""
    suppressed_by: str | None = None

    def __post_init__(self) -> None:
        if not self.evidence:
            raise ValueError(f"finding {self.code!r} has no evidence; every finding needs some")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"finding {self.code!r} has score {self.score!r} outside [0, 1]")
        if self.level not in FINDING_LEVELS:
            raise ValueError(f"finding {self.code!r} has level {self.level!r}, not one of {FINDING_LEVELS}")


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of screening one document.

    Attributes:
        path: The document's path as given.
        status: "screened" or "failed".
        decision: One of DOCUMENT_OUTCOMES.
        error: One-line reason when failed, else None.
        findings: Ordered by score, highest first (flags before near-misses).
        reasons: Sentences stating the rules that decided the outcome.
        itemlist_versions: List id -> version label used ("II" -> "2025-11-15").
        checked: What was checked, e.g. "List II@2025-11-15 (3443 provisions)".
        kind: Detected document kind, or None when unreadable.
        sha256: Content hash, or None when unreadable.
        pages: Number of pages (1 for formats without pages).
        words: Number of words screened.
        candidates: Provisions that scored at or above the cutoff, before the findings were
            capped at ``max_findings`` (0 when not counted: older records).
    """

    path: str
    status: str
    decision: str
    error: str | None = None
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()
    itemlist_versions: dict[str, str] = field(default_factory=dict)
    checked: str = ""
    kind: str | None = None
    sha256: str | None = None
    pages: int = 0
    words: int = 0
    candidates: int = 0

    def __post_init__(self) -> None:
        if self.decision not in DOCUMENT_OUTCOMES:
            raise ValueError(f"decision {self.decision!r} is not one of {DOCUMENT_OUTCOMES}")

    @property
    def needs_review(self) -> bool:
        """True when a person must look at this document."""
        return self.decision in NEEDS_REVIEW

    @property
    def flags(self) -> tuple[Finding, ...]:
        """Findings at level "flag" that count (suppressed ones left out)."""
        return tuple(f for f in self.findings if f.level == "flag" and f.suppressed_by is None)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        """Findings a reviewer marked as false positives (shown, not counted)."""
        return tuple(f for f in self.findings if f.suppressed_by is not None)
