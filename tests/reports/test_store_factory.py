"""Real screening results for the store tests, and a worker process that stores them.

Not a test module of its own (it holds no tests): the store, review and audit tests import it,
and the concurrency and crash tests run it as a separate process::

    python tests/reports/test_store_factory.py DB_URL RUN_ID FIRST COUNT BATCH [KILL_AT]

stores documents FIRST..FIRST+COUNT-1 in batches of BATCH; with KILL_AT the process sends
itself SIGKILL while the batch holding document KILL_AT is being written (inside its open
transaction, after the earlier documents of that batch were written to the database file).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from classifiers.types import DocumentResult, Evidence, Feature, Finding, ThresholdCheck
from reports.run import RunInfo

LISTS = {"I": "2025-11-15", "II": "2025-11-15"}
SETTINGS = {"cutoff": 0.35, "threshold": 0.6}

LASER = (
    "The laser source delivers a continuous output power of 2.1 kW at 1064 nm "
    "and is built from ytterbium-doped fibre amplifiers."
)
QUBITS = "Our processor has 40 physical qubits with a two-qubit gate error of 3x10^-3."


def sha(text: str) -> str:
    """Content hash of a text, as the extractors compute it for files."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_finding(
    code: str = "6A005.b.6.b", term: str = "fibre laser", score: float = 0.82,
    level: str = "flag", version: str = "2025-11-15", sentence: str = LASER, page: int | None = 3,
) -> Finding:
    """A finding with evidence, features and a threshold check, like the classifier's."""
    entry = code.split(".")[0]
    return Finding(
        code=code, entry_code=entry, list="II", list_version=version,
        provision_text="Continuous wave lasers with output power exceeding 1 kW.",
        score=score, level=level, rule="list_match",
        evidence=(Evidence(sentence, page, 4, term, term, 0.97),),
        features=(
            Feature("similarity", 0.97, 0.41, "The document's words match the list term."),
            Feature("thresholds", 1.0, 0.2, "Output power 2.1 kW exceeds 1 kW."),
        ),
        thresholds=(ThresholdCheck(code, "output power", ">", 1000.0, "W", 2100.0, "2.1 kW", True),),
        explanation=f"The text describes a {term} meeting the thresholds of {code}.",
    )


def make_result(
    path: str, text: str, findings: Sequence[Finding] | None = None,
    versions: dict[str, str] | None = None, decision: str | None = None,
) -> DocumentResult:
    """A screened document result; flagged unless ``findings`` is empty."""
    found = tuple(make_finding() for _ in range(1)) if findings is None else tuple(findings)
    outcome = decision or ("review_required" if any(f.level == "flag" for f in found) else "no_listed_technology")
    versions = dict(LISTS if versions is None else versions)
    return DocumentResult(
        path=path, status="screened", decision=outcome, findings=found,
        reasons=(f"{len(found)} finding(s) against {', '.join(sorted(versions))}",),
        itemlist_versions=versions, checked="List II@2025-11-15 (3443 provisions)",
        kind="text", sha256=sha(text), pages=1, words=len(text.split()),
    )


def failed_result(path: str) -> DocumentResult:
    """An unreadable document, as the pipeline records it."""
    return DocumentResult(path=path, status="failed", decision="failed",
                          error=f"{path}: not a PDF, DOCX, LaTeX, Markdown or text file")


def corpus(first: int, count: int) -> list[tuple[DocumentResult, str]]:
    """Numbered documents: every third one flagged, the others near-misses or clean."""
    out = []
    for i in range(first, first + count):
        text = f"Document {i}. {LASER if i % 3 == 0 else QUBITS} Section {i} ends here."
        if i % 3 == 0:
            findings = [make_finding(score=0.6 + (i % 37) / 100)]
        elif i % 3 == 1:
            findings = [make_finding("4A506", "physical qubits", 0.45, "near_miss", sentence=QUBITS)]
        else:
            findings = []
        out.append((make_result(f"docs/doc{i:05d}.txt", text, findings), text))
    return out


class KillingBatch(Sequence[DocumentResult]):
    """A batch that kills its own process when the writer reaches item ``kill_at``."""

    def __init__(self, results: list[DocumentResult], kill_at: int | None) -> None:
        self._results, self._kill_at = results, kill_at

    def __len__(self) -> int:
        return len(self._results)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._results[index]

    def __iter__(self) -> Iterator[DocumentResult]:
        for i, result in enumerate(self._results):
            if i == self._kill_at:
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)
            yield result


def store_range(url: str, run_id: str, first: int, count: int, batch: int, kill_at: int | None) -> None:
    """Store documents first..first+count-1 in batches, maybe dying at document kill_at."""
    from reports.store import open_store

    docs = corpus(first, count)
    with open_store(url) as store:
        for start in range(0, count, batch):
            chunk = docs[start:start + batch]
            local = None if kill_at is None else kill_at - first - start
            inside = local is not None and 0 <= local < len(chunk)
            results = KillingBatch([r for r, _ in chunk], local if inside else None)
            store.save_results(RunInfo(run_id=run_id, settings=SETTINGS), results,
                               {r.sha256 or "": t for r, t in chunk})
            print(f"batch {start // batch} stored", flush=True)


PG_ENV = "EXPORTSCREEN_TEST_PG_URL"
PG_HINT = f'{PG_ENV} is not set; start a server with: eval "$(bash tests/pg_server.sh start)"'
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def fresh_pg_database() -> Iterator[str]:
    """A new, empty database on the test server (dropped afterwards); skips without one."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(PG_HINT)
    name = f"es_{uuid.uuid4().hex[:12]}"
    engine = create_engine(make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty store URL: an SQLite file in tmp_path, or a fresh PostgreSQL database.

    Test modules wrap it in a fixture: ``@pytest.fixture(params=BACKENDS)``.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        yield from fresh_pg_database()


def execute(url: str, *statements: str) -> None:
    """Run raw SQL against the database behind the store's back (to tamper with it)."""
    from sqlalchemy import create_engine, text

    from reports.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def drop_append_only(url: str, table: str) -> None:
    """Remove the append-only triggers of one table (what a tamperer with DB access does)."""
    if url.startswith("sqlite"):
        execute(url, f"DROP TRIGGER {table}_no_update", f"DROP TRIGGER {table}_no_delete")
    else:
        execute(url, f"DROP TRIGGER {table}_append_only ON {table}")


def scalar(url: str, sql: str) -> object:
    """One value from raw SQL."""
    from sqlalchemy import create_engine, text

    from reports.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return value


if __name__ == "__main__":
    db, run, a, n, b = sys.argv[1:6]
    kill = int(sys.argv[6]) if len(sys.argv) > 6 else None
    store_range(db, run, int(a), int(n), int(b), kill)
