"""The reference data one screening run uses: installed list versions, joined and indexed.

A ``Reference`` is built once per process and shared by every document of a run. It holds
the provisions and term index of the current version of each list, the threshold table, the
tables derived from the provisions as saved at install (``itemlists.derive.tables``), the
conditions read at load (``itemlists.derive.conditions``), and a token -> term blocking table
for fuzzy matching (so a candidate is compared only with the index terms that share a
reasonably rare word with it).
"""

from __future__ import annotations

import logging

import polars as pl

from itemlists.derive.conditions import (
    alternative_codes,
    conditional_codes,
    conjunctive_parents,
    cross_reference_table,
    with_conjunctions,
    with_measurement_temperatures,
)
from itemlists.derive.tables import (
    DERIVED_VERSION,
    chemical_codes,
    combine_tables,
    derive_tables,
    thresholds_or_empty,
)
from itemlists.errors import ListNotInstalledError
from itemlists.install.store import REBUILD_HINT, ListStore
from itemlists.types import ListManifest, Reference, block_key

log = logging.getLogger(__name__)


#: A word in more index terms than this is too common to block on ("laser" is fine,
#: "power" is not): candidates are still matched exactly on such words.
MAX_BLOCK_FREQUENCY = 400


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


def build_reference(
    provisions: pl.DataFrame,
    terms: pl.DataFrame,
    thresholds: pl.DataFrame | None,
    versions: dict[str, str],
    provisional: frozenset[str] = frozenset(),
    also_listed: dict[str, str] | None = None,
    derived: dict[str, pl.DataFrame] | None = None,
) -> Reference:
    """Assemble a Reference from already-loaded frames (see itemlists.install.store for loading).

    ``derived`` are the tables of ``itemlists.derive.tables.derive_tables`` for these frames,
    as saved at install; computed here when None.
    """
    thresholds = thresholds_or_empty(thresholds)
    tables = derived if derived is not None else derive_tables(provisions, terms, thresholds)
    return Reference(
        provisions=provisions,
        terms=terms,
        thresholds=with_measurement_temperatures(with_conjunctions(thresholds, provisions), provisions),
        blocks=blocking_table(terms),
        items=tables["items"],
        exact_only=chemical_codes(provisions),
        exclusions=tables["exclusions"],
        technology=tables["technology"],
        qualifiers=tables["qualifiers"],
        purposes=tables["purposes"],
        stems=tables["stems"],
        conditional=conditional_codes(provisions, thresholds),
        conjunctive=conjunctive_parents(provisions),
        alternatives=alternative_codes(provisions),
        cross_references=cross_reference_table(provisions),
        versions=dict(versions),
        provisional=provisional,
        checked=_checked(provisions, versions, provisional),
        also_listed=dict(also_listed or {}),
    )


def _checked(provisions: pl.DataFrame, versions: dict[str, str], provisional: frozenset[str]) -> str:
    counts = provisions.group_by("list").agg(pl.len().alias("n")).sort("list")
    parts = []
    for list_id, n in counts.iter_rows():
        note = " (provisional)" if list_id in provisional else ""
        parts.append(f"List {list_id}@{versions.get(list_id, '?')}{note}: {n} provisions")
    return "; ".join(parts)


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

    The derived tables saved at install are used (``itemlists.derive.tables``); a version
    whose tables are missing or of another format gets them recomputed, with a warning.

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
    frames = {k: (store.provisions(k), store.terms(k), thresholds_or_empty(store.thresholds(k))) for k in wanted}
    heights = {k: f[0].height for k, f in frames.items()}
    labels = {k: f"{installed[k].label}{' (provisional)' if installed[k].provisional else ''}" for k in wanted}
    frames, also = _dedupe_lists(frames, labels)
    parts = [
        _version_tables(store, installed[k], f, trimmed=f[0].height != heights[k])
        for k, f in frames.items()
        if f[0].height
    ]
    return build_reference(
        pl.concat([f[0] for f in frames.values()], how="vertical_relaxed"),
        pl.concat([f[1] for f in frames.values()], how="vertical_relaxed"),
        pl.concat([f[2] for f in frames.values()], how="vertical_relaxed"),
        {k: installed[k].version for k in wanted},
        frozenset(k for k in wanted if installed[k].provisional),
        also,
        combine_tables(parts) if parts else None,
    )


def _version_tables(
    store: ListStore, manifest: ListManifest, frames: tuple[pl.DataFrame, ...], trimmed: bool
) -> dict[str, pl.DataFrame]:
    """The derived tables of one list version: as saved, else computed (``trimmed``: by ``_dedupe_lists``)."""
    if trimmed:
        return derive_tables(*frames)
    saved = store.derived(manifest.list, manifest.version)
    if saved is None:
        log.warning(
            "%s: its derived tables are missing or not of format %d (installed by another release); "
            "computing them for this run; to save them, %s",
            manifest.label,
            DERIVED_VERSION,
            REBUILD_HINT,
        )
        return derive_tables(*frames)
    return saved
