"""``make bench``: throughput and memory of the screening pipeline on this machine.

Figures (printed as a table, and as JSON with --json):
- the installed command on the official 253-page List II PDF against pdfminer.six's own
  ``extract_text`` in the same run (``--whole-screen-only``: this row alone);
- pdfminer.six extraction alone vs the whole screening, pages/s, on the official 253-page
  List II PDF from ../shared (a real, dense document) and on generated manuscripts; beside
  them, in the same run, the same with the opt-in pdfium engine (``--pdf-engine pdfium``, when
  pypdfium2 is installed) and whether its findings and evidence equal pdfminer's;
- words/s of term extraction (spaCy + candidate n-grams + quantities);
- pairs/s of fuzzy matching (rapidfuzz cpdist, fuzz.ratio, all cores);
- the share of wall time spent in Prefect overhead for a folder run;
- a 10-page manuscript PDF from a cold command line (``tests.benchmarks.cold``), beside the
  2 s target and pdfminer.six's own extraction of it;
- peak resident memory.
Rates are per process; the machine's core count is printed with them. Each row's wall seconds
are printed to stderr as it ends, and at the end of the table (where ``make bench``'s time goes).

    python -m tests.benchmarks.run --shared ../shared [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from extractors import read_document
from extractors.analysis.analyse import analyse
from flows.pipeline import make_context, screen_paths
from tests.benchmarks.cold import bench_cold, manuscript_pdf
from tests.benchmarks.cold import row as cold_row


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def _pdfium_installed() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _anchored(result) -> list:
    """Findings with their page-anchored evidence (what must not change with the PDF engine)."""
    return [(f.code, f.level, [(e.page, e.text) for e in f.evidence]) for f in result.findings]


def bench_pdf(pdf: Path, max_pages: int, rounds: int = 2) -> dict:
    """Extraction alone vs whole screening on one PDF, with pdfminer and (when installed) pdfium side by side.

    The whole screening is ``screen_path``'s three steps (``flows.pipeline.screen_with_text``:
    read, analyse on this process, classify), each timed once on the same input, and their sum:
    the PDF is read and analysed once, not again for the screening. ``rounds``: extraction runs,
    alternating between the engines, best of them (2 for a small PDF, where one run lasts a
    fraction of a second; 1 for a long one, where each run lasts many seconds).
    """
    from classifiers import classify
    from classifiers.settings import ScreeningSettings
    from extractors.analysis.analyse import PARALLEL_FROM_CHARS, set_parse_processes

    context = make_context(max_pages=max_pages)
    pdfium = _pdfium_installed()
    pdfium_context = make_context(ScreeningSettings(pdf_engine="pdfium"), max_pages=max_pages) if pdfium else None
    t_extract = t_extract_pdfium = float("inf")
    for _ in range(rounds):  # alternating, best of the rounds: the machine is shared
        document, seconds = _timed(read_document, pdf, max_pages=max_pages, limits=context.limits)
        t_extract = min(t_extract, seconds)
        if pdfium_context is not None:
            pdfium_document, seconds = _timed(
                read_document, pdf, max_pages=max_pages, limits=context.limits, pdf_engine="pdfium"
            )
            t_extract_pdfium = min(t_extract_pdfium, seconds)
    analysis, t_analyse = _timed(analyse, document, context.pipeline)
    result, t_classify = _timed(classify, analysis, context.reference, context.settings)
    t_analyse_2 = None
    if len(document.text) >= PARALLEL_FROM_CHARS:  # what `screen one-long.pdf` does on two cores
        set_parse_processes(2)
        try:
            _, t_analyse_2 = _timed(analyse, document, context.pipeline)
        finally:
            set_parse_processes(1)
    t_whole = t_extract + t_analyse + t_classify
    pages = len(document.pages)
    with_pdfium: dict = {}
    if pdfium_context is not None:
        pdfium_analysis, t_analyse_pdfium = _timed(analyse, pdfium_document, pdfium_context.pipeline)
        pdfium_result, t_classify_pdfium = _timed(
            classify, pdfium_analysis, pdfium_context.reference, pdfium_context.settings
        )
        t_whole_pdfium = t_extract_pdfium + t_analyse_pdfium + t_classify_pdfium
        with_pdfium = {
            "pdfium_extract_pages_per_s": pages / t_extract_pdfium,
            "pdfium_screen_pages_per_s": pages / t_whole_pdfium,
            "pdfium_decision": pdfium_result.decision,
            "pdfium_same_findings": _anchored(pdfium_result) == _anchored(result),
        }
    return with_pdfium | {
        "file": pdf.name,
        "pages": pages,
        "words": document.word_count,
        "extraction_rounds": rounds,
        "extract_pages_per_s": pages / t_extract,
        "screen_pages_per_s": pages / t_whole,
        "screen_s": {"read": t_extract, "analyse": t_analyse, "classify": t_classify},
        "analyse_words_per_s": document.word_count / t_analyse,
        "analyse_two_processes_words_per_s": document.word_count / t_analyse_2 if t_analyse_2 else None,
        "decision": result.decision,
        "findings": len(result.findings),
    }


#: Issue 19's targets for a whole screen of the 253-page List II PDF through the command line.
WHOLE_SCREEN_TARGET_RATIO = 0.5
WHOLE_SCREEN_TARGET_MIB = 500


def bench_whole_screen(pdf: Path, bracket: bool = True) -> dict:
    """The installed command on one long PDF against pdfminer.six's own ``extract_text``, side by side.

    pdfminer runs just before the command and, with ``bracket``, again just after it (its rate is
    then the mean of the two), so the ratio compares runs under the same load; ``make bench``
    runs it before only (one pdfminer run less, about 20 s), ``--whole-screen-only`` both. The
    command is ``exportscreen screen PDF --no-store --format json``, start-up and its two parse
    processes included; its peak is the largest resident set of the command's processes
    (``wait4``, as ``/usr/bin/time`` reports it).
    """
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    with pdf.open("rb") as stream:
        pages = sum(1 for _ in PDFPage.get_pages(stream))
    _, raw_before = _timed(extract_text, str(pdf))
    exportscreen = str(Path(sys.executable).with_name("exportscreen"))
    command = [exportscreen, "screen", str(pdf), "--no-store", "--format", "json"]
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    whole = time.perf_counter() - start
    raw_s = [raw_before]
    if bracket:
        raw_s.append(_timed(extract_text, str(pdf))[1])
    raw_rate = pages / (sum(raw_s) / len(raw_s))
    return {
        "file": pdf.name,
        "pages": pages,
        "exit_code": child.returncode,
        "pdfminer_s": raw_s,
        "pdfminer_pages_per_s": raw_rate,
        "command_s": whole,
        "command_pages_per_s": pages / whole,
        "ratio_to_pdfminer": pages / whole / raw_rate,
        "peak_mib": usage.ru_maxrss / 1024,
        "target_ratio": WHOLE_SCREEN_TARGET_RATIO,
        "target_mib": WHOLE_SCREEN_TARGET_MIB,
    }


def generated_manuscripts(folder: Path, count: int) -> list[Path]:
    """Write ``count`` multi-page manuscripts as PDFs (fpdf2) mixing technical and other text."""
    from fpdf import FPDF

    rng = random.Random(7)
    sentences = [
        "The ytterbium fibre laser delivers 2.1 kW of continuous wave output power at 1070 nm.",
        "Participants were interviewed about trust in local councils after the merger.",
        "The autonomous underwater vehicle reached a depth of 1,200 m during sea trials.",
        "Honey bee colonies were weighed weekly through the summer season.",
        "The superconducting processor has 60 physical qubits with a C-NOT error of 3x10^-4.",
        "We estimate a panel regression of municipal spending on population change.",
    ]
    paths = []
    for i in range(count):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=10)
        for _ in range(4):
            pdf.add_page()
            pdf.multi_cell(0, 5, " ".join(rng.choice(sentences) for _ in range(40)))
        path = folder / f"manuscript_{i:03d}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


def bench_matching(n_pairs: int = 2_000_000) -> dict:
    """Pairs/s of the scorer the matcher uses (cpdist over element-wise pairs, all cores)."""
    rng = random.Random(3)
    words = ["laser", "fiber", "power", "output", "quantum", "qubit", "vehicle", "underwater", "magnetometer"]
    # Three words drawn with replacement: each of the 729 phrases alike, drawn in one call per side.
    phrases = [" ".join(three) for three in itertools.product(words, repeat=3)]
    left = rng.choices(phrases, k=n_pairs)
    right = rng.choices(phrases, k=n_pairs)
    _, seconds = _timed(process.cpdist, left, right, scorer=fuzz.ratio, processor=None, workers=-1)
    return {"pairs": n_pairs, "pairs_per_s": n_pairs / seconds}


def bench_prefect(paths: list[Path]) -> dict:
    """Wall time of the local runner (the CLI default) and of the Prefect flow vs plain calls on the same files.

    The flow here starts Prefect's temporary server, as a flow called without PREFECT_API_URL does;
    the CLI never does that (``--runner prefect`` needs a configured server).
    """
    from flows.distributed import DaskSpec, screen_distributed
    from flows.prefect_flows import screen_publications
    from flows.screen import screen_in_batches
    from reports.run import RunInfo

    context = make_context()
    _, plain = _timed(screen_paths, paths, context)
    _, local = _timed(screen_in_batches, [str(p) for p in paths], 8)
    _, flowed = _timed(screen_publications, [str(p) for p in paths], 8)
    # Two Dask worker processes (cluster start and each worker's model load included), no store.
    run = RunInfo(run_id="bench-dask", store=False)
    _, dask = _timed(screen_distributed, [str(p) for p in paths], 2, 400, run, None, DaskSpec(workers=2))
    # The same with one worker: what the second one adds, both paying the cluster's start and a
    # model load per worker, both after the rows above (whose warm caches "plain" enjoys).
    _, dask_one = _timed(screen_distributed, [str(p) for p in paths], 2, 400, run, None, DaskSpec(workers=1))
    return {
        "documents": len(paths),
        "plain_s": plain,
        "local_s": local,
        "flow_s": flowed,
        "dask_2_workers_s": dask,
        "local_overhead_share": max(0.0, (local - plain) / local),
        "prefect_overhead_share": max(0.0, (flowed - plain) / flowed),
        "dask_1_worker_s": dask_one,
        "dask_speedup": plain / dask,
        "dask_speedup_over_1_worker": dask_one / dask,
    }


class _RowClock:
    """Wall seconds of each row of the run, printed to stderr as each ends (where ``make bench``'s time goes)."""

    def __init__(self, figures: dict) -> None:
        self.seconds: dict[str, float] = figures.setdefault("row_seconds", {})

    def __call__(self, name: str, fn, *args, **kwargs):
        value, seconds = _timed(fn, *args, **kwargs)
        self.seconds[name] = round(seconds, 1)
        print(f"[bench] {name}: {seconds:.1f} s", file=sys.stderr, flush=True)
        return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--whole-screen-only", action="store_true", help="only the command line on the 253-page PDF against pdfminer"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    figures: dict = {"cores": os.cpu_count()}
    row = _RowClock(figures)
    official = args.shared / "data" / "itemlists" / "norway_2020_2021" / "liste_II_2021_vedlegg_II.pdf"
    if official.is_file() and (not args.quick or args.whole_screen_only):
        # First, in a fresh child, so this process's own memory is not counted in its peak.
        figures["whole_screen"] = row("whole_screen", bench_whole_screen, official, bracket=args.whole_screen_only)
    if args.whole_screen_only:
        print(json.dumps(figures, indent=2) if args.json else _whole_screen_line(figures["whole_screen"]))
        return 0
    if official.is_file() and not args.quick:
        figures["official_pdf"] = row("official_pdf", bench_pdf, official, max_pages=400, rounds=1)
    with tempfile.TemporaryDirectory() as tmp:
        paths = row("generate_manuscripts", generated_manuscripts, Path(tmp), 8 if args.quick else 40)
        figures["generated_pdf"] = row("generated_pdf", bench_pdf, paths[0], max_pages=400)
        figures["prefect"] = row("batches", bench_prefect, paths)
    figures["matching"] = row("matching", bench_matching, 200_000 if args.quick else 2_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        # --quick: one run of each command after the warm-up, not the median of 3.
        manuscript = row("cold_manuscript", manuscript_pdf, Path(tmp) / "manuscript-10-pages.pdf")
        figures["cold_cli"] = row("cold_cli", bench_cold, manuscript, 1 if args.quick else 3)
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures, indent=2) if args.json else _table(figures))
    return 0


def _whole_screen_line(d: dict) -> str:
    ratio_met = "met" if d["ratio_to_pdfminer"] >= d["target_ratio"] else "not met"
    peak_met = "met" if d["peak_mib"] < d["target_mib"] else "not met"
    return (
        f"whole screen (exportscreen screen {d['file']} --no-store --format json, start-up included): "
        f"{d['pages']} pages in {d['command_s']:.1f} s, {d['command_pages_per_s']:.1f} pages/s against pdfminer.six "
        f"extract_text {d['pdfminer_pages_per_s']:.1f} pages/s in the same run "
        f"({'mean of the runs before and after' if len(d['pdfminer_s']) > 1 else 'run just before'}): "
        f"{d['ratio_to_pdfminer']:.2f}x "
        f"(target {d['target_ratio']}x: {ratio_met}) | peak {d['peak_mib']:.0f} MiB "
        f"(target < {d['target_mib']} MiB: {peak_met}) | exit {d['exit_code']}"
    )


def _table(f: dict) -> str:
    lines = [f"cores: {f['cores']}"]
    if "whole_screen" in f:
        lines.append(_whole_screen_line(f["whole_screen"]))
    for key in ("official_pdf", "generated_pdf"):
        if key in f:
            d = f[key]
            lines.append(
                f"{key}: {d['file']} {d['pages']} pages, {d['words']} words | extraction "
                f"{d['extract_pages_per_s']:.1f} pages/s | whole screening {d['screen_pages_per_s']:.1f} pages/s | "
                f"term extraction {d['analyse_words_per_s']:.0f} words/s"
                + (f" ({d['analyse_two_processes_words_per_s']:.0f} on two processes)"
                   if d.get("analyse_two_processes_words_per_s") else "")
                + f" | {d['decision']}"
            )
            if "pdfium_extract_pages_per_s" in d:
                lines.append(
                    f"{key} with pdfium (same run): extraction {d['pdfium_extract_pages_per_s']:.1f} pages/s "
                    f"({d['pdfium_extract_pages_per_s'] / d['extract_pages_per_s']:.1f}x pdfminer) | whole screening "
                    f"{d['pdfium_screen_pages_per_s']:.1f} pages/s "
                    f"({d['pdfium_screen_pages_per_s'] / d['screen_pages_per_s']:.2f}x) | {d['pdfium_decision']} | "
                    f"findings and evidence {'identical' if d['pdfium_same_findings'] else 'DIFFER'}"
                )
    p = f["prefect"]
    lines.append(
        f"batches: {p['documents']} docs, plain {p['plain_s']:.1f} s, local runner {p['local_s']:.1f} s "
        f"(overhead share {p['local_overhead_share']:.0%}), Prefect flow with temporary server {p['flow_s']:.1f} s "
        f"(overhead share {p['prefect_overhead_share']:.0%}), Dask LocalCluster of 2 workers "
        f"{p['dask_2_workers_s']:.1f} s ({p['dask_speedup']:.2f}x plain; "
        f"{p['dask_speedup_over_1_worker']:.2f}x a cluster of 1 worker, {p['dask_1_worker_s']:.1f} s; target 1.6x)"
    )
    lines.append(f"matching: {f['matching']['pairs_per_s'] / 1e6:.1f} M pairs/s (fuzz.ratio, cpdist, all cores)")
    lines.append(cold_row(f["cold_cli"]))
    lines.append(f"peak RSS: {f['peak_rss_mib']:.0f} MiB")
    lines.append("row seconds: " + ", ".join(f"{name} {s:.0f}" for name, s in f["row_seconds"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
