"""Screening of uploads, off the request: one worker thread runs the existing screening flow.

An upload is saved, recorded (``web_uploads``) and queued; the request returns at once with the
job's page, which refreshes itself until the job is done. The worker screens the job's files
with the same batches as ``exportscreen screen`` (``flows.screen.screen_in_batches``), as the
Prefect flow ``screen_publications`` when the desk runs with ``--runner prefect`` (a Prefect
server configured), else in this process. Each result is stored as by the command line; the
upload rows then point at their cases. A failure of the whole job marks its files failed with
the reason; one unreadable file fails alone, as on the command line.
"""

from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from extractors.documents.progress import reporting_pages
from flows.settings import pdf_engine_settings
from flows.web.config import DeskConfig
from reports.run import RunInfo
from reports.store import open_store
from reports.store.accounts import cases_of_run, finish_upload

log = logging.getLogger(__name__)
#: Documents per batch: one, so the job's page moves per document.
BATCH_SIZE = 1


@dataclass
class JobState:
    """Where a job is: queued, running (done of total) or finished."""

    total: int
    done: int = 0
    state: str = "queued"  # queued | running | finished | failed
    error: str | None = None
    pages: tuple[int, int] | None = None  # pages read of the PDF being read now


class Screener:
    """The desk's worker: one thread, jobs in the order they came."""

    def __init__(self, config: DeskConfig) -> None:
        self._config = config
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exportscreen-desk")
        self._states: dict[str, JobState] = {}
        self._lock = threading.Lock()

    def submit(self, job: str, items: list[tuple[int, str]], unit: str | None = None, *,
               partners: str | None = None, people: str | None = None, project: bool = False) -> Future[None]:
        """Queue ``items`` (upload id, saved path) of ``job``.

        They are manuscripts to screen, or with ``project`` descriptions to assess, each with
        ``partners`` and ``people`` (the uploaded partners CSV and people register) when given.
        """
        with self._lock:
            self._states[job] = JobState(total=len(items))
        side = (partners, people) if project else (None, None)
        return self._pool.submit(self._run, job, items, unit, side, project)

    def state(self, job: str) -> JobState | None:
        """The job's state while this process knows it (None after a restart: the uploads table says)."""
        with self._lock:
            return self._states.get(job)

    def shutdown(self) -> None:
        """Finish the running job, drop the queued ones (their uploads stay ``queued``)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _advance(self, job: str, n: int) -> None:
        with self._lock:
            state = self._states[job]
            state.done = min(state.total, state.done + n)

    def _run(self, job: str, items: list[tuple[int, str]], unit: str | None, side: tuple[str | None, str | None],
             project: bool) -> None:
        from flows.screen import add_progress_listener, clear_progress_listeners

        state = self._states[job]
        state.state = "running"
        run = RunInfo(run_id=f"desk-{job}-{uuid.uuid4().hex[:6]}", store=True, settings=pdf_engine_settings(),
                      units={"unit": unit} if unit else {})
        paths = [path for _id, path in items]
        add_progress_listener(lambda n: self._advance(job, n))
        def page(done: int, total: int) -> None:
            state.pages = (done, total) if done < total else None

        try:
            with reporting_pages(page):  # a long PDF shows its pages on the job's page
                results = (self._assess(paths, side, run, job) if project else self._screen(paths, run))
        except Exception as exc:  # noqa: BLE001 - the job fails with its reason; the desk goes on
            log.exception("desk job %s failed", job)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self._finish(items, {}, [], f"screening failed: {reason}; upload the files again or tell an admin")
            state.state, state.error = "failed", reason
            return
        finally:
            clear_progress_listeners()
        with open_store(self._config.database_url) as store, store.reading() as session:
            cases = cases_of_run(session, run.run_id)
        self._finish(items, cases, results, None)
        state.done, state.state = state.total, "finished"

    def _screen(self, paths: list[str], run: RunInfo) -> list[Any]:
        from flows.screen import screen_in_batches

        if self._config.runner == "prefect":
            from flows.prefect_flows import run_flow, screen_publications

            return run_flow(screen_publications, paths, BATCH_SIZE, self._config.max_pages, run,
                            self._config.database_url)
        return screen_in_batches(paths, BATCH_SIZE, self._config.max_pages, run, self._config.database_url)

    def _assess(self, paths: list[str], side: tuple[str | None, str | None], run: RunInfo, job: str) -> list[Any]:
        from flows.assess import AssessOptions, ProjectJob, assess_in_batches

        partners, people = side
        note = "" if partners else "no partners file was uploaded"
        jobs = [ProjectJob(description=p, partners=partners, people=people, note=note) for p in paths]
        options = AssessOptions(max_pages=self._config.max_pages)
        if self._config.runner == "prefect":
            from flows.prefect_flows import assess_projects, run_flow

            return run_flow(assess_projects, jobs, options, run, BATCH_SIZE, self._config.database_url)
        return assess_in_batches(jobs, options, run, BATCH_SIZE, self._config.database_url,
                                 progress=lambda n: self._advance(job, n))

    def _finish(self, items: list[tuple[int, str]], cases: dict[str, int | None], results: list, error: str | None
                ) -> None:
        with open_store(self._config.database_url) as store, store.transaction() as (session, _audit):
            for index, (upload_id, path) in enumerate(items):
                result = results[index] if index < len(results) else None
                if result is None:
                    finish_upload(session, upload_id, "failed", None, None, error)
                else:
                    finish_upload(session, upload_id, "failed" if result.status == "failed" else "screened",
                                  cases.get(path), result.decision, result.error)
