"""Defined terms: the annex's "DEFINITIONS OF TERMS USED IN THIS ANNEX" and Article 2.

Annex lines look like ``"Accuracy" (2 3 6 7), usually measured ...``; the brackets give the
categories (or GTN/NTN/GSN notes) where the definition applies. Lines that do not open with a
quoted term (sub-items "a ...", "N.B. ...", "Technical Notes: ...") continue the definition
above. Article 2 definitions are numbered, single-quoted terms: ``(1) 'dual-use items' means``.
"""

from __future__ import annotations

import re

import polars as pl

#: Columns of a definitions frame.
DEFINITION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "term": pl.String,  # as written, without quotes
    "qualifier": pl.String,  # "(gyro)", "("UAV")" after the term, else null
    "definition": pl.String,  # the definition text with its notes
    "categories": pl.List(pl.String),  # ["2", "3", "GTN"], null when not marked
    "source": pl.String,  # "annex" | "article_2"
}

_TERM_RE = re.compile(r'^["“](?P<term>[^"”]+)["”]\s*(?P<brackets>(?:\([^)]*\)\s*)*)(?P<rest>.*)$')
_BRACKET_RE = re.compile(r"\(([^)]*)\)")
_CATEGORY_TOKEN = re.compile(r"^(?:\d|GTN|NTN|GSN|GISN|All)$")
_ARTICLE_RE = re.compile(r"\(\d+\)\s*[‘'](?P<term>[^’']+)[’']\s*(?P<rest>.*?)(?=\s*\(\d+\)\s*[‘']|$)")


def parse_annex_definitions(text: str) -> pl.DataFrame:
    """Parse the definitions annex into ``DEFINITION_SCHEMA`` rows (source "annex")."""
    rows: list[dict[str, object]] = []
    for line in text.splitlines():
        line = line.strip()
        match = _TERM_RE.match(line)
        if match:
            categories, qualifier = _brackets(match.group("brackets"))
            rows.append(
                {
                    "term": match.group("term").strip(),
                    "qualifier": qualifier,
                    "definition": match.group("rest").strip(" ,"),
                    "categories": categories,
                    "source": "annex",
                }
            )
        elif rows and line:
            rows[-1]["definition"] = f"{rows[-1]['definition']}\n{line}"
    return pl.DataFrame(rows, schema=DEFINITION_SCHEMA)


def parse_article_definitions(text: str) -> pl.DataFrame:
    """Parse Article 2's numbered definitions (source "article_2", no categories)."""
    body = text.split(":", 1)[1] if ":" in text[:200] else text
    rows = [
        {
            "term": m.group("term").strip(),
            "qualifier": None,
            "definition": m.group("rest").strip(" ;"),
            "categories": None,
            "source": "article_2",
        }
        for m in _ARTICLE_RE.finditer(body)
    ]
    return pl.DataFrame(rows, schema=DEFINITION_SCHEMA)


def _brackets(raw: str) -> tuple[list[str] | None, str | None]:
    """Split bracket groups into category tokens and a qualifier ("(gyro)")."""
    categories: list[str] = []
    qualifiers: list[str] = []
    for group in _BRACKET_RE.findall(raw):
        tokens = group.split()
        if tokens and all(_CATEGORY_TOKEN.match(tok) for tok in tokens):
            categories.extend(tokens)
        else:
            qualifiers.append(f"({group})")
    return (categories or None), (" ".join(qualifiers) or None)
