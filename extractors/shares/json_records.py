"""JSON exports (one document, or one record per line) read record by record.

Polars decodes a whole list of records with one struct type, and refuses the whole list when one
record does not fit it (an object where a text is expected, a record that is not an object).
Here such a record is quarantined with its position and the rest is read: the list is decoded
at once when it fits (the usual case), else in halves until the misfits are found, so the cost
grows with the number of bad records, not with the size of the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
from polars.datatypes import DataTypeClass

from extractors.shares.io import split_bad
from extractors.shares.types import Quarantine

AGAIN = "export the file again without editing it"


def json_lines(path: Path) -> pl.DataFrame:
    """The lines of a file as strings with ``source_row`` (the line number); blank lines dropped."""
    df = pl.read_csv(
        path,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        infer_schema=False,
        new_columns=["line"],
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )
    df = df.with_row_index("source_row", offset=1).with_columns(pl.col("source_row").cast(pl.Int64))
    return df.with_columns(pl.col("line").str.strip_chars_start("\ufeff")).filter(
        pl.col("line").str.strip_chars().str.len_bytes() > 0
    )


def is_json_lines(lines: pl.DataFrame, path: Path, probe: str = "") -> bool:
    """True when a file holds one JSON record per line rather than one JSON document.

    The first line decides when it is a whole record (with ``probe`` if given). When it is
    not, the file is still JSON lines if it is not one valid document and some other line is a
    JSON object: a broken first line must not turn the whole file into one broken document.
    """
    if len(lines) <= 1:
        return False
    if lines["line"].head(1).str.json_path_match(f"$.{probe}".rstrip("."))[0] is not None:
        return True
    if _valid_document(path):
        return False
    text = pl.col("line").str.strip_chars()
    return bool(lines.select((text.str.starts_with("{") & text.str.json_path_match("$").is_not_null()).any()).item())


def _valid_document(path: Path) -> bool:
    doc = pl.Series("doc", [path.read_text(encoding="utf-8-sig", errors="replace")])
    return doc.str.json_path_match("$")[0] is not None


def decode_isolated(texts: pl.Series, dtype: pl.DataType) -> tuple[pl.Series, list[int]]:
    """Decode JSON texts with ``dtype``; those that do not fit become null.

    Returns:
        The decoded values, and the positions of the texts that did not fit.
    """
    try:
        return texts.str.json_decode(dtype), []
    except pl.exceptions.ComputeError:
        if len(texts) <= 1:
            return pl.Series(texts.name, [None] * len(texts), dtype=dtype), list(range(len(texts)))
    half = len(texts) // 2
    first, bad_first = decode_isolated(texts.slice(0, half), dtype)
    second, bad_second = decode_isolated(texts.slice(half), dtype)
    return pl.concat([first, second]), bad_first + [half + i for i in bad_second]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, bool):
        return "true/false"
    return "null" if value is None else "a number"


def type_problem(value: Any, dtype: pl.DataType | DataTypeClass, where: str = "") -> str | None:
    """Say where a decoded JSON record does not fit ``dtype`` (None when nothing is found).

    The answer continues "the record ...": "is a number where an object is expected", or
    "has a field 'grantedToV2' that is a text where an object is expected".
    """
    if value is None:
        return None
    name = f"has a field {where!r} that" if where else ""
    if isinstance(dtype, pl.Struct):
        if not isinstance(value, dict):
            return f"{name} is {_kind(value)} where an object is expected".lstrip()
        for f in dtype.fields:
            found = type_problem(value.get(f.name), f.dtype, f"{where}.{f.name}" if where else f.name)
            if found:
                return found
        return None
    if isinstance(dtype, pl.List):
        if isinstance(value, list):
            return next((p for i, v in enumerate(value) if (p := type_problem(v, dtype.inner, f"{where}[{i}]"))), None)
        return f"{name} is {_kind(value)} where a list is expected".lstrip() if isinstance(value, dict) else None
    if isinstance(value, dict | list):
        return f"{name} is {_kind(value)} where a text or number is expected".lstrip()
    return None


def _misfit_reason(text: str | None, dtype: pl.DataType | DataTypeClass, what: str) -> str:
    try:
        found = type_problem(json.loads(text or ""), dtype)
    except ValueError:
        found = "is not valid JSON"
    return f"{what} {found or 'does not have the expected structure'}; {AGAIN}"


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
        The rows with the struct's fields as columns, and the quarantined rows (not JSON, no
        ``probe`` key, or a field of the wrong type).
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
    decoded, misfits = decode_isolated(good[column].str.strip_chars(), dtype)
    bad += [
        Quarantine(str(path), int(good["source_row"][i]), _misfit_reason(good[column][i], dtype, what)) for i in misfits
    ]
    good = good.with_columns(decoded.alias("_json")).filter(~pl.int_range(pl.len()).is_in(misfits))
    return good.drop(column).unnest("_json"), bad


def load_json_records(
    path: Path, dtype: pl.Struct, containers: tuple[str, ...], required: tuple[str, ...] = ()
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """Read a JSON export (one document, or JSON lines) into one row per record.

    A document may be a list of records, an object holding the list under one of
    ``containers`` (dotted key paths such as ``ocs.data``), or a single record. A record that
    is not an object, has a field of the wrong type, or lacks a ``required`` value is
    quarantined with its position; the others are read.

    Args:
        path: The file.
        dtype: The record's fields (explicit struct type).
        containers: Key paths under which API responses keep their list of records.
        required: Fields every record must have (when no record has one, the file is
            quarantined instead: it was exported with a field selection).

    Returns:
        The records as columns with ``source_row``, the quarantined rows or file, and the
        number of records seen.
    """
    lines = json_lines(path)
    if is_json_lines(lines, path):
        good, bad = decode_json_column(lines, "line", dtype, path, "the line")
        return _required(good, bad, required, path, "the line", len(lines))
    return _load_document(path, dtype, containers, required)


def _load_document(
    path: Path, dtype: pl.Struct, containers: tuple[str, ...], required: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """``load_json_records`` for a file that is one JSON document."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    doc = pl.Series("doc", [text])
    if doc.str.json_path_match("$")[0] is None:
        reason = "not valid JSON (cut short or edited?); export it again and do not edit it"
        return None, [Quarantine(str(path), None, reason)], 0
    try:
        misfits: dict[int, str] = {}
        recs = _records(doc, dtype, containers)
    except pl.exceptions.ComputeError:
        try:
            recs, misfits = _records_one_by_one(text, dtype, containers)
        except ValueError:  # Polars took it for JSON, Python does not
            return None, [Quarantine(str(path), None, f"not valid JSON ({AGAIN})")], 0
    good, bad, count = _record_rows(recs, misfits, path)
    return _required(good, bad, required, path, "the record", count)


def _record_rows(recs: pl.Series, misfits: dict[int, str], path: Path) -> tuple[pl.DataFrame, list[Quarantine], int]:
    """The decoded records as rows numbered from 1, the misfit and empty ones quarantined."""
    frame = recs.to_frame("_json").with_row_index("source_row", offset=1)
    frame = frame.with_columns(pl.col("source_row").cast(pl.Int64))
    bad = [Quarantine(str(path), row, reason) for row, reason in misfits.items()]
    nulls = frame.filter(pl.col("_json").is_null() & ~pl.col("source_row").is_in(list(misfits)))
    bad += [Quarantine(str(path), int(row), f"the record is empty (null); {AGAIN}") for row in nulls["source_row"]]
    good = frame.filter(pl.col("_json").is_not_null()).unnest("_json")
    return good, sorted(bad, key=lambda q: q.row or 0), frame.height


def _required(
    df: pl.DataFrame, bad: list[Quarantine], required: tuple[str, ...], path: Path, what: str, count: int
) -> tuple[pl.DataFrame | None, list[Quarantine], int]:
    """Quarantine the records that lack a required value (the file when none has it)."""
    if not required or df.height == 0:
        return df, bad, count
    absent = [k for k in required if df[k].is_null().all()]
    if absent:
        reason = (
            f"no record has the required key(s) {', '.join(repr(k) for k in absent)}; "
            "export again with all fields (no field selection)"
        )
        return None, [*bad, Quarantine(str(path), None, reason)], count
    first_missing = pl.coalesce([pl.when(pl.col(k).is_null()).then(pl.lit(k)) for k in required])
    message = pl.format("{} has no '{}' value; {}", pl.lit(what), first_missing, pl.lit(AGAIN))
    good, missing = split_bad(df, pl.any_horizontal(pl.col(list(required)).is_null()), message, path)
    return good, sorted(bad + missing, key=lambda q: q.row or 0), count


def _records(doc: pl.Series, dtype: pl.Struct, containers: tuple[str, ...]) -> pl.Series:
    if str(doc[0]).lstrip().startswith("["):
        return _explode(doc.str.json_decode(pl.List(dtype)))
    for key in containers:
        inner = doc.str.json_path_match(f"$.{key}")
        if inner[0] is not None and str(inner[0]).startswith("["):
            return _explode(inner.str.json_decode(pl.List(dtype)))
    return doc.str.json_decode(dtype)


def _explode(lists: pl.Series) -> pl.Series:
    """The elements of a one-item list Series (an empty list gives no element, not a null)."""
    return lists.explode() if lists.list.len()[0] else lists.list.first().head(0)


def _records_one_by_one(text: str, dtype: pl.Struct, containers: tuple[str, ...]) -> tuple[pl.Series, dict[int, str]]:
    """The records of a document that does not fit ``dtype`` as a whole; misfits by position.

    Raises:
        ValueError: Python's JSON parser rejects the document.
    """
    items = _record_list(json.loads(text), containers)
    texts = pl.Series("_json", [json.dumps(item) for item in items], dtype=pl.String)
    decoded, misfits = decode_isolated(texts, dtype)
    reasons = {i + 1: f"the record {type_problem(items[i], dtype) or 'does not fit'}; {AGAIN}" for i in misfits}
    return decoded, reasons


def _record_list(doc: Any, containers: tuple[str, ...]) -> list[Any]:
    if isinstance(doc, list):
        return doc
    for key in containers:
        inner: Any = doc
        for part in key.split("."):
            inner = inner.get(part) if isinstance(inner, dict) else None
        if isinstance(inner, list):
            return inner
    return [doc]
