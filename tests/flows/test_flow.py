"""The screen_publications flow under Prefect's test harness: batching, order, storing."""

from pathlib import Path

import pytest

from flows.screen import add_progress_listener, batches, clear_progress_listeners, screen_publications
from reports.run import RunInfo
from reports.store import open_store
from tests.paths import EXAMPLES

EXAMPLES = EXAMPLES


def test_batches_are_consecutive_and_bounded() -> None:
    assert batches(["a", "b", "c", "d", "e"], 2) == [["a", "b"], ["c", "d"], ["e"]]
    with pytest.raises(ValueError, match="batch size must be at least 1"):
        batches(["a"], 0)


def test_local_batches_report_progress_per_document(tmp_path: Path) -> None:
    from flows.screen import screen_in_batches

    paths = [str(tmp_path / f"doc{i}.txt") for i in range(3)]
    for i, path in enumerate(paths):
        Path(path).write_text(f"Notes on bee foraging, part {i}.", encoding="utf-8")
    seen: list[int] = []
    add_progress_listener(seen.append)
    try:
        screen_in_batches(paths, batch_size=2)
    finally:
        clear_progress_listeners()
    assert seen == [1, 1, 0, 1, 0]  # each document as it finishes; nothing left over at batch ends

    def elsewhere(batch: list[str], *_args: object, **_kwargs: object) -> list:
        return []  # a runner in another process reports nothing itself

    add_progress_listener(seen.append)
    try:
        seen.clear()
        screen_in_batches(paths, batch_size=2, runner=elsewhere)
    finally:
        clear_progress_listeners()
    assert seen == [2, 1]


@pytest.mark.slow
def test_flow_screens_in_order_reports_progress_and_stores_once(tmp_path: Path, prefect_harness) -> None:
    paths = [str(p) for p in sorted(EXAMPLES.iterdir())] + [str(tmp_path / "missing.pdf")]
    seen: list[int] = []
    add_progress_listener(seen.append)
    run = RunInfo(run_id="flow-test")
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    try:
        results = screen_publications(paths, batch_size=2, run=run, database_url=db)
        # A rerun of the same run (as after a crash) stores nothing twice.
        screen_publications(paths, batch_size=2, run=run, database_url=db)
    finally:
        clear_progress_listeners()
    assert [r.path for r in results] == paths
    # The tasks run in this process: progress comes per document, none left for the batch ends.
    assert [n for n in seen if n] == [1] * (2 * len(paths))
    assert results[-1].status == "failed" and "No such file" in (results[-1].error or "")
    flagged = {Path(r.path).name for r in results if r.needs_review}
    assert {"fibre_laser_manuscript.pdf", "quantum_processor.tex"} <= flagged
    with open_store(db) as store:
        cases = store.list_cases(status="open")
    assert sorted(Path(c.path).name for c in cases) == sorted(flagged)
