"""Share grant cases on the desk and on the command line: listed, decided, audited (issue 18)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.robustness.cli import run_cli
from tests.web.desk import PASSWORD, Desk, csrf_of


def _scanned(tmp_path: Path) -> tuple[Path, str]:
    home = tmp_path / "home"
    for name, role in (("kari", "adviser"), ("sikker", "security_officer")):
        assert run_cli(["users", "add", name, "--role", role, "--lang", "en", "--password-stdin"], home,
                       stdin=PASSWORD + "\n").code == 0
    from tests.flows.test_shares_scan import export, people, record

    grants = export(tmp_path / "audit.jsonl", record(1, "SharingSet", "reza@uni.no", "design.docx"),
                    record(2, "SharingSet", "stranger@example.org", "notes.docx"))
    scan = run_cli(["shares", "scan", str(grants), "--people", str(people(tmp_path))], home)
    assert scan.code == 1, scan.err
    return home, f"sqlite:///{home / 'exportscreen' / 'exportscreen.sqlite3'}"


def test_share_cases_are_listed_and_decided_on_the_desk_and_the_command_line(tmp_path: Path) -> None:
    from flows.web.config import DeskConfig

    home, url = _scanned(tmp_path)
    cases = json.loads(run_cli(["shares", "cases", "--format", "json"], home).out)
    sanctions = [c for c in cases if c["decision"] == "sanctions_review"]
    others = [c for c in cases if c["decision"] != "sanctions_review"]
    assert sanctions and others
    desk = Desk(url, DeskConfig(database_url=url, upload_dir=tmp_path / "uploads"))
    adviser = desk.client("kari")
    page = adviser.get("/shares").text
    assert f'id="share-{others[0]["id"]}"' in page and "Only a security officer may decide this case." in page
    token = csrf_of(page)
    done = adviser.post(f"/shares/{others[0]['id']}/decide",
                        data={"outcome": "access_removed", "reason": "link removed by the owner", "csrf": token},
                        follow_redirects=False)
    assert done.status_code == 303
    refused = adviser.post(f"/shares/{sanctions[0]['id']}/decide",
                           data={"outcome": "cleared", "reason": "fine", "csrf": token})
    assert refused.status_code == 409 and "only a security officer" in refused.text
    again = adviser.post(f"/shares/{others[0]['id']}/decide", data={"outcome": "cleared", "reason": "x", "csrf": token})
    assert again.status_code == 409 and "closed already" in again.text
    # The command line: the same call, the same register.
    cli = run_cli(["shares", "decide", str(sanctions[0]["id"]), "--outcome", "cleared", "--reason", "fine",
                   "--reviewer", "kari"], home)
    cli.assert_one_line_error(4, "only a security officer")
    cli = run_cli(["shares", "decide", str(sanctions[0]["id"]), "--outcome", "licence_required", "--reason",
                   "Iranian national: licence before access", "--reviewer", "sikker"], home)
    assert cli.code == 0 and "closed: licence_required by sikker" in cli.out, cli.err
    left = {c["id"] for c in json.loads(run_cli(["shares", "cases", "--format", "json"], home).out)}
    assert others[0]["id"] not in left and sanctions[0]["id"] not in left
    assert run_cli(["audit", "verify"], home).code == 0
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        actors = [r[0] for r in db.execute("SELECT actor FROM audit_log WHERE action = 'share_case.decided'")]
    assert actors == ["kari", "sikker"]
    assert not re.search(r"citizenship|\bIR\b", adviser.get("/shares").text)  # no nationality on the page
