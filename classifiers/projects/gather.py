"""From read inputs to ``ProjectFacts``: participants by country group, cues, entity-list hits.

The inputs are already read (``extractors``) and the lists already loaded (``itemlists``);
nothing here touches a file. Entity-list matching runs over the partners' organisation and
funding names (``itemlists.entities.match.match_names``) and over the description's sentences
(``mentions``: listed names written out in full, or listed acronyms of four letters or more).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from classifiers.grants.people import person_features
from classifiers.projects.facts import ProjectFacts
from classifiers.projects.participants import country_group, from_partners, from_people, from_text
from classifiers.types import DocumentResult, Evidence
from extractors.projects.cues import collaboration_countries, project_cues
from extractors.types import Analysis
from itemlists.countries import CountryGroups
from itemlists.entities.match import DEFAULT_THRESHOLD, match_names, mentions
from itemlists.entities.types import EntityHit


@dataclass(frozen=True, slots=True)
class SideInputs:
    """A project's partners and people, read, and the entity lists to check.

    Attributes:
        partners: Partner rows (``extractors.projects.partners.PARTNER_SCHEMA``), or None
            when no partners file was given.
        partners_file: The partners file's name as shown in evidence.
        people: People register rows (``extractors.shares.people.PEOPLE_SCHEMA``), or None.
        people_file: The register's name as shown in evidence.
        aliases: ``itemlists.entities.match.alias_table`` of the lists to check (may be empty).
        entity_lists: Their names and versions.
        threshold: Lowest fuzzy similarity for an entity-list hit.
        flag_threshold: The screening's flag threshold (``ProjectFacts.flag_threshold``).
    """

    partners: pl.DataFrame | None = None
    partners_file: str = "partners"
    people: pl.DataFrame | None = None
    people_file: str = "people"
    aliases: pl.DataFrame | None = None
    entity_lists: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    flag_threshold: float = 0.0


def gather(analysis: Analysis, screening: DocumentResult, side: SideInputs, groups: CountryGroups) -> ProjectFacts:
    """The facts the area rules read, for one project."""
    named = collaboration_countries(analysis.sentences)
    listed = set(side.partners["country_code"].drop_nulls().to_list()) if side.partners is not None else set()
    # A country the partners file already has is that partner, not another one.
    participants = from_text([n for n in named if n.code not in listed], groups)
    if side.partners is not None:
        participants = from_partners(side.partners, side.partners_file, groups) + participants
    if side.people is not None and not side.people.is_empty():
        features = person_features(side.people, groups.frame())
        rows = dict(side.people.select("email", "source_row").iter_rows())
        participants += from_people(features, rows, side.people_file, groups)
    return ProjectFacts(
        screening=screening, participants=tuple(participants),
        partners_given=side.partners is not None or side.people is not None,
        cues=tuple(project_cues(analysis.sentences)), entity_hits=tuple(_entity_hits(analysis, side)),
        named_countries=tuple(named), entity_lists=side.entity_lists,
        named_groups={n.code: country_group(n.code, groups)[0] for n in named},
        flag_threshold=side.flag_threshold,
    )


def _entity_hits(analysis: Analysis, side: SideInputs) -> list[tuple[EntityHit, Evidence]]:
    if side.aliases is None or side.aliases.is_empty():
        return []
    hits: list[tuple[EntityHit, Evidence]] = []
    if side.partners is not None:
        for row in side.partners.iter_rows(named=True):
            names = [n for n in (row["organisation"], row["funding_source"]) if n]
            where = f"{side.partners_file} row {row['source_row']}"
            for hit in match_names(names, side.aliases, side.threshold):
                hits.append((hit, Evidence(f"{where}: {hit.query}", None, None, hit.query, hit.alias, hit.score)))
    sentences = analysis.sentences
    for index, hit in mentions([s.text for s in sentences], side.aliases, side.threshold):
        s = sentences[index]
        hits.append((hit, Evidence(s.text, s.page, s.index, hit.query, hit.alias, hit.score)))
    seen: set[tuple[str, str]] = set()
    unique = []
    for hit, evidence in hits:
        if (hit.list_name, hit.entity_id) not in seen:
            seen.add((hit.list_name, hit.entity_id))
            unique.append((hit, evidence))
    return unique
