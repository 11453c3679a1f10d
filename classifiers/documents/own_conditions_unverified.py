"""The path's own provision has conditions the text never states; only broader ones were compared.

6A005.d.1.d.1.d "peak pulsed power density exceeding 2500 W/cm2" for a 660 nm therapy diode
whose wavelength alone meets 6A005.d.1.d.1.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, PathRow, ScoreFeature, flag

OWN_UNVERIFIED_PENALTY = 1.0


def _derive(_context: PathContext) -> tuple[pl.Expr, ...]:
    own = (
        ~pl.col("unverified")
        & (pl.col("thr_own_unstated") > 0)
        & (pl.col("thr_own_compared") == 0)
        & (pl.col("thr_missed") == 0)
    )
    return (own.alias("own_unverified"),)


def _explain(row: PathRow) -> str:
    if row.get("own_unverified"):
        return (
            f"{row.get('thr_own_unstated') or 0} condition(s) of {row['code']} itself are not stated in the "
            "document; only conditions of broader provisions were compared."
        )
    return "The provision's own conditions were compared, or it has none of its own."


FEATURE = ScoreFeature(
    "own_conditions_unverified",
    pl.col("own_unverified").cast(pl.Float64),
    flag("own_unverified", -OWN_UNVERIFIED_PENALTY),
    _explain,
    _derive,
)
