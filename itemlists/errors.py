"""Errors raised by the item-list package.

Contract: ``ListImportError`` and ``ListValidationError`` mean the offered data is refused and
the installed version is untouched; report the message and stop that import.
``ListNotInstalledError`` means the product cannot screen at all: stop.
"""

from __future__ import annotations


class ItemListError(Exception):
    """Base class for item-list errors."""


class ListNotInstalledError(ItemListError):
    """A required list version is not installed or its data is damaged: cannot run, stop."""


class ListImportError(ItemListError):
    """An offered list file is not a list or is damaged: refused, installed data untouched."""


class ListValidationError(ItemListError):
    """Integrity problems in list data (missing parents, duplicate codes): refused."""

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")
        self.problems = problems


class ProvisionNotFoundError(ItemListError):
    """A code asked for is in none of the installed lists: report it; nothing else is wrong."""


class EntityListError(ItemListError):
    """An entity-list file cannot be imported or an imported list cannot be read.

    Raised for the file as a whole (not a list, damaged, an unknown format, a version that
    already exists with other content): the import is refused and everything installed stays
    as it was. Report the message and stop that import.
    """
