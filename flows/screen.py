"""Screening many documents: coarse batches, each screened and stored in one transaction.

A local run (the default) loops over the batches in this process and needs no server. The same
loop runs as the Prefect flow ``screen_publications`` (``flows.prefect_flows``) when a Prefect
server is configured, each batch a task. spaCy and the item lists are loaded once per process;
batch results stream back to the caller's progress bar. The work itself is
``flows.pipeline.screen_and_store``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from classifiers.settings import make_settings
from classifiers.types import DocumentResult
from flows.pipeline import DEFAULT_MAX_PAGES, make_context, screen_and_store
from reports.run import RunInfo

#: Called with the number of documents just finished, after each document when the batch runs in
#: this process, else after each batch (set by the CLI).
ProgressListener = Callable[[int], None]
_listeners: list[ProgressListener] = []
_reported = [0]  # documents of the current batch already reported one by one

#: Screens and stores one batch: (paths, max_pages, run, database_url, index) -> results.
BatchRunner = Callable[..., list[DocumentResult]]


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


def screen_batch(
    paths: list[str],
    max_pages: int,
    run: RunInfo,
    database_url: str | None = None,
    index: int = 0,
) -> list[DocumentResult]:
    """Screen one batch with the run's settings and store it in one transaction (``index`` names it in Prefect)."""
    context = make_context(make_settings(**run.settings), max_pages)
    return screen_and_store(paths, context, run, database_url, on_document=_document_done)


def _document_done() -> None:
    """One document of a batch is screened: the progress bar moves now, not at the batch's end."""
    _reported[0] += 1
    for listener in _listeners:
        listener(1)


def screen_in_batches(
    paths: list[str],
    batch_size: int = 16,
    max_pages: int = DEFAULT_MAX_PAGES,
    run: RunInfo | None = None,
    database_url: str | None = None,
    runner: BatchRunner = screen_batch,
) -> list[DocumentResult]:
    """Screen manuscripts and store the results batch by batch.

    Args:
        paths: Files to screen (folders already expanded).
        batch_size: Documents per batch (one transaction; one Prefect task in the flow).
        max_pages: Page limit per document.
        run: The run, with its settings (``run_id`` shared by all batches; a rerun with the
            same id completes what a crashed run left, without duplicates). None screens with
            the default settings without storing.
        database_url: Results store URL; the configured default when None.
        runner: Runs one batch: ``screen_batch`` here, the Prefect task in the flow.

    Returns:
        One result per path, in order; unreadable files give ``failed`` results.
    """
    run = run or RunInfo(run_id=uuid.uuid4().hex[:12], store=False)
    results: list[DocumentResult] = []
    for i, batch in enumerate(batches(paths, batch_size)):
        _reported[0] = 0
        results.extend(runner(batch, max_pages, run, database_url, index=i))
        rest = max(0, len(batch) - _reported[0])  # a runner elsewhere (a Prefect worker) reports per batch
        for listener in _listeners:
            listener(rest)
    return results


def __getattr__(name: str) -> Any:
    """``screen_publications``, the Prefect flow, lives in flows.prefect_flows (imports Prefect)."""
    if name == "screen_publications":
        from flows import prefect_flows

        return prefect_flows.screen_publications
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
