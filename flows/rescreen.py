"""Re-screening stored documents when an item-list version changes.

Each stored document content is screened again against the installed (newest current) list
versions, from the original file when it is still there unchanged (page numbers kept) or else
from the extracted text the store kept (one page without a number). The result is stored as a
new case linked to the document's latest one, with reviewers' suppressions applied, and
compared with that case: new, changed (code, level, score) and disappeared findings.
Documents already screened against the installed versions are skipped, so a rerun after a
crash only does what is left. Plain functions here; ``rescreen_documents`` is the Prefect flow
(one coarse task per batch, one transaction per batch).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from classifiers.errors import SettingsError
from classifiers.settings import ScreeningSettings, make_settings
from classifiers.suppress import apply_suppressions, suppression_text
from classifiers.types import DocumentResult, Finding
from extractors import Limits, read_document
from extractors.analysis.nlp import load_pipeline
from extractors.errors import ExtractionError
from extractors.types import Document, Page
from flows.distributed import DaskSpec
from flows.errors import CannotRunError
from flows.pipeline import DEFAULT_MAX_PAGES, ScreeningContext, screen_document
from flows.settings import database_url as configured_url
from flows.settings import list_store
from itemlists.reference import load_reference
from reports.run import RunInfo
from reports.store import Store, StoredDocument, open_store
from reports.store.changes import DocumentRescreen, RescreenReport, compare_findings, labels

log = logging.getLogger(__name__)

#: Where the text comes from: "auto" = the original file when present and unchanged, else the
#: stored text; "text" = always the stored text (faster; page numbers are not kept).
SOURCES = ("auto", "text")
FROM_TEXT = "stored text"
FROM_FILE = "file"


def is_current(doc: StoredDocument, versions: dict[str, str], itemlist: str | None) -> bool:
    """True when ``doc``'s latest case used the installed versions (of ``itemlist`` only, if given)."""
    if itemlist is not None:
        return doc.itemlist_versions.get(itemlist) == versions.get(itemlist)
    return doc.itemlist_versions == versions


def _skipped(doc: StoredDocument, note: str) -> DocumentRescreen:
    return DocumentRescreen(
        path=doc.path, sha256=doc.sha256, status="skipped", note=note, previous_case_id=doc.case_id,
        old_versions=doc.itemlist_versions, old_decision=doc.decision,
    )


def plan_rescreen(
    documents: Sequence[StoredDocument], versions: dict[str, str], itemlist: str | None = None
) -> tuple[list[StoredDocument], list[DocumentRescreen]]:
    """Split stored documents into those to re-screen and those skipped (with the reason)."""
    targets: list[StoredDocument] = []
    skipped: list[DocumentRescreen] = []
    for doc in documents:
        if doc.superseded_by is not None:
            note = f"superseded: other content at this path was screened later (case {doc.superseded_by})"
            skipped.append(_skipped(doc, note))
        elif is_current(doc, versions, itemlist):
            wanted = {itemlist: versions[itemlist]} if itemlist else versions
            skipped.append(_skipped(doc, f"already screened against {labels(wanted)}"))
        else:
            targets.append(doc)
    return targets, skipped


def load_document(
    doc: StoredDocument, store: Store, source: str = "auto", limits: Limits | None = None,
    pdf_engine: str | None = None,
) -> tuple[Document | None, str]:
    """The document to screen again and where it came from (or None and why not).

    ``pdf_engine`` reads a PDF again as its first screening did (its run's settings).
    """
    if source == "auto":
        try:
            document = read_document(doc.path, max_pages=DEFAULT_MAX_PAGES, limits=limits, pdf_engine=pdf_engine)
        except ExtractionError as exc:
            log.info("original not usable, using stored text: %s", exc)
        else:
            if document.sha256 == doc.sha256:
                return document, FROM_FILE
    text = store.stored_text(doc.sha256)
    if text is None:
        return None, (
            f"no stored text for {doc.sha256[:12]} and the file {doc.path!r} is gone or changed; "
            "screen the file again with 'exportscreen screen'"
        )
    size = doc.size if doc.size is not None else len(text.encode("utf-8"))
    return Document(doc.path, doc.kind or "text", (Page(None, text),), doc.sha256, size), FROM_TEXT


def rescreen_context(settings: dict[str, Any]) -> ScreeningContext:
    """Pipeline, the currently installed lists (loaded fresh, not the process cache), settings."""
    return ScreeningContext(load_pipeline(), load_reference(list_store()), make_settings(**settings))


def _old_findings(store: Store, case_id: int) -> list[Finding]:
    marked = [(s.finding, s.suppressed_by) for s in store.case(case_id).findings]
    return [f if rule is None else dataclasses.replace(f, suppressed_by=suppression_text(rule)) for f, rule in marked]


def _outcome(doc: StoredDocument, result: DocumentResult, case_id: int | None, source: str,
             old: list[Finding]) -> DocumentRescreen:
    findings_changed = compare_findings(old, result.findings)
    reused = case_id is not None and case_id <= doc.case_id
    note = f"same as earlier case {case_id} (these versions were screened before)" if reused else ""
    return DocumentRescreen(
        path=doc.path, sha256=doc.sha256, status="rescreened", note=note, previous_case_id=doc.case_id,
        case_id=case_id, old_versions=doc.itemlist_versions, new_versions=dict(result.itemlist_versions),
        old_decision=doc.decision, new_decision=result.decision, source=source, changes=findings_changed,
        unchanged=len(result.findings) - sum(c.kind != "disappeared" for c in findings_changed),
        needs_review=result.needs_review,
    )


def rescreen_batch(
    targets: Sequence[StoredDocument], context: ScreeningContext, run: RunInfo, store: Store,
    source: str = "auto",
) -> list[DocumentRescreen]:
    """Screen a batch again, store it in one transaction, and compare with the latest cases."""
    loaded = [(doc, *load_document(doc, store, source, context.limits, context.settings.pdf_engine))
              for doc in targets]
    unavailable = [
        DocumentRescreen(path=d.path, sha256=d.sha256, status="unavailable", note=why, previous_case_id=d.case_id,
                         old_versions=d.itemlist_versions, old_decision=d.decision)
        for d, document, why in loaded if document is None
    ]
    ready = [(d, document, src) for d, document, src in loaded if document is not None]
    results = [
        apply_suppressions(screen_document(document, context), store.suppressions_for(d.sha256))
        for d, document, _ in ready
    ]
    texts = {d.sha256: document.text for d, document, _ in ready}
    ids = store.save_results(run, results, texts) if results else []
    done = [
        _outcome(d, r, case_id, src, _old_findings(store, d.case_id))
        for (d, _, src), r, case_id in zip(ready, results, ids, strict=True)
    ]
    return done + unavailable


def run_batch(targets: list[StoredDocument], run: RunInfo, database_url: str | None,
              source: str) -> list[DocumentRescreen]:
    """One batch with its own context and store connection (what a Prefect task runs)."""
    context = rescreen_context(run.settings)
    with open_store(configured_url(database_url)) as store:
        return rescreen_batch(targets, context, run, store, source)


BatchRunner = Callable[[list[StoredDocument], RunInfo, "str | None", str], list[DocumentRescreen]]


def _settings_of(doc: StoredDocument) -> dict[str, Any]:
    try:
        return make_settings(**doc.settings).model_dump()
    except SettingsError:
        log.warning("case %d: stored settings unusable, re-screening with the defaults", doc.case_id)
        return ScreeningSettings().model_dump()


def plan_runs(
    targets: Sequence[StoredDocument], run: RunInfo
) -> Iterator[tuple[RunInfo, list[StoredDocument]]]:
    """One store run per distinct settings (the case key includes the settings hash)."""
    groups: dict[str, list[StoredDocument]] = {}
    for doc in targets:
        groups.setdefault(doc.settings_hash, []).append(doc)
    for i, group in enumerate(groups.values()):
        key = run.run_id if len(groups) == 1 else f"{run.run_id}-{i + 1}"
        yield run.model_copy(update={"run_id": key, "settings": _settings_of(group[0])}), group


def installed_versions(itemlist: str | None = None) -> dict[str, str]:
    """The current version of each installed list; refuses an ``itemlist`` not installed."""
    versions = {k: m.version for k, m in list_store().installed().items()}
    if itemlist is not None and itemlist not in versions:
        raise CannotRunError(f"item list {itemlist!r} is not installed; installed: {', '.join(versions)}")
    return versions


def rescreen(
    database_url: str | None = None, itemlist: str | None = None, source: str = "auto",
    batch_size: int = 16, run_id: str | None = None, runner: BatchRunner = run_batch,
    progress: Callable[[int], None] | None = None, engine: DaskSpec | None = None,
) -> RescreenReport:
    """Re-screen every stored document not yet screened against the installed list versions.

    Args:
        database_url: Results store URL; the configured default when None.
        itemlist: Only documents whose version of this list differs ("II"); any list when None.
        source: "auto" (original file when unchanged, else stored text) or "text".
        batch_size: Documents per transaction (and per Prefect task in the flow).
        run_id: Store run id; a rerun with the same id completes a crashed run.
        runner: Runs one batch (``run_batch``, or the Prefect task in the flow).
        progress: Called with the number of documents after each batch.
        engine: Run the batches on Dask (flows.distributed) when it asks for an engine.
    """
    if source not in SOURCES:
        raise CannotRunError(f"source {source!r} is not one of: {', '.join(SOURCES)}")
    started = time.perf_counter()
    versions = installed_versions(itemlist)
    with open_store(configured_url(database_url)) as store:
        targets, skipped = plan_rescreen(store.documents(), versions, itemlist)
    planned = RunInfo(
        run_id=run_id or uuid.uuid4().hex[:12], command="rescreen", options={"itemlist": itemlist, "source": source}
    )
    planned_batches = [(run, group[i : i + batch_size]) for run, group in plan_runs(targets, planned)
                       for i in range(0, len(group), batch_size)]
    done: list[DocumentRescreen] = []
    if engine is not None and engine.wanted:
        from flows.distributed import rescreen_distributed

        done = rescreen_distributed(planned_batches, database_url, source, engine, progress)
    else:
        for run, batch in planned_batches:
            done.extend(runner(batch, run, database_url, source))
            if progress is not None:
                progress(len(batch))
    return RescreenReport(versions, tuple(done + skipped), time.perf_counter() - started, itemlist)


def __getattr__(name: str) -> Any:
    """``rescreen_documents``, the Prefect flow, lives in flows.prefect_flows (imports Prefect)."""
    if name == "rescreen_documents":
        from flows import prefect_flows

        return prefect_flows.rescreen_documents
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
