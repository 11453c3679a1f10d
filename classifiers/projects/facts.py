"""What the area rules read: the screening, the participants, the cues and the entity-list hits."""

from __future__ import annotations

from dataclasses import dataclass, field

from classifiers.projects.types import OUTSIDE, Participant
from classifiers.types import DocumentResult, Evidence, Finding
from extractors.projects.cues import NamedCountry, ProjectCue
from itemlists.entities.types import EntityHit
from itemlists.types import LIST_IDS


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """Everything the rules of the three areas look at.

    Attributes:
        screening: The description screened like a manuscript.
        participants: Partners rows, people and the countries the description names.
        partners_given: True when a partners file (or a people register) was given.
        cues: Influence and ethics cues of the description.
        entity_hits: Partners or names in the description that match an entity list, each
            with its evidence (the partners row or the sentence).
        named_countries: Countries the description names next to collaboration words (also
            used to tell whose funding a funding sentence speaks of).
        entity_lists: The entity lists checked ("OS@2026-12-01"); empty when none were given.
        named_groups: The country group of each country the description names (code -> group),
            also of those the partners file already has.
        flag_threshold: The screening's flag threshold: a near-miss scored at or above it was
            held back by a rule (item not named, conditions unstated), one below it counts as
            technology close to a listed item only when its numbers were compared.
    """

    screening: DocumentResult
    participants: tuple[Participant, ...] = ()
    partners_given: bool = False
    cues: tuple[ProjectCue, ...] = ()
    entity_hits: tuple[tuple[EntityHit, Evidence], ...] = ()
    named_countries: tuple[NamedCountry, ...] = ()
    entity_lists: tuple[str, ...] = ()
    named_groups: dict[str, str] = field(default_factory=dict)
    flag_threshold: float = 0.0

    @property
    def outside(self) -> list[Participant]:
        """Participants outside the EEA and NATO (other, sanctioned or unknown)."""
        return [p for p in self.participants if p.group in OUTSIDE]

    @property
    def partners_known(self) -> bool:
        """True when anything tells who takes part: a partners file, a register, or named countries."""
        return self.partners_given or bool(self.participants)


def _numbers_met(finding: Finding) -> bool:
    """Every number compared is met, and the provision's own conditions (not only a parent's) among them."""
    stated = [t for t in finding.thresholds if t.met is not None]
    own = [t for t in stated if t.code == finding.code]
    return bool(own) and all(t.met for t in stated)


def technology(screening: DocumentResult, flag_threshold: float = 0.0) -> tuple[str, list[Finding]]:
    """What the screening found: ``listed``, ``catch_all``, ``near_miss`` or ``none``, with its findings.

    A near-miss is technology close to a listed item when its numbers were compared (met or
    not) or its score reached ``flag_threshold``; a weak match of ordinary words just above
    the cutoff ("detectors" ~ "detection systems" in a face-blurring project) is not.
    """
    listed = [f for f in screening.flags if f.list in LIST_IDS]
    # RULES.md: listed technology is a provision whose numbers the description meets. A
    # near-miss that meets its own conditions and every other number compared is such a
    # provision, even when its score stays below the manuscript threshold.
    listed += [f for f in screening.findings if f.level == "near_miss" and f.list in LIST_IDS
               and f.suppressed_by is None and _numbers_met(f)]
    if listed:
        return "listed", listed
    catch_all = [f for f in screening.flags if f.rule == "catch_all"]
    if catch_all or screening.decision == "catch_all_review":
        return "catch_all", catch_all
    near = [f for f in screening.findings if f.level == "near_miss" and f.list in LIST_IDS and f.suppressed_by is None
            and (f.score >= flag_threshold or any(t.met is not None for t in f.thresholds))]
    if near:
        return "near_miss", near
    return "none", []
