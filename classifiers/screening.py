"""Screening one analysed document: match, score, check thresholds, build findings, decide."""

from __future__ import annotations

from functools import partial

import polars as pl

from classifiers.decide import decide
from classifiers.findings import build_findings
from classifiers.match import match_candidates
from classifiers.refine import add_technology, apply_exclusions, military_context
from classifiers.score import negated_terms, path_support
from classifiers.settings import ScreeningSettings
from classifiers.thresholds import compare, path_thresholds, quantity_frame, summarise, waive_alternatives
from classifiers.types import DocumentResult
from extractors.analysis.language import translate_norm
from extractors.analysis.terms import apply_context
from extractors.text.lexicon import implied_words, variant_names
from extractors.text.normalise import normalise
from extractors.types import Analysis
from itemlists.derive.purposes import purpose_support
from itemlists.derive.qualifiers import document_keys, kind_support
from itemlists.reference import Reference

__all__ = ["classify"]


class _ThresholdChecker:
    """Compares candidate paths' thresholds with the document's quantities, keeping the rows."""

    def __init__(self, analysis: Analysis, reference: Reference, matches: pl.DataFrame) -> None:
        gloss = translate_norm if analysis.language == "nb" else None
        self.quantities = quantity_frame(analysis.quantities, analysis.sentences, gloss)
        self.thresholds = reference.thresholds
        self.item_sentences = matches.filter(~pl.col("negated")).select("entry_code", "sentence").unique()
        self.alternatives = reference.alternatives
        self.compared = pl.DataFrame()

    def __call__(self, targets: pl.DataFrame) -> pl.DataFrame:
        on_path = path_thresholds(targets, self.thresholds)
        self.compared = waive_alternatives(compare(on_path, self.quantities, self.item_sentences), self.alternatives)
        return summarise(self.compared)


def _document_keys(analysis: Analysis) -> frozenset[str]:
    """Word keys of the document's text, and of its glossed candidate terms when not in English.

    English candidates are pieces of the sentences, and a piece may start inside a word pair
    the sentences keep whole: "tunable pulsed laser" out of "non-tunable pulsed laser".
    A candidate named by a variant or kind also states the lists' name for it: a "hyperspectral
    camera" is a "multispectral imaging sensor", so 6A002.b's kind "multispectral" is stated.
    Some words state others (extractors.text.lexicon.implied_words): an imager "in orbit" is for
    "remote sensing".
    """
    texts = [s.text for s in analysis.sentences]
    if analysis.candidates.height:
        norms = analysis.candidates["norm"].unique().sort().to_list()
        if analysis.language != "en":
            texts += norms
        texts += sorted({name for norm in norms for name in variant_names(norm)})
    texts += implied_words([normalise(t) for t in texts])
    return document_keys(texts)


def _kind_and_purpose(targets: pl.DataFrame, reference: Reference, document_keys: frozenset[str]) -> pl.DataFrame:
    """Per (list, target): kinds unstated or contradicted, and purposes unstated (see score.path_support)."""
    kinds = kind_support(targets, reference.qualifiers, document_keys)
    purposes = purpose_support(targets, reference.purposes, document_keys)
    return kinds.join(purposes, on=["list", "target"], how="full", coalesce=True)


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
    matches = apply_context(match_candidates(analysis.candidates, reference, settings), analysis.sentences)
    checker = _ThresholdChecker(analysis, reference, matches)
    score_paths = partial(
        path_support,
        matches,
        checker,
        reference.thresholds,
        reference.items,
        military_context(analysis),
        reference.exact_only,
        kind_fn=partial(_kind_and_purpose, reference=reference, document_keys=_document_keys(analysis)),
    )
    paths = score_paths(conditional=reference.conditional)
    # A provision specified by another entry ("Ammunition for weapons specified by ML1, ML2
    # or ML12") meets that condition when the document itself flags one of those entries.
    met = _references_met(paths, reference.cross_references, settings.threshold)
    if met:
        paths = score_paths(conditional=reference.conditional - frozenset(met))
        paths = paths.with_columns(
            pl.col("code").replace_strict(met, default=None, return_dtype=pl.String).alias("reference_met")
        )
    paths = paths.join(negated_terms(matches), on=["list", "entry_code"], how="left")
    paths = paths.with_columns(pl.col("negated_terms").fill_null(0))
    findings = build_findings(paths, matches, checker.compared, analysis.sentences, reference, settings)
    findings = add_technology(apply_exclusions(findings, analysis, reference), analysis, reference)
    return decide(analysis, findings, reference, settings)
