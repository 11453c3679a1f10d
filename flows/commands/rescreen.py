"""``exportscreen rescreen``: screen stored documents again against the newest list versions.

Exit codes as for ``screen``: 0 nothing re-screened needs review, 1 a re-screened document
needs review, 3 some documents could not be re-screened (no stored text, file gone), 4 could
not run (store or item-list problem).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.progress import Progress

from flows.commands.engines import dask_spec, engine_options
from flows.errors import EXIT_FAILED_INPUTS, EXIT_OK, EXIT_REVIEW
from flows.rescreen import FROM_TEXT, SOURCES, installed_versions, plan_rescreen, rescreen
from flows.runner import RUNNERS, choose_runner
from flows.settings import load_settings
from reports.store import open_store
from reports.store.changes import DocumentRescreen, RescreenReport, labels

DB_HELP = "Results store URL (default: $EXPORTSCREEN_DATABASE_URL or the SQLite file in the data folder)."
PAGES_NOTE = "screened from stored text: page numbers are not kept, evidence shows no page"


def exit_code(report: RescreenReport) -> int:
    """3 when a document could not be re-screened, else 1 when one needs review, else 0."""
    if report.with_status("unavailable"):
        return EXIT_FAILED_INPUTS
    if any(d.needs_review for d in report.with_status("rescreened")):
        return EXIT_REVIEW
    return EXIT_OK


def describe_document(doc: DocumentRescreen) -> Iterator[str]:
    """Lines for one re-screened document: cases, versions, decision, changes."""
    yield f"{doc.path}  (sha256 {doc.sha256[:12]})"
    yield f"  case {doc.previous_case_id} -> case {doc.case_id}{f'  ({doc.note})' if doc.note else ''}"
    yield f"  lists: {labels(doc.old_versions)} -> {labels(doc.new_versions)}"
    yield f"  screening outcome: {doc.old_decision} -> {doc.new_decision}"
    if doc.source == FROM_TEXT:
        yield f"  {PAGES_NOTE}"
    yield from (f"  {change.describe()}" for change in doc.changes)
    counts = ", ".join(f"{len(doc.of_kind(k))} {k}" for k in ("new", "changed", "disappeared"))
    yield f"  {counts}; {doc.unchanged} unchanged"


def describe(report: RescreenReport) -> Iterator[str]:
    """The terminal report: each re-screened document, then skipped and unavailable ones."""
    scope = f" (documents whose List {report.itemlist} version differs)" if report.itemlist else ""
    yield f"Re-screening against {labels(report.versions)}{scope}"
    for doc in report.with_status("rescreened"):
        yield ""
        yield from describe_document(doc)
    for status in ("unavailable", "skipped"):
        docs = report.with_status(status)
        if docs:
            yield ""
            yield f"{status.capitalize()} ({len(docs)}):"
            yield from (f"  {d.path}: {d.note}" for d in docs)
    done = len(report.with_status("rescreened"))
    yield ""
    yield (
        f"Re-screened {done} document(s) in {report.seconds:.1f} s ({report.rate:.1f} documents/s); "
        f"{len(report.with_status('skipped'))} skipped; {len(report.with_status('unavailable'))} unavailable."
    )


def _pending(database: str, itemlist: str | None) -> int:
    with open_store(database) as store:
        return len(plan_rescreen(store.documents(), installed_versions(itemlist), itemlist)[0])


@click.command("rescreen")
@click.option("--itemlist", metavar="LIST", default=None,
              help="Only documents whose version of this list (I, II or III) is not the installed one "
              "(default: a change of any list).")
@click.option("--database", metavar="URL", default=None, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
@click.option("--source", type=click.Choice(list(SOURCES)), default="auto", show_default=True,
              help="auto: the original file when still present and unchanged (keeps page numbers), "
              "else the stored text; text: always the stored text (faster).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Documents per transaction (and per Prefect task with --runner prefect).")
@click.option("--run-id", default=None, help="Resume a run: documents already re-screened are skipped anyway.")
@click.option("--runner", type=click.Choice(RUNNERS), default=None,
              help="local: batches in this process, no server; prefect: the flow on the server in PREFECT_API_URL; "
              "auto (default, or $EXPORTSCREEN_RUNNER): prefect when PREFECT_API_URL is set.")
@engine_options
def rescreen_command(
    itemlist: str | None, database: str | None, fmt: str, source: str, batch_size: int, run_id: str | None,
    runner: str | None, workers: int | None, dask_address: str | None, dask_jobqueue: str | None, jobs: int,
    cores: int, memory: str,
) -> None:
    """Re-screen stored documents against the newest installed item-list versions.

    Each document is screened again from its original file (when unchanged) or its stored
    text; the result is stored as a new case linked to the earlier one, and the output shows
    per document the new, changed (code, level, score) and disappeared findings. Documents
    already screened against the installed versions are skipped. With --runner prefect the
    batches run as the Prefect flow `rescreen_documents` on the configured server.
    """
    database = database or load_settings().database_url
    pending = _pending(database, itemlist)
    engine = dask_spec(workers, dask_address, dask_jobqueue, jobs, cores, memory)
    if choose_runner(runner) == "prefect" and not engine.wanted:
        from flows.prefect_flows import rescreen_documents, run_flow

        report = run_flow(rescreen_documents, database, itemlist, source, batch_size, run_id)
    else:
        with Progress(console=Console(stderr=True), transient=True) as progress:
            bar = progress.add_task("Re-screening", total=pending)
            report = rescreen(database, itemlist, source, batch_size, run_id,
                              progress=lambda n: progress.advance(bar, n), engine=engine)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for line in describe(report):
            click.echo(line)
    sys.exit(exit_code(report))
