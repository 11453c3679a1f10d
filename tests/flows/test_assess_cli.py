"""``exportscreen assess`` and ``exportscreen entities`` through the installed command (issue 15).

Exit codes, one-line errors, files written and what is stored, as a user meets them: the
bundled demo projects (a PDF and a Norwegian Markdown description with their partners files),
the sample entity list, and broken inputs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.robustness.cli import Outcome, run_cli

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "flows" / "project_examples" / "applications"
PARTNERS = ROOT / "flows" / "project_examples" / "partners"
LASER = PROJECTS / "kilobeam_application.pdf"
HAVBRUK = PROJECTS / "havbruk_sensorer.md"
SAMPLE = ROOT / "flows" / "project_examples" / "entities" / "entities_sample.csv"
FIXTURES = ROOT / "tests" / "fixtures"


def _import_sample(home: Path) -> Outcome:
    return run_cli(["entities", "import", str(SAMPLE), "--name", "SAMPLE", "--version", "2026-12-07"], home)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the sample entity list imported."""
    folder = tmp_path_factory.mktemp("assess-home")
    out = _import_sample(folder)
    assert out.code == 0, out.err
    assert "Imported SAMPLE@2026-12-07 (plain): 16 organisation(s), 48 name(s) and alias(es)" in out.out
    return folder


def _assess(home: Path, *args: str) -> Outcome:
    return run_cli(["assess", *args], home)


def test_entities_list_and_search(home: Path) -> None:
    listed = run_cli(["entities", "list"], home)
    assert listed.code == 0 and "SAMPLE@2026-12-07" in listed.out and "plain" in listed.out
    found = run_cli(["entities", "search", "Harbin"], home)
    assert found.code == 0
    assert "Harbin Institute of Technology" in found.out and "Harbin Engineering University" in found.out
    assert "No listed organisation matches 'Oslo'." in run_cli(["entities", "search", "Oslo"], home).out
    again = _import_sample(home)
    assert again.code == 0 and again.out.startswith("Already imported (same file) SAMPLE@2026-12-07")


def test_a_listed_technology_project_with_a_listed_partner_is_high(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    out = _assess(home, str(LASER), "--partners", str(PARTNERS / "kilobeam_application.csv"), "--format", "json",
                  "--database", f"sqlite:///{db}")
    assert out.code == 1, out.err
    report = json.loads(out.out)
    assert report["schema_version"] == "project-1.0"
    (project,) = report["projects"]
    assert project["decision"] == "review_required"
    levels = {a["area"]: a["level"] for a in project["areas"]}
    assert levels == {"knowledge_transfer": "high", "malign_influence": "high", "ethics": "none"}
    transfer = project["areas"][0]["findings"][0]
    assert transfer["rule"] == "listed_technology_outside_eea_nato"
    assert "6A005" in transfer["explanation"] and "Harbin Institute of Technology" in transfer["explanation"]
    assert transfer["evidence"][0]["page"] == 1
    hit = project["areas"][1]["findings"][0]
    assert hit["rule"] == "entity_list_match" and "SAMPLE@2026-12-07" in hit["explanation"]
    assert [m["id"] for m in project["measures"]][:1] == ["licence_application"]
    assert set(project["inputs"]) >= {"description", "partners", "entities:SAMPLE@2026-12-07"}
    # Stored as a review case; the audit log covers it.
    env = {"EXPORTSCREEN_DATABASE_URL": f"sqlite:///{db}"}
    review = run_cli(["review", "list"], home, env=env)
    assert review.code == 0 and "kilobeam_application.pdf" in review.out
    assert run_cli(["audit", "verify"], home, env=env).code == 0
    show = run_cli(["review", "show", "1"], home, env=env)
    assert show.code == 0 and "knowledge_transfer.listed_technology_outside_eea_nato [flag" in show.out
    assert "List @" not in show.out  # rule findings name no list
    with sqlite3.connect(db) as conn:
        (levels_json, participants) = conn.execute("SELECT levels, participants FROM project_assessments").fetchone()
    assert json.loads(levels_json)["knowledge_transfer"] == "high"
    assert json.loads(participants) == {"eea_nato": 1, "norway": 1, "other": 1}


def test_the_store_refuses_an_edited_assessment(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    assert _assess(home, str(HAVBRUK), "--partners", str(PARTNERS / "havbruk_sensorer.csv"),
                   "--database", f"sqlite:///{db}").code == 0
    with sqlite3.connect(db) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("""UPDATE project_assessments SET levels = '{"knowledge_transfer": "none"}'""")
    verify = run_cli(["audit", "verify"], home, env={"EXPORTSCREEN_DATABASE_URL": f"sqlite:///{db}"})
    assert verify.code == 4 and "project_assessments row 1 field 'levels'" in verify.out + verify.err


def test_a_folder_with_a_partners_folder_writes_the_html_report(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "applications"
    shutil.copytree(PROJECTS, folder)
    shutil.copytree(PARTNERS, folder / "partners")  # inside the input folder: side files, not projects
    out = _assess(home, str(folder), "--partners-dir", str(folder / "partners"), "--format", "html", "--out",
                  str(tmp_path / "out"), "--no-store")
    assert out.code == 1, out.err
    html = (tmp_path / "out" / "assessment.html").read_text(encoding="utf-8")
    assert html.count("<article id=") == 2  # the partners folder inside is not read as projects
    # The measures in the run's language, the other language beneath each.
    assert "Suggested measures" in html and "Søk DEKSA om eksportlisens" in html
    assert "Report written:" in out.err


def test_without_partners_the_partner_part_is_not_assessed_and_said(home: Path) -> None:
    out = _assess(home, str(HAVBRUK), "--no-store", "--format", "json")
    (project,) = json.loads(out.out)["projects"]
    # The description names its Chinese partner: that counts without a partners file.
    assert [a["level"] for a in project["areas"]] == ["low", "low", "none"]
    benign = _assess(home, str(ROOT / "flows" / "examples" / "honey_bee_foraging.txt"), "--no-store",
                     "--format", "json")
    assert benign.code == 0
    (bees,) = json.loads(benign.out)["projects"]
    assert [a["level"] for a in bees["areas"]] == ["not_assessed", "not_assessed", "none"]
    assert "No partners file was given" in bees["areas"][0]["note"]


def test_a_bad_partners_row_is_reported_the_rest_assessed_exit_3(home: Path) -> None:
    out = _assess(home, str(HAVBRUK), "--partners", str(FIXTURES / "projects" / "partners_bad_rows.csv"),
                  "--no-store")
    assert out.code == 3, out.err
    assert "partners_bad_rows.csv row 5: 'country' 'Atlantis' is not a country code" in out.out
    assert "High" in out.out  # Sharif University (Iran) is on the sample list: the other rows count


def test_roles_as_application_forms_write_them_are_read(home: Path, tmp_path: Path) -> None:
    """A partners file with the Research Council's form roles: every row read, none quarantined."""
    partners = tmp_path / "partners.csv"
    partners.write_text("organisation,country,role\nNTNU,NO,Applicant institution / project owner\n"
                        "Equinor ASA,NO,Industripartner\nKripos,Norge,End user\n"
                        "Fraunhofer IOSB,DE,Partner / co-funder\n", encoding="utf-8")
    out = _assess(home, str(HAVBRUK), "--partners", str(partners), "--no-store", "--format", "json")
    assert out.code != 3 and "is not one of" not in out.out + out.err, (out.code, out.err)
    (project,) = json.loads(out.out)["projects"]
    assert project["areas"][1]["level"] != "not_assessed"


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (["--entities", "NOPE"], 4, "entity list(s) 'NOPE' not imported (imported: SAMPLE)"),
    (["--partners", "/no/such.csv"], 2, "'/no/such.csv' is not a file"),
    (["--format", "html"], 2, "--format html writes files; give --out DIR"),
    (["--partners", str(PARTNERS / "havbruk_sensorer.csv"), "--partners-dir", str(PARTNERS)], 2,
     "give --partners (one file) or --partners-dir (a folder), not both"),
])
def test_usage_and_setup_errors_are_one_line(home: Path, args: list[str], code: int, fragment: str) -> None:
    _assess(home, str(HAVBRUK), "--no-store", *args).assert_one_line_error(code, fragment)


def test_an_unreadable_description_fails_alone(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "apps"
    folder.mkdir()
    shutil.copy(HAVBRUK, folder / "ok.md")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    out = _assess(home, str(folder), "--no-store", "--format", "json")
    assert out.code == 3
    by_path = {Path(p["path"]).name: p for p in json.loads(out.out)["projects"]}
    assert by_path["broken.pdf"]["decision"] == "failed" and "broken.pdf" in by_path["broken.pdf"]["error"]
    assert by_path["ok.md"]["status"] == "assessed"


@pytest.mark.parametrize(("file", "fragment"), [
    ("broken_fsf.xml", "is not well-formed XML"),
    ("empty_targets.csv", "holds no organisation"),
])
def test_a_broken_entity_list_is_refused_exit_3_and_nothing_is_lost(tmp_path: Path, file: str, fragment: str) -> None:
    assert _import_sample(tmp_path).code == 0
    out = run_cli(["entities", "import", str(FIXTURES / "entities" / file), "--name", "EU", "--version", "1"],
                  tmp_path)
    out.assert_one_line_error(3, fragment)
    listed = run_cli(["entities", "list"], tmp_path)
    assert "SAMPLE@2026-12-07" in listed.out and "EU@1" not in listed.out


def test_every_new_command_has_help(tmp_path: Path) -> None:
    for args in (["assess", "--help"], ["entities", "--help"], ["entities", "import", "--help"],
                 ["entities", "list", "--help"], ["entities", "search", "--help"]):
        done = run_cli(args, tmp_path)
        assert done.code == 0 and "Usage:" in done.out
