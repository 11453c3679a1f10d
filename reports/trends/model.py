"""What a trend report is: the query (period and grouping), its periods, and its tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

PERIODS = ("month", "quarter", "year")
GROUPS = ("unit",)
NO_UNIT = "(no unit)"
#: Age buckets of the open backlog, in days: (label, lowest age, highest age or None).
AGE_BUCKETS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("91-365", 91, 365), (">365", 366, None))


@dataclass(frozen=True, slots=True)
class TrendQuery:
    """What a trend report covers.

    Attributes:
        start: First day (inclusive).
        end: Last day (inclusive).
        by: ``month``, ``quarter`` or ``year``.
        group: ``unit`` to split volume, decisions and grants by organisational unit, or None.
    """

    start: date
    end: date
    by: str = "month"
    group: str | None = None

    def __post_init__(self) -> None:
        if self.by not in PERIODS:
            raise ValueError(f"period {self.by!r} is not one of {', '.join(PERIODS)}")
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start}); swap --from and --to")

    @property
    def lo(self) -> str:
        """Lowest stored time in range (ISO text compare)."""
        return self.start.isoformat()

    @property
    def hi(self) -> str:
        """First stored time past the range."""
        return (self.end + timedelta(days=1)).isoformat()

    def periods(self) -> list[str]:
        """Every period label from start to end, in order (also those with no records)."""
        months: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return list(dict.fromkeys(period_of(m, self.by) for m in months))


def period_of(month: str, by: str) -> str:
    """``2026-05`` as a month, quarter (``2026-Q2``) or year (``2026``)."""
    if by == "month":
        return month
    if by == "year":
        return month[:4]
    return f"{month[:4]}-Q{(int(month[5:7]) + 2) // 3}"


def period_expr(by: str, column: str = "month") -> pl.Expr:
    """``period_of`` over a column of months, vectorised."""
    col = pl.col(column)
    if by == "month":
        return col.alias("period")
    if by == "year":
        return col.str.slice(0, 4).alias("period")
    quarter = ((col.str.slice(5, 2).cast(pl.Int32) + 2) // 3).cast(pl.String)
    return pl.concat_str([col.str.slice(0, 4), pl.lit("-Q"), quarter]).alias("period")


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the report (and the chart drawn from it).

    Attributes:
        key: Stable id (JSON key, CSV file name, XLSX sheet).
        frame: The figures; the first column is the period or label.
        chart: ``stacked`` (bars stacked per period), ``grouped`` (bars side by side),
            ``hbar`` (one horizontal bar per row) or None.
        series: Columns the chart draws (default: every numeric column but the first).
        small_cells: Columns counting people or grants: 1-4 are shown as "<5".
        note: A sentence under the table (labels key), or "".
    """

    key: str
    frame: pl.DataFrame
    chart: str | None = "stacked"
    series: tuple[str, ...] = ()
    small_cells: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class TrendReport:
    """The figures of one report, in the order they are shown."""

    query: TrendQuery
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        """The table with this key."""
        return next(t for t in self.tables if t.key == key)
