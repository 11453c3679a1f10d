"""``exportscreen serve``: the research office's desk in a browser (flows.web)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from flows.commands.review import DB_HELP


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 behind a reverse proxy that terminates HTTPS.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--database", metavar="URL", default=None, help=DB_HELP)
@click.option("--trust-header", metavar="HEADER", default=None,
              help="Sign people in by this header from a trusted reverse proxy (e.g. X-Remote-User after Feide or "
                   "SAML); the name must be a desk account. Off by default.")
@click.option("--max-upload-mb", type=click.IntRange(1, 2048), default=50, show_default=True,
              help="Largest file accepted.")
@click.option("--runner", type=click.Choice(["auto", "local", "prefect"]), default=None,
              help="How uploads are screened: prefect runs the screen_publications flow on the server in "
                   "PREFECT_API_URL; local (the default without one) in this process.")
@click.option("--http-cookies", is_flag=True,
              help="Let the session cookie go over plain HTTP to a non-loopback address (a trusted network only); "
                   "over HTTPS it is always Secure.")
def serve(host: str, port: int, database: str | None, trust_header: str | None, max_upload_mb: int,
          runner: str | None, http_cookies: bool) -> None:
    """Serve the desk: upload and screen, the review queue, decisions, the audit log.

    Accounts come from 'exportscreen users add NAME --role adviser'. The work runs off the
    request, one document at a time; Ctrl-C stops the server after the running document.
    """
    import uvicorn

    from flows.commands.pdf_engine import chosen_pdf_engine
    from flows.runner import choose_runner
    from flows.settings import database_url, load_settings
    from flows.web.app import create_app
    from flows.web.config import DeskConfig
    from reports.store.accounts import accounts

    url = database_url(database)
    chosen_pdf_engine(None)  # $EXPORTSCREEN_PDF_ENGINE: an engine that is not installed stops here, not in a job
    config = DeskConfig(database_url=url, upload_dir=Path(load_settings().home) / "uploads",
                        trust_header=trust_header, secure_cookies=not http_cookies,
                        max_upload_bytes=max_upload_mb * 1024 * 1024, runner=choose_runner(runner))
    app = create_app(config)
    from reports.store import open_store

    with open_store(url) as store, store.reading() as session:
        none_yet = not accounts(session)
    if none_yet:
        click.echo("No accounts yet: add one with 'exportscreen users add NAME --role admin'.", err=True)
    if not _loopback(host):
        click.echo(f"Listening on {host}: put it behind a reverse proxy with HTTPS.", err=True)
    click.echo(f"The desk is at http://{host}:{port}/ (Ctrl-C stops it).", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
