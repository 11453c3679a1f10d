"""The partners file of a project: who takes part, from which country, in what role.

CSV (any of , ; tab, with or without a byte-order mark) with the columns
``organisation,country,role`` and optionally ``funding_source,contact``; Norwegian headers
(``organisasjon,land,rolle,finansiering,kontakt``) work too. ``role`` is one of
``ROLES`` (Norwegian words are accepted: "finansiør", "underleverandør", "vert", "gjest"; so are the
Research Council's form roles: "project owner" is a host, "R&D partner", "user partner" and
"end user" are partners).
``country`` is an ISO code or a name in English or Norwegian (``countries.resolve_country``).

A row whose country cannot be resolved, whose role is unknown or whose organisation is empty
is quarantined with a one-line reason. It is still returned (``country_code`` null, ``problem``
set), because a partner whose country is unknown is not a safe partner: the rules count it as
outside EEA/NATO. ``contact`` is read to check the file but not kept: no rule needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from extractors.projects.countries import resolve_country
from extractors.shares import io
from extractors.shares.types import Quarantine

ROLES = ("partner", "subcontractor", "funder", "host", "visiting")
ROLE_WORDS = {
    "partner": "partner", "samarbeidspartner": "partner", "prosjektpartner": "partner", "coordinator": "host",
    "subcontractor": "subcontractor", "underleverandør": "subcontractor", "leverandør": "subcontractor",
    "funder": "funder", "finansiør": "funder", "finansiering": "funder", "sponsor": "funder",
    "host": "host", "vert": "host", "vertsinstitusjon": "host", "prosjektansvarlig": "host",
    "visiting": "visiting", "visitor": "visiting", "guest": "visiting", "gjest": "visiting",
    "gjesteforsker": "visiting",
    # The Research Council's own role names in its application forms, in English and Norwegian.
    "project owner": "host", "prosjekteier": "host", "project leader institution": "host",
    "r&d partner": "partner", "fou-partner": "partner", "research partner": "partner", "forskningspartner": "partner",
    "user partner": "partner", "brukerpartner": "partner", "industry partner": "partner", "bedriftspartner": "partner",
    "end user": "partner", "end-user": "partner", "sluttbruker": "partner", "consortium member": "partner",
    "co-funder": "funder", "medfinansiør": "funder", "sub-contractor": "subcontractor",
    "visiting researcher": "visiting", "guest researcher": "visiting",
}
COLUMNS = {
    "organisation": ("organisation", "organization", "organisasjon", "institusjon", "name"),
    "country": ("country", "land"),
    "role": ("role", "rolle"),
    "funding_source": ("funding_source", "funding", "finansiering", "finansieringskilde"),
    "contact": ("contact", "kontakt"),
}
REQUIRED = ("organisation", "country", "role")
PARTNER_SCHEMA: dict[str, pl.DataType] = {
    "organisation": pl.String(),
    "country_text": pl.String(),  # as written
    "country_code": pl.String(),  # ISO 3166-1 alpha-2, or null when it could not be resolved
    "role": pl.String(),  # ROLES, or the value as written when unknown
    "funding_source": pl.String(),
    "source_row": pl.Int64(),
    "problem": pl.String(),  # the quarantine reason, or null
}


@dataclass(frozen=True, slots=True)
class PartnersRead:
    """A read partners file.

    Attributes:
        path: The file as given.
        partners: Every partner row (``PARTNER_SCHEMA``), quarantined rows included with ``problem``.
        quarantined: The file or rows not read as given, with reasons.
    """

    path: str
    partners: pl.DataFrame
    quarantined: list[Quarantine] = field(default_factory=list)


def empty_partners() -> pl.DataFrame:
    """A partners frame with no rows."""
    return pl.DataFrame(schema=PARTNER_SCHEMA)


def read_partners(path: str | Path) -> PartnersRead:
    """Read a partners file; a file that cannot be read at all is one quarantine record."""
    file = Path(path)
    if not file.is_file():
        return PartnersRead(str(path), empty_partners(),
                            [Quarantine(str(path), None, "no such partners file; check the --partners path")])
    try:
        table, quarantined, _ = io.load_table(file, COLUMNS, REQUIRED)
    except (pl.exceptions.PolarsError, UnicodeError, OSError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = f"not a readable CSV partners file ({first[:160]}); save it as CSV UTF-8 with the columns " \
                 "organisation,country,role"
        return PartnersRead(str(path), empty_partners(), [Quarantine(str(path), None, reason)])
    if table is None:
        hint = "; a partners file needs the columns organisation,country,role (optional: funding_source,contact)"
        fixed = [Quarantine(q.file, q.row, q.reason.split("; export the report")[0] + hint)
                 if q.row is None and "missing required column" in q.reason else q for q in quarantined]
        return PartnersRead(str(path), empty_partners(), fixed)
    partners = _resolve(table)
    bad = [Quarantine(str(path), int(row), str(reason))
           for row, reason in partners.filter(pl.col("problem").is_not_null()).select("source_row", "problem").rows()]
    return PartnersRead(str(path), partners, sorted(quarantined + bad, key=lambda q: q.row or 0))


#: Words inside a role as application forms write it ("applicant institution", "industripartner",
#: "brukerpartner og medfinansiør"), most telling first: a row that funds is read as a funder,
#: so its name is checked as a source of money.
ROLE_KEYWORDS = (
    ("funder", re.compile(r"fund|finansi|sponsor|donor|bevilg")),
    ("host", re.compile(r"host|vert|applicant|søker|prosjektansvarlig|project\s+owner|prosjekteier|coordinat"
                        r"|koordinat|lead\s+(?:partner|institution)")),
    ("subcontractor", re.compile(r"sub-?contract|underleverand|supplier|leverandør")),
    ("visiting", re.compile(r"visit|guest|gjest")),
    ("partner", re.compile(r"partner|member|deltaker|end[- ]?user|sluttbruker|collaborat|samarbeid")),
)

OWN_FUNDS = re.compile(r"\bown\s+fund|\begen\w*\s+(?:finansiering|midler)|\begeninnsats")


def role_of(text: str) -> str | None:
    """The role (``ROLES``) a partners row's role text names, or None when it names none.

    The words of ``ROLE_WORDS`` first; then the words inside a longer role as forms write it
    (:data:`ROLE_KEYWORDS`): "applicant / project owner" is the host, "partner / co-funder" a funder.
    """
    text = " ".join(text.lower().split())
    if text in ROLE_WORDS:
        return ROLE_WORDS[text]
    for role, pattern in ROLE_KEYWORDS:
        if role == "funder" and OWN_FUNDS.search(text):  # "partner (own funds)" pays only for itself
            continue
        if pattern.search(text):
            return role
    return None


def _resolve(table: pl.DataFrame) -> pl.DataFrame:
    organisation = pl.col("organisation").str.strip_chars()
    role_text = pl.col("role").fill_null("").str.strip_chars().str.to_lowercase()
    written = table["role"].fill_null("").str.strip_chars().str.to_lowercase().unique().to_list()
    roles = {text: role_of(text) or text for text in written}
    countries = table["country"].fill_null("").to_list()
    codes = pl.Series("country_code", [resolve_country(c) for c in countries], dtype=pl.String)
    frame = table.with_columns(
        organisation=organisation,
        country_text=pl.col("country").fill_null("").str.strip_chars(),
        country_code=codes,
        role=role_text.replace_strict(roles, default=role_text, return_dtype=pl.String),
        funding_source=pl.col("funding_source").str.strip_chars(),
    )
    problem = (
        pl.when(pl.col("organisation").is_null() | (pl.col("organisation") == ""))
        .then(pl.lit("'organisation' is empty; fill in the partner's name"))
        .when(pl.col("country_text") == "")
        .then(pl.lit("'country' is empty; write an ISO code such as DE or a name such as 'Tyskland'"))
        .when(pl.col("country_code").is_null())
        .then(pl.format("'country' {} is not a country code or name known here; write an ISO code such as CN or "
                        "a name such as 'Kina' (the partner is treated as outside EEA/NATO until then)",
                        pl.col("country_text").map_elements(repr, return_dtype=pl.String)))
        .when(~pl.col("role").is_in(ROLES))
        .then(pl.format("'role' {} is not one of " + ", ".join(ROLES),
                        pl.col("role").map_elements(repr, return_dtype=pl.String)))
    )
    return frame.with_columns(problem=problem).select(
        [pl.col(c).cast(t) for c, t in PARTNER_SCHEMA.items()])
