"""Grant rows on disk, a chunk at a time: how a scan of millions of rows stays within memory.

A ``Spool`` is a temporary folder of Parquet parts; ``Parts`` is an ordered list of them, read
back either lazily as one Polars ``LazyFrame`` (for aggregates: counts, revocations, the shared
objects) or one part at a time (``frames``) for what runs per row in Python (the stable grant
ids) or per chunk (the grant rules, the JSON output). A large CSV export is cut into blocks of
``CHUNK_ROWS`` records (``csv_rows.CsvSource.blocks``), each scanned by Polars and written as a
part, so no stage holds the whole export. (Polars' streaming engine alone did not bound memory
here: with the JSON decoding downstream, its CSV reader ran ahead and buffered the file.) The
folder is removed when the spool is closed or garbage-collected.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

#: Records per block of a CSV export, and rows per part (about 85 MB of a Purview export).
CHUNK_ROWS = 100_000


@dataclass(frozen=True, slots=True)
class Parts:
    """Rows of one schema in Parquet parts, in order.

    Attributes:
        paths: The part files, in row order.
        schema: The columns (the frame's schema when there are no parts).
    """

    paths: tuple[Path, ...]
    schema: dict[str, pl.DataType]

    def lazy(self) -> pl.LazyFrame:
        """All parts as one lazy frame (for streaming aggregates)."""
        return pl.scan_parquet(list(self.paths)) if self.paths else pl.LazyFrame(schema=self.schema)

    def frames(self) -> Iterator[pl.DataFrame]:
        """Each part in memory, in order (one part at a time)."""
        for path in self.paths:
            yield pl.read_parquet(path)

    def collect(self) -> pl.DataFrame:
        """All rows in memory (small scans and tests)."""
        return self.lazy().collect()

    def __add__(self, other: Parts) -> Parts:
        return Parts(self.paths + other.paths, self.schema)


class Spool:
    """A temporary folder of Parquet parts."""

    def __init__(self, prefix: str = "exportscreen-spool-", chunk_rows: int | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=prefix)
        self.path = Path(self._folder.name)
        self.chunk_rows = chunk_rows or CHUNK_ROWS  # read here, so a test can lower CHUNK_ROWS
        self._count = 0

    def file(self, stem: str) -> Path:
        """A fresh file path inside the spool (``stem`` names what it holds)."""
        self._count += 1
        return self.path / f"{self._count:06d}-{stem}"

    def part(self, frame: pl.DataFrame, stem: str = "part") -> Path:
        """Write one frame as a Parquet part; return its path."""
        target = self.file(f"{stem}.parquet")
        frame.write_parquet(target, compression="lz4", statistics=False)
        return target

    def parts(self, frames: Iterable[pl.DataFrame], schema: dict[str, pl.DataType], stem: str = "part") -> Parts:
        """Write every non-empty frame of ``frames`` as a part, in order."""
        return Parts(tuple(self.part(f, stem) for f in frames if f.height), schema)

    def close(self) -> None:
        """Remove the folder and everything in it."""
        self._folder.cleanup()


def chunked(parts: Parts, apply: Callable[[pl.DataFrame], pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """``apply`` on each part of ``parts`` in order (for row-wise steps that need Python)."""
    for frame in parts.frames():
        yield apply(frame)


def sliced(parts: Parts, size: int) -> Iterator[pl.DataFrame]:
    """The rows of ``parts`` in order, at most ``size`` at a time."""
    for frame in parts.frames():
        for start in range(0, frame.height, size):
            yield frame.slice(start, size)
