"""Exclusion notes applied to a document's flags (issue 4.2).

A note such as "6A005.a.2. does not control argon lasers of 50 W or less" is applied when the
document names the excluded item (or purpose) and its numbers meet the note's conditions. The
finding stays visible as a near-miss, with the note as its reason (the feature ``exclusion``).
The notes are parsed once per list version (itemlists.derive.exclusions); this side runs per
document at screening time.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from classifiers.documents.military import military_cues
from classifiers.types import Feature, Finding
from extractors.types import Analysis
from itemlists.types import Reference

#: What an applying exclusion takes from a finding's score (in logit units, shown as a feature).
EXCLUSION_PENALTY = 2.0

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


def document_words(analysis: Analysis) -> set[str]:
    """Words of the document's candidate terms (implied words too), and "civil" when nothing in it is military.

    Notes release civil kinds of items ("6A008 does not control ... Civil Automotive Radar");
    papers rarely write "civil" but say what the item is for. "Civil" means not military, so
    a document without any military-use cue states it: "automotive radar" is then enough.
    Implied words count (``Analysis.term_words``): a tunnel "for teaching" is for
    "educational" purposes.
    """
    civil = set() if military_cues(analysis) else {"civil"}
    return set(analysis.term_words) | civil


def _topic_words(analysis: Analysis, finding: Finding) -> set[str]:
    """Words the document is about: in two sentences or more, or in the finding's evidence sentences."""
    per_sentence = (
        analysis.candidates.select("sentence", pl.col("norm").str.split(" ").alias("word")).explode("word").unique()
    )
    counts = per_sentence.group_by("word").agg(pl.col("sentence").n_unique().alias("n"))
    evidence = sorted({e.sentence for e in finding.evidence if e.sentence is not None})
    local = per_sentence.filter(pl.col("sentence").is_in(evidence))["word"].to_list()
    return set(counts.filter(pl.col("n") >= 2)["word"].to_list()) | set(local)


def _excluded(finding: Finding, rows: pl.DataFrame) -> Finding:
    note = str(rows["text"][0])
    feature = Feature("exclusion", 1.0, -EXCLUSION_PENALTY, f"Excluded by: {note}")
    return dataclasses.replace(
        finding,
        level="near_miss",
        features=(*finding.features, feature),
        explanation=f"{finding.explanation} Excluded by a note ({rows['code'][0]}): {note} -> near-miss.",
    )


def apply_exclusions(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Turn flags whose item falls under an exclusion note into near-misses, with the note."""
    if reference.exclusions.height == 0 or not any(f.level == "flag" for f in findings):
        return findings
    words = document_words(analysis)
    quantities = [(q.si_value if q.si_value is not None else q.value, q.si_unit) for q in analysis.quantities]
    out = []
    for finding in findings:
        if finding.rule != "list_match" or finding.level != "flag":
            out.append(finding)
            continue
        topic = _topic_words(analysis, finding)
        rows = applying_exclusions(reference.exclusions, finding.code, words, quantities, topic)
        out.append(_excluded(finding, rows) if rows.height else finding)
    return out
