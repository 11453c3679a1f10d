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

from classifiers.properties import claimed, quantity_key


def _met_expr() -> pl.Expr:
    """Whether a stated value meets a bound; "greater than 1.4 kV" meets "greater than 1.4 kV"."""
    found, bound, cmp, said = pl.col("q_value"), pl.col("value"), pl.col("comparator"), pl.col("q_cmp")
    at_bound = (found - bound).abs() <= bound.abs() * 1e-9
    return (
        pl.when(cmp == ">")
        .then((found > bound) | (at_bound & (said == ">")))
        .when(cmp == ">=")
        .then((found >= bound) | at_bound)
        .when(cmp == "<")
        .then((found < bound) | (at_bound & (said == "<")))
        .when(cmp == "<=")
        .then((found <= bound) | at_bound)
        .otherwise(at_bound)
    )


def path_thresholds(targets: pl.DataFrame, thresholds: pl.DataFrame) -> pl.DataFrame:
    """Thresholds on each target's path: (list, target) x threshold rows of it and its ancestors."""
    if thresholds.height == 0 or targets.height == 0:
        return pl.DataFrame(schema={"list": pl.String, "target": pl.String, **thresholds.schema})
    entry = pl.col("code").str.split(".").list.first()
    t = thresholds.with_columns(entry.alias("entry_code"))
    if "conj_parent" not in t.columns:
        t = t.with_columns(pl.lit(None, pl.String).alias("conj_parent"))
    if "at_kelvin" not in t.columns:
        t = t.with_columns(pl.lit(None, pl.Float64).alias("at_kelvin"))
    on_chain = (pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + ".")
    # Siblings under an "all of the following" parent on the path are conditions too.
    sibling = pl.col("conj_parent").is_not_null() & pl.col("target").str.starts_with(pl.col("conj_parent") + ".")
    return (
        targets.join(t, on="entry_code")
        .filter(on_chain | sibling)
        .select("list", "target", "code", "quantity", "comparator", "value", "unit", "text", "at_kelvin")
    )


def _tier(topical: bool, columns: frozenset[str] = frozenset()) -> pl.Expr:
    """How closely a document quantity bears on a threshold: 3 named nearby, 2 in its sentence, 1 by size, 0 not.

    A document quantity bears on a threshold when the words around it name what is measured
    ("repeatability of 4 µm"), else when its sentence does, else, for a physical unit, when
    it is within an order of magnitude of the bound (a wavelength "at 1070 nm" is rarely
    called a wavelength) and its sentence is about the entry's item (``topical``: the
    ``on_topic`` column). Only the closest tier present for a threshold is compared: a stated
    "repeatability 4 µm" is not outvoted by a surface roughness of 0.9 µm. A quantity stated as
    a peak never bears on an average threshold, nor the reverse (``q_mode``).
    """
    has_key = pl.col("key") != ""
    near = has_key & pl.col("q_near").str.contains(pl.col("key"), literal=True)
    named = has_key & pl.col("q_norm").str.contains(pl.col("key"), literal=True)
    close = (
        (pl.col("unit") != "")
        & (pl.col("value") != 0)
        & (pl.col("q_value") > 0)
        & ((pl.col("q_value") / pl.col("value")).abs().log10().abs() <= 1)
    )
    on_topic = pl.col("on_topic").fill_null(False) if topical else pl.lit(True)
    # The words next to the number name another measured property compared on this document's
    # paths ("a repeatability of 2.5 µm" against a positioning-accuracy bound): it measures that.
    def named_other(claims: str) -> pl.Expr:
        if claims not in columns or "own_props" not in columns:
            return pl.lit(False)
        # A threshold whose own words name no measured property ("projectiles to 1,5 km/s") may
        # measure any of them: only one that names its property loses numbers named otherwise.
        return (
            (pl.col(claims).list.len().fill_null(0) > 0)
            & (pl.col("own_props").list.len().fill_null(0) > 0)
            & (pl.col(claims).list.set_intersection(pl.col("own_props")).list.len().fill_null(0) == 0)
        )

    other = named_other("q_claims")
    sentence_other = named_other("q_sentence_claims")
    # A peak value does not measure an average quantity, nor the reverse ("8.8 kW peak power"
    # is no "average output power"); a CW power is a continuous, i.e. average, power ("12 MW
    # peak power" is no "CW output power").
    wanted = pl.col("wanted") if "wanted" in columns else _wanted_mode()
    stated = pl.col("q_mode").fill_null("") if "q_mode" in columns else pl.lit("")
    conflict = (wanted != "") & (stated != "") & (wanted != stated)
    # The document's only quantity of a unit, in a sentence about the entry, is the item's own
    # whatever its size: a therapy laser's one "100 mW" is its output power.
    sole = (pl.col("unit") != "") & (pl.col("qid").n_unique().over("unit") == 1)
    return (
        pl.when(conflict)
        .then(0)
        .when(near)
        .then(3)
        .when(other)
        .then(0)
        .when(named)
        .then(2)
        .when((close | sole) & on_topic & ~sentence_other)
        .then(1)
        .otherwise(0)
    )


def _wanted_mode() -> pl.Expr:
    """"peak" or "average" when the threshold's quantity says which it measures, else ""."""
    return (
        pl.when(pl.col("quantity").str.contains(r"(?i)\bpeak\b"))
        .then(pl.lit("peak"))
        .when(pl.col("quantity").str.contains(r"(?i)\b(?:average|mean|cw|continuous)\b"))
        .then(pl.lit("average"))
        .otherwise(pl.lit(""))
    )


def _decided(pairs: pl.DataFrame) -> pl.DataFrame:
    """Per threshold (``tid``): met if any stated value satisfies it; the deciding quantity a satisfying one if any."""
    # A number no word names that fits several conditions of one path ("98 mm" for an inner
    # diameter, a wall thickness and a length) says which of them it is no more than it says
    # any: it decides none of them.
    ambiguous = (pl.col("tier") == 1) & (pl.col("key").n_unique().over("target", "qid") > 1)
    pairs = pairs.filter(~ambiguous).with_columns(_met_expr().alias("ok"))
    return (
        pairs.sort(["ok", "q_value"], descending=[True, True])
        .group_by("tid")
        .agg(
            pl.col("ok").any().alias("met"),
            pl.col("q_text").first().alias("found_text"),
            pl.col("q_value").first().alias("found"),
            pl.col("q_sentence").first().alias("found_sentence"),
        )
    )


def compare(
    on_path: pl.DataFrame,
    quantities: pl.DataFrame,
    item_sentences: pl.DataFrame | None = None,
    properties: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per (target, threshold) with ``met`` True/False/None and the deciding quantity.

    Args:
        on_path: Thresholds per target (``path_thresholds``).
        quantities: The document's quantities (``Analysis.quantity_contexts``).
        item_sentences: (entry_code, sentence) pairs where a term of the entry was matched;
            a quantity that no word names is compared only when its sentence is one of them.
        properties: (unit, key) of the list's measured properties (classifiers.properties.property_words):
            a number whose nearby words name one of them that another path compares is that
            property's, not a bound of another name's.
    """
    keyed = on_path.with_columns(
        pl.col("quantity").map_elements(quantity_key, return_dtype=pl.String).alias("key"),
        pl.int_range(pl.len()).alias("tid"),
    )
    quantities = quantities.with_columns(pl.int_range(pl.len()).alias("qid"))
    # Every threshold meets every quantity of its unit (a million pairs on the 253-page List II
    # PDF): only the columns the tiers and the decision read go into the join, and what depends
    # on the threshold alone (its entry, the mode its quantity wants) is computed per threshold.
    narrow = keyed.select(
        "tid", "target", "unit", "value", "comparator", "key", _wanted_mode().alias("wanted"),
        pl.col("code").str.split(".").list.first().alias("entry_code"),
    )
    topical = (
        None
        if item_sentences is None
        else item_sentences.select(
            "entry_code", pl.col("sentence").cast(pl.Int32).alias("q_sentence"), pl.lit(True).alias("on_topic")
        )
    )
    # The pairs are formed, filtered and decided a group of whole targets at a time, so the
    # memory follows one group's pairs, not all of them (the tiers and the decision read only
    # pairs of one target; a unit's quantities all meet every threshold of that unit in any group).
    quantities, narrow = claimed(quantities, narrow, keyed, properties)
    groups = _target_groups(narrow, quantities) or [narrow]
    parts = [_decided(_bearing_pairs(group, quantities, topical)) for group in groups]
    decided = keyed.join(pl.concat(parts), on="tid", how="left").drop("tid", "key")
    return _measured_hot(decided, quantities).drop("found_sentence")


#: A stated temperature is the list's when within this share of it (or 10 K).
TEMPERATURE_TOLERANCE = 0.03


def _measured_hot(decided: pl.DataFrame, quantities: pl.DataFrame) -> pl.DataFrame:
    """A condition the list measures hot (``at_kelvin``) is met only at that temperature.

    "A tensile strength of 240 MPa or more at 473 K (200 °C)": a 280 MPa whose sentence states
    no temperature near 473 K is a room-temperature value and does not verify it. Such a
    condition becomes not stated (``met`` null), its value kept in ``found_text`` with the reason.
    """
    if "at_kelvin" not in decided.columns or decided.height == 0:
        return decided
    hot = decided.filter(pl.col("at_kelvin").is_not_null() & (pl.col("met") == True))  # noqa: E712
    if hot.height == 0:
        return decided
    temperatures = quantities.filter(pl.col("q_unit") == "K").select(
        pl.col("q_sentence").alias("found_sentence"), pl.col("q_value").alias("t_value")
    )
    stated = (
        hot.select("found_sentence", "at_kelvin")
        .unique()
        .join(temperatures, on="found_sentence", how="inner")
        .filter(
            (pl.col("t_value") - pl.col("at_kelvin")).abs()
            <= pl.max_horizontal(pl.col("at_kelvin") * TEMPERATURE_TOLERANCE, pl.lit(10.0))
        )
        .select("found_sentence", "at_kelvin", pl.lit(True).alias("at_temperature"))
        .unique()
    )
    unverified = (pl.col("at_kelvin").is_not_null() & (pl.col("met") == True)  # noqa: E712
                  & ~pl.col("at_temperature").fill_null(False))
    return (
        decided.join(stated, on=["found_sentence", "at_kelvin"], how="left")
        .with_columns(
            pl.when(unverified).then(None).otherwise(pl.col("met")).alias("met"),
            pl.when(unverified)
            .then(pl.format("{} (no temperature stated with it; the list measures it at {} K)",
                            pl.col("found_text"), pl.col("at_kelvin").round(0).cast(pl.Int64)))
            .otherwise(pl.col("found_text"))
            .alias("found_text"),
        )
        .drop("at_temperature")
    )


#: About this many threshold x quantity pairs are formed at once (:func:`compare`).
PAIRS_AT_ONCE = 100_000


def _target_groups(narrow: pl.DataFrame, quantities: pl.DataFrame) -> list[pl.DataFrame]:
    """``narrow``'s rows in groups of whole targets with about :data:`PAIRS_AT_ONCE` pairs each."""
    per_unit = quantities.group_by(pl.col("q_unit").alias("unit")).agg(pl.len().cast(pl.Int64).alias("n_pairs"))
    sizes = (
        narrow.join(per_unit, on="unit", how="left")
        .group_by("target", maintain_order=True)
        .agg(pl.col("n_pairs").fill_null(0).sum())
        .with_columns((pl.col("n_pairs").cum_sum() // PAIRS_AT_ONCE).alias("group"))
    )
    grouped = narrow.join(sizes.select("target", "group"), on="target", how="left", maintain_order="left")
    return [group.drop("group") for group in grouped.partition_by("group", maintain_order=True)]


def _bearing_pairs(narrow: pl.DataFrame, quantities: pl.DataFrame, topical: pl.DataFrame | None) -> pl.DataFrame:
    """The (threshold, quantity) pairs of the closest tier present for each threshold (:func:`_tier`)."""
    joined = narrow.join(quantities, left_on="unit", right_on="q_unit", how="inner")
    if topical is not None:
        joined = joined.join(topical, on=["entry_code", "q_sentence"], how="left")
    return (
        joined.with_columns(_tier(topical is not None, frozenset(joined.columns)).alias("tier"))
        .filter(pl.col("tier") > 0)
        .filter(pl.col("tier") == pl.col("tier").max().over("tid"))
    )


def waive_alternatives(compared: pl.DataFrame, alternative_codes: frozenset[str]) -> pl.DataFrame:
    """Mark a missed condition ``waived`` when another condition of the same "or" provision is met.

    ``alternative_codes`` are the provisions whose conditions are alternatives
    (itemlists.derive.conditions.ALTERNATIVES: "thrust levels exceeding 45 kN or nozzle throat
    erosion rates of less than 0,075 mm/s").
    """
    if compared.height == 0:
        return compared.with_columns(pl.lit(False).alias("waived"))
    any_met = (pl.col("met") == True).any().over("list", "target", "code")  # noqa: E712
    return compared.with_columns(
        (pl.col("code").is_in(sorted(alternative_codes)) & (pl.col("met") == False) & any_met)  # noqa: E712
        .fill_null(False)
        .alias("waived")
    )


def summarise(compared: pl.DataFrame) -> pl.DataFrame:
    """Per (list, target): thresholds met, not met (and of those, on a broader provision), not stated.

    A condition ``waived`` (an alternative of the same provision is met) does not count as missed.
    """
    if "waived" not in compared.columns:
        compared = compared.with_columns(pl.lit(False).alias("waived"))
    missed = (pl.col("met") == False) & ~pl.col("waived")  # noqa: E712 - null-aware comparison
    return compared.group_by("list", "target").agg(
        (pl.col("met") == True).sum().alias("thr_met"),  # noqa: E712 - null-aware comparison
        missed.sum().alias("thr_missed"),
        (missed & (pl.col("code") != pl.col("target"))).sum().alias("thr_missed_above"),
        pl.col("met").is_null().sum().alias("thr_unstated"),
        # The path's own provision: its conditions all unstated while only broader ones were
        # compared (a wavelength band met, the power limit of the sub-item never stated).
        ((pl.col("code") == pl.col("target")) & pl.col("met").is_null()).sum().alias("thr_own_unstated"),
        ((pl.col("code") == pl.col("target")) & pl.col("met").is_not_null()).sum().alias("thr_own_compared"),
    )
