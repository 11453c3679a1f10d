"""Entity-list records: one row per listed organisation, and the manifest of an imported version.

Entity lists (sanctions lists, military end-user lists) are imported by the user, versioned
like item lists and kept with their provenance (source file, sha256, format, import time).
Only organisations are kept: a project's partners, funders and hosts are organisations, and
a list's entries on natural persons are personal data the rules do not need.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from pydantic import BaseModel, Field

#: One row per listed organisation (``entities.parquet``).
ENTITY_SCHEMA: dict[str, pl.DataType] = {
    "entity_id": pl.String(),  # the list's own id, or "row-<n>" when it has none
    "name": pl.String(),  # the primary name as listed
    "aliases": pl.List(pl.String()),  # other names, acronyms, transliterations
    "countries": pl.List(pl.String()),  # ISO 3166-1 alpha-2, upper-case ([] when not given)
    "list": pl.String(),  # the programme or list inside the file ("IRN", "US Entity List", ...)
    "source_row": pl.Int64(),  # line (CSV), line (JSON lines) or entity position (XML)
}


class EntityListManifest(BaseModel):
    """Provenance of one imported entity-list version (``manifest.json``)."""

    name: str = Field(description="The list's name as imported (--name), e.g. 'OS'.")
    version: str = Field(description="The version label (--version), e.g. '2026-12-01'.")
    format: str = Field(description="The source format (itemlists.entities.FORMATS).")
    source_file: str = Field(description="The file imported, as given.")
    source_sha256: str = Field(description="sha256 of the file imported.")
    imported_at: str = Field(description="When it was imported (ISO 8601 UTC).")
    entities: int = Field(description="Organisations kept.")
    names: int = Field(description="Names and aliases kept, in all.")
    skipped: int = Field(description="Records left out (natural persons, records without a name).")
    skipped_reasons: dict[str, int] = Field(default_factory=dict, description="Why, counted.")


@dataclass(frozen=True, slots=True)
class EntityHit:
    """An organisation name that matches a listed entity.

    Attributes:
        query: The name as given (a partner's organisation, or words of the description).
        entity_id: The list's id of the entity.
        entity_name: The entity's primary name.
        alias: The listed name or alias that matched.
        score: Similarity of the normalised names, 0..1 (1.0 for an exact or acronym match).
        how: ``exact`` (same normalised name), ``acronym`` (a listed acronym, case and all)
            or ``fuzzy`` (rapidfuzz ratio over normalised, word-sorted names).
        list_name: The imported list's name and version, ``OS@2026-12-01``.
        programme: The list or programme inside the file.
        countries: The entity's countries (ISO codes).
    """

    query: str
    entity_id: str
    entity_name: str
    alias: str
    score: float
    how: str
    list_name: str
    programme: str
    countries: tuple[str, ...]

    def describe(self) -> str:
        """One line for a reason: what matched what, how, on which list."""
        where = f" ({', '.join(self.countries)})" if self.countries else ""
        return (f"{self.query!r} matches {self.entity_name!r}{where} on {self.list_name} "
                f"[{self.programme}] through the listed name {self.alias!r} ({self.how}, score {self.score:.2f})")
