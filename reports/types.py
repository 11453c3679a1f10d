"""The screening report's schema (the JSON edge of the project).

The ``*Out`` models are the report as written to JSON; the terminal and HTML renderers draw
from the same models, so all three formats show the same rounding, order and counts. The run
in its header is a ``reports.run.RunInfo``.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from pydantic import BaseModel, Field, SerializationInfo, field_serializer

from reports.i18n import N_
from reports.run import FROZEN, REPORT_RUN_FIELDS, RunInfo

#: Version of the JSON report layout. Bump the major part when a key is renamed or removed.
SCHEMA_VERSION = "1.0"

#: Shown wherever list text is shown (SOURCES.md: the project must say so).
AUTHENTICITY_NOTICE = N_(
    "Only the Official Journal of the European Union and Lovdata texts are authentic; "
    "list text shown here is a working copy for screening."
)



def find_span(text: str, matched: str) -> tuple[int, int] | None:
    """Where ``matched`` first occurs in ``text``, ignoring case and runs of whitespace."""
    words = matched.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, text, flags=re.IGNORECASE)
    return found.span() if found else None


class EvidenceOut(BaseModel):
    """One evidence item of a finding."""

    model_config = FROZEN

    text: str = Field(description="The sentence, as extracted (untrusted text).")
    page: int | None = Field(description="1-based page, or null for formats without pages.")
    sentence: int | None = Field(default=None, description="Index of the sentence.")
    matched: str = Field(default="", description="The document's words that matched.")
    term: str = Field(default="", description="The list term they matched.")
    similarity: float = Field(default=1.0, description="Similarity of matched to term, 0..1.")
    line: int | None = Field(
        default=None, description="1-based line of the file where the sentence starts (text, Markdown, LaTeX), or null."
    )

    def span(self) -> tuple[int, int] | None:
        """Where ``matched`` occurs in ``text`` (case and spacing ignored), or None."""
        return find_span(self.text, self.matched)


class FeatureOut(BaseModel):
    """One named ingredient of a finding's score."""

    model_config = FROZEN

    name: str = Field(description='Feature name, e.g. "similarity".')
    value: float = Field(description="The feature's raw value.")
    contribution: float = Field(description="What it added to (or took from) the score.")
    detail: str = Field(description="What was measured, in one sentence.")


_PREFIXES = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"),
             (1e-6, "µ"), (1e-9, "n"), (1e-12, "p"), (1e-15, "f")]
_SI_UNITS = frozenset({"W", "m", "Hz", "s", "J", "K", "V", "A", "Pa", "g", "F", "H", "Ω", "bit/s"})


def si(value: float, unit: str) -> str:
    """Format a bound with an SI prefix when the unit takes one ("5e9 W" -> "5 GW")."""
    if unit not in _SI_UNITS or value == 0 or not 1e-15 <= abs(value) < 1e15:
        return f"{value:g} {unit}".strip()
    factor, prefix = next((f, p) for f, p in _PREFIXES if abs(value) >= f * (1 - 1e-9))
    return f"{value / factor:.4g} {prefix}{unit}"


class ThresholdOut(BaseModel):
    """A provision's numeric condition compared with the document."""

    model_config = FROZEN

    code: str = Field(description="The provision whose condition it is.")
    quantity: str = Field(description='What is measured ("output power").')
    comparator: str = Field(description='">", ">=", "<" or "<=".')
    required: float = Field(description="The provision's bound, in unit.")
    unit: str = Field(description="Base unit of the comparison.")
    found: float | None = Field(description="The document's value in unit, or null.")
    found_text: str = Field(description='The document\'s words for it ("612 W").')
    met: bool | None = Field(description="true, false, or null when not stated (or, with found_text, stated "
                             "without a condition the list measures it under: not verified).")
    description: str = Field(description="The comparison as one line (ThresholdCheck.describe).")

    @property
    def required_text(self) -> str:
        """The bound with an SI prefix, e.g. "5 GW"."""
        return si(self.required, self.unit)

    def readable(self) -> str:
        """Like ``description``, with SI prefixes: "...: peak power 12 MW vs > 5 GW (not met)"."""
        from reports.i18n import _

        bound = f"{self.comparator} {self.required_text}"
        if self.met is None and self.found_text:
            return f"{self.code}: {self.quantity} {self.found_text} {_('vs')} {bound} ({_('not verified')})"
        if self.met is None:
            return f"{self.code}: {self.quantity} {bound} ({_('threshold not stated')})"
        verdict = _("met") if self.met else _("not met")
        return f"{self.code}: {self.quantity} {self.found_text} {_('vs')} {bound} ({verdict})"


class FindingOut(BaseModel):
    """A finding with all its reasons."""

    # The field "list" shadows the builtin inside this class body, hence builtins.list.
    model_config = FROZEN

    code: str = Field(description='Most specific provision supported, e.g. "6A005.b.6.b".')
    entry_code: str = Field(description='Top-level entry ("6A005"), or "" for rule findings.')
    list: str = Field(description='"I", "II", "III", or "" for rule findings.')
    list_version: str = Field(description="Version label of the list used.")
    level: str = Field(description='"flag" or "near_miss".')
    score: float = Field(ge=0.0, le=1.0, description="Calibrated score, 3 decimals.")
    rule: str = Field(description='Rule that fired ("list_match", "e_technology", ...).')
    explanation: str = Field(description="One or two sentences a reviewer can read.")
    evidence: EvidenceOut = Field(description="The strongest evidence item.")
    evidence_items: builtins.list[EvidenceOut] = Field(
        description="All evidence items, strongest first."
    )
    provision_text: str = Field(description="The provision's text, to compare with evidence.")
    authentic_url: str | None = Field(
        default=None,
        description="Where the authentic text of the list version is published (EUR-Lex for List II, "
        "Lovdata for Lists I and III); null for findings without a list.",
    )
    features: builtins.list[FeatureOut] = Field(description="Score ingredients with contributions.")
    thresholds: builtins.list[ThresholdOut] = Field(description="Numeric conditions compared.")
    suppressed_by: str | None = Field(
        default=None,
        description="The review decision that marked this finding a false positive (it is "
        "shown but not counted toward the decision or the summary), or null.",
    )


class DocumentOut(BaseModel):
    """The outcome of screening one document."""

    model_config = FROZEN

    path: str = Field(description="The document's path as given.")
    status: str = Field(description='"screened" or "failed".')
    error: str | None = Field(description="One-line reason when failed, else null.")
    decision: str = Field(description="Outcome, in the vocabulary of DOMAIN.md.")
    needs_review: bool = Field(description="True when a person must look.")
    kind: str | None = Field(description="Detected document kind, or null.")
    sha256: str | None = Field(description="Content hash, or null when unreadable.")
    pages: int = Field(description="Number of pages.")
    words: int = Field(description="Number of words screened.")
    reasons: list[str] = Field(description="Sentences stating the rules that decided.")
    checked: str = Field(description="What was checked, against which list versions.")
    itemlist_versions: dict[str, str] = Field(description="List id -> version label used.")
    findings: list[FindingOut] = Field(description="Ordered by score, highest first.")
    candidates: int = Field(
        default=0,
        description="Provisions that scored at or above the cutoff; findings holds at most max_findings of "
        "them (the setting, option --max-findings).",
    )


class SummaryOut(BaseModel):
    """Counts over the run's documents."""

    model_config = FROZEN

    documents: int = Field(description="Documents in the report.")
    by_decision: dict[str, int] = Field(description="Count per outcome, every outcome listed.")
    failed: int = Field(description="Documents that could not be read.")
    needs_review: int = Field(description="Documents a person must look at.")
    flags: int = Field(description="Findings at level flag (suppressed ones not counted).")
    near_misses: int = Field(description="Findings at level near_miss (suppressed ones not counted).")


class ReportOut(BaseModel):
    """The whole report, as written by ``reports.render.json_report.write_json``."""

    model_config = FROZEN

    schema_version: str = Field(description="Version of this layout.")
    authenticity_notice: str = Field(description="Which list texts are authentic.")
    run: RunInfo = Field(description="Run metadata.")
    summary: SummaryOut = Field(description="Counts over the documents.")
    documents: list[DocumentOut] = Field(description="One record per input, in input order.")

    @field_serializer("run")
    def _run_header(self, run: RunInfo, info: SerializationInfo) -> dict[str, Any]:
        return run.model_dump(mode=info.mode, include=set(REPORT_RUN_FIELDS))
