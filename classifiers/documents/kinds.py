"""Whether the document states the kind of item each provision on a path names, or a sibling's kind.

Sibling provisions often differ only in the words before their shared head noun
(6A005.a "Non-tunable continuous wave (CW) lasers", 6A005.b "Non-tunable pulsed lasers");
itemlists.derive.qualifiers reads each provision's distinctive qualifiers at install. Here they
are compared with the document's words (``Analysis.words``; classifiers.documents.wording.same_word),
for the features ``kind_unstated`` and ``other_branch``.
"""

from __future__ import annotations

import polars as pl

from classifiers.documents.wording import KEY_CHARS, stated_words


def path_levels(targets: pl.DataFrame) -> pl.DataFrame:
    """(list, target, code) for every provision below the entry on each target's path."""
    rows: dict[str, list] = {"list": [], "target": [], "code": []}
    for list_id, target in targets.select("list", "target").unique().iter_rows():
        parts = target.split(".")
        for i in range(2, len(parts) + 1):
            rows["list"].append(list_id)
            rows["target"].append(target)
            rows["code"].append(".".join(parts[:i]))
    return pl.DataFrame(rows, schema={"list": pl.String, "target": pl.String, "code": pl.String})


#: Number words name how many, not what kind: "three" in a bird survey does not state
#: "three axis magnetic heading sensors" (7A103.d).
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve hundred thousand".split())


def _stated(qualifiers: pl.DataFrame, document_words: frozenset[str]) -> pl.DataFrame:
    """The qualifier table with, per provision, whether its kind is unstated or contradicted.

    A provision's kind is stated when the document says one of its distinctive words (those
    whose key, column ``keys``, no sibling shares), number words (:data:`NUMBER_WORDS`) aside.
    """
    q = qualifiers.with_row_index("_row")
    distinct = (
        q.select("_row", "keys", pl.col("words").alias("word"))
        .explode("word")
        .filter(pl.col("keys").list.contains(pl.col("word").str.slice(0, KEY_CHARS)))
        .filter(~pl.col("word").is_in(sorted(NUMBER_WORDS)))
    )
    said = stated_words(distinct["word"].unique().to_list(), document_words)
    rows_stated = distinct.group_by("_row").agg(
        pl.col("word").replace_strict(said, default=False, return_dtype=pl.Boolean).any().alias("present")
    )
    q = q.join(rows_stated, on="_row", how="left").with_columns(
        pl.col("present").fill_null(False),
        (pl.col("keys").list.len() > 0).alias("qualified"),
    )
    present = pl.col("present").cast(pl.Int32)
    q = q.with_columns(((present.sum().over("list", "parent") - present) > 0).alias("sibling_present"))
    unstated = pl.col("qualified") & ~pl.col("present")
    return q.with_columns(
        unstated.alias("unstated"),
        ((unstated | (pl.col("residual") & ~pl.col("present"))) & pl.col("sibling_present")).alias("contradicted"),
    )


def _implied_by_item(targets: pl.DataFrame) -> pl.DataFrame:
    """(list, target, code): path levels whose kind the named item of a deeper level states.

    The list's hierarchy is its own statement of kind: an "electronic streak camera" (6A003.a.3)
    is one of 6A003.a's "instrumentation cameras" whether or not the document says
    "instrumentation". So when the document names the item of a level (``item_grade`` 1 at
    ``item_level``, and says that level's own distinctive words, "streak"), the levels above it
    are neither unstated nor contradicted by a sibling's word ("imaging" for 6A003.b).
    A residual level ("Other lasers, not specified in 6A005.a or 6A005.b") is not implied:
    whether the item is "other" depends on its siblings' conditions, and a sibling's kind said
    in the text still contradicts it.
    """
    if "item_level" not in targets.columns:
        return pl.DataFrame(schema={"list": pl.String, "target": pl.String, "code": pl.String})
    named = targets.filter(pl.col("item_grade").fill_null(0.0) >= 1.0).select("list", "target", "item_level")
    return (
        path_levels(named.select("list", "target"))
        .join(named, on=["list", "target"])
        .filter(pl.col("item_level").str.starts_with(pl.col("code") + "."))
        .select("list", "target", "code")
    )


def _ambiguous(named: pl.DataFrame, stated: pl.DataFrame) -> pl.DataFrame:
    """(list, target, code): implied levels that the named item's words do not tell from another branch.

    "Single transverse mode" qualifies both a CW laser level (6A005.a.6.a) and a pulsed one
    (6A005.b.9.a): saying it does not tell the branches apart. An implied level is ambiguous
    when a provision of the entry outside it shares a distinctive key of the named item's level.
    """
    empty = pl.DataFrame(schema={"list": pl.String, "target": pl.String, "code": pl.String})
    if "item_level" not in named.columns or named.height == 0:
        return empty
    keyed = stated.filter(pl.col("present")).select("list", "code", "keys").explode("keys").drop_nulls("keys")
    own = named.select("list", "target", "item_level").unique().join(
        keyed.rename({"code": "item_level"}), on=["list", "item_level"]
    )
    sharing = own.join(keyed.rename({"code": "other"}), on=["list", "keys"]).filter(
        (pl.col("other") != pl.col("item_level"))
        & (pl.col("other").str.split(".").list.first() == pl.col("item_level").str.split(".").list.first())
    )
    if sharing.height == 0:
        return empty
    return (
        _implied_by_item(named)
        .join(sharing.select("list", "target", "other"), on=["list", "target"])
        .filter(~pl.col("other").str.starts_with(pl.col("code") + "."))
        .select("list", "target", "code")
        .unique()
    )


def kind_support(targets: pl.DataFrame, qualifiers: pl.DataFrame, document_words: frozenset[str]) -> pl.DataFrame:
    """Per (list, target): how many path levels' kinds the document leaves unstated or contradicts.

    ``kind_unstated``: levels with distinctive qualifiers none of which the document says.
    Levels above a named item (``item_level``/``item_grade`` columns, when ``targets`` has
    them) are left out: the item states their kind (:func:`_implied_by_item`).
    ``other_branch``: levels the document contradicts, i.e. unstated (or residual "Other ...")
    while a sibling's distinctive qualifier *is* said. ``kind_detail``: the first such
    level and its words, for the explanation.
    """
    stated = _stated(qualifiers, document_words)
    levels = path_levels(targets).join(stated, on=["list", "code"], how="inner")
    # Only an item whose own distinctive words the document says implies its parents' kinds:
    # a condition-only level ("Peak pulsed power density exceeding 2500 W/cm2") names no kind.
    own_kind_said = stated.filter(pl.col("qualified") & pl.col("present")).select(
        "list", pl.col("code").alias("item_level")
    )
    has_items = "item_level" in targets.columns
    named = targets.join(own_kind_said, on=["list", "item_level"], how="semi") if has_items else targets
    implied = _implied_by_item(named).with_columns(pl.lit(True).alias("implied"))
    ambiguous = _ambiguous(named, stated).with_columns(pl.lit(True).alias("ambiguous"))
    # An implied level is neither unstated nor contradicted, unless the item's words are
    # shared with another branch and the document says that branch's kind: then the words
    # the document chose decide ("continuous wave ... single transverse mode" is no pulsed laser).
    overruled = pl.col("ambiguous").fill_null(False) & pl.col("contradicted")
    levels = (
        levels.join(implied, on=["list", "target", "code"], how="left")
        .join(ambiguous, on=["list", "target", "code"], how="left")
        .filter(~(pl.col("implied").fill_null(False) & ~pl.col("residual") & ~overruled))
    )
    flagged = levels.filter(pl.col("unstated") | pl.col("contradicted")).sort("code")
    detail = (
        pl.when(pl.col("words").first().list.len() > 0)
        .then(pl.col("code").first() + ' "' + pl.col("words").first().list.join(" ") + '"')
        .otherwise(pl.col("code").first() + " (other items)")
    )
    return (
        levels.group_by("list", "target")
        .agg(pl.col("unstated").sum().alias("kind_unstated"), pl.col("contradicted").sum().alias("other_branch"))
        .join(flagged.group_by("list", "target").agg(detail.alias("kind_detail")), on=["list", "target"], how="left")
    )
