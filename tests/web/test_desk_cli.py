"""The desk's commands as a user meets them: ``exportscreen users`` and ``exportscreen serve``."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from flows.web.config import DeskConfig
from tests.robustness.cli import cli_env, exportscreen_command, run_cli
from tests.web.desk import PASSWORD, Desk, csrf_of
from tests.web.test_desk_browser import _free_port


def _store(home: Path) -> Path:
    return home / "exportscreen" / "exportscreen.sqlite3"


def test_accounts_are_added_listed_changed_and_audited(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = run_cli(["users", "add", "Kari Nordmann", "--role", "adviser", "--password-stdin"], home,
                    stdin=PASSWORD + "\n")
    assert (added.code, added.out) == (0, "account 'Kari Nordmann' added as adviser\n"), added.err
    again = run_cli(["users", "add", "Kari Nordmann", "--role", "admin", "--password-stdin"], home,
                    stdin=PASSWORD + "\n")
    again.assert_one_line_error(4, "exists")
    short = run_cli(["users", "add", "ola", "--role", "researcher", "--password-stdin"], home, stdin="short\n")
    assert short.code == 2 and "at least 10 characters" in short.err
    proxy = run_cli(["users", "add", "per", "--role", "security_officer", "--no-password"], home)
    assert proxy.code == 0, proxy.err
    listed = run_cli(["users", "list"], home).out.splitlines()
    assert listed[0].split()[:5] == ["Kari", "Nordmann", "adviser", "nb", "active"]
    assert listed[1].split() == ["per", "security_officer", "nb", "active", "proxy", "only"]
    changed = run_cli(["users", "set", "per", "--inactive", "--lang", "en"], home)
    assert changed.out.strip() == "account 'per': security_officer, en, inactive"
    assert run_cli(["audit", "verify"], home).code == 0
    with sqlite3.connect(_store(home)) as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_log WHERE entity = 'user' ORDER BY id")]
        payloads = " ".join(row[0] for row in db.execute("SELECT payload FROM audit_log"))
        stored_hash = db.execute("SELECT password_hash FROM users WHERE name = 'Kari Nordmann'").fetchone()[0]
    assert actions == ["user.added", "user.added", "user.changed"]
    assert stored_hash.startswith("$argon2id$") and "argon2" not in payloads and PASSWORD not in payloads


def test_an_inactive_account_cannot_sign_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli(["users", "add", "ola", "--role", "researcher", "--password-stdin"], home, stdin=PASSWORD + "\n")
    url = f"sqlite:///{_store(home)}"
    desk = Desk(url, DeskConfig(database_url=url, upload_dir=tmp_path / "uploads"))
    client = desk.client("ola")
    assert client.get("/").status_code == 200
    run_cli(["users", "set", "ola", "--inactive"], home)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"  # signed out at once
    page = client.get("/login")
    refused = client.post("/login", data={"name": "ola", "password": PASSWORD, "csrf": csrf_of(page.text)},
                          follow_redirects=False)
    assert refused.headers["location"] == "/login?failed=1"


def test_review_decide_checks_the_accounts_when_there_is_no_reviewers_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli(["users", "add", "ola", "--role", "researcher", "--password-stdin"], home, stdin=PASSWORD + "\n")
    flagged = Path(__file__).resolve().parents[2] / "flows" / "examples" / "fibre_laser_manuscript.pdf"
    assert run_cli(["screen", str(flagged)], home).code == 1
    refused = run_cli(["review", "decide", "1", "--outcome", "cleared", "--reason", "fine", "--reviewer", "ola"],
                      home)
    refused.assert_one_line_error(4, "researcher")
    unknown = run_cli(["review", "decide", "1", "--outcome", "cleared", "--reason", "fine", "--reviewer", "eve"],
                      home)
    unknown.assert_one_line_error(4, "not in the reviewers register")


def test_serve_starts_says_where_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    home = tmp_path / "home"
    port = _free_port()
    process = subprocess.Popen([exportscreen_command(), "serve", "--port", str(port)], env=cli_env(home),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:  # noqa: S310
                assert response.status == 200 and response.headers["X-Frame-Options"] == "DENY"
                assert "server" not in {k.lower() for k in response.headers}
                break
        except OSError:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "No accounts yet: add one with 'exportscreen users add NAME --role admin'." in err
    assert f"The desk is at http://127.0.0.1:{port}/ (Ctrl-C stops it)." in err
    assert "Traceback" not in err and "never awaited" not in err
