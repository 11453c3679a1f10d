"""Screening on Dask (issue 19): --workers, --dask ADDRESS, --dask-jobqueue, through the installed command.

The distributed runs must give exactly the local run's outcomes and findings, store each document
once, and keep the audit log intact; the batches go out largest first.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flows.distributed import largest_first
from tests.robustness.cli import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "flows" / "examples"


def _outcomes(out: str) -> list[tuple[str, str, list[str]]]:
    return [(Path(d["path"]).name, d["decision"], [f["code"] for f in d["findings"]])
            for d in json.loads(out)["documents"]]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, list[str]]]:
    done = run_cli(["screen", str(EXAMPLES), "--no-store", "--format", "json"], tmp_path_factory.mktemp("local"))
    assert done.code == 1, done.err
    return _outcomes(done.out)


def test_workers_give_the_local_outcomes_and_store_each_document_once(tmp_path: Path, local: list) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    done = run_cli(["screen", str(folder), "--workers", "2", "--batch-size", "2", "--format", "json"], tmp_path)
    assert done.code == 1, done.err
    assert _outcomes(done.out) == local
    assert "Traceback" not in done.err
    queue = json.loads(run_cli(["review", "list", "--status", "all", "--format", "json"], tmp_path).out)
    assert sorted(Path(c["path"]).name for c in queue) == sorted(name for name, _d, _f in local)
    assert run_cli(["audit", "verify"], tmp_path).code == 0


def test_a_running_dask_cluster_is_used_by_its_address(tmp_path: Path, local: list) -> None:
    import distributed

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = run_cli(["screen", str(EXAMPLES), "--dask", cluster.scheduler_address, "--no-store", "--format", "json"],
                       tmp_path)
    assert done.code == 1, done.err
    assert _outcomes(done.out) == local


def test_engine_errors_are_one_line(tmp_path: Path) -> None:
    gone = run_cli(["screen", str(EXAMPLES), "--dask", "tcp://127.0.0.1:9", "--no-store"], tmp_path)
    gone.assert_one_line_error(4, "cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    both = run_cli(["screen", str(EXAMPLES), "--workers", "2", "--dask", "tcp://127.0.0.1:9"], tmp_path)
    assert both.code == 2 and "give one of --workers, --dask, not several" in both.err
    try:
        import dask_jobqueue  # noqa: F401
    except ImportError:
        missing = run_cli(["screen", str(EXAMPLES), "--dask-jobqueue", "slurm", "--no-store"], tmp_path)
        missing.assert_one_line_error(4, "dask-jobqueue")


def test_batches_go_out_largest_first(tmp_path: Path) -> None:
    sizes = {"a": 10, "b": 5000, "c": 300, "d": 5000, "e": 1}
    paths = []
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
        paths.append(str(tmp_path / name))
    assert largest_first(paths, 2) == [[1, 3], [2, 0], [4]]
    assert largest_first([*paths, str(tmp_path / "gone")], 10) == [[1, 3, 2, 0, 4, 5]]


def test_on_a_prefect_server_the_batches_run_on_prefect_dasks_task_runner(prefect_harness: None, tmp_path: Path,
                                                                         local: list) -> None:
    from flows.distributed import DaskSpec
    from flows.prefect_flows import dask_flow, screen_publications_parallel
    from reports.run import RunInfo

    paths = sorted(str(p) for p in EXAMPLES.iterdir())
    flow = dask_flow(screen_publications_parallel, DaskSpec(workers=2))
    assert type(flow.task_runner).__name__ == "DaskTaskRunner"
    results = flow(paths, 2, 400, RunInfo(run_id="dask-flow", store=False), None)
    assert [(Path(r.path).name, r.decision, [f.code for f in r.findings]) for r in results] == local
