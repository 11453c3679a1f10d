"""A year of generated history in a results store, written through the store's own calls.

For ``make demo`` (so the trend report has something to show) and for the trend-report tests.
Nothing is inserted behind the store's back: documents are the bundled examples screened by the
real pipeline, re-stored under new paths and content hashes; projects are the bundled project
examples assessed for real; reviewers' decisions and suppressions go through ``Store.decide``
and ``Store.suppress``; share grants come from generated Purview exports scanned by the real
scan. Only the clock is moved (``clock``), so every record carries a time in the past and
``exportscreen audit verify`` holds on the result.

The history is marked as generated: run ids start with ``history-``, reviewers are called
"demo adviser", paths live under ``/demo/``.

Usage: ``python -m tests.benchmarks.history [DATABASE_URL] [--months 13] [--end YYYY-MM-DD] [--seed 7]``
(default: the configured store). A store that already holds generated history is left as it is.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from unittest import mock

from classifiers.types import NEEDS_REVIEW, DocumentResult
from reports.run import RunInfo
from reports.store import Store, open_store
from reports.units import UnitMap

ROOT = Path(__file__).resolve().parents[2]
#: Path prefix -> unit of the generated documents.
UNITS = {
    "/demo/nt/": "Faculty of Natural Sciences",
    "/demo/ie/": "Faculty of Information Technology and Electrical Engineering",
    "/demo/med/": "Faculty of Medicine and Health Sciences",
}
#: Modules that took ``utc_now`` by name (the clock is moved in each).
CLOCK_MODULES = ("reports.store.audit", "reports.store.writer", "reports.store.review",
                 "reports.store.assessments", "reports.store.grants")
OUTCOMES = (("cleared", 0.62), ("licence_required", 0.14), ("exempt", 0.14), ("licence_applied", 0.10))
REVIEWER = "demo adviser"


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Make the store record ``at`` (UTC) as the current time."""
    stamp = at.astimezone(UTC).isoformat(timespec="microseconds")
    patches = [mock.patch(f"{module}.utc_now", lambda: stamp) for module in CLOCK_MODULES]
    for p in patches:
        p.start()
    try:
        yield
    finally:
        for p in patches:
            p.stop()


def _settings() -> dict[str, object]:
    from classifiers.settings import make_settings

    return make_settings().model_dump()


def document_templates() -> list[DocumentResult]:
    """The bundled examples screened by the real pipeline (not stored)."""
    from flows.pipeline import make_context, screen_and_store

    paths = sorted(p for p in (ROOT / "flows" / "examples").iterdir() if p.is_file() and not p.name.startswith("."))
    run = RunInfo(run_id="history-templates", store=False)
    return [r for r in screen_and_store(paths, make_context(), run, None) if r.status == "screened"]


def project_templates() -> list[object]:
    """The bundled project examples assessed for real (against the imported entity lists, if any)."""
    from flows.assess import AssessOptions, ProjectJob, assess_job, load_lists
    from flows.pipeline import make_context

    base = ROOT / "flows" / "project_examples"
    jobs = [ProjectJob(description=str(p), partners=str(base / "partners" / f"{p.stem}.csv")
                       if (base / "partners" / f"{p.stem}.csv").is_file() else None)
            for p in sorted((base / "applications").iterdir()) if p.is_file()]
    options = AssessOptions()
    lists = load_lists(options)
    context = make_context()
    return [assess_job(job, context, lists)[0] for job in jobs]


def _variant(template: DocumentResult, path: str) -> DocumentResult:
    sha = hashlib.sha256(path.encode()).hexdigest()
    return dataclasses.replace(template, path=path, sha256=sha)


def _months(end: date, count: int) -> list[date]:
    firsts, year, month = [], end.year, end.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return firsts[::-1]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8), UTC) + timedelta(minutes=rng.randrange(0, 9 * 60))


def generate(database_url: str, months: int = 12, end: date | None = None, seed: int = 7,
             documents_per_month: int = 60, projects: bool = True, grants: bool = True) -> dict[str, int]:
    """Write the history; returns counts of what was stored."""
    rng = random.Random(seed)
    end = end or date.today()
    templates = document_templates()
    project_list = project_templates() if projects else []
    settings = _settings()
    units = UnitMap(tuple(sorted(UNITS.items(), key=lambda kv: -len(kv[0]))))
    counts = {"documents": 0, "projects": 0, "decisions": 0, "suppressions": 0, "grant_scans": 0}
    pending: list[tuple[datetime, int, DocumentResult]] = []
    now = datetime.combine(end, time(17), UTC)
    with open_store(database_url) as store, tempfile.TemporaryDirectory() as tmp:
        for index, first in enumerate(_months(end, months)):
            season = 1.0 + 0.5 * (first.month in (5, 6, 11, 12)) - 0.6 * (first.month == 7)
            for week in range(4):
                day = first + timedelta(days=7 * week + rng.randrange(0, 5))
                if day > end:
                    break
                for prefix in UNITS:
                    n = max(0, int(rng.gauss(documents_per_month * season / 12, 2)))
                    results = [_variant(rng.choice(templates), f"{prefix}{first:%Y/%m}/w{week}-{k}.pdf")
                               for k in range(n)]
                    at = _at(day, rng)
                    run = RunInfo(run_id=f"history-{first:%Y%m}-{week}-{prefix.strip('/').split('/')[-1]}",
                                  started_at=at, settings=settings, units=units.to_record())
                    with clock(at):
                        ids = store.save_results(run, results, {})
                    counts["documents"] += len(results)
                    pending += [(at, i, r) for i, r in zip(ids, results, strict=True)
                                if i is not None and r.decision in NEEDS_REVIEW]
                if project_list and week in (1, 3):
                    _projects(store, project_list, first, week, day, rng, settings, units, counts)
            if grants:
                _grants(database_url, Path(tmp), index, first, rng, counts)
        _decide(store, pending, now, rng, counts)
    return counts


def _projects(store: Store, templates: list[object], first: date, week: int, day: date, rng: random.Random,
              settings: dict[str, object], units: UnitMap, counts: dict[str, int]) -> None:
    from reports.store.assessments import save_assessments

    prefix = rng.choice(list(UNITS))
    chosen = []
    for k in range(rng.randrange(1, 4)):
        template = rng.choice(templates)
        path = f"{prefix}projects/{first:%Y-%m}-w{week}-{k}.md"
        screening = template.screening  # type: ignore[attr-defined]
        if screening is not None:
            screening = _variant(screening, path)
        chosen.append(dataclasses.replace(template, path=path, screening=screening))  # type: ignore[type-var]
    at = _at(day, rng)
    run = RunInfo(run_id=f"history-projects-{first:%Y%m}-{week}", started_at=at, settings=settings,
                  units=units.to_record(), command="assess")
    with clock(at):
        save_assessments(store, run, chosen, {})  # type: ignore[arg-type]
    counts["projects"] += len(chosen)


def _decide(store: Store, pending: list[tuple[datetime, int, DocumentResult]], now: datetime,
            rng: random.Random, counts: dict[str, int]) -> None:
    """Reviewers decide most cases after some days; the youngest stay in the backlog."""
    decisions = []
    for opened, case_id, result in pending:
        at = opened + timedelta(days=rng.expovariate(1 / 9), hours=rng.randrange(1, 6))
        if at < now and rng.random() < 0.93:
            decisions.append((at, case_id, result))
    decided: set[int] = set()
    for at, case_id, result in sorted(decisions, key=lambda d: d[0]):
        if case_id in decided:
            continue
        decided.add(case_id)
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        with clock(at):
            if outcome == "licence_applied":
                store.decide(case_id, "licence_required", "generated history: licence needed", REVIEWER)
            store.decide(case_id, outcome, f"generated history: {outcome}", REVIEWER)
            if outcome == "cleared" and result.findings and rng.random() < 0.3:
                top = result.findings[0]
                store.suppress(case_id, top.code, top.evidence[0].term, reason="generated history: not the item",
                               reviewer=REVIEWER)
                counts["suppressions"] += 1
        counts["decisions"] += 1


def _grants(database_url: str, folder: Path, index: int, first: date, rng: random.Random,
            counts: dict[str, int]) -> None:
    """One share scan per unit and month, of a generated Purview export (real reader, rules and store)."""
    from reports.shares import scan_shares
    from tests.benchmarks.gen_purview import audit_frame, write_people_csv

    people = folder / "people.csv"
    if not people.exists():
        write_people_csv(people, 400)
    rows = 60
    frame = audit_frame(rows * len(UNITS) * 14, 400)
    for u, unit in enumerate(UNITS.values()):
        start = (index * len(UNITS) + u) * rows
        export = folder / f"purview-{index}-{u}.csv"
        frame.slice(start, rows - rng.randrange(0, 20)).write_csv(export)
        at = _at(first + timedelta(days=rng.randrange(0, 27)), rng)
        with clock(at):
            scan_shares([export], people, None, database_url, lambda _paths, _url: [],
                        f"history-{first:%Y%m}-{u}", UnitMap(default=unit))
        counts["grant_scans"] += 1


def has_history(database_url: str) -> bool:
    """True when the store already holds runs of this generator."""
    from sqlalchemy import select

    from reports.store.models import Run

    with open_store(database_url) as store, store.engine.connect() as conn:
        return conn.execute(select(Run.id).where(Run.run_key.like("history-%")).limit(1)).first() is not None


def main(argv: list[str] | None = None) -> None:
    """Command line: write the history into DATABASE_URL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?", default=None)
    parser.add_argument("--months", type=int, default=13)
    parser.add_argument("--end", type=date.fromisoformat, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from flows.settings import database_url

    url = database_url(args.database_url)
    if has_history(url):
        print(f"generated history already in {url}: left as it is", file=sys.stderr)
        return
    counts = generate(url, args.months, args.end, args.seed)
    print("generated history: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
