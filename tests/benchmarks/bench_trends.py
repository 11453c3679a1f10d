"""Trend-report aggregation at scale: 1,000,000 screenings and 10,000,000 share-grant rows (issue 16).

Generates a results store (SQLite, the embedded default; schema by the real migrations) with N
screenings over 24 months in 6 units (a third needing review, their cases, findings and review
events) and M grant observations, written in bulk with Polars and ``executemany`` (the generator
is not what is measured). Then builds the whole trend report (every table, by month and by unit)
in a fresh child process and reports its wall time and peak memory; the targets are under 10 s
and under 1 GiB.

    python -m tests.benchmarks.bench_trends [--screenings 1000000] [--grants 10000000] [--keep DIR]
    python -m tests.benchmarks.bench_trends --quick        # 100,000 and 1,000,000
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from reports.store import open_store

MONTHS = 24
UNITS = ["Faculty of Natural Sciences", "Faculty of Engineering", "Faculty of Medicine", "Faculty of Humanities",
         "Faculty of Social Sciences", None]
DECISIONS = ["no_listed_technology", "no_listed_technology", "review_required", "case_by_case", "catch_all_review",
             "no_listed_technology"]
GRANT_DECISIONS = ["no_licence_required", "exempt", "licence_review", "sanctions_review", "unknown_recipient",
                   "content_not_screened", "no_licence_required", "no_licence_required"]
FAMILIES = ["6A005", "8A001", "4A506", "ML8", "3A001"]
SYSTEMS = ["m365_audit", "google_drive", "box", "dropbox", "nextcloud"]
CHUNK = 500_000


def _pick(values: list, index: pl.Expr) -> pl.Expr:
    return pl.lit(pl.Series(values)).gather(index % len(values))


def _time(i: pl.Expr, total: int) -> pl.Expr:
    """Times spread evenly over MONTHS months ending 2026-11-30, as the store's ISO text."""
    seconds = (i * (MONTHS * 30 * 86400) // max(total, 1))
    return (pl.datetime(2024, 12, 1, time_zone="UTC") + pl.duration(seconds=seconds)).dt.strftime(
        "%Y-%m-%dT%H:%M:%S.000000+00:00")


def _insert(conn: sqlite3.Connection, table: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", frame.iter_rows())


def grant_frame(lo: int, n: int, total: int) -> pl.DataFrame:
    """Grant observations ``lo`` to ``lo + n`` of ``total``, as a frame: what :func:`_insert_grants` writes.

    The reference the SQL below is checked against (``tests/test_bench.py``).
    """
    i = pl.int_range(lo, lo + n, dtype=pl.Int64)
    return pl.select(
        obs_key=pl.format("o{}", i), scan_id=pl.lit(1), source_row=i, grant_uid=pl.format("g{}", i),
        grant_key=pl.format("k{}", i // 2), action=pl.lit("grant"), event_time=pl.lit(None, pl.String),
        source_system=_pick(SYSTEMS, i // 11), source_format=pl.lit("bench"), source_file=pl.lit("bench.csv"),
        grantor_basis=pl.lit("owner"), grantee_kind=pl.lit("user"), permission=pl.lit("view"),
        link_scope=pl.lit("none"), decision=_pick(GRANT_DECISIONS, i), observed_at=_time(i, total),
        unit=_pick(UNITS, i // 13))


def _sql_pick(values: list, index: str) -> str:
    """SQL for ``values[index % len(values)]`` (None as NULL), as :func:`_pick` computes it."""
    cases = " ".join(
        f"WHEN {n} THEN " + ("NULL" if v is None else "'" + v.replace("'", "''") + "'") for n, v in enumerate(values)
    )
    return f"CASE ({index}) % {len(values)} {cases} END"


#: 2024-12-01T00:00:00Z in Unix seconds: where :func:`_time` starts.
_START = 1_733_011_200


def _insert_grants(conn: sqlite3.Connection, lo: int, n: int, total: int) -> None:
    """Write :func:`grant_frame`'s rows (same values, same order) and their counts, computed by SQLite.

    SQLite counts the rows out itself (a recursive CTE), so no Python object is made per row:
    the 10,000,000 rows are the generator's largest part.
    """
    span = MONTHS * 30 * 86400
    conn.execute(
        "INSERT INTO share_grants (obs_key, scan_id, source_row, grant_uid, grant_key, action, event_time, "
        "source_system, source_format, source_file, grantor_basis, grantee_kind, permission, link_scope, "
        "decision, observed_at, unit) "
        "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
        "SELECT 'o' || i, 1, i, 'g' || i, 'k' || (i / 2), 'grant', NULL, "
        f"{_sql_pick(SYSTEMS, 'i / 11')}, 'bench', 'bench.csv', 'owner', 'user', 'view', 'none', "
        f"{_sql_pick(GRANT_DECISIONS, 'i')}, "
        f"strftime('%Y-%m-%dT%H:%M:%S', {_START} + i * {span} / {max(total, 1)}, 'unixepoch') "
        "|| '.000000+00:00', "
        f"{_sql_pick(UNITS, 'i / 13')} FROM n",
        (lo, lo + n),
    )
    # What save_scan writes beside the observations (one scan per chunk here): the chunk's rows
    # are the last n rowids.
    conn.execute(
        "INSERT INTO share_grant_counts (scan_id, month, unit, source_system, decision, n) "
        "SELECT 1, substr(observed_at, 1, 7), unit, source_system, decision, count(*) FROM share_grants "
        "WHERE id > (SELECT max(id) FROM share_grants) - ? GROUP BY 2, 3, 4, 5",
        (n,),
    )


def generate(path: Path, screenings: int, grants: int) -> dict[str, float]:
    """Write the store at ``path``; returns generation seconds."""
    started = time.perf_counter()
    url = f"sqlite:///{path}"
    open_store(url).close()  # schema at head through the migrations
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for trigger in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]:
        conn.execute(f"DROP TRIGGER {trigger}")  # append-only guards: irrelevant to reading
    runs = 2000
    at = pl.lit("2024-12-01T00:00:00.000000+00:00")
    _insert(conn, "runs", pl.select(id=pl.int_range(1, runs + 1), run_key=pl.format("bench-{}", pl.int_range(runs)),
                                    started_at=at, settings_hash=pl.lit("0" * 64), info=pl.lit('{"command":"screen"}')))
    _insert(conn, "documents", pl.DataFrame({"id": [1], "sha256": ["0" * 64], "path": ["x"], "size": [1],
                                             "kind": ["pdf"], "pages": [1], "words": [1], "text_zlib": [None],
                                             "first_seen_at": ["2024-12-01"]}))
    for lo in range(0, screenings, CHUNK):
        n = min(CHUNK, screenings - lo)
        i = pl.int_range(lo, lo + n, dtype=pl.Int64)
        frame = pl.select(id=i + 1, run_id=i % runs + 1, path=pl.format("/d/{}.pdf", i), status=pl.lit("screened"),
                          decision=_pick(DECISIONS, i), error=pl.lit(None, pl.String), sha256=pl.lit(None, pl.String),
                          case_id=pl.when(i % 3 == 2).then(i // 3 + 1).otherwise(None), at=_time(i, screenings),
                          unit=_pick(UNITS, i // 7))
        _insert(conn, "screenings", frame)
        cases = frame.filter(pl.col("case_id").is_not_null())
        c = pl.col("case_id")
        status = _pick(["cleared", "cleared", "licence_required", "exempt", "open"], c)
        _insert(conn, "cases", cases.select(
            id=c, document_id=pl.lit(1), run_id="run_id", previous_case_id=pl.lit(None, pl.Int64), path="path",
            lists_key=pl.lit("I@2020;II@2025-11-15"), itemlist_versions=pl.lit("{}"), settings_hash=pl.format("s{}", c),
            decision="decision", status=status, top_score=pl.lit(0.8), reasons=pl.lit("[]"), checked=pl.lit(""),
            findings_digest=pl.lit(""), created_at="at", updated_at="at"))
        _insert(conn, "findings", cases.select(
            case_id=c, ordinal=pl.lit(0), code=pl.format("{}.a", _pick(FAMILIES, c)),
            entry_code=_pick(FAMILIES, c), itemlist=_pick(["II", "II", "II", "I", "II"], c),
            list_version=pl.lit("2025-11-15"), provision_text=pl.lit(""), score=pl.lit(0.8), level=pl.lit("flag"),
            rule=pl.lit("fuzzy"), term=pl.lit("t"), evidence=pl.lit("[]"), features=pl.lit("[]"),
            thresholds=pl.lit("[]"), explanation=pl.lit("")))
        events = cases.select(case_id=c, kind=pl.lit("opened"), from_status=pl.lit(None, pl.String),
                              to_status=pl.lit("open"), reviewer=pl.lit("system"), reason=pl.lit(""), at="at")
        decided = cases.with_columns(status=status).filter(pl.col("status") != "open").select(
            case_id=c, kind=pl.lit("decision"), from_status=pl.lit("open"), to_status="status",
            reviewer=pl.lit("adviser"), reason=pl.lit("r"), at=pl.col("at").str.replace(r"-(\d\d)T", "-28T"))
        _insert(conn, "case_events", pl.concat([events, decided]))
        conn.commit()
    if grants:
        conn.execute("INSERT INTO share_scans (id, scan_key, started_at, info) VALUES (1, 'bench', '2024-12-01', '{}')")
    for lo in range(0, grants, CHUNK):
        _insert_grants(conn, lo, min(CHUNK, grants - lo), grants)
        conn.commit()
    conn.close()
    return {"generate_seconds": round(time.perf_counter() - started, 1)}


def aggregate(url: str, by: str, group: str | None) -> dict[str, float]:
    """Build the whole report once (in this process); seconds and peak RSS."""
    from reports.trends import TrendQuery, build_trends

    started = time.perf_counter()
    with open_store(url) as store:
        report = build_trends(store.engine, TrendQuery(date(2024, 12, 1), date(2026, 11, 30), by, group))
    seconds = time.perf_counter() - started
    documents = int(report.table("volume").frame["documents"].sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_mib": round(peak), "documents": documents}


def main(argv: list[str] | None = None) -> None:
    """Generate, then aggregate in child processes (by month; by month and unit)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenings", type=int, default=1_000_000)
    parser.add_argument("--grants", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 screenings and 1,000,000 grants.")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the generated store in this folder.")
    parser.add_argument("--aggregate", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--by", default="month", help=argparse.SUPPRESS)
    parser.add_argument("--group", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.aggregate:
        print(json.dumps(aggregate(args.aggregate, args.by, args.group)))
        return
    if args.quick:
        args.screenings, args.grants = 100_000, 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "trends-bench.sqlite3"
        path.unlink(missing_ok=True)
        figures: dict[str, object] = {"screenings": args.screenings, "grant_rows": args.grants,
                                      **generate(path, args.screenings, args.grants),
                                      "store_mib": round(path.stat().st_size / 2**20)}
        for by, group in (("month", None), ("month", "unit")):
            command = [sys.executable, "-m", "tests.benchmarks.bench_trends", "--aggregate", f"sqlite:///{path}",
                       "--by", by] + (["--group", group] if group else [])
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            figures[f"report_{by}{'_by_' + group if group else ''}"] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
