"""Loading export files into Polars frames: CSV (any separator, BOM), JSON documents, JSON lines.

Row numbering (``source_row``, ``Quarantine.row``): for CSV the spreadsheet row (the header is
row 1, so the first record is row 2); for JSON lines the line number; for a JSON document the
record's position (1-based) in its list.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from extractors.shares.types import Ignored, Quarantine

HEAD_BYTES = 65536
_SEPARATORS = (",", ";", "\t")


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


def load_csv(path: Path, head: str) -> pl.DataFrame:
    """Read a CSV export as strings with ``source_row``; blank lines are dropped.

    Raises:
        polars.exceptions.PolarsError: The file is not well-formed CSV (the caller quarantines).
    """
    df = pl.read_csv(path, separator=csv_separator(head), infer_schema=False, encoding="utf8-lossy")
    df = df.rename({c: c.strip().removeprefix("\ufeff") for c in df.columns})
    df = df.with_row_index("source_row", offset=2).with_columns(pl.col("source_row").cast(pl.Int64))
    data = [c for c in df.columns if c != "source_row"]
    return df.filter(~pl.all_horizontal(pl.col(data).is_null()))


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


def decode_json_column(
    df: pl.DataFrame, column: str, dtype: pl.Struct, path: Path, what: str, probe: str = ""
) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Decode a column of JSON objects with an explicit struct type; broken rows are quarantined.

    Args:
        df: Rows with ``source_row`` and the JSON text in ``column``.
        column: The JSON column (dropped from the result).
        dtype: The fields to take (all leaf fields as strings is the robust choice).
        path: The file.
        what: How to name the JSON in reasons (``"AuditData"``, ``"the line"``).
        probe: A key every record has (``"Operation"``): checking validity through it is
            cheaper than re-serialising the whole object; records without it are quarantined.

    Returns:
        The rows with the struct's fields as columns, and the quarantined rows.
    """
    text = pl.col(column).str.strip_chars()
    valid = text.str.starts_with("{") & text.str.json_path_match(f"$.{probe}".rstrip(".")).is_not_null()
    broken = text.str.json_path_match("$").is_null()
    reason = pl.format(
        "{} {} (it begins '{}'); re-export the file without editing it",
        pl.lit(what),
        pl.when(broken | ~text.str.starts_with("{"))
        .then(pl.lit("is not a valid JSON object"))
        .otherwise(pl.lit(f"has no {probe!r} key")),
        text.str.slice(0, 40).fill_null(""),
    )
    good, bad = split_bad(df, ~valid, reason, path)
    decoded = good.with_columns(pl.col(column).str.json_decode(dtype).alias("_json"))
    return decoded.drop(column).unnest("_json"), bad


def json_lines(path: Path) -> pl.DataFrame:
    """The lines of a file as strings with ``source_row`` (the line number); blank lines dropped."""
    df = pl.read_csv(
        path, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
        new_columns=["line"], truncate_ragged_lines=True, encoding="utf8-lossy",
    )
    df = df.with_row_index("source_row", offset=1).with_columns(pl.col("source_row").cast(pl.Int64))
    return df.with_columns(pl.col("line").str.strip_chars_start("\ufeff")).filter(
        pl.col("line").str.strip_chars().str.len_bytes() > 0
    )


def load_json_records(
    path: Path, dtype: pl.Struct, containers: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """Read a JSON export (one document, or JSON lines) into one row per record.

    A document may be a list of records, an object holding the list under one of
    ``containers`` (dotted key paths such as ``ocs.data``), or a single record.

    Args:
        path: The file.
        dtype: The record's fields (explicit struct type).
        containers: Key paths under which API responses keep their list of records.

    Returns:
        The records as columns with ``source_row``, the quarantined rows or file, and the
        number of records seen.
    """
    lines = json_lines(path)
    if len(lines) > 1 and lines["line"].head(1).str.json_path_match("$")[0] is not None:
        good, bad = decode_json_column(lines, "line", dtype, path, "the line")
        return good, bad, len(lines)
    doc = pl.Series("doc", [path.read_text(encoding="utf-8-sig", errors="replace")])
    if doc.str.json_path_match("$")[0] is None:
        reason = "not valid JSON (cut short or edited?); export it again and do not edit it"
        return None, [Quarantine(str(path), None, reason)], 0
    recs = _records(doc, dtype, containers).to_frame("_json").drop_nulls()
    recs = recs.with_row_index("source_row", offset=1).with_columns(pl.col("source_row").cast(pl.Int64))
    return recs.unnest("_json"), [], len(recs)


def _records(doc: pl.Series, dtype: pl.Struct, containers: tuple[str, ...]) -> pl.Series:
    if str(doc[0]).lstrip().startswith("["):
        return doc.str.json_decode(pl.List(dtype)).explode()
    for key in containers:
        inner = doc.str.json_path_match(f"$.{key}")
        if inner[0] is not None and str(inner[0]).startswith("["):
            return inner.str.json_decode(pl.List(dtype)).explode()
    return doc.str.json_decode(dtype)


def load_table(
    path: Path, spec: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """Load a CSV export and pick its columns (see ``pick_columns``); also the record count."""
    df = load_csv(path, read_head(path))
    picked, quarantined = pick_columns(df, spec, required, path)
    return picked, quarantined, len(df)


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
