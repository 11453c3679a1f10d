"""Loading export files into Polars frames: CSV (any separator, BOM) and the shared column helpers.

Row numbering (``source_row``, ``Quarantine.row``): for CSV the physical line where the record
starts (1-based; the header is line 1, so the first record is usually line 2, and a record with
a multi-line value counts all its lines); for JSON lines the line number; for a JSON document
the record's position (1-based) in its list. JSON is read by ``json_records``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from extractors.shares import csv_rows
from extractors.shares.types import Ignored, Quarantine

HEAD_BYTES = 65536
_SEPARATORS = (",", ";", "\t")


def visible_files(folder: Path, recursive: bool = False) -> list[Path]:
    """The files in ``folder`` (and below it when ``recursive``), sorted, hidden ones (``.name``) left out."""
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and not p.name.startswith("."))


def read_head(path: Path, size: int = HEAD_BYTES) -> str:
    """The start of a file as text, UTF-8 byte-order mark removed, bad bytes replaced."""
    with path.open("rb") as fh:
        raw = fh.read(size)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "\x00utf16"
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def csv_separator(head: str) -> str:
    """The separator of a CSV file: the most frequent of , ; and tab on its header line."""
    first = head.splitlines()[0] if head else ""
    return max(_SEPARATORS, key=first.count)


def csv_header(head: str) -> list[str]:
    """The header names of a CSV file (stripped, lower-case), or [] when it has none."""
    if not head.strip() or head.lstrip().startswith(("{", "[")):
        return []
    first = next(csv.reader([head.splitlines()[0]], delimiter=csv_separator(head)), [])
    return [name.strip().lower() for name in first]


def has_columns(head: str, *groups: tuple[str, ...]) -> bool:
    """True when the CSV header has, for every group, at least one of its alternative names."""
    names = set(csv_header(head))
    return bool(names) and all(any(a.lower() in names for a in group) for group in groups)


def load_csv(path: Path, head: str) -> tuple[pl.DataFrame | None, csv_rows.CsvCheck]:
    """Read a CSV export as strings with ``source_row`` (the record's line); blank lines are dropped.

    Records the CSV parser rejects, or with more or fewer fields than the header, are
    quarantined with their line (``csv_rows``); the rest of the file is read.

    Returns:
        The good records (None when the file has no readable header), and the check: the
        quarantined file or records (``quarantined``) and the record count (``records``).

    Raises:
        polars.exceptions.PolarsError: Polars cannot read even the clean records (the caller
            quarantines the file).
    """
    return csv_rows.read_checked(path, csv_separator(head), _polars_csv)


def _polars_csv(source: csv_rows.CsvSource) -> tuple[pl.DataFrame, int]:
    df = pl.read_csv(source.path, separator=source.separator, infer_schema=False, encoding="utf8-lossy")
    df = df.rename({c: c.strip().removeprefix("\ufeff") for c in df.columns})
    if source.line_column is None:
        df = df.with_row_index("source_row", offset=2)
    else:
        df = df.rename({source.line_column: "source_row"}).select("source_row", pl.exclude("source_row"))
    df = df.with_columns(pl.col("source_row").cast(pl.Int64))
    data = [c for c in df.columns if c != "source_row"]
    df = df.filter(~pl.all_horizontal(pl.col(data).is_null()))
    return df, df.height


def pick_columns(
    df: pl.DataFrame, spec: Mapping[str, tuple[str, ...]], required: tuple[str, ...], path: Path
) -> tuple[pl.DataFrame | None, list[Quarantine]]:
    """Rename a CSV frame's columns to canonical names (case-insensitive, with aliases).

    Args:
        df: The loaded CSV.
        spec: Canonical name -> accepted header names.
        required: Canonical names that must be present.
        path: The file (for the quarantine record).

    Returns:
        The frame with ``source_row`` and every canonical column (absent optional ones are
        null), or None and a file quarantine naming the missing columns.
    """
    lower = {c.lower(): c for c in df.columns}
    found = {canon: next((lower[a.lower()] for a in alts if a.lower() in lower), None) for canon, alts in spec.items()}
    missing = [spec[c][0] for c in required if found[c] is None]
    if missing:
        reason = (
            f"missing required column(s) {', '.join(repr(m) for m in missing)} "
            f"(found {', '.join(repr(c) for c in df.columns if c != 'source_row')}); "
            "export the report again with all its columns, unchanged"
        )
        return None, [Quarantine(str(path), None, reason)]
    cols = [pl.col("source_row")] + [
        (pl.col(src) if src else pl.lit(None, dtype=pl.String)).alias(canon) for canon, src in found.items()
    ]
    return df.select(cols), []


def quarantine_rows(df: pl.DataFrame, path: Path) -> list[Quarantine]:
    """Quarantine records for a frame of bad rows with ``source_row`` and ``reason``."""
    rows = df.select("source_row", "reason").rows()
    return [Quarantine(str(path), int(r), str(reason)) for r, reason in rows]


def ignored_counts(df: pl.DataFrame, path: Path) -> list[Ignored]:
    """Counted ``Ignored`` records for a frame of ignored rows with a ``what`` column."""
    counts = df.group_by("what").len().sort("what").rows()
    return [Ignored(str(path), str(what), int(n)) for what, n in counts]


def ignored_totals(df: pl.DataFrame, path: Path) -> list[Ignored]:
    """Counted ``Ignored`` records for a frame of partial counts (``what, n``), as ``ignored_counts`` gives them."""
    counts = df.group_by("what").agg(pl.col("n").sum()).sort("what").rows()
    return [Ignored(str(path), str(what), int(n)) for what, n in counts]


def split_bad(df: pl.DataFrame, bad: pl.Expr, reason: pl.Expr, path: Path) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Split a frame into good rows and quarantined ones.

    Args:
        df: Rows with ``source_row``.
        bad: True for rows to quarantine.
        reason: The reason text for each bad row.
        path: The file.

    Returns:
        The good rows and the quarantine records of the bad ones.
    """
    flagged = df.with_columns(_bad=bad.fill_null(False))
    rejected = flagged.filter(pl.col("_bad")).with_columns(reason=reason)
    return flagged.filter(~pl.col("_bad")).drop("_bad"), quarantine_rows(rejected, path)


def load_table(
    path: Path, spec: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """Load a CSV export and pick its columns (see ``pick_columns``); also the record count."""
    df, check = load_csv(path, read_head(path))
    if df is None:
        return None, check.quarantined, 0
    picked, quarantined = pick_columns(df, spec, required, path)
    return picked, (quarantined if picked is None else check.quarantined), check.records


def check_times(
    df: pl.DataFrame, raw: str, parsed: str, path: Path, label: str
) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Quarantine rows whose non-empty time value ``raw`` did not parse into ``parsed``."""
    value = pl.col(raw).cast(pl.String).str.strip_chars()
    bad = (value.str.len_bytes() > 0) & pl.col(parsed).is_null()
    reason = pl.format(
        "{} '{}' is not a date; expected ISO 8601 such as 2024-03-05T10:22:13Z; "
        "re-export without opening the file in a spreadsheet", pl.lit(label), value,
    )
    return split_bad(df, bad, reason, path)


def require_keys(df: pl.DataFrame, keys: tuple[str, ...], path: Path) -> list[Quarantine]:
    """A file quarantine when a JSON export lacks a required key in every record."""
    missing = [k for k in keys if df.height and df[k].is_null().all()]
    if not missing:
        return []
    reason = (f"no record has the required key(s) {', '.join(repr(k) for k in missing)}; "
              "export again with all fields (no field selection)")
    return [Quarantine(str(path), None, reason)]
