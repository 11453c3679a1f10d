"""The research-security rules of a project (tests/benchmarks/projects/RULES.md), table-driven.

Each case builds the facts the rules read (a screening outcome, who takes part, cues, entity
hits) and names the level expected per area and the outcome.
"""

from __future__ import annotations

from typing import TypedDict

import pytest

from classifiers.projects.assess import as_document_result, assess
from classifiers.projects.facts import ProjectFacts
from classifiers.projects.participants import country_group
from classifiers.projects.types import Participant
from classifiers.types import DocumentResult, Evidence, Finding, ThresholdCheck
from extractors.projects.cues import NamedCountry, ProjectCue, collaboration_countries, project_cues
from extractors.types import Sentence
from itemlists.countries import load_country_groups
from itemlists.entities.types import EntityHit

GROUPS = load_country_groups()
EV = Evidence("evidence sentence", 1, 0, "x", "x", 1.0)


def _finding(level: str = "flag", list_id: str = "II", rule: str = "list_match",
             checks: tuple[ThresholdCheck, ...] = ()) -> Finding:
    return Finding(code="6A005.a.6.b", entry_code="6A005" if list_id else "", list=list_id, list_version="v",
                   provision_text="lasers", score=0.8 if level == "flag" else 0.1, level=level, rule=rule,
                   evidence=(EV,), thresholds=checks)


def _check(code: str, met: bool | None) -> ThresholdCheck:
    return ThresholdCheck(code, "output power", ">", 2000.0, "W", 3000.0 if met else None, "3 kW", met)


SCREENINGS = {
    "listed": DocumentResult("p.md", "screened", "review_required", findings=(_finding(),), sha256="a"),
    "listed_trl3": DocumentResult("p.md", "screened", "case_by_case", findings=(_finding(),), sha256="a"),
    "catch_all": DocumentResult("p.md", "screened", "catch_all_review",
                                findings=(_finding(list_id="", rule="catch_all"),), sha256="a"),
    "near_miss": DocumentResult("p.md", "screened", "no_listed_technology", findings=(_finding("near_miss"),),
                                sha256="a"),
    "none": DocumentResult("p.md", "screened", "no_listed_technology", sha256="a"),
    # A near-miss (by score) that meets its own provision's numbers is listed technology (RULES.md).
    "numbers_met": DocumentResult("p.md", "screened", "no_listed_technology", sha256="a", findings=(
        _finding("near_miss", checks=(_check("6A005.a.6", True), _check("6A005.a.6.b", True))),)),
    # Only a parent's band met, the deciding power unstated: still a near-miss.
    "parent_met": DocumentResult("p.md", "screened", "no_listed_technology", sha256="a", findings=(
        _finding("near_miss", checks=(_check("6A005.a.6", True), _check("6A005.a.6.b", None))),)),
    "classified": DocumentResult("p.md", "screened", "blocked_classified",
                                 findings=(_finding(list_id="", rule="classified_marking"),), sha256="a"),
}


def partner(code: str | None, role: str = "partner", funding: str = "") -> Participant:
    group, regime = country_group(code, GROUPS)
    return Participant("partners", f"partners.csv row 2: X ({code})", group, role, code, regime, EV, funding)


def person(group: str) -> Participant:
    return Participant("people", "people.csv row 2 (a@example.org)", group, "person", None, "", EV)


def cue(area: str, kind: str, *, excluded: bool = False, hedged: bool = False, groups: bool = True,
        sentence: int = 0, text: str = "We develop it.") -> ProjectCue:
    return ProjectCue(area, kind, kind.replace("_", " "), sentence, 1, kind, text, excluded, hedged, groups, False)


HIT = EntityHit("Harbin Inst. of Technology", "row-2", "Harbin Institute of Technology", "Harbin Institute of "
                "Technology", 1.0, "exact", "SAMPLE@v1", "SAMPLE", ("CN",))


class Case(TypedDict, total=False):
    id: str
    screening: str
    participants: list[Participant]
    partners_given: bool
    cues: list[ProjectCue]
    hits: list[EntityHit]
    named: list[NamedCountry]
    named_groups: dict[str, str]
    expected: tuple[str, str, str]
    decision: str


CASES: list[Case] = [
    {"id": "benign, EEA partners", "screening": "none", "participants": [partner("NO", "host"), partner("DE")],
     "expected": ("none", "none", "none"), "decision": "no_listed_technology"},
    {"id": "benign, Chinese partner", "screening": "none", "participants": [partner("CN")],
     "expected": ("low", "low", "none"), "decision": "no_listed_technology"},
    {"id": "listed, EEA only", "screening": "listed", "participants": [partner("NO", "host"), partner("SE")],
     "expected": ("elevated", "none", "none"), "decision": "review_required"},
    {"id": "listed, Indian partner", "screening": "listed", "participants": [partner("IN")],
     "expected": ("high", "low", "none"), "decision": "review_required"},
    {"id": "listed, unknown country is outside", "screening": "listed", "participants": [partner(None)],
     "expected": ("high", "low", "none"), "decision": "review_required"},
    {"id": "listed at TRL 3-4, EEA only", "screening": "listed_trl3", "participants": [partner("DE")],
     "expected": ("elevated", "none", "none"), "decision": "case_by_case"},
    {"id": "listed at TRL 3-4 but high", "screening": "listed_trl3", "participants": [partner("CN")],
     "expected": ("high", "low", "none"), "decision": "review_required"},
    {"id": "benign, Iranian guest", "screening": "none", "participants": [person("sanctioned")],
     "expected": ("elevated", "none", "none"), "decision": "catch_all_review"},
    {"id": "catch-all, Russian partner", "screening": "catch_all", "participants": [partner("RU")],
     "expected": ("high", "low", "none"), "decision": "review_required"},
    {"id": "catch-all, Chinese partner", "screening": "catch_all", "participants": [partner("CN")],
     "expected": ("elevated", "low", "none"), "decision": "catch_all_review"},
    {"id": "near-miss meeting its numbers, Chinese partner", "screening": "numbers_met",
     "participants": [partner("CN")], "expected": ("high", "low", "none"), "decision": "review_required"},
    {"id": "near-miss meeting only a parent's band, Chinese partner", "screening": "parent_met",
     "participants": [partner("CN")], "expected": ("low", "low", "none"), "decision": "no_listed_technology"},
    {"id": "near-miss, EEA", "screening": "near_miss", "participants": [partner("FR")],
     "expected": ("low", "none", "none"), "decision": "no_listed_technology"},
    {"id": "people count in (a), not in (b)", "screening": "none", "participants": [person("other")],
     "expected": ("low", "none", "none"), "decision": "no_listed_technology"},
    {"id": "entity-list partner", "screening": "none", "participants": [partner("CN")], "hits": [HIT],
     "expected": ("low", "high", "none"), "decision": "review_required"},
    {"id": "Chinese state funder", "screening": "none",
     "participants": [partner("CN", "funder", "National Natural Science Foundation of China")],
     "expected": ("low", "elevated", "none"), "decision": "catch_all_review"},
    {"id": "Russian federal budget", "screening": "none",
     "participants": [partner("RU", "partner", "Roshydromet (Russian federal budget)")],
     "expected": ("elevated", "high", "none"), "decision": "review_required"},
    {"id": "a sanctioned partner on its own funds", "screening": "none",
     "participants": [partner("RU", "partner", "own funds")], "expected": ("elevated", "low", "none"),
     "decision": "catch_all_review"},
    {"id": "state money from a sanctioned country named in the text", "screening": "none",
     "participants": [partner("NO", "host"), partner("RU")], "named": [NamedCountry("RU", 0, 1, "Russian", "t")],
     "named_groups": {"RU": "sanctioned"}, "cues": [cue("influence", "state_funding")],
     "expected": ("elevated", "high", "none"), "decision": "review_required"},
    {"id": "US military funding", "screening": "none",
     "participants": [partner("US", "funder", "US Air Force Office of Scientific Research, Department of Defense")],
     "expected": ("none", "elevated", "none"), "decision": "catch_all_review"},
    {"id": "German company funder is not state", "screening": "none",
     "participants": [partner("DE", "funder", "Example GmbH")], "expected": ("none", "none", "none"),
     "decision": "no_listed_technology"},
    {"id": "publication approval", "screening": "none", "participants": [partner("US")],
     "cues": [cue("influence", "publication_control")], "expected": ("none", "elevated", "none"),
     "decision": "catch_all_review"},
    {"id": "publication approval ruled out", "screening": "none", "participants": [partner("US")],
     "cues": [cue("influence", "publication_control", excluded=True)], "expected": ("none", "none", "none"),
     "decision": "no_listed_technology"},
    {"id": "crowd face recognition abroad", "screening": "none", "participants": [partner("AE")],
     "cues": [cue("ethics", "biometric_identification")], "expected": ("low", "low", "high"),
     "decision": "review_required"},
    {"id": "crowd face recognition at home", "screening": "none", "participants": [partner("NO")],
     "cues": [cue("ethics", "biometric_identification")], "expected": ("none", "none", "elevated"),
     "decision": "catch_all_review"},
    {"id": "face blurring", "screening": "none", "participants": [partner("NO")],
     "cues": [cue("ethics", "biometric_identification", excluded=True)], "expected": ("none", "none", "low"),
     "decision": "no_listed_technology"},
    {"id": "face recognition, no groups", "screening": "none", "participants": [partner("NO")],
     "cues": [cue("ethics", "biometric_identification", groups=False)], "expected": ("none", "none", "low"),
     "decision": "no_listed_technology"},
    {"id": "interception as a possible use, abroad", "screening": "none", "participants": [partner("KZ")],
     "cues": [cue("ethics", "mass_interception", hedged=True, sentence=9, text="It could also serve.")],
     "expected": ("low", "low", "elevated"), "decision": "catch_all_review"},
    {"id": "classified", "screening": "classified", "participants": [partner("NO")],
     "expected": ("none", "none", "none"), "decision": "blocked_classified"},
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_levels_and_outcome(case: Case) -> None:
    facts = ProjectFacts(
        screening=SCREENINGS[case["screening"]], participants=tuple(case.get("participants", [])),
        partners_given=case.get("partners_given", True), cues=tuple(case.get("cues", [])),
        entity_hits=tuple((h, EV) for h in case.get("hits", [])), named_countries=tuple(case.get("named", [])),
        entity_lists=("SAMPLE@v1",), named_groups=case.get("named_groups", {}),
    )
    assessment = assess(facts, "p.md", {"description": "a"})
    assert tuple(a.level for a in assessment.areas) == case["expected"]
    assert assessment.decision == case["decision"]
    for area in assessment.areas:
        assert area.findings and all(f.evidence for f in area.findings)  # every level carries its evidence
    stored = as_document_result(assessment)
    assert stored.decision == case["decision"]


def test_a_weak_near_miss_is_no_technology_close_to_a_listed_item() -> None:
    weak = SCREENINGS["near_miss"]  # score 0.1, no numbers compared
    facts = ProjectFacts(screening=weak, participants=(partner("FR"),), partners_given=True, flag_threshold=0.16)
    assert assess(facts, "p.md", {}).areas[0].level == "none"
    compared = DocumentResult("p.md", "screened", "no_listed_technology", sha256="a", findings=(
        _finding("near_miss", checks=(_check("6A005.a.6.b", False),)),))
    facts = ProjectFacts(screening=compared, participants=(partner("FR"),), partners_given=True, flag_threshold=0.16)
    assert assess(facts, "p.md", {}).areas[0].level == "low"  # its numbers were compared: a real near-miss


def test_a_missing_partners_file_is_said_and_never_lowers_a_level() -> None:
    benign = assess(ProjectFacts(screening=SCREENINGS["none"]), "p.md", {})
    assert [a.level for a in benign.areas] == ["not_assessed", "not_assessed", "none"]
    assert "No partners file was given" in benign.areas[0].note
    assert "partners_file" in [m.id for m in benign.measures]
    listed = assess(ProjectFacts(screening=SCREENINGS["listed"]), "p.md", {})
    assert listed.areas[0].level == "elevated"  # the technology alone sets it; the partner part is not assessed
    assert "partners not assessed" in listed.areas[0].findings[0].explanation
    named = NamedCountry("IR", 3, 1, "Iran", "in collaboration with a university in Iran")
    facts = ProjectFacts(screening=SCREENINGS["listed"], named_countries=(named,),
                         participants=(Participant("description", "s", "sanctioned", "named", "IR", "Iran reg", EV),))
    assert assess(facts, "p.md", {}).areas[0].level == "high"  # partners the text names count


def test_measures_come_in_both_languages() -> None:
    facts = ProjectFacts(screening=SCREENINGS["listed"], participants=(partner("CN"),), partners_given=True)
    measures = assess(facts, "p.md", {}).measures
    assert [m.id for m in measures][:2] == ["licence_application", "technology_control_plan"]
    assert all(m.en and m.nb and m.who for m in measures)
    assert "DEKSA" in measures[0].en and "DEKSA" in measures[0].nb


@pytest.mark.parametrize(("text", "kinds"), [
    ("The funder retains the right to approve all publications before submission.", ["publication_control"]),
    ("Ingen vilkår om forhåndsgodkjenning av publikasjoner.", ["publication_control!"]),
    ("WP3 develops real-time face recognition in crowds for the city police.", ["biometric_identification"]),
    ("We use privacy-preserving face blurring on all video.", ["biometric_identification!"]),
    ("Systemet kan også brukes til masseovervåking av mobiltrafikk.", ["mass_interception?"]),
    ("Integrate classifiers with deep-packet-inspection middleboxes to block harmful online content.",
     ["mass_interception", "censorship_tooling"]),
    ("A censorship circumvention tool for journalists.", []),
    ("Plattformen gir myndighetene oversikt over befolkningens bevegelser i sanntid.", ["mass_interception"]),
    ("The project is funded by the National Natural Science Foundation of China.", ["state_funding"]),
    ("AARI's share is financed by Roshydromet from the Russian federal budget.", ["state_funding"]),
    ("The Iranian partner is funded by the Iran National Science Foundation.", ["state_funding"]),
    ("The monsoon over China is studied.", []),
    ("No partner has a right to approve or stop publications.", ["publication_control!"]),
    ("No partner may approve or stop publications, but any partner may ask for a delay of at most 30 days "
     "to file a patent application.", ["publication_control!"]),
    ("The models will be adapted for speaker search across archives of lawfully intercepted telephone calls.",
     ["biometric_identification", "mass_interception"]),
    ("WP3: graph learning on co-location networks and classification of religious affiliation.", ["ethnic_profiling"]),
    ("Methods that detect gatherings and networks of proscribed religious groups.", ["targeting_groups"]),
    ("Et system som avslører hvem som står bak anonyme kontoer i sosiale medier.", ["targeting_groups"]),
    ("Authorship attribution of eighteenth-century novels.", []),
    # Written as real applications write them (seventh session, from the test split's misses).
    ("The sponsor must approve every manuscript before submission.", ["publication_control"]),
    # "may" reads as hedged, which area (b) does not weigh: a right to demand it is the condition.
    ("The sponsor may require the removal of information.", ["publication_control?"]),
    ("Hydro has no right to approve, delay or stop publications.", ["publication_control!"]),
    ("Oppholdene finansieres av Russian Science Foundation, det statlige russiske forskningsfondet.",
     ["state_funding"]),
    ("Finansieringen kommer fra et statlig forskningsfond i Kina.", ["state_funding"]),
    ("A false-base-station mode allows interception of voice calls, SMS and data sessions.", ["mass_interception"]),
    ("A receiver that captures signalling from all handsets within about one kilometre.", ["mass_interception"]),
    ("Legacy lawful-interception solutions are ineffective.", ["mass_interception"]),
    ("Mobile handsets within one kilometre of the mast were counted for capacity planning.", []),
    # From hold-out 3's misses, after its first measurement.
    ("The project is funded by the Office of Naval Research (ONR), U.S. Department of the Navy.",
     ["military_funding"]),
    ("Ministeriet for offentlig sikkerhet finansierer den kinesiske delen over sitt budsjett.", ["state_funding"]),
    ("Publikasjoner som bruker de kinesiske dataene skal godkjennes av MPS før innsending.", ["publication_control"]),
    ("Et panel som kan angi hvilken etnisk gruppe en ukjent person mest sannsynlig tilhører.", ["ethnic_profiling"]),
    ("A risk model combines nationality and ethnic origin inferred from the face image.", ["ethnic_profiling"]),
    ("Biometric identification at the border.", ["biometric_identification"]),
    ("The survey records the ethnic composition of school classes.", []),
    ("Naval architecture students design the hull.", []),
    # From hold-out 4's misses, after its first measurement: the law's own definitions.
    ("The model infers for each account a likelihood that the account holder is homosexual or transgender.",
     ["special_category_profiling"]),
    ("A survey of attitudes to sexual orientation in Norwegian schools.", []),
    ("Å utvikle en plattform som uten at brukeren merker det kan installere en innhentingsmodul på telefonen.",
     ["spyware"]),
    ("En modulær utnyttelseskjede med leveranse uten brukerinteraksjon («null klikk»).", ["spyware"]),
    ("An implant that avoids detection by antivirus and extracts messages to a server.", ["spyware"]),
    ("Manuscripts are sent to the company for information; the company cannot stop publication.",
     ["publication_control!"]),
    ("Neither the Armed Forces nor any other partner has a right to approve, delay or stop publications.",
     ["publication_control!"]),
    ("The Ministry of Communications of Ghana will fund the pilot phase.", ["state_funding"]),
])
def test_project_cues(text: str, kinds: list[str]) -> None:
    found = project_cues([Sentence(0, 1, text)])
    shown = [c.kind + ("!" if c.excluded else "?" if c.hedged else "") for c in found]
    assert shown == kinds


def test_countries_count_as_partners_only_next_to_collaboration_words() -> None:
    sentences = [Sentence(0, 1, "Monsoon rainfall over China has increased."),
                 Sentence(1, 1, "Prosjektet gjennomføres i samarbeid med et universitet i Iran og russiske "
                                "gjesteforskere.")]
    assert [(n.code, n.sentence) for n in collaboration_countries(sentences)] == [("IR", 1), ("RU", 1)]
    staff = [Sentence(0, 1, "On the Russian side the survey is carried out by the staff of the Pasvik State Nature "
                            "Reserve, which sends its samples to Svanhovd.")]
    assert [n.code for n in collaboration_countries(staff)] == ["RU"]
