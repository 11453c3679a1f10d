"""The bundled list data: counts, integrity, the 2021 -> 2025 diff, and the logged repairs."""

from __future__ import annotations

import json

import polars as pl
import pytest

from itemlists.install.diff import diff, summary
from itemlists.install.store import BUNDLED_ROOT, ListStore
from itemlists.install.validate import validate, validate_version_dir
from itemlists.types import PROVISION_SCHEMA
from tests.paths import SHARED

ADDED_2025 = sorted(
    "1C513 2B510 2D352 2E503 3A501 3A502 3A504 3B501 3B503 3B504 3C507 3C508 3C509 "
    "3D006 3D507 3E505 4A506 4A507".split()
)
SHARED = SHARED


@pytest.fixture(scope="module")
def store() -> ListStore:
    return ListStore([BUNDLED_ROOT])


def test_installed_versions_and_counts(store: ListStore) -> None:
    installed = store.installed()
    assert installed["II"].label == "II@2025-11-15"
    assert installed["II"].provision_count == 3443
    assert installed["II"].entry_count == 384
    assert installed["III"].provisional is True
    assert "official text" in (installed["III"].provenance or "")
    assert [m.version for m in store.versions("II")] == ["2021", "2025-11-15"]
    assert store.provisions("II").height == 3443
    assert store.provisions("II", "2021").height == 3043
    assert installed["I"].label == "I@2020" and installed["I"].entry_count == 22


@pytest.mark.parametrize("label", ["I@2020", "II@2025-11-15", "II@2021", "III@provisional-2025-11-15"])
def test_every_version_is_sound(store: ListStore, label: str) -> None:
    manifest = store.resolve(label)
    frame = store.provisions(manifest.list, manifest.version)
    assert list(frame.schema) == list(PROVISION_SCHEMA)
    assert validate(frame) == []
    assert validate_version_dir(store.directory(manifest.list, manifest.version)) == []
    parents = set(frame["parent"].drop_nulls().to_list())
    assert parents <= set(frame["code"].to_list())
    assert "authentic" in manifest.attribution


def test_list_iii_is_the_18_eu_5xx_entries(store: ListStore) -> None:
    third = store.provisions("III")
    assert sorted(third["entry_code"].unique().to_list()) == ADDED_2025
    eu = store.provisions("II").filter(pl.col("entry_code").is_in(ADDED_2025))
    assert third["code"].to_list() == eu["code"].to_list()
    assert set(third["list"].unique().to_list()) == {"III"}


def test_diff_2021_to_2025_adds_exactly_the_18_entries(store: ListStore) -> None:
    old, new = store.provisions("II", "2021"), store.provisions("II", "2025-11-15")
    entries = diff(old, new, level="entry")
    assert entries.filter(pl.col("change") == "added")["code"].to_list() == ADDED_2025
    assert entries.filter(pl.col("change") == "removed").height == 0
    provisions = diff(old, new)
    assert summary(provisions)["added"] >= 121  # every provision of the 18 new entries
    assert provisions.filter(pl.col("code") == "4A506.a.1")["change"].to_list() == ["added"]


def test_note_repair_moves_note_to_the_named_provision(store: ListStore) -> None:
    frame = store.provisions("II")
    notes = dict(frame.select("code", "notes").iter_rows())
    assert any(n.startswith("Note 1: 4A506 applies") for n in notes["4A506"])
    assert not any(n.startswith("Note 1: 4A506 applies") for n in notes["4A506.c"])
    assert any(n.startswith("Note 3: Items specified by 4A506.b.") for n in notes["4A506.b"])
    assert any(n.startswith("Note 4: 4A506.c.") for n in notes["4A506.c"])  # already right
    assert any("N.B. For zirconium pressure tubes" in n for n in notes["0A001.f"])  # not moved


def test_exponent_repair_and_its_log(store: ListStore) -> None:
    text = store.provisions("II").filter(pl.col("code") == "4A506.a.1")["text"][0]
    assert "10⁻⁴" in text and "10-4" not in text
    report = json.loads((store.directory("II") / "build_report.json").read_text())
    logged = [r for r in report["repair_log"] if r["code"] == "4A506.a.1"]
    assert logged and "10-4" in logged[0]["before"] and "10⁻⁴" in logged[0]["after"]
    manifest = json.loads((store.directory("II") / "manifest.json").read_text())
    assert manifest["repairs"]["exponent"] == sum(r["kind"] == "exponent" for r in report["repair_log"])


def test_2021_note_sublists_are_folded_not_duplicated(store: ListStore) -> None:
    frame = store.provisions("II", "2021")
    assert frame["code"].is_duplicated().sum() == 0
    notes = dict(frame.select("code", "notes").iter_rows())
    note1 = next(n for n in notes["1A002"] if n.startswith("Note 1:"))
    assert "a. An area not exceeding 1 m2; b. A length not exceeding 2,5 m; and c." in note1
    assert "1A002.b.2.a" not in notes
    # a sub-list the fixture flattened into its parent is nested again, as in the 2025 text
    assert {"6A004.a.1.b.1", "6A004.a.4.a"} <= set(notes)


def test_definitions_with_categories(store: ListStore) -> None:
    defs = store.definitions("II")
    accuracy = defs.filter(pl.col("term") == "Accuracy").row(0, named=True)
    assert accuracy["categories"] == ["2", "3", "6", "7"]
    assert accuracy["definition"].startswith("usually measured in terms of inaccuracy")
    assert defs.filter(pl.col("source") == "article_2")["term"].to_list()[0] == "dual-use items"
    assert defs.filter(pl.col("source") == "annex").height > 150


@pytest.mark.skipif(not (SHARED / "data/itemlists").is_dir(), reason="shared sources not present")
def test_bundled_data_records_the_source_hashes(store: ListStore) -> None:
    from itemlists.install.build import read_version
    from itemlists.install.bundled import MANIFEST_DIR, load_manifest

    manifest = store.manifest("II")
    sources = (SHARED / "data/itemlists/SOURCES.md").read_text()
    assert manifest.source_sha256 in sources  # the annex.json hash SOURCES.md states
    data = read_version(SHARED, load_manifest(MANIFEST_DIR / "II-2025-11-15.toml"))
    frame, report = data.provisions, data.report
    assert frame.height == 3443
    assert frame["code"].to_list() == store.provisions("II")["code"].to_list()
    assert report["repairs"]["note_moved"] > 0
