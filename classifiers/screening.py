"""Screening one analysed document: match, score, check thresholds, build findings, decide."""

from __future__ import annotations

import dataclasses
from functools import partial

import polars as pl

from classifiers.decide import decide
from classifiers.documents import PathContext
from classifiers.documents.exclusions import apply_exclusions
from classifiers.documents.military import military_context
from classifiers.documents.purposes import kind_and_purpose
from classifiers.documents.technology import add_technology
from classifiers.findings import build_findings
from classifiers.match import match_candidates
from classifiers.score import path_support
from classifiers.settings import ScreeningSettings
from classifiers.thresholds import compare, path_thresholds, summarise, waive_alternatives
from classifiers.types import DocumentResult
from extractors.types import Analysis
from itemlists.types import Reference

__all__ = ["classify"]


class _ThresholdChecker:
    """Compares candidate paths' thresholds with the document's quantities, keeping the rows."""

    def __init__(self, analysis: Analysis, reference: Reference, matches: pl.DataFrame) -> None:
        self.quantities = analysis.quantity_contexts
        self.thresholds = reference.thresholds
        self.item_sentences = matches.filter(~pl.col("negated")).select("entry_code", "sentence").unique()
        self.alternatives = reference.alternatives
        self.compared = pl.DataFrame()

    def __call__(self, targets: pl.DataFrame) -> pl.DataFrame:
        on_path = path_thresholds(targets, self.thresholds)
        self.compared = waive_alternatives(compare(on_path, self.quantities, self.item_sentences), self.alternatives)
        return summarise(self.compared)


def _references_met(
    paths: pl.DataFrame, cross_references: dict[str, frozenset[str]], threshold: float
) -> dict[str, str]:
    """Code -> the flagged entries it refers to ("ML2"), for codes whose references this document flags."""
    if paths.height == 0 or not cross_references:
        return {}
    flagged = frozenset(
        paths.filter((pl.col("score") >= threshold) & pl.col("item_named") & (pl.col("thr_missed") == 0))[
            "entry_code"
        ].to_list()
    )
    return {
        code: ", ".join(sorted(entries & flagged))
        for code, entries in sorted(cross_references.items())
        if entries & flagged
    }


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
    matches = match_candidates(analysis.candidates, analysis.norm_keys, reference, settings)
    checker = _ThresholdChecker(analysis, reference, matches)
    score_paths = partial(
        path_support,
        matches,
        checker,
        reference.thresholds,
        reference.items,
        kind_fn=partial(
            kind_and_purpose,
            qualifiers=reference.qualifiers,
            purposes=reference.purposes,
            document_keys=analysis.word_keys,
        ),
    )
    context = PathContext(military_context(analysis), reference.exact_only, reference.conditional)
    paths = score_paths(context=context)
    # A provision specified by another entry ("Ammunition for weapons specified by ML1, ML2
    # or ML12") meets that condition when the document itself flags one of those entries.
    met = _references_met(paths, reference.cross_references, settings.threshold)
    if met:
        paths = score_paths(context=dataclasses.replace(context, conditional=context.conditional - frozenset(met)))
        paths = paths.with_columns(
            pl.col("code").replace_strict(met, default=None, return_dtype=pl.String).alias("reference_met")
        )
    findings = build_findings(paths, matches, checker.compared, analysis.sentences, reference, settings)
    findings = add_technology(apply_exclusions(findings, analysis, reference), analysis, reference)
    return decide(analysis, findings, reference, settings)
