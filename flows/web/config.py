"""How the desk runs: where it keeps uploads, which store, sign-in and upload limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Bytes of one uploaded file (a manuscript PDF with figures is rarely above 50 MB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Files in one upload.
MAX_FILES = 20
SESSION_HOURS = 10.0
COOKIE = "exportscreen_session"
LOGIN_COOKIE = "exportscreen_login"


@dataclass(frozen=True, slots=True)
class DeskConfig:
    """The desk's settings (flows.commands.serve builds them from the options and the environment).

    Attributes:
        database_url: The results store; the same as the command line's.
        upload_dir: Where uploaded files are saved, one folder per upload job; names are made
            here, never taken from the browser.
        trust_header: A request header (e.g. ``X-Remote-User``) set by a reverse proxy that has
            signed the person in (Feide, SAML); None (the default) trusts no header.
        secure_cookies: Mark the session cookie ``Secure`` (sent over HTTPS only) on plain HTTP to
            a non-loopback address too (off with ``serve --http-cookies``); over HTTPS it is always
            ``Secure``, on http://127.0.0.1 never.
        max_upload_bytes: Largest file accepted.
        max_files: Most files in one upload.
        max_pages: Page limit of a PDF, as ``screen --max-pages``.
        runner: ``local`` or ``prefect`` (flows.runner): how uploads are screened.
    """

    database_url: str
    upload_dir: Path
    trust_header: str | None = None
    secure_cookies: bool = True
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_files: int = MAX_FILES
    max_pages: int = 400
    runner: str = "local"
    session_hours: float = SESSION_HOURS
