"""Who takes part in a project, grouped by country: partners rows, people, countries the text names.

Groups (``types.GROUPS``): ``norway``; ``eea_nato``; ``sanctioned`` (a country-wide Norwegian
sanctions regime); ``other``; ``unknown`` (a partner row whose country could not be resolved,
a person with no citizenship recorded). ``unknown`` counts as outside the EEA and NATO until
it is known: a missing fact never makes a partner safe.

A person's group comes from the people register rules (``classifiers.grants.people``):
Norwegian citizens are ``norway`` even with other citizenships, except that any citizenship of
a sanctioned country makes the person ``sanctioned`` (DOMAIN.md: sanctions review always).
Citizenship codes are not copied into the record: the group and the regime say what the rule
needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from classifiers.projects.types import Participant
from classifiers.types import Evidence
from extractors.projects.cues import NamedCountry
from itemlists.countries import CountryGroups


def country_group(code: str | None, groups: CountryGroups) -> tuple[str, str]:
    """(group, sanctions citation) of a country code."""
    if not code:
        return "unknown", ""
    if groups.is_sanctioned(code):
        return "sanctioned", "; ".join(r.citation for r in groups.sanctions(code) if r.scope == "country")
    if groups.is_norway(code):
        return "norway", ""
    if groups.is_eea(code) or groups.is_nato(code):
        return "eea_nato", ""
    return "other", ""


def from_partners(partners: pl.DataFrame, file: str, groups: CountryGroups) -> list[Participant]:
    """One participant per partners row (quarantined rows included: unknown country -> ``unknown``)."""
    found = []
    for row in partners.iter_rows(named=True):
        group, regime = country_group(row["country_code"], groups)
        where = row["country_code"] or f"country {row['country_text']!r} not resolved"
        label = f"{file} row {row['source_row']}: {row['organisation'] or '(no name)'} ({where}, {row['role']})"
        text = ", ".join(str(row[k]) for k in ("organisation", "country_text", "role", "funding_source") if row[k])
        evidence = Evidence(text, None, None, row["organisation"] or "", f"partner row {row['source_row']}", 1.0)
        funding = " ".join(x for x in ((row["organisation"] or "") if row["role"] == "funder" else "",
                                       row["funding_source"] or "") if x)
        found.append(Participant("partners", label, group, str(row["role"]), row["country_code"], regime, evidence,
                                 funding))
    return found


def from_people(features: pl.DataFrame, source_rows: dict[str, int], file: str,
                groups: CountryGroups) -> list[Participant]:
    """One participant per person of the register (``classifiers.grants.people.person_features`` rows).

    A sanctioned person's regime is named by its regulation only: the record says which rule
    applies, not the person's citizenship.
    """
    found = []
    for row in features.iter_rows(named=True):
        if row["sanctioned_codes"]:
            codes = str(row["sanctioned_codes"]).split(", ")
            group, regime = "sanctioned", "; ".join(dict.fromkeys(country_group(c, groups)[1] for c in codes))
        elif row["is_norwegian"]:
            group, regime = "norway", ""
        elif row["eea_nato_codes"]:
            group, regime = "eea_nato", ""
        elif not row["citizenship_count"]:
            group, regime = "unknown", ""
        else:
            group, regime = "other", ""
        label = f"{file} row {source_rows.get(row['email'], 0)} ({row['email']})"
        evidence = Evidence(label, None, None, str(row["email"]), "person", 1.0)
        found.append(Participant("people", label, group, "person", None, regime, evidence))
    return found


def from_text(named: Sequence[NamedCountry], groups: CountryGroups) -> list[Participant]:
    """One participant per country the description names as a partner's (Norway left out)."""
    found = []
    seen: set[str] = set()
    for mention in named:
        group, regime = country_group(mention.code, groups)
        if group == "norway" or mention.code in seen:
            continue
        seen.add(mention.code)
        where = f"page {mention.page}, " if mention.page else ""
        label = f"the description ({where}sentence {mention.sentence + 1}) names {mention.words!r}"
        evidence = Evidence(mention.text, mention.page, mention.sentence, mention.words, mention.code, 1.0)
        found.append(Participant("description", label, group, "named", mention.code, regime, evidence))
    return found
