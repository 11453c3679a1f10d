"""Screening one analysed document: match, score, check thresholds, build findings, decide."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial

import polars as pl

from classifiers.decide import decide
from classifiers.documents import PathContext
from classifiers.documents.criteria import contradicted_criteria
from classifiers.documents.exclusions import apply_exclusions
from classifiers.documents.military import military_context
from classifiers.documents.purposes import kind_and_purpose
from classifiers.documents.technology import add_technology
from classifiers.findings import build_findings
from classifiers.match import Matches, match_candidates
from classifiers.model import CANDIDATE_SCORE, FittedScorer, load_scorer
from classifiers.properties import property_words
from classifiers.score import best_paths, path_rows
from classifiers.settings import HAND_THRESHOLD, ScreeningSettings, cutoffs
from classifiers.thresholds import compare, path_thresholds, summarise, waive_alternatives
from classifiers.types import DocumentResult
from extractors.types import Analysis
from itemlists.types import Reference

__all__ = ["classify", "score_paths"]


#: property_words per thresholds table (the frame kept beside it, so its id is not reused).
_PROPERTIES: dict[int, tuple[pl.DataFrame, pl.DataFrame]] = {}


def _property_words(thresholds: pl.DataFrame) -> pl.DataFrame:
    cached = _PROPERTIES.get(id(thresholds))
    if cached is None or cached[0] is not thresholds:
        cached = _PROPERTIES[id(thresholds)] = (thresholds, property_words(thresholds))
    return cached[1]


class _ThresholdChecker:
    """Compares candidate paths' thresholds with the document's quantities, keeping the rows."""

    def __init__(self, analysis: Analysis, reference: Reference, matches: Matches) -> None:
        self.quantities = analysis.quantity_contexts
        self.thresholds = reference.thresholds
        said = pl.DataFrame([matches.column("sentence"), matches.rows["pair"], matches.column("negated")])
        entries = matches.pairs.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("pair"), "entry_code")
        self.item_sentences = (
            said.lazy()
            .filter(~pl.col("negated"))
            .select("sentence", "pair")
            .unique()
            .join(entries.lazy(), on="pair")
            .select("entry_code", "sentence")
            .unique()
            .collect()
        )
        self.alternatives = reference.alternatives
        self.properties = _property_words(reference.thresholds)
        self.compared = pl.DataFrame()

    def __call__(self, targets: pl.DataFrame) -> pl.DataFrame:
        on_path = path_thresholds(targets, self.thresholds)
        compared = compare(on_path, self.quantities, self.item_sentences, self.properties)
        self.compared = waive_alternatives(compared, self.alternatives)
        return summarise(self.compared)


def _references_met(
    paths: pl.DataFrame, cross_references: dict[str, frozenset[str]], threshold: float
) -> dict[str, str]:
    """Code -> the flagged entries it refers to ("ML2"), for codes whose references this document flags."""
    if paths.height == 0 or not cross_references:
        return {}
    score = "hand_score" if "hand_score" in paths.columns else "score"
    flagged = frozenset(
        paths.filter((pl.col(score) >= threshold) & pl.col("item_named") & (pl.col("thr_missed") == 0))[
            "entry_code"
        ].to_list()
    )
    return {
        code: ", ".join(sorted(entries & flagged))
        for code, entries in sorted(cross_references.items())
        if entries & flagged
    }


#: A path that may flag at all (classifiers.findings.may_flag, as an expression) and whose
#: kind of item the text does not contradict. Each entry's path is chosen among these first:
#: an item is controlled under any branch whose conditions it meets, so a met branch wins
#: over a higher-scoring missed one.
ELIGIBLE = (
    (pl.col("thr_missed") == 0)
    & (pl.col("item_grade").is_null() | (pl.col("item_grade") > 0.0))
    & ~((pl.col("list") == "I") & (pl.col("military_adjust").fill_null(0.0) < 0.0))
    & ~pl.col("unverified").fill_null(False)
    & ~pl.col("deciding_unstated").fill_null(False)
    & ~pl.col("contradicted").fill_null(False)
    & (pl.col("other_branch") == 0)
)


def _rescore(
    scorer: FittedScorer | None, observe: Callable[[pl.DataFrame], None] | None, paths: pl.DataFrame
) -> pl.DataFrame:
    """Every path scored by the fitted model; one whose hand-set score is below ``CANDIDATE_SCORE`` scores 0."""
    if observe is not None:
        observe(paths)
    if scorer is None:
        return paths
    # Only a candidate is eligible: a path below CANDIDATE_SCORE never hides a near-miss.
    return (
        scorer.apply(paths)
        .with_columns((ELIGIBLE & (pl.col("hand_score") >= CANDIDATE_SCORE)).alias("eligible"))
        .with_columns(
            pl.when(pl.col("hand_score") >= CANDIDATE_SCORE).then(pl.col("score")).otherwise(0.0).alias("score")
        )
    )


def score_paths(
    analysis: Analysis,
    reference: Reference,
    settings: ScreeningSettings | None = None,
    observe: Callable[[pl.DataFrame], None] | None = None,
) -> tuple[pl.DataFrame, Matches, pl.DataFrame]:
    """Match the document's terms and score every provision path: (paths, matches, compared thresholds).

    One row per (list, entry) in ``paths``: its best provision path with every feature's value
    and contribution (classifiers.documents.FEATURES) and the score (the fitted scorer's when
    one is installed). ``observe`` is called with every candidate path before the fitted scorer
    (fitting reads them: tests.benchmarks.paths_data).
    """
    settings = settings or ScreeningSettings()
    matches = match_candidates(analysis.candidates, analysis.norm_keys, reference, settings)
    checker = _ThresholdChecker(analysis, reference, matches)
    scorer = load_scorer() if settings.scorer == "fitted" else None
    # The paths' evidence and checks do not depend on the references met below: computed once.
    rows = path_rows(
        matches,
        checker,
        reference.thresholds,
        reference.items,
        partial(
            kind_and_purpose,
            qualifiers=reference.qualifiers,
            purposes=reference.purposes,
            document_words=analysis.words,
        ),
        analysis.zones,
    )
    score = partial(best_paths, rows, rescore=partial(_rescore, scorer, observe))
    context = PathContext(
        military_context(analysis), reference.exact_only, reference.conditional, analysis.zones, reference.conjunctive,
        contradicted_criteria(analysis.sentences, reference.provisions),
    )
    paths = score(context)
    # A provision specified by another entry ("Ammunition for weapons specified by ML1, ML2
    # or ML12") meets that condition when the document itself flags one of those entries.
    met = _references_met(paths, reference.cross_references, HAND_THRESHOLD)
    if met:
        paths = score(dataclasses.replace(context, conditional=context.conditional - frozenset(met)))
        paths = paths.with_columns(
            pl.col("code").replace_strict(met, default=None, return_dtype=pl.String).alias("reference_met")
        )
    return paths, matches, checker.compared


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
    scorer = load_scorer() if settings.scorer == "fitted" else None
    cut = cutoffs(settings, (scorer.cutoff, scorer.threshold) if scorer else None)
    paths, matches, compared = score_paths(analysis, reference, settings)
    findings = build_findings(paths, matches, compared, analysis.sentences, reference, settings, cut)
    findings = add_technology(apply_exclusions(findings, analysis, reference), analysis, reference)
    described = (
        scorer.describe()
        if scorer
        else "hand-set scorer" + ("" if settings.scorer == "hand" else " (no fitted scorer installed)")
    )
    result = decide(analysis, findings, reference, settings, cut, described)
    candidates = paths.filter(pl.col("score") >= cut.cutoff).height
    return dataclasses.replace(result, candidates=max(candidates, len(result.findings)))
