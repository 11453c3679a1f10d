"""``exportscreen shares scan``: JSON contract, exit codes, the store (rerun, revocations), content.

Real inputs throughout: the export fixtures in tests/fixtures/shares, exports written here in
the Purview JSON-lines form, a people register CSV, a real SQLite results store, and real
documents screened by the pipeline for ``--content``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flows.commands.shares import shares
from reports.store import open_store
from reports.store.grants import count_rows, share_cases_frame, share_grants
from tests.paths import EXAMPLES, FIXTURES

FIXTURES = FIXTURES / "shares"
EXAMPLES = EXAMPLES
PEOPLE = """email,citizenships,organisation_type,in_norway
kari@uni.no,NO,university,yes
ali.rezaei@ut.ac.ir,NO;IR,research_institute,yes
reza@uni.no,IR,university,yes
anna@uni.no,DE,university,yes
wei@uni.no,CN,university,yes
"""
SITE = "https://uni.sharepoint.com/sites/lab/Shared Documents"


def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def record(n: int, op: str, grantee: str | None, file: str, time: str = "2024-03-05T10:00:00",
           folder: str = "Laser") -> dict[str, Any]:
    rec: dict[str, Any] = {
        "CreationTime": time, "Id": f"id-{n}", "Operation": op, "RecordType": 14, "UserId": "ola@uni.no",
        "ObjectId": f"{SITE}/{folder}/{file}", "SourceRelativeUrl": f"Shared Documents/{folder}",
        "SourceFileName": file, "ItemType": "File", "EventData": "<Type>View</Type>",
    }
    if grantee:
        rec |= {"TargetUserOrGroupName": grantee, "TargetUserOrGroupType": "Guest"}
    return rec


def export(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def scan(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(shares, ["scan", *map(str, args), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


def test_json_contract_quarantine_and_review_exit(tmp_path: Path, db: str) -> None:
    files = [FIXTURES / "purview_audit.csv", FIXTURES / "google_reports_drive.json", FIXTURES / "unknown_format.csv",
             FIXTURES / "purview_bad_rows.csv"]
    code, out = scan(*files, "--people", people(tmp_path), "--database", db)
    assert code == 3  # a file and rows were quarantined: 3 outranks 1 (grants need review too)
    assert out["summary"]["needs_review"] > 0
    assert set(out) == {"grants", "quarantined", "summary"}
    grant = out["grants"][0]
    assert {"grant_uid", "source_system", "object", "grantor", "grantee", "permission", "link_scope", "decision",
            "reasons", "findings"} <= set(grant)
    assert set(grant["object"]) == {"id", "path", "name"}
    assert all(isinstance(g["reasons"], list) and g["reasons"] for g in out["grants"])
    summary = out["summary"]
    assert summary["grants"] == len(out["grants"]) == sum(summary["by_decision"].values())
    assert summary["countries_review_due"] is False
    assert summary["quarantined"] == len(out["quarantined"]) == 4
    assert {"file": str(FIXTURES / "unknown_format.csv"), "row": None,
            "reason": out["quarantined"][0]["reason"]} in out["quarantined"]
    assert {q["row"] for q in out["quarantined"] if q["file"].endswith("purview_bad_rows.csv")} == {3, 4, 6}
    ali = next(g for g in out["grants"] if g["grantee"] == "ali.rezaei@ut.ac.ir")
    assert ali["decision"] == "sanctions_review" and ali["revoked"]
    assert "besides Norwegian citizenship (NO)" in ali["reasons"][0]


def test_exit_codes_without_review(tmp_path: Path, db: str) -> None:
    clean = export(tmp_path / "clean.jsonl", record(1, "SharingSet", "Kari@Uni.no", "a.docx"))
    assert scan(clean, "--people", people(tmp_path), "--database", db)[0] == 0
    code, out = scan(clean, FIXTURES / "unknown_format.csv", "--people", people(tmp_path), "--database", db)
    assert code == 3 and out["summary"]["needs_review"] == 0 and out["summary"]["quarantined"] == 1


def test_rerun_adds_nothing(tmp_path: Path, db: str) -> None:
    files = [FIXTURES / "purview_audit.csv", FIXTURES / "google_reports_drive.json", FIXTURES / "box_collaborations_"
             "run_on_2024-03-08-09-00-00_Page_1.csv"]
    _, first = scan(*files, "--people", people(tmp_path), "--database", db)
    with open_store(db) as store:
        rows, cases = count_rows(store.engine, share_grants), share_cases_frame(store.engine)
    _, again = scan(*files, "--people", people(tmp_path), "--database", db)
    assert first["summary"]["store"]["new_observations"] == rows > 0
    assert again["summary"]["store"] == {"new_observations": 0, "already_stored": rows, "cases_opened": 0,
                                         "cases_closed": 0}
    assert not any(g["new"] for g in again["grants"]) and all(g["new"] for g in first["grants"])
    with open_store(db) as store:
        assert count_rows(store.engine, share_grants) == rows
        assert share_cases_frame(store.engine).equals(cases)
        assert store.verify().ok


def test_revocation_closes_the_open_case_and_a_regrant_opens_one(tmp_path: Path, db: str) -> None:
    register = people(tmp_path)
    granted = export(tmp_path / "1.jsonl", record(1, "SharingSet", "reza@uni.no", "design.docx"))
    scan(granted, "--people", register, "--database", db)
    with open_store(db) as store:
        (case,) = share_cases_frame(store.engine).to_dicts()
    assert (case["status"], case["decision"]) == ("open", "sanctions_review")
    revoked = export(tmp_path / "2.jsonl", record(2, "SharingRevoked", "reza@uni.no", "design.docx",
                                                  time="2024-03-06T08:00:00"))
    _, out = scan(revoked, "--people", register, "--database", db)
    assert out["summary"]["store"]["cases_closed"] == 1 and out["summary"]["revocations"] == 1
    regrant = export(tmp_path / "3.jsonl", record(3, "SharingSet", "reza@uni.no", "design.docx",
                                                  time="2024-04-01T08:00:00"))
    scan(regrant, "--people", register, "--database", db)
    with open_store(db) as store:
        cases = share_cases_frame(store.engine).to_dicts()
        assert store.verify().ok
    assert [(c["status"], c["close_reason"]) for c in cases] == [
        ("closed", "access revoked at 2024-03-06T08:00:00Z"), ("open", None)]
    assert cases[0]["grant_key"] == cases[1]["grant_key"]


def test_content_folder_is_screened_then_reused_from_the_store(tmp_path: Path, db: str) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "Laser").mkdir(parents=True)
    shutil.copy(EXAMPLES / "fibre_laser_manuscript.pdf", mirror / "Laser" / "fibre-laser-design.pdf")
    shutil.copy(EXAMPLES / "honey_bee_foraging.txt", mirror / "bees.txt")
    audit = export(tmp_path / "a.jsonl",
                   record(1, "SharingSet", "anna@uni.no", "fibre-laser-design.pdf"),
                   record(2, "SharingSet", "wei@uni.no", "fibre-laser-design.pdf"),
                   record(3, "SharingSet", "wei@uni.no", "bees.txt", folder="Misc"))
    _, out = scan(audit, "--people", people(tmp_path), "--content", mirror, "--database", db)
    anna, wei, bees = out["grants"]
    assert anna["findings"] and {f["list"] for f in anna["findings"] if f["level"] == "flag"} == {"II"}
    assert (anna["decision"], anna["rule"]) == ("exempt", "eea_nato_exemption")
    assert (wei["decision"], wei["rule"]) == ("licence_review", "listed_content")
    assert "content: 1 file(s) matched (Laser/fibre-laser-design.pdf), from the content folder; checked against " \
        "I@" in " ".join(wei["reasons"])
    assert (bees["decision"], bees["rule"]) == ("no_licence_required", "no_listed_technology")
    # Later scans without the mirror find the content in the store by path and name.
    again = export(tmp_path / "b.jsonl", record(4, "SharingSet", "wei@uni.no", "fibre-laser-design.pdf",
                                                time="2024-05-01T10:00:00"))
    _, later = scan(again, "--people", people(tmp_path), "--database", db)
    (row,) = later["grants"]
    assert row["decision"] == "licence_review" and "from the results store" in " ".join(row["reasons"])


def test_without_store_nothing_is_written(tmp_path: Path, db: str) -> None:
    code, out = scan(FIXTURES / "purview_audit.csv", "--people", people(tmp_path), "--database", db, "--no-store")
    assert code == 1 and "store" not in out["summary"] and out["grants"][0]["new"] is None
    assert not Path(db.removeprefix("sqlite:///")).exists()


def test_terminal_output_and_help(tmp_path: Path, db: str) -> None:
    result = CliRunner().invoke(shares, ["scan", str(FIXTURES / "purview_audit.csv"), "--people",
                                         str(people(tmp_path)), "--database", db, "--limit", "1"])
    assert result.exit_code == 1
    assert "need review" in result.stdout
    assert "Unknown recipient (unknown_recipient): reza.tehrani@sharif.edu" in result.stdout
    assert "... and" in result.stdout
    help_text = CliRunner().invoke(shares, ["scan", "--help"]).output
    assert "1  at least one grant needs review" in help_text and "3  a file or row was quarantined" in help_text
    missing = CliRunner().invoke(shares, ["scan", str(FIXTURES / "purview_audit.csv")])
    assert missing.exit_code == 2 and "Missing option '--people'" in missing.output
    absent = CliRunner().invoke(shares, ["scan", str(FIXTURES / "purview_audit.csv"), "--people", "nope.csv"])
    assert absent.exit_code == 2 and "'nope.csv' does not exist" in absent.output


@pytest.mark.parametrize("chunk", [1, 2, 10_000])
def test_streamed_json_is_the_same_text_as_the_whole_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              chunk: int) -> None:
    import io

    from flows.commands import shares as command
    from flows.shares import scan_exports

    monkeypatch.setattr(command, "GRANT_CHUNK", chunk)
    outcome = scan_exports([FIXTURES / "purview_audit.csv", FIXTURES / "purview_bad_rows.csv"], people(tmp_path),
                           None, None, False)
    assert outcome.grants.height > 2
    streamed = io.StringIO()
    command.write_json_streaming(command.scan_json(outcome, with_grants=False), command.grant_chunks(outcome),
                                 streamed)
    assert streamed.getvalue() == json.dumps(command.scan_json(outcome), indent=2, ensure_ascii=False,
                                             default=str) + "\n"
    empty = io.StringIO()
    document = command.scan_json(outcome, with_grants=False)
    command.write_json_streaming(document, iter([]), empty)
    assert empty.getvalue() == json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def test_a_scan_in_tiny_blocks_writes_the_same_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: the exports read and decided two rows at a time give the JSON of one block."""
    import io

    from extractors.shares import spool
    from flows.commands import shares as command
    from flows.shares import scan_exports

    exports = [FIXTURES / "purview_audit.csv", FIXTURES / "purview_bad_rows.csv",
               FIXTURES / "google_reports_drive.json"]

    def document(chunk_rows: int) -> str:
        monkeypatch.setattr(spool, "CHUNK_ROWS", chunk_rows)
        outcome = scan_exports(exports, people(tmp_path), None, None, False, scan_key="fixed")
        out = io.StringIO()
        command.write_json_streaming(command.scan_json(outcome, with_grants=False), command.grant_chunks(outcome), out)
        assert len(outcome.decided.paths) > (3 if chunk_rows == 2 else 0)
        outcome.close()
        return out.getvalue()

    assert document(2) == document(10**9)
