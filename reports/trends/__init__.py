"""Compliance trend reports over the results store (issue 16): ``exportscreen report trends``.

``build_trends`` aggregates the store (SQL, then Polars) into tables; ``reports.trends.output``
writes them as JSON, CSV, XLSX, self-contained HTML with inline SVG charts, or terminal text,
all after small-cell suppression.
"""

from reports.trends.build import build_trends
from reports.trends.model import PERIODS, Table, TrendQuery, TrendReport

__all__ = ["PERIODS", "Table", "TrendQuery", "TrendReport", "build_trends"]
