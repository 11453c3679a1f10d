"""The options that choose where batches run: ``--workers``, ``--dask``, ``--dask-jobqueue`` (flows.distributed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from flows.distributed import JOBQUEUES, DaskSpec


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the Dask options to a batch command; it receives ``dask_spec`` (a DaskSpec)."""
    options = [
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Screen on N worker processes of a Dask LocalCluster (1, the default: this process)."),
        click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
                     help="Screen on a running Dask cluster, e.g. tcp://scheduler:8786."),
        click.option("--dask-jobqueue", type=click.Choice(sorted(JOBQUEUES)), default=None,
                     help="Ask a batch system (Slurm, PBS, ...) for Dask workers through dask-jobqueue."),
        click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
                     help="With --dask-jobqueue: batch jobs to start."),
        click.option("--cores", type=click.IntRange(min=1), default=1, show_default=True,
                     help="With --dask-jobqueue: cores (single-threaded workers) per job."),
        click.option("--memory", default="8GB", show_default=True, help="With --dask-jobqueue: memory per job."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def dask_spec(workers: int | None, dask_address: str | None, dask_jobqueue: str | None, jobs: int, cores: int,
              memory: str) -> DaskSpec:
    """The engine the options ask for; more than one of them is a usage error."""
    given = [name for name, value in (("--workers", workers and workers > 1), ("--dask", dask_address),
                                      ("--dask-jobqueue", dask_jobqueue)) if value]
    if len(given) > 1:
        raise click.UsageError(f"give one of {', '.join(given)}, not several")
    return DaskSpec(workers=workers, address=dask_address, jobqueue=dask_jobqueue, jobs=jobs, cores=cores,
                    memory=memory)
