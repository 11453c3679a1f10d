"""Screening on several processes or a cluster, with Dask (issue 19).

``exportscreen screen DIR --workers 8`` starts a ``distributed.LocalCluster`` of 8 single-threaded
worker processes; ``--dask tcp://scheduler:8786`` uses a running cluster (on Slurm, Kubernetes or
anything Dask runs on); ``--dask-jobqueue slurm --jobs 20 --cores 16 --memory 64GB`` asks a batch
system for workers through dask-jobqueue. Each batch is the same call as a local run
(``flows.screen.screen_batch``: screen, then store in one transaction), so results, the store and
the audit log are the same whichever engine ran them. Each worker process loads the spaCy
pipeline and the item lists once (they are cached per process) and keeps them for its batches.

Batches are dispatched largest first (by file size), so one 400-page PDF starts at once instead of
holding back the end of the run, and results come back in the order of the inputs. No Prefect
server is needed: with one configured (``PREFECT_API_URL``) the same batches run as the
``screen_publications`` flow on prefect-dask's ``DaskTaskRunner`` (flows.prefect_flows).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flows.errors import CannotRunError

log = logging.getLogger(__name__)

#: Batch systems dask-jobqueue can ask for workers (its cluster classes).
JOBQUEUES = {"slurm": "SLURMCluster", "pbs": "PBSCluster", "sge": "SGECluster", "lsf": "LSFCluster",
             "htcondor": "HTCondorCluster"}


@dataclass(frozen=True, slots=True)
class DaskSpec:
    """Where the batches run: ``workers`` local processes, a scheduler ``address``, or a batch system."""

    workers: int | None = None
    address: str | None = None
    jobqueue: str | None = None
    jobs: int = 1
    cores: int = 1
    memory: str = "8GB"

    @property
    def wanted(self) -> bool:
        """True when any distributed engine was asked for."""
        return bool(self.workers and self.workers > 1) or bool(self.address) or bool(self.jobqueue)

    def describe(self) -> str:
        """One line for logs and the report's run information."""
        if self.address:
            return f"Dask cluster at {self.address}"
        if self.jobqueue:
            return f"dask-jobqueue {self.jobqueue}: {self.jobs} job(s) of {self.cores} core(s), {self.memory}"
        return f"Dask LocalCluster of {self.workers} worker process(es)"


@contextmanager
def dask_client(spec: DaskSpec) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec``; a cluster started here is closed on the way out.

    Raises:
        CannotRunError: The scheduler cannot be reached, or dask-jobqueue is missing.
    """
    import distributed

    for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if spec.address:
        try:
            client = distributed.Client(spec.address, timeout="20s")
        except OSError as exc:
            raise CannotRunError(f"cannot reach the Dask scheduler at {spec.address} ({exc}); check the address "
                                 "and that the scheduler runs") from None
        try:
            yield client
        finally:
            client.close()
        return
    if spec.jobqueue:
        cluster = _jobqueue_cluster(spec)
        cluster.scale(jobs=spec.jobs)
    else:
        cluster = distributed.LocalCluster(n_workers=spec.workers or 1, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.WARNING)
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def _jobqueue_cluster(spec: DaskSpec) -> Any:
    try:
        import dask_jobqueue
    except ImportError:
        raise CannotRunError("--dask-jobqueue needs dask-jobqueue: install it in the environment "
                             "(pip install dask-jobqueue), or start a Dask cluster and give --dask ADDRESS") from None
    kind = JOBQUEUES.get(spec.jobqueue or "")
    if kind is None:
        raise CannotRunError(f"--dask-jobqueue {spec.jobqueue!r} is not one of {', '.join(JOBQUEUES)}")
    return getattr(dask_jobqueue, kind)(cores=spec.cores, processes=spec.cores, memory=spec.memory)


def largest_first(paths: Sequence[str], size: int) -> list[list[int]]:
    """Batches of input positions, the largest files first (each batch of files of similar size)."""
    def bytes_of(index: int) -> int:
        try:
            return os.path.getsize(paths[index])
        except OSError:
            return 0

    order = sorted(range(len(paths)), key=lambda i: (-bytes_of(i), i))
    return [order[i:i + size] for i in range(0, len(order), size)]


def run_batches(client: Any, function: Callable[..., list[Any]], items: Sequence[Any], groups: list[list[int]],
                args: tuple[Any, ...], progress: Callable[[int], None] | None = None) -> list[Any]:
    """Run ``function(batch, *args, index=i)`` for each group of ``items`` on the cluster; results in input order.

    A batch that raises fails the run with its error, as in a local run (a document that cannot be
    read does not raise: it gives a ``failed`` result).
    """
    import distributed

    futures = {}
    for index, group in enumerate(groups):
        batch = [items[i] for i in group]
        futures[client.submit(function, batch, *args, index=index, pure=False, key=f"batch-{index}")] = group
    results: list[Any] = [None] * len(items)
    for future in distributed.as_completed(futures):
        group = futures[future]
        for position, result in zip(group, future.result(), strict=True):
            results[position] = result
        if progress is not None:
            progress(len(group))
    return results


def screen_distributed(paths: list[str], batch_size: int, max_pages: int, run: Any, database_url: str | None,
                       spec: DaskSpec, progress: Callable[[int], None] | None = None,
                       prefect: bool = False) -> list[Any]:
    """Screen and store ``paths`` on the Dask engine of ``spec``; one result per path, in order.

    With ``prefect`` (a Prefect server configured) the batches run as the flow
    ``screen_publications_parallel`` on prefect-dask's ``DaskTaskRunner``, so they show in the
    Prefect UI; otherwise on a ``distributed.Client`` directly (no server needed).
    """
    from flows.screen import screen_batch

    log.info("screening %d document(s) on %s", len(paths), spec.describe())
    if prefect:
        from flows.prefect_flows import dask_flow, run_flow, screen_publications_parallel

        results = run_flow(dask_flow(screen_publications_parallel, spec), paths, batch_size, max_pages, run,
                           database_url)
        if progress is not None:
            progress(len(results))
        return list(results)
    with dask_client(spec) as client:
        return run_batches(client, screen_batch, paths, largest_first(paths, batch_size),
                           (max_pages, run, database_url), progress)


def rescreen_distributed(batches: Sequence[tuple[Any, list[Any]]], database_url: str | None, source: str,
                         spec: DaskSpec, progress: Callable[[int], None] | None = None) -> list[Any]:
    """Re-screen planned (run, batch) pairs on the Dask engine of ``spec``; outcomes in the planned order."""
    import distributed

    from flows.rescreen import run_batch

    log.info("re-screening %d batch(es) on %s", len(batches), spec.describe())
    with dask_client(spec) as client:
        futures = [client.submit(run_batch, batch, run, database_url, source, pure=False, key=f"rescreen-{i}")
                   for i, (run, batch) in enumerate(batches)]
        sizes = {future.key: len(batch) for future, (_run, batch) in zip(futures, batches, strict=True)}
        for future in distributed.as_completed(futures):
            future.result()  # a failed batch fails the run here, with its error
            if progress is not None:
                progress(sizes[future.key])
        return [outcome for future in futures for outcome in future.result()]
