"""The reference data one screening run uses: installed list versions, joined and indexed.

A ``Reference`` is built once per process and shared by every document of a run. It holds
the provisions and term index of the current version of each list, the threshold table, and
a token -> term blocking table for fuzzy matching (so a candidate is compared only with the
index terms that share a reasonably rare word with it).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

#: A word in more index terms than this is too common to block on ("laser" is fine,
#: "power" is not): candidates are still matched exactly on such words.
MAX_BLOCK_FREQUENCY = 400


@dataclass(frozen=True, slots=True)
class Reference:
    """Everything the classifiers need from the item lists.

    Attributes:
        provisions: PROVISION_SCHEMA rows of all lists used.
        terms: TERM_SCHEMA rows of all lists used.
        thresholds: Threshold rows (code, quantity, comparator, value, unit, text); may be empty.
        blocks: (token, term_norm) pairs for fuzzy-match blocking.
        versions: List id -> version label ("II" -> "2025-11-15").
        provisional: List ids whose data is a provisional stand-in (List III).
        checked: Human-readable statement of what was checked.
    """

    provisions: pl.DataFrame
    terms: pl.DataFrame
    thresholds: pl.DataFrame
    blocks: pl.DataFrame
    versions: dict[str, str]
    provisional: frozenset[str]
    checked: str


def blocking_table(terms: pl.DataFrame) -> pl.DataFrame:
    """Token -> distinct term norms containing it, leaving out very common tokens."""
    norms = terms.select(pl.col("norm").unique())
    exploded = norms.with_columns(pl.col("norm").str.split(" ").alias("token")).explode("token")
    freq = exploded.group_by("token").agg(pl.len().alias("n"))
    keep = freq.filter((pl.col("n") <= MAX_BLOCK_FREQUENCY) & (pl.col("token").str.len_chars() >= 3))
    return exploded.join(keep.select("token"), on="token").rename({"norm": "term_norm"})


def build_reference(
    provisions: pl.DataFrame,
    terms: pl.DataFrame,
    thresholds: pl.DataFrame | None,
    versions: dict[str, str],
    provisional: frozenset[str] = frozenset(),
) -> Reference:
    """Assemble a Reference from already-loaded frames (see itemlists.store for loading)."""
    counts = provisions.group_by("list").agg(pl.len().alias("n")).sort("list")
    parts = []
    for list_id, n in counts.iter_rows():
        note = " (provisional)" if list_id in provisional else ""
        parts.append(f"List {list_id}@{versions.get(list_id, '?')}{note}: {n} provisions")
    empty = pl.DataFrame(
        schema={
            "code": pl.String,
            "quantity": pl.String,
            "comparator": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "text": pl.String,
        }
    )
    return Reference(
        provisions=provisions,
        terms=terms,
        thresholds=thresholds if thresholds is not None else empty,
        blocks=blocking_table(terms),
        versions=dict(versions),
        provisional=provisional,
        checked="; ".join(parts),
    )
