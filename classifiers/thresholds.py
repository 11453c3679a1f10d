"""Compare a provision path's numeric conditions with the quantities a document states.

For a candidate provision, every threshold on its path (the provision and its ancestors:
all conditions along a path must hold) is compared with the document's quantities of the
same base unit whose sentence names what the threshold measures (the last word of its
quantity, e.g. "power" for "average output power"; unit-less thresholds such as a C-NOT
error need that word). A threshold is

- met: some such quantity satisfies it ("2.1 kW > 1 kW");
- not met: such quantities exist and none satisfies it ("500 W <= 1 kW");
- not stated: the document gives no such quantity.

A path with a condition clearly not met is reported as a near-miss, never a flag.
"""

from __future__ import annotations

import polars as pl

from extractors.normalise import normalise
from extractors.types import Quantity, Sentence

QUANTITY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "q_text": pl.String,
    "q_value": pl.Float64,
    "q_unit": pl.String,
    "q_sentence": pl.Int32,
    "q_norm": pl.String,
}


def quantity_frame(quantities: tuple[Quantity, ...], sentences: tuple[Sentence, ...]) -> pl.DataFrame:
    """Document quantities in base units, each with its sentence's normalised words."""
    rows = [
        (
            q.text,
            q.si_value if q.si_value is not None else q.value,
            q.si_unit,
            q.sentence,
            normalise(sentences[q.sentence].text),
        )
        for q in quantities
        if q.sentence < len(sentences)
    ]
    return pl.DataFrame(rows, schema=QUANTITY_SCHEMA, orient="row")


def _met_expr() -> pl.Expr:
    found, bound, cmp = pl.col("q_value"), pl.col("value"), pl.col("comparator")
    return (
        pl.when(cmp == ">")
        .then(found > bound)
        .when(cmp == ">=")
        .then(found >= bound)
        .when(cmp == "<")
        .then(found < bound)
        .when(cmp == "<=")
        .then(found <= bound)
        .otherwise((found - bound).abs() <= bound.abs() * 1e-9)
    )


def path_thresholds(targets: pl.DataFrame, thresholds: pl.DataFrame) -> pl.DataFrame:
    """Thresholds on each target's path: (list, target) x threshold rows of it and its ancestors."""
    if thresholds.height == 0 or targets.height == 0:
        return pl.DataFrame(schema={"list": pl.String, "target": pl.String, **thresholds.schema})
    entry = pl.col("code").str.split(".").list.first()
    t = thresholds.with_columns(entry.alias("entry_code"))
    if "conj_parent" not in t.columns:
        t = t.with_columns(pl.lit(None, pl.String).alias("conj_parent"))
    on_chain = (pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + ".")
    # Siblings under an "all of the following" parent on the path are conditions too.
    sibling = pl.col("conj_parent").is_not_null() & pl.col("target").str.starts_with(pl.col("conj_parent") + ".")
    return (
        targets.join(t, on="entry_code")
        .filter(on_chain | sibling)
        .select("list", "target", "code", "quantity", "comparator", "value", "unit", "text")
    )


def compare(on_path: pl.DataFrame, quantities: pl.DataFrame) -> pl.DataFrame:
    """One row per (target, threshold) with ``met`` True/False/None and the deciding quantity."""
    keyed = on_path.with_columns(
        pl.col("quantity")
        .map_elements(lambda q: (normalise(q).split() or [""])[-1], return_dtype=pl.String)
        .alias("key"),
        pl.int_range(pl.len()).alias("tid"),
    )
    # A document quantity bears on a threshold when its sentence names what is measured, or,
    # for a physical unit, when it is within an order of magnitude of the bound (a
    # wavelength "at 1070 nm" is rarely called a wavelength in the same sentence).
    named = (pl.col("key") != "") & pl.col("q_norm").str.contains(pl.col("key"), literal=True)
    close = (
        (pl.col("unit") != "")
        & (pl.col("value") != 0)
        & (pl.col("q_value") > 0)
        & ((pl.col("q_value") / pl.col("value")).abs().log10().abs() <= 1)
    )
    pairs = keyed.join(quantities, left_on="unit", right_on="q_unit", how="inner").filter(named | close)
    pairs = pairs.with_columns(_met_expr().alias("ok"))
    # Met if any stated value satisfies it; the deciding quantity is a satisfying one if any.
    decided = (
        pairs.sort(["ok", "q_value"], descending=[True, True])
        .group_by("tid")
        .agg(
            pl.col("ok").any().alias("met"),
            pl.col("q_text").first().alias("found_text"),
            pl.col("q_value").first().alias("found"),
        )
    )
    return keyed.join(decided, on="tid", how="left").drop("tid", "key")


def summarise(compared: pl.DataFrame) -> pl.DataFrame:
    """Per (list, target): thresholds met, not met (and of those, on a broader provision), not stated."""
    return compared.group_by("list", "target").agg(
        (pl.col("met") == True).sum().alias("thr_met"),  # noqa: E712 - null-aware comparison
        (pl.col("met") == False).sum().alias("thr_missed"),  # noqa: E712
        ((pl.col("met") == False) & (pl.col("code") != pl.col("target"))).sum().alias("thr_missed_above"),  # noqa: E712
        pl.col("met").is_null().sum().alias("thr_unstated"),
    )
