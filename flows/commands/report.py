"""``exportscreen report``: compliance trend reports (``trends``) and their monthly schedule (``schedule``)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from flows.trends import FORMATS, REPORT_CRON, default_range, months_before
from reports.i18n import current_lang

LANG_HELP = "Language of headings and labels: nb or en (default: $EXPORTSCREEN_LANG, else the locale, else en)."


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
                                 param=param) from None


@click.group("report")
def report() -> None:
    """Compliance trend reports over the results store: what was screened, flagged and decided."""


@report.command("trends")
@click.option("--from", "start", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="First day (default: the first day of the 12 whole months before this one).")
@click.option("--to", "end", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="Last day (default: the last day of the previous month).")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True,
              help="Period of each row.")
@click.option("--group", type=click.Choice(["unit"]), default=None,
              help="Split volume, outcomes and grants by organisational unit (--unit of screen, assess, shares scan).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True,
              help="terminal tables; json (stdout, or trends.json with --out); html, xlsx (one sheet per table) "
                   "or csv (one file per table), written to --out.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the report files.")
@click.option("--lang", type=click.Choice(["nb", "en"]), default=None, help=LANG_HELP)
@click.option("--database", metavar="URL", default=None, help="Results store URL (default: the configured one).")
def trends_command(start: date | None, end: date | None, by: str, group: str | None, fmt: str,
                   out_dir: Path | None, lang: str | None, database: str | None) -> None:
    """Compliance trends per period, each as a table and a chart.

    Volume, outcomes, flags by list and category, the most-flagged entries with the share
    reviewers cleared, the review pipeline and backlog, share grants and cases, list-version
    changes and what re-screening changed.

    No names, e-mail addresses or citizenships are reported; counts of grants from 1 to 4 show
    as "<5" in every format.
    """
    from flows.trends import trends, write_report
    from reports.trends import TrendQuery
    from reports.trends.output import terminal_text, to_document

    if fmt in ("html", "xlsx", "csv") and out_dir is None:
        raise click.UsageError(f"--format {fmt} writes files; give --out DIR")
    end = end or default_range()[1]
    try:
        query = TrendQuery(start or months_before(end), end, by, group)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--from'/'--to'") from None
    language = lang or current_lang()
    run = trends(query, database)
    if fmt == "terminal":
        click.echo(terminal_text(run.report, language))
    elif fmt == "json" and out_dir is None:
        click.echo(json.dumps(to_document(run.report, run.store, language), indent=2, ensure_ascii=False))
    else:
        assert out_dir is not None
        written = write_report(run, fmt, language, out_dir)
        click.echo(f"Trend report written: {written}", err=True)
    sys.exit(0)


@report.command("schedule")
@click.option("--cron", default=REPORT_CRON, show_default=True,
              help="When to write the report (cron, server time zone); the default is 06:00 on the 1st of each month.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reports: each run writes trends-YYYY-MM.html (the last 12 whole months).")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option("--lang", type=click.Choice(["nb", "en"]), default=None, help=LANG_HELP)
@click.option("--database", metavar="URL", default=None, help="Results store URL (default: the configured one).")
@click.option("--apply-only", is_flag=True, help="Register the deployment with the Prefect API and exit "
              "(run it with a worker); default: serve it in this process until stopped.")
def schedule_command(cron: str, out_dir: Path, by: str, lang: str | None, database: str | None,
                     apply_only: bool) -> None:
    """Create the monthly deployment 'trend_report/monthly-trend-report'.

    Each run writes the HTML report of the last 12 whole months into OUT and links it in a
    Prefect artifact ('trend-report'), so the Prefect UI lists every month's report. By default
    the command serves the deployment and keeps running (see runs in the Prefect UI: start it with
    'prefect server start' and set PREFECT_API_URL); stop it with Ctrl-C. With --apply-only it
    registers the deployment with the server in PREFECT_API_URL and exits.
    """
    from flows.commands.scheduling import schedule
    from flows.prefect_flows import make_report_deployment

    schedule(lambda: make_report_deployment(str(out_dir), by, lang or current_lang(), database, cron), cron,
             "0 6 1 * *", apply_only, f" (reports go to {out_dir})")
