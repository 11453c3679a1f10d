"""Glue for screening documents: read -> analyse -> classify, one failure never stops a batch.

Plain functions, used directly by the CLI for single files and wrapped in coarse Prefect
tasks by ``flows.screen`` for folders. The context (spaCy pipeline, item lists) is loaded
once per process and shared by every document.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from classifiers import classify
from classifiers.settings import ScreeningSettings
from classifiers.suppress import apply_suppressions
from classifiers.types import DocumentResult
from extractors import DEFAULT_MAX_PAGES, Limits, read_document
from extractors.analysis.analyse import analyse
from extractors.analysis.nlp import Pipeline, load_pipeline
from extractors.errors import ExtractionError
from extractors.types import Document
from flows.settings import database_url as configured_url
from flows.settings import limits as settings_limits
from flows.settings import list_store
from itemlists.reference import load_reference
from itemlists.types import Reference
from reports.run import RunInfo

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class ScreeningContext:
    """What every document of a run is screened with.

    Attributes:
        pipeline: The spaCy pipeline (trained, or the logged fallback).
        reference: The installed item lists.
        settings: Thresholds and limits.
        max_pages: Documents with more pages fail with a reason instead of being read.
        limits: Size limits per document (text characters, unpacked DOCX parts), read once
            from the environment (``extractors.documents.limits``).
        progress: Called while a document is analysed with (characters done, characters in
            all): a single long document shows progress.
    """

    pipeline: Pipeline
    reference: Reference
    settings: ScreeningSettings
    max_pages: int = DEFAULT_MAX_PAGES
    limits: Limits = field(default_factory=settings_limits)
    progress: Callable[[int, int], None] | None = None


_lock = threading.Lock()
_reference: Reference | None = None


def shared_reference() -> Reference:
    """The process-wide Reference, loaded on first use."""
    global _reference
    with _lock:
        if _reference is None:
            _reference = load_reference(list_store())
        return _reference


def make_context(
    settings: ScreeningSettings | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    progress: Callable[[int, int], None] | None = None,
) -> ScreeningContext:
    """Load (or reuse) the pipeline and the lists and bundle them with the settings and limits."""
    return ScreeningContext(
        load_pipeline(), shared_reference(), settings or ScreeningSettings(), max_pages, settings_limits(), progress
    )


def failed_result(path: str, reason: str) -> DocumentResult:
    """A ``failed`` record: the document could not be read; the reason says what to do."""
    return DocumentResult(path=path, status="failed", decision="failed", error=reason, reasons=(reason,))


def screen_with_text(
    path: str | Path, context: ScreeningContext, document: Document | None = None
) -> tuple[DocumentResult, str | None]:
    """Screen one file and return its result with the extracted text (None when unreadable).

    ``document`` is the file already read with the context's page limit and limits (the
    command line reads a PDF ahead in another process: ``flows.readahead``); None reads it here.
    An unreadable file gives a ``failed`` result, never an exception.
    """
    if document is None:
        try:
            document = read_document(
                path, max_pages=context.max_pages, limits=context.limits, pdf_engine=context.settings.pdf_engine
            )
        except ExtractionError as exc:
            log.info("failed: %s", exc)
            return failed_result(str(path), str(exc)), None
    return screen_document(document, context), document.text


def screen_document(document: Document, context: ScreeningContext) -> DocumentResult:
    """Analyse and classify one read document: the one place every flow (screen, rescreen, shares) does it."""
    analysis = analyse(document, context.pipeline, progress=context.progress)
    return classify(analysis, context.reference, context.settings)


def screen_path(path: str | Path, context: ScreeningContext) -> DocumentResult:
    """Screen one file; an unreadable file gives a ``failed`` result, never an exception."""
    return screen_with_text(path, context)[0]


def screen_paths(paths: Sequence[str | Path], context: ScreeningContext) -> list[DocumentResult]:
    """Screen files in order; each gets exactly one result."""
    return [screen_path(p, context) for p in paths]


def screen_and_store(
    paths: Sequence[str | Path],
    context: ScreeningContext,
    run: RunInfo,
    database_url: str | None,
    on_document: Callable[[], None] | None = None,
    documents: Mapping[str, Document] | None = None,
) -> list[DocumentResult]:
    """Screen files and write the batch to the results store in one transaction.

    Args:
        paths: The batch.
        context: Pipeline, lists and settings.
        run: The run; the same ``run_id`` for every batch of a run (and its rerun).
        database_url: Results store URL, or None for the configured default. The store is
            skipped when ``run.store`` is False.
        on_document: Called after each file is screened (progress per document).
        documents: Files already read, by ``str(path)`` (see :func:`screen_with_text`).

    Returns:
        One result per path, in order, with the store's suppressions applied (when storing).
    """
    screened = []
    for path in paths:
        screened.append(screen_with_text(path, context, (documents or {}).get(str(path))))
        if on_document is not None:
            on_document()
    results = [r for r, _ in screened]
    if run.store:
        from reports.store import open_store

        texts = {r.sha256: t for r, t in screened if r.sha256 and t is not None}
        with open_store(configured_url(database_url)) as store:
            # Reviewers' false-positive marks: shown, but not counted in the decision.
            results = [apply_suppressions(r, store.suppressions_for(r.sha256)) if r.sha256 else r for r in results]
            store.save_results(run, results, texts)
    return results
