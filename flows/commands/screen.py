"""``exportscreen screen``: screen manuscripts and print or write the report."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

from classifiers.settings import ScreeningSettings, make_settings
from classifiers.types import DocumentResult
from extractors import DEFAULT_MAX_PAGES, iter_paths
from flows.commands.engines import dask_spec, engine_options
from flows.commands.pdf_engine import chosen_pdf_engine, pdf_engine_option
from flows.commands.units import resolve_units, unit_options
from flows.distributed import DaskSpec
from flows.errors import EXIT_FAILED_INPUTS, EXIT_OK, EXIT_REVIEW
from flows.runner import RUNNERS, choose_runner
from reports.i18n import _
from reports.render import FORMATS, get_format
from reports.run import ItemListInfo, RunInfo


def exit_code(results: Sequence[DocumentResult]) -> int:
    """3 when any input could not be read, else 1 when any needs review, else 0."""
    if any(r.status == "failed" for r in results):
        return EXIT_FAILED_INPUTS
    if any(r.needs_review for r in results):
        return EXIT_REVIEW
    return EXIT_OK


def finished_run(run: RunInfo, results: Sequence[DocumentResult]) -> RunInfo:
    """The run for the report header: finished now, with the lists installed and what was checked."""
    from flows.settings import list_store

    installed = list_store().installed()
    itemlists = [ItemListInfo.model_validate(m.model_dump()) for m in installed.values()]
    return run.finished(itemlists, sorted({r.checked for r in results if r.checked}))


def _screen_many(paths: list[str], batch_size: int, max_pages: int, run: RunInfo, database: str | None,
                 runner: str, engine: DaskSpec | None = None) -> list[DocumentResult]:
    from flows.screen import add_progress_listener, clear_progress_listeners, screen_in_batches

    if not paths:
        return []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task(_("Screening"), total=len(paths))
        add_progress_listener(lambda n: progress.advance(bar, n))
        try:
            if engine is not None and engine.wanted:
                from flows.distributed import screen_distributed

                return screen_distributed(paths, batch_size, max_pages, run, database, engine,
                                          lambda n: progress.advance(bar, n), prefect=runner == "prefect")
            if runner == "prefect":
                from flows.prefect_flows import run_flow, screen_publications

                return run_flow(screen_publications, paths, batch_size, max_pages, run, database)
            return screen_in_batches(paths, batch_size, max_pages, run, database)
        finally:
            clear_progress_listeners()


def _screen_one(
    path: Path, settings: ScreeningSettings, max_pages: int, run: RunInfo, database: str | None
) -> list[DocumentResult]:
    """One file, with a progress bar over its pages while it is read, then its characters while it is analysed.

    A document of more than a few pages (``PARALLEL_FROM_CHARS``) is parsed on two processes when
    the machine has two cores (the same output; 1.3x faster on a 10-page manuscript, 1.5x on the
    253-page List II PDF). On such a
    machine a PDF is read in a second process while this one imports spaCy and loads the model
    and the lists (``flows.readahead``): spaCy is imported only after that process has started.
    """
    from extractors.documents.progress import reporting_pages
    from flows.readahead import read_ahead, worth_reading_ahead
    from flows.settings import limits
    from flows.settings import read_ahead as read_ahead_wanted

    shown: list[Callable[[int, int], None]] = []  # the bar's page listener, once the bar exists

    def early_page(done: int, total: int) -> None:
        if shown:
            shown[0](done, total)

    wait = None
    if worth_reading_ahead(path, read_ahead_wanted()):
        wait = read_ahead(path, max_pages, limits(), early_page, settings.pdf_engine)

    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task(_("Reading {name}").format(name=path.name), total=None)

        def page(done: int, total: int) -> None:
            description = _("Reading {name}: page {done} of {total}").format(name=path.name, done=done, total=total)
            progress.update(bar, description=description, completed=done, total=total)
            progress.refresh()  # a page can take less than the refresh interval: draw each one

        def advance(done: int, total: int) -> None:
            progress.update(bar, description=_("Analysing {name}").format(name=path.name), completed=done, total=total)

        shown.append(page)
        from extractors.analysis.analyse import set_parse_processes
        from flows.pipeline import make_context, screen_and_store

        set_parse_processes(min(2, os.cpu_count() or 1))
        context = make_context(settings, max_pages, advance)
        document = wait() if wait is not None else None
        with reporting_pages(page):
            return screen_and_store([path], context, run, database,
                                    documents={str(path): document} if document is not None else None)


def _inputs(inputs: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """The files to screen (folders expanded) and the inputs that do not exist; exit 3 when nothing is readable."""
    paths, missing = iter_paths(inputs)
    if not paths and not missing:
        given_inputs = ", ".join(str(p) for p in inputs)
        click.echo(f"Error: nothing screened: no readable document in {given_inputs} (empty folder, only hidden "
                   "files or unsupported types, or a symlink loop); check the path", err=True)
        sys.exit(EXIT_FAILED_INPUTS)
    # Absolute, so the store's records (and a later re-screen) do not depend on where the command ran.
    return [Path(os.path.abspath(p)) for p in paths], missing


def _check_store(store: bool, database: str | None) -> None:
    """Open (create or migrate) the store before screening, so a bad store fails in a second, not after."""
    if store:
        from flows.settings import database_url
        from reports.store import open_store

        with open_store(database_url(database)):
            pass


@click.command("screen")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="terminal", show_default=True, help="Report format."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for report files (needed for html; json goes to stdout without it).",
)
@click.option(
    "--cutoff", type=float, help="Findings below this score are not reported (default: the fitted scorer's)."
)
@click.option(
    "--threshold", type=float, help="Findings at or above this score flag (default: the fitted scorer's threshold)."
)
@click.option(
    "--max-findings", type=click.IntRange(min=1), default=None,
    help="Findings kept per document, strongest first (default 25); the report says when more scored.",
)
@click.option(
    "--scorer",
    type=click.Choice(["fitted", "hand"]),
    default=None,
    help="fitted (default): weights fitted on the labelled benchmark; hand: the hand-set weights, for comparison.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_PAGES,
    show_default=True,
    help="Documents with more pages fail with a reason instead of being read.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Documents per batch (one store transaction; one Prefect task with --runner prefect).",
)
@click.option(
    "--runner",
    type=click.Choice(RUNNERS),
    default=None,
    help="local: batches in this process, no server; prefect: a flow on the server in PREFECT_API_URL; "
    "auto (default, or $EXPORTSCREEN_RUNNER): prefect when PREFECT_API_URL is set.",
)
@click.option(
    "--trl",
    type=click.IntRange(1, 9),
    default=None,
    help="Technology readiness level (1-9) you state for the content; wins over the level read from the text.",
)
@click.option(
    "--public",
    "public_reference",
    metavar="DOI_OR_URL",
    default=None,
    help="The content is already publicly available here (e.g. the DOI of the published version).",
)
@click.option(
    "--store/--no-store",
    default=True,
    show_default=True,
    help="Also record results in the results store (review queue, audit log).",
)
@click.option(
    "--database",
    metavar="URL",
    default=None,
    help="Results store URL (default: $EXPORTSCREEN_DATABASE_URL or an SQLite file in the data folder).",
)
@click.option(
    "--run-id", default=None, help="Resume a run: batches already stored under this id are not stored again."
)
@pdf_engine_option
@unit_options
@engine_options
def screen(
    inputs: tuple[Path, ...],
    fmt: str,
    out_dir: Path | None,
    cutoff: float | None,
    threshold: float | None,
    scorer: str | None,
    max_pages: int,
    batch_size: int,
    trl: int | None,
    public_reference: str | None,
    max_findings: int | None,
    store: bool,
    database: str | None,
    run_id: str | None,
    runner: str | None,
    unit: str | None,
    unit_map: Path | None,
    workers: int | None,
    dask_address: str | None,
    dask_jobqueue: str | None,
    jobs: int,
    cores: int,
    memory: str,
    pdf_engine: str | None,
) -> None:
    """Screen manuscripts (PDF, DOCX, LaTeX, Markdown, text) or folders of them.

    Each document gets a decision (review_required, no_listed_technology, failed, ...) with
    findings, evidence and the list versions used. Several files run in batches with a progress
    bar, in this process (no server needed) or, with --runner prefect, as the Prefect flow
    `screen_publications` on the configured server.
    """
    given = {
        "cutoff": cutoff,
        "threshold": threshold,
        "scorer": scorer,
        "trl": trl,
        "public_reference": public_reference,
        "max_findings": max_findings,
        "pdf_engine": chosen_pdf_engine(pdf_engine),
    }
    settings = make_settings(**{k: v for k, v in given.items() if v is not None})
    report = get_format(fmt)
    if report.needs_out_dir and out_dir is None:
        raise click.UsageError(f"--format {fmt} writes files; give --out DIR")
    paths, missing = _inputs(inputs)
    chosen = choose_runner(runner)
    _check_store(store, database)
    units = resolve_units(unit, unit_map).to_record()
    run = RunInfo(run_id=run_id or uuid.uuid4().hex[:12], settings=settings.model_dump(), store=store,
                  units=units if any(units.values()) else {})
    engine = dask_spec(workers, dask_address, dask_jobqueue, jobs, cores, memory)
    if len(paths) == 1 and not missing and not engine.wanted:
        results = _screen_one(paths[0], settings, max_pages, run, database)
    else:
        results = _screen_many([str(p) for p in paths], batch_size, max_pages, run, database, chosen, engine)
    from flows.pipeline import failed_result

    results += [failed_result(str(p), f"{p}: no such file or folder; check the path") for p in missing]
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    written = report.emit(results, finished_run(run, results), out_dir, Console(file=sys.stdout))
    if written is not None:
        click.echo(f"Report written: {written}", err=True)
    sys.exit(exit_code(results))
