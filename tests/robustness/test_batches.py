"""Batches under stress, through the installed command: killed and re-run, two writers at once.

A killed run re-run with the same ``--run-id`` stores every document exactly once; two runs
writing one SQLite store at the same time both finish, nothing is lost or doubled, and the
audit chain stays intact.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.robustness.cli import cli_env, exportscreen_command, run_cli

ROOT = Path(__file__).resolve().parents[2]
BENIGN = (ROOT / "flows" / "examples" / "honey_bee_foraging.txt").read_text()


def _documents(folder: Path, count: int, prefix: str) -> list[Path]:
    """``count`` distinct small documents (distinct content, so distinct store documents)."""
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}{i:02}.txt"
        path.write_text(f"{BENIGN}\n\nField note {prefix}-{i}: colony {i} was observed on day {i + 1}.\n")
        paths.append(path)
    return paths


def _screenings(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT runs.run_key, screenings.path FROM screenings JOIN runs ON runs.id = screenings.run_id"
        ).fetchall()


def _stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return len(_screenings(db))
    except sqlite3.Error:
        return 0


def test_killed_run_rerun_with_its_id_stores_every_document_once(user_home: Path, tmp_path: Path) -> None:
    paths = _documents(tmp_path / "docs", 10, "doc")
    db = tmp_path / "store.sqlite3"
    args = ["screen", str(tmp_path / "docs"), "--batch-size", "1", "--run-id", "kill-rerun",
            "--database", f"sqlite:///{db}", "--format", "json"]
    process = subprocess.Popen([exportscreen_command(), *args], env=cli_env(user_home),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and _stored_count(db) < 2:
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    before = _stored_count(db)
    assert 0 < before < len(paths), f"the kill came too late or too early ({before} stored)"
    out = run_cli(args, user_home)
    assert out.code == 0, out.err
    assert len(json.loads(out.out)["documents"]) == len(paths)
    stored = _screenings(db)
    assert sorted(p for _run, p in stored) == sorted(str(p) for p in paths)
    assert {run for run, _p in stored} == {"kill-rerun"}
    verify = run_cli(["audit", "--database", f"sqlite:///{db}", "verify"], user_home)
    assert verify.code == 0, verify.err


def test_two_writers_at_once_both_finish_and_nothing_is_lost(user_home: Path, tmp_path: Path) -> None:
    first = _documents(tmp_path / "a", 6, "a")
    second = _documents(tmp_path / "b", 6, "b")
    db = tmp_path / "store.sqlite3"
    processes = [
        subprocess.Popen([exportscreen_command(), "screen", str(folder), "--batch-size", "1",
                          "--database", f"sqlite:///{db}", "--format", "json"],
                         env=cli_env(user_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (tmp_path / "a", tmp_path / "b")
    ]
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    for code, _out, err in outcomes:
        assert code == 0, err
        assert "Traceback" not in err
    stored = sorted(p for _run, p in _screenings(db))
    assert stored == sorted(str(p) for p in first + second)
    verify = run_cli(["audit", "--database", f"sqlite:///{db}", "verify"], user_home)
    assert verify.code == 0, verify.err
