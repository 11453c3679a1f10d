"""Numeric conditions clearly not met: a near-miss, never a flag.

A missed condition of a broader provision on the path (6A005.a.7 "wavelength exceeding
1150 nm" for a 1070 nm laser) says the item is of another class, not just below a limit:
such near-misses rank below those that miss only their own limit.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathRow, ScoreFeature

THRESHOLD_MISSED_PENALTY = 2.0
ANCESTOR_MISSED_PENALTY = 1.0


def _explain(row: PathRow) -> str:
    return (
        f"{row['thr_missed']} condition(s) clearly not met ({row.get('thr_missed_above') or 0} of them on a "
        f"broader provision); {row['thr_unstated']} not stated in the document."
    )


_CONTRIBUTION = pl.when(pl.col("thr_missed") > 0).then(pl.lit(-THRESHOLD_MISSED_PENALTY)).otherwise(
    pl.lit(-0.0)
) - pl.when(pl.col("thr_missed_above") > 0).then(pl.lit(ANCESTOR_MISSED_PENALTY)).otherwise(pl.lit(0.0))

FEATURE = ScoreFeature("thresholds_not_met", pl.col("thr_missed").cast(pl.Float64), _CONTRIBUTION, _explain)
