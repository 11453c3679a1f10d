"""Readers for entity-list exports: each file -> organisations in ``ENTITY_SCHEMA`` plus skip counts.

Formats (the explicit list is ``itemlists.entities.FORMATS``):

- ``plain``: ``name,country,aliases,list`` (aliases and countries separated by ``;``);
- ``opensanctions-csv``: OpenSanctions' simple CSV (``targets.simple.csv``: ``id, schema,
  name, aliases, countries, sanctions, dataset, ...``, multiple values separated by ``;``);
- ``ftm``: OpenSanctions' FollowTheMoney JSON lines (``entities.ftm.json``: one entity per
  line with ``id``, ``schema`` and ``properties`` such as ``name``, ``alias``, ``weakAlias``,
  ``previousName``, ``country``, ``jurisdiction``, ``program``);
- ``eu-fsf``: the EU consolidated financial-sanctions list (XML, ``sanctionEntity`` elements
  with ``subjectType``, ``nameAlias wholeName``, ``regulation programme`` and country codes).

Natural persons are left out and counted (``skipped``); so are records without a name. A
file that cannot be read as its format raises ``EntityListError`` naming the file and what to
do. The XML parser resolves no entities and fetches nothing from the network.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
from lxml import etree

from itemlists.entities.types import ENTITY_SCHEMA
from itemlists.errors import EntityListError

#: FollowTheMoney / OpenSanctions schemata kept (organisations); Person and the rest are skipped.
ORGANISATION_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_FTM_NAMES = ("name", "alias", "weakAlias", "previousName", "abbreviation")
_ISO2 = frozenset(c.alpha_2 for c in pycountry.countries)
Row = tuple[str, str, list[str], list[str], str, int]
Reader = Callable[[Path], tuple[pl.DataFrame, Counter[str]]]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _countries(values: list[str]) -> list[str]:
    """ISO codes among ``values`` (OpenSanctions writes "ru", "cn"; a few regions like "suhh" are dropped)."""
    return sorted({v.strip().upper() for v in values if v.strip().upper() in _ISO2})


def _frame(rows: list[Row]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=ENTITY_SCHEMA, orient="row")


def _csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in required if c not in header]
            if missing:
                raise EntityListError(
                    f"{str(path)!r}: missing column(s) {', '.join(map(repr, missing))} (found "
                    f"{', '.join(map(repr, header)) or 'no header'}); is this the right --format?")
            for row in reader:
                yield reader.line_num, {(k or "").strip().lower(): (v or "") for k, v in row.items()
                                        if not isinstance(v, list)}
    except (UnicodeError, csv.Error) as exc:
        raise EntityListError(f"{str(path)!r} is not a readable UTF-8 CSV file ({exc}); save it as CSV UTF-8") from None


def read_plain(path: Path) -> tuple[pl.DataFrame, Counter[str]]:
    """``name,country,aliases,list`` rows."""
    rows: list[Row] = []
    skipped: Counter[str] = Counter()
    for line, row in _csv_rows(path, ("name", "country")):
        name = row.get("name", "").strip()
        if not name:
            skipped["record without a name"] += 1
            continue
        rows.append((f"row-{line}", name, _split(row.get("aliases")), _countries(_split(row.get("country"))),
                     row.get("list", "").strip() or path.stem, line))
    return _frame(rows), skipped


def read_opensanctions_csv(path: Path) -> tuple[pl.DataFrame, Counter[str]]:
    """OpenSanctions ``targets.simple.csv`` rows (organisations only)."""
    rows: list[Row] = []
    skipped: Counter[str] = Counter()
    for line, row in _csv_rows(path, ("id", "schema", "name")):
        schema = row.get("schema", "").strip()
        if schema not in ORGANISATION_SCHEMATA:
            skipped[f"schema {schema or 'missing'} (not an organisation)"] += 1
            continue
        name = row.get("name", "").strip()
        if not name:
            skipped["record without a name"] += 1
            continue
        programme = row.get("sanctions", "").split(";")[0].strip() or row.get("dataset", "").strip()
        rows.append((row["id"].strip() or f"row-{line}", name, _split(row.get("aliases")),
                     _countries(_split(row.get("countries"))), programme or path.stem, line))
    return _frame(rows), skipped


def read_ftm(path: Path) -> tuple[pl.DataFrame, Counter[str]]:
    """FollowTheMoney JSON lines (organisations only)."""
    rows: list[Row] = []
    skipped: Counter[str] = Counter()
    try:
        with path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                if text.strip():
                    _ftm_record(json.loads(text), line, rows, skipped)
    except (UnicodeError, json.JSONDecodeError) as exc:
        raise EntityListError(f"{str(path)!r} is not FollowTheMoney JSON lines ({exc}); "
                              "download 'entities.ftm.json' again or choose another --format") from None
    return _frame(rows), skipped


def _ftm_record(record: Any, line: int, rows: list[Row], skipped: Counter[str]) -> None:
    if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
        skipped["line that is not an entity object"] += 1
        return
    schema = str(record.get("schema", ""))
    if schema not in ORGANISATION_SCHEMATA:
        skipped[f"schema {schema or 'missing'} (not an organisation)"] += 1
        return
    props = record["properties"]

    def values(key: str) -> list[str]:
        found = props.get(key) or []
        return [str(v).strip() for v in (found if isinstance(found, list) else [found]) if str(v).strip()]

    names = [v for key in _FTM_NAMES for v in values(key)]
    if not names:
        skipped["record without a name"] += 1
        return
    countries = _countries(values("country") + values("jurisdiction") + values("mainCountry"))
    programme = (values("program") or values("topics") or [str((record.get("datasets") or [""])[0])])[0]
    rows.append((str(record.get("id") or f"row-{line}"), names[0], list(dict.fromkeys(names[1:])), countries,
                 programme, line))


def read_eu_fsf(path: Path) -> tuple[pl.DataFrame, Counter[str]]:
    """The EU consolidated financial-sanctions XML (enterprises only)."""
    rows: list[Row] = []
    skipped: Counter[str] = Counter()
    try:
        parser = etree.iterparse(str(path), events=("end",), tag="{*}sanctionEntity", resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False)
        for position, (_event, element) in enumerate(parser, start=1):
            _fsf_entity(element, position, rows, skipped)
            element.clear()
    except etree.XMLSyntaxError as exc:
        raise EntityListError(f"{str(path)!r} is not well-formed XML ({exc}); download the EU list again") from None
    if not rows and not skipped:
        raise EntityListError(f"{str(path)!r} has no <sanctionEntity> element: it is not the EU consolidated "
                              "financial-sanctions XML; choose another --format")
    return _frame(rows), skipped


def _local(element: Any) -> str:
    return str(etree.QName(element).localname)


def _fsf_entity(entity: Any, position: int, rows: list[Row], skipped: Counter[str]) -> None:
    children = list(entity.iter())
    kinds = [c.get("code", "") for c in children if _local(c) == "subjectType"]
    if "enterprise" not in kinds:
        skipped[f"subject type {kinds[0] if kinds else 'missing'} (not an enterprise)"] += 1
        return
    names = [c.get("wholeName", "").strip() for c in children if _local(c) == "nameAlias"]
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        skipped["record without a name"] += 1
        return
    countries = _countries([c.get("countryIso2Code", "") for c in children if c.get("countryIso2Code")])
    programme = next((c.get("programme", "") for c in children if _local(c) == "regulation" and c.get("programme")),
                     "EU")
    rows.append((entity.get("logicalId") or entity.get("euReferenceNumber") or f"entity-{position}", names[0],
                 names[1:], countries, programme, position))
