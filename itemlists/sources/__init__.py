"""Parsers of the list sources, one module (List I: a sub-package) per format.

Shared by them: ``common`` (records to a frame), ``repairs``, and for the two official PDFs
``pdf_lines`` (PDF to positioned lines) and ``pdf_provisions`` (lines to provisions and report).

``FORMATS`` is the explicit list of source formats the build and the importer know; adding a
format touches this list and a new module.
"""

from __future__ import annotations

#: Format name -> what it reads and the module that reads it.
FORMATS: dict[str, str] = {
    "flat_jsonl": "one provision per line (or a JSON array); itemlists.sources.flat",
    "eu_annex_json": "exports-watch annex.json metadata and docs; itemlists.sources.eu_annex",
    "tree_2021": "Django materialised-path fixture of Norway's 2021 List II; itemlists.sources.tree2021",
    "list_one_pdf": "Norway's official List I PDF; itemlists.sources.listone.parser",
    "list_two_pdf": "Norway's official List II PDF (also List III imports); itemlists.sources.listtwo_pdf",
}


def get_format(name: str) -> str:
    """Describe one source format; raises KeyError naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown source format {name!r}; known: {sorted(FORMATS)!r}") from None
