"""The people register: who a grantee is (citizenships, organisation type, in Norway or not).

Read from CSV (any of , ; tab, with or without a byte-order mark) or JSON (a list of objects,
``{"people": [...]}``, or one object per line) with at least ``email, citizenships,
organisation_type, in_norway``. ``citizenships`` are ISO 3166-1 alpha-2 codes separated by
``;`` (a JSON list also works); an empty value means "citizenship unknown". Rows with an invalid
value are quarantined with the reason; the reasons never contain citizenship values, and
nothing here logs them (nationality is personal data).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pycountry

from extractors.shares import io
from extractors.shares.common import identity
from extractors.shares.types import Quarantine

ORGANISATION_TYPES = ("university", "college", "research_institute", "health_enterprise", "company", "other")
PEOPLE_SCHEMA: dict[str, pl.DataType] = {
    "email": pl.String(),  # normalised like grantees (lower-case, guest forms resolved)
    "citizenships": pl.List(pl.String()),  # ISO 3166-1 alpha-2, upper-case, sorted; [] = unknown
    "organisation_type": pl.String(),  # ORGANISATION_TYPES
    "in_norway": pl.Boolean(),
    "source_row": pl.Int64(),
}
REQUIRED = ("email", "citizenships", "organisation_type", "in_norway")
BOOLEANS = {"yes": True, "true": True, "1": True, "ja": True, "y": True,
            "no": False, "false": False, "0": False, "nei": False, "n": False}
COUNTRY_CODES = pl.Series("code", sorted(c.alpha_2 for c in pycountry.countries), dtype=pl.String)
_RECORD = pl.Struct({k: pl.String for k in REQUIRED})
_RECORD_LIST = pl.Struct({**{k: pl.String for k in REQUIRED}, "citizenships": pl.List(pl.String)})


def read_people(path: str | Path) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Read a people register.

    Args:
        path: A CSV or JSON file.

    Returns:
        One row per valid person (``PEOPLE_SCHEMA``) and the quarantined file or rows.
    """
    file = Path(path)
    if not file.is_file():
        return _empty(), [Quarantine(str(path), None, "no such file; check the --people path")]
    try:
        raw, quarantined = _load(file)
    except (pl.exceptions.PolarsError, UnicodeError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = f"not a readable CSV or JSON register ({first[:200]}); save it as CSV UTF-8 and retry"
        return _empty(), [Quarantine(str(path), None, reason)]
    if raw is None:
        return _empty(), quarantined
    people, bad = _validate(raw, file)
    return people, quarantined + bad


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=PEOPLE_SCHEMA)


def _load(path: Path) -> tuple[pl.DataFrame | None, list[Quarantine]]:
    head = io.read_head(path)
    if head.lstrip()[:1] not in ("{", "["):
        table = io.load_csv(path, head)
        return io.pick_columns(table, {k: (k,) for k in REQUIRED}, REQUIRED, path)
    df: pl.DataFrame | None
    try:
        df, bad, _ = io.load_json_records(path, _RECORD, ("people", "data"))
    except pl.exceptions.ComputeError:  # citizenships given as JSON lists
        df, bad, _ = io.load_json_records(path, _RECORD_LIST, ("people", "data"))
        if df is not None:
            df = df.with_columns(pl.col("citizenships").list.join(";"))
    if df is not None:
        bad += io.require_keys(df, REQUIRED, path)
    return (None if df is None or bad and bad[-1].row is None else df), bad


def _validate(df: pl.DataFrame, path: Path) -> tuple[pl.DataFrame, list[Quarantine]]:
    codes = (
        pl.col("citizenships").fill_null("").str.to_uppercase().str.split(";")
        .list.eval(pl.element().str.strip_chars()).list.eval(pl.element().filter(pl.element() != ""))
    )
    df = df.with_columns(
        email=identity(pl.col("email")),
        citizenships=codes,
        organisation_type=pl.col("organisation_type").str.strip_chars().str.to_lowercase()
        .str.replace_all(r"[\s-]+", "_"),
        in_norway=pl.col("in_norway").str.strip_chars().str.to_lowercase()
        .replace_strict(BOOLEANS, default=None, return_dtype=pl.Boolean),
    )
    unknown = pl.col("citizenships").list.eval(~pl.element().is_in(COUNTRY_CODES.implode()))
    reason = (
        pl.when(pl.col("email").is_null() | ~pl.col("email").str.contains("@"))
        .then(pl.lit("'email' is empty or not an e-mail address; fill it in"))
        .when(unknown.list.any())
        .then(pl.format("'citizenships' has an unknown ISO 3166-1 alpha-2 code (position {}); use codes "
                        "such as NO or DE separated by ';'", unknown.list.arg_max() + 1))
        .when(~pl.col("organisation_type").is_in(ORGANISATION_TYPES))
        .then(pl.lit(f"'organisation_type' is not one of {', '.join(ORGANISATION_TYPES)}"))
        .when(pl.col("in_norway").is_null())
        .then(pl.lit("'in_norway' is not yes/no/true/false/1/0; fill it in"))
        .when(pl.col("email").is_duplicated() & (pl.int_range(pl.len()).over("email") > 0))
        .then(pl.lit("duplicate e-mail; the person's first row is used"))
    )
    df = df.with_columns(reason=reason)
    good, bad = io.split_bad(df, pl.col("reason").is_not_null(), pl.col("reason"), path)
    people = good.with_columns(pl.col("citizenships").list.unique().list.sort())
    return people.select([pl.col(c).cast(t) for c, t in PEOPLE_SCHEMA.items()]), bad
