"""The research office's desk: ``exportscreen serve`` (issue 18).

Server-rendered pages (FastAPI and Jinja2, no JavaScript, no asset from the network) on the same
results store as the command line:

- researchers upload manuscripts and see the verdict of their own uploads;
- advisers see the review queue (most severe first, filtered by unit, date and outcome), open a
  case, decide it with a reason, suppress a false positive, and see its history;
- security officers (and admins) also see and decide the cases that need them (a security-grade
  marking or a sanctions question), and check the audit log;
- everyone chooses Norwegian or English.

Every decision goes through the store's own calls with the signed-in account as the reviewer and
the accounts as the register of who may decide what, so ``audit verify`` covers the desk too.
Security: flows.web.security. Screening runs off the request: flows.web.jobs.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from flows.web import security
from flows.web.config import COOKIE, LOGIN_COOKIE, DeskConfig
from flows.web.jobs import Screener
from flows.web.passwords import check_password
from flows.web.uploads import save_side_file, save_uploads
from reports import i18n
from reports.errors import StoreError, UnknownCaseError
from reports.i18n import _, outcome_name, using_lang
from reports.store import Store, open_store
from reports.store.accounts import (
    SignedIn,
    account_and_hash,
    change_account,
    close_session,
    open_session,
    reviewers_from_accounts,
    session_for,
    uploads,
)
from reports.store.review import FINAL, SCOPES
from reports.store.roles import SECURITY_ROLES, needs_security_officer

log = logging.getLogger(__name__)

DECIDERS = frozenset({"adviser", "security_officer", "admin"})
TEMPLATES = Path(__file__).parent / "templates"


class Desk:
    """What every request needs: the settings, the templates, the worker."""

    def __init__(self, config: DeskConfig) -> None:
        self.config = config
        self.screener = Screener(config)
        # One store (one engine and its connection pool) for the desk's life, opened (created or
        # migrated) before the first request.
        self._store = open_store(config.database_url)
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                                     trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(_=_, outcome_name=outcome_name, langs=i18n.LANGS)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The results store (kept open between requests)."""
        yield self._store

    def close(self) -> None:
        """Finish the running job and close the store."""
        self.screener.shutdown()
        self._store.close()

    def page(self, name: str, request: Request, user: SignedIn | None, http_status: int = 200, **values: Any
             ) -> Response:
        """Render a template in the user's language (or the browser's before sign-in)."""
        lang = user.account.lang if user else browser_lang(request)
        with using_lang(lang):
            html = self.templates.get_template(name).render(user=user, lang=lang, csrf=user.csrf if user else "",
                                                            **values)
        return HTMLResponse(html, status_code=http_status)


def browser_lang(request: Request) -> str:
    """Norwegian when the browser prefers it (``Accept-Language`` nb, no or nn first), else English."""
    first = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return "nb" if first.startswith(("nb", "no", "nn")) else "en"


def create_app(config: DeskConfig) -> FastAPI:
    """The desk as an ASGI application (``exportscreen serve`` runs it with uvicorn)."""
    config.upload_dir.mkdir(parents=True, exist_ok=True)
    desk = Desk(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        desk.close()

    app = FastAPI(title="exportscreen desk", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    _routes(app, desk)
    return app


# ---------------------------------------------------------------- sign-in


def _signed_in(desk: Desk, request: Request) -> SignedIn | None:
    """The session of the request's cookie; with a trusted proxy header, the person the proxy names.

    The proxy's header wins over a cookie for someone else (a shared browser): the cookie's
    session is used only when it is the same person.
    """
    token = request.cookies.get(COOKIE)
    header = desk.config.trust_header
    named = request.headers.get(header, "").strip() if header else ""
    with desk.store() as store:
        found = None
        if token:
            with store.reading() as session:
                found = session_for(session, token)
        if not named or (found is not None and found.account.name.lower() == " ".join(named.split()).lower()):
            return found
        with store.reading() as session:
            known = account_and_hash(session, named)
        if known is None:
            raise HTTPException(403, f"{named!r} is signed in at the proxy but has no desk account; ask an admin")
        token = security.new_token()
        with store.transaction() as (session, _audit):
            open_session(session, known[0].id, token, security.new_token(), desk.config.session_hours)
            request.state.new_token = token
            return session_for(session, token)


def _require(desk: Desk, request: Request, roles: frozenset[str] | None = None) -> SignedIn:
    user = _signed_in(desk, request)
    if user is None:
        raise _SignIn()
    if roles is not None and user.account.role not in roles:
        raise HTTPException(403, _("Your role ({role}) may not open this page.").format(
            role=user.account.role))
    return user


def _check_form(request: Request, user: SignedIn, csrf: str | None) -> None:
    if not security.same_origin(request) or not security.same_token(csrf, user.csrf):
        raise HTTPException(403, "the form is stale or came from another site; reload the page and try again")


class _SignIn(Exception):
    """Not signed in: send the browser to the sign-in page."""


def _secure(desk: Desk, request: Request) -> bool:
    """Whether cookies are marked ``Secure`` for this request.

    Yes over HTTPS (also behind a local proxy that says so in ``X-Forwarded-Proto``), and over
    plain HTTP to another host unless ``--http-cookies``; no for plain HTTP on the loopback
    address, where nothing crosses a network (and some browsers would drop a ``Secure`` cookie).
    """
    if request.url.scheme == "https":
        return True
    host = request.url.hostname or ""
    if host == "localhost" or _is_loopback(host):
        return False
    return desk.config.secure_cookies


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _routes(app: FastAPI, desk: Desk) -> None:  # noqa: C901 - one place lists every page
    @app.middleware("http")
    async def _session_cookie(request: Request, call_next: Any) -> Response:
        """The security headers on every response (the one place they are added).

        A session opened for a proxy-signed-in person is kept in the cookie: one session, not one per page.
        """
        response: Response = await call_next(request)
        token = getattr(request.state, "new_token", None)
        if token:
            security.set_cookie(response, COOKIE, token, secure=_secure(desk, request),
                                max_age=int(desk.config.session_hours * 3600))
        return security.harden(response)
    @app.exception_handler(_SignIn)
    async def _to_sign_in(_request: Request, _exc: _SignIn) -> Response:
        return _redirect("/login")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        return desk.page("error.html", request, None, http_status=exc.status_code, status_code=exc.status_code,
                         message=str(exc.detail))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        code = 404 if isinstance(exc, UnknownCaseError) else 409  # 409: the review rules refused it
        return desk.page("error.html", request, None, http_status=code, status_code=code, message=str(exc))

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in ("desk.css", "report.css"):
            raise HTTPException(404, "no such file")
        if name == "report.css":
            text = resources.files("reports.render").joinpath("templates/report.css").read_text(encoding="utf-8")
        else:
            text = (Path(__file__).parent / "static" / name).read_text(encoding="utf-8")
        response = PlainTextResponse(text, media_type="text/css")
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    @app.get("/login")
    def login_page(request: Request, failed: int = 0) -> Response:
        token = security.new_token()
        response = desk.page("login.html", request, None, login_csrf=token, failed=bool(failed),
                             proxy=bool(desk.config.trust_header))
        security.set_cookie(response, LOGIN_COOKIE, token, secure=_secure(desk, request), max_age=900)
        return response

    @app.post("/login")
    def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form("")) -> Response:
        if not security.same_origin(request) or not security.same_token(csrf, request.cookies.get(LOGIN_COOKIE, "")):
            raise HTTPException(403, "the sign-in form is stale; reload the page and try again")
        with desk.store() as store:
            with store.reading() as session:
                known = account_and_hash(session, name)
            if not check_password(known[1] if known else None, password) or known is None:
                log.info("failed sign-in")
                return _redirect("/login?failed=1")
            token = security.new_token()
            with store.transaction() as (session, _audit):
                open_session(session, known[0].id, token, security.new_token(), desk.config.session_hours)
        response = _redirect("/")
        security.set_cookie(response, COOKIE, token, secure=_secure(desk, request),
                            max_age=int(desk.config.session_hours * 3600))
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        user = _require(desk, request)
        _check_form(request, user, csrf)
        with desk.store() as store, store.transaction() as (session, _audit):
            close_session(session, request.cookies.get(COOKIE, ""))
        response = _redirect("/login")
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.post("/language")
    def language(request: Request, lang: str = Form("en"), csrf: str = Form("")) -> Response:
        user = _require(desk, request)
        _check_form(request, user, csrf)
        if lang not in i18n.LANGS:
            raise HTTPException(400, f"language {lang!r} is not one of {', '.join(i18n.LANGS)}")
        with desk.store() as store, store.transaction() as (session, audit):
            change_account(session, audit, user.account.name, user.account.name, lang=lang)
        back = urlsplit(request.headers.get("referer", "")).path if security.same_origin(request) else ""
        return _redirect(back if back.startswith("/") and not back.startswith("//") else "/")

    # ------------------------------------------------------------ researchers: upload and verdicts

    @app.get("/")
    def home(request: Request) -> Response:
        user = _require(desk, request)
        with desk.store() as store, store.reading() as session:
            mine = uploads(session, user_id=user.account.id, limit=50)
        limits = {"files": desk.config.max_files, "mb": desk.config.max_upload_bytes // (1024 * 1024)}
        return desk.page("home.html", request, user, uploads=mine, limits=limits)

    @app.post("/upload")
    async def upload(request: Request) -> Response:
        user = _require(desk, request)
        limit = desk.config.max_upload_bytes * desk.config.max_files + 1024 * 1024
        if int(request.headers.get("content-length") or 0) > limit:
            raise HTTPException(413, _("The upload is too large: at most {n} files of {mb} MB each.").format(
                n=desk.config.max_files, mb=desk.config.max_upload_bytes // (1024 * 1024)))
        form = await request.form(max_files=desk.config.max_files, max_fields=20)
        _check_form(request, user, str(form.get("csrf") or ""))
        files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
        if not files:
            raise HTTPException(400, _("Choose at least one file to upload."))
        project = form.get("kind") == "project"
        job = uuid.uuid4().hex[:16]
        folder = desk.config.upload_dir / job
        folder.mkdir(parents=True)
        side: dict[str, str | None] = {"partners": None, "people": None}
        for name in side if project else ():
            given = form.get(name)
            if isinstance(given, StarletteUpload) and given.filename:
                side[name] = await run_in_threadpool(save_side_file, desk.config, given, folder, name)
        # Disk and store work off the event loop: other requests go on while a large upload is saved.
        with desk.store() as store:
            queued = await run_in_threadpool(save_uploads, store, desk.config, user.account.id, job, folder, files)
        if queued:
            desk.screener.submit(job, queued, partners=side["partners"], people=side["people"], project=project)
        return _redirect(f"/jobs/{job}")

    @app.get("/jobs/{job}")
    def job_page(request: Request, job: str) -> Response:
        user = _require(desk, request)
        if not re.fullmatch(r"[0-9a-f]{16}", job):
            raise HTTPException(404, "no such upload")
        with desk.store() as store, store.reading() as session:
            items = uploads(session, job=job)
        if not items or (items[0].user_id != user.account.id and user.account.role not in DECIDERS):
            raise HTTPException(404, "no such upload")
        state = desk.screener.state(job)
        waiting = any(u.status in ("queued", "running") for u in items)
        running = waiting and state is not None and state.state in ("queued", "running")
        # Queued files of a job this process does not know were left by a restart: say so, do not wait.
        orphaned = waiting and state is None
        return desk.page("job.html", request, user, items=items, state=state, running=running, job=job,
                         orphaned=orphaned)

    @app.get("/cases/{case_id}")
    def case_page(request: Request, case_id: int) -> Response:
        user = _require(desk, request)
        with desk.store() as store:
            detail = store.case(case_id)
            with store.reading() as session:
                own = [u for u in uploads(session, case_id=case_id) if u.user_id == user.account.id]
        _may_see(user, detail, own)
        from reports.render.case_html import case_result, review_block
        from reports.render.html import document_section
        from reports.render.json_report import document_out
        from reports.render.next_steps import next_step

        with using_lang(user.account.lang):
            doc = document_out(case_result(detail))
            name = own[0].display_name if own else detail.summary.path
            doc = doc.model_copy(update={"path": name})
            body = Markup(document_section(1, doc, review_block(detail)))  # noqa: S704 - escaped by the renderer
            advice = next_step(detail.summary.decision)
        may_decide = user.account.role in DECIDERS and (
            not needs_security_officer(detail.summary.decision, list(detail.reasons))
            or user.account.role in SECURITY_ROLES)
        terms = sorted({(f.finding.code, e.term) for f in detail.findings if f.finding.list
                        for e in f.finding.evidence[:1]})
        return desk.page("case.html", request, user, detail=detail, body=body, advice=advice,
                         may_decide=may_decide, outcomes=["in_review", *FINAL], scopes=SCOPES, terms=terms)

    # ------------------------------------------------------------ advisers: the queue and decisions

    @app.get("/queue")
    def queue(request: Request, status: str = "open", outcome: str = "", unit: str = "", since: str = "",
              until: str = "") -> Response:
        user = _require(desk, request, DECIDERS)
        dates = [_date(since), _date(until)]
        with desk.store() as store:
            cases = store.list_cases(None if status == "all" else status, 500, unit=unit or None, since=dates[0],
                                     until=dates[1], outcome=outcome or None)
        hidden = 0
        if user.account.role not in SECURITY_ROLES:
            shown = [c for c in cases if c.decision != "blocked_classified"]
            hidden = len(cases) - len(shown)
            cases = shown
        from classifiers.types import DOCUMENT_OUTCOMES
        from reports.store import STATUSES

        return desk.page("queue.html", request, user, cases=cases, hidden=hidden, status=status,
                         statuses=[*STATUSES, "all"], outcome=outcome, outcomes=DOCUMENT_OUTCOMES, unit=unit,
                         since=dates[0] or "", until=dates[1] or "")

    @app.post("/cases/{case_id}/decide")
    def decide(request: Request, case_id: int, outcome: str = Form(""), reason: str = Form(""),
               csrf: str = Form("")) -> Response:
        user = _require(desk, request, DECIDERS)
        _check_form(request, user, csrf)
        if not reason.strip():
            raise HTTPException(400, _("Give a reason: the audit log records who decided and why."))
        with desk.store() as store:
            with store.reading() as session:
                register = reviewers_from_accounts(session)
            store.decide(case_id, outcome, reason.strip(), user.account.name, register)
        return _redirect(f"/cases/{case_id}")

    @app.post("/cases/{case_id}/suppress")
    def suppress(request: Request, case_id: int, finding: str = Form(""), scope: str = Form("document"),
                 reason: str = Form(""), csrf: str = Form("")) -> Response:
        user = _require(desk, request, DECIDERS)
        _check_form(request, user, csrf)
        code, _sep, term = finding.partition("|")
        if not reason.strip() or not code or not term:
            raise HTTPException(400, _("Choose a finding and give a reason."))
        with desk.store() as store:
            with store.reading() as session:
                register = reviewers_from_accounts(session)
            store.suppress(case_id, code, term, scope=scope, reason=reason.strip(), reviewer=user.account.name,
                           reviewers=register)
        return _redirect(f"/cases/{case_id}")

    @app.get("/shares")
    def shares_page(request: Request) -> Response:
        user = _require(desk, request, DECIDERS)
        from reports.store.grant_cases import SHARE_OUTCOMES, open_share_cases

        with desk.store() as store, store.reading() as session:
            found = open_share_cases(session)
        for case in found:
            reasons = case["reasons"] if isinstance(case["reasons"], list) else []
            case["security"] = needs_security_officer(str(case["decision"]), [str(r) for r in reasons])
        return desk.page("shares.html", request, user, cases=found, outcomes=SHARE_OUTCOMES,
                         may_security=user.account.role in SECURITY_ROLES)

    @app.post("/shares/{case_id}/decide")
    def share_decide(request: Request, case_id: int, outcome: str = Form(""), reason: str = Form(""),
                     csrf: str = Form("")) -> Response:
        user = _require(desk, request, DECIDERS)
        _check_form(request, user, csrf)
        from reports.store.grant_cases import decide_share_case

        with desk.store() as store:
            with store.reading() as session:
                register = reviewers_from_accounts(session)
            with store.transaction() as (session, audit):
                decide_share_case(session, audit, case_id, outcome, reason, user.account.name, register)
        return _redirect("/shares")

    @app.get("/audit")
    def audit_page(request: Request) -> Response:
        user = _require(desk, request, SECURITY_ROLES)
        with desk.store() as store:
            result = store.verify()
        return desk.page("audit.html", request, user, result=result)

    @app.get("/trends")
    def trends_page(request: Request) -> Response:
        user = _require(desk, request, DECIDERS)
        from flows.trends import default_range, trends
        from reports.trends.model import TrendQuery
        from reports.trends.output import render_html

        start, end = default_range()
        run = trends(TrendQuery(start=start, end=end, by="month"), desk.config.database_url)
        response = HTMLResponse(render_html(run.report, run.store, user.account.lang))
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response


def _date(value: str) -> str | None:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        raise HTTPException(400, f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _may_see(user: SignedIn, detail: Any, own: list[Any]) -> None:
    """A researcher sees the cases of their own uploads; a case for the security officer only they see."""
    role = user.account.role
    if role not in DECIDERS and not own:
        raise HTTPException(404, "no such case")
    if detail.summary.decision == "blocked_classified" and role not in SECURITY_ROLES and not own:
        raise HTTPException(403, _("Only a security officer may open a case with a security-grade marking."))
