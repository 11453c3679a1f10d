"""Real processes against one store: concurrent writers, and a writer killed mid-batch."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reports.store import open_store
from tests.reports.test_store_factory import corpus, scalar

WORKER = str(Path(__file__).with_name("test_store_factory.py"))


def _worker(
    url: str, run_id: str, first: int, count: int, batch: int, kill_at: int | None = None
) -> subprocess.Popen[str]:
    args = [sys.executable, WORKER, url, run_id, str(first), str(count), str(batch)]
    if kill_at is not None:
        args.append(str(kill_at))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def _assert_each_stored_once(url: str, first: int, count: int) -> None:
    expected = {r.sha256 for r, _ in corpus(first, count)}
    assert scalar(url, "SELECT count(*) FROM documents") == len(expected)
    assert scalar(url, "SELECT count(DISTINCT sha256) FROM documents") == len(expected)
    assert scalar(url, "SELECT count(*) FROM cases") == len(expected)
    assert scalar(url, "SELECT count(DISTINCT document_id) FROM cases") == len(expected)
    with open_store(url) as store:
        for sha in expected:
            assert store.stored_text(sha or "") is not None


@pytest.mark.slow
def test_two_concurrent_writers_lose_and_corrupt_nothing(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).close()  # create the schema once, as the first CLI call would
    # Overlapping ranges: documents 60..119 are screened by both processes at the same time.
    first = _worker(db_url, "writer-a", 0, 120, 10)
    second = _worker(db_url, "writer-b", 60, 120, 10)
    for process in (first, second):
        code, out, err = _finish(process)
        assert code == 0, err
        assert out.count("stored") == 12
    _assert_each_stored_once(db_url, 0, 180)
    assert scalar(db_url, "SELECT count(*) FROM screenings") == 240
    assert scalar(db_url, "SELECT count(DISTINCT run_id) FROM screenings") == 2
    # The shared documents point at one case from both runs.
    assert scalar(db_url, "SELECT count(DISTINCT case_id) FROM screenings WHERE path >= 'docs/doc00060'") == 120
    with open_store(db_url) as store:
        result = store.verify()
    assert result.ok, result.describe()
    assert result.records == 2 + 240  # two runs, one record per screening
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()


@pytest.mark.slow
def test_a_writer_killed_mid_batch_and_the_rerun_store_every_document_once(db_url: str) -> None:
    open_store(db_url).close()
    code, out, _err = _finish(_worker(db_url, "nightly", 0, 40, 10, kill_at=25))
    assert code == -signal.SIGKILL
    assert out.splitlines() == ["batch 0 stored", "batch 1 stored"]  # died inside batch 2
    assert scalar(db_url, "SELECT count(*) FROM screenings") == 20  # none of batch 2
    assert scalar(db_url, "SELECT count(*) FROM documents") == 20
    with open_store(db_url) as store:
        assert store.verify().ok

    code, out, err = _finish(_worker(db_url, "nightly", 0, 40, 10))
    assert code == 0, err
    _assert_each_stored_once(db_url, 0, 40)
    assert scalar(db_url, "SELECT count(*) FROM screenings") == 40
    assert scalar(db_url, "SELECT count(DISTINCT path) FROM screenings") == 40
    assert scalar(db_url, "SELECT count(*) FROM runs") == 1
    with open_store(db_url) as store:
        result = store.verify()
    assert result.ok, result.describe()
    assert result.records == 1 + 40
