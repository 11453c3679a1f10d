"""The ``--unit`` and ``--unit-map`` options of ``screen``, ``assess`` and ``shares scan`` (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reports.units import UnitMap, UnitMapError, build_unit_map

F = TypeVar("F", bound=Callable[..., Any])


def unit_options(function: F) -> F:
    """Add ``--unit NAME`` and ``--unit-map FILE`` to a command."""
    function = click.option(
        "--unit-map", "unit_map", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="CSV 'path_prefix,owner,unit' assigning units by path prefix or owner (longest prefix wins).",
    )(function)
    return click.option(
        "--unit", "unit", metavar="NAME", default=None,
        help="Organisational unit stored with the records (those --unit-map does not match); used by "
             "'report trends --group unit'.",
    )(function)


def resolve_units(unit: str | None, unit_map: Path | None) -> UnitMap:
    """The rules of the two options; a bad mapping file is a usage error (exit 2) naming file and row."""
    if unit_map is not None and not unit_map.is_file():
        raise click.BadParameter(f"{unit_map}: no such file; give a CSV 'path_prefix,owner,unit'",
                                 param_hint="'--unit-map'")
    try:
        return build_unit_map(unit, unit_map)
    except UnitMapError as exc:
        raise click.BadParameter(str(exc), param_hint="'--unit-map'" if unit_map else "'--unit'") from None
