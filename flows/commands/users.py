"""``exportscreen users``: the desk's local accounts (add, list, set) and their roles.

The accounts are kept in the results store; adding and changing one is written to the audit
log. The desk's decisions are checked against them (reports.store.roles); the command line's
``review decide`` uses ``reviewers.csv`` when that file exists, else these accounts.
"""

from __future__ import annotations

import getpass
import sys

import click

from flows.commands.review import DB_HELP, _store
from reports.store.roles import ROLES


def _actor() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "command line"


def _password(from_stdin: bool, confirm: bool = True) -> str:
    from flows.web.passwords import MIN_LENGTH, WeakPasswordError, hash_password

    if from_stdin:
        given = sys.stdin.readline().rstrip("\n")
    else:
        given = click.prompt(f"Password (at least {MIN_LENGTH} characters)", hide_input=True,
                             confirmation_prompt=confirm)
    try:
        return hash_password(given)
    except WeakPasswordError as exc:
        raise click.UsageError(str(exc)) from None


@click.group("users")
@click.option("--database", metavar="URL", default=None, help=DB_HELP)
def users(database: str | None) -> None:
    """The desk's accounts: who may sign in to `exportscreen serve`, and with which role."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the person may do.")
@click.option("--lang", type=click.Choice(["en", "nb"]), default="nb", show_default=True, help="Language of the desk.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--no-password", is_flag=True,
              help="No password: the person signs in only through a trusted reverse proxy (serve --trust-header).")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, lang: str, password_stdin: bool, no_password: bool) -> None:
    """Add an account (asks for its password unless --password-stdin or --no-password)."""
    from reports.store.accounts import add_account

    hashed = None if no_password else _password(password_stdin)
    with _store(ctx) as store, store.transaction() as (session, audit):
        account = add_account(session, audit, name, role, hashed, lang, _actor())
    click.echo(f"account {account.name!r} added as {account.role}")


@users.command("list")
@click.pass_context
def list_accounts(ctx: click.Context) -> None:
    """Every account with its role, language and state (never a password)."""
    from reports.store.accounts import accounts

    with _store(ctx) as store, store.reading() as session:
        found = accounts(session)
    if not found:
        click.echo("no accounts; add one with 'exportscreen users add NAME --role admin'")
        return
    for a in found:
        state = "active" if a.active else "inactive"
        sign_in = "password" if a.has_password else "proxy only"
        click.echo(f"{a.name:<24} {a.role:<17} {a.lang:<3} {state:<9} {sign_in}")


@users.command("set")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default=None)
@click.option("--lang", type=click.Choice(["en", "nb"]), default=None)
@click.option("--active/--inactive", default=None, help="An inactive account cannot sign in (its history stays).")
@click.option("--password", "new_password", is_flag=True, help="Set a new password (asked for; signs out everywhere).")
@click.option("--password-stdin", is_flag=True, help="With --password: read it from standard input.")
@click.pass_context
def set_account(ctx: click.Context, name: str, role: str | None, lang: str | None, active: bool | None,
                new_password: bool, password_stdin: bool) -> None:
    """Change an account's role, language, state or password."""
    from reports.store.accounts import change_account

    hashed = _password(password_stdin) if new_password else None
    with _store(ctx) as store, store.transaction() as (session, audit):
        account = change_account(session, audit, name, _actor(), role=role, lang=lang, active=active,
                                 password_hash=hashed)
    click.echo(f"account {account.name!r}: {account.role}, {account.lang}, "
               f"{'active' if account.active else 'inactive'}")
