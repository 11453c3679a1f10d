"""Write throughput and size of the results store.

Stores N screened documents (default 1,000) in batches, each with its extracted text (about
8,000 words of real prose from ../shared/seeds when present, else generated words) and the
findings mix of the store tests (a third flagged, a third near-misses, a third clean), then
reports documents stored per second, audit verification time, and the database size per
1,000 documents.

    python -m tests.benchmarks.bench_store [--docs 1000] [--batch 100] [--words 8000]
        [--url postgresql://...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from reports.run import RunInfo
from reports.store import open_store
from tests.reports.test_store_factory import SETTINGS, make_finding, make_result


def _prose(words: int) -> list[str]:
    shared = Path(os.environ.get("EXPORTSCREEN_SHARED", Path(__file__).parents[3] / "shared"))
    seeds = sorted((shared / "seeds").glob("*.txt"))
    vocabulary = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in seeds).split()
    if len(vocabulary) < 1000:
        rng = random.Random(1)
        vocabulary = ["".join(rng.choices("etaoinshrdlucmfw", k=rng.randint(2, 10))) for _ in range(20000)]
    return vocabulary


def _documents(n: int, words: int) -> list[tuple[object, str]]:
    vocabulary = _prose(words)
    rng = random.Random(7)
    out = []
    for i in range(n):
        start = rng.randrange(0, max(1, len(vocabulary) - words))
        body = " ".join(vocabulary[start:start + words])
        content = f"Manuscript {i}.\n{body}"
        findings = [] if i % 3 == 2 else [make_finding(score=0.6 + (i % 37) / 100)] if i % 3 == 0 else [
            make_finding("4A506", "physical qubits", 0.45, "near_miss")
        ]
        out.append((make_result(f"bench/manuscript{i:05d}.pdf", content, findings), content))
    return out


def _size(store_url: str, path: Path | None, store: object) -> int:
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)


def run(url: str | None, docs: int, batch: int, words: int) -> dict[str, float]:
    """Store ``docs`` documents and measure; returns the figures."""
    folder = tempfile.mkdtemp(prefix="bench_store_")
    path = Path(folder) / "bench.sqlite3" if url is None else None
    store_url = url or f"sqlite:///{path}"
    corpus = _documents(docs, words)
    with open_store(store_url) as store:
        start = time.perf_counter()
        for i in range(0, docs, batch):
            chunk = corpus[i:i + batch]
            store.save_results(RunInfo(run_id="bench", settings=SETTINGS), [r for r, _ in chunk],  # type: ignore[misc]
                               {r.sha256: t for r, t in chunk})  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        verified = store.verify()
        verify_s = time.perf_counter() - start
        if path is not None:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size = _size(store_url, path, store)
    text_bytes = sum(len(t.encode("utf-8")) for _, t in corpus)
    return {
        "documents": docs, "batch": batch, "words_per_document": words,
        "seconds": round(elapsed, 2), "documents_per_second": round(docs / elapsed, 1),
        "verify_seconds": round(verify_s, 2), "verify_ok": float(verified.ok),
        "database_mb_per_1000_documents": round(size / docs * 1000 / 1e6, 2),
        "raw_text_mb_per_1000_documents": round(text_bytes / docs * 1000 / 1e6, 2),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the benchmark, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--url", default=None, help="Store URL (default: a new SQLite file).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.url, args.docs, args.batch, args.words)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:<34} {value}")


if __name__ == "__main__":
    main()
