"""Shared helpers for source parsers: text cleaning, record -> frame (code patterns: ``itemlists.types``).

A "record" is a plain dict with the keys of ``PROVISION_SCHEMA`` (``code``, ``entry_code``,
``parent``, ``depth``, ``category``, ``group``, ``text``, ``notes``); the parsers build lists
of them once, at build or import time, and hand a typed Polars frame on.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from itemlists.types import PROVISION_SCHEMA, code_matches

__all__ = ["clean_text", "code_matches", "parent_of", "records_to_frame"]

_SPACE_RE = re.compile(r"[ \t\u00a0\u2003]+")
_TAG_RE = re.compile(r"<[^>]{0,40}>")
_CONTINUED_RE = re.compile(r"\s*\b\d[A-E]\d{3}(?:\.[a-z0-9]{1,3})*\.?\s*continued\b")


def clean_text(text: str) -> str:
    """Normalise whitespace and HTML left-overs; drop page "… continued" running heads."""
    text = html.unescape(_TAG_RE.sub(" ", text))
    text = _CONTINUED_RE.sub("", text)
    lines = [_SPACE_RE.sub(" ", line).strip() for line in text.splitlines()]
    return " ".join(line for line in lines if line)


def parent_of(code: str) -> str | None:
    """The parent's dotted code, None for an entry code."""
    head, sep, _ = code.rpartition(".")
    return head if sep else None


def records_to_frame(records: Iterable[Mapping[str, Any]], list_id: str, version: str) -> pl.DataFrame:
    """Build a provisions frame in ``PROVISION_SCHEMA`` column order from record dicts.

    Args:
        records: Dicts with at least ``code``, ``text`` and ``notes``; ``entry_code``,
            ``parent``, ``depth``, ``category`` and ``group`` are derived when absent.
        list_id: Written into the ``list`` column.
        version: Written into the ``version`` column.
    """
    rows = [_complete(rec, list_id, version) for rec in records]
    return pl.DataFrame(rows, schema=PROVISION_SCHEMA, orient="row")


def _complete(rec: Mapping[str, Any], list_id: str, version: str) -> tuple[Any, ...]:
    code = str(rec["code"])
    entry = rec.get("entry_code") or code.split(".")[0]
    category, group = _category_group(entry)
    return (
        code,
        list_id,
        version,
        entry,
        rec.get("parent", parent_of(code)),
        int(rec["depth"]) if rec.get("depth") is not None else code.count("."),
        rec.get("category") or category,
        rec.get("group") or group,
        str(rec.get("text") or ""),
        [str(n) for n in (rec.get("notes") or [])],
    )


def _category_group(entry: str) -> tuple[str | None, str | None]:
    if entry.startswith("ML"):
        return "ML", None
    if len(entry) >= 2 and entry[0].isdigit():
        return entry[0], entry[1]
    return None, None
