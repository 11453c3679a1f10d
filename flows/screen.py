"""The Prefect flow ``screen_publications``: coarse batches of documents per task.

Each task run costs tens of milliseconds and a flow run without a server starts a temporary
one (~10 s), so tasks are batches (``batch_size`` documents), run one after another in this
process: spaCy and the item lists are loaded once and the batch results stream back to the
caller's progress bar. The work itself is ``flows.pipeline.screen_paths``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import flow, task

from classifiers.settings import make_settings
from classifiers.types import DocumentResult
from flows.pipeline import DEFAULT_MAX_PAGES, make_context, screen_and_store

#: Called after each batch with the number of documents just finished (set by the CLI).
ProgressListener = Callable[[int], None]
_listeners: list[ProgressListener] = []


def add_progress_listener(listener: ProgressListener) -> None:
    """Register a callback told how many documents each finished batch held."""
    _listeners.append(listener)


def clear_progress_listeners() -> None:
    """Remove every progress callback."""
    _listeners.clear()


def batches(paths: list[str], size: int) -> list[list[str]]:
    """Split paths into consecutive batches of at most ``size``."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size!r}")
    return [paths[i : i + size] for i in range(0, len(paths), size)]


@task(name="screen-batch", task_run_name="screen-batch-{index}", retries=0)
def screen_batch(
    paths: list[str],
    settings: dict[str, Any],
    max_pages: int,
    run: dict[str, Any],
    database_url: str | None = None,
    index: int = 0,
) -> list[DocumentResult]:
    """Screen one batch and store it in one transaction (a coarse task, no sub-tasks)."""
    context = make_context(make_settings(**settings), max_pages)
    return screen_and_store(paths, context, run, database_url)


@flow(name="screen_publications", log_prints=False)
def screen_publications(
    paths: list[str],
    settings: dict[str, Any] | None = None,
    batch_size: int = 16,
    max_pages: int = DEFAULT_MAX_PAGES,
    run: dict[str, Any] | None = None,
    database_url: str | None = None,
) -> list[DocumentResult]:
    """Screen manuscripts before publication and store the results batch by batch.

    Args:
        paths: Files to screen (folders already expanded).
        settings: ScreeningSettings fields to override (cutoff, threshold, ...).
        batch_size: Documents per task.
        max_pages: Page limit per document.
        run: Run metadata for the store (``run_id`` shared by all batches; a rerun with the
            same id completes what a crashed run left, without duplicates). ``{"store":
            False}`` screens without storing.
        database_url: Results store URL; the configured default when None.

    Returns:
        One result per path, in order; unreadable files give ``failed`` results.
    """
    run = run or {"store": False}
    results: list[DocumentResult] = []
    for i, batch in enumerate(batches(paths, batch_size)):
        results.extend(screen_batch(batch, settings or {}, max_pages, run, database_url, index=i))
        for listener in _listeners:
            listener(len(batch))
    return results
