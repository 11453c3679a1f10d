"""``make eval-inbox``: screening quality on the research-office inbox benchmark (issue 14).

The benchmark (``tests/benchmarks/inbox/<set>/labels.jsonl`` and ``files/``) holds real public
documents (abstracts, papers, theses, manuals, guidance, laws; English and Norwegian) with
their licence and a labelled class. Each is read from its file as a user's document would be
(``read_document``), screened, and counted: flag-level recall with the right entry family on
``controlled``, flag rates on ``near_miss`` and ``benign``, by split, language and length band.

While tuning, look at the ``test`` split only as these totals (``--split test`` prints no
per-document lines).

    python -m tests.benchmarks.inbox [--split tune|test|all] [--set NAME ...] [--verbose] [--cached] [--scorer hand]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from classifiers.settings import ScreeningSettings
from classifiers.types import DocumentResult
from extractors import read_document
from extractors.errors import ExtractionError
from flows.pipeline import make_context, screen_document
from tests.paths import TESTS

INBOX = TESTS / "benchmarks" / "inbox"
CLASSES = ("controlled", "near_miss", "benign")
KEYS = ("id split class language kind file pages expected_entry_codes rationale source_url licence attribution").split()
#: A document this long or longer counts as long (issue 14: "at least 60 long, 5 pages or more").
LONG_PAGES = 5


@dataclass(frozen=True)
class Case:
    """One labelled document of the benchmark."""

    label: dict
    path: Path

    @property
    def band(self) -> str:
        """ "long" (5 pages or more) or "short"."""
        return "long" if (self.label.get("pages") or 0) >= LONG_PAGES else "short"


def expected_split(case_id: str) -> str:
    """The split a case belongs to, fixed by its id: a third of the cases are ``test``."""
    return "test" if int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) % 3 == 0 else "tune"


def cases(root: Path = INBOX) -> Iterator[Case]:
    """Every labelled document of every set, in set and line order."""
    for labels in sorted(root.glob("*/labels.jsonl")):
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                yield Case(label, labels.parent / label["file"])


def flagged_family(case: Case, result: DocumentResult) -> bool:
    """A flag (not only a near-miss) whose entry family is one the label expects."""
    return bool({f.entry_code for f in result.flags} & set(case.label["expected_entry_codes"]))


def outcome(case: Case, result: DocumentResult) -> bool:
    """True when the case counts as a hit: a right flag for controlled, any review for the others."""
    if case.label["class"] == "controlled":
        return result.decision != "no_listed_technology" and flagged_family(case, result)
    return result.decision not in ("no_listed_technology", "failed")


def screen(case: Case, cached: bool = False, scorer: str = "fitted") -> DocumentResult:
    """Read the document from its file and screen it with the embedded defaults.

    ``cached``: take the language analysis from the corpus cache (tests.benchmarks.corpus),
    which gives the same result faster when only the classifier changed.
    """
    context = make_context(ScreeningSettings(scorer=scorer))  # type: ignore[arg-type]
    try:
        document = read_document(case.path)
    except ExtractionError as exc:
        return DocumentResult(path=str(case.path), status="failed", decision="failed", error=str(exc))
    if cached:
        from classifiers.screening import classify
        from tests.benchmarks.corpus import analysis_of

        return classify(analysis_of(document), context.reference, context.settings)
    return screen_document(document, context)


def report(rows: list[tuple[Case, DocumentResult, bool]]) -> None:
    """Print recall and flag rates overall and by language and length band."""
    groups: dict[str, list[tuple[Case, DocumentResult, bool]]] = {"all": rows}
    for row in rows:
        groups.setdefault(f"language={row[0].label['language']}", []).append(row)
        groups.setdefault(f"length={row[0].band}", []).append(row)
    print(f"{'group':<16}{'controlled recall':>22}{'near-miss flags':>20}{'benign flags':>18}")
    for name, members in groups.items():
        n = Counter(c.label["class"] for c, _, _ in members)
        hit = Counter(c.label["class"] for c, _, ok in members if ok)
        cells = [f"{hit[k]}/{n[k]}" + (f" = {hit[k] / n[k]:.2f}" if n[k] else "") for k in CLASSES]
        print(f"{name:<16}{cells[0]:>22}{cells[1]:>20}{cells[2]:>18}")
    failed = sum(r.decision == "failed" for _, r, _ in rows)
    print(f"\n{len(rows)} documents, {failed} could not be read")
    reliability(rows)


#: Score bins of the reliability table (a flag's score, its lower bound).
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def reliability(rows: list[tuple[Case, DocumentResult, bool]]) -> None:
    """Per score bin: how many flags there were and how many were right.

    A flag is right when its document is ``controlled`` and its entry family is one the label
    expects; every flag on a near-miss or benign document is wrong. A calibrated score would
    have about as many right as its bin says (0.8 -> 80 %).
    """
    counts: Counter[float] = Counter()
    right: Counter[float] = Counter()
    for case, result, _ in rows:
        for flag in result.flags:
            if flag.rule != "list_match":
                continue
            low = max((b for b in BINS if flag.score >= b), default=BINS[0])
            counts[low] += 1
            right[low] += int(
                case.label["class"] == "controlled" and flag.entry_code in case.label["expected_entry_codes"]
            )
    print("\nreliability of flags (score bin: right / flags)")
    for low in BINS:
        share = f" = {right[low] / counts[low]:.2f}" if counts[low] else ""
        print(f"  {low:.1f}-{low + 0.1:.1f}: {right[low]}/{counts[low]}{share}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "test", "all"), default="tune")
    parser.add_argument("--verbose", action="store_true", help="a line per document (not for --split test)")
    parser.add_argument("--cached", action="store_true", help="language analyses from the corpus cache")
    parser.add_argument("--scorer", choices=("fitted", "hand"), default="fitted", help="which scorer decides")
    parser.add_argument("--set", dest="sets", action="append", help="only this set (a folder name); repeatable")
    args = parser.parse_args(argv)
    chosen = [
        c
        for c in cases()
        if (args.split == "all" or c.label["split"] == args.split)
        and (not args.sets or c.path.parent.parent.name in args.sets)
    ]
    if not chosen:
        print(f"Error: no cases in {INBOX} for split {args.split!r}", file=sys.stderr)
        return 2
    rows = []
    for case in chosen:
        result = screen(case, args.cached, args.scorer)
        ok = outcome(case, result)
        rows.append((case, result, ok))
        if args.verbose and args.split != "test":
            top = ", ".join(f"{f.code}={f.score:.2f}{'*' if f.level == 'flag' else ''}" for f in result.findings[:3])
            print(
                f"{'ok  ' if ok == (case.label['class'] == 'controlled') else 'XX  '}{case.label['id']:<20}"
                f"{case.label['class']:<11}{case.label['expected_entry_codes'] or '-'} -> {result.decision}: {top}"
            )
    print(f"== inbox, split {args.split}")
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
