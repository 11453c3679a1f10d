"""CLI groups ``review`` (the case queue and decisions) and ``audit`` (verify the log).

Library errors (unknown case, refused transition, missing reason, database from a newer
version) are raised as ``reports.errors.StoreError`` and shown by ``flows.cli.main`` as one
``Error:`` line with exit code 4. ``audit verify`` exits 4 itself when the log is broken.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from classifiers.types import DOCUMENT_OUTCOMES
from flows.errors import EXIT_CANNOT_RUN
from flows.settings import load_settings
from reports.i18n import _, level_name, outcome_name
from reports.store import CaseDetail, CaseSummary, Store, StoredFinding, open_store
from reports.store.review import FINAL, SCOPES, STATUSES
from reports.store.roles import Reviewers

DB_HELP = "Results store URL (default: $EXPORTSCREEN_DATABASE_URL or the SQLite file in the data folder)."


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    url: str | None = None
    node: click.Context | None = ctx
    while node is not None and url is None:
        url = node.params.get("database")
        node = node.parent
    with open_store(url or load_settings().database_url) as store:
        yield store


def _reviewers() -> Reviewers | None:
    """The reviewers register (reports.store.roles): $EXPORTSCREEN_REVIEWERS, else reviewers.csv in the data folder."""
    import os

    from reports.store.roles import RegisterError, load_reviewers

    given = os.environ.get("EXPORTSCREEN_REVIEWERS")
    path = Path(given).expanduser() if given else load_settings().home / "reviewers.csv"
    if given and not path.is_file():
        raise click.UsageError(f"EXPORTSCREEN_REVIEWERS={given}: no such file; give a CSV 'name,role'")
    try:
        return load_reviewers(path)
    except RegisterError as exc:
        raise click.UsageError(str(exc)) from None


def _accounts(store: Store) -> Reviewers | None:
    """Without a reviewers file, the desk's accounts (exportscreen users) are the register, if there are any."""
    from reports.store.accounts import reviewers_from_accounts

    with store.reading() as session:
        return reviewers_from_accounts(session)


def _iso_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param=param) from None


def _required_text(_ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A reason or reviewer must say something: an empty one is a usage error (exit 2)."""
    if not value or not value.strip():
        raise click.BadParameter("must not be empty: the audit log records who decided and why", param=param)
    return value.strip()


@click.group()
@click.option("--database", metavar="URL", default=None, help=DB_HELP)
def review(database: str | None) -> None:
    """Review cases: the queue, one case's evidence and history, decisions, suppressions."""


@review.command("list")
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default="open", show_default=True,
              help="Cases in this state ('all' for every case).")
@click.option("--outcome", type=click.Choice(list(DOCUMENT_OUTCOMES)), default=None,
              help="Only cases whose screening outcome is this.")
@click.option("--unit", default=None, metavar="NAME",
              help="Only cases opened by a run of this unit (--unit of screen).")
@click.option("--since", default=None, metavar="YYYY-MM-DD", callback=_iso_date, help="Opened on or after this day.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", callback=_iso_date, help="Opened on or before this day.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N cases.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True, help="csv goes to stdout or --out; xlsx needs --out.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for csv or xlsx.")
@click.pass_context
def list_cases(ctx: click.Context, status: str, outcome: str | None, unit: str | None, since: str | None,
               until: str | None, limit: int | None, fmt: str, out_file: Path | None) -> None:
    """The review queue, most severe first.

    Order: the screening outcome (blocked_classified, review_required, case_by_case,
    catch_all_review, then the rest), then the highest score, then the oldest.
    """
    if fmt == "xlsx" and out_file is None:
        raise click.UsageError("--format xlsx writes a file; give --out FILE.xlsx")
    with _store(ctx) as store:
        cases = store.list_cases(None if status == "all" else status, limit, unit=unit, since=since, until=until,
                                 outcome=outcome)
    if fmt == "json":
        click.echo(json.dumps([asdict(c) for c in cases], indent=2, ensure_ascii=False))
        return
    if fmt in ("csv", "xlsx"):
        _export(cases, fmt, out_file)
        return
    if not cases:
        filtered = unit or since or until or outcome
        click.echo((_("No cases with status {status} and these filters.") if filtered else
                    _("No cases with status {status}.")).format(status=status))
        return
    for line in queue_table(cases):
        click.echo(line)


def queue_table(cases: list[CaseSummary]) -> Iterator[str]:
    """The review queue as aligned text lines, with a header, in the run's language (codes in JSON/CSV)."""
    from rich.cells import cell_len

    rows = [(str(c.id), outcome_name(c.status), f"{c.top_score:.2f}", str(c.flags), outcome_name(c.decision),
             c.created_at[:10], c.path) for c in cases]
    header = (_("ID"), _("Status"), _("Score"), _("Flags"), _("Screening outcome"), _("Opened"), _("Path"))
    widths = [max(cell_len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    right = {0, 2, 3}
    for row in [header, *rows]:
        cells = [(" " * (w - cell_len(v)) + v) if i in right else v + " " * (w - cell_len(v))
                 for i, (v, w) in enumerate(zip(row, widths, strict=False))]
        yield "  ".join([*cells, row[-1]])


#: Columns of the csv/xlsx export of the review queue.
EXPORT_COLUMNS = ("id", "status", "decision", "top_score", "flags", "findings", "unit", "created_at", "updated_at",
                  "path", "sha256")


def _export(cases: list[CaseSummary], fmt: str, out_file: Path | None) -> None:
    import polars as pl

    frame = pl.DataFrame([{k: getattr(c, k) for k in EXPORT_COLUMNS} for c in cases],
                         schema={k: (pl.Int64 if k in ("id", "flags", "findings") else pl.Float64 if k == "top_score"
                                     else pl.String) for k in EXPORT_COLUMNS})
    if fmt == "csv":
        if out_file is None:
            click.echo(frame.write_csv(), nl=False)
            return
        frame.write_csv(out_file)
    else:
        assert out_file is not None
        frame.write_excel(out_file, worksheet="review queue", autofit=True)
    click.echo(f"{frame.height} case(s) written to {out_file}", err=True)


@review.command("show")
@click.argument("case_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for the html page (stdout without it).")
@click.pass_context
def show(ctx: click.Context, case_id: int, fmt: str, out_file: Path | None) -> None:
    """Show one case: findings with evidence, thresholds, suppressions, review status and history."""
    with _store(ctx) as store:
        detail = store.case(case_id)
    if fmt == "json":
        click.echo(json.dumps(asdict(detail), indent=2, ensure_ascii=False, default=str))
        return
    if fmt == "html":
        from reports.render.case_html import render_case_html
        from reports.render.json_report import write_text_atomically

        page = render_case_html(detail)
        if out_file is None:
            click.echo(page, nl=False)
        else:
            write_text_atomically(out_file, page)
            click.echo(_("Case {n} written to {path}").format(n=case_id, path=out_file), err=True)
        return
    for line in _describe(detail):
        click.echo(line)


def _describe(detail: CaseDetail) -> Iterator[str]:
    s: CaseSummary = detail.summary
    lists = ", ".join(_("List {label}").format(label=f"{k}@{v}") for k, v in sorted(s.itemlist_versions.items()))
    yield _("Case {n}: {path}  [{status}]").format(n=s.id, path=s.path, status=outcome_name(s.status))
    yield "  " + _("screening outcome: {outcome} ({code}); top score {score}; lists: {lists}").format(
        outcome=outcome_name(s.decision), code=s.decision, score=f"{s.top_score:.2f}", lists=lists)
    yield "  " + _("content sha256: {sha}").format(sha=s.sha256)
    if s.previous_case_id is not None:
        yield "  " + _("follows case {n}").format(n=s.previous_case_id)
    yield "  " + _("checked: {what}").format(what=detail.checked)
    yield from ("  " + _("reason: {reason}").format(reason=r) for r in detail.reasons)
    yield _("Findings ({n}):").format(n=len(detail.findings))
    for item in detail.findings:
        yield from _describe_finding(item)
    yield _("History:")
    for e in detail.history:
        to = outcome_name(e.to_status)
        move = to if e.from_status is None else f"{outcome_name(e.from_status)} -> {to}"
        yield "  " + _("{at}  {kind} {move} by {reviewer}: {reason}").format(
            at=e.at, kind=f"{e.kind:<11}", move=f"{move:<28}", reviewer=e.reviewer, reason=e.reason)


def _describe_finding(item: StoredFinding) -> Iterator[str]:
    f = item.finding
    mark = f"  {_('SUPPRESSED')} ({item.suppressed_by.describe()})" if item.suppressed_by else ""
    # rule findings (markings, project areas) have no list
    where = ", " + _("List {label}").format(label=f"{f.list}@{f.list_version}") if f.list else ""
    yield "  - " + _("{code} [{level}, score {score}, rule {rule}{where}]").format(
        code=f.code, level=level_name(f.level), score=f"{f.score:.2f}", rule=f.rule, where=where) + mark
    yield "    " + _("provision: {text}").format(text=f.provision_text)
    if f.explanation:
        yield "    " + _("why: {text}").format(text=f.explanation)
    for e in f.evidence:
        page = "-" if e.page is None else e.page
        yield "    " + _("evidence p.{page}: {matched} ~ {term} ({similarity}): {text}").format(
            page=page, matched=repr(e.matched), term=repr(e.term), similarity=f"{e.similarity:.2f}", text=e.text)
    yield from ("    " + _("threshold: {text}").format(text=t.describe()) for t in f.thresholds)


@review.command("decide")
@click.argument("case_id", type=int)
@click.option("--outcome", required=True, type=click.Choice(["in_review", *FINAL]), help="New state.")
@click.option("--reason", required=True, callback=_required_text, help="Why (recorded in the audit log).")
@click.option("--reviewer", required=True, callback=_required_text, help="Who decides.")
@click.pass_context
def decide(ctx: click.Context, case_id: int, outcome: str, reason: str, reviewer: str) -> None:
    """Record a decision on a case (open -> in_review -> cleared | licence_required | ...)."""
    reviewers = _reviewers()
    with _store(ctx) as store:
        event = store.decide(case_id, outcome, reason, reviewer, reviewers or _accounts(store))
    click.echo(_("case {n}: {before} -> {after} by {reviewer}").format(
        n=case_id, before=outcome_name(event.from_status or ""), after=outcome_name(event.to_status),
        reviewer=event.reviewer))


@review.command("suppress")
@click.argument("case_id", type=int)
@click.option("--code", required=True, help="Provision code of the finding, e.g. 6A005.b.6.b.")
@click.option("--term", required=True, help="The list term of the finding, e.g. 'fibre laser'.")
@click.option("--scope", type=click.Choice(list(SCOPES)), default="document", show_default=True,
              help="False positive for this document only, or for all documents.")
@click.option("--reason", required=True, callback=_required_text, help="Why it is a false positive.")
@click.option("--reviewer", required=True, callback=_required_text, help="Who decides.")
@click.pass_context
def suppress(ctx: click.Context, case_id: int, code: str, term: str, scope: str, reason: str, reviewer: str) -> None:
    """Mark a finding (term -> provision) as a false positive; it stays visible, marked."""
    reviewers = _reviewers()
    with _store(ctx) as store:
        rule = store.suppress(case_id, code, term, scope=scope, reason=reason, reviewer=reviewer,
                              reviewers=reviewers or _accounts(store))
    click.echo(f"suppression {rule.id}: {term!r} -> {code} {rule.describe()}")


@click.group()
@click.option("--database", metavar="URL", default=None, help=DB_HELP)
def audit(database: str | None) -> None:
    """Check the audit log: the hash chain and the tables against it."""


@audit.command("verify")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def verify(ctx: click.Context, fmt: str) -> None:
    """Recompute the hash chain; exit 0 when intact, 4 naming the first broken record."""
    with _store(ctx) as store:
        result = store.verify()
    if fmt == "json":
        click.echo(json.dumps(asdict(result), indent=2))
    if result.ok:
        if fmt == "text":
            click.echo(result.describe())
        return
    click.echo(f"Error: {result.describe()}", err=True)
    ctx.exit(EXIT_CANNOT_RUN)
