"""List I items are controlled when "specially designed or modified for military use".

A military-use context in the document adds to a List I path; its absence takes away.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.feature import PathContext, PathRow, ScoreFeature
from extractors.types import Analysis

MILITARY_BONUS = 1.2
NO_MILITARY_PENALTY = 0.8

#: Cue categories that show a military-use context (extractors.analysis.cues).
MILITARY_CATEGORIES = frozenset(
    {"military_end_use", "weapons", "armed_forces", "defence_customer", "missile_delivery", "wmd"}
)


def military_cues(analysis: Analysis) -> bool:
    """True when the document has at least one clear military-use cue (extractors.analysis.cues)."""
    return any(c.category in MILITARY_CATEGORIES and c.weight >= 0.5 for c in analysis.cues)


def military_context(analysis: Analysis) -> bool:
    """True when the document has a clear military-use cue and is about technology.

    List I items are named with everyday words ("missiles", "electronic equipment"); a
    history of missile debates has the military cues but transfers no technology. So the
    context counts only where the document also explains developing, producing or using
    something, or states a physical quantity; otherwise its military cues are left to the
    catch-all rule.
    """
    if not military_cues(analysis):
        return False
    physical = any(q.si_unit and q.si_value is not None for q in analysis.quantities)
    return physical or bool(analysis.technology_purposes)


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    adjust = {None: 0.0, True: MILITARY_BONUS, False: -NO_MILITARY_PENALTY}[context.military]
    on_list_one = pl.when(pl.col("list") == "I").then(pl.lit(adjust)).otherwise(pl.lit(0.0))
    return (on_list_one.alias("military_adjust"),)


def _explain(row: PathRow) -> str:
    adjust = row.get("military_adjust") or 0.0
    if adjust > 0:
        return "List I: military-use context in the document."
    return "List I: no military-use context in the document." if adjust else "Not a List I path."


FEATURE = ScoreFeature("military_use", pl.col("military_adjust"), pl.col("military_adjust"), _explain, _derive)
