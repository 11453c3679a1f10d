"""Checking exclusion rows (itemlists.derive.exclusions) against a document's words and numbers.

Kept apart from the note parser: this side runs per document at screening time, the parser
once per list version.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": lambda a, b: abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0),
}


def exclusion_applies(
    row: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    doc_norm_words: set[str],
    quantities: list[tuple[float, str]],
    recurring_words: set[str] | None = None,
) -> bool:
    """Whether a document's wording and numbers put its item under an exclusion.

    Semantics:
    * Named: all ``item_norm`` words are in the document (when there is an item) and all
      ``purpose_norm`` words are (when there is a purpose). Both must hold when both are
      given: "integrated circuits designed for civil automobiles" needs the ICs and the
      automobiles, or every IC paper would be excluded. An exclusion with neither never
      applies: nothing in the text can show it.
    * Numbers: every numeric condition of the exclusion is met by some document quantity
      with the same unit (values in base units, as ``parse_thresholds`` gives them).

    Args:
        row: One row of ``exclusions_frame`` (as a dict), or all rows of one exclusion_id:
            a single row carries only its own condition.
        doc_norm_words: Words of the document's normalised text (``normalise(...).split()``).
        quantities: (value, unit) pairs found in the document, in base units.
        recurring_words: Words the document is about (used in two sentences or more, or in the
            finding's evidence sentences). An exclusion of an item alone (no purpose, no numbers:
            "does not control vaccines") applies only when the excluded item's head noun is one
            of them: a virus paper that mentions "H5 vaccine strains" once, aside, is not about
            vaccines.
    """
    rows = [row] if isinstance(row, Mapping) else list(row)
    if not rows:
        return False
    first = rows[0]
    item, purpose = first.get("item_norm") or "", first.get("purpose_norm") or ""
    if not (item or purpose) or not set(f"{item} {purpose}".split()) <= doc_norm_words:
        return False
    item_only = bool(item) and not purpose and not any(r.get("comparator") for r in rows)
    if item_only and recurring_words is not None and item.split()[-1] not in recurring_words:
        return False
    return all(_met(r, quantities) for r in rows if r.get("comparator"))


def _met(condition: Mapping[str, Any], quantities: list[tuple[float, str]]) -> bool:
    compare = _COMPARE[condition["comparator"]]
    return any(unit == condition["unit"] and compare(value, condition["value"]) for value, unit in quantities)


def exclusions_for(exclusions: pl.DataFrame, code: str) -> pl.DataFrame:
    """Rows whose code is ``code`` or one of its ancestors ("6A005" applies to 6A005.a.2)."""
    prefixes = [code[:i] for i in range(len(code), 0, -1) if i == len(code) or code[i] == "."]
    return exclusions.filter(pl.col("code").is_in(prefixes))


def applying_exclusions(
    exclusions: pl.DataFrame,
    code: str,
    doc_norm_words: set[str],
    quantities: list[tuple[float, str]],
    recurring_words: set[str] | None = None,
) -> pl.DataFrame:
    """Rows of the exclusions of ``code`` (or its ancestors) that apply to a document."""
    relevant = exclusions_for(exclusions, code)
    keep = [
        key[0]
        for key, group in relevant.group_by("exclusion_id", maintain_order=True)
        if exclusion_applies(group.to_dicts(), doc_norm_words, quantities, recurring_words)
    ]
    return relevant.filter(pl.col("exclusion_id").is_in(keep))


def exclusion_counts(exclusions: pl.DataFrame) -> dict[str, int]:
    """Exclusions, notes, and how many have a numeric condition or an item phrase."""
    per = exclusions.group_by("exclusion_id").agg(
        pl.col("comparator").is_not_null().any().alias("numeric"),
        (pl.col("item_norm").first() != "").alias("item"),
        (pl.col("purpose_norm").first() != "").alias("purpose"),
        pl.col("source").first(),
        pl.col("text").first(),
    )
    return {
        "exclusions": per.height,
        "notes": per.filter(pl.col("source") == "note")["text"].n_unique(),
        "with_numeric_condition": int(per["numeric"].sum()),
        "with_item": int(per["item"].sum()),
        "with_purpose": int(per["purpose"].sum()),
        "from_text": int((per["source"] == "text").sum()),
    }
