"""Integrity checks for provisions frames and installed list-version directories.

``validate`` looks at a frame alone; ``validate_version_dir`` also checks what the manifest
promises (counts, sha256 of every data file). Both return problems as readable sentences and
never raise for bad data, so callers decide whether a problem refuses an import or fails a run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from extractors.documents.hashing import sha256_file
from itemlists.types import PROVISION_SCHEMA, code_matches

MAX_SHOWN = 20  # problems of one kind listed before "and N more"


def validate(provisions: pl.DataFrame, locations: Sequence[str] | None = None) -> list[str]:
    """Check one list version's provisions.

    Args:
        provisions: A frame in ``PROVISION_SCHEMA``.
        locations: Optional row-aligned labels ("line 12") used in messages.

    Returns:
        Problems: schema, duplicate codes, missing parents, depth inconsistent with the parent,
        empty text (of a provision without sub-items), codes not matching the list's pattern.
        Empty when the frame is sound.
    """
    missing = [c for c in PROVISION_SCHEMA if c not in provisions.columns]
    if missing:
        return [f"provisions lack column(s) {missing!r}"]
    frame = provisions.with_row_index("_row")
    where = list(locations) if locations is not None else None
    problems: list[str] = []
    problems += _duplicates(frame, where)
    problems += _parents(frame, where)
    # A numbered group of sub-items ("3A201.a.1" over a.-d.) may print no text of its own.
    empty = (frame["text"].str.strip_chars().fill_null("") == "") & ~frame["code"].is_in(
        frame["parent"].drop_nulls().implode()
    )
    problems += _listed(frame, empty, "empty text", where)
    problems += _patterns(frame, where)
    return problems


def _at(row: int, where: list[str] | None) -> str:
    return f" at {where[row]}" if where is not None and row < len(where) else ""


def _listed(frame: pl.DataFrame, mask: pl.Series, what: str, where: list[str] | None) -> list[str]:
    bad = frame.filter(mask).select("_row", "code")
    shown = [f"{what}: {code!r}{_at(row, where)}" for row, code in bad.head(MAX_SHOWN).iter_rows()]
    if bad.height > MAX_SHOWN:
        shown.append(f"{what}: and {bad.height - MAX_SHOWN} more")
    return shown


def _duplicates(frame: pl.DataFrame, where: list[str] | None) -> list[str]:
    later = frame.filter(pl.col("code").is_duplicated() & ~pl.col("code").is_first_distinct())
    return _listed(frame, frame["_row"].is_in(later["_row"].implode()), "duplicate code", where)


def _parents(frame: pl.DataFrame, where: list[str] | None) -> list[str]:
    parents = frame.select(pl.col("code").alias("parent"), pl.col("depth").alias("parent_depth")).unique(
        "parent", keep="first"
    )
    joined = frame.join(parents, on="parent", how="left")
    no_parent = pl.col("parent").is_not_null() & pl.col("parent_depth").is_null()
    bad_root = pl.col("parent").is_null() & (pl.col("depth") != 0)
    bad_depth = pl.col("parent_depth").is_not_null() & (pl.col("depth") != pl.col("parent_depth") + 1)
    not_in_entry = ~pl.col("code").str.starts_with(pl.col("entry_code"))
    joined = joined.sort("_row")
    return (
        _listed(joined, joined.select(no_parent).to_series(), "missing parent of", where)
        + _listed(joined, joined.select(bad_root).to_series(), "no parent but depth > 0", where)
        + _listed(joined, joined.select(bad_depth).to_series(), "depth inconsistent with parent", where)
        + _listed(joined, joined.select(not_in_entry).to_series(), "code outside its entry", where)
    )


def _patterns(frame: pl.DataFrame, where: list[str] | None) -> list[str]:
    pairs = frame.select("list", "code").unique()
    bad_codes = {code for list_id, code in pairs.iter_rows() if not code_matches(list_id, code)}
    return _listed(frame, frame["code"].is_in(list(bad_codes)), "code not matching its list", where)


def validate_version_dir(directory: Path) -> list[str]:
    """Check an installed version directory: manifest, file hashes, counts, provisions.

    Returns:
        Problems, empty when sound. A missing or unreadable manifest is one problem.
    """
    manifest_path = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{manifest_path} unreadable ({exc.__class__.__name__}): rebuild or re-import"]
    problems = check_files(directory, manifest.get("files", {}))
    if problems:
        return problems
    provisions = pl.read_parquet(directory / "provisions.parquet")
    problems += _counts(manifest, provisions)
    return problems + validate(provisions)


def check_files(directory: Path, files: dict[str, str]) -> list[str]:
    """Compare each recorded sha256 with the file on disk."""
    problems = []
    if "provisions.parquet" not in files:
        problems.append(f"{directory / 'manifest.json'} records no provisions.parquet hash")
    for name, expected in files.items():
        path = directory / name
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif sha256_file(path) != expected:
            problems.append(f"{path} sha256 does not match the manifest (file changed or damaged)")
    return problems


def _counts(manifest: dict[str, object], provisions: pl.DataFrame) -> list[str]:
    problems = []
    if manifest.get("provision_count") != provisions.height:
        problems.append(
            f"manifest provision_count {manifest.get('provision_count')!r} != "
            f"{provisions.height} rows in provisions.parquet"
        )
    entries = provisions["entry_code"].n_unique()
    if manifest.get("entry_count") != entries:
        problems.append(f"manifest entry_count {manifest.get('entry_count')!r} != {entries} entries")
    return problems
