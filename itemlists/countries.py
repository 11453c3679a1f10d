"""Country groups for the person rules: Norway, EEA, NATO and Norwegian sanctions regimes.

The groups are versioned reference data (``itemlists/data/countries/<version>.json``), each
version with its legal sources and the date it was last reviewed. The sanctions table is
written by hand from the regulations and must be reviewed periodically: ``CountryGroups``
says when the next review is due. Every country code is checked against ISO 3166-1 (pycountry)
when the data is loaded.

Citizenship values of people never pass through this module's logging; only counts of the
groups themselves are logged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pycountry
from pydantic import BaseModel, Field, ValidationError

from itemlists.errors import ItemListError

log = logging.getLogger(__name__)

COUNTRIES_ROOT = Path(__file__).parent / "data" / "countries"
SCOPES = ("country", "targeted")

#: Columns of ``CountryGroups.frame()``: one row per ISO 3166-1 alpha-2 code.
COUNTRY_FRAME_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "name": pl.String(),
    "norway": pl.Boolean(),
    "eea": pl.Boolean(),
    "nato": pl.Boolean(),
    "sanctioned": pl.Boolean(),  # a "country"-scope regime: citizenship alone triggers review
    "sanctions": pl.String(),  # "regulation (FOR-...)" of every regime, "; "-joined, or null
    "special_rules": pl.String(),  # special rules of the regimes, " " -joined, or null
}


class CountryDataError(ItemListError):
    """The country-group data is missing or invalid: the rules cannot run; fix the data file."""


@dataclass(frozen=True, slots=True)
class SanctionsRegime:
    """One Norwegian sanctions regulation aimed at a country.

    Attributes:
        country: ISO 3166-1 alpha-2 code of the country concerned.
        regulation: The regulation's Norwegian title.
        reference: Its Lovdata identifier, e.g. ``FOR-2007-02-09-149``.
        date: Date the regulation was made (ISO 8601).
        url: Where the text is published.
        scope: ``country`` (measures aimed at the state: citizenship triggers review) or
            ``targeted`` (only listed persons, entities or groups).
        special_rules: Rules beyond the general ones, e.g. Iran's prior-licence duty.
    """

    country: str
    regulation: str
    reference: str
    date: str
    url: str
    scope: str
    special_rules: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """``<title> (<reference>)``, as used in decision reasons."""
        return f"{self.regulation} ({self.reference})"


class _Regime(BaseModel):
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    regulation: str = Field(min_length=5, description="Norwegian title of the regulation.")
    reference: str = Field(pattern=r"^FOR-\d{4}-\d{2}-\d{2}-\d+$", description="Lovdata identifier.")
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date the regulation was made.")
    url: str = Field(description="Where the text is published.")
    scope: str = Field(description="country | targeted")
    special_rules: list[str] = Field(default_factory=list, description="Rules beyond the general ones.")


class _Group(BaseModel):
    title: str
    source: str = Field(min_length=10, description="Legal source of the membership list.")
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    members: list[str | dict[str, str]]


class _Sanctions(BaseModel):
    title: str
    source: str = Field(min_length=10)
    regimes: list[_Regime]
    not_included: list[str] = Field(default_factory=list)


class _Manifest(BaseModel):
    version: str
    title: str
    reviewed_on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    review_every_days: int = Field(gt=0)
    needs_periodic_review: bool
    review_note: str
    norway: dict[str, str]
    groups: dict[str, _Group]
    sanctions: _Sanctions


@dataclass(frozen=True, slots=True)
class CountryGroups:
    """Norway, the EEA and NATO members, and the sanctions regimes, of one data version.

    Attributes:
        version: The data version (the date it was written or reviewed).
        source: The legal sources, one sentence per group.
        reviewed_on: When the sanctions table was last checked against the regulations.
        review_every_days: How often it must be checked.
        eea: EEA member codes (Norway included).
        nato: NATO member code -> date of membership.
        regimes: Every sanctions regime, in the order of the data file.
        not_included: Known regimes left out of this version, with why.
    """

    version: str
    source: str
    reviewed_on: str
    review_every_days: int
    eea: frozenset[str]
    nato: dict[str, str]
    regimes: tuple[SanctionsRegime, ...]
    not_included: tuple[str, ...] = ()

    def is_norway(self, code: str) -> bool:
        """True for Norway's code (any case)."""
        return code.strip().upper() == "NO"

    def is_eea(self, code: str) -> bool:
        """True when ``code`` is an EEA member (Norway included)."""
        return code.strip().upper() in self.eea

    def is_nato(self, code: str) -> bool:
        """True when ``code`` is a NATO member as of this version's date."""
        return code.strip().upper() in self.nato

    def sanctions(self, code: str) -> list[SanctionsRegime]:
        """The Norwegian sanctions regimes concerning ``code`` (empty when none)."""
        wanted = code.strip().upper()
        return [r for r in self.regimes if r.country == wanted]

    def is_sanctioned(self, code: str) -> bool:
        """True when a ``country``-scope regime concerns ``code`` (citizenship triggers review)."""
        return any(r.scope == "country" for r in self.sanctions(code))

    def review_due(self, today: date | None = None) -> bool:
        """True when the periodic review of the sanctions table is overdue."""
        due = date.fromisoformat(self.reviewed_on) + timedelta(days=self.review_every_days)
        return (today or date.today()) > due

    def frame(self) -> pl.DataFrame:
        """One row per ISO 3166-1 alpha-2 code with its groups (``COUNTRY_FRAME_SCHEMA``)."""
        codes = sorted(c.alpha_2 for c in pycountry.countries)
        rows = [self._row(code) for code in codes]
        return pl.DataFrame(rows, schema=COUNTRY_FRAME_SCHEMA, orient="row")

    def _row(self, code: str) -> tuple[object, ...]:
        regimes = self.sanctions(code)
        country = pycountry.countries.get(alpha_2=code)
        name = getattr(country, "common_name", None) or getattr(country, "name", code)
        cited = "; ".join(r.citation for r in regimes) or None
        special = " ".join(s for r in regimes for s in r.special_rules) or None
        return (code, name, code == "NO", code in self.eea, code in self.nato,
                any(r.scope == "country" for r in regimes), cited, special)


def available_versions(root: Path = COUNTRIES_ROOT) -> list[str]:
    """Installed data versions, oldest first."""
    return sorted(p.stem for p in root.glob("*.json"))


def load_country_groups(version: str | None = None, root: Path = COUNTRIES_ROOT) -> CountryGroups:
    """Load and validate one version of the country groups (default: the newest).

    Args:
        version: A version label (file stem under ``root``), or None for the newest.
        root: The folder of version files.

    Returns:
        The validated groups.

    Raises:
        CountryDataError: No such version, or the data is invalid (unknown ISO code, a regime
            without its regulation, ...); the message names the problem.
    """
    versions = available_versions(root)
    if not versions:
        raise CountryDataError(f"no country-group data in {str(root)!r}; reinstall exportscreen")
    chosen = version or versions[-1]
    if chosen not in versions:
        raise CountryDataError(f"country-group version {chosen!r} is not installed; use one of {versions}")
    path = root / f"{chosen}.json"
    try:
        manifest = _Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise CountryDataError(f"country-group data {str(path)!r} is invalid: {first}; fix the file") from None
    groups = _build(manifest, path)
    log.info("country groups %s: %d EEA, %d NATO, %d sanctions regimes", groups.version, len(groups.eea),
             len(groups.nato), len(groups.regimes))
    return groups


def _build(m: _Manifest, path: Path) -> CountryGroups:
    for name in ("eea", "nato"):
        if name not in m.groups:
            raise CountryDataError(f"country-group data {str(path)!r} has no {name!r} group; add it")
    eea = [_code(c if isinstance(c, str) else c.get("code", ""), path, "eea") for c in m.groups["eea"].members]
    nato = {
        _code(c if isinstance(c, str) else c.get("code", ""), path, "nato"): ("" if isinstance(c, str)
                                                                              else c.get("since", ""))
        for c in m.groups["nato"].members
    }
    regimes = tuple(_regime(r, path) for r in m.sanctions.regimes)
    if _code(m.norway.get("code", ""), path, "norway") != "NO" or "NO" not in eea:
        raise CountryDataError(f"country-group data {str(path)!r}: Norway must be 'NO' and an EEA member")
    source = " ".join(
        [f"Norway: {m.norway.get('source', '')}"]
        + [f"{k.upper()}: {g.source}" for k, g in m.groups.items()]
        + [f"Sanctions: {m.sanctions.source}"]
    )
    return CountryGroups(m.version, source, m.reviewed_on, m.review_every_days, frozenset(eea), nato, regimes,
                         tuple(m.sanctions.not_included))


def _code(value: str, path: Path, where: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise CountryDataError(
            f"country-group data {str(path)!r}: {value!r} in {where!r} is not an ISO 3166-1 alpha-2 code; "
            "use codes such as 'NO' or 'DE'"
        )
    return code


def _regime(r: _Regime, path: Path) -> SanctionsRegime:
    if r.scope not in SCOPES:
        raise CountryDataError(f"country-group data {str(path)!r}: regime {r.reference!r} has scope "
                               f"{r.scope!r}; use one of {SCOPES}")
    return SanctionsRegime(_code(r.country, path, r.reference), r.regulation, r.reference, r.date, r.url, r.scope,
                           tuple(r.special_rules))
