"""``exportscreen entities``: import, list and search entity lists (sanctions, military end users)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from flows.errors import EXIT_FAILED_INPUTS


def _store():  # type: ignore[no-untyped-def]
    from flows.settings import entities_root
    from itemlists.entities.store import EntityStore

    return EntityStore(entities_root())


@click.group("entities")
def entities() -> None:
    """Entity lists to check project partners against: import, list, search.

    Import the real lists yourself (they change daily): OpenSanctions' simple CSV or
    FollowTheMoney JSON lines, the EU consolidated financial-sanctions XML, or a plain
    name,country,aliases,list CSV. Each import is kept as NAME@VERSION with its sha256.
    """


@entities.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="The list's name, e.g. OS or EU-FSF.")
@click.option("--version", "version", required=True, help="Its version, e.g. the download date 2026-12-01.")
@click.option("--format", "fmt", type=click.Choice(["auto", "plain", "opensanctions-csv", "ftm", "eu-fsf"]),
              default="auto", show_default=True, help="The file's format (auto: from its first bytes).")
def import_command(file: Path, name: str, version: str, fmt: str) -> None:
    """Import FILE as entity list NAME@VERSION and make it the current version of NAME."""
    from itemlists.errors import EntityListError

    try:
        manifest, new = _store().import_file(file, name, version, None if fmt == "auto" else fmt)
    except EntityListError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED_INPUTS)
    verb = "Imported" if new else "Already imported (same file)"
    skipped = f"; {manifest.skipped} record(s) left out: {manifest.skipped_reasons}" if manifest.skipped else ""
    click.echo(f"{verb} {manifest.name}@{manifest.version} ({manifest.format}): {manifest.entities} organisation(s), "
               f"{manifest.names} name(s) and alias(es){skipped}; sha256 {manifest.source_sha256}")


@entities.command("list")
def list_command() -> None:
    """The imported entity lists: current version, format, counts, source and sha256."""
    installed = _store().installed()
    if not installed:
        click.echo("No entity list imported yet. Import one with: exportscreen entities import FILE --name NAME "
                   "--version V")
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("list", "format", "organisations", "names", "imported", "source (sha256)"):
        table.add_column(column)
    for m in installed.values():
        table.add_row(f"{m.name}@{m.version}", m.format, str(m.entities), str(m.names), m.imported_at,
                      f"{m.source_file} ({m.source_sha256[:16]}...)")
    Console(file=sys.stdout).print(table)


@entities.command("search")
@click.argument("text")
@click.option("--list", "names", multiple=True, help="Search only this list (repeat for more).")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def search_command(text: str, names: tuple[str, ...], limit: int) -> None:
    """Listed organisations whose name or alias contains TEXT or resembles it."""
    from itemlists.entities.match import alias_table, search

    store = _store()
    if not store.installed():
        click.echo("No entity list imported yet. Import one with: exportscreen entities import FILE --name NAME "
                   "--version V")
        return
    found = search(alias_table(store.frame(list(names) or None)), text, limit)
    if found.is_empty():
        click.echo(f"No listed organisation matches {text!r}.")
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("list", "entity", "matched name", "countries", "programme", "score"):
        table.add_column(column)
    for row in found.iter_rows(named=True):
        table.add_row(row["list_name"], row["entity_name"], row["alias"], ", ".join(row["countries"] or []),
                      row["list"], f"{row['score']:.2f}")
    Console(file=sys.stdout).print(table)
