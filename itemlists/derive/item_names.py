"""Which terms of a provision name its item: the names a document must use to be linked to it.

A finding flags only when the document names the item of the deepest provision on its path
that names one (classifiers.score, classifiers.findings). ``item_levels`` decides those
names from the term index: heads of the provision's item part, inclusion and alias names,
minus quantities, function clauses ("Designed to ..."), constituents ("layers of any of the
following:") and truncated names ("measurement system" for "neutron measurement systems").
"""

from __future__ import annotations

import polars as pl
from wordfreq import zipf_frequency

from itemlists.derive.qualifiers import CONDITION_OPENING


def item_levels(terms: pl.DataFrame, thresholds: pl.DataFrame, provisions: pl.DataFrame | None = None) -> pl.DataFrame:
    """For each provision that names an item, the terms that name it: (code, norm).

    Head terms end a phrase segment of the provision's item part (itemlists.derive.index). A head of
    two words or more names the item ("semiconductor laser"); a one-word head names it only
    when no longer head of the provision ends with it ("scramjet" in "Ramjet, scramjet or
    combined cycle engines", but not "laser" for "semiconductor lasers", which gets half credit
    in classifiers.score). A provision whose head is the quantity its conditions measure
    ("Output wavelength exceeding 510 nm") names no item: its conditions are checked instead;
    nor does one that opens with a verb of function (``CONDITION_OPENING``).
    """
    naming = _without_quantity_heads(_naming_heads(terms), thresholds)
    if provisions is not None:
        naming = _without_conditions_and_constituents(naming, provisions)
    # Items an inclusion note adds ("includes ... radar jamming equipment") name it too.
    included = terms.filter((pl.col("kind") == "included") & pl.col("norm").str.contains(" ")).select("code", "norm")
    # Other names a note gives ("also known as Quantum Key Distribution (QKD)") name the item,
    # even of a provision that opens with what its item does (5A002.c "Designed ... to perform
    # quantum cryptography").
    aliases = terms.filter(pl.col("kind") == "alias").select("code", "norm")
    included = included.join(naming.select("code").unique(), on="code", how="semi")
    named = pl.concat([naming, included]).unique()
    return pl.concat([_without_truncated_heads(named, provisions), aliases]).unique()


def _naming_heads(terms: pl.DataFrame) -> pl.DataFrame:
    """(code, norm, noun): heads of two words or more, and one-word heads no longer head ends with."""
    heads = (
        terms.filter(pl.col("kind") == "head")
        .select("code", "norm")
        .unique()
        .with_columns(
            pl.col("norm").str.count_matches(" ").alias("spaces"),
            pl.col("norm").str.split(" ").list.last().alias("noun"),
        )
    )
    longer_nouns = heads.filter(pl.col("spaces") >= 1).select("code", "noun").unique()
    single = heads.filter(pl.col("spaces") == 0).join(
        longer_nouns, left_on=["code", "norm"], right_on=["code", "noun"], how="anti"
    )
    return pl.concat([heads.filter(pl.col("spaces") >= 1), single]).select("code", "norm", "noun")


def _without_quantity_heads(naming: pl.DataFrame, thresholds: pl.DataFrame) -> pl.DataFrame:
    """(code, norm) without the provisions whose head is the quantity their conditions measure."""
    measured = (
        thresholds.select("code", pl.col("quantity").str.to_lowercase().str.split(" ").list.last().alias("q"))
        .with_columns(pl.col("q").str.strip_chars_end("s"))
        .unique()
    )
    quantity_heads = (
        naming.join(measured, on="code")
        .filter(pl.col("noun").str.strip_chars_end("s") == pl.col("q"))
        .select("code")
        .unique()
    )
    return naming.join(quantity_heads, on="code", how="anti").select("code", "norm")


def _without_conditions_and_constituents(naming: pl.DataFrame, provisions: pl.DataFrame) -> pl.DataFrame:
    """Without provisions that open with a verb of function, and without listed constituents.

    The sub-items of "layers of any of the following:", "made from any of the following
    materials:" are what the parent's item is made of, not items: 3C001.d "III/V compounds of
    gallium or indium" is a kind of layer of 3C001's hetero-epitaxial material.
    """
    conditions = provisions.filter(pl.col("text").str.contains("(?i)" + CONDITION_OPENING.pattern))
    naming = naming.join(conditions.select("code"), on="code", how="anti")
    lists_constituents = provisions.filter(pl.col("text").str.contains(CONSTITUENT_LIST)).select(
        pl.col("code").alias("parent")
    )
    constituents = provisions.join(lists_constituents, on="parent", how="semi").select("code")
    return naming.join(constituents, on="code", how="anti")


#: A modifier at most this common in English (Zipf) is specific: "optical" in "optical sensor
#: arrays", "neutron" in "neutron measurement systems", "toxic gas" in "toxic gas monitoring systems".
SPECIFIC_MODIFIER_ZIPF = 4.5


def _without_truncated_heads(naming: pl.DataFrame, provisions: pl.DataFrame | None = None) -> pl.DataFrame:
    """Drop an item name that is a longer name of the same provision minus a specific modifier.

    "measurement system" does not name 0B006's "neutron measurement systems", nor "sensor
    array" 7E004.a.6's "flight control optical sensor arrays"; "velocity gun system" still
    names "high velocity gun systems" ("high" is common English). A name the parent provision
    has too is kept: 8A001.b's "untethered" is a kind told apart from its sibling's
    "tethered" (itemlists.derive.qualifiers), and "submersible vehicle" is 8A001's item.
    """
    names: dict[str, list[str]] = {}
    for code, norm in naming.select("code", "norm").unique().sort("code", "norm").iter_rows():
        names.setdefault(code, []).append(norm)
    parents = dict(provisions.select("code", "parent").drop_nulls().iter_rows()) if provisions is not None else {}
    dropped = [
        (code, norm)
        for code, norms in names.items()
        for norm in norms
        if " " in norm
        and norm not in names.get(parents.get(code, ""), [])
        and any(
            longer.endswith(" " + norm)
            # "Non-tunable" is the default kind, and itemlists.derive.qualifiers tells it from "tunable".
            and not longer.startswith("non ")
            and f"non {longer}" not in norms
            and any(zipf_frequency(w, "en") < SPECIFIC_MODIFIER_ZIPF for w in longer[: -len(norm) - 1].split())
            for longer in norms
        )
    ]
    if not dropped:
        return naming
    gone = pl.DataFrame(dropped, schema={"code": pl.String, "norm": pl.String}, orient="row")
    return naming.join(gone, on=["code", "norm"], how="anti")


#: A provision that ends by listing what its item is made of (its sub-items are constituents).
CONSTITUENT_LIST = (
    r"(?i)\b(?:layers?|made|composed|consisting|based|crystals|manufactured)\b[^:;]{0,40}?\b(?:of|from|on)\s+"
    r"(?:at least [\d,.]+\s?% of\s+)?(?:any|either|one or more) of the following(?:\s+[a-z]+){0,2}\s*:?\s*$"
)
