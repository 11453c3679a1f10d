"""Classifiers: from an analysed document and the item lists to findings and a decision."""

from __future__ import annotations

from classifiers.decide import decide
from classifiers.findings import build_findings
from classifiers.match import match_candidates
from classifiers.score import negated_terms, path_support
from classifiers.settings import ScreeningSettings
from classifiers.types import DocumentResult
from extractors.types import Analysis
from itemlists.reference import Reference

__all__ = ["ScreeningSettings", "classify"]


def classify(analysis: Analysis, reference: Reference, settings: ScreeningSettings | None = None) -> DocumentResult:
    """Screen one analysed document against the reference lists.

    Args:
        analysis: Sentences, candidate terms and quantities of the document.
        reference: The installed item lists (itemlists.reference).
        settings: Screening settings; defaults when None.

    Returns:
        The document's result: decision, findings with evidence, reasons, list versions.
    """
    settings = settings or ScreeningSettings()
    matches = match_candidates(analysis.candidates, reference, settings)
    paths = path_support(matches).join(negated_terms(matches), on=["list", "entry_code"], how="left")
    paths = paths.with_columns(paths["negated_terms"].fill_null(0))
    findings = build_findings(paths, matches, analysis.sentences, reference, settings)
    return decide(analysis, findings, reference, settings)
