"""Every labelled text of the project, analysed once and cached: the data for fitting and evaluating.

A labelled text is a dev-set case (``../shared/data/eval/dev.jsonl``), a probe case
(``tests/fixtures/probe/probe*.jsonl``) or an inbox document (``tests/benchmarks/inbox``).
Language analysis (spaCy) is most of the cost of screening, and it does not change while the
classifier is tuned or fitted, so each text's ``Analysis`` is kept in a cache file keyed by
the text and by a digest of the ``extractors`` package's source and the pipeline: a change to
the extractors or the model makes a new key, never a stale analysis (sentence zones, the register,
markings and quantity contexts excepted: they are recomputed from the sentences at every load).

    python -m tests.benchmarks.corpus --shared ../shared   # fill the cache; prints counts
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractors import read_document
from extractors.errors import ExtractionError
from extractors.types import Analysis, Document, Page
from tests.benchmarks.inbox import cases as inbox_cases
from tests.paths import ROOT, TESTS

#: Modules whose results read only the sentences and cost little: recomputed at every load, so
#: they are not part of the cache key.
RECOMPUTED = (
    "zones.py",
    "markings.py",
    "quantities.py",
    "quantity_context.py",
    "words.py",
    "keys.py",
    "implied_en.tsv",
)
#: Where analyses are cached (ignored by git).
CACHE = ROOT / ".cache" / "analyses"
PROBES = TESTS / "fixtures" / "probe"


@dataclass(frozen=True)
class Labelled:
    """One labelled text: where it comes from, its label, and its text as a read document.

    Attributes:
        source: "dev", "probe<N>" or "inbox".
        id: The case id.
        split: "tune" or "test" (dev cases are tune; probes are test: written blind, kept for checking).
        klass: "controlled", "near_miss" or "benign".
        expected: Entry families a controlled text must flag (the near entry for a near-miss).
        language: "en" or "nb".
        long: Whether the document has 5 pages or more.
    """

    source: str
    id: str
    split: str
    klass: str
    expected: tuple[str, ...]
    language: str
    long: bool
    document: Document | None
    error: str | None = None


def _text_document(case_id: str, text: str) -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(case_id, "text", (Page(None, text),), digest, len(text.encode()))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _short_text(source: str, split: str, case: dict) -> Labelled:
    """A labelled English text given inline (the dev set, the probes)."""
    expected = tuple(case.get("expected_entry_codes") or ())
    document = _text_document(case["id"], case["text"])
    return Labelled(source, case["id"], split, case["class"], expected, "en", False, document)


def labelled(shared: Path | None) -> Iterator[Labelled]:
    """Every labelled text: dev (when ``shared`` is given), probes, inbox."""
    if shared is not None:
        for case in _jsonl(shared / "data" / "eval" / "dev.jsonl"):
            yield _short_text("dev", "tune", case)
    for path in sorted(PROBES.glob("probe*.jsonl")):
        for case in _jsonl(path):
            yield _short_text(path.stem, "test", case)
    for case in inbox_cases():
        label = case.label
        try:
            document, error = read_document(case.path), None
        except ExtractionError as exc:
            document, error = None, str(exc)
        yield Labelled(
            "inbox",
            label["id"],
            label["split"],
            label["class"],
            tuple(label["expected_entry_codes"]),
            label["language"],
            case.band == "long",
            document,
            error,
        )


@cache
def _code_digest(pipeline: str) -> str:
    """Digest of the extractors' source and the pipeline's name: part of every cache key."""
    digest = hashlib.sha256(pipeline.encode())
    for path in sorted((ROOT / "extractors").rglob("*")):
        if (
            path.is_file()
            and path.name not in RECOMPUTED
            and path.suffix in (".py", ".json", ".toml", ".txt", ".tsv", ".csv", ".parquet")
        ):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analysis_of(document: Document) -> Analysis:
    """The document's analysis, from the cache when it is there."""
    from extractors.analysis.analyse import analyse, sentence_quantities
    from extractors.analysis.language import translate_norm
    from extractors.analysis.markings import find_markings
    from extractors.analysis.nlp import load_pipeline
    from extractors.analysis.quantity_context import quantity_frame
    from extractors.analysis.words import document_words, norm_keys, term_words
    from extractors.analysis.zones import sentence_zones, text_register

    pipeline = load_pipeline()
    key = hashlib.sha256(f"{_code_digest(pipeline.name)}:{document.sha256}:{document.path}".encode()).hexdigest()
    path = CACHE / key[:2] / f"{key}.pkl"
    if path.exists():
        # Cheap results that read only the sentences are recomputed (RECOMPUTED: not in the key).
        cached = pickle.loads(path.read_bytes())
        quantities = sentence_quantities(cached.sentences, cached.language)
        return dataclasses.replace(
            cached,
            quantities=quantities,
            zones=sentence_zones(cached.sentences),
            register=text_register(cached.sentences),
            markings=tuple(sorted(find_markings(cached.sentences), key=lambda m: -m.level)),
            quantity_contexts=quantity_frame(
                quantities, cached.sentences, translate_norm if cached.language == "nb" else None
            ),
            words=document_words(cached.sentences, cached.candidates, cached.language, quantities),
            term_words=term_words(cached.candidates),
            norm_keys=norm_keys(cached.candidates),
        )
    analysis = analyse(document, pipeline)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    return analysis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (for the dev set)")
    args = parser.parse_args(argv)
    count = failed = 0
    for item in labelled(args.shared):
        if item.document is None:
            failed += 1
            continue
        analysis_of(item.document)
        count += 1
    print(f"{count} texts analysed (cache {CACHE}), {failed} unreadable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
