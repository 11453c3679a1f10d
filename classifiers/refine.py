"""Refinements of list findings that need the whole document: exclusion notes, E-technology.

- **Exclusions** (issue 4.2): a note such as "6A005.a.2. does not control argon lasers of
  50 W or less" is applied when the document names the excluded item (or purpose) and its
  numbers meet the note's conditions. The finding stays visible as a near-miss, with the
  note as its reason.
- **E-technology** (issue 4.3): when the document explains how to develop, produce or use an
  item of group A, B, C or D, the technology provision covering that item (xE001, xE002 ...,
  per their text) is reported beside it: for a publication, the technology is what is
  transferred.
"""

from __future__ import annotations

import dataclasses

import polars as pl

from classifiers.types import Feature, Finding
from extractors.types import Analysis
from itemlists.exclusion_checks import applying_exclusions
from itemlists.reference import Reference
from itemlists.technology import purpose_cues, technology_for

#: What an applying exclusion takes from a finding's score (in logit units, shown as a feature).
EXCLUSION_PENALTY = 2.0
#: E-technology findings rank just below the item they come from.
TECHNOLOGY_SCORE_FACTOR = 0.99


def _document_words(analysis: Analysis) -> set[str]:
    words = analysis.candidates.select(pl.col("norm").str.split(" ").explode().unique())
    return set(words.to_series().to_list())


def apply_exclusions(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Turn flags whose item falls under an exclusion note into near-misses, with the note."""
    if reference.exclusions.height == 0 or not any(f.level == "flag" for f in findings):
        return findings
    words = _document_words(analysis)
    quantities = [(q.si_value if q.si_value is not None else q.value, q.si_unit) for q in analysis.quantities]
    out = []
    for finding in findings:
        rows = (
            applying_exclusions(reference.exclusions, finding.code, words, quantities)
            if finding.rule == "list_match" and finding.level == "flag"
            else pl.DataFrame()
        )
        if rows.height == 0:
            out.append(finding)
            continue
        note = str(rows["text"][0])
        feature = Feature("exclusion", 1.0, -EXCLUSION_PENALTY, f"Excluded by: {note}")
        out.append(
            dataclasses.replace(
                finding,
                level="near_miss",
                features=(*finding.features, feature),
                explanation=f"{finding.explanation} Excluded by a note ({rows['code'][0]}): {note} -> near-miss.",
            )
        )
    return out


def _provision_text(reference: Reference, code: str) -> str:
    hit = reference.provisions.filter(pl.col("code") == code)
    return str(hit["text"][0]) if hit.height else ""


def add_technology(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Add the E-technology provision beside each flagged A/B/C/D item the document explains."""
    flagged = [f for f in findings if f.level == "flag" and f.rule == "list_match" and f.list in ("II", "III")]
    if not flagged or reference.technology.height == 0:
        return findings
    purposes = purpose_cues(analysis.document.text)
    if not purposes:
        return findings
    added: dict[str, Finding] = {}
    for item in flagged:
        if len(item.entry_code) < 2 or item.entry_code[1] not in "ABCD":
            continue
        for e_code in technology_for(item.code, purposes, reference.technology)[:1]:
            if e_code in added or any(f.code == e_code for f in findings):
                continue
            added[e_code] = Finding(
                code=e_code,
                entry_code=e_code.split(".")[0],
                list=item.list,
                list_version=item.list_version,
                provision_text=_provision_text(reference, e_code),
                score=round(item.score * TECHNOLOGY_SCORE_FACTOR, 3),
                level="flag",
                rule="e_technology",
                evidence=item.evidence,
                features=item.features,
                thresholds=item.thresholds,
                explanation=(
                    f"The document explains the {', '.join(sorted(purposes))} of an item of {item.code}; for a "
                    f"publication the technology is what is transferred, so {e_code} applies beside {item.code}."
                ),
            )
    return findings + list(added.values())
