"""E-technology links: which technology provisions (group E) cover which listed items.

For publications the technology is what is transferred: a paper that explains how to build a
6A005 laser transfers 6E002 "production" technology for it. An E provision names the items it
covers and why ("for the "development" of equipment ... specified in 6A, 6B, 6C or 6D"), so
``technology_links`` reads each E text into rows (e_code, purpose, target, text), and
classifiers.documents.technology answers "which E provisions cover item X for these purposes",
most specific first; extractors.analysis.technology tells which of development/production/use
a document explains.

Targets are codes ("6A005.b"), entries ("1C233"), group prefixes ("6A") or a whole category
("0", from "goods specified in this Category"). Ranges are expanded against the frame's codes
("1A225 to 1A227", "6A203.a. to 6A203.c."), and abbreviated siblings are completed
("1C002.b.3. or .b.4." -> 1C002.b.4, "3A001.a.1. or 2." -> 3A001.a.2).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import polars as pl

from extractors.types import PURPOSES

logger = logging.getLogger(__name__)

#: Columns of the frame returned by ``technology_links``.
LINK_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "e_code": pl.String,  # the technology provision, e.g. "6E001", "4E001.b.3"
    "purpose": pl.String,  # comma-joined subset of PURPOSES in that order: "development,production"
    "target": pl.String,  # code, entry, group prefix ("6A") or category ("0") covered
    "specificity": pl.Int32,  # 0 category, 1 group, 2 entry, 2 + dots for sub-items
    "text": pl.String,  # the E provision's text
}

_FULL = r"(?:\d[A-E]\d{3}[a-z]?|ML\d{1,2})(?:\.(?:[a-z]{1,2}|\d{1,2})(?![\w]))*"
_REF = re.compile(
    rf"(?P<range>(?P<low>{_FULL})\.?\s+to\s+(?P<high>{_FULL}))"
    rf"|(?P<full>{_FULL})"
    r"|(?<![\w.])(?P<rel>\.(?:[a-z]{1,2}|\d{1,2})(?:\.(?:[a-z]{1,2}|\d{1,2}))*)(?![\w])"
    r"|(?<![\w.])(?P<group>\d[A-E])(?![\w])"
    r"|(?P<bare>(?<=\bor )(?:\d{1,2}|[a-z])(?=\.[\s,;]|\.$))"
    r"|(?P<category>\bthis\s+Category\b)",
)
_JOIN = re.compile(r"\.?\s*(?:,\s*)?(?:(?:and|or)\s+)?$")

#: Unquoted purpose words in "for the <word> of" constructions, mapped to a purpose.
_PURPOSE_WORDS = {
    "development": "development",
    "design": "development",
    "production": "production",
    "fabrication": "production",
    "manufacture": "production",
    "manufacturing": "production",
    "coating": "production",
    "use": "use",
    "operation": "use",
    "installation": "use",
    "maintenance": "use",
    "repair": "use",
    "overhaul": "use",
}
_QUOTED_PURPOSE = re.compile(r"[\"“”](development|production|use)[\"“”]", re.IGNORECASE)
_FOR_THE = re.compile(
    r"\bfor\s+the\s+(?P<words>[\w\"“”, ]{1,60}?)\s+of\b",
    re.IGNORECASE,
)
_ENHANCE = re.compile(r"\b(?:enhance|release)\s+the\s+performance\b", re.IGNORECASE)
#: Words after which a code names a material or part used, not the item the technology is for
#: ("engine systems ... employing ceramics materials specified in 1C007").
_USED_IN = re.compile(
    r"\b(?:from|using|employing|with|protect\w*|reinforced|containing|incorporating|made|manufactured)\b",
    re.IGNORECASE,
)
#: An E sub-item without purpose words that names its target as the subject ("Items specified
#: by 4A506.b. or 4A506.c.") inherits its parent's purposes; other such sub-items list parts.
_SUBJECT_REF = re.compile(
    r"^\W*(?:items|equipment|goods|systems|components|\W?software\W?)\b[^;:]{0,30}?\bspecified\s+(?:in|by)\b",
    re.IGNORECASE,
)


def natural_key(code: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for codes: numeric parts as numbers ("1C350.2" < "1C350.10")."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def expand_range(low: str, high: str, codes: Iterable[str]) -> list[str]:
    """Codes from ``low`` to ``high`` inclusive among ``codes`` at the same level.

    Same level means the same parent for dotted codes ("6A203.a" .. "6A203.c") and the same
    category and group for entries ("1A225" .. "1A227"). Without matches, the two ends.
    """
    depth = low.count(".")
    parent = low.rsplit(".", 1)[0] if depth else low[:2]
    lo, hi = natural_key(low), natural_key(high)
    found = [
        c
        for c in codes
        if c.count(".") == depth and (c.rsplit(".", 1)[0] if depth else c[:2]) == parent and lo <= natural_key(c) <= hi
    ]
    return sorted(found, key=natural_key) or [low, high]


def code_refs(text: str, codes: Iterable[str] = (), *, category: str | None = None) -> list[str]:
    """Codes and prefixes a provision or note text refers to, in text order, no duplicates.

    Args:
        text: Text such as 'specified in 1A002 to 1A005, 1A006.b., 1B or 1C'.
        codes: Known codes, used to expand ranges.
        category: The category that "this Category" means ("0" for 0E001).

    Returns:
        Dotted codes without trailing dots ("1A006.b"), group prefixes ("1B"), categories.
    """
    known = list(codes)
    refs: list[str] = []
    previous: str | None = None
    previous_end = -1
    for m in _REF.finditer(text):
        joined = previous is not None and _JOIN.fullmatch(text[previous_end : m.start()]) is not None
        if m["range"]:
            found = expand_range(m["low"], m["high"], known)
            previous = m["high"]
        elif m["full"]:
            found, previous = [m["full"]], m["full"]
        elif m["group"]:
            found, previous = [m["group"]], None
        elif m["category"]:
            found, previous = ([category] if category else []), None
        elif previous is not None and joined and m["rel"]:
            found = [_entry(previous) + m["rel"]]
        elif previous is not None and joined and m["bare"] and "." in previous:
            found = [previous.rsplit(".", 1)[0] + "." + m["bare"]]
        else:
            continue
        previous_end = m.end()
        refs.extend(r for r in found if r not in refs)
    return refs


def _entry(code: str) -> str:
    return code.split(".", 1)[0]


def specificity(target: str) -> int:
    """0 for a category ("0"), 1 for a group ("6A"), 2 for an entry, 2 + dots below it."""
    if len(target) <= 1:
        return 0
    if len(target) == 2 and not target.startswith("ML"):
        return 1
    return 2 + target.count(".")


def text_purposes(text: str) -> list[str]:
    """Purposes an E text names: quoted "development"/"production"/"use", or "for the design of"."""
    found = {m[1].lower() for m in _QUOTED_PURPOSE.finditer(text)}
    for m in _FOR_THE.finditer(text):
        for word in re.findall(r"[a-z]+", m["words"].lower()):
            if word in _PURPOSE_WORDS:
                found.add(_PURPOSE_WORDS[word])
    if _ENHANCE.search(text):
        found.add("use")
    return [p for p in PURPOSES if p in found]


def technology_links(provisions: pl.DataFrame) -> pl.DataFrame:
    """One row per (E provision, covered target), with the purposes the E text names.

    A sub-item without purpose words inherits its nearest ancestor's ("4E001.b.3 Items
    specified by 4A506.b. or 4A506.c." under 4E001.b "development" or "production"); with
    none anywhere it covers all three. E provisions that name no code (e.g. 3E003.a "Vacuum
    microelectronic devices") give no row: they describe their subject in words and are
    matched as terms. References to other E provisions ("other than that specified in
    3E001") are not targets.

    Args:
        provisions: A provisions frame (``PROVISION_SCHEMA``); only group "E" rows are read.

    Returns:
        A frame with ``LINK_SCHEMA`` columns.
    """
    codes = provisions["code"].to_list()
    tech = provisions.filter(pl.col("group") == "E").select("code", "parent", "category", "text")
    own = {code: text_purposes(text or "") for code, text in tech.select("code", "text").iter_rows()}
    parents = dict(tech.select("code", "parent").iter_rows())
    rows = []
    for code, _, category, text in tech.iter_rows():
        purpose = ",".join(_inherited(code, own, parents) or PURPOSES)
        if not own[code] and not _SUBJECT_REF.match(text or ""):
            continue
        for target in code_refs(_target_part(text or ""), codes, category=category):
            if len(target) >= 2 and target[1] == "E":
                continue
            rows.append((code, purpose, target, specificity(target), text))
    logger.debug("technology links: %d rows from %d E provisions", len(rows), tech.height)
    return pl.DataFrame(rows, schema=LINK_SCHEMA, orient="row")


def _target_part(text: str) -> str:
    """The text up to the first word that introduces a material or part used ("employing")."""
    used = _USED_IN.search(text)
    return text[: used.start()] if used else text


def _inherited(code: str, own: dict[str, list[str]], parents: dict[str, str | None]) -> list[str]:
    current: str | None = code
    while current is not None:
        if own.get(current):
            return own[current]
        current = parents.get(current)
    return []


def covers(target: str, code: str) -> bool:
    """True when ``target`` ("6A", "6A005", "6A005.b", "0") covers ``code``."""
    if code == target or code.startswith(target + "."):
        return True
    return specificity(target) < 2 and code.startswith(target)
