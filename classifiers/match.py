"""Bulk matching of a document's candidate terms against the term index.

Each distinct candidate/term pair is decided once (:func:`classifiers.pairs.candidate_term_pairs`:
exact, derivational, variant, spacing and fuzzy matches); the pairs are then spread over the
candidates' occurrences. The result has one row per (candidate occurrence, provision term) with
similarity in [0, 1], kept as integer ids (:class:`Matches`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import polars as pl

from classifiers.pairs import candidate_term_pairs
from classifiers.settings import ScreeningSettings
from itemlists.types import Reference

MATCH_COLUMNS = [
    "sentence",
    "page",
    "start",
    "end",
    "text",
    "norm",
    "negated",
    "term",
    "term_norm",
    "code",
    "entry_code",
    "list",
    "version",
    "kind",
    "weight",
    "similarity",
    "term_order",
]


@dataclass(frozen=True)
class Matches:
    """A document's match rows, one per (candidate occurrence, provision term), as two integer ids each.

    ``rows`` holds ``occurrence``, a row of ``occurrences`` (the candidates' columns of
    MATCH_COLUMNS), and ``pair``, a row of ``pairs`` (each distinct candidate/provision-term
    pair: the term's columns, ``similarity`` and ``contrib``, weight x similarity). A long
    document has a million rows: with their nine strings (16 bytes each in Polars) they took
    about 180 MiB, as ids 8 MiB; a column is gathered for the rows only where it is read.
    """

    rows: pl.DataFrame
    occurrences: pl.DataFrame
    pairs: pl.DataFrame

    @property
    def height(self) -> int:
        """The number of match rows."""
        return self.rows.height

    def column(self, name: str) -> pl.Series:
        """One column of the match rows, by name (MATCH_COLUMNS or ``contrib``)."""
        if name in self.occurrences.columns:
            return self.occurrences[name].gather(self.rows["occurrence"])
        return self.pairs[name].gather(self.rows["pair"])

    def frame(self, columns: Iterable[str] = MATCH_COLUMNS) -> pl.DataFrame:
        """The match rows with these columns, in the rows' order."""
        return pl.DataFrame([self.column(name) for name in columns])

    def take(self, rows: pl.DataFrame) -> Matches:
        """The same matches restricted to (or reordered as) ``rows``, a selection of ``self.rows``."""
        return replace(self, rows=rows.select("occurrence", "pair"))


def match_candidates(
    candidates: pl.DataFrame, keys: pl.DataFrame, reference: Reference, settings: ScreeningSettings
) -> Matches:
    """Match candidate terms to index terms.

    Args:
        candidates: CANDIDATE_SCHEMA frame of one document.
        keys: The derivational keys and variant forms of its norms (``Analysis.norm_keys``).
        reference: The loaded item lists.
        settings: Uses ``fuzzy_min_similarity``.

    Returns:
        The matches: one row per candidate occurrence and matching provision term (MATCH_COLUMNS
        through :meth:`Matches.frame`).
    """
    norms = candidates.select(pl.col("norm").unique())
    # term_order (the term's row in the index) breaks ties between spellings of one term
    # ("isotope" / "isotopes"), so the same text always shows the same list wording.
    terms = reference.terms.rename({"norm": "term_norm"}).with_row_index("term_order")
    # Each distinct candidate/provision-term pair is decided first; only then are the pairs
    # spread over the candidate's occurrences (a long document has a million such rows).
    pair_terms = candidate_term_pairs(norms, keys, reference, settings).join(terms, on="term_norm")
    # Chemical names (provisions with CAS numbers) match exactly and in full, or not at all:
    # "trimethyl" or "TMP" does not name trimethyl phosphite (TMP is also trimethyl phosphate).
    chemical = pl.col("code").is_in(sorted(reference.exact_only))
    full_names = reference.items.select("code", pl.col("norm").alias("term_norm"), pl.lit(True).alias("full_name"))
    pair_terms = pair_terms.join(full_names, on=["code", "term_norm"], how="left")
    keep = ~chemical | ((pl.col("similarity") >= 1.0) & pl.col("full_name").fill_null(False))
    pairs = (
        pair_terms.filter(keep)
        .drop("full_name")
        .sort("term_order")
        .with_columns((pl.col("weight") * pl.col("similarity")).alias("contrib"))
    )
    occurrences = candidates.select(c for c in MATCH_COLUMNS if c in candidates.columns)
    # In the candidates' order, each candidate's terms in index order: the order the rows come
    # in decides between equally good evidence (classifiers.findings), so it is always the same.
    rows = (
        occurrences.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("occurrence"), "norm")
        .join(
            pairs.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("pair"), "norm"),
            on="norm",
            maintain_order="left_right",
        )
        .select("occurrence", "pair")
    )
    return Matches(rows, occurrences, pairs.select(c for c in [*MATCH_COLUMNS, "contrib"] if c in pairs.columns))
