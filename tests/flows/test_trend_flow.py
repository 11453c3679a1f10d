"""The monthly trend-report flow, its deployment, and the artifacts every flow publishes (issue 16)."""

from __future__ import annotations

from pathlib import Path

import httpx
from click.testing import CliRunner
from prefect.client.orchestration import get_client
from prefect.settings import get_current_settings

from flows.commands.report import report
from flows.prefect_flows import screen_publications, trend_report
from flows.trends import REPORT_DEPLOYMENT, REPORT_FLOW
from reports.run import RunInfo
from tests.paths import EXAMPLES


def _latest(key: str) -> dict:
    """The newest artifact with this key, from the server's REST API (Prefect 3.8.8's own client sends
    null filters its server refuses, so ``read_artifacts`` and ``Artifact.get`` fail here)."""
    response = httpx.get(f"{get_current_settings().api.url}/artifacts/{key}/latest", timeout=30)
    response.raise_for_status()
    return response.json()


def test_trend_report_flow_writes_html_and_links_it(tmp_path: Path, prefect_harness) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    written = Path(trend_report(str(tmp_path / "reports"), database_url=url))
    assert written.name == "trends.html" and written.parent.name.startswith("trends-")
    assert "<svg" in written.read_text(encoding="utf-8")
    link = _latest("trend-report")
    assert written.resolve().as_uri() in link["data"]  # a link artifact (stored as Markdown by the server)
    assert "Documents screened: 0" in _latest("trend-report-summary")["data"]


def test_screening_flow_publishes_a_table_and_a_summary(tmp_path: Path, prefect_harness) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    paths = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".md", ".txt"))[:2]
    results = screen_publications(paths, 8, run=RunInfo(run_id="artifacts", store=True), database_url=url)
    table = _latest("screening-table")
    assert table["type"] == "table"
    assert sum(row["count"] for row in _rows(table["data"])) == len(results)
    summary = _latest("screening-summary")
    assert summary["type"] == "markdown" and f"Screening of {len(results)} documents" in summary["data"]


def _rows(data: object) -> list[dict]:
    import json

    return json.loads(data) if isinstance(data, str) else list(data)  # type: ignore[arg-type]


def test_schedule_command_registers_the_monthly_deployment(tmp_path: Path, prefect_harness) -> None:
    args = ["schedule", "--out", str(tmp_path), "--lang", "nb", "--apply-only"]
    result = CliRunner().invoke(report, args)
    assert result.exit_code == 0, result.output
    assert f"Deployment '{REPORT_DEPLOYMENT}'" in result.output and "cron '0 6 1 * *'" in result.output
    with get_client(sync_client=True) as client:
        stored = client.read_deployment_by_name(f"{REPORT_FLOW}/{REPORT_DEPLOYMENT}")
    assert [s.schedule.cron for s in stored.schedules] == ["0 6 1 * *"]
    assert stored.parameters["out_dir"] == str(tmp_path.resolve()) and stored.parameters["lang"] == "nb"
    bad = CliRunner().invoke(report, [*args, "--cron", "monthly"])
    assert bad.exit_code == 2 and "'monthly' is not a valid cron expression" in bad.output
