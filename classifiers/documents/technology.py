"""E-technology beside an explained item (issue 4.3).

When the document explains how to develop, produce or use an item of group A, B, C or D
(``Analysis.technology_purposes``), the technology provision covering that item (xE001,
xE002 ..., per their text, read at install by itemlists.derive.technology) is reported
beside it, in the item's finding: for a publication, the technology is what is transferred.
"""

from __future__ import annotations

import dataclasses

import polars as pl

from classifiers.types import Feature, Finding
from extractors.types import PURPOSES, Analysis
from itemlists.types import Reference


def technology_for(code: str, purposes: set[str] | frozenset[str], links: pl.DataFrame) -> list[str]:
    """E provisions covering an item code for any of the given purposes, most specific first.

    Example: ``technology_for("6A005.b.6.a.2", {"production"}, links)`` -> ``["6E002"]``;
    with {"use"} -> ``["6E201"]`` (6E201 names 6A005.b.6. itself, so it ranks first).

    Args:
        code: The item's dotted code (group A, B, C or D).
        purposes: Subset of ``PURPOSES`` the document explains; empty gives no links.
        links: The frame from itemlists.derive.technology.technology_links.

    Returns:
        E codes ordered by the specificity of the target that linked them (exact code or
        sub-item beats entry, entry beats group, group beats category), then by code.
    """
    wanted = [p for p in PURPOSES if p in purposes]
    if not wanted or links.is_empty():
        return []
    target = pl.col("target")
    hit = links.filter(
        (target == code)
        | pl.lit(code).str.starts_with(target + ".")
        | ((pl.col("specificity") < 2) & pl.lit(code).str.starts_with(target)),
        pl.col("purpose").str.split(",").list.set_intersection(wanted).list.len() > 0,
    )
    ordered = hit.sort(["specificity", "e_code"], descending=[True, False])["e_code"].to_list()
    return list(dict.fromkeys(ordered))


def _provision_text(reference: Reference, code: str) -> str:
    hit = reference.provisions.filter(pl.col("code") == code)
    return str(hit["text"][0]) if hit.height else ""


def _with_technology(finding: Finding, e_code: str, purposes: frozenset[str], reference: Reference) -> Finding:
    what = ", ".join(sorted(purposes))
    feature = Feature(
        "e_technology", 1.0, 0.0, f"{e_code}: {_provision_text(reference, e_code)} (the document explains {what})"
    )
    return dataclasses.replace(
        finding,
        features=(*finding.features, feature),
        explanation=f"{finding.explanation} The document explains the {what} of this item: for a "
        f"publication the technology is what is transferred, so {e_code} applies beside {finding.code}.",
    )


def add_technology(findings: list[Finding], analysis: Analysis, reference: Reference) -> list[Finding]:
    """Name the E-technology provision beside each flagged A/B/C/D item the document explains.

    The technology provision is reported inside the item's finding (a feature with its code
    and text, and the explanation), so a reviewer decides on, or suppresses, item and
    technology together.
    """
    flagged = [f for f in findings if f.level == "flag" and f.rule == "list_match" and f.list in ("II", "III")]
    purposes = analysis.technology_purposes
    if not flagged or reference.technology.height == 0 or not purposes:
        return findings
    out = []
    for finding in findings:
        item = finding in flagged and len(finding.entry_code) > 1 and finding.entry_code[1] in "ABCD"
        codes = technology_for(finding.code, purposes, reference.technology)[:1] if item else []
        out.append(_with_technology(finding, codes[0], purposes, reference) if codes else finding)
    return out
