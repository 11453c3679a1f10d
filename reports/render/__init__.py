"""Report renderers: screening results -> terminal, JSON, self-contained HTML.

One explicit registry: adding a format touches ``FORMATS`` and its module. Each format's
``emit`` has the same signature so the CLI needs no per-format code::

    fmt = get_format("html")
    written = fmt.emit(results, run, out_dir, console)   # Path of the file, or None
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from classifiers.types import DocumentResult
from reports.errors import ReportError, UnknownFormatError
from reports.render.json_report import JSON_FILENAME, write_json
from reports.render.terminal import render_terminal
from reports.run import RunInfo

#: ``emit(results, run, out_dir, console) -> file written or None``.
Emitter = Callable[[Sequence[DocumentResult], RunInfo, Path | None, Console], Path | None]


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """A report format the CLI can offer.

    Attributes:
        name: The ``--format`` value.
        description: One line for ``--help``.
        needs_out_dir: True when the format writes a file and so needs ``--out DIR``.
        emit: Renders results; prints to ``console`` or writes into ``out_dir``.
    """

    name: str
    description: str
    needs_out_dir: bool
    emit: Emitter


def _emit_terminal(
    results: Sequence[DocumentResult], run: RunInfo, out_dir: Path | None, console: Console
) -> Path | None:
    render_terminal(results, run, console)
    return None


def _emit_json(
    results: Sequence[DocumentResult], run: RunInfo, out_dir: Path | None, console: Console
) -> Path | None:
    if out_dir is None:
        # console.file is the raw stream: JSON must not be wrapped or styled by rich.
        return write_json(results, run, console.file)
    return write_json(results, run, out_dir / JSON_FILENAME)


def _emit_html(
    results: Sequence[DocumentResult], run: RunInfo, out_dir: Path | None, console: Console
) -> Path | None:
    if out_dir is None:
        raise ReportError("the html format writes a file; give an output folder with --out DIR")
    from reports.render.html import write_html  # only when asked: a terminal or JSON run skips its import

    return write_html(results, run, out_dir)


FORMATS: dict[str, ReportFormat] = {
    "terminal": ReportFormat(
        "terminal", "verdicts and evidence tables in the terminal", False, _emit_terminal
    ),
    "json": ReportFormat(
        "json", "machine-readable report (stdout, or report.json in --out)", False, _emit_json
    ),
    "html": ReportFormat("html", "self-contained report.html in --out", True, _emit_html),
}


def get_format(name: str) -> ReportFormat:
    """Return the format called ``name``.

    Raises:
        UnknownFormatError: ``name`` is not in ``FORMATS``.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown report format {name!r}; choose one of: {', '.join(sorted(FORMATS))}"
        ) from None


__all__ = ["FORMATS", "ReportFormat", "get_format"]
