"""The people register: who a grantee is (citizenships, organisation type, in Norway or not).

Read from CSV (any of , ; tab, with or without a byte-order mark) or JSON (a list of objects,
``{"people": [...]}``, or one object per line) with at least ``email, citizenships,
organisation_type, in_norway``. ``citizenships`` are ISO 3166-1 alpha-2 codes separated by
``;`` (a JSON list also works); an empty value means "citizenship unknown" (the grant rules make
such a person an unknown recipient, never a Norwegian). Rows with an invalid value are
quarantined with the reason.

Several rows for one person (an HR export often has a row per citizenship) are merged: every
row's citizenships are kept, and where the rows disagree on ``organisation_type`` or
``in_norway`` the reading that leads to review is used (not in Norway; an organisation the
EEA/NATO exemption does not cover). Each merge is reported as a notice naming the rows and the
e-mail, in the person's ``register_note`` (it goes into the grant's reasons) and in the log.

Nationality is personal data: reasons, notices and log lines never contain citizenship values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pycountry

from extractors.shares import io, json_records
from extractors.shares.common import identity
from extractors.shares.types import Quarantine

log = logging.getLogger(__name__)

ORGANISATION_TYPES = ("university", "college", "research_institute", "health_enterprise", "company", "other")
EXEMPT_ORGANISATIONS = ("university", "college", "research_institute", "health_enterprise")
"""The organisation types of the EEA/NATO exemption (``classifiers.grants.people`` uses them)."""
PEOPLE_SCHEMA: dict[str, pl.DataType] = {
    "email": pl.String(),  # normalised like grantees (lower-case, guest forms resolved)
    "citizenships": pl.List(pl.String()),  # ISO 3166-1 alpha-2, upper-case, sorted; [] = unknown
    "organisation_type": pl.String(),  # ORGANISATION_TYPES
    "in_norway": pl.Boolean(),
    "source_row": pl.Int64(),  # the person's first row in the register
    "register_note": pl.String(),  # the merge notice when the person has several rows, else null
    "unread_rows": pl.List(pl.Int64()),  # the person's quarantined rows (null when none): not all is known
}
REQUIRED = ("email", "citizenships", "organisation_type", "in_norway")
BOOLEANS = {"yes": True, "true": True, "1": True, "ja": True, "y": True,
            "no": False, "false": False, "0": False, "nei": False, "n": False}
COUNTRY_CODES = pl.Series("code", sorted(c.alpha_2 for c in pycountry.countries), dtype=pl.String)
LOGGED_NOTICES = 10
"""Merge notices logged one by one; the rest are counted in one line (all are in ``notices``)."""
_RECORD_LIST = pl.Struct({**{k: pl.String for k in REQUIRED}, "citizenships": pl.List(pl.String)})


@dataclass(frozen=True, slots=True)
class PeopleRead:
    """A read people register.

    Attributes:
        people: One row per person (``PEOPLE_SCHEMA``).
        quarantined: The file or rows not read, with reasons.
        notices: One line per merged person (rows and e-mail; never citizenships).
    """

    people: pl.DataFrame
    quarantined: list[Quarantine] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_people(path: str | Path) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Read a people register (the merge notices are logged; ``read_register`` returns them).

    Args:
        path: A CSV or JSON file.

    Returns:
        One row per valid person (``PEOPLE_SCHEMA``) and the quarantined file or rows.
    """
    register = read_register(path)
    return register.people, register.quarantined


def read_register(path: str | Path) -> PeopleRead:
    """Read a people register: people, quarantined file or rows, and merge notices."""
    file = Path(path)
    if not file.is_file():
        return PeopleRead(_empty(), [Quarantine(str(path), None, "no such file; check the --people path")])
    try:
        raw, quarantined, lost = _load(file)
    except (pl.exceptions.PolarsError, UnicodeError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = f"not a readable CSV or JSON register ({first[:200]}); save it as CSV UTF-8 and retry"
        return PeopleRead(_empty(), [Quarantine(str(path), None, reason)])
    if raw is None:
        return PeopleRead(_empty(), quarantined)
    people, bad = _validate(raw, file, lost)
    notices = [f"{path}: {note}" for note in people["register_note"].drop_nulls().to_list()]
    for notice in notices[:LOGGED_NOTICES]:
        log.info("%s", notice)
    if len(notices) > LOGGED_NOTICES:
        log.info("%s: %d more people with several rows were merged", path, len(notices) - LOGGED_NOTICES)
    return PeopleRead(people, sorted(quarantined + bad, key=lambda q: q.row or 0), notices)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=PEOPLE_SCHEMA)


def _load(path: Path) -> tuple[pl.DataFrame | None, list[Quarantine], pl.DataFrame]:
    """The register's rows as strings, the quarantined file or rows, and whose rows were lost.

    The last frame has ``email`` and ``source_row`` of rows the CSV parser rejected but could
    still split (too many or too few fields): the person is known, not all of their data.
    """
    head = io.read_head(path)
    lost = pl.DataFrame(schema={"email": pl.String, "source_row": pl.Int64})
    if head.lstrip()[:1] not in ("{", "["):
        table, check = io.load_csv(path, head)
        if table is None:
            return None, check.quarantined, lost
        picked, missing = io.pick_columns(table, {k: (k,) for k in REQUIRED}, REQUIRED, path)
        header = [c.strip().removeprefix("\ufeff").lower() for c in table.columns if c != "source_row"]
        if "email" in header and check.rejected:
            at = header.index("email")
            pairs = [(f[at], row) for row, f in check.rejected.items() if len(f) > at]
            lost = pl.DataFrame(pairs, schema=lost.schema, orient="row")
        return picked, missing or check.quarantined, lost
    # A list type reads both forms: "NO;IR" becomes ["NO;IR"], ["NO", "IR"] stays a list.
    df, bad, _ = json_records.load_json_records(path, _RECORD_LIST, ("people", "data"))
    if df is not None:
        df = df.with_columns(pl.col("citizenships").list.join(";"))
        bad += io.require_keys(df, REQUIRED, path)
    return (None if df is None or bad and bad[-1].row is None else df), bad, lost


def _validate(df: pl.DataFrame, path: Path, lost: pl.DataFrame) -> tuple[pl.DataFrame, list[Quarantine]]:
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
    )
    df = df.with_columns(reason=reason)
    good, bad = io.split_bad(df, pl.col("reason").is_not_null(), pl.col("reason"), path)
    unread = (
        pl.concat([df.filter(pl.col("reason").is_not_null()).select("email", "source_row"),
                   lost.select(identity(pl.col("email")).alias("email"), "source_row")])
        .drop_nulls("email")
        .group_by("email")
        .agg(unread_rows=pl.col("source_row").sort())
    )
    people = _merge(good).join(unread, on="email", how="left")
    return people.select([pl.col(c).cast(t) for c, t in PEOPLE_SCHEMA.items()]), bad


def _merge(good: pl.DataFrame) -> pl.DataFrame:
    """One row per e-mail: all citizenships, the reading of the other fields that leads to review."""
    covered = pl.col("organisation_type").is_in(EXEMPT_ORGANISATIONS)
    merged = good.group_by("email", maintain_order=True).agg(
        citizenships=pl.col("citizenships").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        organisation_type=pl.col("organisation_type").sort_by(covered, maintain_order=True).first(),
        in_norway=pl.col("in_norway").all(),
        source_row=pl.col("source_row").first(),
        _rows=pl.col("source_row").cast(pl.String).str.join(", "),
        _n=pl.len(),
        _types=pl.col("organisation_type").n_unique(),
        _places=pl.col("in_norway").n_unique(),
    )
    note = pl.format(
        "rows {} are the same person ({}) and were merged: the citizenships of every row are used{}{}",
        "_rows", "email",
        pl.when(pl.col("_types") > 1).then(pl.format(
            "; the rows disagree on organisation_type, so the reading that leads to review is used ({})",
            "organisation_type")).otherwise(pl.lit("")),
        pl.when(pl.col("_places") > 1).then(pl.lit(
            "; the rows disagree on in_norway, so the reading that leads to review is used (not in Norway)"))
        .otherwise(pl.lit("")),
    )
    return merged.with_columns(register_note=pl.when(pl.col("_n") > 1).then(note))
