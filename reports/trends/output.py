"""A trend report as JSON, CSV files, one XLSX workbook, a self-contained HTML page or terminal tables.

Every format shows the same numbers after small-cell suppression: in the columns a table marks
as counting people or grants, a count from 1 to 4 becomes the text ``"<5"`` (zero stays 0, as
it reveals nobody). Charts draw a suppressed cell as 0.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import polars as pl

from reports.trends.labels import label
from reports.trends.model import Table, TrendReport
from reports.trends.svg import bar_chart, hbar_chart

SCHEMA = "trends-1.0"
SMALL = "<5"
#: Smallest count shown as a number in small-cell columns.
THRESHOLD = 5


def suppressed(table: Table) -> pl.DataFrame:
    """The table's frame with small cells (1-4) of its people/grant columns as ``"<5"``."""
    frame = table.frame
    if not table.small_cells:
        return frame
    return frame.with_columns([
        pl.when(pl.col(c).is_between(1, THRESHOLD - 1)).then(pl.lit(SMALL)).otherwise(pl.col(c).cast(pl.String))
        .alias(c) for c in table.small_cells if c in frame.columns
    ])


def _json_value(value: Any) -> Any:
    if isinstance(value, str) and value != SMALL:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def to_document(report: TrendReport, store: str, lang: str) -> dict[str, Any]:
    """The JSON contract (schema ``trends-1.0``): every table's columns and rows, suppressed."""
    q = report.query
    tables = []
    for table in report.tables:
        frame = suppressed(table)
        rows = [{k: (_json_value(v) if k in table.small_cells else v) for k, v in row.items()}
                for row in frame.to_dicts()]
        tables.append({"key": table.key, "title": label(table.key, lang), "columns": frame.columns, "rows": rows,
                       "small_cells": list(table.small_cells)})
    return {"schema": SCHEMA, "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "store": store, "from": q.start.isoformat(), "to": q.end.isoformat(), "by": q.by, "group": q.group,
            "lang": lang, "small_cell_threshold": THRESHOLD, "tables": tables}


def write_json(report: TrendReport, store: str, lang: str, out: Path) -> Path:
    """``trends.json`` in ``out``."""
    path = out / "trends.json"
    path.write_text(json.dumps(to_document(report, store, lang), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_csv(report: TrendReport, out: Path) -> Path:
    """One ``trends-<table>.csv`` per table in ``out``; returns the folder."""
    for table in report.tables:
        suppressed(table).write_csv(out / f"trends-{table.key}.csv")
    return out


def write_xlsx(report: TrendReport, lang: str, out: Path) -> Path:
    """``trends.xlsx`` with one sheet per table (sheet names are the table keys, at most 31 characters)."""
    import xlsxwriter

    path = out / "trends.xlsx"
    with xlsxwriter.Workbook(str(path)) as workbook:
        bold = workbook.add_format({"bold": True})
        for table in report.tables:
            frame = suppressed(table)
            sheet = workbook.add_worksheet(table.key[:31])
            sheet.write(0, 0, label(table.key, lang), bold)
            for col, name in enumerate(frame.columns):
                sheet.write(2, col, label(name, lang), bold)
                sheet.set_column(col, col, max(12, len(label(name, lang)) + 2))
            small = {i for i, name in enumerate(frame.columns) if name in table.small_cells}
            for row_number, row in enumerate(frame.iter_rows(), start=3):
                for col, value in enumerate(row):
                    if value is not None:
                        sheet.write(row_number, col, _json_value(value) if col in small else value)
    return path


def _chart(table: Table, frame: pl.DataFrame, title: str, lang: str, grouped_by_unit: bool) -> str:
    """The SVG of a table's chart ("" for a table without one or without rows)."""
    if table.chart is None or frame.height == 0:
        return ""
    first = frame.columns[0]
    numeric = [c for c in frame.columns[1:] if c != "unit"]
    series = list(table.series) or [c for c in numeric if c not in ("days_median", "days_p90", "false_positive_share")]
    plot = frame.with_columns([pl.col(c).cast(pl.String).replace(SMALL, "0").cast(pl.Float64).fill_null(0).alias(c)
                               for c in series])
    if grouped_by_unit and "unit" in plot.columns:
        plot = plot.group_by(first, maintain_order=True).agg([pl.col(c).sum() for c in series])
    if table.chart == "hbar":
        labels = [str(v) for v in plot[first].to_list()]
        return hbar_chart(labels, plot[series[0]].to_list(), title)
    categories = [str(v) for v in plot[first].to_list()]
    return bar_chart(categories, [(label(c, lang), plot[c].to_list()) for c in series], title,
                     stacked=table.chart == "stacked")


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
.meta,.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:right}th{background:#f3f3f3}
td:first-child,th:first-child{text-align:left;white-space:nowrap}td.t{text-align:left}
.chart{width:100%;height:auto;font-size:11px}.chart text{fill:#333}.chart .grid{stroke:#e5e5e5}
.chart .axis{stroke:#333}
@media print{body{margin:0;max-width:none;font-size:10pt}section{break-inside:avoid}h2{break-after:avoid}
.chart{max-height:9cm}a{color:inherit;text-decoration:none}}
"""


def render_html(report: TrendReport, store: str, lang: str) -> str:
    """The whole report as one self-contained page (inline CSS and SVG; nothing from the network)."""
    q = report.query
    by_unit = q.group == "unit"
    head = (f'<!doctype html><html lang="{"nb" if lang == "nb" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            f"<title>{escape(label('title', lang))}</title><style>{CSS}</style></head><body>")
    subtitle = label("subtitle", lang).format(start=q.start, end=q.end, by=label(q.by, lang))
    generated = label("generated", lang).format(at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), store=store)
    parts = [head, f"<h1>{escape(label('title', lang))}</h1>",
             f'<p class="meta">{escape(subtitle)} \u00b7 {escape(generated)}</p>',
             f'<p class="meta">{escape(label("privacy", lang))}</p>']
    for table in report.tables:
        frame = suppressed(table)
        title = label(table.key, lang)
        parts.append(f'<section id="{table.key}"><h2>{escape(title)}</h2>')
        total = sum(frame[c].cast(pl.String).replace(SMALL, "1").cast(pl.Float64, strict=False).fill_null(0).sum()
                    for c in frame.columns[1:] if frame[c].dtype != pl.String or c in table.small_cells)
        if frame.height == 0 or total == 0:
            parts.append(f'<p class="note empty">{escape(label("empty", lang))}</p>')
        chart = _chart(table, frame, title, lang, by_unit)
        if chart:
            parts.append(f'<figure>{chart}</figure>')
            if by_unit and "unit" in frame.columns:
                parts.append(f'<p class="note">{escape(label("chart_totals", lang))}</p>')
        parts.append(_html_table(frame, lang))
        if table.note:
            parts.append(f'<p class="note">{escape(label(table.note, lang))}</p>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value < 1 else f"{value:.1f}"
    return str(value)


def _cell(value: Any) -> str:
    return escape(_text(value))


def _html_table(frame: pl.DataFrame, lang: str) -> str:
    header = "".join(f"<th>{escape(label(c, lang))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f'<td class="t">{_cell(v)}</td>' if isinstance(v, str) and v != SMALL
                                    else f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in frame.iter_rows())
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def write_html(report: TrendReport, store: str, lang: str, out: Path) -> Path:
    """``trends.html`` in ``out``."""
    path = out / "trends.html"
    path.write_text(render_html(report, store, lang), encoding="utf-8")
    return path


def terminal_text(report: TrendReport, lang: str, max_rows: int = 24) -> str:
    """Plain aligned tables for the terminal (the last ``max_rows`` rows of each)."""
    q = report.query
    lines = [label("title", lang), label("subtitle", lang).format(start=q.start, end=q.end, by=label(q.by, lang)), ""]
    for table in report.tables:
        frame = suppressed(table)
        lines.append(f"== {label(table.key, lang)} ==")
        if frame.height == 0:
            lines += [label("empty", lang), ""]
            continue
        shown = frame.tail(max_rows)
        cells = [[label(c, lang) for c in shown.columns]] + [[_text(v) for v in row] for row in shown.iter_rows()]
        widths = [max(len(r[i]) for r in cells) for i in range(len(shown.columns))]
        for r in cells:
            padded = (v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True)))
            lines.append("  ".join(padded))
        if frame.height > max_rows:
            lines.append(f"... {frame.height - max_rows} earlier rows (use --format json, csv or xlsx for all)")
        lines.append("")
    return "\n".join(lines)
