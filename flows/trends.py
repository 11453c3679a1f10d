"""Trend reports from the configured store (``exportscreen report trends``, the monthly deployment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flows.settings import database_url as configured_url
from reports.store import open_store
from reports.trends import TrendQuery, TrendReport, build_trends
from reports.trends.output import write_csv, write_html, write_json, write_xlsx

REPORT_FLOW = "trend_report"
REPORT_DEPLOYMENT = "monthly-trend-report"
REPORT_CRON = "0 6 1 * *"
FORMATS = ("terminal", "json", "html", "xlsx", "csv")


def months_before(end: date, months: int = 12) -> date:
    """The first day of the ``months``-month span ending in ``end``'s month."""
    year, month = end.year, end.month - months + 1
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def default_range(today: date | None = None, months: int = 12) -> tuple[date, date]:
    """The last ``months`` whole calendar months before ``today``'s month."""
    today = today or date.today()
    end = today.replace(day=1) - timedelta(days=1)
    return months_before(end, months), end


@dataclass(frozen=True, slots=True)
class TrendRun:
    """A built report and where it came from."""

    report: TrendReport
    store: str


def trends(query: TrendQuery, database_url: str | None = None) -> TrendRun:
    """Build the report from the store at ``database_url`` (None: the configured one)."""
    url = configured_url(database_url)
    with open_store(url) as store:
        report = build_trends(store.engine, query)
        shown = store.engine.url.render_as_string(hide_password=True)
    return TrendRun(report, shown)


def write_report(run: TrendRun, fmt: str, lang: str, out: Path) -> Path:
    """Write one format into ``out`` (created); returns the file (the folder for CSV)."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        return write_html(run.report, run.store, lang, out)
    if fmt == "xlsx":
        return write_xlsx(run.report, lang, out)
    if fmt == "csv":
        return write_csv(run.report, out)
    return write_json(run.report, run.store, lang, out)
