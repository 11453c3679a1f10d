"""Who may decide what (issue 17), through the installed command: the reviewers register."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.run import RunInfo
from reports.store import open_store
from reports.store.roles import RegisterError, load_reviewers, needs_security_officer
from tests.reports.test_store_factory import SETTINGS, make_finding, make_result
from tests.robustness.cli import run_cli

REGISTER = "name,role\nKari,adviser\nOla,security_officer\nPer,researcher\n"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, str, dict[str, int]]:
    home = tmp_path / "home"
    (home / "exportscreen").mkdir(parents=True)  # run_cli's EXPORTSCREEN_HOME
    (home / "exportscreen" / "reviewers.csv").write_text(REGISTER, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with open_store(url) as store:
        ids = store.save_results(RunInfo(run_id="roles", settings=SETTINGS), [
            make_result("graded.txt", "graded", [make_finding(score=0.3)], decision="blocked_classified"),
            make_result("laser.txt", "laser", [make_finding(score=0.9)]),
        ])
    return home, url, {"graded": int(ids[0] or 0), "laser": int(ids[1] or 0)}


def _decide(home: Path, url: str, case: int, outcome: str, reviewer: str):  # type: ignore[no-untyped-def]
    return run_cli(["review", "--database", url, "decide", str(case), "--outcome", outcome,
                    "--reason", "checked", "--reviewer", reviewer], home)


def test_only_a_security_officer_clears_a_graded_case(setup: tuple[Path, str, dict[str, int]]) -> None:
    home, url, cases = setup
    _decide(home, url, cases["graded"], "cleared", "kari").assert_one_line_error(
        4, "only a security officer may decide this case (it carries a security-grade marking); 'kari' is an adviser")
    assert _decide(home, url, cases["graded"], "in_review", "Kari").code == 0  # taking it up is open to advisers
    assert _decide(home, url, cases["graded"], "cleared", "Ola").code == 0
    assert _decide(home, url, cases["laser"], "cleared", "kari").code == 0


def test_unknown_reviewers_and_researchers_are_refused(setup: tuple[Path, str, dict[str, int]]) -> None:
    home, url, cases = setup
    _decide(home, url, cases["laser"], "cleared", "mallory").assert_one_line_error(
        4, "reviewer 'mallory' is not in the reviewers register", "reviewers.csv")
    _decide(home, url, cases["laser"], "cleared", "per").assert_one_line_error(4, "'per' is a researcher")
    refused = run_cli(["review", "--database", url, "suppress", str(cases["graded"]), "--code", "6A005.b.6.b",
                       "--term", "fibre laser", "--reason", "x", "--reviewer", "kari"], home)
    refused.assert_one_line_error(4, "only a security officer may decide this case")
    verified = run_cli(["audit", "--database", url, "verify"], home)
    assert verified.code == 0, verified.err  # refusals wrote nothing


def test_without_a_register_every_name_is_accepted(setup: tuple[Path, str, dict[str, int]]) -> None:
    home, url, cases = setup
    (home / "exportscreen" / "reviewers.csv").unlink()
    assert _decide(home, url, cases["graded"], "cleared", "anyone").code == 0


def test_a_bad_register_says_which_row(tmp_path: Path) -> None:
    bad = tmp_path / "reviewers.csv"
    bad.write_text("name,role\nkari,boss\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="row 2: give a name and a role out of researcher, adviser"):
        load_reviewers(bad)
    assert needs_security_officer("review_required", ["rule sanctioned_partner: ... sanctions review"])
    assert not needs_security_officer("review_required", ["rule listed: 6A005"])


def test_review_queue_through_the_installed_command(setup: tuple[Path, str, dict[str, int]], tmp_path: Path) -> None:
    home, url, _cases = setup
    listed = run_cli(["review", "--database", url, "list"], home)
    assert listed.code == 0
    assert [line.split()[-1] for line in listed.out.splitlines()[1:]] == ["graded.txt", "laser.txt"]  # graded first
    csv = run_cli(["review", "--database", url, "list", "--outcome", "review_required", "--format", "csv"], home)
    rows = csv.out.splitlines()
    assert csv.code == 0 and len(rows) == 2 and ",laser.txt," in rows[1]
    no_out = run_cli(["review", "--database", url, "list", "--format", "xlsx"], home)
    assert no_out.code == 2 and "give --out FILE.xlsx" in no_out.err
    bad_date = run_cli(["review", "--database", url, "list", "--since", "2026-13-01"], home)
    assert bad_date.code == 2 and "'2026-13-01' is not a date" in bad_date.err


def test_itemlists_norwegian_search_and_version_prefix_through_the_installed_command(tmp_path: Path) -> None:
    found = run_cli(["itemlists", "search", "undervannsfarkost", "--limit", "3"], tmp_path)
    assert found.code == 0 and "Searched as: 'underwater vehicle'" in found.out and "8A001" in found.out
    diff = run_cli(["itemlists", "diff", "II@2021", "II@2025"], tmp_path)
    assert diff.code == 0 and diff.out.startswith("II@2021 -> II@2025-11-15")
    run_cli(["itemlists", "diff", "II@20", "II@2025"], tmp_path).assert_one_line_error(
        4, "'II@20' names more than one installed version")
