"""Run metadata and the screening report's schema (the JSON edge of the project).

``RunInfo`` is what the caller tells the renderers about a run. The ``*Out`` models are the
report as written to JSON; the terminal and HTML renderers draw from the same models, so all
three formats show the same rounding, order and counts.
"""

from __future__ import annotations

import builtins
import json
import re
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, field_serializer, field_validator, model_validator

#: Version of the JSON report layout. Bump the major part when a key is renamed or removed.
SCHEMA_VERSION = "1.0"

#: Shown wherever list text is shown (SOURCES.md: the project must say so).
AUTHENTICITY_NOTICE = (
    "Only the Official Journal of the European Union and Lovdata texts are authentic; "
    "list text shown here is a working copy for screening."
)

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ItemListInfo(BaseModel):
    """Provenance of one item-list version used in the run.

    Field names follow ``itemlists.types.ListManifest``, so
    ``ItemListInfo.model_validate(manifest.model_dump())`` works (extra keys are ignored).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    list: str = Field(description='List identifier: "I", "II" or "III".')
    version: str = Field(description='Version label, e.g. "2025-11-15".')
    title: str = Field(default="", description="Human-readable title of the list version.")
    source_file: str = Field(default="", description="Official source file it was built from.")
    source_url: str | None = Field(default=None, description="Where the source is published.")
    source_sha256: str = Field(default="", description="sha256 of the source file's bytes.")
    attribution: str = Field(default="", description="Required acknowledgement of the source.")
    provisional: bool = Field(default=False, description="True for derived stand-ins (List III).")
    provenance: str | None = Field(default=None, description="How a provisional list was made.")

    @property
    def label(self) -> str:
        """``list@version``, e.g. ``II@2025-11-15``."""
        return f"{self.list}@{self.version}"


def _version() -> str:
    return package_version("exportscreen")


def _now() -> datetime:
    return datetime.now(UTC)


class RunInfo(BaseModel):
    """One run of a command, from its start through the store to the top of every report.

    Made when the command starts (``RunInfo(run_id=..., command="screen", settings=...)``),
    passed with every batch to the flows and the store (``stored()`` is its record there),
    and finished (``finished(...)``) for the report header, which shows
    :data:`REPORT_RUN_FIELDS`.
    """

    model_config = _FROZEN

    run_id: str = Field(min_length=1, description="Identifier of the run.")
    started_at: datetime = Field(default_factory=_now, description="When the run started (timezone-aware, UTC).")
    finished_at: datetime | None = Field(
        default=None, description="When the run finished (timezone-aware, UTC); None while it runs."
    )
    exportscreen_version: str = Field(default_factory=_version, description="Version of exportscreen that screened.")
    settings: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings used (cutoff, threshold, ...); keys sorted, values JSON-ready.",
    )
    itemlists: list[ItemListInfo] = Field(
        default_factory=list, description="Item-list versions used, with source and sha256."
    )
    checked: list[str] = Field(
        default_factory=list,
        description='What was checked, e.g. "List II@2025-11-15 (3443 provisions)".',
    )
    command: str = Field(default="screen", description='The command that made the run ("screen", "rescreen").')
    store: bool = Field(default=True, description="Whether the run's results are stored.")
    options: dict[str, str | None] = Field(
        default_factory=dict, description='Options recorded with the run (rescreen: "itemlist", "source").'
    )

    @field_validator("started_at", "finished_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(
                f"time {value.isoformat()!r} has no timezone; pass datetime.now(UTC) or similar"
            )
        return value.astimezone(UTC)

    @field_validator("settings")
    @classmethod
    def _json_ready(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Paths, dates and the like become strings; keys are sorted so reports are stable.
        normalised: dict[str, Any] = json.loads(json.dumps(value, sort_keys=True, default=str))
        return normalised

    @model_validator(mode="after")
    def _ordered(self) -> RunInfo:
        if self.finished_at is not None and self.finished_at < self.started_at:
            raise ValueError(
                f"finished_at {self.finished_at.isoformat()!r} is before started_at "
                f"{self.started_at.isoformat()!r}; record the finish time after the run"
            )
        return self

    def finished(self, itemlists: list[ItemListInfo], checked: list[str]) -> RunInfo:
        """The run as its report shows it: finished now, with the lists used and what was checked."""
        return self.model_copy(update={"finished_at": _now(), "itemlists": itemlists, "checked": checked})

    def stored(self) -> dict[str, Any]:
        """The run's record in the results store (JSON-ready)."""
        record: dict[str, Any] = {
            "run_id": self.run_id,
            "command": self.command,
            "started_at": self.started_at.isoformat(),
            "settings": self.settings,
            "exportscreen_version": self.exportscreen_version,
            "store": self.store,
        }
        return record | self.options

    @property
    def duration_seconds(self) -> float:
        """Wall-clock duration of the run (0 while it runs)."""
        return ((self.finished_at or self.started_at) - self.started_at).total_seconds()


#: The run's fields in a report's header (the JSON report's ``run``).
REPORT_RUN_FIELDS = (
    "run_id",
    "started_at",
    "finished_at",
    "exportscreen_version",
    "settings",
    "itemlists",
    "checked",
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

    model_config = _FROZEN

    text: str = Field(description="The sentence, as extracted (untrusted text).")
    page: int | None = Field(description="1-based page, or null for formats without pages.")
    sentence: int | None = Field(default=None, description="Index of the sentence.")
    matched: str = Field(default="", description="The document's words that matched.")
    term: str = Field(default="", description="The list term they matched.")
    similarity: float = Field(default=1.0, description="Similarity of matched to term, 0..1.")

    def span(self) -> tuple[int, int] | None:
        """Where ``matched`` occurs in ``text`` (case and spacing ignored), or None."""
        return find_span(self.text, self.matched)


class FeatureOut(BaseModel):
    """One named ingredient of a finding's score."""

    model_config = _FROZEN

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

    model_config = _FROZEN

    code: str = Field(description="The provision whose condition it is.")
    quantity: str = Field(description='What is measured ("output power").')
    comparator: str = Field(description='">", ">=", "<" or "<=".')
    required: float = Field(description="The provision's bound, in unit.")
    unit: str = Field(description="Base unit of the comparison.")
    found: float | None = Field(description="The document's value in unit, or null.")
    found_text: str = Field(description='The document\'s words for it ("612 W").')
    met: bool | None = Field(description="true, false, or null when not stated.")
    description: str = Field(description="The comparison as one line (ThresholdCheck.describe).")

    @property
    def required_text(self) -> str:
        """The bound with an SI prefix, e.g. "5 GW"."""
        return si(self.required, self.unit)

    def readable(self) -> str:
        """Like ``description``, with SI prefixes: "...: peak power 12 MW vs > 5 GW (not met)"."""
        bound = f"{self.comparator} {self.required_text}"
        if self.met is None:
            return f"{self.code}: {self.quantity} {bound} (threshold not stated)"
        verdict = "met" if self.met else "not met"
        return f"{self.code}: {self.quantity} {self.found_text} vs {bound} ({verdict})"


class FindingOut(BaseModel):
    """A finding with all its reasons."""

    # The field "list" shadows the builtin inside this class body, hence builtins.list.
    model_config = _FROZEN

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
    features: builtins.list[FeatureOut] = Field(description="Score ingredients with contributions.")
    thresholds: builtins.list[ThresholdOut] = Field(description="Numeric conditions compared.")
    suppressed_by: str | None = Field(
        default=None,
        description="The review decision that marked this finding a false positive (it is "
        "shown but not counted toward the decision or the summary), or null.",
    )


class DocumentOut(BaseModel):
    """The outcome of screening one document."""

    model_config = _FROZEN

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


class SummaryOut(BaseModel):
    """Counts over the run's documents."""

    model_config = _FROZEN

    documents: int = Field(description="Documents in the report.")
    by_decision: dict[str, int] = Field(description="Count per outcome, every outcome listed.")
    failed: int = Field(description="Documents that could not be read.")
    needs_review: int = Field(description="Documents a person must look at.")
    flags: int = Field(description="Findings at level flag (suppressed ones not counted).")
    near_misses: int = Field(description="Findings at level near_miss (suppressed ones not counted).")


class ReportOut(BaseModel):
    """The whole report, as written by ``reports.render.json_report.write_json``."""

    model_config = _FROZEN

    schema_version: str = Field(description="Version of this layout.")
    authenticity_notice: str = Field(description="Which list texts are authentic.")
    run: RunInfo = Field(description="Run metadata.")
    summary: SummaryOut = Field(description="Counts over the documents.")
    documents: list[DocumentOut] = Field(description="One record per input, in input order.")

    @field_serializer("run")
    def _run_header(self, run: RunInfo, info: SerializationInfo) -> dict[str, Any]:
        return run.model_dump(mode=info.mode, include=set(REPORT_RUN_FIELDS))
