"""``exportscreen shares``: cloud-share exports (only ``formats`` here; ``scan`` is wired elsewhere)."""

from __future__ import annotations

import json

import click

from extractors.shares import formats as share_formats


@click.group("shares")
def shares() -> None:
    """Scan cloud-share access grants (exports of Microsoft 365, Google, Box, Dropbox, Nextcloud)."""


@shares.command("formats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output as readable text or as JSON.")
def formats(fmt: str) -> None:
    """List the supported export formats, how to export each, and the fields each needs."""
    items = share_formats()
    if fmt == "json":
        click.echo(json.dumps({"formats": items}, indent=2, ensure_ascii=False))
        return
    for item in items:
        click.echo(f"{item['name']}  ({item['platform']}; {item['kind']})")
        click.echo(f"  export:   {item['how_to_export']}")
        click.echo(f"  requires: {', '.join(item['required_fields'])}")
        click.echo("")
