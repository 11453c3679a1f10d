"""Structured JSON provisions: the flat JSON-lines layout, or a JSON array of the same rows.

One row per dotted code with at least ``code`` and ``text``; ``notes`` (list of strings),
``parent``, ``depth``, ``entry_code``, ``category`` and ``group`` are used when present and
derived otherwise. Used for the EU annex flat file at build time and for user imports
(format ``flat_jsonl``: ``read_source``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from itemlists.errors import ListImportError
from itemlists.sources.base import SourceData, SourceRequest, one_path
from itemlists.sources.common import records_to_frame
from itemlists.sources.repairs import apply_repairs, repair_report

REQUIRED_KEYS = ("code", "text")


def read_source(request: SourceRequest) -> SourceData:
    """Read one file of provision rows; the version is the request's or the rows' common one."""
    path = one_path(request, "The flat JSON format")
    rows = read_rows(path)
    version = request.version or _common_version(path, rows)
    log = apply_repairs(rows, request.repairs)
    report: dict[str, Any] = {"rows": len(rows), **(repair_report(log) if request.repairs else {})}
    frame = records_to_frame(rows, request.list_id, version)
    return SourceData(frame, report, where=[row["where"] for row in rows])


def _common_version(path: Path, rows: list[dict[str, Any]]) -> str:
    labels = {str(row.get("version") or "") for row in rows}
    if len(labels) != 1 or "" in labels:
        raise ListImportError(f"{path.name!r} has no single 'version' field; pass --version")
    return labels.pop()


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Read provision rows from a JSON-lines file or a JSON array.

    Args:
        path: The file to read.

    Returns:
        Row dicts with ``notes`` always a list of strings.

    Raises:
        ListImportError: The file is not UTF-8 JSON, or a row lacks ``code``/``text``; the
            message names the line (JSON lines) or array index.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ListImportError(f"{path.name!r} is not UTF-8 text: not a structured list") from exc
    stripped = raw.lstrip()
    if stripped.startswith("["):
        return _array_rows(path, stripped)
    return _jsonl_rows(path, raw)


def _array_rows(path: Path, raw: str) -> list[dict[str, Any]]:
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ListImportError(
            f"{path.name!r} is not valid JSON (line {exc.lineno}: {exc.msg}); expected an array of provisions"
        ) from exc
    if not isinstance(items, list) or not items:
        raise ListImportError(f"{path.name!r} holds no provisions: not a list")
    return [_checked(path, f"item {i}", item) for i, item in enumerate(items)]


def _jsonl_rows(path: Path, raw: str) -> list[dict[str, Any]]:
    rows = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ListImportError(
                f"{path.name!r} line {lineno} is not JSON ({exc.msg}); expected one provision "
                "object per line or a JSON array"
            ) from exc
        rows.append(_checked(path, f"line {lineno}", item))
    if not rows:
        raise ListImportError(f"{path.name!r} holds no provisions: not a list")
    return rows


def _checked(path: Path, where: str, item: object) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ListImportError(f"{path.name!r} {where} is not a provision object: not a list")
    missing = [key for key in REQUIRED_KEYS if not isinstance(item.get(key), str)]
    if missing:
        raise ListImportError(f"{path.name!r} {where} lacks {', '.join(missing)}: not a list of provisions")
    notes = item.get("notes") or []
    if not isinstance(notes, list):
        notes = [str(notes)]
    row = dict(item)
    row["code"] = item["code"].strip()
    row["notes"] = [str(note) for note in notes]
    row["where"] = where
    return row
