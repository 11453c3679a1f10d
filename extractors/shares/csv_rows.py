"""CSV exports read the way a real CSV parser reads them, so one bad row costs only that row.

Polars reads well-formed CSV fast, but it refuses a whole file for one row with extra fields, an
unterminated quote or a quote inside an unquoted value, and it silently pads a row that has too
few fields. So every CSV export is first parsed by Python's ``csv`` module (strict quoting,
universal newlines):

* a quick pass (the C parser and a count of record widths) finds most files simple: every
  record one line and of the header's width. Polars then reads the original file, and a
  record's line is its row number + 2; if Polars still disagrees (another row count, or an
  error), the careful pass below is used after all;
* otherwise a careful pass quarantines each record with more or fewer fields than the header,
  or one the parser rejects, with the physical line where it starts (1-based; the header is
  line 1), and writes the good records with their lines to a clean temporary file for Polars;
* a quote that is never closed would swallow the rest of the file into one field: its line is
  quarantined and parsing starts again on the next line, so the rows after it are kept. The
  same happens when a stray quote is closed by a later one and the joined lines do not make a
  row of the header's width, or run on over lines that are rows of their own.

Blank lines and rows of empty fields are skipped, as before.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO, TypeVar

import polars as pl

from extractors.shares.types import Quarantine

LINE_COLUMN = "__exportscreen_line__"
"""The column of the clean file that holds each record's line in the original file."""

_T = TypeVar("_T")
_Parsed = tuple[int, list[str] | None, list[str], str]


@dataclass(frozen=True, slots=True)
class CsvSource:
    """What Polars should read for one CSV export.

    Attributes:
        path: The file to read (the original, or the clean copy).
        separator: The field separator.
        line_column: The column holding each record's line, or None when the line is the row
            number + 2 (the original file, every record one line, no blank lines).
        clean_blocks: The clean copy in blocks (each with the header), when the caller reads
            in blocks (``read_checked(..., block_rows=N)``); empty otherwise.
    """

    path: Path
    separator: str
    line_column: str | None = None
    clean_blocks: tuple[Path, ...] = ()

    def blocks(self, rows: int) -> Iterator[tuple[Path | bytes, int]]:
        """The CSV in blocks of at most ``rows`` records, each with the header line.

        Yields ``(csv, before)``: a block (a clean block file, or the header and the next lines
        of the original) and the number of records before it. A block of the original is cut
        at line ends, which are record ends there: the quick pass found every record one line.
        """
        if self.line_column is not None:
            for block in self.clean_blocks or (self.path,):
                yield block, 0
            return
        with self.path.open("rb") as handle:
            header = handle.readline()
            before = 0
            while lines := list(islice(handle, rows)):
                yield header + b"".join(lines), before
                before += len(lines)


@dataclass(slots=True)
class CsvCheck:
    """What a pass over one CSV file found.

    Attributes:
        width: Number of header fields (0 when the file has no header, or the quick pass
            stopped).
        good: Records of the header's width (blank ones excluded).
        quarantined: The rejected records (or the file) and the reason for each.
        simple: True when Polars can read the original file as it is (quick pass only).
        rejected: The fields of each rejected record the parser could split, by line (for
            callers that must know whose row was lost, such as the people register).
    """

    width: int = 0
    good: int = 0
    quarantined: list[Quarantine] = field(default_factory=list)
    simple: bool = False
    rejected: dict[int, list[str]] = field(default_factory=dict)

    @property
    def records(self) -> int:
        """Data records seen: good plus quarantined."""
        return self.good + len(self.quarantined)


class _Feed:
    """The lines of a file for ``csv.reader``; a failed record's later lines can be given again."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._again: list[str] = []  # a stack: the next line is the last item
        self.taken: list[str] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._lines)
        self.taken.append(line)
        return line

    def resume_after_first(self) -> None:
        """Give again every line of the current record but its first."""
        self._again.extend(reversed(self.taken[1:]))


def _records(lines: Iterator[str], separator: str) -> Generator[_Parsed, bool | None, None]:
    """Parse records: (first line, fields or None, the record's physical lines, parser error or "").

    After a parser error, or a multi-line record the caller rejects (``send(True)``), parsing
    starts again on the line after the record's first.
    """
    feed = _Feed(lines)
    reader = csv.reader(feed, delimiter=separator, strict=True)
    line = 1
    while True:
        feed.taken = []
        try:
            fields: list[str] | None = next(reader)
            error = ""
        except StopIteration:
            return
        except csv.Error as exc:
            fields, error = None, str(exc)
        taken = feed.taken
        reject = yield line, fields, taken, error
        if fields is None or (reject and len(taken) > 1):
            feed.resume_after_first()
            reader = csv.reader(feed, delimiter=separator, strict=True)
            line += 1
        else:
            line += len(taken)


def _swallows(lines: list[str], width: int, separator: str) -> bool:
    """True when a line a multi-line record ran on over is a row of the header's width by itself.

    Share exports have no multi-line values in practice; a record that runs on over lines that
    are rows of their own is a stray quote closed by chance, not a value with line breaks.
    """
    for line in lines:
        try:
            if len(next(csv.reader([line], delimiter=separator, strict=True), [])) == width:
                return True
        except csv.Error:
            continue
    return False


def _problem(fields: list[str] | None, used: int, error: str, width: int, separator: str) -> str:
    """Why a record is rejected: what is wrong and what to do, in one line."""
    again = "the lines after it were read on their own"
    if fields is None:
        if "unexpected end of data" in error:
            return ("a quote opened on this line is never closed, so it would swallow the rest of the file; "
                    f"{again}: close or remove the stray quote, or export the file again")
        if "field larger than field limit" in error:
            return (f"a field is longer than {csv.field_size_limit()} characters (a quote that is never closed?); "
                    f"{again}: fix the quote, or export the file again")
        if used > 1:
            return (f"a quote opened on this line runs on for {used} lines and the row cannot be parsed "
                    f"({error}); {again}: fix the stray quote, or export the file again")
        if "expected after" in error:
            return ("text follows a closing quote (a quote inside a value must be doubled, \"\"); fix the quoting "
                    "of this row or export the file again without editing it")
        return f"the CSV parser rejected this row ({error}); fix it or export the file again without editing it"
    n = len(fields)
    if n == width:
        return (f"a quote opened on this line runs on for {used} lines that are rows of their own (a stray quote?); "
                f"{again}: fix the quote, or export the file again")
    diff = f"{n - width} extra" if n > width else f"{width - n} missing"
    if used > 1:
        return (f"a quote opened on this line runs on for {used} lines and the row then has {n} fields where the "
                f"header has {width} ({diff}); {again}: fix the stray quote, or export the file again")
    if n > width:
        sep = "tab" if separator == "\t" else repr(separator)
        return (f"the row has {n} fields where the header has {width} ({diff}): a value holding the separator "
                f"{sep} without quotes? Quote that value, or export the file again without editing it")
    return (f"the row has {n} fields where the header has {width} ({diff}): the row was cut short or edited; "
            "export the file again without editing it")


def _scan(path: Path, separator: str, sink: Callable[[list[str]], object]) -> CsvCheck:
    """The careful pass: check every record; give the header and the good records to ``sink``."""
    check = CsvCheck()
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        parsed = _records(iter(handle), separator)
        reject: bool | None = None
        while (item := _send(parsed, reject)) is not None:
            line, fields, lines, error = item
            reject = False
            if fields is not None and not any(fields):  # a blank line, or a row of empty fields
                continue
            if not check.width:
                if fields is None:
                    reason = f"the header line cannot be read ({error}); export the file again without editing it"
                    return CsvCheck(quarantined=[Quarantine(str(path), None, reason)])
                check.width = len(fields)
                sink([*fields, LINE_COLUMN])
            elif (fields is not None and len(fields) == check.width
                  and not (len(lines) > 1 and _swallows(lines[1:], check.width, separator))):
                check.good += 1
                sink([*fields, str(line)])
            else:
                problem = _problem(fields, len(lines), error, check.width, separator)
                check.quarantined.append(Quarantine(str(path), line, problem))
                if fields is not None:
                    check.rejected[line] = fields
                reject = True
    return check


def _send(parsed: Generator[_Parsed, bool | None, None], reject: bool | None) -> _Parsed | None:
    try:
        return parsed.send(reject)
    except StopIteration:
        return None


def check_csv(path: Path, separator: str) -> CsvCheck:
    """The quick pass: tell whether the file is simple (every record one line, of the header's width).

    Only the C parser and a count of record widths run per record, so a good file costs one
    parse; when anything is off, ``write_clean`` finds each problem and its line.
    """
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=separator, strict=True)
        try:
            header = next(reader, None)
            if header is None or reader.line_num != 1 or not any(header):
                return CsvCheck()
            widths = Counter(map(len, reader))
        except csv.Error:
            return CsvCheck()
    width, good = len(header), widths[len(header)]
    if set(widths) - {width} or reader.line_num != good + 1:  # a record of another width, or of several lines
        return CsvCheck()
    return CsvCheck(width, good, [], True)


def write_clean(path: Path, separator: str, target: Path) -> CsvCheck:
    """Write the header and the good records of ``path``, each with its line, to ``target``."""
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=separator, lineterminator="\n")
        return _scan(path, separator, writer.writerow)


class _BlockWriter:
    """Writes the header and records into block files of at most ``rows`` records each."""

    def __init__(self, folder: Path, separator: str, rows: int) -> None:
        self.folder, self.separator, self.rows = folder, separator, rows
        self.blocks: list[Path] = []
        self._header: list[str] | None = None
        self._count = 0
        self._out: TextIO | None = None
        self._writer: Any = None

    @property
    def header(self) -> list[str] | None:
        """The header fields, once written."""
        return self._header

    def __call__(self, fields: list[str]) -> None:
        if self._header is None:
            self._header = fields
            return
        if self._out is None or self._count == self.rows:
            self.open_block()
        self._writer.writerow(fields)
        self._count += 1

    def open_block(self) -> None:
        """Start the next block file with the header."""
        self.close()
        target = self.folder / f"clean-{len(self.blocks):05d}.csv"
        self.blocks.append(target)
        self._out = target.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._out, delimiter=self.separator, lineterminator="\n")
        self._writer.writerow(self._header)
        self._count = 0

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


def write_clean_blocks(path: Path, separator: str, folder: Path, rows: int) -> tuple[CsvCheck, tuple[Path, ...]]:
    """Like ``write_clean``, into block files of at most ``rows`` records (a block never splits a record)."""
    writer = _BlockWriter(folder, separator, rows)
    try:
        check = _scan(path, separator, writer)
        if writer.header is not None and not writer.blocks:  # a header and no good record: one empty block
            writer.open_block()
    finally:
        writer.close()
    return check, tuple(writer.blocks)


def read_checked(
    path: Path, separator: str, read: Callable[[CsvSource], tuple[_T, int]], block_rows: int | None = None
) -> tuple[_T | None, CsvCheck]:
    """Read a CSV file with ``read`` so that bad records are quarantined one by one.

    Args:
        path: The CSV file.
        separator: Its separator.
        read: Reads a ``CsvSource`` with Polars; returns its result and the number of
            non-blank records it read (compared with the check, as a guard against Polars
            reading the file differently from the checking parser).
        block_rows: When given, ``read`` reads the source in blocks of this many records
            (``CsvSource.blocks``): the careful pass then writes its clean copy in blocks.

    Returns:
        What ``read`` returned (None when the file has no readable header: the check then
        holds a quarantine record for the file), and the check (quarantined records, counts).
    """
    check = check_csv(path, separator)
    if check.simple:
        try:
            result, rows = read(CsvSource(path, separator))
            if rows == check.good:
                return result, check
        except pl.exceptions.PolarsError:  # e.g. a quote inside an unquoted value: Polars refuses
            pass
    with tempfile.TemporaryDirectory(prefix="exportscreen-csv-") as folder:
        clean = Path(folder) / "clean.csv"
        blocks: tuple[Path, ...] = ()
        if block_rows is None:
            check = write_clean(path, separator, clean)
        else:
            check, blocks = write_clean_blocks(path, separator, Path(folder), block_rows)
        if not check.width:
            if not check.quarantined:
                reason = "the file has no header line (it is empty); export it again"
                check.quarantined.append(Quarantine(str(path), None, reason))
            return None, check
        result, _ = read(CsvSource(clean, separator, LINE_COLUMN, blocks))
    return result, check
