"""Reference-data records: list versions, provisions, thresholds and index terms, and code patterns.

Provisions and index terms are held as Polars frames (``PROVISION_SCHEMA``,
``TERM_SCHEMA``); the dataclasses here are for single records handed across packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from pydantic import BaseModel, Field

LIST_IDS = ("I", "II", "III")

#: Entry codes per list: dual-use "6A005" (Lists II and III), military "ML8" (List I).
ENTRY_PATTERNS: dict[str, re.Pattern[str]] = {
    "I": re.compile(r"^ML\d{1,2}$"),
    "II": re.compile(r"^\d[A-E]\d{3}$"),
    "III": re.compile(r"^\d[A-E]\d{3}$"),
}
#: A sub-item label after the entry code: "a", "12", "b"; "ML8.a.1" style for List I.
SEGMENT_RE = re.compile(r"^[a-z]{1,2}$|^\d{1,3}$")


def code_matches(list_id: str, code: str) -> bool:
    """Whether ``code`` is a well-formed dotted code for ``list_id``.

    Args:
        list_id: "I", "II" or "III".
        code: A dotted code such as ``6A005.b.6.b`` or ``ML8.a.1``.

    Returns:
        True when the entry part matches the list's pattern and every later segment is a
        short letter or number label.
    """
    pattern = ENTRY_PATTERNS.get(list_id)
    if pattern is None or not code:
        return False
    head, *rest = code.split(".")
    return bool(pattern.match(head)) and all(SEGMENT_RE.match(seg) for seg in rest)


#: Columns of a provisions frame (one row per dotted code, e.g. ``6A005.b.6.b``).
PROVISION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "code": pl.String,  # dotted code, unique within a list version
    "list": pl.String,  # "I", "II" or "III"
    "version": pl.String,  # list version label, e.g. "2025-11-15"
    "entry_code": pl.String,  # top-level entry: "6A005", "ML8"
    "parent": pl.String,  # parent code, null at depth 0
    "depth": pl.Int32,
    "category": pl.String,  # "0".."9" for dual-use, "ML" for List I
    "group": pl.String,  # "A".."E" for dual-use, null for List I
    "text": pl.String,  # the provision's own text (without its notes)
    "notes": pl.List(pl.String),  # notes, technical notes, N.B.s attached to this provision
}

#: Columns of a term index frame (one row per matchable term of a provision).
TERM_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "term": pl.String,  # the term as written in the list
    "norm": pl.String,  # normalised form used for matching (see classifiers.normalise)
    "code": pl.String,  # provision the term comes from
    "entry_code": pl.String,
    "list": pl.String,
    "version": pl.String,
    "kind": pl.String,  # "head" | "alias" (a note's "also known as") | "defined" | "quoted" | "included" | "phrase"
    "weight": pl.Float64,  # specificity in (0, 1]: rare, multi-word terms weigh more
}


#: Columns of a thresholds frame (see itemlists.derive.thresholds).
THRESHOLD_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "code": pl.String,
    "quantity": pl.String,
    "comparator": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "text": pl.String,
}


class ListManifest(BaseModel):
    """Provenance of one installed list version (written beside its data as manifest.json)."""

    list: str = Field(description='List identifier: "I", "II" or "III".')
    version: str = Field(description='Version label, e.g. "2025-11-15" or "2021".')
    title: str = Field(description="Human-readable title of the list version.")
    source_file: str = Field(description="File name of the official source it was built from.")
    source_sha256: str = Field(description="sha256 of the source file's bytes.")
    source_url: str | None = Field(default=None, description="Where the source is published.")
    valid_from: str | None = Field(default=None, description="Date the text applies from.")
    attribution: str = Field(description="Required acknowledgement; the official text is authentic.")
    provisional: bool = Field(default=False, description="True for derived stand-ins (List III).")
    provenance: str | None = Field(default=None, description="How a provisional list was derived.")
    built_at: str = Field(description="UTC time the data was built (ISO 8601).")
    provision_count: int = Field(description="Number of provisions (dotted codes).")
    entry_count: int = Field(description="Number of top-level entries.")

    @property
    def label(self) -> str:
        """``list@version``, e.g. ``II@2025-11-15``."""
        return f"{self.list}@{self.version}"


@dataclass(frozen=True, slots=True)
class Threshold:
    """A numeric condition parsed from provision text.

    Example: "output power exceeding 1 kW" -> quantity "output power", comparator ">",
    value 1000.0, unit "W". A range ("34 or more but fewer than 100") gives two thresholds.

    Attributes:
        code: The provision the condition belongs to.
        quantity: What is measured, as named in the text ("output power", "physical qubits").
        comparator: ">", ">=", "<", "<=" or "=".
        value: The bound in ``unit``.
        unit: Base unit of the dimension (W, m, Hz, K, s, ...) or the counted noun.
        text: The clause it was parsed from.
    """

    code: str
    quantity: str
    comparator: str
    value: float
    unit: str
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    """Everything the classifiers need from the item lists.

    Attributes:
        provisions: PROVISION_SCHEMA rows of all lists used.
        terms: TERM_SCHEMA rows of all lists used.
        thresholds: Threshold rows (code, quantity, comparator, value, unit, text); may be empty.
        blocks: (token, term_norm) pairs for fuzzy-match blocking.
        items: (code, norm) terms that name each provision's item (see ``item_levels``).
        exact_only: Codes of provisions naming chemicals by CAS number: their names must match
            exactly ("trimethyl phosphite" is not "trimethyl phosphate").
        conditional: Codes of provisions that are never controlled by naming their item alone:
            their conditions are those of other provisions ("... specially designed for items
            specified by 4A506.a") or of their sub-items ("having any of the following:").
        conjunctive: Codes of provisions whose sub-items all hold together ("having all of the
            following"): criteria of one item rather than alternative items.
        alternatives: Codes of provisions whose numeric conditions are alternatives joined by
            "or" ("thrust levels exceeding 45 kN or ... erosion rates of less than ..."): one
            met is enough.
        exclusions: Exclusion notes as checkable rows (itemlists.derive.exclusions).
        cross_references: Code -> the entries whose items it is specified by or for, for
            provisions conditional only through that reference ("Ammunition for weapons
            specified by ML1, ML2 or ML12"); the condition holds when the document itself
            flags one of those entries.
        technology: E-technology provisions and the items they cover (itemlists.derive.technology).
        stems: (term_norm, stem, gerund, has_gerund, core) per distinct index term (extractors.text.stems).
        qualifiers: Per provision, the words that tell its kind of item from its siblings'
            (itemlists.derive.qualifiers).
        purposes: Per provision, the specific words of what its item must be for or contain
            (itemlists.derive.purposes).
        versions: List id -> version label ("II" -> "2025-11-15").
        provisional: List ids whose data is a provisional stand-in (List III).
        checked: Human-readable statement of what was checked.
        also_listed: Entry code -> other lists carrying the same entry ("III@2025-11-15
            (provisional)"), for entries matched once but listed twice.
    """

    provisions: pl.DataFrame
    terms: pl.DataFrame
    thresholds: pl.DataFrame
    blocks: pl.DataFrame
    items: pl.DataFrame
    exact_only: frozenset[str]
    conditional: frozenset[str]
    conjunctive: frozenset[str]
    alternatives: frozenset[str]
    exclusions: pl.DataFrame
    cross_references: dict[str, frozenset[str]]
    technology: pl.DataFrame
    qualifiers: pl.DataFrame
    purposes: pl.DataFrame
    stems: pl.DataFrame
    versions: dict[str, str]
    provisional: frozenset[str]
    checked: str
    also_listed: dict[str, str]


#: Words are blocked on their first characters, so spelling variants of a rare word
#: ("magnetometre" / "magnetometer") still meet.
BLOCK_PREFIX = 6


def block_key(words: pl.Expr) -> pl.Expr:
    """The blocking key of a word: its first BLOCK_PREFIX characters."""
    return words.str.slice(0, BLOCK_PREFIX)
