"""Integrity checks of a parsed List I, reported as messages rather than raised.

Checked: every entry of the table of contents (or ML1–ML22 when there is none) is present
with a matching title; every parent exists; codes are unique and well formed; depth agrees
with the code; no provision has empty text; no running head text leaked into a provision
or a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from itemlists.sources.pdf_lines import Line

#: Entries of the EU Common Military List, used when the file has no table of contents.
STANDARD_ENTRIES = tuple(f"ML{n}" for n in range(1, 23))
_CODE_RE = r"^ML\d{1,2}(\.([a-z]{1,2}|\d{1,3}))*$"
_CONTENTS_RE = re.compile(r"^ML(\d{1,2})\s+(.*)$")
_LEADER_RE = re.compile(r"\s*\.{3,}\s*\d*\s*$")
_COMPARED = 40


def contents_titles(lines: Iterable[Line]) -> dict[str, str]:
    """Entry titles from the table of contents, dot leaders and page numbers removed."""
    titles: dict[str, str] = {}
    current = ""
    for line in lines:
        match = _CONTENTS_RE.match(line.text)
        if match:
            current = f"ML{match.group(1)}"
            titles[current] = match.group(2)
        elif current:
            titles[current] = f"{titles[current]} {line.text}"
        if _LEADER_RE.search(line.text):
            current = ""  # the entry's page number closes its title
    return {code: _LEADER_RE.sub("", text).strip() for code, text in titles.items()}


def problems_in(frame: pl.DataFrame, contents: dict[str, str], running_heads: list[str]) -> list[str]:
    """Every integrity problem of ``frame``, one message each.

    Args:
        frame: Parsed provisions.
        contents: Titles by entry code from the table of contents (may be empty).
        running_heads: Running head examples that must not appear in any text.
    """
    return [
        *_missing_entries(frame, contents),
        *_structure(frame),
        *_leaks(frame, running_heads),
    ]


def _missing_entries(frame: pl.DataFrame, contents: dict[str, str]) -> list[str]:
    entries = frame.filter(pl.col("depth") == 0)
    found = dict(zip(entries["code"], entries["text"], strict=True))
    expected = contents or dict.fromkeys(STANDARD_ENTRIES, "")
    problems = [
        f"entry {code!r} is in the {'contents' if contents else 'EU list'} but has no heading"
        for code in expected
        if code not in found
    ]
    for code, title in expected.items():
        if title and code in found and _key(title) != _key(found[code]):
            problems.append(f"entry {code!r}: heading {found[code][:50]!r} differs from contents {title[:50]!r}")
    return problems


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())[:_COMPARED]


def _structure(frame: pl.DataFrame) -> list[str]:
    codes = frame["code"]
    problems = [f"duplicate code {code!r}" for code in codes.filter(codes.is_duplicated()).unique()]
    checks = {
        "parent missing": pl.col("parent").is_not_null() & ~pl.col("parent").is_in(codes.implode()),
        "badly formed code": ~pl.col("code").str.contains(_CODE_RE),
        "depth disagrees with code": pl.col("depth") != pl.col("code").str.count_matches(r"\."),
        "parent is not the code's prefix": pl.col("parent").is_not_null()
        & (pl.col("parent") + pl.lit(".") != pl.col("code").str.replace(r"[^.]+$", "")),
        "empty text": pl.col("text").str.strip_chars().str.len_chars() == 0,
    }
    for name, condition in checks.items():
        for code in frame.filter(condition)["code"]:
            problems.append(f"{code!r}: {name}")
    return problems


def _leaks(frame: pl.DataFrame, running_heads: list[str]) -> list[str]:
    problems: list[str] = []
    for head in running_heads:
        words = re.sub(r"\d+", " ", head).split()
        if not words:
            continue
        pattern = r"(?i)" + r"\s*".join(re.escape(word) for word in words)
        notes = pl.col("notes").list.eval(pl.element().str.contains(pattern)).list.any()
        leaked = frame.filter(pl.col("text").str.contains(pattern) | notes)
        problems += [f"{code!r}: running head text {head!r} inside" for code in leaked["code"]]
    return problems
