"""``exportscreen itemlists``: inspect, search, import, diff and validate the item lists.

Library errors (``itemlists.errors``) propagate to ``flows.cli``, which prints them as one
``Error:`` line and exits with code 4.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import click
import polars as pl

from flows.settings import itemlists_root, list_store
from itemlists.errors import ListValidationError, ProvisionNotFoundError
from itemlists.types import ListManifest

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _notice(m: ListManifest) -> str:
    lines = [f"{m.label}: {m.title}. Source: {m.source_file} (sha256 {m.source_sha256[:12]}...).",
             m.attribution]
    if m.provisional:
        lines.append(f"PROVISIONAL: {m.provenance}")
    return "\n".join(lines)


@click.group("itemlists", invoke_without_command=True)
@FORMAT
@click.pass_context
def itemlists(ctx: click.Context, fmt: str) -> None:
    """Installed item lists: versions, sources and entry counts (sub-commands below)."""
    if ctx.invoked_subcommand is not None:
        return
    store = list_store()
    current = store.installed()
    rows = [
        {**m.model_dump(), "label": m.label, "current": m.version == current[m.list].version}
        for list_id in current
        for m in store.versions(list_id)
    ]
    if fmt == "json":
        _echo_json(rows)
        return
    from reports.i18n import _

    for row in rows:
        mark = "*" if row["current"] else " "
        flag = f" ({_('provisional')})" if row["provisional"] else ""
        click.echo(f"{mark} {row['label']:<28} {row['entry_count']:>4} {_('entries')} "
                   f"{row['provision_count']:>5} {_('provisions')}  {row['source_file']}{flag}")
    click.echo(_("* = current version. Only the Official Journal / Lovdata texts are authentic."))


@itemlists.command("show")
@click.argument("code")
@click.option("--list", "list_id", default=None, help="List id (I, II, III); default: all.")
@click.option("--version", default=None, help="Version label; default: current.")
@FORMAT
def show(code: str, list_id: str | None, version: str | None, fmt: str) -> None:
    """Show the provision CODE with its ancestors, sub-items and notes."""
    store = list_store()
    lists = [list_id] if list_id else list(store.installed())
    for lid in lists:
        frame = store.provisions(lid, version)
        if frame.filter(pl.col("code") == code).height:
            _show(store.manifest(lid, version), frame, code, fmt)
            return
    labels = ", ".join(store.manifest(lid, version).label for lid in lists)
    raise ProvisionNotFoundError(
        f"code {code!r} is not in {labels}; try 'exportscreen itemlists search WORDS'"
    )


def _tree(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    ancestors = [code]
    while "." in ancestors[-1]:
        ancestors.append(ancestors[-1].rsplit(".", 1)[0])
    inside = pl.col("code").is_in(ancestors) | pl.col("code").str.starts_with(code + ".")
    return frame.filter(inside)


def _show(m: ListManifest, frame: pl.DataFrame, code: str, fmt: str) -> None:
    tree = _tree(frame, code)
    if fmt == "json":
        _echo_json({"list": m.model_dump(), "code": code, "provisions": tree.to_dicts()})
        return
    for row in tree.iter_rows(named=True):
        pad = "  " * row["depth"]
        mark = ">" if row["code"] == code else " "
        click.echo(f"{mark}{pad}{row['code']}  {row['text']}")
        for note in row["notes"]:
            click.echo(f" {pad}    [{note}]")
    click.echo("")
    click.echo(_notice(m))


@itemlists.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@FORMAT
def search_cmd(query: tuple[str, ...], limit: int, fmt: str) -> None:
    """Ranked fuzzy search of QUERY (English or Norwegian) over all installed lists."""
    from extractors.text.normalise import normalise
    from itemlists.search import english_query, search

    store = list_store()
    text = " ".join(query)
    results = search(store, text, limit)
    if fmt == "json":
        _echo_json(results.to_dicts())
        return
    from reports.i18n import _

    if english_query(text) != normalise(text):
        click.echo(_("Searched as: {query} (the lists are in English)").format(query=repr(english_query(text))))
    for row in results.iter_rows(named=True):
        click.echo(f"{row['score']:.3f}  {row['list']}@{row['version']}  {row['code']:<16} "
                   f"{row['text'][:90]}")
    if not results.height:
        click.echo(_("No provision matches."))


def _known_source_format(name: str | None) -> str | None:
    """A usage error (exit 2) for a format the registry does not know; the registry loads only then."""
    if name is None:
        return None
    from itemlists.sources import SOURCE_FORMATS

    if name not in SOURCE_FORMATS:
        raise click.BadParameter(f"unknown source format {name!r}; known: {', '.join(sorted(SOURCE_FORMATS))}")
    return name


@itemlists.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--list", "list_id", required=True, type=click.Choice(["I", "II", "III"]))
@click.option("--version", default=None, help="Version label (default: from the file).")
@click.option(
    "--source-format", default=None, callback=lambda _ctx, _param, value: _known_source_format(value),
    help="Source format name (itemlists.sources.SOURCE_FORMATS); default: detected from the file.",
)
@FORMAT
def import_cmd(file: Path, list_id: str, version: str | None, source_format: str | None, fmt: str) -> None:
    """Validate FILE (JSON provisions, or an official List I or II PDF) and install it as current."""
    from itemlists.install.importing import import_list

    manifest = import_list(file, list_id, version, root=itemlists_root(), source_format=source_format)
    if fmt == "json":
        _echo_json(manifest.model_dump())
        return
    click.echo(f"Installed {manifest.label}: {manifest.provision_count} provisions, "
               f"{manifest.entry_count} entries (now current).")


@itemlists.command("diff")
@click.argument("old")
@click.argument("new")
@FORMAT
def diff_cmd(old: str, new: str, fmt: str) -> None:
    """Differences between two versions, e.g. ``diff II@2021 II@2025`` (a unique prefix of a version will do)."""
    from itemlists.install.diff import diff, summary

    store = list_store()
    (old_list, old_version), (new_list, new_version) = store.resolve_label(old), store.resolve_label(new)
    old, new = f"{old_list}@{old_version or 'current'}", f"{new_list}@{new_version or 'current'}"
    before, after = store.provisions(old_list, old_version), store.provisions(new_list, new_version)
    entries, provisions = diff(before, after, level="entry"), diff(before, after)
    if fmt == "json":
        _echo_json({"old": old, "new": new, "entries": entries.to_dicts(),
                    "entry_summary": summary(entries), "provision_summary": summary(provisions),
                    "provisions": provisions.to_dicts()})
        return
    from reports.i18n import _

    counts = {_("entries"): summary(entries), _("provisions"): summary(provisions)}
    words = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    click.echo(f"{old} -> {new}\n")
    click.echo(f"{'':<12}" + "".join(f"{words[k]:>10}" for k in words))
    for what, count in counts.items():
        click.echo(f"{what:<12}" + "".join(f"{count.get(k, 0):>10}" for k in words))
    for change in ("added", "removed"):
        codes = entries.filter(pl.col("change") == change)["code"].to_list()
        title = _("Entries added ({n}):") if change == "added" else _("Entries removed ({n}):")
        click.echo("\n" + title.format(n=len(codes)))
        click.echo(textwrap.fill(" ".join(codes), width=96, initial_indent="  ", subsequent_indent="  ") or "  -")
    click.echo("\n" + _("Each change, provision by provision: --format json."))


@itemlists.command("validate")
@FORMAT
def validate_cmd(fmt: str) -> None:
    """Check every installed version (hashes, counts, codes, parents); exit 4 on a problem."""
    from itemlists.install.validate import validate_version_dir

    store = list_store()
    report = {m.label: validate_version_dir(store.directory(m.list, m.version))
              for list_id in store.installed() for m in store.versions(list_id)}
    if fmt == "json":
        _echo_json(report)
    else:
        for label, problems in report.items():
            click.echo(f"{label}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
            for problem in problems:
                click.echo(f"  - {problem}")
    problems = [f"{label}: {p}" for label, ps in report.items() for p in ps]
    if problems:
        raise ListValidationError(problems)
