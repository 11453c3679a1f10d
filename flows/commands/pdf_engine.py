"""``--pdf-engine``: how a command reads PDFs (pdfminer.six by default, PDFium with the extra)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from extractors import PDF_ENGINES

#: The option, for commands that read documents.
pdf_engine_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--pdf-engine",
    type=click.Choice(PDF_ENGINES),
    default=None,
    help="How PDFs are read: pdfminer (default, or $EXPORTSCREEN_PDF_ENGINE) or pdfium "
    "(faster; needs pip install 'exportscreen[pdfium]'). Recorded in the run's settings.",
)


def chosen_pdf_engine(given: str | None) -> str:
    """The engine of this run (the option, else the environment, else pdfminer), checked before any work.

    An engine whose package is missing is a usage error (exit 2), one line saying what to install.
    """
    from extractors.errors import PdfEngineMissingError
    from flows.settings import pdf_engine

    try:
        return pdf_engine(given)
    except PdfEngineMissingError as exc:
        raise click.UsageError(str(exc)) from None
