"""Entity lists: the four import formats, versioned imports with provenance, and name matching."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itemlists.entities import detect_format, get_format
from itemlists.entities.match import alias_table, match_names, mentions, search
from itemlists.entities.normalise import name_key
from itemlists.entities.store import EntityStore
from itemlists.errors import EntityListError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "entities"
SAMPLE = ROOT / "flows" / "project_examples" / "entities" / "entities_sample.csv"


@pytest.mark.parametrize(("file", "fmt", "names", "skipped"), [
    ("eu_fsf_sample.xml", "eu-fsf", ["Persepolis Precision Optics Company", "Joint Stock Company Ural Sensor Works"],
     {"subject type person (not an enterprise)": 1}),
    ("opensanctions_targets.simple.csv", "opensanctions-csv",
     ["Northern Lights Drone Factory LLC", "Institute of Example Defence Electronics"],
     {"schema Person (not an organisation)": 1}),
    ("entities.ftm.json", "ftm", ["Caspian Example Materials Co.", "Example State Academy of Rocketry"],
     {"schema Person (not an organisation)": 1, "schema Sanction (not an organisation)": 1}),
    (str(SAMPLE), "plain", None, {}),
])
def test_each_format_reads_organisations_and_counts_what_it_leaves_out(
        file: str, fmt: str, names: list[str] | None, skipped: dict[str, int]) -> None:
    path = FIXTURES / file
    assert detect_format(path) == fmt
    frame, left_out = get_format(fmt)(path)
    if names is not None:
        assert frame["name"].to_list() == names
    assert dict(left_out) == skipped
    assert frame["countries"].list.len().min() >= 1  # every sample entity has a country
    assert "Ivan Examplov" not in frame["name"].to_list()  # natural persons are never kept


def test_aliases_and_countries_come_through() -> None:
    frame, _ = get_format("eu-fsf")(FIXTURES / "eu_fsf_sample.xml")
    first = frame.row(0, named=True)
    assert (first["entity_id"], first["aliases"], first["countries"], first["list"]) == (
        "900101", ["PPOC"], ["IR"], "IRN")
    ftm, _ = get_format("ftm")(FIXTURES / "entities.ftm.json")
    academy = ftm.row(1, named=True)
    assert academy["aliases"] == ["ESAR", "Example Academy of Jet Propulsion"] and academy["countries"] == ["KP"]


def test_import_keeps_provenance_and_is_idempotent(tmp_path: Path) -> None:
    store = EntityStore(tmp_path / "entities")
    manifest, new = store.import_file(FIXTURES / "eu_fsf_sample.xml", "EU-FSF", "2026-12-01")
    assert new and manifest.format == "eu-fsf" and manifest.entities == 2 and manifest.skipped == 1
    assert manifest.source_sha256 == hashlib.sha256((FIXTURES / "eu_fsf_sample.xml").read_bytes()).hexdigest()
    again, new_again = store.import_file(FIXTURES / "eu_fsf_sample.xml", "EU-FSF", "2026-12-01")
    assert not new_again and again == manifest
    assert store.frame()["list_name"].unique().to_list() == ["EU-FSF@2026-12-01"]


def test_another_file_under_an_existing_version_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    store = EntityStore(tmp_path / "entities")
    store.import_file(SAMPLE, "SAMPLE", "v1")
    before = sorted(p.read_bytes() for p in (tmp_path / "entities").rglob("*") if p.is_file())
    with pytest.raises(EntityListError, match=r"SAMPLE@v1 is already imported from another file .* give a new"):
        store.import_file(FIXTURES / "opensanctions_targets.simple.csv", "SAMPLE", "v1")
    after = sorted(p.read_bytes() for p in (tmp_path / "entities").rglob("*") if p.is_file())
    assert before == after


@pytest.mark.parametrize(("file", "fmt", "message"), [
    ("broken_fsf.xml", None, r"is not well-formed XML"),
    ("empty_targets.csv", None, r"holds no organisation"),
    ("entities.ftm.json", "opensanctions-csv", r"not a readable UTF-8 CSV|missing column"),
    ("opensanctions_targets.simple.csv", "ftm", r"is not FollowTheMoney JSON lines"),
])
def test_a_broken_file_is_refused_with_a_reason_and_installs_nothing(
        tmp_path: Path, file: str, fmt: str | None, message: str) -> None:
    store = EntityStore(tmp_path / "entities")
    store.import_file(SAMPLE, "SAMPLE", "v1")
    with pytest.raises(EntityListError, match=message):
        store.import_file(FIXTURES / file, "BROKEN", "v1", fmt)
    assert list(store.installed()) == ["SAMPLE"]
    assert not (tmp_path / "entities" / "BROKEN").exists() or not any((tmp_path / "entities" / "BROKEN").iterdir())


def test_a_damaged_imported_list_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    store = EntityStore(tmp_path / "entities")
    store.import_file(SAMPLE, "SAMPLE", "v1")
    (tmp_path / "entities" / "SAMPLE" / "v1" / "entities.parquet").write_bytes(b"not parquet")
    with pytest.raises(EntityListError, match=r"SAMPLE@v1 cannot be read"):
        store.frame()


class MatchCase(TypedDict):
    query: str
    entity: str | None
    how: str | None


MATCH_CASES: list[MatchCase] = [
    {"query": "Harbin Inst. of Technology", "entity": "Harbin Institute of Technology", "how": "exact"},
    {"query": "Technology, Harbin Institute of", "entity": "Harbin Institute of Technology", "how": "exact"},
    {"query": "Harbin Institute of Technology (HIT)", "entity": "Harbin Institute of Technology", "how": "exact"},
    {"query": "NUDT", "entity": "National University of Defense Technology", "how": "acronym"},
    {"query": "Volga Photonics AO", "entity": "Volga Photonics JSC", "how": "exact"},
    {"query": "Sharif University of Technology, Tehran", "entity": "Sharif University of Technology",
     "how": "exact"},
    {"query": "Bauman Moscow State Technical Univ.", "entity": "Bauman Moscow State Technical University",
     "how": "exact"},
    {"query": "Bauman-universitetet", "entity": "Bauman Moscow State Technical University", "how": "exact"},
    {"query": "Beihang Universty", "entity": "Beihang University", "how": "fuzzy"},
    {"query": "Hit", "entity": None, "how": None},  # an acronym only as written
    {"query": "HEU", "entity": "Harbin Engineering University", "how": "acronym"},
    {"query": "University of Oslo", "entity": None, "how": None},
    {"query": "Harbin Medical University", "entity": None, "how": None},
]


@pytest.fixture(scope="module")
def sample_aliases(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = EntityStore(tmp_path_factory.mktemp("entities"))
    store.import_file(SAMPLE, "SAMPLE", "v1")
    return alias_table(store.frame())


@pytest.mark.parametrize("case", MATCH_CASES, ids=[c["query"] for c in MATCH_CASES])
def test_partner_names_match_the_listed_entity(case: MatchCase, sample_aliases) -> None:  # type: ignore[no-untyped-def]
    hits = match_names([case["query"]], sample_aliases)
    if case["entity"] is None:
        assert hits == []
        return
    assert hits, f"no hit for {case['query']!r}"
    assert (hits[0].entity_name, hits[0].how) == (case["entity"], case["how"])
    assert hits[0].list_name == "SAMPLE@v1" and 0 < hits[0].score <= 1


def test_the_match_threshold_is_a_setting(sample_aliases) -> None:  # type: ignore[no-untyped-def]
    assert match_names(["Beihang Universty"], sample_aliases, threshold=0.99) == []


def test_listed_names_are_found_in_running_text(sample_aliases) -> None:  # type: ignore[no-untyped-def]
    texts = ["Work package 2 is carried out with Bauman-universitetet i Moskva.",
             "A HIT song and a hit rate of 90 %.", "Two PhD students from NUDT visit the lab."]
    found = [(i, h.entity_name) for i, h in mentions(texts, sample_aliases)]
    assert found == [(0, "Bauman Moscow State Technical University"),
                     (2, "National University of Defense Technology")]


def test_search_finds_by_part_of_a_name(sample_aliases) -> None:  # type: ignore[no-untyped-def]
    found = search(sample_aliases, "Harbin")
    assert sorted(found["entity_name"].to_list()) == ["Harbin Engineering University", "Harbin Institute of Technology"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_name_keys_are_stable_and_never_crash(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert key == key.lower().strip()


def test_the_demo_sample_is_the_documented_format() -> None:
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[0] == "name,country,aliases,list"
