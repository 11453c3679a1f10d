"""Derived tables are computed at install and saved; loading them gives what computing them gives."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from itemlists.derive.tables import DERIVED_TABLES, DERIVED_VERSION, derive_tables, thresholds_or_empty
from itemlists.install.importing import set_current
from itemlists.install.store import BUNDLED_ROOT, ListStore
from itemlists.reference import build_reference, load_reference
from itemlists.types import Reference

STORE = ListStore([BUNDLED_ROOT])
VERSIONS = [(m.list, m.version) for list_id in STORE.installed() for m in STORE.versions(list_id)]
FRAMES = ("provisions", "terms", "thresholds", "items", "exclusions", "technology", "qualifiers",
          "purposes", "stems")


def _equal(left: pl.DataFrame, right: pl.DataFrame, what: str) -> None:
    try:
        assert_frame_equal(left, right)
    except AssertionError as exc:
        raise AssertionError(f"{what}: {exc}") from None


@pytest.mark.parametrize(("list_id", "version"), VERSIONS, ids=[f"{k}@{v}" for k, v in VERSIONS])
def test_saved_tables_equal_fresh_ones(list_id: str, version: str) -> None:
    saved = STORE.derived(list_id, version)
    assert saved is not None, "bundled data without derived tables: run 'make itemlists'"
    fresh = derive_tables(
        STORE.provisions(list_id, version), STORE.terms(list_id, version),
        thresholds_or_empty(STORE.thresholds(list_id, version)),
    )
    assert list(saved) == list(DERIVED_TABLES) == list(fresh)
    for name in DERIVED_TABLES:
        _equal(saved[name], fresh[name], f"{list_id}@{version} {name}")


def _fresh(store: ListStore) -> Reference:
    """The Reference as built before tables were saved: everything derived from the joined lists."""
    loaded = load_reference(store)
    return build_reference(loaded.provisions, loaded.terms, loaded.thresholds.drop("conj_parent"), loaded.versions,
                           loaded.provisional, loaded.also_listed)


def _assert_same(loaded: Reference, fresh: Reference) -> None:
    for name in FRAMES:
        _equal(getattr(loaded, name), getattr(fresh, name), name)
    # The blocking table is built at load both ways, in no particular row order.
    _equal(loaded.blocks.sort(pl.all()), fresh.blocks.sort(pl.all()), "blocks")
    for name in ("exact_only", "conditional", "alternatives", "cross_references", "versions", "provisional",
                 "checked", "also_listed"):
        assert getattr(loaded, name) == getattr(fresh, name), name


def test_loaded_reference_equals_the_computed_one(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="itemlists.reference"):
        loaded = load_reference(STORE)
    assert caplog.records == []
    assert loaded.versions == {"I": "2020", "II": "2025-11-15", "III": "provisional-2025-11-15"}
    _assert_same(loaded, _fresh(STORE))


def test_with_the_earlier_list_ii_current_too(tmp_path: Path) -> None:
    """II@2021 current: the provisional List III is matched too (no entry in both), tables joined."""
    set_current(tmp_path, "II", "2021")
    store = ListStore([BUNDLED_ROOT, tmp_path])
    loaded = load_reference(store)
    assert loaded.versions["II"] == "2021" and loaded.provisions.filter(pl.col("list") == "III").height == 121
    _assert_same(loaded, _fresh(store))


def _older_release(root: Path, version_dir: Path, drop: bool) -> None:
    """Make one version look installed by another release: no derived tables, or an old format."""
    manifest = json.loads((version_dir / "manifest.json").read_text())
    if drop:
        manifest.pop("derived_version")
        for name in DERIVED_TABLES:
            (version_dir / f"{name}.parquet").unlink()
            del manifest["files"][f"{name}.parquet"]
    else:
        manifest["derived_version"] = DERIVED_VERSION - 1
    (version_dir / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("drop", [True, False], ids=["missing", "other-version"])
def test_stale_or_missing_tables_are_recomputed_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, drop: bool
) -> None:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_ROOT, root)
    _older_release(root, root / "II" / "2025-11-15", drop)
    store = ListStore([root])
    assert store.derived("II") is None and store.derived("I") is not None
    with caplog.at_level(logging.WARNING, logger="itemlists.reference"):
        loaded = load_reference(store)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["II@2025-11-15"]
    assert "derived tables are missing or not of format" in caplog.records[0].getMessage()
    _assert_same(loaded, load_reference(STORE))
