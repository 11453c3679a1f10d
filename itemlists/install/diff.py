"""Differences between two versions of a list, by provision and by entry.

Texts are compared on a normalised key (lower case, letters and digits only), so a changed
quote mark or line break is not a change; a changed number or word is.
"""

from __future__ import annotations

import polars as pl

#: Columns of a diff frame.
DIFF_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "code": pl.String,
    "entry_code": pl.String,
    "change": pl.String,  # "added" | "removed" | "changed"
    "old_text": pl.String,
    "new_text": pl.String,
}


def _key(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


def diff(old: pl.DataFrame, new: pl.DataFrame, level: str = "provision") -> pl.DataFrame:
    """Compare two provisions frames.

    Args:
        old: Provisions of the older version.
        new: Provisions of the newer version.
        level: "provision" (one row per dotted code) or "entry" (one row per entry code; an
            entry is "changed" when any of its provisions was added, removed or changed, and
            its texts are the entry heads).

    Returns:
        A ``DIFF_SCHEMA`` frame sorted by code, without unchanged rows.
    """
    if level == "entry":
        return _entry_diff(old, new)
    if level != "provision":
        raise ValueError(f"level must be 'provision' or 'entry', not {level!r}")
    left = old.select("code", "entry_code", pl.col("text").alias("old_text")).unique("code", keep="first")
    right = new.select("code", pl.col("entry_code").alias("entry_new"), pl.col("text").alias("new_text"))
    joined = left.join(right.unique("code", keep="first"), on="code", how="full", coalesce=True)
    change = (
        pl.when(pl.col("old_text").is_null() & pl.col("entry_code").is_null())
        .then(pl.lit("added"))
        .when(pl.col("entry_new").is_null())
        .then(pl.lit("removed"))
        .when(_key("old_text") != _key("new_text"))
        .then(pl.lit("changed"))
        .otherwise(None)
    )
    return (
        joined.with_columns(change.alias("change"), pl.coalesce("entry_code", "entry_new").alias("entry_code"))
        .filter(pl.col("change").is_not_null())
        .select(list(DIFF_SCHEMA))
        .cast(pl.Schema(DIFF_SCHEMA))
        .sort("code")
    )


def _entry_diff(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    heads_old = old.filter(pl.col("depth") == 0).select("entry_code", pl.col("text").alias("old_text"))
    heads_new = new.filter(pl.col("depth") == 0).select("entry_code", pl.col("text").alias("new_text"))
    touched = diff(old, new).select("entry_code").unique()
    joined = heads_old.join(heads_new, on="entry_code", how="full", coalesce=True)
    change = (
        pl.when(pl.col("old_text").is_null())
        .then(pl.lit("added"))
        .when(pl.col("new_text").is_null())
        .then(pl.lit("removed"))
        .when(pl.col("entry_code").is_in(touched["entry_code"].implode()))
        .then(pl.lit("changed"))
        .otherwise(None)
    )
    return (
        joined.with_columns(change.alias("change"), pl.col("entry_code").alias("code"))
        .filter(pl.col("change").is_not_null())
        .select(list(DIFF_SCHEMA))
        .cast(pl.Schema(DIFF_SCHEMA))
        .sort("code")
    )


def summary(provision_diff: pl.DataFrame) -> dict[str, int]:
    """Counts per change kind ("added": 12, ...)."""
    counts = provision_diff.group_by("change").len()
    return {str(k): int(v) for k, v in counts.iter_rows()}
