"""Parsers of the structured list sources, one module per format.

``FORMATS`` is the explicit list of source formats the build and the importer know; adding a
format touches this list and a new module.
"""

from __future__ import annotations

#: Format name -> what it reads and the module that reads it.
FORMATS: dict[str, str] = {
    "flat_jsonl": "one provision per line (or a JSON array); itemlists.sources.flat",
    "eu_annex_json": "exports-watch annex.json metadata and docs; itemlists.sources.eu_annex",
    "tree_2021": "Django materialised-path fixture of Norway's 2021 List II; itemlists.sources.tree2021",
}


def get_format(name: str) -> str:
    """Describe one source format; raises KeyError naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown source format {name!r}; known: {sorted(FORMATS)!r}") from None
