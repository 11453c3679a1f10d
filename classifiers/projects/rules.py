"""The level rules of the three risk areas (tests/benchmarks/projects/RULES.md is the rulebook).

Each area function returns every rule that fired (an ``AreaFinding`` with its level, evidence
and measures); the area's level is the highest of them. A missing partners file is said in the
area's note and makes the partner part ``not_assessed``; it never lowers a level.
"""

from __future__ import annotations

import re

from classifiers.projects.facts import ProjectFacts, technology
from classifiers.projects.types import AreaFinding, AreaLevel, Participant, rank
from classifiers.types import Evidence, Finding
from extractors.projects.cues import ProjectCue

STATE_WORDS = re.compile(
    r"\b(?:ministry|government|state|state-owned|national\s+(?:\w+\s+){0,3}(?:foundation|council|fund|programm?e?)"
    r"|academy\s+of\s+sciences|scholarship\s+council|people's|departement\w*|regjering\w*|statseid\w*|statlig\w*"
    r"|staten|federal\s+budget|state\s+budget|statsbudsjett\w*|føderale\s+budsjett\w*|federal|agency|commission"
    r"|authority|administration|bureau|(?:science|research)\s+foundation|government-funded|state-funded"
    r"|delstat\w*|provincial|provins\w*)\b",
    re.IGNORECASE)
MILITARY_WORDS = re.compile(
    r"\b(?:military|armed\s+forces|defen[cs]e|liberation\s+army|(?-i:PLA)|militær\w*|forsvars\w*)\b", re.IGNORECASE)
#: Verbs that make a cue the project's own work ("develop face recognition for ...").
AIM_VERBS = re.compile(
    r"\b(?:develop\w*|build\w*|design\w*|implement\w*|deliver\w*|deploy\w*|create\w*|construct\w*|train\w*"
    r"|utvikl\w*|bygg\w*|designe\w*|implementer\w*|lever\w*|etabler\w*|trene\w*)\b", re.IGNORECASE)
#: Sentences from the start that are the title and summary: a cue there is the project's aim.
LEAD_SENTENCES = 5
NOT_ASSESSED_NOTE = ("No partners file was given and the description names no partner country: the partner part "
                     "of this area is not assessed. Give --partners to assess it.")


def _level(area: str, findings: list[AreaFinding], note: str = "", floor_not_assessed: bool = False) -> AreaLevel:
    ordered = sorted(findings, key=lambda f: -rank(f.level))
    top = ordered[0].level if ordered else "none"
    if floor_not_assessed and rank(top) < rank("elevated"):
        top = "not_assessed"
    return AreaLevel(area, top, tuple(ordered), note)


def _people(participants: list[Participant]) -> str:
    shown = "; ".join(p.label for p in participants[:4])
    more = f" and {len(participants) - 4} more" if len(participants) > 4 else ""
    return shown + more


def _tech_text(findings: list[Finding]) -> str:
    codes = ", ".join(dict.fromkeys(f"{f.code} (List {f.list})" for f in findings[:3]))
    return f"the description meets {codes}"


def knowledge_transfer(facts: ProjectFacts) -> AreaLevel:
    """(a): listed or catch-all technology against who takes part."""
    tech, found = technology(facts.screening, facts.flag_threshold)
    outside = facts.outside
    sanctioned = [p for p in outside if p.group == "sanctioned"]
    evidence = tuple(f.evidence[0] for f in found[:3])
    people = tuple(p.evidence for p in outside[:4])
    area = "knowledge_transfer"
    rules: list[AreaFinding] = []
    if tech == "listed" and outside:
        why = (f"Listed technology with partners or people outside the EEA and NATO: {_tech_text(found)}; "
               f"{_people(outside)}. A transfer to them needs an export licence from DEKSA unless an exemption "
               "applies.")
        rules.append(AreaFinding(area, "high", "listed_technology_outside_eea_nato", why, evidence + people,
                                 ("licence_application", "technology_control_plan", "access_control",
                                  "separate_equipment")))
    if sanctioned and tech in ("listed", "catch_all"):
        kind = "listed" if tech == "listed" else "catch-all"
        why = (f"A partner or person connected to a country under sanctions ({_regimes(sanctioned)}) with {kind} "
               f"technology: {_people(sanctioned)}.")
        rules.append(AreaFinding(area, "high", "sanctioned_country_with_technology", why,
                                 tuple(p.evidence for p in sanctioned[:4]) + evidence,
                                 ("sanctions_review", "licence_application", "technology_control_plan")))
    rules += _transfer_lower(facts, tech, found, outside, sanctioned)
    note = "" if facts.partners_known else NOT_ASSESSED_NOTE
    if not rules:
        why = ("No listed, near-miss or catch-all technology in the installed lists (what was checked is the "
               "evidence), and no partner or person outside the EEA and NATO.")
        rules.append(AreaFinding(area, "none", "nothing_found", why, _checked(facts)))
    return _level(area, rules, note, floor_not_assessed=not facts.partners_known)


def _transfer_lower(facts: ProjectFacts, tech: str, found: list[Finding], outside: list[Participant],
                    sanctioned: list[Participant]) -> list[AreaFinding]:
    area = "knowledge_transfer"
    evidence = tuple(f.evidence[0] for f in found[:3])
    rules = []
    if tech == "listed" and not outside:
        who = ("only Norwegian and EEA/NATO partners and people" if facts.partners_known
               else "partners not assessed")
        rules.append(AreaFinding(area, "elevated", "listed_technology",
                                 f"Listed technology ({_tech_text(found)}) with {who}: check the licence duty and the "
                                 "university exemption (List I has none).", evidence,
                                 ("exemption_check", "technology_control_plan")))
    if tech == "catch_all" and outside:
        rules.append(AreaFinding(area, "elevated", "catch_all_outside_eea_nato",
                                 f"Catch-all cues (military or security end use) with partners outside the EEA and "
                                 f"NATO: {_people(outside)}.", evidence + tuple(p.evidence for p in outside[:3]),
                                 ("end_use_check", "access_control")))
    if sanctioned and tech not in ("listed", "catch_all"):
        rules.append(AreaFinding(area, "elevated", "sanctioned_country_partner",
                                 f"A partner or person connected to a country under sanctions ({_regimes(sanctioned)}):"
                                 f" {_people(sanctioned)}. Sanctions review always applies.",
                                 tuple(p.evidence for p in sanctioned[:4]), ("sanctions_review",)))
    others = [p for p in outside if p.group != "sanctioned"]
    if others and tech not in ("listed", "catch_all"):
        unknown = any(p.group == "unknown" for p in others)
        where = "outside the EEA and NATO" + (" or of unknown country" if unknown else "")
        rules.append(AreaFinding(area, "low", "unknown_partner_country" if unknown else "partner_outside_eea_nato",
                                 f"Partners or people {where}, with no listed or catch-all technology found: "
                                 f"{_people(others)}.",
                                 tuple(p.evidence for p in others[:4]), ("partner_check",)))
    if tech == "near_miss":
        rules.append(AreaFinding(area, "low", "near_miss_technology",
                                 f"Technology close to a listed item without meeting it: {_tech_text(found)} "
                                 "(near-miss).", evidence))
    if tech == "catch_all" and not outside:
        rules.append(AreaFinding(area, "low", "catch_all_technology",
                                 "Catch-all cues (military or security end use) with only Norwegian and EEA/NATO "
                                 "partners.", evidence or _checked(facts), ("end_use_check",)))
    return rules


def _regimes(people: list[Participant]) -> str:
    return "; ".join(dict.fromkeys(p.regime for p in people if p.regime)) or "a Norwegian sanctions regulation"


def _checked(facts: ProjectFacts) -> tuple[Evidence, ...]:
    what = facts.screening.checked or "the installed item lists"
    return (Evidence(f"Checked: {what}.", None, None, "", "checked", 1.0),)


def _cue_evidence(cue: ProjectCue) -> Evidence:
    return Evidence(cue.text, cue.page, cue.sentence, cue.words, cue.kind, 1.0)


def malign_influence(facts: ProjectFacts) -> AreaLevel:
    """(b): entity-list matches, foreign state or military funding, conditions on publication."""
    area = "malign_influence"
    rules = [AreaFinding(area, "high", "entity_list_match",
                         f"{hit.describe()}.", (evidence,), ("entity_due_diligence",))
             for hit, evidence in facts.entity_hits]
    rules += _funding_cues(facts) + _funder_rows(facts)
    for cue in facts.cues:
        if cue.area != "influence" or cue.excluded:
            continue
        if cue.kind in ("publication_control", "ip_to_funder"):
            rules.append(AreaFinding(area, "elevated", "publication_conditions",
                                     f"Conditions on publication or results: {cue.label} ({cue.words!r}).",
                                     (_cue_evidence(cue),), ("publication_terms",)))
        elif cue.kind == "talent_programme":
            rules.append(AreaFinding(area, "low", "talent_programme", f"{cue.label.capitalize()} ({cue.words!r}).",
                                     (_cue_evidence(cue),), ("funding_due_diligence",)))
    # Influence comes through organisations (partners, funders, hosts), not through the
    # citizenship of the project's own staff: people count in (a), not here.
    others = [p for p in facts.outside if p.source != "people"]
    if others:
        rules.append(AreaFinding(area, "low", "partner_outside_eea_nato",
                                 f"Partner organisations outside the EEA and NATO: {_people(others)}.",
                                 tuple(p.evidence for p in others[:4]), ("partner_check",)))
    note = "" if facts.partners_known else NOT_ASSESSED_NOTE
    if not facts.entity_lists:
        note = (note + " " if note else "") + ("No entity list was checked: import one with 'exportscreen entities "
                                              "import' to check partners against sanctions and end-user lists.")
    if not rules:
        rules.append(AreaFinding(area, "none", "nothing_found",
                                 "No entity-list match, no foreign state or military funding, no conditions on "
                                 "publication found.", _checked(facts)))
    return _level(area, rules, note, floor_not_assessed=not facts.partners_known)


def _funding_cues(facts: ProjectFacts) -> list[AreaFinding]:
    found = []
    for cue in facts.cues:
        if cue.kind not in ("state_funding", "military_funding") or cue.excluded:
            continue
        codes = {n.code for n in facts.named_countries if n.sentence == cue.sentence}
        groups = {facts.named_groups.get(code, "unknown") for code in codes}
        military = cue.kind == "military_funding"
        foreign = bool(codes - {"NO"}) or bool(re.search(r"\bforeign\b|\butenlandsk\w*", cue.text, re.IGNORECASE))
        rule = _funding_rule(groups, military, foreign)
        if rule:
            level, rule_id = rule
            found.append(AreaFinding("malign_influence", level, rule_id,
                                     f"{cue.label.capitalize()} from outside Norway ({cue.words!r}).",
                                     (_cue_evidence(cue),), _funding_measures(rule_id)))
    return found


def _funding_rule(groups: set[str], military: bool, foreign: bool) -> tuple[str, str] | None:
    if "sanctioned" in groups:
        return "high", "sanctioned_state_funding"
    if groups & {"other", "unknown"}:
        return "elevated", "foreign_military_funding" if military else "foreign_state_funding"
    if military and foreign:
        return "elevated", "foreign_military_funding"
    return None


def _funding_measures(rule_id: str) -> tuple[str, ...]:
    return ("funding_due_diligence", "sanctions_review") if rule_id == "sanctioned_state_funding" \
        else ("funding_due_diligence",)


def _funder_rows(facts: ProjectFacts) -> list[AreaFinding]:
    found = []
    for p in facts.participants:
        if p.source != "partners" or not p.funding or p.group == "norway":
            continue
        military = bool(MILITARY_WORDS.search(p.funding))
        if not (military or STATE_WORDS.search(p.funding)):
            continue
        rule = _funding_rule({p.group}, military, foreign=True)
        if rule and (p.group != "eea_nato" or military):
            level, rule_id = rule
            found.append(AreaFinding("malign_influence", level, rule_id,
                                     f"State or military funding from outside Norway: {p.label}: {p.funding!r}.",
                                     (p.evidence,), _funding_measures(rule_id)))
    return found


def ethics(facts: ProjectFacts) -> AreaLevel:
    """(c): surveillance, repression or censorship uses, against who takes part and who uses it."""
    area = "ethics"
    cues = [c for c in facts.cues if c.area == "ethics"]
    outside = bool(facts.outside) or any(c.end_user and _outside_in_sentence(facts, c.sentence) for c in cues)
    repeated = {c.kind for c in cues if sum(1 for d in cues if d.kind == c.kind and not d.excluded) > 1}
    rules = [_ethics_rule(c, outside, repeated) for c in cues]
    if not rules:
        rules.append(AreaFinding(area, "none", "nothing_found",
                                 "No cue of surveillance, repression or censorship use found.", _checked(facts)))
    return _level(area, rules)


def _outside_in_sentence(facts: ProjectFacts, sentence: int) -> bool:
    codes = {n.code for n in facts.named_countries if n.sentence == sentence}
    return any(p.country in codes for p in facts.outside)


def _ethics_rule(cue: ProjectCue, outside: bool, repeated: set[str]) -> AreaFinding:
    evidence = (_cue_evidence(cue),)
    strong = cue.kind != "biometric_identification" or cue.groups or cue.end_user
    if cue.excluded or not strong:
        why = "ruled out or protected against" if cue.excluded else "not of groups or in public spaces"
        return AreaFinding("ethics", "low", "ethics_mention", f"{cue.label.capitalize()} mentioned, {why} "
                           f"({cue.words!r}).", evidence)
    aim = not cue.hedged and (cue.kind in repeated or cue.sentence < LEAD_SENTENCES or bool(AIM_VERBS.search(cue.text)))
    if aim and outside:
        return AreaFinding("ethics", "high", "ethics_aim_outside_eea_nato",
                           f"{cue.label.capitalize()} is an aim of the project ({cue.words!r}), with partners, "
                           "funders or end users outside the EEA and NATO.", evidence, ("ethics_review",))
    if aim:
        return AreaFinding("ethics", "elevated", "ethics_aim",
                           f"{cue.label.capitalize()} is an aim of the project ({cue.words!r}).", evidence,
                           ("ethics_review",))
    if outside:
        return AreaFinding("ethics", "elevated", "ethics_secondary_outside_eea_nato",
                           f"{cue.label.capitalize()} named as a possible use ({cue.words!r}), with partners outside "
                           "the EEA and NATO.", evidence, ("ethics_review",))
    return AreaFinding("ethics", "low", "ethics_secondary",
                       f"{cue.label.capitalize()} named as a possible use ({cue.words!r}).", evidence)
