"""The nightly flow (only new export files) and its deployment, under Prefect's test harness."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from prefect.client.orchestration import get_client

from flows.commands.shares import shares
from flows.shares import DEPLOYMENT_NAME, FLOW_NAME, make_deployment, new_exports, scan_share_exports
from tests.paths import FIXTURES

FIXTURES = FIXTURES / "shares"
PEOPLE = "email,citizenships,organisation_type,in_norway\nkari@uni.no,NO,university,yes\n"


def test_flow_scans_only_new_exports(tmp_path: Path, prefect_harness) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    shutil.copy(FIXTURES / "purview_audit.csv", drop / "monday.csv")
    shutil.copy(FIXTURES / "google_reports_drive.json", drop / "monday.json")
    first = scan_share_exports(str(drop), str(people), None, db)
    assert sorted(Path(p).name for p in first["exports"]) == ["monday.csv", "monday.json"]
    assert first["grants"] > 0 and first["new_observations"] > 0
    # Same content under another name is not new; a different export is.
    shutil.copy(FIXTURES / "purview_audit.csv", drop / "monday-copy.csv")
    shutil.copy(FIXTURES / "dropbox_team_log.json", drop / "tuesday.json")
    assert [p.name for p in new_exports(drop, db)] == ["tuesday.json"]
    second = scan_share_exports(str(drop), str(people), None, db)
    assert [Path(p).name for p in second["exports"]] == ["tuesday.json"]
    assert second["by_decision"] == {"unknown_recipient": 2}
    assert scan_share_exports(str(drop), str(people), None, db) == {"exports": [], "grants": 0}


def test_deployment_is_created_with_its_schedule(tmp_path: Path, prefect_harness) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    deployment = make_deployment(str(tmp_path), str(people), cron="30 3 * * *")
    deployment_id = deployment.apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT_NAME}")
    assert stored.id == deployment_id
    (schedule,) = stored.schedules
    assert schedule.schedule.cron == "30 3 * * *" and schedule.active
    assert stored.parameters["folder"] == str(tmp_path.resolve())
    assert stored.parameters["people"] == str(people.resolve())


def test_schedule_command_registers_the_deployment(tmp_path: Path, prefect_harness) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    args = ["schedule", "--folder", str(tmp_path), "--people", str(people), "--apply-only"]
    result = CliRunner().invoke(shares, args)
    assert result.exit_code == 0, result.output
    assert f"Deployment '{DEPLOYMENT_NAME}'" in result.output and "cron '0 2 * * *'" in result.output
    with get_client(sync_client=True) as client:
        stored = client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT_NAME}")
    assert [s.schedule.cron for s in stored.schedules] == ["0 2 * * *"]
    bad = CliRunner().invoke(shares, [*args, "--cron", "every night"])
    assert bad.exit_code == 2 and "Invalid value for '--cron'" in bad.output
    assert "'every night' is not a valid cron expression" in bad.output


def test_schedule_help_is_documented() -> None:
    text = CliRunner().invoke(shares, ["schedule", "--help"]).output
    assert "scan_share_exports/nightly-share-scan" in text and "--apply-only" in text
    assert "default: 0 2 * * *" in " ".join(text.split())


def test_serving_says_where_runs_show_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    """Through the installed command: served with a temporary server, interrupted like Ctrl-C."""
    import signal
    import subprocess
    import time

    from tests.robustness.cli import cli_env, exportscreen_command

    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    env = {**cli_env(tmp_path / "home"), "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(  # SIGINT as a terminal delivers it (not ignored as in a background job)
            [exportscreen_command(), "shares", "schedule", "--folder", str(tmp_path), "--people", str(people)],
            stdout=stdout, stderr=stderr, env=env, stdin=subprocess.DEVNULL,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 180
        while "polling for scheduled runs" not in out.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, err.read_text()
            time.sleep(1)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=120)
    text = err.read_text()
    assert "Stop with Ctrl-C" in text and "prefect server start" in text and "http://127.0.0.1:4200" in text
    assert "Stopped: no more scheduled runs" in text
    assert "never awaited" not in text and "Traceback" not in text
    assert code == 0, text
