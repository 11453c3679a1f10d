"""The path's own provision has conditions the text never states; only broader ones were compared.

6A005.d.1.d.1.d "peak pulsed power density exceeding 2500 W/cm2" for a 660 nm therapy diode
whose wavelength alone meets 6A005.d.1.d.1.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, yes_no_feature

OWN_UNVERIFIED_PENALTY = 1.0


def _derive(_context: PathContext) -> tuple[pl.Expr, ...]:
    own = (
        ~pl.col("unverified")
        & (pl.col("thr_own_unstated") > 0)
        & (pl.col("thr_own_compared") == 0)
        & (pl.col("thr_missed") == 0)
    )
    return (own.alias("own_unverified"),)


FEATURE = yes_no_feature(
    "own_conditions_unverified",
    "own_unverified",
    -OWN_UNVERIFIED_PENALTY,
    (
        "{thr_own_unstated} condition(s) of {code} itself are not stated in the document; only conditions "
        "of broader provisions were compared.",
        "The provision's own conditions were compared, or it has none of its own.",
    ),
    _derive,
)
