"""The tables screening needs from one list version, computed once when the version is installed.

``derived_frames`` gives everything derived from a version's provisions: the term index and
thresholds, then the ``DERIVED_TABLES`` of ``derive_tables`` (exclusions, technology links,
qualifiers, purposes, item names, stems). The build and imports save them beside the list
data (``itemlists.install.importing``, stamped ``DERIVED_VERSION`` in manifest.json) and
``itemlists.reference`` loads them instead of recomputing; saved tables that are missing or of
another ``DERIVED_VERSION`` (a store imported by an older release) are recomputed at load.

Bump ``DERIVED_VERSION`` when a change to ``itemlists.derive`` changes any of these tables,
and rebuild the bundled data (``make itemlists``): ``tests/itemlists/test_derived_tables.py`` fails
while the saved tables differ from freshly computed ones.

Each table is computed from one list version alone and the versions of a run are combined by
concatenation (``combine_tables``), which gives the tables computed over the joined lists.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from itemlists.types import THRESHOLD_SCHEMA

#: Format of the saved derived tables; stored as "derived_version" in manifest.json.
DERIVED_VERSION = 3
#: The saved derived tables, each ``<name>.parquet`` in the version directory.
DERIVED_TABLES = ("exclusions", "technology", "qualifiers", "purposes", "items", "stems")

#: A provision naming a chemical by CAS number ("Trimethyl phosphite (CAS 121-45-9)").
CAS_PATTERN = r"CAS\s*(?:No\.?\s*)?\d"


def thresholds_or_empty(frame: pl.DataFrame | None) -> pl.DataFrame:
    """A thresholds frame in ``THRESHOLD_SCHEMA`` (empty when there is none)."""
    if frame is None or frame.width == 0 or "code" not in frame.columns:
        return pl.DataFrame(schema=THRESHOLD_SCHEMA)
    return frame.select([pl.col(c).cast(t) for c, t in THRESHOLD_SCHEMA.items()])


def chemical_codes(provisions: pl.DataFrame) -> frozenset[str]:
    """Codes of provisions naming a chemical by CAS number."""
    return frozenset(provisions.filter(pl.col("text").str.contains(CAS_PATTERN))["code"].to_list())


def chemical_items(items: pl.DataFrame, terms: pl.DataFrame, chemicals: frozenset[str]) -> pl.DataFrame:
    """A listed chemical is named only by its full name, its longest head term."""
    names = (
        terms.filter((pl.col("kind") == "head") & pl.col("code").is_in(sorted(chemicals)))
        .with_columns(pl.col("norm").str.len_chars().alias("n"))
        .sort(["n", "norm"], descending=[True, False])
        .unique(subset=["code"], keep="first", maintain_order=True)
        .select("code", "norm")
    )
    return pl.concat([items.filter(~pl.col("code").is_in(sorted(chemicals))), names])


def stem_table(terms: pl.DataFrame) -> pl.DataFrame:
    """(term_norm, stem, gerund, has_gerund, core) of the index's distinct terms (extractors.text.stems)."""
    from extractors.text.stems import core, gerund_key, has_gerund, stem_key

    return (
        terms.select(pl.col("norm").unique().sort().alias("term_norm"))
        .with_columns(
            pl.col("term_norm").map_elements(stem_key, return_dtype=pl.String).alias("stem"),
            pl.col("term_norm").map_elements(gerund_key, return_dtype=pl.String).alias("gerund"),
            pl.col("term_norm").map_elements(has_gerund, return_dtype=pl.Boolean).alias("has_gerund"),
            pl.col("term_norm").map_elements(core, return_dtype=pl.String).alias("core"),
        )
    )


def derive_tables(provisions: pl.DataFrame, terms: pl.DataFrame, thresholds: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The ``DERIVED_TABLES`` of one list version (or of joined ones), rows in a fixed order."""
    # Imported here, so the store can read DERIVED_VERSION without loading the parsers.
    from itemlists.derive.exclusions import exclusions_frame
    from itemlists.derive.item_names import item_levels
    from itemlists.derive.purposes import purpose_table
    from itemlists.derive.qualifiers import qualifier_table
    from itemlists.derive.technology import technology_links

    items = item_levels(terms, thresholds_or_empty(thresholds), provisions)
    return {
        "exclusions": exclusions_frame(provisions),
        "technology": technology_links(provisions),
        "qualifiers": qualifier_table(provisions),
        "purposes": purpose_table(provisions),
        "items": chemical_items(items, terms, chemical_codes(provisions)).sort("code", "norm"),
        "stems": stem_table(terms),
    }


def combine_tables(parts: Sequence[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """Join the derived tables of one or more list versions, as if derived from the joined lists.

    Exclusion ids are renumbered after the previous version's; a term in several versions
    keeps one stems row; items and stems are sorted as ``derive_tables`` sorts them.
    """
    combined = {name: pl.concat([p[name] for p in parts], how="vertical_relaxed") for name in DERIVED_TABLES}
    exclusions, offset = [], 0
    for part in parts:
        frame = part["exclusions"]
        exclusions.append(frame.with_columns((pl.col("exclusion_id") + offset).cast(pl.Int32)))
        if frame.height:
            offset += int(frame.select(pl.col("exclusion_id").max()).item()) + 1
    combined["exclusions"] = pl.concat(exclusions, how="vertical_relaxed")
    combined["items"] = combined["items"].sort("code", "norm")
    combined["stems"] = combined["stems"].unique(subset=["term_norm"], keep="first").sort("term_norm")
    return combined


def derived_frames(provisions: pl.DataFrame, definitions: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """Everything derived from one version's provisions: ``terms``, ``thresholds`` and the ``DERIVED_TABLES``."""
    from itemlists.derive.index import build_term_index
    from itemlists.derive.thresholds import thresholds_frame

    terms = build_term_index(provisions, definitions)
    thresholds = thresholds_frame(provisions)
    return {"terms": terms, "thresholds": thresholds, **derive_tables(provisions, terms, thresholds)}
