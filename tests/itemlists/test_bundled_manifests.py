"""Bundled list versions are data files: each manifest parses, and the build picks up a new one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itemlists.install.build import build_version, main
from itemlists.install.bundled import MANIFEST_DIR, load_manifest, load_manifests
from itemlists.install.store import BUNDLED_ROOT, ListStore
from itemlists.sources import SOURCE_FORMATS
from tests.paths import SHARED

SHARED = SHARED
needs_shared = pytest.mark.skipif(not (SHARED / "data/itemlists").is_dir(), reason="shared sources not present")


@pytest.mark.parametrize("path", sorted(MANIFEST_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_each_manifest_parses_and_names_a_known_format(path: Path) -> None:
    bundled = load_manifest(path)
    assert bundled.format in SOURCE_FORMATS
    assert path.stem == f"{bundled.list}-{bundled.version}"
    assert (BUNDLED_ROOT / bundled.list / bundled.version / "manifest.json").is_file()  # it was built
    if (SHARED / "data/itemlists").is_dir():
        assert all((SHARED / source).is_file() for source in bundled.sources)


def test_every_bundled_version_has_its_manifest() -> None:
    store = ListStore([BUNDLED_ROOT])
    built = {m.label for list_id in store.installed() for m in store.versions(list_id)}
    assert built == {bundled.label for bundled in load_manifests()}
    current = {bundled.list: bundled.version for bundled in load_manifests() if bundled.current}
    assert {k: m.version for k, m in store.installed().items()} == current


def test_a_bad_manifest_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "II-x.toml"
    path.write_text('list = "II"\nversion = "x"\ntitle = "t"\nformat = "nope"\nsources = ["a"]\nattribution = "a"\n')
    with pytest.raises(SystemExit, match=r"(?s)II-x.toml: not a bundled-version manifest .*unknown format \['nope'\]"):
        load_manifest(path)


ROWS = [
    {"code": "4A506", "text": "Quantum computers, as follows:"},
    {"code": "4A506.a", "text": "Quantum computers supporting 34 or more physical qubits."},
    {"code": "4A507", "text": "Other computers."},
]


def test_a_new_manifest_is_picked_up(tmp_path: Path) -> None:
    shared, out, manifests = tmp_path / "shared", tmp_path / "out", tmp_path / "manifests"
    (shared / "lists").mkdir(parents=True)
    manifests.mkdir()
    (shared / "lists" / "l3.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    (manifests / "III-test-1.toml").write_text(
        'list = "III"\nversion = "test-1"\ntitle = "A test list"\nformat = "flat_jsonl"\n'
        'sources = ["lists/l3.jsonl"]\nentries = ["4A506"]\nprovisional = true\n'
        'provenance = "Only {entries}."\nattribution = "Made up."\n'
    )
    assert main(["--shared", str(shared), "--out", str(out), "--manifests", str(manifests)]) == 0
    store = ListStore([out])
    manifest = store.installed()["III"]
    assert (manifest.label, manifest.provision_count, manifest.provenance) == ("III@test-1", 2, "Only 4A506.")
    assert manifest.attribution.startswith("Made up. Only the texts published")
    assert store.provisions("III")["code"].to_list() == ["4A506", "4A506.a"]
    assert "repairs" not in store.manifest_extras("III")  # a filtered version records its sources only
    assert main(["--shared", str(tmp_path / "nowhere"), "--out", str(out), "--manifests", str(manifests)]) == 2


@needs_shared
def test_a_bundled_version_rebuilds_byte_identical(tmp_path: Path) -> None:
    """The provisional List III, rebuilt from its manifest: every file as committed, but the build time."""
    bundled = load_manifest(MANIFEST_DIR / "III-provisional-2025-11-15.toml")
    build_version(SHARED, tmp_path, bundled)
    built, committed = tmp_path / "III" / bundled.version, BUNDLED_ROOT / "III" / bundled.version
    assert sorted(p.name for p in built.iterdir()) == sorted(p.name for p in committed.iterdir())
    for path in committed.iterdir():
        if path.name == "manifest.json":
            ours, theirs = (json.loads(p.read_text()) for p in (built / path.name, path))
            assert {**ours, "built_at": None} == {**theirs, "built_at": None}
        else:
            assert (built / path.name).read_bytes() == path.read_bytes(), path.name
