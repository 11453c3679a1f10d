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
    assert seen == [2, 2, 2] * 2
    assert results[-1].status == "failed" and "No such file" in (results[-1].error or "")
    flagged = {Path(r.path).name for r in results if r.needs_review}
    assert {"fibre_laser_manuscript.pdf", "quantum_processor.tex"} <= flagged
    with open_store(db) as store:
        cases = store.list_cases(status="open")
    assert sorted(Path(c.path).name for c in cases) == sorted(flagged)
