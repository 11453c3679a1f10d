"""A listed chemical named exactly: its provision identifies it by CAS number.

That is as specific as evidence gets: one such name is enough to flag.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, yes_no_feature

CHEMICAL_BONUS = 1.5


def named_chemical(context: PathContext) -> pl.Expr:
    """Whether the path's provision is a CAS-numbered chemical and the document names it."""
    return pl.col("target").is_in(sorted(context.exact_only)) & (pl.col("item_grade") >= 1.0)


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    return (named_chemical(context).alias("chemical_named"),)


FEATURE = yes_no_feature(
    "chemical_named",
    "chemical_named",
    CHEMICAL_BONUS,
    ("A listed chemical (identified by CAS number) is named exactly.", "No listed chemical named exactly."),
    _derive,
)
