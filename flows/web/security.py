"""The desk's defences: who is signed in, CSRF tokens, response headers, what an upload really is.

- **Sign-in.** A session is a random 256-bit token in an ``HttpOnly``, ``SameSite=Strict`` cookie
  (``Secure`` unless turned off); the store keeps only its sha256 (reports.store.accounts). With
  ``--trust-header NAME`` a reverse proxy that signed the person in names them in that header; the
  name must be an active account, and its role comes from the account, never from the request.
- **CSRF.** Every form carries the session's token; a POST without it, or with another, is
  refused (403), as is one whose ``Origin`` is not this site. The sign-in form, before a session
  exists, uses a token in a short-lived cookie (double submit).
- **Headers.** A CSP that allows nothing but this site's style sheet and forms, no framing, no
  referrer to other sites, no MIME sniffing, no caching of pages.
- **Uploads.** The browser's file name is shown (escaped), never used as a path: files are saved
  under names made here, and what a file is comes from its content (the same detection as the
  command line), not its name or the browser's content type.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request
from starlette.responses import Response

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    """A random session or CSRF token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


def same_origin(request: Request) -> bool:
    """False when the request says it comes from another site (``Origin`` or ``Referer``)."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return source != "null"
    host = request.headers.get("host", "")
    return urlsplit(source).netloc == host


def harden(response: Response) -> Response:
    """Add the security headers to a response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def set_cookie(response: Response, name: str, value: str, *, secure: bool, max_age: int | None) -> None:
    """An HttpOnly, SameSite=Strict cookie for the whole site."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/")
