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
