"""What every source format's reader takes and gives (see ``itemlists.sources.SOURCE_FORMATS``).

A reader is called with a ``SourceRequest`` (the files, the list and version to write, the
repairs to apply) and returns ``SourceData``: the provisions frame plus what the build and
the importer record about it. The bundled build (``itemlists.install.build``) and the user
import (``itemlists.install.importing``) call readers only through this interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.errors import ListImportError


@dataclass(frozen=True, slots=True)
class SourceRequest:
    """What to read and how to label it.

    Attributes:
        paths: The source files, the main one first (the one named in the manifest).
        list_id: "I", "II" or "III": written into the ``list`` column.
        version: The version label to write; None takes the source's own (or refuses).
        repairs: Names of ``itemlists.sources.repairs.REPAIRS`` to apply, in order.
    """

    paths: tuple[Path, ...]
    list_id: str
    version: str | None = None
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceData:
    """A source read into provisions.

    Attributes:
        provisions: ``PROVISION_SCHEMA`` frame with ``list`` and ``version`` set.
        report: What was read and repaired, written as the version's ``build_report.json``;
            its ``sources`` (file -> sha256) and ``repairs`` (kind -> count) also go to
            ``manifest.json``.
        problems: Integrity problems the reader found: an import refuses the file, the build
            logs them.
        where: Per provision row, where it stands in the file ("line 3"), for messages.
        definitions: Defined terms (``itemlists.derive.definitions``), when the source has them.
        source_url: Where the source says it is published, when it says.
        valid_from: The date the source says the text applies from, when it says.
    """

    provisions: pl.DataFrame
    report: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    where: list[str] | None = None
    definitions: pl.DataFrame | None = None
    source_url: str | None = None
    valid_from: str | None = None


#: A reader: one function per format, in the format's own module.
SourceReader = Callable[[SourceRequest], SourceData]


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """One entry of ``SOURCE_FORMATS``.

    Attributes:
        description: What the format is, for messages and help.
        read: Its reader.
        magic: Leading bytes of a file in this format, for telling imports apart; None for a
            text format, tried when no format's magic matches.
        import_lists: The lists ``exportscreen itemlists import`` may read it as; () when
            only the bundled build uses it.
    """

    description: str
    read: SourceReader
    magic: bytes | None = None
    import_lists: tuple[str, ...] = ()


def one_path(request: SourceRequest, what: str) -> Path:
    """The request's single file; refuses a request with more or fewer (``what`` names the format)."""
    if len(request.paths) != 1:
        raise ListImportError(f"{what} reads one file, not {len(request.paths)}")
    return request.paths[0]
