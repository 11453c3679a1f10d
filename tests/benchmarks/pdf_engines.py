"""Do the two PDF engines give the same page-anchored evidence? Side by side, in one process.

For each PDF, reads it with pdfminer.six and with pdfium (timing each, alternating), then screens
both texts and compares: pages whose cleaned text is identical, the decision, the findings
(provision and level) and every evidence item (provision, page, sentence text).

    python -m tests.benchmarks.pdf_engines [--shared ../shared] [PDF ...]

Without PDFs: the bundled examples and project example, and the official List I and List II
PDFs in the shared folder.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from classifiers.settings import ScreeningSettings
from extractors import read_document
from extractors.types import Document
from flows.pipeline import make_context, screen_document

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("pdfminer", "pdfium")


def default_pdfs(shared: Path) -> list[Path]:
    """The project's PDFs and the real ones in the shared folder."""
    lists = shared / "data" / "itemlists" / "norway_2020_2021"
    return [
        *sorted((ROOT / "flows" / "examples").glob("*.pdf")),
        *sorted((ROOT / "flows" / "project_examples").glob("*/*.pdf")),
        lists / "liste_I_2020_vedlegg_I.pdf",
        lists / "liste_II_2021_vedlegg_II.pdf",
    ]


@dataclass
class Comparison:
    """One PDF read and screened by both engines."""

    name: str
    pages: int
    same_pages: int
    seconds: dict[str, float]
    decisions: tuple[str, str]
    findings: tuple[set[tuple[str, str]], set[tuple[str, str]]]
    evidence: tuple[set[tuple[str, int | None, str]], set[tuple[str, int | None, str]]]

    @property
    def same_findings(self) -> bool:
        """Same provisions at the same levels."""
        return self.findings[0] == self.findings[1]

    @property
    def same_evidence(self) -> bool:
        """The same (provision, page, sentence) evidence items."""
        return self.evidence[0] == self.evidence[1]


def read_both(path: Path, rounds: int = 1) -> tuple[dict[str, Document], dict[str, float]]:
    """The document as each engine reads it and the best time of ``rounds`` reads, alternating."""
    documents: dict[str, Document] = {}
    best = dict.fromkeys(ENGINES, float("inf"))
    for _ in range(rounds):
        for engine in ENGINES:
            start = time.perf_counter()
            documents[engine] = read_document(path, pdf_engine=engine)
            best[engine] = min(best[engine], time.perf_counter() - start)
    return documents, best


def compare(path: Path) -> Comparison:
    """Read and screen ``path`` with both engines."""
    documents, seconds = read_both(path)
    context = make_context(ScreeningSettings())
    results = {engine: screen_document(documents[engine], context) for engine in ENGINES}
    findings = tuple({(f.code, f.level) for f in results[e].findings} for e in ENGINES)
    evidence = tuple(
        {(f.code, ev.page, ev.text) for f in results[e].findings for ev in f.evidence} for e in ENGINES
    )
    pages = documents["pdfminer"].pages
    same = sum(a.text == b.text for a, b in zip(pages, documents["pdfium"].pages, strict=False))
    return Comparison(
        path.name, len(pages), same, seconds,
        (results["pdfminer"].decision, results["pdfium"].decision),
        (findings[0], findings[1]), (evidence[0], evidence[1]),
    )


def report(comparisons: list[Comparison]) -> str:
    """A Markdown table and the differing evidence, as the README shows it."""
    lines = [
        "| PDF | pages | identical page text | pdfminer pages/s | pdfium pages/s | decision (pdfminer / pdfium) "
        "| findings identical | evidence items identical |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in comparisons:
        shared = len(c.evidence[0] & c.evidence[1])
        lines.append(
            f"| {c.name} | {c.pages} | {c.same_pages} | {c.pages / c.seconds['pdfminer']:.1f} "
            f"| {c.pages / c.seconds['pdfium']:.0f} | {c.decisions[0]} / {c.decisions[1]} "
            f"| {'yes' if c.same_findings else 'no'} ({len(c.findings[0])} / {len(c.findings[1])}) "
            f"| {'yes' if c.same_evidence else 'no'} ({shared} shared of {len(c.evidence[0])} / {len(c.evidence[1])}) |"
        )
    for c in comparisons:
        miner, pdfium = c.evidence
        for label, only in (("only pdfminer", miner - pdfium), ("only pdfium", pdfium - miner)):
            for code, page, text in sorted(only, key=lambda item: (item[0], item[1] or 0, item[2])):
                lines.append(f"  {c.name} {label}: {code} p.{page}: {text[:160]!r}")
        first, second = c.findings
        for label, found in (("only pdfminer", first - second), ("only pdfium", second - first)):
            for code, level in sorted(found):
                lines.append(f"  {c.name} finding {label}: {code} ({level})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args(argv)
    pdfs = args.pdfs or [p for p in default_pdfs(args.shared) if p.is_file()]
    comparisons = []
    for pdf in pdfs:
        comparisons.append(compare(pdf))
        print(f"done: {pdf.name}", flush=True)
    print(report(comparisons))
    return 0 if all(c.same_evidence and c.same_findings for c in comparisons) else 1


if __name__ == "__main__":
    raise SystemExit(main())
