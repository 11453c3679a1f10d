"""What screening reads from a document about one provision path, and how each reading scores.

Scoring features, one module each, registered in :data:`FEATURES` (the order findings show
them in). Each holds how it is computed (its value and logit contribution as Polars
expressions over the path frame, and any columns it derives first) and how it is explained.
:func:`add_features` adds them to a frame of provision paths and sums the contributions;
:func:`explain_features` turns a scored path into the ``Feature`` records of its finding.
So the scoring model is written once, and adding a feature takes its module and one line here.

Score meaning (documented in the README): ``score = 1 / (1 + exp(-z))`` where ``z`` is the sum
of the contributions of :data:`FEATURES`; the score never reaches 1.0.

The document checks the features read live beside them: ``kinds`` (kinds of item stated or
contradicted), ``purposes`` (what an item is for or contains), ``exclusions`` (notes that
release an item) and ``technology`` (E-technology beside an explained item).
"""

from __future__ import annotations

import operator
from functools import reduce

import polars as pl

from classifiers.documents import (
    bias,
    chemical_named,
    conditions_unverified,
    item_named,
    kind_unstated,
    military_use,
    negated_mentions,
    other_branch,
    own_conditions_unverified,
    purpose_unstated,
    specificity,
    term_evidence,
    thresholds_met,
    thresholds_not_met,
    unconditional_item,
)
from classifiers.documents.feature import PathContext, PathRow, ScoreFeature
from classifiers.types import Feature

__all__ = ["FEATURES", "PathContext", "ScoreFeature", "add_features", "explain_features"]

#: Every scoring feature, in the order findings list them. The scorer sums exactly these.
FEATURES: tuple[ScoreFeature, ...] = (
    bias.FEATURE,
    term_evidence.FEATURE,
    item_named.FEATURE,
    thresholds_met.FEATURE,
    thresholds_not_met.FEATURE,
    military_use.FEATURE,
    chemical_named.FEATURE,
    unconditional_item.FEATURE,
    conditions_unverified.FEATURE,
    own_conditions_unverified.FEATURE,
    purpose_unstated.FEATURE,
    kind_unstated.FEATURE,
    other_branch.FEATURE,
    specificity.FEATURE,
    negated_mentions.FEATURE,
)


def add_features(paths: pl.DataFrame, context: PathContext) -> pl.DataFrame:
    """Add each feature's derived columns, value and contribution, then ``z`` and ``score``.

    Args:
        paths: One row per (list, target) with the evidence and check columns the features
            read (classifiers.score).
        context: Document- and list-wide facts (military context, CAS-named and conditional codes).
    """
    for feature in FEATURES:
        derived = feature.derive(context)
        if derived:
            paths = paths.with_columns(*derived)
    paths = paths.with_columns(
        *(f.value.alias(f.value_column) for f in FEATURES),
        *(f.contribution.alias(f.contribution_column) for f in FEATURES),
    )
    z = reduce(operator.add, (pl.col(f.contribution_column) for f in FEATURES))
    return paths.with_columns(z.alias("z")).with_columns((1.0 / (1.0 + (-pl.col("z")).exp())).alias("score"))


def explain_features(row: PathRow) -> tuple[Feature, ...]:
    """The features of a scored path, each with its value, contribution and sentence (rounded to 3 places)."""
    return tuple(
        Feature(
            f.name,
            round(float(row[f.value_column]), 3),
            round(float(row[f.contribution_column]), 3),
            f.explain(row),
        )
        for f in FEATURES
    )
