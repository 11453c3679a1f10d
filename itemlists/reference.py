"""The reference data one screening run uses: installed list versions, joined and indexed.

A ``Reference`` is built once per process and shared by every document of a run. It holds
the provisions and term index of the current version of each list, the threshold table, and
a token -> term blocking table for fuzzy matching (so a candidate is compared only with the
index terms that share a reasonably rare word with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from extractors.text.stems import gerund_key, has_gerund, stem_key
from itemlists.derive.exclusions import exclusions_frame
from itemlists.derive.item_names import item_levels
from itemlists.derive.purposes import purpose_table
from itemlists.derive.qualifiers import qualifier_table
from itemlists.derive.technology import technology_links
from itemlists.errors import ListNotInstalledError
from itemlists.install.store import ListStore
from itemlists.types import THRESHOLD_SCHEMA


def _thresholds_or_empty(frame: pl.DataFrame | None) -> pl.DataFrame:
    if frame is None or frame.width == 0 or "code" not in frame.columns:
        return pl.DataFrame(schema=THRESHOLD_SCHEMA)
    return frame.select([pl.col(c).cast(t) for c, t in THRESHOLD_SCHEMA.items()])


def with_conjunctions(thresholds: pl.DataFrame, provisions: pl.DataFrame) -> pl.DataFrame:
    """Add ``conj_parent``: the parent's code when the parent requires "all of the following".

    Under such a parent every child's conditions must hold together, so a path through one
    child must also meet its siblings' conditions (see classifiers.thresholds).
    """
    conj = provisions.filter(pl.col("text").str.to_lowercase().str.contains("all of the following")).select(
        pl.col("code").alias("conj_parent")
    )
    parents = provisions.select("code", "parent").join(conj, left_on="parent", right_on="conj_parent", how="inner")
    return thresholds.join(parents.select("code", pl.col("parent").alias("conj_parent")), on="code", how="left")


#: A word in more index terms than this is too common to block on ("laser" is fine,
#: "power" is not): candidates are still matched exactly on such words.
MAX_BLOCK_FREQUENCY = 400


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
        alternatives: Codes of provisions whose numeric conditions are alternatives joined by
            "or" ("thrust levels exceeding 45 kN or ... erosion rates of less than ..."): one
            met is enough.
        exclusions: Exclusion notes as checkable rows (itemlists.derive.exclusions).
        cross_references: Code -> the entries whose items it is specified by or for, for
            provisions conditional only through that reference ("Ammunition for weapons
            specified by ML1, ML2 or ML12"); the condition holds when the document itself
            flags one of those entries.
        technology: E-technology provisions and the items they cover (itemlists.derive.technology).
        stems: (term_norm, stem, gerund, has_gerund) per distinct index term (extractors.text.stems).
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


#: A provision whose item is defined by another provision's specification.
CROSS_REFERENCE = r"(?i)specified (?:by|in|under) (?:\d[A-E]\d{3}|ML\d)"

#: A number with a unit in running text ("capable of a range of 300 km"), not part of a code,
#: an isotope or a regulation number ("lithium-6", "ML22", "2021/821").
UNREAD_NUMBER = r"(?:^|\s)\d[\d.,]*\s?(?:[A-Za-zµμ°%]+)"


def conditional_codes(provisions: pl.DataFrame, thresholds: pl.DataFrame | None = None) -> frozenset[str]:
    """Codes whose item is controlled only under conditions stated elsewhere, or unread.

    A provision that cross-references another's specification, or that has sub-items (its
    text ends "as follows:" or "having any of the following:"), says what is controlled only
    together with those: "Inertial measurement equipment ... having any of the following
    accuracies" is not controlled for naming inertial measurement equipment. So is one with a
    number the threshold parser could not read ("UAVs capable of a range of 300 km").
    """
    referencing = provisions.filter(pl.col("text").str.contains(CROSS_REFERENCE))["code"]
    parents = provisions["parent"].drop_nulls()
    numbers = provisions.filter(pl.col("text").str.contains(UNREAD_NUMBER))["code"]
    if thresholds is not None and thresholds.height:
        numbers = numbers.filter(~numbers.is_in(thresholds["code"].unique().to_list()))
    return frozenset(referencing.to_list()) | frozenset(parents.to_list()) | frozenset(numbers.to_list())


_REFERENCED = re.compile(r"\b(\d[A-E]\d{3}|ML\d{1,2})\b")


def cross_reference_table(provisions: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Code -> entries it refers to, for provisions without sub-items that cite other entries.

    References to the provision's own entry are left out (1A007.a "detonators specified in
    1A007.b" is checked on its own path).
    """
    parents = frozenset(provisions["parent"].drop_nulls().to_list())
    table: dict[str, frozenset[str]] = {}
    for code, entry, text in provisions.filter(pl.col("text").str.contains(CROSS_REFERENCE)).select(
        "code", "entry_code", "text"
    ).iter_rows():
        if code in parents:
            continue
        referenced = frozenset(_REFERENCED.findall(text or "")) - {entry}
        if referenced:
            table[code] = referenced
    return table


#: Two numeric conditions of one provision joined by "or" with no "and" between them:
#: "Nozzles with thrust levels exceeding 45 kN or nozzle throat erosion rates of less than
#: 0,075 mm/s" (not "... less than 1570 nm and average or CW output power exceeding 2 W").
ALTERNATIVES = (
    r"(?i)(?:(?:exceeding|less than|more than|greater than|lower than|higher than)(?:(?!\band\b)[^;:])*?"
    r"(?<!equal to )\bor\b(?!\s+(?:less|more|greater|lower|higher|better|worse|equal|fewer))"
    r"(?:(?!\band\b)[^;:])*(?:exceeding|less than|more than|greater than|lower than|higher than))"
    # "below 228 K (-45 °C) or above 358 K (85 °C)" (4A001.a.1): both cannot hold at once.
    r"|\b(?:below|above)\s+\d[\d,.\s]*\s*[^\s;,()]+(?:\s*\([^)]*\))?,?\s+or\s+(?:below|above)\b"
)

def alternative_codes(provisions: pl.DataFrame) -> frozenset[str]:
    """Codes of provisions whose numeric conditions are alternatives (``ALTERNATIVES``)."""
    pattern = re.compile(ALTERNATIVES)
    return frozenset(code for code, text in provisions.select("code", "text").iter_rows() if pattern.search(text or ""))


#: A provision naming a chemical by CAS number ("Trimethyl phosphite (CAS 121-45-9)").
CAS_PATTERN = r"CAS\s*(?:No\.?\s*)?\d"


def _chemical_items(items: pl.DataFrame, terms: pl.DataFrame, chemicals: frozenset[str]) -> pl.DataFrame:
    """A listed chemical is named only by its full name, its longest head term."""
    names = (
        terms.filter((pl.col("kind") == "head") & pl.col("code").is_in(sorted(chemicals)))
        .with_columns(pl.col("norm").str.len_chars().alias("n"))
        .sort(["n", "norm"], descending=[True, False])
        .unique(subset=["code"], keep="first", maintain_order=True)
        .select("code", "norm")
    )
    return pl.concat([items.filter(~pl.col("code").is_in(sorted(chemicals))), names])


def blocking_table(terms: pl.DataFrame) -> pl.DataFrame:
    """Blocking key -> distinct term norms with a word of that key, leaving out common keys."""
    norms = terms.select(pl.col("norm").unique())
    exploded = (
        norms.with_columns(pl.col("norm").str.split(" ").alias("word"))
        .explode("word")
        .filter(pl.col("word").str.len_chars() >= 3)
        .with_columns(block_key(pl.col("word")).alias("token"))
        .select("norm", "token")
        .unique()
    )
    freq = exploded.group_by("token").agg(pl.len().alias("n"))
    keep = freq.filter(pl.col("n") <= MAX_BLOCK_FREQUENCY)
    return exploded.join(keep.select("token"), on="token").rename({"norm": "term_norm"})


def stem_table(terms: pl.DataFrame) -> pl.DataFrame:
    """(term_norm, stem, gerund, has_gerund) of the index's distinct terms (extractors.text.stems)."""
    return terms.select(pl.col("norm").unique().alias("term_norm")).with_columns(
        pl.col("term_norm").map_elements(stem_key, return_dtype=pl.String).alias("stem"),
        pl.col("term_norm").map_elements(gerund_key, return_dtype=pl.String).alias("gerund"),
        pl.col("term_norm").map_elements(has_gerund, return_dtype=pl.Boolean).alias("has_gerund"),
    )


def build_reference(
    provisions: pl.DataFrame,
    terms: pl.DataFrame,
    thresholds: pl.DataFrame | None,
    versions: dict[str, str],
    provisional: frozenset[str] = frozenset(),
    also_listed: dict[str, str] | None = None,
) -> Reference:
    """Assemble a Reference from already-loaded frames (see itemlists.install.store for loading)."""
    counts = provisions.group_by("list").agg(pl.len().alias("n")).sort("list")
    parts = []
    for list_id, n in counts.iter_rows():
        note = " (provisional)" if list_id in provisional else ""
        parts.append(f"List {list_id}@{versions.get(list_id, '?')}{note}: {n} provisions")
    chemicals = frozenset(provisions.filter(pl.col("text").str.contains(CAS_PATTERN))["code"].to_list())
    return Reference(
        provisions=provisions,
        terms=terms,
        thresholds=with_conjunctions(_thresholds_or_empty(thresholds), provisions),
        blocks=blocking_table(terms),
        items=_chemical_items(item_levels(terms, _thresholds_or_empty(thresholds), provisions), terms, chemicals),
        exact_only=chemicals,
        exclusions=exclusions_frame(provisions),
        technology=technology_links(provisions),
        qualifiers=qualifier_table(provisions),
        purposes=purpose_table(provisions),
        stems=stem_table(terms),
        conditional=conditional_codes(provisions, _thresholds_or_empty(thresholds)),
        alternatives=alternative_codes(provisions),
        cross_references=cross_reference_table(provisions),
        versions=dict(versions),
        provisional=provisional,
        checked="; ".join(parts),
        also_listed=dict(also_listed or {}),
    )


def _dedupe_lists(frames: dict[str, tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]], labels: dict[str, str]):
    """Match an entry carried by two lists once (List II wins), remembering the other list."""
    also: dict[str, str] = {}
    if "II" in frames and "III" in frames:
        shared = set(frames["II"][0]["entry_code"].unique().to_list()) & set(frames["III"][0]["entry_code"].unique())
        also = dict.fromkeys(sorted(shared), labels["III"])
        keep = ~pl.col("entry_code").is_in(sorted(shared))
        prov, terms, thr = frames["III"]
        codes = prov.filter(keep)["code"]
        frames["III"] = (prov.filter(keep), terms.filter(keep), thr.filter(pl.col("code").is_in(codes.to_list())))
    return frames, also


def load_reference(store: ListStore, lists: tuple[str, ...] | None = None) -> Reference:
    """Load the current version of each installed list into one Reference.

    Args:
        store: Where lists are installed (``flows.settings.list_store``: the bundled data
            overlaid by the user's imports).
        lists: Restrict to these list ids; all installed lists by default.

    Raises:
        ListNotInstalledError: when no list (or a requested one) is installed.
    """
    installed = store.installed()
    wanted = lists or tuple(sorted(installed))
    missing = [x for x in wanted if x not in installed]
    if missing or not wanted:
        raise ListNotInstalledError(
            f"item list(s) {missing or list(wanted)!r} not installed; run `make itemlists` or "
            "`exportscreen itemlists import FILE --list ID`"
        )
    frames = {}
    labels = {}
    for list_id in wanted:
        m = installed[list_id]
        frames[list_id] = (
            store.provisions(list_id),
            store.terms(list_id),
            _thresholds_or_empty(store.thresholds(list_id)),
        )
        labels[list_id] = f"{m.label}{' (provisional)' if m.provisional else ''}"
    frames, also = _dedupe_lists(frames, labels)
    provisional = frozenset(k for k in wanted if installed[k].provisional)
    return build_reference(
        pl.concat([f[0] for f in frames.values()], how="vertical_relaxed"),
        pl.concat([f[1] for f in frames.values()], how="vertical_relaxed"),
        pl.concat([f[2] for f in frames.values() if f[2].height], how="vertical_relaxed")
        if any(f[2].height for f in frames.values())
        else None,
        {k: installed[k].version for k in wanted},
        provisional,
        also,
    )
