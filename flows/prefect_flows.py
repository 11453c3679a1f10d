"""The Prefect flows and tasks: screening, re-screening, assessment, the nightly share scan, the monthly report.

Flows stay thin: each task calls the plain function the local runner calls (``flows.screen``,
``flows.rescreen``, ``flows.shares``), in coarse batches (a task run costs tens of ms).
``run_flow`` runs a flow for the CLI only against a configured server (``PREFECT_API_URL``):
a temporary server can fail to start (an unwritable home) or miss its start-up timeout on a
busy machine, and it outlives a killed parent, so the CLI never starts one. A server that
fails is one ``Error:`` line and exit 4, never pages of tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from prefect import flow, task

from classifiers.projects.types import ProjectAssessment
from classifiers.types import DocumentResult
from flows.assess import AssessOptions, ProjectJob, assess_batch, assess_in_batches
from flows.errors import CannotRunError
from flows.pipeline import DEFAULT_MAX_PAGES
from flows.rescreen import rescreen, run_batch
from flows.screen import screen_batch, screen_in_batches
from flows.shares import DEFAULT_CRON, DEPLOYMENT_NAME, FLOW_NAME, new_exports, scan_exports
from flows.trends import REPORT_CRON, REPORT_DEPLOYMENT, REPORT_FLOW, default_range, trends, write_report
from reports.run import RunInfo
from reports.store import StoredDocument
from reports.store.changes import DocumentRescreen, RescreenReport

T = TypeVar("T")


@task(name="screen-batch", task_run_name="screen-batch-{index}", retries=0)
def screen_batch_task(
    paths: list[str], max_pages: int, run: RunInfo, database_url: str | None = None, index: int = 0,
) -> list[DocumentResult]:
    """Screen one batch and store it in one transaction (a coarse task, no sub-tasks)."""
    return screen_batch(paths, max_pages, run, database_url, index)


@flow(name="screen_publications", log_prints=False)
def screen_publications(
    paths: list[str], batch_size: int = 16, max_pages: int = DEFAULT_MAX_PAGES, run: RunInfo | None = None,
    database_url: str | None = None,
) -> list[DocumentResult]:
    """Screen manuscripts before publication, one task per batch (see ``flows.screen.screen_in_batches``)."""
    results = screen_in_batches(paths, batch_size, max_pages, run, database_url, runner=screen_batch_task)
    rows = _decision_rows([r.decision for r in results])
    publish_artifacts("screening", rows, _summary(f"Screening of {len(results)} documents", rows))
    return results


@flow(name="screen_publications_parallel", log_prints=False)
def screen_publications_parallel(
    paths: list[str], batch_size: int = 4, max_pages: int = DEFAULT_MAX_PAGES, run: RunInfo | None = None,
    database_url: str | None = None,
) -> list[DocumentResult]:
    """The same batches as ``screen_publications``, submitted at once to the flow's task runner.

    Run it ``.with_options(task_runner=DaskTaskRunner(...))`` (``dask_flow``): the batches go to
    the Dask workers largest first and come back in the order of ``paths``.
    """
    from flows.distributed import largest_first

    run = run or RunInfo(run_id=uuid.uuid4().hex[:12], store=False)
    groups = largest_first(paths, batch_size)
    futures = [screen_batch_task.submit([paths[i] for i in group], max_pages, run, database_url, index=k)
               for k, group in enumerate(groups)]
    results: list[DocumentResult | None] = [None] * len(paths)
    for group, future in zip(groups, futures, strict=True):
        for position, result in zip(group, future.result(), strict=True):
            results[position] = result
    done = [r for r in results if r is not None]
    rows = _decision_rows([r.decision for r in done])
    publish_artifacts("screening", rows, _summary(f"Screening of {len(done)} documents on Dask", rows))
    return done


def dask_flow(flow_function: Any, spec: Any) -> Any:
    """``flow_function`` with prefect-dask's ``DaskTaskRunner`` for ``spec`` (flows.distributed.DaskSpec)."""
    from prefect_dask import DaskTaskRunner

    if spec.address:
        runner = DaskTaskRunner(address=spec.address)
    elif spec.jobqueue:
        from flows.distributed import JOBQUEUES

        runner = DaskTaskRunner(cluster_class=f"dask_jobqueue.{JOBQUEUES[spec.jobqueue]}",
                                cluster_kwargs={"cores": spec.cores, "processes": spec.cores, "memory": spec.memory},
                                adapt_kwargs={"minimum": spec.jobs, "maximum": spec.jobs})
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": spec.workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    return flow_function.with_options(task_runner=runner)


@task(name="rescreen-batch", retries=0)
def rescreen_batch_task(targets: list[StoredDocument], run: RunInfo, database_url: str | None,
                        source: str) -> list[DocumentRescreen]:
    """Re-screen and store one batch (a coarse task: one transaction)."""
    return run_batch(targets, run, database_url, source)


@flow(name="rescreen_documents", log_prints=False)
def rescreen_documents(
    database_url: str | None = None, itemlist: str | None = None, source: str = "auto",
    batch_size: int = 16, run_id: str | None = None,
) -> RescreenReport:
    """Re-screen stored documents against the newest installed lists (see ``flows.rescreen.rescreen``)."""
    report = rescreen(database_url, itemlist, source, batch_size, run_id, runner=rescreen_batch_task)
    statuses = _count(d.status for d in report.documents)
    rows = [{"decision": status, "count": n} for status, n in sorted(statuses.items())]
    publish_artifacts("rescreen", rows, _summary("Re-screening", rows))
    return report


@task(name="scan-share-exports", retries=0)
def scan_task(exports: list[str], people: str, content: str | None, database_url: str | None) -> dict[str, Any]:
    """Scan a batch of new export files (one coarse task); returns the counts."""
    return scan_exports(exports, people, content, database_url).counts()


@flow(name=FLOW_NAME, log_prints=False)
def scan_share_exports(folder: str, people: str, content: str | None = None,
                       database_url: str | None = None) -> dict[str, Any]:
    """Scan the export files in ``folder`` that no earlier scan processed (nightly deployment)."""
    fresh = [str(p) for p in new_exports(folder, database_url)]
    counts: dict[str, Any] = scan_task(fresh, people, content, database_url) if fresh else {"grants": 0}
    by_decision: dict[str, int] = counts.get("by_decision", {})
    rows = [{"decision": str(k), "count": int(v)} for k, v in sorted(by_decision.items())]
    extra = ", ".join(f"{k.replace('_', ' ')}: {counts[k]}" for k in
                      ("grants", "quarantined", "new_observations", "cases_opened") if k in counts)
    publish_artifacts("share-scan", rows, _summary(f"Share scan of {len(fresh)} new export files", rows, extra))
    return {"exports": fresh, **counts}


def make_deployment(folder: str, people: str, content: str | None = None, cron: str = DEFAULT_CRON,
                    database_url: str | None = None, name: str = DEPLOYMENT_NAME) -> Any:
    """The nightly deployment of ``scan_share_exports`` (a ``RunnerDeployment`` for ``prefect.serve``)."""
    parameters = {"folder": str(Path(folder).resolve()), "people": str(Path(people).resolve()),
                  "content": str(Path(content).resolve()) if content else None, "database_url": database_url}
    return scan_share_exports.to_deployment(
        name=name, cron=cron, parameters=parameters,
        description="Scan new cloud-share export files in a folder every night (exportscreen shares schedule).",
        tags=["exportscreen", "shares"],
    )


def configured_server() -> str:
    """The Prefect API URL in force (environment, profile or test harness); refuse when there is none."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise CannotRunError(
            "the prefect runner needs a Prefect server: set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api "
            "after 'prefect server start'); without a server use --runner local, which needs none"
        )
    return str(url)


def run_flow(flow_function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a flow on the configured server; a server that fails is a ``CannotRunError``, not a traceback."""
    return guarded(configured_server(), flow_function, *args, **kwargs)


def guarded(server: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``function``; a failure of Prefect or its server becomes one ``CannotRunError`` line."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:
        if not orchestration_failure(exc):
            raise
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CannotRunError(
            f"the Prefect server {server} failed ({cause}); check that it runs and PREFECT_HOME is writable, "
            "or use --runner local"
        ) from None


def orchestration_failure(exc: BaseException) -> bool:
    """True for failures of Prefect or of talking to its server, as opposed to a bug in our code."""
    import httpx
    from prefect.exceptions import PrefectException

    seen: BaseException | None = exc
    while seen is not None:  # the client wraps a refused connection in a RuntimeError
        if isinstance(seen, httpx.HTTPError | PrefectException | ConnectionError | TimeoutError):
            return True
        if type(seen).__module__.startswith(("prefect", "httpx", "httpcore", "uvicorn")) or "Prefect" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@task(name="assess-batch", task_run_name="assess-batch-{index}", retries=0)
def assess_batch_task(jobs: list[ProjectJob], options: AssessOptions, run: RunInfo, database_url: str | None = None,
                      index: int = 0) -> list[ProjectAssessment]:
    """Assess one batch of projects and store it in one transaction (a coarse task)."""
    return assess_batch(jobs, options, run, database_url, index)


@flow(name="assess_projects", log_prints=False)
def assess_projects(jobs: list[ProjectJob], options: AssessOptions, run: RunInfo, batch_size: int = 8,
                    database_url: str | None = None) -> list[ProjectAssessment]:
    """Assess project descriptions with their partners, one task per batch (see ``flows.assess``)."""
    results = assess_in_batches(jobs, options, run, batch_size, database_url, runner=assess_batch_task)
    rows = _decision_rows([a.decision for a in results])
    publish_artifacts("assessment", rows, _summary(f"Project assessment of {len(results)} projects", rows))
    return results


def publish_artifacts(kind: str, rows: list[dict[str, Any]], summary: str) -> None:
    """A table artifact and a Markdown summary artifact for this flow run (keyed, so the UI keeps the history).

    Rows and summary hold counts and document paths only, never people or grant details.
    """
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_table_artifact(key=f"{kind}-table", table=rows, description=f"exportscreen {kind}: per-run table")
    create_markdown_artifact(key=f"{kind}-summary", markdown=summary, description=f"exportscreen {kind}: summary")


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _decision_rows(decisions: list[str]) -> list[dict[str, Any]]:
    return [{"decision": d, "count": n} for d, n in sorted(_count(decisions).items())]


def _summary(title: str, rows: list[dict[str, Any]], extra: str = "") -> str:
    lines = [f"# {title}", "", "| decision | count |", "|---|---|"]
    lines += [f"| {r['decision']} | {r['count']} |" for r in rows]
    return "\n".join(lines) + ("\n\n" + extra if extra else "") + "\n"


@flow(name=REPORT_FLOW, log_prints=False)
def trend_report(out_dir: str, by: str = "month", lang: str = "en", database_url: str | None = None,
                 months: int = 12) -> str:
    """Write the HTML trend report of the last ``months`` whole months and link it in an artifact."""
    from prefect.artifacts import create_link_artifact, create_markdown_artifact

    from reports.trends import TrendQuery

    start, end = default_range(months=months)
    run = trends(TrendQuery(start, end, by), database_url)
    folder = Path(out_dir) / f"trends-{end:%Y-%m}"
    path = write_report(run, "html", lang, folder)
    create_link_artifact(key="trend-report", link=path.resolve().as_uri(), link_text=f"Trend report {start} to {end}",
                         description="exportscreen trend report (HTML, self-contained)")
    volume = run.report.table("volume").frame
    create_markdown_artifact(
        key="trend-report-summary",
        markdown=(f"# Trend report {start} to {end}\n\nDocuments screened: {int(volume['documents'].sum())}; "
                  f"projects assessed: {int(volume['projects'].sum())}.\n\nReport: `{path.resolve()}`\n"))
    return str(path)


def make_report_deployment(out_dir: str, by: str = "month", lang: str = "en", database_url: str | None = None,
                           cron: str = REPORT_CRON) -> Any:
    """The monthly deployment of ``trend_report`` (a ``RunnerDeployment`` for ``prefect.serve``)."""
    parameters = {"out_dir": str(Path(out_dir).resolve()), "by": by, "lang": lang, "database_url": database_url}
    return trend_report.to_deployment(
        name=REPORT_DEPLOYMENT, cron=cron, parameters=parameters,
        description="Write the compliance trend report every month (exportscreen report schedule).",
        tags=["exportscreen", "trends"],
    )


def serve_until_stopped(deployment: Any, what: str) -> None:
    """Serve one deployment in this process until Ctrl-C, saying where its runs show and how to stop.

    Prefect's runner leaves coroutines unawaited when interrupted; their "never awaited"
    warnings are silenced, and Ctrl-C ends with one line and exit 0.
    """
    import warnings

    import click
    from prefect import serve

    server = os.environ.get("PREFECT_API_URL")
    if server:
        ui = server.removesuffix("/").removesuffix("/api")
        where = f"runs appear in the Prefect UI at {ui}"
    else:
        where = ("no PREFECT_API_URL is set, so Prefect starts a temporary server that ends with this command; "
                 "to keep the history, run 'prefect server start' in another terminal, set "
                 "PREFECT_API_URL=http://127.0.0.1:4200/api and start this again (runs then appear in the UI at "
                 "http://127.0.0.1:4200)")
    click.echo(f"Serving {what}; {where}. Stop with Ctrl-C (the schedule stops with it; --apply-only registers "
               "it with a server and a worker instead).", err=True)
    warnings.filterwarnings("ignore", message=r"coroutine .* was never awaited", category=RuntimeWarning)
    with contextlib.suppress(KeyboardInterrupt):  # Prefect usually takes Ctrl-C itself and returns
        guarded(server or "(temporary, started by Prefect)", serve, deployment)
    click.echo("Stopped: no more scheduled runs from this process.", err=True)
