"""Helpers of the desk's tests: a store with accounts, a signed-in client, the CSRF token of a page."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from flows.web.app import create_app
from flows.web.config import DeskConfig
from flows.web.passwords import hash_password
from reports.store import open_store
from reports.store.accounts import add_account

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "flows" / "examples"
PASSWORD = "correct horse battery"
ACCOUNTS = {"ola": "researcher", "siri": "researcher", "kari": "adviser", "sikker": "security_officer"}


@dataclass
class Desk:
    """A desk on a fresh store: its URL, settings and one client per account."""

    url: str
    config: DeskConfig

    def client(self, name: str | None = None, lang: str = "en") -> TestClient:
        """A client of a new desk app (signed in as ``name`` when given); HTTPS so Secure cookies are sent."""
        client = TestClient(create_app(self.config), base_url="https://testserver",
                            headers={"Accept-Language": lang})
        if name is not None:
            sign_in(client, name)
        return client


def make_desk(tmp: Path, **config: object) -> Desk:
    """A store with the four accounts of ACCOUNTS (password PASSWORD, English) and a desk on it."""
    url = f"sqlite:///{tmp / 'store.sqlite3'}"
    hashed = hash_password(PASSWORD)
    with open_store(url) as store, store.transaction() as (session, audit):
        for name, role in ACCOUNTS.items():
            add_account(session, audit, name, role, hashed, "en", "test")
    return Desk(url, DeskConfig(database_url=url, upload_dir=tmp / "uploads", **config))  # type: ignore[arg-type]


def csrf_of(html: str) -> str:
    """The CSRF token in a page's first form."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form with a CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does."""
    page = client.get("/login")
    done = client.post("/login", data={"name": name, "password": password, "csrf": csrf_of(page.text)},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/", done.text


def upload(client: TestClient, files: list[tuple[str, bytes]]) -> str:
    """Upload files from the home page; returns the job page's path."""
    token = csrf_of(client.get("/").text)
    sent = [("files", (name, content, "application/octet-stream")) for name, content in files]
    done = client.post("/upload", data={"csrf": token}, files=sent, follow_redirects=False)
    assert done.status_code == 303, done.text
    return str(done.headers["location"])


def wait_for(client: TestClient, job: str, timeout: float = 240) -> str:
    """The job's page once it no longer refreshes itself (screening done)."""
    deadline = time.monotonic() + timeout
    while True:
        page = client.get(job)
        assert page.status_code == 200, page.text
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        assert time.monotonic() < deadline, "screening did not finish"
        time.sleep(0.5)


def case_ids(html: str) -> list[int]:
    """The case links on a page, in order."""
    return [int(n) for n in re.findall(r'href="/cases/(\d+)"', html)]
