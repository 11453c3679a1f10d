"""Organisational units: which faculty, department or institute a record belongs to (issue 16).

A run is given a unit (``--unit "Faculty of Engineering"``) or a mapping file
(``--unit-map units.csv``) whose rows assign a unit by path prefix or by owner::

    path_prefix,owner,unit
    /data/nt/,,Faculty of Natural Sciences
    ,kari@ntnu.no,Department of Physics

Each row fills exactly one of ``path_prefix`` and ``owner``. A document takes the unit of the
longest matching path prefix; a share grant the unit of its owner (grantor, case-insensitive),
else of the longest prefix matching its object path; anything unmatched takes ``--unit`` (or
stays without a unit). The rules travel with the run's record (``runs.info["units"]``) and the
resolved unit is stored on each screening, project assessment and grant observation, so trend
reports group by it without the mapping file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

#: Longest unit name kept (the store's column width).
MAX_UNIT = 100


class UnitMapError(ValueError):
    """A unit mapping file that cannot be used; the message names the file, row and field."""


@dataclass(frozen=True, slots=True)
class UnitMap:
    """Rules assigning a unit: path prefixes, owners and a default.

    Attributes:
        prefixes: ``(prefix, unit)`` pairs, longest prefix first.
        owners: Owner (lower-cased e-mail or account) -> unit.
        default: The unit of records no rule matches, or None.
    """

    prefixes: tuple[tuple[str, str], ...] = ()
    owners: tuple[tuple[str, str], ...] = ()
    default: str | None = None

    def __bool__(self) -> bool:
        return bool(self.prefixes or self.owners or self.default)

    def for_path(self, path: str | None) -> str | None:
        """The unit of a document or object path."""
        if path:
            for candidate in _path_forms(path):
                for prefix, unit in self.prefixes:
                    if candidate.startswith(prefix):
                        return unit
        return self.default

    def for_owner(self, owner: str | None, path: str | None = None) -> str | None:
        """The unit of a grant: its owner's, else its object path's, else the default."""
        if owner:
            unit = dict(self.owners).get(owner.strip().lower())
            if unit:
                return unit
        return self.for_path(path)

    def grant_expr(self, owner: str = "grantor", path: str = "object_path") -> pl.Expr:
        """``for_owner`` as a Polars expression over a grant frame (vectorised, no per-row Python)."""
        expr: pl.Expr = pl.lit(self.default, dtype=pl.String)
        for prefix, unit in reversed(self.prefixes):  # the longest prefix is applied last, so it wins
            expr = pl.when(pl.col(path).fill_null("").str.starts_with(prefix)).then(pl.lit(unit)).otherwise(expr)
        if self.owners:
            by_owner = pl.col(owner).fill_null("").str.strip_chars().str.to_lowercase().replace_strict(
                dict(self.owners), default=None, return_dtype=pl.String)
            expr = pl.coalesce(by_owner, expr)
        return expr.alias("unit")

    def to_record(self) -> dict[str, Any]:
        """JSON-ready form kept with the run."""
        return {"prefixes": [list(p) for p in self.prefixes], "owners": [list(o) for o in self.owners],
                "default": self.default}

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | None) -> UnitMap:
        """The map from ``to_record`` output (an empty map for None)."""
        if not record:
            return cls()
        return cls(tuple((str(p), str(u)) for p, u in record.get("prefixes", [])),
                   tuple((str(o), str(u)) for o, u in record.get("owners", [])),
                   record.get("default"))


def _path_forms(path: str) -> Iterable[str]:
    """The path as stored, then its absolute form (prefixes may be written either way)."""
    yield path
    if "://" not in path:
        absolute = os.path.abspath(path)
        if absolute != path:
            yield absolute


def _unit_name(value: str, where: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise UnitMapError(f"{where}: the unit is empty; give every row a unit name")
    if len(name) > MAX_UNIT:
        raise UnitMapError(f"{where}: the unit name is {len(name)} characters; keep it under {MAX_UNIT + 1}")
    return name


def build_unit_map(unit: str | None = None, mapping: Path | None = None) -> UnitMap:
    """The rules of ``--unit`` and ``--unit-map``; a bad file raises ``UnitMapError``.

    Args:
        unit: The unit of everything no mapping row matches (``--unit``).
        mapping: A CSV file with the header ``path_prefix,owner,unit`` (``owner`` or
            ``path_prefix`` may be left out as a column).
    """
    default = _unit_name(unit, "--unit") if unit is not None else None
    if mapping is None:
        return UnitMap(default=default)
    prefixes: dict[str, str] = {}
    owners: dict[str, str] = {}
    try:
        with mapping.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {(f or "").strip().lower() for f in reader.fieldnames or ()}
            if "unit" not in fields or not fields & {"path_prefix", "owner"}:
                raise UnitMapError(f"{mapping}: the header must name 'unit' and 'path_prefix' and/or 'owner' "
                                   f"(found {', '.join(sorted(fields)) or 'nothing'})")
            for number, row in enumerate(reader, start=2):
                clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
                where = f"{mapping} row {number}"
                prefix, owner = clean.get("path_prefix", ""), clean.get("owner", "")
                if bool(prefix) == bool(owner):
                    raise UnitMapError(f"{where}: fill exactly one of path_prefix and owner")
                name = _unit_name(clean.get("unit", ""), where)
                if prefix:
                    prefixes[prefix] = name
                else:
                    owners[owner.lower()] = name
    except UnicodeDecodeError:
        raise UnitMapError(f"{mapping}: not UTF-8 text; save the mapping as UTF-8 CSV") from None
    except OSError as exc:
        raise UnitMapError(f"{mapping}: cannot be read ({exc.strerror or exc})") from None
    ordered = sorted(prefixes.items(), key=lambda item: (-len(item[0]), item[0]))
    return UnitMap(tuple(ordered), tuple(sorted(owners.items())), default)
