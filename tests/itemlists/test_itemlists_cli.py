"""The ``itemlists`` command group: listing, show, search rankings, diff, import, validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows import cli as cli_module
from flows.commands.itemlists import itemlists
from flows.errors import EXIT_CANNOT_RUN


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXPORTSCREEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(itemlists, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Through flows.cli.main, where library errors become one ``Error:`` line."""
    cli_module.cli.add_command(itemlists)
    with pytest.raises(SystemExit) as info:
        cli_module.main(["itemlists", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_listing_shows_versions_counts_and_sources() -> None:
    code, out = run()
    assert code == 0
    assert "* II@2025-11-15                 384 entries  3443 provisions  annex.json" in out
    assert "  II@2021                       366 entries  3043 provisions  liste_II_2021_tree.json" in out
    assert "(provisional)" in out and "authentic" in out
    code, out = run("--format", "json")
    rows = json.loads(out)
    assert {r["label"] for r in rows} == {"I@2020", "II@2021", "II@2025-11-15", "III@provisional-2025-11-15"}


def test_show_prints_tree_notes_version_and_notice() -> None:
    code, out = run("show", "4A506.a.1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(" 4A506  Quantum computers")
    assert any(line.startswith(">    4A506.a.1  Quantum computers supporting 34 or more") for line in lines)
    assert "[Note 1: 4A506 applies to circuit model" in out
    assert "II@2025-11-15: List II" in out
    assert "Only the texts published in the Official Journal" in out
    code, out = run("show", "4A506", "--list", "III", "--format", "json")
    data = json.loads(out)
    assert data["list"]["provisional"] is True and len(data["provisions"]) == 12


@pytest.mark.parametrize(
    ("query", "entry"),
    [("high power fibre laser", "6A005"), ("quantum computer", "4A506"),
     ("autonomous underwater vehicle", "8A001"), ("guided missile", "ML4"),
     ("fiberlaser", "6A005"), ("kvantedatamaskin", "4A506"), ("autonom undervannsfarkost", "8A001")],
)
def test_search_ranks_the_right_entry_first(query: str, entry: str) -> None:
    code, out = run("search", query, "--format", "json", "--limit", "5")
    assert code == 0
    results = json.loads(out)
    assert results[0]["entry_code"] == entry
    assert 0 < results[0]["score"] < 1
    assert results == sorted(results, key=lambda r: -r["score"])


def test_a_norwegian_query_says_how_it_was_searched() -> None:
    code, out = run("search", "fiberlaser", "--limit", "1")
    assert code == 0 and out.startswith("Searched as: 'fiber laser' (the lists are in English)\n")
    assert "Searched as" not in run("search", "fibre laser", "--limit", "1")[1]


def test_diff_reports_the_18_added_entries() -> None:
    code, out = run("diff", "II@2021", "II@2025-11-15", "--format", "json")
    assert code == 0
    data = json.loads(out)
    added = [e["code"] for e in data["entries"] if e["change"] == "added"]
    assert len(added) == 18 and "4A506" in added and data["entry_summary"]["added"] == 18
    assert "removed" not in data["entry_summary"]
    code, out = run("diff", "II@2021", "II@2025-11-15")
    assert "entries             18         0       136" in out
    assert "Entries added (18):\n  1C513 2B510" in out and "Entries removed (0):\n  -" in out
    # A version by a unique prefix, as people write it; an ambiguous one is refused naming both.
    code, short = run("diff", "II@2021", "II@2025")
    assert code == 0 and short == out


def test_validate_ok_exits_zero() -> None:
    code, out = run("validate")
    assert code == 0
    assert "II@2025-11-15: ok" in out


def test_import_then_current(home: Path) -> None:
    path = home / "l3.json"
    path.write_text(json.dumps([{"code": "4A506", "text": "Quantum computers, as follows:"}]))
    code, out = run("import", str(path), "--list", "III", "--version", "2024-11-01")
    assert code == 0
    assert out == "Installed III@2024-11-01: 1 provisions, 1 entries (now current).\n"
    code, out = run()
    assert "* III@2024-11-01" in out


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, err = run_main(capsys, "show", "9Z999")
    assert code == EXIT_CANNOT_RUN
    assert err == (
        "Error: code '9Z999' is not in I@2020, II@2025-11-15, III@provisional-2025-11-15; "
        "try 'exportscreen itemlists search WORDS'\n"
    )
    bad = home / "bad.json"
    bad.write_text(json.dumps([{"code": "4A506.a", "text": "orphan"}]))
    code, _, err = run_main(capsys, "import", str(bad), "--list", "III", "--version", "x")
    assert code == EXIT_CANNOT_RUN
    assert err == "Error: 1 problem(s): bad.json: missing parent of: '4A506.a' at item 0\n"
    code, _, err = run_main(capsys, "diff", "II@2021", "II@1999")
    assert err.startswith("Error: list version II@'1999' is not installed (installed: ['2021', '2025-11-15'])")
    code, _, err = run_main(capsys, "diff", "II@20", "II@2025")
    assert err == "Error: 'II@20' names more than one installed version (II@2021, II@2025-11-15); write more of it\n"


def test_validate_problem_exits_4(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    path = home / "l3.json"
    path.write_text(json.dumps([{"code": "4A506", "text": "Quantum computers"}]))
    run("import", str(path), "--list", "III", "--version", "v1")
    manifest = home / "home" / "itemlists" / "III" / "v1" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["provision_count"] = 2
    manifest.write_text(json.dumps(data))
    code, out, err = run_main(capsys, "validate")
    assert code == EXIT_CANNOT_RUN
    assert "III@v1: 1 problem(s)" in out
    assert err == (
        "Error: 1 problem(s): III@v1: manifest provision_count 2 != 1 rows in provisions.parquet\n"
    )


@pytest.mark.parametrize(("list_id", "version", "start"), [
    ("II", "2025-11-15", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02021R0821-20251115"),
    ("II", "2021", "https://eur-lex.europa.eu/eli/reg/2021/821/oj"),
    ("I", "2020", "https://lovdata.no/dokument/SF/forskrift/2013-06-19-718"),
    ("III", "provisional-2025-11-15", "https://lovdata.no/"),
    ("", "", None),
])
def test_each_list_version_links_to_its_authentic_text(list_id: str, version: str, start: str | None) -> None:
    from itemlists.authentic import authentic_url

    url = authentic_url(list_id, version)
    assert (url is None) if start is None else url.startswith(start)


def test_search_and_diff_speak_norwegian_through_the_installed_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.robustness.cli import run_cli

    nb = {"EXPORTSCREEN_LANG": "nb"}
    found = run_cli(["itemlists", "search", "fiberlaser", "--limit", "1"], tmp_path, env=nb)
    assert found.code == 0 and found.out.startswith("Søkt som: 'fiber laser' (listene er på engelsk)\n")
    changed = run_cli(["itemlists", "diff", "II@2021", "II@2025"], tmp_path, env=nb)
    assert "Oppføringer lagt til (18):" in changed.out and "lagt til" in changed.out.splitlines()[2]
