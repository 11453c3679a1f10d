"""Desk accounts, sign-in sessions and uploads in the results store (issue 18, migration 0005).

Accounts carry a role out of :data:`reports.store.roles.ROLES`; the register of who may decide
what (:class:`~reports.store.roles.Reviewers`) can be built from them, so a decision made on the
desk goes through the same check as one made with ``review decide``. Adding, changing and
deactivating an account is written to the audit log (name, role, language, active; never the
password hash). Password hashing itself is the caller's (flows.web.passwords): the store keeps the
hash it is given.

Sessions are kept by the sha256 of the browser's token, so a copy of the database does not sign
anyone in. Uploads record where the desk saved a file and, once screened, the case it opened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reports.errors import StoreError
from reports.store.audit import AuditAppender, utc_now
from reports.store.models import User, WebSession, WebUpload
from reports.store.roles import ROLES, Reviewers

LANGS = ("en", "nb")


class AccountError(StoreError):
    """An account that cannot be added or changed; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Account:
    """A desk account as the desk uses it (no password hash)."""

    id: int
    name: str
    role: str
    lang: str
    active: bool
    has_password: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A live session: the account and the CSRF token its forms must carry."""

    account: Account
    csrf: str


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file and what became of it."""

    id: int
    user_id: int
    job: str
    display_name: str
    stored_path: str
    kind: str | None
    size: int
    status: str
    case_id: int | None
    decision: str | None
    error: str | None
    uploaded_at: str


def _account(row: User) -> Account:
    return Account(row.id, row.name, row.role, row.lang, bool(row.active), row.password_hash is not None,
                   row.created_at)


def _upload(row: WebUpload) -> Upload:
    return Upload(row.id, row.user_id, row.job, row.display_name, row.stored_path, row.kind, row.size, row.status,
                  row.case_id, row.decision, row.error, row.uploaded_at)


def _check(name: str, role: str, lang: str) -> str:
    clean = " ".join(name.split())
    if not clean or len(clean) > 100 or any(ch in clean for ch in "<>\"'&/\\"):
        raise AccountError(f"account name {name!r}: give 1-100 characters without < > \" ' & / \\")
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if lang not in LANGS:
        raise AccountError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    return clean


def _audit(audit: AuditAppender, action: str, row: User, actor: str) -> None:
    audit.append(action, "user", row.id, actor,
                 {"account": {"name": row.name, "role": row.role, "lang": row.lang, "active": bool(row.active)}})


def add_account(session: Session, audit: AuditAppender, name: str, role: str, password_hash: str | None,
                lang: str, actor: str) -> Account:
    """Add an account; ``AccountError`` when the name is taken or a value is not allowed."""
    name = _check(name, role, lang)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AccountError(f"an account {name!r} exists; change it with 'exportscreen users set' instead")
    now = utc_now()
    row = User(name=name, role=role, password_hash=password_hash, lang=lang, active=True, created_at=now,
               updated_at=now)
    session.add(row)
    session.flush()
    _audit(audit, "user.added", row, actor)
    return _account(row)


def change_account(session: Session, audit: AuditAppender, name: str, actor: str, *, role: str | None = None,
                   lang: str | None = None, active: bool | None = None,
                   password_hash: str | None = None) -> Account:
    """Change an account's role, language, state or password (only what is given)."""
    row = session.scalar(select(User).where(User.name == name))
    if row is None:
        raise AccountError(f"no account {name!r}; add it with 'exportscreen users add'")
    _check(row.name, role or row.role, lang or row.lang)
    row.role = role or row.role
    row.lang = lang or row.lang
    if active is not None:
        row.active = active
        if not active:
            session.execute(delete(WebSession).where(WebSession.user_id == row.id))
    if password_hash is not None:
        row.password_hash = password_hash
        session.execute(delete(WebSession).where(WebSession.user_id == row.id))  # sign out everywhere
    row.updated_at = utc_now()
    session.flush()
    _audit(audit, "user.changed", row, actor)
    return _account(row)


def accounts(session: Session) -> list[Account]:
    """Every account, by name."""
    return [_account(r) for r in session.scalars(select(User).order_by(User.name))]


def account_and_hash(session: Session, name: str) -> tuple[Account, str | None] | None:
    """The active account called ``name`` (case-insensitive) with its password hash, or None."""
    wanted = " ".join(name.split()).lower()
    for row in session.scalars(select(User).where(User.active.is_(True))):
        if row.name.lower() == wanted:
            return _account(row), row.password_hash
    return None


def reviewers_from_accounts(session: Session) -> Reviewers | None:
    """The register built from the active accounts (None when there are none)."""
    rows = session.scalars(select(User).where(User.active.is_(True))).all()
    if not rows:
        return None
    return Reviewers({r.name.lower(): r.role for r in rows}, "the desk's accounts (exportscreen users list)")


def token_hash(token: str) -> str:
    """The sha256 under which a session token is kept."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(session: Session, account_id: int, token: str, csrf: str, hours: float) -> None:
    """Keep a new sign-in for ``hours``; expired sessions are removed on the way."""
    now = datetime.now(UTC)
    session.execute(delete(WebSession).where(WebSession.expires_at < now.isoformat(timespec="microseconds")))
    session.add(WebSession(token_sha256=token_hash(token), user_id=account_id, csrf=csrf,
                           created_at=now.isoformat(timespec="microseconds"),
                           expires_at=(now + timedelta(hours=hours)).isoformat(timespec="microseconds")))


def session_for(session: Session, token: str) -> SignedIn | None:
    """The live session of ``token`` (its account active, not expired), or None."""
    row = session.get(WebSession, token_hash(token))
    if row is None or row.expires_at < utc_now():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return SignedIn(_account(user), row.csrf)


def close_session(session: Session, token: str) -> None:
    """Sign a browser out."""
    session.execute(delete(WebSession).where(WebSession.token_sha256 == token_hash(token)))


def record_upload(session: Session, user_id: int, job: str, display_name: str, stored_path: str, kind: str | None,
                  size: int, status: str = "queued", error: str | None = None) -> int:
    """Remember an uploaded file (``failed`` with its reason when it was refused); returns its id."""
    row = WebUpload(user_id=user_id, job=job, display_name=display_name, stored_path=stored_path, kind=kind,
                    size=size, status=status, error=error, uploaded_at=utc_now())
    session.add(row)
    session.flush()
    return row.id


def finish_upload(session: Session, upload_id: int, status: str, case_id: int | None, decision: str | None,
                  error: str | None) -> None:
    """Record what screening an upload gave."""
    session.execute(update(WebUpload).where(WebUpload.id == upload_id).values(
        status=status, case_id=case_id, decision=decision, error=error))


def uploads(session: Session, *, user_id: int | None = None, job: str | None = None,
            case_id: int | None = None, limit: int = 200) -> list[Upload]:
    """Uploads, newest first, of one person, one job or one case."""
    query = select(WebUpload).order_by(WebUpload.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(WebUpload.user_id == user_id)
    if job is not None:
        query = query.where(WebUpload.job == job)
    if case_id is not None:
        query = query.where(WebUpload.case_id == case_id)
    return [_upload(r) for r in session.scalars(query)]


def cases_of_run(session: Session, run_key: str) -> dict[str, int | None]:
    """Path -> case id of every document a run screened or project it assessed (None for failed ones)."""
    from reports.store.models import ProjectAssessmentRow, Run, Screening

    found: dict[str, int | None] = {}
    for table in (Screening, ProjectAssessmentRow):
        rows = session.execute(
            select(table.path, table.case_id).join(Run, Run.id == table.run_id).where(Run.run_key == run_key))
        found.update({path: case_id for path, case_id in rows})
    return found
