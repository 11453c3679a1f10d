"""Records of a project assessment: levels per risk area, each with its findings and measures."""

from __future__ import annotations

from dataclasses import dataclass, field

from classifiers.types import DocumentResult, Evidence

#: The three EU risk areas of research security (DOMAIN.md "Research security").
AREAS = ("knowledge_transfer", "malign_influence", "ethics")
AREA_TITLES = {
    "knowledge_transfer": "(a) unwanted transfer of knowledge and technology",
    "malign_influence": "(b) malign influence",
    "ethics": "(c) ethics and integrity",
}
#: Levels, lowest first; ``not_assessed`` is not on the scale (it is said, never ranked).
LEVELS = ("none", "low", "elevated", "high")
ALL_LEVELS = ("not_assessed", *LEVELS)
#: Participant groups by country.
GROUPS = ("norway", "eea_nato", "other", "sanctioned", "unknown")
#: Groups outside the EEA and NATO (an unknown country counts as outside until it is known).
OUTSIDE = frozenset({"other", "sanctioned", "unknown"})


def rank(level: str) -> int:
    """Position on the scale (``not_assessed`` ranks below ``none``)."""
    return LEVELS.index(level) if level in LEVELS else -1


@dataclass(frozen=True, slots=True)
class Participant:
    """A partner, person or named country taking part in a project, as the rules see it.

    Attributes:
        source: Where it comes from: ``partners`` (a row of the partners file), ``people``
            (a row of the people register) or ``description`` (a country the text names).
        label: How a reader finds it: "partners.csv row 3: Sharif University of Technology
            (IR, partner)", "people.csv row 4 (a@example.org)", "sentence 12".
        group: One of GROUPS.
        role: The partner's role, "person", or "named" for a country the text names.
        country: The country code for partners and named countries; None for people (their
            citizenships are personal data and stay out of the record: the group says enough).
        regime: The sanctions regulation that makes the group ``sanctioned``, else "".
        evidence: The row or sentence as evidence.
        funding: What a partners row says about funding: its organisation when its role is
            ``funder``, and its ``funding_source``; "" otherwise.
    """

    source: str
    label: str
    group: str
    role: str
    country: str | None
    regime: str
    evidence: Evidence
    funding: str = ""


@dataclass(frozen=True, slots=True)
class AreaFinding:
    """One rule that fired for a risk area.

    Attributes:
        area: One of AREAS.
        level: The level this rule gives (one of LEVELS, or ``not_assessed``).
        rule: The rule's id (``listed_technology_outside_eea_nato``, ...; RULES in rules.py).
        explanation: What was found, in one or two sentences.
        evidence: The sentences or rows it rests on, strongest first.
        measures: Ids of the suggested measures (classifiers/data/measures.tsv).
    """

    area: str
    level: str
    rule: str
    explanation: str
    evidence: tuple[Evidence, ...]
    measures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AreaLevel:
    """The level of one risk area with the findings that set it.

    Attributes:
        area: One of AREAS.
        level: One of ALL_LEVELS.
        findings: Every rule that fired for the area, highest level first.
        note: A plain sentence on what was not assessed, or "".
    """

    area: str
    level: str
    findings: tuple[AreaFinding, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    """A suggested measure, in English and Norwegian."""

    id: str
    who: str
    en: str
    nb: str


@dataclass(frozen=True, slots=True)
class ProjectAssessment:
    """The research-security assessment of one project.

    Attributes:
        path: The description's path as given.
        status: ``assessed`` or ``failed``.
        decision: The project's outcome (DOMAIN vocabulary: review_required, case_by_case,
            catch_all_review, blocked_classified, no_listed_technology, exempt, failed).
        areas: One AreaLevel per area, in AREAS order.
        screening: The description screened like a manuscript.
        participants: Partners, people and named countries, as the rules saw them.
        measures: Suggested measures, in the order of the table.
        reasons: Sentences stating what decided the outcome.
        inputs: The input files (description, partners, people) and entity lists used, with sha256.
        quarantined: One line per partner or people row (or file) not read as given.
        error: Why it failed, else None.
    """

    path: str
    status: str
    decision: str
    areas: tuple[AreaLevel, ...] = ()
    screening: DocumentResult | None = None
    participants: tuple[Participant, ...] = ()
    measures: tuple[Measure, ...] = ()
    reasons: tuple[str, ...] = ()
    inputs: dict[str, str] = field(default_factory=dict)
    quarantined: tuple[str, ...] = ()
    error: str | None = None

    def level(self, area: str) -> str:
        """The level of ``area``."""
        return next((a.level for a in self.areas if a.area == area), "not_assessed")

    @property
    def needs_review(self) -> bool:
        """True when a person must look: the outcome needs review or an area is elevated or high."""
        from classifiers.types import NEEDS_REVIEW

        return self.decision in NEEDS_REVIEW or any(rank(a.level) >= rank("elevated") for a in self.areas)
