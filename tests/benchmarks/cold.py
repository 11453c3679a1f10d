"""The cold command line on a 10-page manuscript (issue 19: under 2 s).

The manuscript is real text: the FMCW radar thesis of the inbox benchmark
(``tests/benchmarks/inbox/en-long/files/en-long-019.tex``, CC-BY-4.0; a near-miss on 6A008 with
numbers to compare), read by the LaTeX reader and laid out by fpdf2 as a 10-page A4 PDF
(10 pt, single column, about 700 words a page). Figures are wall seconds of a fresh
``exportscreen screen FILE --no-store --format json``, the median of 3 runs after one warm-up
run of the command that fills the OS caches, with ``EXPORTSCREEN_READ_AHEAD=1`` (the PDF read in a second
process while spaCy loads, whatever the load) beside the same command with ``=0`` (read in the
command's own process), beside
pdfminer.six's ``extract_text`` of the same file in a fresh process (its import included) and
beside the target. The three commands alternate, so machine load falls on each alike. CPU
seconds (user + system, of the command without read-ahead and of pdfminer) are given too: on a
shared machine they vary far less than wall seconds, and on an idle machine a run without
read-ahead takes about as long as its CPU seconds.

    python -m tests.benchmarks.cold [--runs 3] [--keep FILE.pdf]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The real text the manuscript is made of.
SOURCE = Path(__file__).parent / "inbox" / "en-long" / "files" / "en-long-019.tex"
#: Pages of the manuscript, and the target for a cold command line on it (issue 19).
PAGES = 10
TARGET_S = 2.0


def _layout(paragraphs: list[str], out: Path) -> int:
    """Write ``paragraphs`` as an A4 PDF at ``out``; return its page count."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for i, paragraph in enumerate(paragraphs):
        pdf.set_font("Helvetica", style="B" if i == 0 else "", size=14 if i == 0 else 10)
        # The core fonts are Latin-1: other characters (Greek letters, arrows) become "?".
        pdf.multi_cell(0, 4.6, paragraph.encode("latin-1", "replace").decode("latin-1"), align="L")
        pdf.ln(1.5)
    pdf.output(str(out))
    return int(pdf.page_no())


def manuscript_pdf(out: Path, pages: int = PAGES) -> Path:
    """Write the 10-page manuscript PDF (deterministic: the same text, the same pages)."""
    from extractors import read_document

    text = read_document(SOURCE).text
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    # The most paragraphs that fit on ``pages`` pages (a binary search).
    low, high = 1, len(paragraphs)
    while low < high:
        middle = (low + high + 1) // 2
        if _layout(paragraphs[:middle], out) <= pages:
            low = middle
        else:
            high = middle - 1
    keep = low
    _layout(paragraphs[:keep], out)
    return out


def _wall(cmd: list[str], env: dict[str, str], cpu: list[float] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds (user + system, with its children) go to ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return seconds


def _exportscreen() -> str:
    """The installed command beside this interpreter (the virtualenv's)."""
    return str(Path(sys.executable).with_name("exportscreen"))


def bench_cold(pdf: Path, runs: int = 3) -> dict:
    """Median wall seconds of the cold CLI (with and without read-ahead) and of raw pdfminer extraction.

    The commands alternate, after one warm-up run of the command.
    """
    env = {**os.environ, "EXPORTSCREEN_LANG": "en", "EXPORTSCREEN_READ_AHEAD": "1"}
    in_process = {**env, "EXPORTSCREEN_READ_AHEAD": "0"}
    cli = [_exportscreen(), "screen", str(pdf), "--no-store", "--format", "json"]
    raw = [sys.executable, "-c", "import sys; from pdfminer.high_level import extract_text; extract_text(sys.argv[1])",
           str(pdf)]
    # Warm-up: one run of the command fills the OS caches (the PDF, the modules, the model) for all
    # three; pdfminer's own modules are among the command's.
    _wall(cli, env)
    cli_s, one_s, raw_s, cli_cpu, raw_cpu = [], [], [], [], []
    for _ in range(runs):
        cli_s.append(_wall(cli, env))
        one_s.append(_wall(cli, in_process, cli_cpu))
        raw_s.append(_wall(raw, env, raw_cpu))
    from pdfminer.high_level import extract_text

    words = len(extract_text(str(pdf)).split())
    return {
        "file": pdf.name,
        "pages": PAGES,
        "words": words,
        "runs": runs,
        "cli_s": statistics.median(cli_s),
        "cli_all_s": cli_s,
        "cli_no_read_ahead_s": statistics.median(one_s),
        "cli_no_read_ahead_all_s": one_s,
        "cli_cpu_s": statistics.median(cli_cpu),
        "pdfminer_s": statistics.median(raw_s),
        "pdfminer_cpu_s": statistics.median(raw_cpu),
        "pdfminer_all_s": raw_s,
        "target_s": TARGET_S,
    }


def row(d: dict) -> str:
    """One line for ``make bench``."""
    return (
        f"cold CLI: {d['pages']}-page PDF ({d['words']} words), `exportscreen screen FILE --no-store --format json` "
        f"{d['cli_s']:.2f} s (median of {d['runs']}, target {d['target_s']:.0f} s; without read-ahead "
        f"{d['cli_no_read_ahead_s']:.2f} s; CPU {d['cli_cpu_s']:.2f} s) | pdfminer.six extract_text in a fresh "
        f"process {d['pdfminer_s']:.2f} s (CPU {d['pdfminer_cpu_s']:.2f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the manuscript here and keep it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = manuscript_pdf(args.keep or Path(tmp) / "manuscript-10-pages.pdf")
        figures = bench_cold(pdf, args.runs)
    print(json.dumps(figures, indent=2) if args.json else row(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
