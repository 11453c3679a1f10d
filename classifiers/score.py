"""From term matches to scored provisions: the evidence along one provision path.

An entry such as 3A001 has hundreds of sub-provisions; ordinary words scattered over unrelated
branches say nothing. So evidence is counted along a single path: a provision is credited
with the distinct terms matched on it or on its ancestors (a child inherits its parent's item
terms), and each entry is represented by its best-supported provision.

This module gathers each path's evidence and checks into one row (distinct terms, the
deepest item named, thresholds compared, kinds and purposes stated); the scoring features of
classifiers.documents (``FEATURES``) turn that row into a score. Candidate provisions are the
matched ones plus their descendants that carry numeric conditions (a paper on a laser is
compared with every laser sub-item's thresholds; see classifiers.thresholds). Negated mentions
("we do not use a laser") contribute nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from classifiers.documents import PathContext, add_features
from classifiers.documents.item_named import NAMING_SIMILARITY
from classifiers.documents.term_evidence import DECAY
from classifiers.match import Matches


def _provision_ids(pairs: pl.DataFrame) -> pl.DataFrame:
    """Each pair's ``list`` and ``code`` with ``provision``, an integer id of the two: equal ids, equal provisions."""
    return pairs.select("list", "code", pl.concat_str("list", "code", separator="\n").rank("dense").alias("provision"))


def dedupe_nested(matches: Matches) -> Matches:
    """Drop negated rows; keep the strongest of overlapping n-grams per provision and sentence.

    Overlapping means sharing an end or a start offset; ``contrib = weight * similarity``. The
    kept rows come in the order of their rank. The ranking reads integer columns only: each
    string key (the term, its kind, the provision) is replaced by its rank among the distinct
    pairs' values, which orders and groups the rows as the strings do (a long document has a
    million match rows).
    """
    # A total order (ties broken by the term, the span and the term's row in the index), so
    # the same document always keeps the same rows: screening must be reproducible for the
    # audit trail. The last key matters where one norm has several spellings in the lists
    # ("flight control systems" / "Flight control systems"): the join returns them in no
    # fixed order.
    pairs = matches.pairs.select(
        "contrib",
        "term_order",
        *(pl.col(c).rank("dense").alias(c) for c in ("term_norm", "kind")),
        _provision_ids(matches.pairs)["provision"],
    )
    occurrences = matches.occurrences.select("sentence", "start", "end", "negated")
    rows = matches.rows
    ranked = pl.concat(
        [
            rows.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row")),
            occurrences[rows["occurrence"]],
            pairs[rows["pair"]],
        ],
        how="horizontal",
    ).filter(~pl.col("negated"))
    ranked = ranked.sort(
        ["contrib", "term_norm", "kind", "start", "end", "term_order"],
        descending=[True, False, False, False, False, False],
    )
    kept = (
        ranked.lazy()
        .unique(subset=["provision", "sentence", "end"], keep="first", maintain_order=True)
        .unique(subset=["provision", "sentence", "start"], keep="first", maintain_order=True)
        .collect()
    )
    return matches.take(matches.rows[kept["_row"]])


#: About this many match rows are ranked at once (:func:`_kept`).
ROWS_AT_ONCE = 250_000


def _kept(matches: Matches) -> Matches:
    """The rows :func:`dedupe_nested` keeps, ranked a group of whole provisions at a time, in no fixed order.

    Rows of different provisions never overlap, so a group keeps what the whole would; the
    memory follows one group's rows (the ranking took about 150 MiB at once for the million
    rows of the 253-page List II PDF). Only the set of kept rows is read (:func:`path_rows`).
    """
    ids = _provision_ids(matches.pairs)["provision"]
    rows = matches.rows.with_columns(ids.gather(matches.rows["pair"]).alias("provision"))
    sizes = (
        rows.group_by("provision")
        .len()
        .sort("provision")
        .with_columns((pl.col("len").cum_sum() // ROWS_AT_ONCE).alias("group"))
    )
    grouped = rows.join(sizes.select("provision", "group"), on="provision", how="left")
    groups = [matches.take(group) for group in grouped.partition_by("group")] or [matches]
    return matches.take(pl.concat([dedupe_nested(group).rows for group in groups]))


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


def _path_codes(targets: pl.DataFrame) -> pl.DataFrame:
    """``targets`` with one row per code on each target's path (itself and its ancestors) in ``code``.

    Joining these codes to what was matched on them never forms the cross product of an
    entry's targets and matches (a 253-page list PDF matches every entry hundreds of times).
    """
    parts = pl.col("target").str.split(".")
    return (
        targets.with_columns(pl.int_ranges(1, parts.list.len() + 1).alias("_depth"))
        .explode("_depth")
        .with_columns(parts.list.slice(0, pl.col("_depth")).list.join(".").alias("code"))
        .drop("_depth")
    )


def _support(per_code: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    on_path = _path_codes(targets).join(per_code, on=["list", "entry_code", "version", "code"])
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
    matches: Matches,
    threshold_summary_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    thresholds: pl.DataFrame | None = None,
    items: pl.DataFrame | None = None,
    context: PathContext | None = None,
    kind_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    rescore: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """One row per (list, entry): the best-scoring provision path, its evidence and features.

    Args:
        matches: Term matches (classifiers.match.match_candidates).
        threshold_summary_fn: Called with the candidate targets; returns per (list, target) the
            counts ``thr_met``, ``thr_missed``, ``thr_unstated`` (see classifiers.thresholds).
        thresholds: The reference's threshold table (to add threshold-bearing descendants).
        items: The reference's item-naming terms (itemlists.derive.item_names.item_levels).
        context: Document- and list-wide facts the features read (classifiers.documents).
        kind_fn: Called with the candidate targets; returns per (list, target) the counts
            ``kind_unstated`` and ``other_branch`` and a ``kind_detail`` text, and may add
            ``purpose_unstated`` with a ``purpose_detail`` text (classifiers.documents.kinds,
            classifiers.documents.purposes).
        rescore: Called with every scored path (hand-set ``score``, ``hand_rank``); returns them
            with a new ``score`` (the fitted scorer, classifiers.model), by which each entry's
            best path is then chosen.
    """
    context = context or PathContext()
    rows = path_rows(matches, threshold_summary_fn, thresholds, items, kind_fn, context.zones)
    return best_paths(rows, context, rescore)


def path_rows(
    matches: Matches,
    threshold_summary_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    thresholds: pl.DataFrame | None = None,
    items: pl.DataFrame | None = None,
    kind_fn: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    zones: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Every candidate path with its evidence and checks, before the features are scored.

    The part of :func:`path_support` that reads the matches (arguments as there; ``zones``
    is ``PathContext.zones``). It does not depend on the rest of the context, so a document
    scored twice (classifiers.screening.score_paths) computes it once. The matches are
    ranked once (:func:`_kept`) for both the evidence and the placement.
    """
    kept = _kept(matches)
    per_code = _per_code(kept)
    thresholds = thresholds if thresholds is not None else pl.DataFrame(schema={"code": pl.String})
    targets = _targets(per_code, thresholds)
    support = _with_item_grade(_support(per_code, targets), per_code, targets, items)
    if threshold_summary_fn is not None and support.height:
        summary = threshold_summary_fn(support.select("list", "entry_code", "target"))
        support = support.join(summary, on=["list", "target"], how="left")
    if kind_fn is not None and support.height:
        kinds = kind_fn(support.select("list", "target", "item_level", "item_grade").unique(["list", "target"]))
        support = support.join(kinds, on=["list", "target"], how="left")
    support = _with_negated_terms(_fill_checks(support), matches)
    return _with_placement(support, kept, targets, zones)


def best_paths(
    rows: pl.DataFrame, context: PathContext, rescore: Callable[[pl.DataFrame], pl.DataFrame] | None = None
) -> pl.DataFrame:
    """Score :func:`path_rows` with the context's features; keep each entry's best path (:func:`path_support`)."""
    scored = _with_entry_rank(add_features(rows, context))
    if rescore is not None and scored.height:
        scored = rescore(scored)
    order = ["eligible", "score", "depth", "target"] if "eligible" in scored.columns else ["score", "depth", "target"]
    best = scored.sort(order, descending=[True] * (len(order) - 1) + [False]).unique(
        subset=["list", "entry_code"], keep="first", maintain_order=True
    )
    return best.rename({"target": "code"}).sort("score", descending=True)


def _with_entry_rank(scored: pl.DataFrame) -> pl.DataFrame:
    """Add ``hand_rank``: the place of the path's entry in the document by its best hand-set score (1: first)."""
    if scored.height == 0:
        return scored.with_columns(pl.lit(None, pl.UInt32).alias("hand_rank"))
    entries = (
        scored.group_by("list", "entry_code")
        .agg(pl.col("score").max().alias("entry_score"))
        .sort(["entry_score", "list", "entry_code"], descending=[True, False, False])
        .with_columns((pl.int_range(pl.len()) + 1).cast(pl.UInt32).alias("hand_rank"))
    )
    return scored.join(entries.select("list", "entry_code", "hand_rank"), on=["list", "entry_code"], how="left")


def _per_code(kept: Matches) -> pl.DataFrame:
    """Per (provision, term): the strongest non-negated match and whether it names an item (``kept``: :func:`_kept`).

    What is aggregated belongs to the pairs, so each kept pair is read once, not each kept row.
    """
    return (
        kept.pairs[kept.rows["pair"].unique()]
        .group_by("list", "entry_code", "version", "code", "term_norm")
        .agg(
            pl.col("contrib").max(),
            pl.col("kind").is_in(["head", "alias", "included"]).any().alias("is_head"),
            pl.col("similarity").max(),
        )
    )


def _with_item_grade(
    support: pl.DataFrame, per_code: pl.DataFrame, targets: pl.DataFrame, items: pl.DataFrame | None
) -> pl.DataFrame:
    """Add ``item_level`` and ``item_grade`` (1, 0.5 or 0), and make ``item_named`` mean grade 1."""
    if items is not None and support.height:
        support = support.join(_deepest_item_named(per_code, targets, items), on=["list", "target"], how="left")
    else:
        support = support.with_columns(
            pl.lit(None, pl.String).alias("item_level"), pl.lit(None, pl.Float64).alias("item_grade")
        )
    fallback = pl.col("item_named").cast(pl.Float64)
    return support.with_columns(pl.coalesce("item_grade", fallback).alias("item_grade")).with_columns(
        (pl.col("item_grade") >= 1.0).alias("item_named")
    )


#: The check counts a path row always has (0 when the check did not run or found nothing).
CHECK_COUNTS = (
    "thr_met",
    "thr_missed",
    "thr_unstated",
    "thr_missed_above",
    "thr_own_unstated",
    "thr_own_compared",
    "kind_unstated",
    "other_branch",
    "purpose_unstated",
)


def _fill_checks(support: pl.DataFrame) -> pl.DataFrame:
    for c in CHECK_COUNTS:
        support = support.with_columns(pl.col(c).fill_null(0) if c in support.columns else pl.lit(0).alias(c))
    for c in ("kind_detail", "purpose_detail"):
        if c not in support.columns:
            support = support.with_columns(pl.lit(None, pl.String).alias(c))
    return support


#: Zones of a document that say what it is about (extractors.analysis.zones).
PROMINENT_ZONES = ("lead", "heading")
#: Zones whose words say little about the document: cited titles, licence text, contents lines.
ASIDE_ZONES = ("references", "boilerplate", "contents")
#: The placement columns every path row has (see :func:`_with_placement`).
PLACEMENT_COLUMNS = (
    "mention_sentences",
    "item_sentences",
    "prominent_sentences",
    "prominent_item_sentences",
    "aside_sentences",
    "doc_sentences",
)


def _with_placement(
    support: pl.DataFrame, kept: Matches, targets: pl.DataFrame, zones: tuple[str, ...]
) -> pl.DataFrame:
    """Add where on the document each path's evidence stands (issue 14, document-level judgement).

    Per path: the distinct sentences with any of its terms (``mention_sentences``), with a
    term naming an item (``item_sentences``), how many of those are in the lead or headings
    (``prominent_sentences``, ``prominent_item_sentences``) or in references, licence text and
    contents (``aside_sentences``), and the document's sentence count (``doc_sentences``).
    Without zones every sentence counts as body. ``kept`` is :func:`_kept` of the matches.
    """
    doc_sentences = max(len(zones), 1)
    if support.height == 0:
        return support.with_columns(*(pl.lit(0, pl.Int64).alias(c) for c in PLACEMENT_COLUMNS))
    # Each path and each matched provision by an integer id: the join of paths to the
    # sentences matched on their codes has a row per (path, sentence), a million on the
    # 253-page List II PDF, and carries no strings.
    paths = targets.select("list", "target").unique().with_row_index("path")
    provisions = _provision_ids(kept.pairs).unique()
    links = _path_codes(paths).join(provisions, on=["list", "code"]).select("path", "provision")
    rows = links.join(_mentions(kept, zones), on="provision")
    placed = paths.join(
        rows.group_by("path").agg(
            pl.col("sentence").n_unique().alias("mention_sentences"),
            pl.col("sentence").filter("is_item").n_unique().alias("item_sentences"),
            pl.col("sentence").filter("prominent").n_unique().alias("prominent_sentences"),
            pl.col("sentence").filter(pl.col("prominent") & pl.col("is_item")).n_unique().alias(
                "prominent_item_sentences"
            ),
            pl.col("sentence").filter("aside").n_unique().alias("aside_sentences"),
        ),
        on="path",
    ).drop("path")
    return (
        support.join(placed, on=["list", "target"], how="left")
        .with_columns(*(pl.col(c).fill_null(0).cast(pl.Int64) for c in PLACEMENT_COLUMNS[:-1]))
        .with_columns(pl.lit(doc_sentences, pl.Int64).alias("doc_sentences"))
    )


def _mentions(kept: Matches, zones: tuple[str, ...]) -> pl.DataFrame:
    """Per (provision id, sentence) matched: whether a term naming an item matched there (``is_item``).

    And whether the sentence stands in a prominent zone or an aside (:data:`PROMINENT_ZONES`, :data:`ASIDE_ZONES`).
    """
    is_item = pl.col("kind").is_in(["head", "alias", "included"]).alias("is_item")
    per_pair = pl.concat([_provision_ids(kept.pairs).select("provision"), kept.pairs.select(is_item)], how="horizontal")
    zone_frame = pl.DataFrame(
        {"sentence": list(range(len(zones))), "zone": list(zones)},
        schema={"sentence": kept.occurrences.schema["sentence"], "zone": pl.String},
    )
    zone = pl.col("zone").fill_null("body")
    return (
        pl.concat([kept.column("sentence").to_frame(), per_pair[kept.rows["pair"]]], how="horizontal")
        .lazy()
        .group_by("provision", "sentence")
        .agg(pl.col("is_item").any())
        .join(zone_frame.lazy(), on="sentence", how="left")
        .select(
            "provision", "sentence", "is_item",
            zone.is_in(PROMINENT_ZONES).alias("prominent"), zone.is_in(ASIDE_ZONES).alias("aside"),
        )
        .collect()
    )


def _with_negated_terms(support: pl.DataFrame, matches: Matches) -> pl.DataFrame:
    negated = negated_terms(matches)
    return support.join(negated, on=["list", "entry_code"], how="left").with_columns(
        pl.col("negated_terms").fill_null(0)
    )


def negated_terms(matches: Matches) -> pl.DataFrame:
    """Per (list, entry): how many distinct terms were matched only in negated context."""
    key = ["list", "entry_code", "term_norm"]
    # Whether a pair was matched negated, in context, or both: then the pairs' terms.
    said = pl.DataFrame([matches.rows["pair"], matches.column("negated")]).lazy().unique().collect()
    mentions = pl.concat([matches.pairs.select(key)[said["pair"]], said.select("negated")], how="horizontal")
    neg = mentions.filter(pl.col("negated")).select(key).unique()
    pos = mentions.filter(~pl.col("negated")).select(key).unique()
    return (
        neg.join(pos, on=key, how="anti")
        .group_by("list", "entry_code")
        .agg(pl.len().alias("negated_terms"))
    )
