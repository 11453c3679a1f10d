"""``make eval``: screening quality on the labelled development set (../shared/data/eval).

Prints recall on `controlled` (a flag whose entry family is among the expected ones), the
flag rates on `near_miss` and `benign`, and a confusion table of class by decision. The
texts are read from the shared folder at evaluation time, never copied into the project.

    python -m tests.benchmarks.evaluate --shared ../shared [--verbose]
    python -m tests.benchmarks.evaluate --cases tests/fixtures/probe/probe.jsonl

``--cases`` evaluates another file of the same format: ``tests/fixtures/probe/probe.jsonl`` is
the project's own probe set, 40 texts written from the law on entries the development set
does not use, to see whether the screening generalises beyond the cases it was tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from classifiers.settings import ScreeningSettings
from classifiers.types import DocumentResult
from extractors.types import Document, Page
from flows.pipeline import make_context, screen_document


def screen_text(case_id: str, text: str, settings: ScreeningSettings, cached: bool = False) -> DocumentResult:
    """Screen one evaluation text as a plain-text document (``cached``: analysis from the corpus cache)."""
    context = make_context(settings)
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = Document(case_id, "text", (Page(None, text),), digest, len(text.encode()))
    if cached:
        from classifiers.screening import classify
        from tests.benchmarks.corpus import analysis_of

        return classify(analysis_of(document), context.reference, context.settings)
    return screen_document(document, context)


def found(case: dict, result: DocumentResult) -> bool:
    """The dev set's rule: not no_listed_technology and a flagged entry family expected."""
    if result.decision == "no_listed_technology":
        return False
    families = {f.entry_code for f in result.flags}
    return bool(families & set(case["expected_entry_codes"]))


def evaluate(cases: list[dict], settings: ScreeningSettings, verbose: bool = False, cached: bool = False) -> dict:
    """Screen every case and return the figures (also printed)."""
    confusion: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for case in cases:
        result = screen_text(case["id"], case["text"], settings, cached)
        klass = case["class"]
        counts[klass] += 1
        confusion[(klass, result.decision)] += 1
        ok = found(case, result) if klass == "controlled" else result.decision == "no_listed_technology"
        hits[klass] += int(found(case, result) if klass == "controlled" else result.decision != "no_listed_technology")
        if verbose or not ok:
            top = ", ".join(f"{f.code}={f.score:.2f}{'*' if f.level == 'flag' else ''}" for f in result.findings[:4])
            mark = "ok  " if ok else "MISS" if klass == "controlled" else "FLAG"
            print(f"{mark} {case['id']:<16} expected {case['expected_entry_codes'] or '-'} -> {result.decision}: {top}")
    figures = {
        "recall_controlled": hits["controlled"] / max(counts["controlled"], 1),
        "flag_rate_near_miss": hits["near_miss"] / max(counts["near_miss"], 1),
        "flag_rate_benign": hits["benign"] / max(counts["benign"], 1),
        "counts": dict(counts),
    }
    _print_figures(figures, hits, counts, confusion)
    return figures


def _print_figures(figures: dict, hits: Counter, counts: Counter, confusion: Counter) -> None:
    print()
    print(
        f"recall on controlled (right entry family): {hits['controlled']}/{counts['controlled']} = "
        f"{figures['recall_controlled']:.2f}   (target >= 0.95)"
    )
    print(
        f"flag rate on near_miss: {hits['near_miss']}/{counts['near_miss']} = "
        f"{figures['flag_rate_near_miss']:.2f}   (target <= 0.35)"
    )
    print(
        f"flag rate on benign:    {hits['benign']}/{counts['benign']} = "
        f"{figures['flag_rate_benign']:.2f}   (target <= 0.10)"
    )
    decisions = sorted({d for _, d in confusion})
    print()
    print(f"{'class':<12}" + "".join(f"{d:>22}" for d in decisions))
    for klass in ("controlled", "near_miss", "benign"):
        print(f"{klass:<12}" + "".join(f"{confusion[(klass, d)]:>22}" for d in decisions))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--cases", type=Path, default=None, help="a JSON Lines file of cases (default: the dev set)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--cached", action="store_true", help="language analyses from the corpus cache")
    parser.add_argument("--scorer", choices=("fitted", "hand"), default="fitted", help="which scorer decides")
    args = parser.parse_args(argv)
    path = args.cases or args.shared / "data" / "eval" / "dev.jsonl"
    if not path.is_file():
        print(f"Error: {path} not found; pass --shared PATH to the shared folder or --cases FILE", file=sys.stderr)
        return 2
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    evaluate(cases, ScreeningSettings(scorer=args.scorer), args.verbose, args.cached)
    return 0


if __name__ == "__main__":
    sys.exit(main())
