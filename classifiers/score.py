"""From term matches to scored provisions: the evidence along one provision path.

An entry such as 3A001 has hundreds of sub-provisions; ordinary words scattered over unrelated
branches say nothing. So evidence is counted along a single path: a provision is credited
with the distinct terms matched on it or on its ancestors (a child inherits its parent's item
terms), and each entry is represented by its best-supported provision.

Score meaning (documented in the README): a logistic function of that evidence,

    z = BIAS + EVIDENCE_SLOPE * evidence - NO_ITEM_PENALTY * (1 - item grade)
        + THRESHOLD_MET_BONUS * min(thresholds met, 2) - THRESHOLD_MISSED_PENALTY * (any not met)
        - ANCESTOR_MISSED_PENALTY * (any not met on a broader provision)
        - KIND_UNSTATED_PENALTY * min(kinds not stated, 2) - OTHER_BRANCH_PENALTY * (a sibling fits)
        - UNVERIFIED_PENALTY * (conditions exist, none compared)
        - OWN_UNVERIFIED_PENALTY * (the path's own conditions unstated, only broader ones compared)
        - PURPOSE_UNSTATED_PENALTY * min(purposes not stated, 2)
        + military / chemical / unconditional-item adjustments (below),
    score = 1 / (1 + exp(-z)),

where ``evidence`` sums the distinct matched terms' ``weight * similarity`` along the path,
the i-th strongest counting ``DECAY**i`` so many weak words do not add up to a strong one.
Candidate provisions are the matched ones plus their descendants that carry numeric
conditions (a paper on a laser is compared with every laser sub-item's thresholds; see
classifiers.thresholds). A path whose most specific *item* (the head noun phrase of the deepest provision on it that
names an item, e.g. "semiconductor lasers") is not named in the document is penalised (half
when only its head noun, "laser", is named): the link between text and entry must be close and clear.
Negated mentions ("we do not use a laser") contribute nothing. The score never reaches 1.0.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

BIAS = -3.0
EVIDENCE_SLOPE = 3.0
NO_ITEM_PENALTY = 1.5
DECAY = 0.75
THRESHOLD_MET_BONUS = 1.2
#: List I items are controlled when "specially designed or modified for military use": a
#: military context in the document adds to a List I path, its absence takes away.
#: A listed chemical named exactly (its provision identifies it by CAS number) is as specific
#: as evidence gets: one such name is enough to flag.
CHEMICAL_BONUS = 1.5
#: A provision with no numeric conditions is controlled whenever its item is; naming that item
#: with a specific term (head weight x similarity >= 0.6) is then strong evidence on its own.
#: On List I, in a document with a military-use context, naming the item at all is: "missiles
#: specially designed for military use" are common words made specific by that context.
#: Calibrated on the development set: 1.0 left a scramjet paper at 0.56; 1.5 flagged a
#: near-miss; 1.25 flags the first and none of the near-misses (a thin margin: see README).
UNCONDITIONAL_ITEM_BONUS = 1.25
MILITARY_BONUS = 1.2
NO_MILITARY_PENALTY = 0.8
THRESHOLD_MISSED_PENALTY = 2.0
#: A missed condition of a broader provision on the path (6A005.a.7 "wavelength exceeding
#: 1150 nm" for a 1070 nm laser) says the item is of another class, not just below a limit:
#: such near-misses rank below those that miss only their own limit.
ANCESTOR_MISSED_PENALTY = 1.0
#: A provision on the path whose kind of item ("semiconductor" lasers, "neodymium-doped"
#: lasers) the document never states: per level, at most two (itemlists.derive.qualifiers).
KIND_UNSTATED_PENALTY = 1.0
#: The document states a sibling branch's kind instead ("continuous wave" where the path
#: says "pulsed", or a residual "Other lasers" branch): the path describes another item.
OTHER_BRANCH_PENALTY = 2.5
#: The path has conditions (numbers, sub-items or another entry's specification) and the
#: document gives none of the quantities they measure: the item may be controlled, but
#: nothing in the text shows it. Such a path can still flag on strong wording; it ranks below
#: one whose numbers were checked.
UNVERIFIED_PENALTY = 1.0
#: The path's own provision has conditions and the document states none of them, though a
#: broader provision's were compared: 6A005.d.1.d.1.d "peak pulsed power density exceeding
#: 2500 W/cm2" for a 660 nm therapy diode whose wavelength alone meets 6A005.d.1.d.1.
OWN_UNVERIFIED_PENALTY = 1.0
#: A provision on the path says what its item must be for or contain ("specially designed for
#: the disposal of improvised explosive devices", "containing vacuum electronic devices") and
#: the document never says it: per level, at most two (itemlists.derive.purposes).
PURPOSE_UNSTATED_PENALTY = 1.0


#: A match names a provision's item only at this similarity or above (exact, fuzzy, variant,
#: derivational, or a partial match keeping most of its words); "weapon systems" for "weapon control
#: systems" (2 of 3 words) names its head noun only.
NAMING_SIMILARITY = 0.75


def dedupe_nested(matches: pl.DataFrame) -> pl.DataFrame:
    """Drop negated rows; keep the strongest of overlapping n-grams per provision and sentence.

    Overlapping means sharing an end or a start offset; ``contrib = weight * similarity``.
    """
    contrib = (pl.col("weight") * pl.col("similarity")).alias("contrib")
    # A total order (ties broken by the term, the span and the term's row in the index), so
    # the same document always keeps the same rows: screening must be reproducible for the
    # audit trail. The last key matters where one norm has several spellings in the lists
    # ("flight control systems" / "Flight control systems"): the join returns them in no
    # fixed order.
    m = (
        matches.filter(~pl.col("negated"))
        .with_columns(contrib)
        .sort(
            ["contrib", "term_norm", "kind", "start", "end", "term_order"],
            descending=[True, False, False, False, False, False],
        )
    )
    m = m.unique(subset=["list", "code", "sentence", "end"], keep="first", maintain_order=True)
    return m.unique(subset=["list", "code", "sentence", "start"], keep="first", maintain_order=True)


def _targets(per_code: pl.DataFrame, thresholds: pl.DataFrame) -> pl.DataFrame:
    """Matched provisions, plus their descendants that carry numeric conditions."""
    matched = per_code.select("list", "entry_code", "version", pl.col("code").alias("target")).unique()
    if thresholds.height == 0:
        return matched
    with_numbers = (
        thresholds.select(pl.col("code").alias("target"))
        .unique()
        .with_columns(pl.col("target").str.split(".").list.first().alias("entry_code"))
    )
    below = (
        matched.rename({"target": "anchor"})
        .join(with_numbers, on="entry_code")
        .filter(pl.col("target").str.starts_with(pl.col("anchor") + "."))
    )
    everything = pl.concat([matched, below.select("list", "entry_code", "version", "target")]).unique()
    # A provision ending "... any of the following:" is not controlled by itself: when it has
    # threshold-bearing descendants among the targets, those are evaluated in its place.
    internal = everything.join(below.select("anchor").unique(), left_on="target", right_on="anchor", how="semi")
    return everything.join(internal.select("target"), on="target", how="anti")


def _deepest_item_named(per_code: pl.DataFrame, targets: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """Per target: how well the most specific item on its path is named, 0, 0.5 or 1.

    1: a naming term of that item matched ("semiconductor laser"); 0.5: only its head noun
    matched somewhere on the path ("laser"); 0: neither. Paths without item levels are
    left null (the caller falls back to "some head term on the path matched").
    """
    levels = (
        items.with_columns(
            pl.col("code").str.split(".").list.first().alias("entry_code"),
            pl.col("norm").str.split(" ").list.last().alias("noun"),
        )
        .select("code", "entry_code", "noun")
        .unique()
    )
    # One code per depth on a path, so the deepest item level of each target is well defined.
    on_path = (
        targets.join(levels.select("code", "entry_code").unique(), on="entry_code")
        .filter((pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + "."))
        .with_columns(pl.col("code").str.count_matches(r"\.").alias("level_depth"))
        .sort(["list", "target", "level_depth"], descending=[False, False, True])
        .unique(subset=["list", "target"], keep="first", maintain_order=True)
    )
    # Naming an item takes a close match: "weapon systems" is not "weapon control systems".
    close = per_code.filter(pl.col("similarity") >= NAMING_SIMILARITY)
    named = close.join(items, left_on=["code", "term_norm"], right_on=["code", "norm"]).select("code").unique()
    nouns = per_code.select("entry_code", pl.col("term_norm").str.split(" ").list.last().alias("noun")).unique()
    # Half credit when any of the level's head nouns was matched ("laser" for "semiconductor lasers").
    half = levels.join(nouns, on=["entry_code", "noun"], how="semi").select("code").unique()
    graded = (
        on_path.join(named.with_columns(pl.lit(1.0).alias("full")), on="code", how="left")
        .join(half.with_columns(pl.lit(0.5).alias("half")), on="code", how="left")
        .with_columns(pl.coalesce("full", "half", pl.lit(0.0)).alias("item_grade"))
    )
    return graded.select("list", "target", pl.col("code").alias("item_level"), "item_grade")


def _support(per_code: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    on_path = targets.join(per_code, on=["list", "entry_code", "version"]).filter(
        (pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + ".")
    )
    per_term = on_path.group_by("list", "entry_code", "version", "target", "term_norm").agg(
        pl.col("contrib").max(), pl.col("is_head").any()
    )
    ranked = per_term.sort("contrib", descending=True).with_columns(
        (pl.col("contrib") * DECAY ** pl.int_range(pl.len()).over("list", "target")).alias("decayed")
    )
    return (
        ranked.group_by("list", "entry_code", "version", "target")
        .agg(
            pl.col("decayed").sum().alias("evidence"),
            pl.len().alias("distinct_terms"),
            pl.col("contrib").max().alias("best_contrib"),
            pl.col("contrib").filter(pl.col("is_head")).max().fill_null(0.0).alias("head_contrib"),
            pl.col("is_head").any().alias("item_named"),
            pl.col("term_norm").sort_by("contrib", descending=True).alias("path_terms"),
        )
        .with_columns(pl.col("target").str.count_matches(r"\.").alias("depth"))
    )


def path_support(
    matches: pl.DataFrame,
    threshold_summary_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    thresholds: pl.DataFrame | None = None,
    items: pl.DataFrame | None = None,
    military: bool | None = None,
    exact_only: frozenset[str] = frozenset(),
    conditional: frozenset[str] = frozenset(),
    kind_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """One row per (list, entry): the best-scoring provision path and its evidence features.

    Args:
        matches: Term matches (classifiers.match.MATCH_COLUMNS).
        threshold_summary_fn: Called with the candidate targets; returns per (list, target) the
            counts ``thr_met``, ``thr_missed``, ``thr_unstated`` (see classifiers.thresholds).
        thresholds: The reference's threshold table (to add threshold-bearing descendants).
        items: The reference's item-naming terms (itemlists.derive.item_names.item_levels).
        military: Whether the document has a military-use context (None: not judged).
        exact_only: Codes of chemical provisions (CAS numbers); an exact name match on one adds
            CHEMICAL_BONUS.
        conditional: Codes whose conditions live in another provision ("specified by ...") or
            in their sub-items: never unconditional (itemlists.derive.conditions.conditional_codes).
        kind_fn: Called with the candidate targets; returns per (list, target) the counts
            ``kind_unstated`` and ``other_branch`` and a ``kind_detail`` text, and may add
            ``purpose_unstated`` with a ``purpose_detail`` text (itemlists.derive.purposes)
            (itemlists.derive.qualifiers.kind_support).
    """
    m = dedupe_nested(matches)
    per_code = m.group_by("list", "entry_code", "version", "code", "term_norm").agg(
        pl.col("contrib").max(),
        pl.col("kind").is_in(["head", "alias", "included"]).any().alias("is_head"),
        pl.col("similarity").max(),
    )
    thresholds = thresholds if thresholds is not None else pl.DataFrame(schema={"code": pl.String})
    targets = _targets(per_code, thresholds)
    support = _support(per_code, targets)
    if items is not None and support.height:
        named = _deepest_item_named(per_code, targets, items)
        support = support.join(named, on=["list", "target"], how="left")
    else:
        support = support.with_columns(
            pl.lit(None, pl.String).alias("item_level"), pl.lit(None, pl.Float64).alias("item_grade")
        )
    fallback = pl.col("item_named").cast(pl.Float64)
    support = support.with_columns(pl.coalesce("item_grade", fallback).alias("item_grade")).with_columns(
        (pl.col("item_grade") >= 1.0).alias("item_named")
    )
    counts = ["thr_met", "thr_missed", "thr_unstated", "thr_missed_above", "thr_own_unstated", "thr_own_compared"]
    if threshold_summary_fn is not None and support.height:
        summary = threshold_summary_fn(support.select("list", "entry_code", "target"))
        support = support.join(summary, on=["list", "target"], how="left")
    if kind_fn is not None and support.height:
        support = support.join(kind_fn(support.select("list", "target")), on=["list", "target"], how="left")
    for c in [*counts, "kind_unstated", "other_branch", "purpose_unstated"]:
        support = support.with_columns(pl.col(c).fill_null(0) if c in support.columns else pl.lit(0).alias(c))
    for c in ("kind_detail", "purpose_detail"):
        if c not in support.columns:
            support = support.with_columns(pl.lit(None, pl.String).alias(c))
    z = (
        BIAS
        + EVIDENCE_SLOPE * pl.col("evidence")
        - NO_ITEM_PENALTY * (1.0 - pl.col("item_grade"))
        + THRESHOLD_MET_BONUS * pl.min_horizontal(pl.col("thr_met"), pl.lit(2))
        - THRESHOLD_MISSED_PENALTY * (pl.col("thr_missed") > 0).cast(pl.Float64)
        - ANCESTOR_MISSED_PENALTY * (pl.col("thr_missed_above") > 0).cast(pl.Float64)
        + pl.col("military_adjust")
        + CHEMICAL_BONUS * pl.col("chemical_named").cast(pl.Float64)
        + UNCONDITIONAL_ITEM_BONUS * pl.col("unconditional_item").cast(pl.Float64)
        - KIND_UNSTATED_PENALTY * pl.min_horizontal(pl.col("kind_unstated"), pl.lit(2))
        - OTHER_BRANCH_PENALTY * (pl.col("other_branch") > 0).cast(pl.Float64)
        - UNVERIFIED_PENALTY * pl.col("unverified").cast(pl.Float64)
        - OWN_UNVERIFIED_PENALTY * pl.col("own_unverified").cast(pl.Float64)
        - PURPOSE_UNSTATED_PENALTY * pl.min_horizontal(pl.col("purpose_unstated"), pl.lit(2))
    )
    adjust = 0.0 if military is None else (MILITARY_BONUS if military else -NO_MILITARY_PENALTY)
    support = support.with_columns(
        pl.when(pl.col("list") == "I").then(pl.lit(adjust)).otherwise(pl.lit(0.0)).alias("military_adjust")
    )
    support = support.with_columns(
        (pl.col("target").is_in(sorted(exact_only)) & (pl.col("item_grade") >= 1.0)).alias("chemical_named")
    )
    no_conditions = (pl.col("thr_met") + pl.col("thr_missed") + pl.col("thr_unstated")) == 0
    support = support.with_columns(
        (
            no_conditions
            & (pl.col("item_grade") >= 1.0)
            & ((pl.col("head_contrib") >= 0.6) | (pl.col("military_adjust") > 0))
            & ~pl.col("target").is_in(sorted(conditional))
        ).alias("unconditional_item")
    )
    support = support.with_columns(
        (
            (pl.col("thr_met") + pl.col("thr_missed") == 0)
            & ((pl.col("thr_unstated") > 0) | pl.col("target").is_in(sorted(conditional)))
            & ~pl.col("chemical_named")
        ).alias("unverified")
    )
    support = support.with_columns(
        (
            ~pl.col("unverified")
            & (pl.col("thr_own_unstated") > 0)
            & (pl.col("thr_own_compared") == 0)
            & (pl.col("thr_missed") == 0)
        ).alias("own_unverified")
    )
    scored = support.with_columns((1.0 / (1.0 + (-z).exp())).alias("score"))
    best = scored.sort(["score", "depth", "target"], descending=[True, True, False]).unique(
        subset=["list", "entry_code"], keep="first", maintain_order=True
    )
    return best.rename({"target": "code"}).sort("score", descending=True)


def negated_terms(matches: pl.DataFrame) -> pl.DataFrame:
    """Per (list, entry): how many distinct terms were matched only in negated context."""
    neg = matches.filter(pl.col("negated")).select("list", "entry_code", "term_norm").unique()
    pos = matches.filter(~pl.col("negated")).select("list", "entry_code", "term_norm").unique()
    return (
        neg.join(pos, on=["list", "entry_code", "term_norm"], how="anti")
        .group_by("list", "entry_code")
        .agg(pl.len().alias("negated_terms"))
    )
