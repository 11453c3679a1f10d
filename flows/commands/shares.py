"""``exportscreen shares``: cloud-share exports (``formats``, ``scan``, ``schedule``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click
import polars as pl

from extractors.shares import formats as share_formats
from flows.commands.units import resolve_units, unit_options
from flows.errors import EXIT_FAILED_INPUTS, EXIT_OK, EXIT_REVIEW

SCAN_EPILOG = """\b
Exit codes of 'scan' (the same rule as every command: 3 outranks 1):
  0  no grant needs review and nothing was quarantined
  1  at least one grant needs review (sanctions_review, licence_review,
     unknown_recipient or content_not_screened) and nothing was quarantined
  3  a file or row was quarantined (see 'quarantined'): the scan is incomplete,
     whether or not grants need review (the summary says how many do)
  4  could not run (country data, item lists or database)
"""


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


@shares.command("scan", epilog=SCAN_EPILOG)
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--people", "people", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="People register (CSV or JSON: email, citizenships, organisation_type, in_norway).")
@click.option("--content", "content", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Local mirror of the shared folders; matched files are screened (or their stored result reused).")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True,
              help="Readable summary, or the JSON contract (grants, quarantined, summary).")
@click.option("--database", default=None, help="Results store URL (default: $EXPORTSCREEN_DATABASE_URL or the "
              "SQLite file in the data folder).")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Record grant observations and cases in the results store.")
@click.option("--limit", default=50, show_default=True, help="Terminal only: grants needing review to list.")
@unit_options
def scan(exports: tuple[Path, ...], people: Path, content: Path | None, fmt: str, database: str | None,
         store: bool, limit: int, unit: str | None, unit_map: Path | None) -> None:
    """Decide every access grant in share EXPORTS (any supported format, detected from content).

    Each grant gets sanctions_review, licence_review, unknown_recipient, content_not_screened,
    exempt or no_licence_required, with the rule that fired and its facts. The grantor is named
    as the exporter. Unreadable files and rows are quarantined with their reason, the rest is
    scanned. Scanning the same export again adds nothing to the store; a revocation closes the
    grant's open case.
    """
    from flows.shares import scan_exports

    units = resolve_units(unit, unit_map)
    outcome = scan_exports(list(exports), people, content, database, store, units=units)
    if fmt == "json":
        # Written grant by grant: a million grants never become a million dicts at once.
        document = scan_json(outcome, with_grants=False)
        write_json_streaming(document, grant_chunks(outcome), sys.stdout)
    else:
        document = scan_json(outcome, with_grants=False)
        review = outcome.decided.lazy().with_row_index("_row").filter(pl.col("needs_review")).head(limit).collect()
        new = None if outcome.stored is None else review["_row"].cast(pl.Int64).is_in(
            outcome.stored.new_rows.cast(pl.Int64).implode())
        document["grants"] = _grant_rows(review.drop("_row"), new)
        _terminal(document, limit)
    outcome.close()
    sys.exit(exit_code(document))


#: Grants turned into JSON objects at a time (bounded memory however large the export).
GRANT_CHUNK = 20_000


def grant_chunks(outcome: Any) -> Iterator[list[dict[str, Any]]]:
    """The JSON objects of every grant, in order, a chunk at a time (read from the scan's spool)."""
    from extractors.shares.spool import sliced

    stored, offset = outcome.stored, 0
    for chunk in sliced(outcome.decided, GRANT_CHUNK):
        # The decided grants are the store's first observations: row n of them is observation n.
        yield _grant_rows(chunk, stored.is_new(offset, chunk.height) if stored is not None else None)
        offset += chunk.height


def write_json_streaming(document: dict[str, Any], chunks: Iterable[list[dict[str, Any]]], out: TextIO) -> None:
    """Write ``document`` with its ``grants`` list filled from ``chunks``, as ``json.dumps(..., indent=2)`` would."""
    def dumps(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)

    out.write('{\n  "grants": [')
    first = True
    for chunk in chunks:
        for row in chunk:
            out.write(("\n" if first else ",\n") + "\n".join("    " + line for line in dumps(row).splitlines()))
            first = False
    out.write("\n  ]" if not first else "]")
    for key, value in document.items():
        if key == "grants":
            continue
        nested = "\n".join(("  " + line) if i else line for i, line in enumerate(dumps(value).splitlines()))
        out.write(f",\n  {json.dumps(key)}: {nested}")
    out.write("\n}\n")


def exit_code(document: dict[str, Any]) -> int:
    """3 when something was quarantined (the scan is incomplete), else 1 when a grant needs review, else 0."""
    if document["quarantined"]:
        return EXIT_FAILED_INPUTS
    return EXIT_REVIEW if document["summary"]["needs_review"] else EXIT_OK


def _grant_rows(grants: pl.DataFrame, new: pl.Series | None) -> list[dict[str, Any]]:
    """The JSON objects of ``grants``; ``new``: is each one's observation new in the store (None: not stored)."""
    frame = grants.with_columns(
        object=pl.struct(id="object_id", path="object_path", name="object_name"),
        findings=pl.col("findings").list.eval(pl.struct(
            code=pl.element().struct.field("code"), list=pl.element().struct.field("list"),
            entry_code=pl.element().struct.field("entry_code"), level=pl.element().struct.field("level"))),
        event_time=pl.col("event_time").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        revoked_at=pl.col("revoked_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        new=new if new is not None else pl.lit(None, dtype=pl.Boolean),
    )
    keep = ["grant_uid", "grant_key", "source_system", "source_format", "source_file", "source_row", "object",
            "grantor", "grantor_basis", "exporter", "grantee", "grantee_kind", "permission", "link_scope", "action",
            "event_time", "decision", "rule", "needs_review", "reasons", "findings", "revoked", "revoked_at", "new"]
    return frame.select(keep).to_dicts()


def scan_json(outcome: Any, with_grants: bool = True) -> dict[str, Any]:
    """The JSON contract of ``shares scan`` for a ``reports.shares.ScanOutcome``.

    With ``with_grants=False`` the ``grants`` list is left empty (the caller streams or samples it).
    """
    stored = outcome.stored
    tally = outcome.tally()
    summary: dict[str, Any] = {
        "grants": tally["grants"],
        "by_decision": tally["by_decision"],
        "needs_review": tally["needs_review"],
        "revocations": tally["revocations"],
        "quarantined": len(outcome.quarantined),
        "quarantined_files": len({q.file for q in outcome.quarantined if q.row is None}),
        "quarantined_rows": sum(1 for q in outcome.quarantined if q.row is not None),
        "ignored": [{"file": i.file, "what": i.what, "count": i.count} for i in outcome.ignored],
        "countries_version": outcome.countries_version,
        "countries_review_due": outcome.countries_review_due,
        "scan_key": outcome.scan_key,
        "notices": outcome.notices,
    }
    if stored is not None:
        summary["store"] = {"new_observations": stored.new_observations, "already_stored": stored.already_stored,
                            "cases_opened": stored.cases_opened, "cases_closed": stored.cases_closed}
    return {
        "grants": _grant_rows(outcome.grants, stored.is_new(0, tally["grants"]) if stored is not None else None)
        if with_grants else [],
        "quarantined": [{"file": q.file, "row": q.row, "reason": q.reason} for q in outcome.quarantined],
        "summary": summary,
    }


def _terminal(document: dict[str, Any], limit: int) -> None:
    from reports.i18n import _, ngettext, outcome_name

    summary = document["summary"]
    counts = ", ".join(f"{outcome_name(k)} {v}" for k, v in summary["by_decision"].items()) or _("none")
    click.echo(ngettext("{n} grant", "{n} grants", summary["grants"]).format(n=summary["grants"]) + f": {counts}")
    click.echo(_("{review} need review; {revocations} revocations; {quarantined} quarantined; country groups "
                 "{version}").format(review=summary["needs_review"], revocations=summary["revocations"],
                                     quarantined=summary["quarantined"], version=summary["countries_version"])
               + (" " + _("(periodic review overdue: check the sanctions table)")
                  if summary["countries_review_due"] else ""))
    if "store" in summary:
        s = summary["store"]
        click.echo(_("store: {new} new observations ({old} already stored), {opened} cases opened, {closed} closed")
                   .format(new=s["new_observations"], old=s["already_stored"], opened=s["cases_opened"],
                           closed=s["cases_closed"]))
    review = document["grants"]  # the grants needing review, at most --limit (scan builds only those)
    for g in review[:limit]:
        obj = g["object"]["name"] or g["object"]["path"] or g["object"]["id"]
        exporter = _("exporter: {who}").format(who=g["exporter"] or _("unknown"))
        click.echo(f"\n{outcome_name(g['decision'])} ({g['decision']}): {g['grantee'] or g['grantee_kind']} <- {obj} "
                   f"({exporter}; {g['source_format']})")
        for reason in g["reasons"]:
            click.echo(f"  - {reason}")
    if summary["needs_review"] > limit:
        click.echo("\n" + _("... and {n} more (use --format json for all)").format(n=summary["needs_review"] - limit))
    for notice in summary["notices"]:
        click.echo(f"notice: {notice}", err=True)
    for q in document["quarantined"]:
        where = f"{q['file']}" + (f" row {q['row']}" if q["row"] is not None else "")
        click.echo(f"quarantined: {where}: {q['reason']}", err=True)


@shares.command("schedule")
@click.option("--folder", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder where new export files are dropped.")
@click.option("--people", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="People register (CSV or JSON).")
@click.option("--content", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Local mirror of the shared folders.")
@click.option("--cron", default="0 2 * * *", show_default=True, help="When to scan (cron, server time zone).")
@click.option("--database", default=None, help="Results store URL (default: the configured store).")
@click.option("--apply-only", is_flag=True, help="Register the deployment with the Prefect API and exit "
              "(run it with a worker); default: serve it in this process until stopped.")
def schedule(folder: Path, people: Path, content: Path | None, cron: str, database: str | None,
             apply_only: bool) -> None:
    """Create the nightly deployment 'scan_share_exports/nightly-share-scan'.

    Every run scans only export files in FOLDER that no earlier scan processed (remembered by
    sha256 in the results store). By default the command serves the deployment (no work pool
    needed) and keeps running; stop it with Ctrl-C. With --apply-only it registers the
    deployment with the Prefect server in PREFECT_API_URL and exits.
    """
    from flows.commands.scheduling import schedule as schedule_deployment
    from flows.prefect_flows import make_deployment

    schedule_deployment(lambda: make_deployment(str(folder), str(people), str(content) if content else None, cron,
                                                database), cron, "0 2 * * *", apply_only)


@shares.command("cases")
@click.option("--database", metavar="URL", default=None, help="Results store URL (default: the configured store).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def cases(database: str | None, fmt: str) -> None:
    """The open grant cases, oldest first (decide them with 'shares decide' or on the desk)."""
    from flows.settings import database_url
    from reports.i18n import outcome_name
    from reports.store import open_store
    from reports.store.grant_cases import open_share_cases

    with open_store(database_url(database)) as store, store.reading() as session:
        found = open_share_cases(session)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False, default=str))
        return
    if not found:
        click.echo("no open share cases")
        return
    for c in found:
        what = c["object_name"] or c["object_path"] or "-"
        click.echo(f"{c['id']:>6}  {outcome_name(str(c['decision']))}: {c['grantee'] or c['grantee_kind']} <- {what} "
                   f"({c['source_system']}, opened {str(c['opened_at'])[:10]})")


@shares.command("decide")
@click.argument("case_id", type=int)
@click.option("--outcome", required=True, help="The decision; it closes the case.",
              type=click.Choice(["cleared", "licence_required", "licence_applied", "access_removed"]))
@click.option("--reason", required=True, help="Why (recorded in the audit log).")
@click.option("--reviewer", required=True, help="Who decides.")
@click.option("--database", metavar="URL", default=None, help="Results store URL (default: the configured store).")
def decide(case_id: int, outcome: str, reason: str, reviewer: str, database: str | None) -> None:
    """Decide an open grant case (the same call as the desk's; checked against the reviewers register)."""
    from flows.commands.review import _accounts, _reviewers
    from flows.settings import database_url
    from reports.store import open_store
    from reports.store.grant_cases import decide_share_case

    if not reason.strip() or not reviewer.strip():
        raise click.UsageError("--reason and --reviewer must not be empty: the audit log records who decided and why")
    register = _reviewers()
    with open_store(database_url(database)) as store:
        register = register or _accounts(store)
        with store.transaction() as (session, audit):
            closed = decide_share_case(session, audit, case_id, outcome, reason, reviewer.strip(), register)
    click.echo(f"share case {case_id} closed: {closed}")
