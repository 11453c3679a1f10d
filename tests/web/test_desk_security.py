"""The desk refuses or escapes what it must (issue 18): sign-in, CSRF, roles, uploads, injection.

These go through the real application (FastAPI's test client over HTTPS, the real store, the
real screening of uploads); the browser tests (test_desk_browser.py) drive Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.run import RunInfo
from reports.store import open_store
from tests.reports.test_store_factory import make_finding, make_result
from tests.web.desk import Desk, case_ids, csrf_of, make_desk, upload, wait_for


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return make_desk(tmp_path)


def _stored_case(desk: Desk, decision: str, reasons: tuple[str, ...] = ()) -> int:
    result = make_result(f"/srv/{decision}.txt", f"text of {decision}", [make_finding(score=0.9)], decision=decision)
    if reasons:
        from dataclasses import replace

        result = replace(result, reasons=reasons)
    with open_store(desk.url) as store:
        ids = store.save_results(RunInfo(run_id=f"run-{decision}", store=True), [result])
    assert ids[0] is not None
    return ids[0]


def test_every_page_needs_a_sign_in(desk: Desk) -> None:
    client = desk.client()
    for path in ("/", "/queue", "/cases/1", "/jobs/0123456789abcdef", "/audit", "/trends"):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login"), path
        assert response.headers["x-frame-options"] == "DENY", path  # redirects carry the headers too
    assert client.get("/static/nothing.css").headers["content-security-policy"].startswith("default-src 'none'")
    response = client.post("/upload", files=[("files", ("a.txt", b"x", "text/plain"))], follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.post("/cases/1/decide", data={"outcome": "cleared", "reason": "x"},
                       follow_redirects=False).status_code == 303


def test_sign_in_cookie_and_headers(desk: Desk) -> None:
    client = desk.client()
    page = client.get("/login")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    wrong = client.post("/login", data={"name": "kari", "password": "not it at all", "csrf": csrf_of(page.text)},
                        follow_redirects=False)
    assert wrong.headers["location"] == "/login?failed=1" and "exportscreen_session" not in wrong.headers.get(
        "set-cookie", "")
    page = client.get("/login")
    done = client.post("/login", data={"name": "KARI", "password": "correct horse battery", "csrf": csrf_of(page.text)},
                       follow_redirects=False)
    cookie = done.headers["set-cookie"]
    assert "exportscreen_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace(
        "Strict", "strict") and "Secure" in cookie
    # The store keeps the token's hash, not the token.
    token = cookie.split("exportscreen_session=")[1].split(";")[0]
    assert token not in Path(desk.url.removeprefix("sqlite:///")).read_bytes().decode("latin-1")


def test_sign_in_needs_its_form_token(desk: Desk) -> None:
    client = desk.client()
    refused = client.post("/login", data={"name": "kari", "password": "correct horse battery", "csrf": "forged"},
                          follow_redirects=False)
    assert refused.status_code == 403


def test_a_post_without_the_csrf_token_or_from_another_site_is_refused(desk: Desk) -> None:
    case = _stored_case(desk, "review_required")
    client = desk.client("kari")
    token = csrf_of(client.get(f"/cases/{case}").text)
    assert client.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "fine"}).status_code == 403
    assert client.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "fine", "csrf": "x" * 43}
                       ).status_code == 403
    assert client.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "fine", "csrf": token},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    with open_store(desk.url) as store:
        assert store.case(case).summary.status == "open"  # nothing was decided
    done = client.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "below 6A005", "csrf": token},
                       headers={"Origin": "https://testserver"}, follow_redirects=False)
    assert done.status_code == 303
    with open_store(desk.url) as store:
        detail = store.case(case)
        assert detail.summary.status == "cleared" and detail.history[-1].reviewer == "kari"
        assert store.verify().ok


def test_an_adviser_cannot_clear_a_classified_case_a_security_officer_can(desk: Desk) -> None:
    case = _stored_case(desk, "blocked_classified")
    adviser = desk.client("kari")
    assert adviser.get(f"/cases/{case}").status_code == 403
    queue = adviser.get("/queue").text
    assert f'href="/cases/{case}"' not in queue and "security officer" in queue
    token = csrf_of(adviser.get("/").text)
    refused = adviser.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "fine", "csrf": token})
    assert refused.status_code == 409 and "only a security officer may decide" in refused.text
    officer = desk.client("sikker")
    page = officer.get(f"/cases/{case}")
    assert page.status_code == 200 and f'action="/cases/{case}/decide"' in page.text
    officer.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "marking withdrawn",
                                                "csrf": csrf_of(page.text)})
    with open_store(desk.url) as store:
        assert store.case(case).history[-1].reviewer == "sikker"


def test_a_sanctions_case_is_shown_to_an_adviser_but_decided_by_the_security_officer(desk: Desk) -> None:
    case = _stored_case(desk, "review_required", ("rule sanctions: a sanctioned country takes part",))
    adviser = desk.client("kari")
    page = adviser.get(f"/cases/{case}")
    assert page.status_code == 200 and "/decide" not in page.text and "Only a security officer" in page.text


def test_researchers_see_only_their_own_uploads_and_no_queue(desk: Desk) -> None:
    ola = desk.client("ola")
    job = upload(ola, [("memo.txt", b"The honey bees foraged on clover in the spring meadow.")])
    page = wait_for(ola, job)
    (case,) = case_ids(page)
    assert ola.get(f"/cases/{case}").status_code == 200
    siri = desk.client("siri")
    assert siri.get(f"/cases/{case}").status_code == 404
    assert siri.get(job).status_code == 404
    assert siri.get("/queue").status_code == 403
    assert desk.client("kari").get(f"/cases/{case}").status_code == 200


def test_oversized_disguised_and_empty_uploads_are_refused_one_by_one(tmp_path: Path) -> None:
    desk = make_desk(tmp_path, max_upload_bytes=2000)
    client = desk.client("ola")
    job = upload(client, [
        ("big.txt", b"word " * 1000),
        ("paper.pdf", b"\x7fELF\x02\x01\x01" + bytes(200)),
        ("fine.txt", b"A survey of municipal trust in Norway found no change over ten years."),
    ])
    page = wait_for(client, job)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "big.txt Could not be read larger than" in text
    assert "paper.pdf Could not be read paper.pdf: not a format exportscreen reads (found an executable program)" \
        in text
    assert "fine.txt No listed technology" in text
    # Nothing refused was kept on disk; the good file was saved under a name the desk made.
    saved = sorted(p.name for p in (tmp_path / "uploads").rglob("*") if p.is_file())
    assert saved == ["003.text"]
    assert client.post("/upload", data={"csrf": csrf_of(client.get("/").text)}).status_code == 400
    huge = client.post("/upload", data={"csrf": csrf_of(client.get("/").text)},
                       files=[("files", ("x.txt", b"x" * 200_000, "text/plain"))],
                       headers={"Content-Length": str(10**9)})
    assert huge.status_code == 413


def test_html_in_a_file_name_and_its_text_is_escaped(desk: Desk) -> None:
    client = desk.client("ola")
    name = '<img src=x onerror=alert(1)>.txt'
    text = (b"We report a continuous wave ytterbium-doped fibre laser <script>alert(2)</script> with 2.1 kW "
            b"output power in a single transverse mode; the design is proven in field operation.")
    page = wait_for(client, upload(client, [(name, text)]))
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    (case,) = case_ids(page)
    verdict = desk.client("kari").get(f"/cases/{case}").text
    assert "<script>alert(2)" not in verdict and "&lt;script&gt;alert(2)&lt;/script&gt;" in verdict
    assert "<img src=x" not in verdict


def test_no_path_from_the_browser_is_used_on_disk(desk: Desk, tmp_path: Path) -> None:
    client = desk.client("ola")
    job = upload(client, [("../../outside.txt", b"Plain words about bees.")])
    wait_for(client, job)
    assert not (tmp_path / "outside.txt").exists()
    assert [p.name for p in (tmp_path / "uploads").rglob("*.text")] == ["001.text"]
    assert client.get("/static/..%2f..%2fstore.sqlite3").status_code == 404
    assert client.get("/static/desk.css").status_code == 200


def test_a_trusted_header_signs_in_only_when_enabled_and_only_known_accounts(tmp_path: Path) -> None:
    off = make_desk(tmp_path / "off").client()
    assert off.get("/", headers={"X-Remote-User": "kari"}, follow_redirects=False).status_code == 303
    on = make_desk(tmp_path / "on", trust_header="X-Remote-User").client()
    page = on.get("/queue", headers={"X-Remote-User": "kari"})
    assert page.status_code == 200 and "kari" in page.text
    assert "exportscreen_session=" in page.headers.get("set-cookie", "")
    assert on.get("/", headers={"X-Remote-User": "mallory"}).status_code == 403


def test_the_desk_speaks_each_users_language(desk: Desk) -> None:
    client = desk.client("kari")
    assert "Review queue" in client.get("/queue").text
    client.post("/language", data={"lang": "nb", "csrf": csrf_of(client.get("/").text)})
    page = client.get("/queue").text
    assert '<html lang="nb">' in page and "Saksliste" in page
    assert "Logg inn" in desk.client(lang="nb-NO,nb;q=0.9").get("/login").text


def test_the_trend_report_is_linked_for_advisers_only(desk: Desk) -> None:
    adviser = desk.client("kari")
    assert 'href="/trends"' in adviser.get("/").text
    page = adviser.get("/trends")
    assert page.status_code == 200 and "Export control and research security: trends" in page.text
    assert desk.client("ola").get("/trends").status_code == 403


@pytest.mark.postgres
def test_the_desk_screens_and_decides_on_postgresql(tmp_path: Path) -> None:
    from flows.web.config import DeskConfig
    from flows.web.passwords import hash_password
    from reports.store.accounts import add_account
    from tests.reports.test_store_factory import fresh_pg_database

    for url in fresh_pg_database():
        with open_store(url) as store, store.transaction() as (session, audit):
            add_account(session, audit, "ola", "researcher", hash_password("correct horse battery"), "en", "test")
            add_account(session, audit, "kari", "adviser", hash_password("correct horse battery"), "nb", "test")
        desk = Desk(url, DeskConfig(database_url=url, upload_dir=tmp_path / "uploads"))
        ola = desk.client("ola")
        (case,) = case_ids(wait_for(ola, upload(ola, [("laser.txt", b"We report a continuous wave ytterbium-doped "
                                                     b"fibre laser with 2.1 kW output power in a single transverse "
                                                     b"mode.")])))
        kari = desk.client("kari")
        page = kari.get(f"/cases/{case}")
        assert '<html lang="nb">' in page.text
        kari.post(f"/cases/{case}/decide", data={"outcome": "cleared", "reason": "ok", "csrf": csrf_of(page.text)})
        with open_store(url) as store:
            assert store.case(case).history[-1].reviewer == "kari" and store.verify().ok


def test_a_project_description_with_its_partners_is_assessed(desk: Desk) -> None:
    from tests.web.desk import ROOT

    examples = ROOT / "flows" / "project_examples"
    description = next((examples / "applications").glob("havbruk_sensorer.*"))
    partners = (examples / "partners" / f"{description.stem}.csv").read_bytes()
    client = desk.client("ola")
    token = csrf_of(client.get("/").text)
    done = client.post("/upload", data={"csrf": token, "kind": "project"}, follow_redirects=False,
                       files=[("files", (description.name, description.read_bytes(), "text/markdown")),
                              ("partners", ("partners.csv", partners, "text/csv"))])
    page = wait_for(client, str(done.headers["location"]))
    (case,) = case_ids(page)
    verdict = client.get(f"/cases/{case}").text
    assert "(a) unwanted transfer of knowledge and technology" in verdict
    assert "partner" in verdict.lower()
    bad = client.post("/upload", data={"csrf": token, "kind": "project"},
                      files=[("files", (description.name, description.read_bytes(), "text/markdown")),
                             ("partners", ("partners.csv", b"\xff\xfe\x00bad", "text/csv"))])
    assert bad.status_code == 400 and "UTF-8" in bad.text


def test_a_long_pdf_reports_its_pages_to_the_job(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.web import jobs
    from tests.make_examples import write_pdf

    seen: list[tuple[int, int]] = []
    real = jobs.reporting_pages

    def spy(listener):  # type: ignore[no-untyped-def]
        def both(done: int, total: int) -> None:
            seen.append((done, total))
            listener(done, total)
        return real(both)

    monkeypatch.setattr(jobs, "reporting_pages", spy)
    pdf = tmp_path / "long.pdf"
    write_pdf(pdf, [f"Page {n}: residents were asked about trust in their council." for n in range(1, 13)])
    client = desk.client("ola")
    page = wait_for(client, upload(client, [("long.pdf", pdf.read_bytes())]))
    assert seen == [(n, 12) for n in range(1, 13)]
    assert "No listed technology" in page and "Reading page" not in page


def test_cookies_are_secure_over_https_and_plain_on_the_loopback_address(desk: Desk) -> None:
    from fastapi.testclient import TestClient

    from flows.web.app import create_app

    local = TestClient(create_app(desk.config), base_url="http://127.0.0.1:8765")
    page = local.get("/login")
    assert "Secure" not in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]
    done = local.post("/login", data={"name": "kari", "password": "correct horse battery", "csrf": csrf_of(page.text)},
                      follow_redirects=False)
    assert done.headers["location"] == "/" and local.get("/queue").status_code == 200
    remote = TestClient(create_app(desk.config), base_url="http://desk.example.org")
    assert "Secure" in remote.get("/login").headers["set-cookie"]
    proxied = TestClient(create_app(desk.config), base_url="https://desk.uni.no")
    assert "Secure" in proxied.get("/login").headers["set-cookie"]


def test_a_project_with_its_people_register_names_the_person_by_row(desk: Desk) -> None:
    from tests.web.desk import ROOT

    case_dir = ROOT / "tests" / "benchmarks" / "projects" / "cases" / "en06"
    client = desk.client("ola")
    token = csrf_of(client.get("/").text)
    done = client.post("/upload", data={"csrf": token, "kind": "project"}, follow_redirects=False,
                       files=[("files", ("en06.md", (case_dir / "description.md").read_bytes(), "text/markdown")),
                              ("partners", ("p.csv", (case_dir / "partners.csv").read_bytes(), "text/csv")),
                              ("people", ("staff.csv", (case_dir / "people.csv").read_bytes(), "text/csv"))])
    (case,) = case_ids(wait_for(client, str(done.headers["location"])))
    verdict = client.get(f"/cases/{case}").text
    assert "people.csv row 3" in verdict and "CN" not in verdict.split("people.csv row 3")[1][:80]


def test_files_left_queued_by_a_restart_are_said_not_waited_for(desk: Desk) -> None:
    from reports.store.accounts import accounts, record_upload

    with open_store(desk.url) as store, store.transaction() as (session, _audit):
        ola = next(a for a in accounts(session) if a.name == "ola")
        record_upload(session, ola.id, "0123456789abcdef", "paper.pdf", "/nowhere/001.pdf", "pdf", 10)
    page = desk.client("ola").get("/jobs/0123456789abcdef").text  # a new desk process: it never queued this job
    assert 'http-equiv="refresh"' not in page and "The desk restarted before these files were screened" in page
