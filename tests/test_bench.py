"""`make bench`'s shortcuts (issue 19: under 10 minutes) measure what the longer runs measured."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest

from reports.store import open_store
from tests.benchmarks import bench_trends

GRANT_COLUMNS = list(bench_trends.grant_frame(0, 1, 1).columns)


def _grants_store(path: Path) -> sqlite3.Connection:
    open_store(f"sqlite:///{path}").close()  # the schema by the real migrations
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO share_scans (id, scan_key, started_at, info) VALUES (1, 'bench', '2024-12-01', '{}')")
    return conn


@pytest.mark.parametrize(
    ("chunks", "total"),
    [([(0, 1200), (1200, 1200), (2400, 600)], 3000), ([(9_999_000, 1000)], 10_000_000)],
)
def test_trend_bench_grants_written_by_sqlite_equal_the_polars_frames(
    tmp_path: Path, chunks: list[tuple[int, int]], total: int
) -> None:
    """The grant rows (in order) and each chunk's counts are the frames' the generator used to insert."""
    conn = _grants_store(tmp_path / "s.sqlite3")
    expected_counts = []
    for lo, n in chunks:
        bench_trends._insert_grants(conn, lo, n, total)
        frame = bench_trends.grant_frame(lo, n, total)
        expected_counts += frame.group_by(
            month=pl.col("observed_at").str.slice(0, 7), unit="unit", source_system="source_system",
            decision="decision").agg(n=pl.len()).rows()
    expected = pl.concat([bench_trends.grant_frame(lo, n, total) for lo, n in chunks])
    rows = conn.execute(f"SELECT {', '.join(GRANT_COLUMNS)} FROM share_grants ORDER BY id").fetchall()
    assert rows == expected.rows()
    counts = conn.execute("SELECT month, unit, source_system, decision, n FROM share_grant_counts").fetchall()
    key = repr
    assert sorted(counts, key=key) == sorted(expected_counts, key=key)
    assert conn.execute("SELECT DISTINCT scan_id FROM share_grant_counts").fetchall() == [(1,)]
    assert None in expected["unit"].to_list()  # the (no unit) group is among them


@pytest.mark.slow
def test_pdf_bench_screening_from_its_steps_is_screen_path(tmp_path: Path) -> None:
    """bench_pdf times read, analyse and classify once each: the same result as one screen_path call."""
    from flows.pipeline import make_context, screen_path
    from tests.benchmarks.run import bench_pdf, generated_manuscripts

    pdf = generated_manuscripts(tmp_path, 1)[0]
    figures = bench_pdf(pdf, max_pages=400, rounds=1)
    result = screen_path(pdf, make_context(max_pages=400))
    assert (figures["decision"], figures["findings"]) == (result.decision, len(result.findings))
    assert figures["findings"] > 0
    steps = figures["screen_s"]
    assert figures["screen_pages_per_s"] == pytest.approx(figures["pages"] / sum(steps.values()))
    assert figures["extract_pages_per_s"] == pytest.approx(figures["pages"] / steps["read"])
    if "pdfium_same_findings" in figures:
        assert figures["pdfium_same_findings"]  # a generated manuscript: identical evidence (README)
