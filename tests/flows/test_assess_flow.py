"""The ``assess_projects`` flow under Prefect's test harness, and the assessment report in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from flows.assess import AssessOptions, assess_in_batches, pair_jobs
from flows.prefect_flows import assess_projects
from flows.settings import entities_root
from itemlists.entities.store import EntityStore
from reports.render.project_html import write_project_html
from reports.run import RunInfo
from reports.store import open_store
from tests.reports.test_reports import chromium

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "flows" / "project_examples" / "applications"
SAMPLE = ROOT / "flows" / "project_examples" / "entities" / "entities_sample.csv"


def _jobs(tmp_path: Path) -> list:  # type: ignore[type-arg]
    folder = tmp_path / "apps"
    folder.mkdir()
    for name in ("kilobeam_application.pdf", "havbruk_sensorer.md"):
        shutil.copy(PROJECTS / name, folder / name)
    # A project whose name and text try to inject markup into the report.
    (folder / "<img src=x onerror=alert(2)>.md").write_text(
        "# <script>alert(1)</script> Sensor project\n\nWe build <b>sensors</b> with partners.\n", encoding="utf-8")
    EntityStore(entities_root()).import_file(SAMPLE, "SAMPLE", "v1")
    return pair_jobs(sorted(folder.iterdir()), partners_dir=ROOT / "flows" / "project_examples" / "partners")


def test_flow_assesses_in_batches_and_stores_each_project_once(tmp_path: Path, prefect_harness) -> None:
    jobs = _jobs(tmp_path)
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    run = RunInfo(run_id="flow-run", settings={}, store=True)
    results = assess_projects(jobs, AssessOptions(), run, batch_size=2, database_url=db)
    assert [Path(r.path).name for r in results] == ["<img src=x onerror=alert(2)>.md", "havbruk_sensorer.md",
                                                     "kilobeam_application.pdf"]
    assert [r.decision for r in results][1:] == ["no_listed_technology", "review_required"]
    assert "no partners file <img src=x onerror=alert(2)>.csv" in results[0].quarantined[0]
    # A rerun of the same run id stores nothing twice.
    assess_in_batches(jobs, AssessOptions(), run, batch_size=3, database_url=db)
    with open_store(db) as store:
        assert len(store.list_cases()) == 3 and store.verify().ok


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_assessment_report_renders_in_headless_chromium_with_input_escaped(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path)
    results = assess_in_batches(jobs, AssessOptions(), RunInfo(run_id="html", settings={}, store=False))
    report = write_project_html(results, RunInfo(run_id="html", settings={}, store=False), tmp_path / "out")
    command = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count("<article id=") == 3
    assert dom.count('<table class="areas">') == 3
    assert '<span class="lv lv-high" title="high">High</span>' in dom
    assert "Søk DEKSA om eksportlisens" in dom and "<code>entity_list_match</code>" in dom
    assert "<script>alert(1)</script>" not in dom and "<img src=x" not in dom
    assert "&lt;img src=x onerror=alert(2)&gt;.md" in dom
