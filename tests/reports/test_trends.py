"""Trend reports (issue 16): figures against a hand-counted store, every format, privacy, the browser.

The store is written through the store's own calls (screening results of the bundled examples
stored under new paths, reviewers' decisions, a real share scan) with the clock moved
(``tests.benchmarks.history.clock``), so every figure below can be counted by hand:

    2026-01-10 09:00  /t/a/1.pdf review_required   Unit A   decided cleared 2026-02-03 09:00 (24 days)
                      /t/a/2.pdf review_required   Unit A   never decided (backlog: 80 days on 2026-03-31)
                      /t/b/3.pdf no_listed_technology  Unit B
    2026-02           nothing (an empty period)
    2026-03-05 09:00  /t/b/4.pdf review_required   Unit B   decided licence_required 2026-03-10 09:00 (5 days)
    2026-01-20 12:00  share scan of purview_audit.csv, Unit A
    2026-03-20 09:00  re-screen of /t/a/2.pdf under a new List II version: no_listed_technology now
                      (a new case linked to the old one; the old case stays open)
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from classifiers.types import DocumentResult
from reports.run import RunInfo
from reports.shares import scan_shares
from reports.store import open_store
from reports.trends import TrendQuery, build_trends
from reports.trends.model import Table, period_of
from reports.trends.output import SMALL, render_html, suppressed, to_document
from reports.units import UnitMap, UnitMapError, build_unit_map
from tests.benchmarks.history import clock, document_templates
from tests.paths import FIXTURES
from tests.reports.test_reports import chromium
from tests.robustness.cli import Outcome, run_cli

UNITS = UnitMap((("/t/a/", "Unit A"), ("/t/b/", "Unit B")))
Q1 = TrendQuery(date(2026, 1, 1), date(2026, 3, 31))
PEOPLE = "email,citizenships,organisation_type,in_norway\nkari@uni.no,NO,university,yes\n"


@pytest.fixture(scope="module")
def templates() -> dict[str, DocumentResult]:
    """One screened example needing review (with flags) and one with no listed technology."""
    results = document_templates()
    review = next(r for r in results if r.decision == "review_required" and any(f.level == "flag" for f in r.findings))
    benign = next(r for r in results if r.decision == "no_listed_technology")
    return {"review": review, "benign": benign}


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _variant(template: DocumentResult, path: str) -> DocumentResult:
    return dataclasses.replace(template, path=path, sha256=f"{abs(hash(path)):064d}"[-64:])


def build_store(url: str, templates: dict[str, DocumentResult], tmp: Path) -> dict[str, int]:
    """The hand-counted store of the module docstring; returns the case ids by path."""
    settings: dict[str, object] = {}
    review, benign = templates["review"], templates["benign"]
    with open_store(url) as store:
        first = [_variant(review, "/t/a/1.pdf"), _variant(review, "/t/a/2.pdf"), _variant(benign, "/t/b/3.pdf")]
        with clock(_at("2026-01-10T09:00:00")):
            ids = store.save_results(RunInfo(run_id="r1", started_at=_at("2026-01-10T09:00:00"), settings=settings,
                                             units=UNITS.to_record()), first, {})
        with clock(_at("2026-03-05T09:00:00")):
            (fourth,) = store.save_results(RunInfo(run_id="r2", started_at=_at("2026-03-05T09:00:00"),
                                                   settings=settings, units=UNITS.to_record()),
                                           [_variant(review, "/t/b/4.pdf")], {})
        cases = {"/t/a/1.pdf": ids[0], "/t/a/2.pdf": ids[1], "/t/b/3.pdf": ids[2], "/t/b/4.pdf": fourth}
        with clock(_at("2026-02-03T09:00:00")):
            store.decide(cases["/t/a/1.pdf"], "cleared", "not the listed item", "adviser")
        with clock(_at("2026-03-10T09:00:00")):
            store.decide(cases["/t/b/4.pdf"], "licence_required", "listed; apply", "adviser")
        again = dataclasses.replace(first[1], decision="no_listed_technology", findings=(), reasons=(),
                                    itemlist_versions={**first[1].itemlist_versions, "II": "2026-03-01"})
        with clock(_at("2026-03-20T09:00:00")):
            store.save_results(RunInfo(run_id="r3", started_at=_at("2026-03-20T09:00:00"), settings=settings,
                                       command="rescreen"), [again], {})
    people = tmp / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    with clock(_at("2026-01-20T12:00:00")):
        outcome = scan_shares([FIXTURES / "shares" / "purview_audit.csv"], people, None, url,
                              lambda _p, _u: [], "scan-jan", UnitMap(default="Unit A"))
    (tmp / "scan.json").write_text(json.dumps(outcome.counts()["by_decision"]), encoding="utf-8")
    return {k: int(v) for k, v in cases.items() if v is not None}


@pytest.fixture
def store_url(db_url: str, templates: dict[str, DocumentResult], tmp_path: Path) -> str:
    build_store(db_url, templates, tmp_path)
    return db_url


def _rows(table: Table) -> list[dict[str, object]]:
    return table.frame.to_dicts()


def test_figures_match_the_hand_count(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        report = build_trends(store.engine, Q1)
    volume = {r["period"]: (r["documents"], r["projects"]) for r in _rows(report.table("volume"))}
    assert volume == {"2026-01": (3, 0), "2026-02": (0, 0), "2026-03": (1, 0)}
    decisions = {r["period"]: r for r in _rows(report.table("decisions"))}
    assert decisions["2026-01"]["review_required"] == 2 and decisions["2026-01"]["no_listed_technology"] == 1
    assert decisions["2026-02"]["review_required"] == 0
    assert decisions["2026-03"]["review_required"] == 1 and decisions["2026-03"]["no_listed_technology"] == 0
    pipeline = {r["period"]: r for r in _rows(report.table("review_pipeline"))}
    assert [pipeline[p]["opened"] for p in ("2026-01", "2026-02", "2026-03")] == [2, 0, 1]
    assert [pipeline[p]["decided"] for p in ("2026-01", "2026-02", "2026-03")] == [0, 1, 1]
    assert pipeline["2026-02"]["cleared"] == 1 and pipeline["2026-03"]["licence_required"] == 1
    assert pipeline["2026-02"]["days_median"] == 24.0 and pipeline["2026-03"]["days_median"] == 5.0
    assert pipeline["2026-01"]["days_median"] is None
    backlog = {r["age_days"]: r["cases"] for r in _rows(report.table("backlog"))}
    assert backlog == {"0-7": 0, "8-30": 0, "31-90": 1, "91-365": 0, ">365": 0}
    versions = _rows(report.table("list_versions"))
    assert [v["first_used"] for v in versions] == ["2026-01-10", "2026-03-20"]
    assert "II@2026-03-01" in versions[1]["lists"]
    (change,) = _rows(report.table("rescreen_changes"))
    assert change["period"] == "2026-03" and "II@2026-03-01" in str(change["lists"])
    assert (change["rescreened"], change["decision_changed"], change["now_needs_review"],
            change["no_longer_needs_review"]) == (1, 1, 0, 1)


def test_flags_and_families_count_the_stored_findings(store_url: str, templates: dict[str, DocumentResult]) -> None:
    flags = [f for f in templates["review"].findings if f.level == "flag"]
    with open_store(store_url) as store:
        report = build_trends(store.engine, Q1)
    by_category = report.table("flags_by_category").frame
    per_month = by_category.select(pl.col("period"), total=pl.sum_horizontal(pl.exclude("period")))
    assert dict(per_month.iter_rows()) == {"2026-01": 2 * len(flags), "2026-02": 0, "2026-03": len(flags)}
    families = {r["family"]: r for r in _rows(report.table("top_families"))}
    top = flags[0].entry_code
    assert families[top]["flags"] == 3 * sum(1 for f in flags if f.entry_code == top)
    # Of the three documents, one case was cleared and one decided otherwise: half of the decided flags.
    assert families[top]["decided"] == 2 * sum(1 for f in flags if f.entry_code == top)
    assert families[top]["false_positive_share"] == 0.5


def test_grouping_by_unit_and_quarters(store_url: str) -> None:
    with open_store(store_url) as store:
        report = build_trends(store.engine, dataclasses.replace(Q1, by="quarter", group="unit"))
    volume = {(r["period"], r["unit"]): r["documents"] for r in _rows(report.table("volume"))}
    assert volume == {("2026-Q1", "Unit A"): 2, ("2026-Q1", "Unit B"): 2}
    grants = report.table("grants_by_decision").frame
    assert grants["unit"].to_list() == ["Unit A"]


def test_grant_counts_match_the_scan_and_small_cells_are_suppressed(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        report = build_trends(store.engine, Q1)
    table = report.table("grants_by_decision")
    january = table.frame.filter(pl.col("period") == "2026-01").to_dicts()[0]
    scan = json.loads((tmp_path / "scan.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in january.items() if k != "period"} == {k: v for k, v in scan.items() if k is not None}
    shown = to_document(report, "test", "en")
    grants = next(t for t in shown["tables"] if t["key"] == "grants_by_decision")
    for row in grants["rows"]:
        for column in grants["small_cells"]:
            value = row[column]
            assert value == SMALL or value == 0 or value >= 5, row


def test_suppression_at_the_threshold() -> None:
    frame = pl.DataFrame({"period": ["a", "b", "c", "d", "e"], "n": [0, 1, 4, 5, 6], "docs": [1, 2, 3, 4, 5]})
    out = suppressed(Table("t", frame, small_cells=("n",)))
    assert out["n"].to_list() == ["0", SMALL, SMALL, "5", "6"]
    assert out["docs"].to_list() == [1, 2, 3, 4, 5]  # documents are not people: not suppressed


def test_an_empty_store_gives_zeros_and_says_so(db_url: str) -> None:
    with open_store(db_url) as store:
        report = build_trends(store.engine, TrendQuery(date(2020, 1, 1), date(2020, 12, 31), "quarter"))
    assert report.table("volume").frame["period"].to_list() == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    assert report.table("volume").frame["documents"].sum() == 0
    assert report.table("top_families").frame.height == 0
    page = render_html(report, "test", "en")
    assert page.count("No records in this period.") == len(report.tables)


def test_periods_and_query_checks() -> None:
    assert [period_of("2026-05", by) for by in ("month", "quarter", "year")] == ["2026-05", "2026-Q2", "2026"]
    assert TrendQuery(date(2025, 11, 15), date(2026, 2, 1), "quarter").periods() == ["2025-Q4", "2026-Q1"]
    with pytest.raises(ValueError, match="swap --from and --to"):
        TrendQuery(date(2026, 2, 1), date(2026, 1, 1))


def test_unit_map_rules_and_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "units.csv"
    good.write_text("path_prefix,owner,unit\n/data/,,Wide\n/data/nt/,,Narrow\n,Kari@UNI.no,Physics\n", encoding="utf-8")
    units = build_unit_map("Default", good)
    assert units.for_path("/data/nt/x.pdf") == "Narrow" and units.for_path("/data/y.pdf") == "Wide"
    assert units.for_path("/other/z.pdf") == "Default"
    assert units.for_owner("kari@uni.no", "/data/nt/x") == "Physics"
    assert units.for_owner("ola@uni.no", "/x") == "Default"
    frame = pl.DataFrame({"grantor": ["KARI@uni.no", "ola@uni.no", None], "object_path": ["/x", "/data/nt/a", None]})
    assert frame.select(units.grant_expr())["unit"].to_list() == ["Physics", "Narrow", "Default"]
    assert UnitMap.from_record(units.to_record()) == units
    for text, message in [("path_prefix,unit\n,x\n", "row 2: fill exactly one of path_prefix and owner"),
                          ("prefix,unit\n/a,x\n", "the header must name"),
                          ("path_prefix,owner,unit\n/a,,\n", "row 2: the unit is empty")]:
        bad = tmp_path / "bad.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(UnitMapError, match=message):
            build_unit_map(None, bad)


# ---------------------------------------------------------------- through the installed command


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, templates: dict[str, DocumentResult]) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("trends-cli")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    build_store(url, templates, folder)
    return folder, url


def _report(folder: Path, url: str, *args: str) -> Outcome:
    return run_cli(["report", "trends", "--from", "2026-01-01", "--to", "2026-03-31", "--database", url, *args],
                   folder / "home")


def test_cli_json_xlsx_csv_agree(cli_store: tuple[Path, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder, url = cli_store
    out = _report(folder, url, "--format", "json")
    assert out.code == 0, out.err
    document = json.loads(out.out)
    assert document["schema"] == "trends-1.0" and document["from"] == "2026-01-01"
    tables = {t["key"]: t for t in document["tables"]}
    assert [r["documents"] for r in tables["volume"]["rows"]] == [3, 0, 1]
    assert _report(folder, url, "--format", "xlsx", "--out", str(tmp_path)).code == 0
    assert _report(folder, url, "--format", "csv", "--out", str(tmp_path)).code == 0
    workbook = load_workbook(tmp_path / "trends.xlsx", read_only=True)
    assert workbook.sheetnames == list(tables)
    for key, table in tables.items():
        rows = list(workbook[key].iter_rows(min_row=4, values_only=True))
        expected = [[row[c] for c in table["columns"]] for row in table["rows"]]
        assert [list(r) for r in rows] == expected, key
        csv_rows = pl.read_csv(tmp_path / f"trends-{key}.csv", infer_schema=False).rows() if table["rows"] else []
        assert [[None if v is None else str(v) for v in r] for r in expected] == [list(r) for r in csv_rows], key


def test_cli_terminal_norwegian_and_errors(cli_store: tuple[Path, str]) -> None:
    folder, url = cli_store
    out = _report(folder, url, "--lang", "nb", "--by", "quarter")
    assert out.code == 0, out.err
    assert "Dokumenter og prosjekter vurdert" in out.out and "2026-Q1" in out.out and "Må vurderes" in out.out
    global_option = run_cli(["--lang", "nb", "report", "trends", "--from", "2026-01-01", "--to", "2026-03-31",
                             "--database", url], folder / "home")
    assert "Dokumenter og prosjekter vurdert" in global_option.out
    by_setting = run_cli(["report", "trends", "--database", url], folder / "home", env={"EXPORTSCREEN_LANG": "nb"})
    assert "Dokumenter og prosjekter vurdert" in by_setting.out
    bad = run_cli(["report", "trends", "--from", "2026-13-01", "--database", url], folder / "home")
    assert bad.code == 2 and "'2026-13-01' is not a date; write it as YYYY-MM-DD" in bad.err
    swapped = run_cli(["report", "trends", "--from", "2026-03-01", "--to", "2026-01-01", "--database", url],
                      folder / "home")
    assert swapped.code == 2 and "swap --from and --to" in swapped.err
    no_out = run_cli(["report", "trends", "--format", "html", "--database", url], folder / "home")
    assert no_out.code == 2 and "give --out DIR" in no_out.err


def test_screen_stores_units_from_the_options(tmp_path: Path) -> None:
    from tests.paths import EXAMPLES

    mapping = tmp_path / "units.csv"
    mapping.write_text(f"path_prefix,owner,unit\n{EXAMPLES.resolve()}/,,Examples\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    done = run_cli(["screen", str(EXAMPLES), "--database", url, "--unit-map", str(mapping), "--format", "json"],
                   tmp_path / "home")
    assert done.code in (0, 1), done.err
    today = date.today()
    out = run_cli(["report", "trends", "--database", url, "--group", "unit", "--format", "json",
                   "--from", today.replace(day=1).isoformat(), "--to", today.isoformat()], tmp_path / "home")
    volume = next(t for t in json.loads(out.out)["tables"] if t["key"] == "volume")
    assert {r["unit"] for r in volume["rows"] if r["documents"]} == {"Examples"}
    bad = tmp_path / "bad.csv"
    bad.write_text("path_prefix,unit\n,x\n", encoding="utf-8")
    refused = run_cli(["screen", str(EXAMPLES), "--no-store", "--unit-map", str(bad)], tmp_path / "home")
    assert refused.code == 2 and "bad.csv row 2: fill exactly one of path_prefix and owner" in refused.err


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_report_in_headless_chromium(cli_store: tuple[Path, str], tmp_path: Path) -> None:
    folder, url = cli_store
    assert _report(folder, url, "--format", "html", "--out", str(tmp_path)).code == 0
    page = tmp_path / "trends.html"
    html = page.read_text(encoding="utf-8")
    # Self-contained: no script, stylesheet, image or font from anywhere; the CSP forbids it too.
    assert "<script" not in html and "<link" not in html and "<img" not in html and "@import" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "default-src 'none'" in html and "@media print" in html
    netlog = tmp_path / "net.json"
    command = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={netlog}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    charted = ("volume", "decisions", "flags_by_category", "top_families", "review_pipeline", "backlog",
               "grants_by_decision", "grants_by_system", "share_cases", "rescreen_changes")
    for key in charted:
        section = dom.split(f'<section id="{key}">', 1)[1].split("</section>", 1)[0]
        assert '<svg' in section and "<rect" in section, f"chart of {key} is empty"
        assert "<table>" in section
    assert not page_requests(netlog), "the report asked the network for something"
    pdf = tmp_path / "trends.pdf"  # prints: Chromium's print path with the print style sheet
    printed = subprocess.run([*command[:-2], f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                             capture_output=True, text=True, timeout=180, check=False)
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), printed.stderr[-1000:]
    assert pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages") >= 3


def page_requests(netlog: Path) -> list[str]:
    """Requests a ``file://`` page made, from Chromium's net log (the browser's own update and time
    checks have no page origin and are not counted)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    found = []
    for event in log.get("events", []):
        params = event.get("params", {})
        if str(params.get("network_isolation_key", "")).startswith("file://") or "_dk_file://" in str(
                params.get("key", "")):
            found.append(json.dumps(params)[:200])
    return found


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_network_check_sees_a_page_request(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="http://example.invalid/x.png"></body></html>', encoding="utf-8")
    netlog = tmp_path / "net.json"
    command = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={netlog}", "--dump-dom",
               page.as_uri()]
    subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert page_requests(netlog)


def test_a_store_from_before_units_upgrades_and_keeps_its_grants(tmp_path: Path) -> None:
    """A store at revision 0003 with grants: 0004 adds the units (empty) and counts the grants already there."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from reports.store.engine import _alembic_config

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0003")
        conn.execute(text("INSERT INTO share_scans (id, scan_key, started_at, info) "
                          "VALUES (1, 's', '2026-01-05', '{}')"))
        for i, decision in enumerate(["licence_review", "licence_review", None]):
            conn.execute(text(
                "INSERT INTO share_grants (obs_key, scan_id, grant_uid, grant_key, action, source_system,"
                " source_format, source_file, grantor_basis, grantee_kind, permission, link_scope, decision,"
                " observed_at) VALUES "
                "(:k, 1, :k, :k, 'grant', 'box', 'box_csv', 'f.csv', 'owner', 'user', 'view', 'none', :d, "
                "'2026-01-05T10:00:00+00:00')"), {"k": f"g{i}", "d": decision})
    engine.dispose()
    with open_store(url) as store:
        report = build_trends(store.engine, Q1)
        assert store.verify().ok
    january = report.table("grants_by_decision").frame.filter(pl.col("period") == "2026-01").to_dicts()[0]
    assert january["licence_review"] == 2
