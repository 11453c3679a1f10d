"""Bar charts as inline SVG, written directly (no plotting library, no script, no web font).

Why not Altair or matplotlib: the report needs three chart shapes (stacked bars, grouped bars,
horizontal bars); drawing them is a page of code, adds no dependency (Altair needs vl-convert's
40 MB binary, matplotlib 30 MB and a font cache), keeps the labels as real text in the page's
own font (selectable, searchable, translated, crisp in print) and gives byte-identical output
for the same figures. Colours are the Okabe-Ito palette, distinguishable with the common
colour-vision deficiencies; every bar carries a ``<title>`` with its exact value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#999999", "#882255", "#44AA99", "#117733")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent  # pragma: no cover


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if value == int(value) else f"{value:.1f}"


def _legend(names: Sequence[str], y: float) -> list[str]:
    parts, x = [], float(LEFT)
    for i, name in enumerate(names):
        width = 18 + 7 * len(name)
        if x + width > WIDTH:
            x, y = float(LEFT), y + 16
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{x + 14:.1f}" y="{y:.1f}">{escape(name)}</text>')
        x += width
    return parts


def bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], title: str,
              stacked: bool = True) -> str:
    """Vertical bars per category: the series stacked, or side by side.

    Args:
        categories: Labels along the x axis (periods).
        series: ``(name, values)`` with one value per category.
        title: The accessible name of the chart.
        stacked: Stack the series (True) or place them side by side.
    """
    legend_rows = 1 + sum(18 + 7 * len(n) for n, _ in series) // (WIDTH - LEFT)
    height = HEIGHT + 16 * legend_rows
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if stacked:
        peak = max((sum(v[i] for _, v in series) for i in range(len(categories))), default=0)
    else:
        peak = max((max(v, default=0) for _, v in series), default=0)
    top = _nice_max(float(peak))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart">']
    for tick in _ticks(top):
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>')
    slot = plot_w / max(len(categories), 1)
    every = max(1, math.ceil(len(categories) * 46 / plot_w))
    for i, category in enumerate(categories):
        x0 = LEFT + i * slot
        base = 0.0
        for j, (name, values) in enumerate(series):
            value = float(values[i])
            if stacked:
                bar_x, bar_w = x0 + slot * 0.15, slot * 0.7
                y_top = base + value
            else:
                bar_w = slot * 0.8 / max(len(series), 1)
                bar_x, y_top = x0 + slot * 0.1 + j * bar_w, value
            if value > 0:
                y = TOP + plot_h - plot_h * y_top / top
                h = plot_h * value / top
                out.append(f'<rect x="{bar_x:.1f}" y="{y:.1f}" width="{max(bar_w, 1):.1f}" height="{h:.1f}" '
                           f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(category)}, {escape(name)}: '
                           f'{_fmt(value)}</title></rect>')
            if stacked:
                base += value
        if i % every == 0:
            out.append(f'<text x="{x0 + slot / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                       f'{escape(category)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" class="axis"/>')
    out.extend(_legend([n for n, _ in series], HEIGHT - 6))
    out.append("</svg>")
    return "".join(out)


def hbar_chart(labels: Sequence[str], values: Sequence[float], title: str) -> str:
    """One horizontal bar per label (largest first as given)."""
    row = 20
    height = TOP + row * max(len(labels), 1) + 8
    label_w = min(220, 12 + 7 * max((len(s) for s in labels), default=4))
    plot_w = WIDTH - label_w - RIGHT - 40
    top = _nice_max(float(max(values, default=0)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart">']
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * row
        w = plot_w * float(value) / top
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        if value > 0:
            out.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" '
                       f'fill="{PALETTE[0]}"><title>{escape(name)}: {_fmt(float(value))}</title></rect>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_fmt(float(value))}</text>')
    out.append("</svg>")
    return "".join(out)
