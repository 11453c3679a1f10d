"""Screening settings: the one documented place for every tunable number.

Settings can be passed per run (``exportscreen screen --cutoff 0.3 --threshold 0.6`` or a
``ScreeningSettings`` object); the defaults below are what the README documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator


class ScreeningSettings(BaseModel):
    """Tunable parameters of term matching, scoring and decisions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cutoff: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Findings scoring below this are not reported at all (default: the fitted scorer's, else 0.35).",
    )
    threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Findings scoring at or above this flag the document (review_required); "
        "between cutoff and threshold they are reported as near-misses (default: the fitted "
        "scorer's, chosen on the tune split for recall; else 0.60).",
    )
    scorer: Literal["fitted", "hand"] = Field(
        default="fitted",
        description="Which scorer decides: the model fitted on the benchmark's tune split "
        "(classifiers/data/scorer.json), or the hand-set feature weights (for comparison).",
    )
    fuzzy_min_similarity: float = Field(
        default=0.88,
        ge=0.5,
        le=1.0,
        description="Minimum rapidfuzz ratio (0..1) for a candidate to count as a list term.",
    )
    max_findings: int = Field(default=25, ge=1, description="Findings kept per document.")
    max_evidence: int = Field(default=3, ge=1, description="Evidence sentences kept per finding.")
    trl: int | None = Field(
        default=None,
        ge=1,
        le=9,
        description="Technology readiness level stated by the user (1-9); wins over the level inferred from the text.",
    )
    public_reference: str | None = Field(
        default=None,
        min_length=3,
        description="Where the content is already publicly available (a DOI or URL of the published "
        "version); publicly available knowledge is not controlled.",
    )

    pdf_engine: Literal["pdfminer", "pdfium"] = Field(
        default="pdfminer",
        description="How PDFs are read: pdfminer.six (the default) or PDFium (pypdfium2, the extra "
        "exportscreen[pdfium]). Written in the dumped settings only when it is not the default.",
    )

    @model_serializer(mode="wrap")
    def _without_default_engine(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # The run's settings are hashed into the store's case key: runs with the default engine
        # keep the hash they had before the engine could be chosen (their cases are found again).
        data: dict[str, object] = handler(self)
        if data.get("pdf_engine") == "pdfminer":
            del data["pdf_engine"]
        return data

    @model_validator(mode="after")
    def _ordered(self) -> ScreeningSettings:
        if self.cutoff is not None and self.threshold is not None and self.cutoff > self.threshold:
            raise ValueError(
                f"cutoff {self.cutoff!r} is above threshold {self.threshold!r}; "
                "the cutoff must be at or below the threshold"
            )
        return self


#: The cutoffs of the hand-set score, used when no fitted scorer is installed.
HAND_CUTOFF = 0.35
HAND_THRESHOLD = 0.60


@dataclass(frozen=True)
class Cutoffs:
    """The settings' cutoff and threshold with the defaults filled in."""

    cutoff: float
    threshold: float


def cutoffs(settings: ScreeningSettings, fitted: tuple[float, float] | None) -> Cutoffs:
    """The cutoff and threshold in force: the user's, else the fitted scorer's, else the hand-set ones.

    ``fitted`` is the fitted scorer's ``(cutoff, threshold)``, None without one.

    A user's threshold below the default cutoff lowers the cutoff with it, so the two stay ordered.
    """
    default_cutoff, default_threshold = fitted or (HAND_CUTOFF, HAND_THRESHOLD)
    threshold = settings.threshold if settings.threshold is not None else default_threshold
    cutoff = settings.cutoff if settings.cutoff is not None else min(default_cutoff, threshold)
    return Cutoffs(cutoff, threshold)


def make_settings(**values: object) -> ScreeningSettings:
    """Build settings from user values, turning validation problems into one SettingsError."""
    from pydantic import ValidationError

    from classifiers.errors import SettingsError

    try:
        return ScreeningSettings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"invalid screening settings: {problems}") from None
