"""Errors of the share readers.

Contract: readers never raise for bad input; a bad file or row becomes a ``Quarantine`` record
and the rest is read. ``UnknownReaderError`` is a caller mistake (a reader name that does not
exist): fix the name and run again.
"""

from __future__ import annotations


class UnknownReaderError(KeyError):
    """No reader has this name: the caller must use one of the names listed in the message."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no share-export reader named {name!r}; use one of: {', '.join(known)}")
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])
