"""Entity lists (sanctions and military end-user lists): import, versions, and name matching.

One explicit list of formats (``FORMATS``) with ``get_format(name)``; ``detect_format`` picks
one from a file's first bytes. See ``itemlists.entities.store`` for where imports are kept and
``itemlists.entities.match`` for how organisation names are compared.
"""

from __future__ import annotations

from pathlib import Path

from itemlists.entities.formats import Reader, read_eu_fsf, read_ftm, read_opensanctions_csv, read_plain
from itemlists.errors import EntityListError

#: Format name -> reader.
FORMATS: dict[str, Reader] = {
    "plain": read_plain,
    "opensanctions-csv": read_opensanctions_csv,
    "ftm": read_ftm,
    "eu-fsf": read_eu_fsf,
}


def get_format(name: str) -> Reader:
    """The reader for ``name``; ``EntityListError`` naming the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise EntityListError(f"unknown entity-list format {name!r}; use one of {', '.join(FORMATS)}") from None


def detect_format(path: Path) -> str:
    """The format of ``path`` from its first bytes: XML, JSON lines, or a CSV header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    except OSError as exc:
        raise EntityListError(f"cannot read {str(path)!r} ({exc.strerror}); check the path") from None
    if head.startswith("<"):
        return "eu-fsf"
    if head.startswith("{"):
        return "ftm"
    header = {c.strip().strip('"').lower() for c in head.splitlines()[0].split(",")} if head else set()
    if {"id", "schema", "name"} <= header:
        return "opensanctions-csv"
    if {"name", "country"} <= header:
        return "plain"
    raise EntityListError(f"{str(path)!r} is not a known entity-list format (first line {head[:60]!r}); "
                          f"give --format, one of {', '.join(FORMATS)}")
