"""The path has conditions and the document gives none of the quantities they measure.

Conditions are numbers, sub-items or another entry's specification. The item may be
controlled, but nothing in the text shows it: such a path can still flag on strong wording;
it ranks below one whose numbers were checked.

Also derived here: ``deciding_unstated``, the path ends at a provision with alternative
sub-items (or conditions in another entry; not "having all of the following", whose sub-items
are criteria of one item) whose own conditions are met (issue 14, "a finding whose deciding
condition is unstated is at most a near-miss, unless the item is listed whatever its
parameters"). Such a provision is controlled only under one of its sub-items: a 980 nm fibre
laser meets 6A005.a.6's wavelength band ("having any of the following") but none of its power
conditions. The path is reported as a near-miss, never a flag (classifiers.findings.may_flag);
the sub-item whose conditions the text meets is the path that flags.

And ``contradicted``: the path runs through a "with a X" criterion, or has one as a sibling
under "all of the following", that the document negates ("untethered" against 8A001.c.2.a
"Designed to operate with a tether"; classifiers.documents.criteria). Such a path may not flag.

Tried and left out (measured, issue 14 note): also holding back a provision whose own
conditions are only partly stated (4A506.a.2's qubit range met, its C-NOT error unstated).
It removed near-miss flags on the tune split but missed 5 of 108 controlled probe texts that
state one condition of two.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.criteria import path_contradicted
from classifiers.documents.feature import PathContext, yes_no_feature

UNVERIFIED_PENALTY = 1.0


def _derive(context: PathContext) -> tuple[pl.Expr, ...]:
    unverified = (
        (pl.col("thr_met") + pl.col("thr_missed") == 0)
        & ((pl.col("thr_unstated") > 0) | pl.col("target").is_in(sorted(context.conditional)))
        & ~pl.col("chemical_named")
    )
    # conditional: the codes with sub-items or conditions elsewhere (itemlists.derive.conditions).
    deciding = (
        ~unverified
        & (pl.col("thr_missed") == 0)
        & pl.col("target").is_in(sorted(context.conditional - context.conjunctive))
        & ~pl.col("chemical_named")
    )
    contradicted = pl.col("target").map_elements(
        lambda target: path_contradicted(target, context.contradicted, context.conjunctive), return_dtype=pl.Boolean
    ) if context.contradicted else pl.lit(False)
    return unverified.alias("unverified"), deciding.alias("deciding_unstated"), contradicted.alias("contradicted")


FEATURE = yes_no_feature(
    "conditions_unverified",
    "unverified",
    -UNVERIFIED_PENALTY,
    (
        "The provision has conditions (numbers, sub-items or another entry's specification) and the "
        "document states none of the quantities they measure.",
        "Conditions compared with the document's quantities, or the provision has none.",
    ),
    _derive,
)
