"""Readers of the list sources, one module (List I: a sub-package) per format, and their registry.

``SOURCE_FORMATS`` is the one place that maps a format name to its reader: the bundled build
(``itemlists.install.build``, whose version manifests name a format) and the user import
(``itemlists.install.importing``, ``exportscreen itemlists import``) find readers only here.
Adding a format takes its module (a reader ``read_source(SourceRequest) -> SourceData``, see
``itemlists.sources.base``; a list PDF's ``PdfListSpec`` has one) and its entry below.

Shared by the readers: ``base`` (request, data, format), ``common`` (records to a frame),
``repairs``, and for the two official PDFs ``pdf_lines`` (PDF to positioned lines) and
``pdf_provisions`` (lines to provisions and report).
"""

from __future__ import annotations

from pathlib import Path

from itemlists.errors import ListImportError
from itemlists.sources import eu_annex, flat, listtwo_pdf, tree2021
from itemlists.sources.base import SourceData, SourceFormat, SourceRequest
from itemlists.sources.listone import parser as listone_parser

#: Format name -> its reader and how an import recognises it. Imports try formats whose
#: ``magic`` starts the file, then the text formats (``magic`` None), in this order.
SOURCE_FORMATS: dict[str, SourceFormat] = {
    "list_one_pdf": SourceFormat(
        "Norway's official List I PDF", listone_parser.SPEC.read_source, magic=b"%PDF", import_lists=("I",)
    ),
    "list_two_pdf": SourceFormat(
        "Norway's official List II PDF (also List III in the same layout)",
        listtwo_pdf.SPEC.read_source,
        magic=b"%PDF",
        import_lists=("II", "III"),
    ),
    "flat_jsonl": SourceFormat(
        "one provision per line (or a JSON array): code, text, notes, ...",
        flat.read_source,
        import_lists=("I", "II", "III"),
    ),
    "eu_annex_json": SourceFormat(
        "exports-watch annex.json (metadata, definitions) with its flat JSON-lines provisions",
        eu_annex.read_source,
    ),
    "tree_2021": SourceFormat(
        "Django materialised-path fixture of Norway's 2021 List II (with a flat copy to cross-check)",
        tree2021.read_source,
    ),
}

__all__ = ["SOURCE_FORMATS", "SourceData", "SourceFormat", "SourceRequest", "detect_format", "get_format"]


def get_format(name: str) -> SourceFormat:
    """One source format; raises ListImportError naming the known ones."""
    try:
        return SOURCE_FORMATS[name]
    except KeyError:
        raise ListImportError(f"unknown source format {name!r}; known: {', '.join(SOURCE_FORMATS)}") from None


def detect_format(path: Path, list_id: str) -> str:
    """The name of the first format that can import ``path`` as ``list_id`` (see ``SOURCE_FORMATS``)."""
    with path.open("rb") as handle:
        head = handle.read(64)
    usable = {name: f for name, f in SOURCE_FORMATS.items() if list_id in f.import_lists}
    by_magic = [name for name, f in usable.items() if f.magic is not None and head.startswith(f.magic)]
    text = [name for name, f in usable.items() if f.magic is None]
    found = by_magic or text
    if not found:
        raise ListImportError(f"no source format imports {path.name!r} as List {list_id}")
    return found[0]
