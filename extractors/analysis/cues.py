"""Catch-all cues: signs that technology not on any list may relate to military use or WMD.

DOMAIN.md: technology not on any list can still need a licence when it relates to military
use or national security interests; such cues are flagged separately, ranked below list
matches. A benign paper may well say "military" once ("civil and military land use"), so
every cue carries a **weight** in (0, 1]:

- ``>= STRONG`` (0.7): enough on its own for a catch-all review ("for military use",
  "warhead", "nerve agent", "Forsvarets forskningsinstitutt", "dual-use");
- below: supporting words ("military", "NATO", "projectile", "bomb") that only count together
  with other evidence; the decision step chooses how to combine them.

A cue is dropped when negated ("no military applications", "non-military") or when its word
is used in another sense (:mod:`extractors.analysis.context`: "war on cancer", "immune defence",
"bomb cyclone", "torpedo bats", "under the radar"). In a sentence about the past ("in 1943",
"historical") the weight is halved and ``context`` says why: a history of a wartime sabotage
action is not a military end use of the work being screened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from extractors.analysis.context import has_stem, historical_cue, negation_cue, pattern_stems, senses_in_context
from extractors.types import Cue, Sentence

#: Weight at or above which one cue alone is enough for a catch-all review.
STRONG = 0.7

#: Cue categories, in the order a report should list them.
CUE_CATEGORIES = (
    "wmd",
    "missile_delivery",
    "weapons",
    "military_end_use",
    "defence_customer",
    "armed_forces",
    "dual_use",
    "national_security",
)

#: (category, weight, label, pattern), most specific first; a span used by one cue is not
#: reused by a later one. ``(?-i:...)`` marks case-sensitive names ("Forsvaret", "FFI").
# fmt: off
CUES: tuple[tuple[str, float, str, str], ...] = (
    ("wmd", 1.0, "weapons of mass destruction",
     r"\bweapons?\s+of\s+mass\s+destruction\b|(?-i:\bWMDs?\b)|\bmasseødeleggelsesvåpen\w*"),
    ("wmd", 1.0, "nuclear weapons",
     r"\b(?:nuclear|atomic|thermonuclear)\s+(?:weapons?|warheads?|explosives?|bombs?|explosive\s+devices?"
     r"|arsenals?)\b|\batomvåpen\w*|\bkjernevåpen\w*|\batombomb\w*|\bkjernefysiske\s+våpen\b|\bweapons?[- ]grade\b"),
    ("wmd", 1.0, "chemical weapons",
     r"\bchemical\s+(?:weapons?|warfare)(?:\s+agents?)?\b|\bkjemiske?\s+(?:våpen|stridsmidler|krigføring)\b"
     r"|\bstridsmid(?:del|ler)\w*|\bnerve\s+agents?\b|\bnervegass\w*|\b(?:sarin|soman|tabun|novichok)\b|(?-i:\bVX\b)"
     r"|\bsul(?:f|ph)ur\s+mustard\b"),
    ("wmd", 1.0, "biological weapons",
     r"\bbiological\s+(?:weapons?|warfare)(?:\s+agents?)?\b|\bbio-?weapons?\b|\bbiovåpen\w*|\bbiologiske\s+våpen\b"
     r"|\b(?:bio|agro)-?terror\w*|\bradiological\s+(?:weapons?|dispersal\s+devices?)\b|\bdirty\s+bombs?\b"),
    ("wmd", 0.8, "pandemic-pathogen research", r"\benhanced\s+potential\s+pandemic\s+pathogens?\b|(?-i:\bePPP\b)"),
    ("wmd", 0.6, "gain-of-function research", r"\bgain[- ]of[- ]function\s+(?:research|experiments?|studies)\b"),
    ("missile_delivery", 1.0, "missiles",
     r"\b(?:ballistic|cruise|guided|hypersonic|surface-to-air|air-to-air|air-to-surface|anti-ship|anti-tank"
     r"|intercontinental|sea-launched|air-launched|ground-launched|tactical|strategic)\s+missiles?\b"
     r"|\bmissile\s+(?:guidance|defen[cs]e|systems?|technolog(?:y|ies)|propulsion|launchers?|seekers?|warheads?"
     r"|delivery|programm?e?s?)\b|\bkryssermissil\w*|\bballistiske\s+missiler\b|\brakettvåpen\w*"),
    ("missile_delivery", 0.9, "WMD delivery",
     r"\bdelivery\s+(?:systems?|vehicles?|means)\s+(?:for|of)\s+(?:nuclear|chemical|biological|weapons|WMDs?"
     r"|warheads?)\b|\bre-?entry\s+vehicles?\b|\bhypersonic\s+(?:glide\s+)?(?:vehicles?|weapons?)\b"),
    ("missile_delivery", 0.6, "missile", r"\bmissiles?\b|\bmissil(?:er|ene)?\b"),
    ("military_end_use", 0.9, "armed unmanned systems",
     r"\b(?:armed|combat|attack|kamikaze)\s+(?:drones?|UAVs?|UAS|robots?|unmanned\s+\w+\s+vehicles?)\b"
     r"|\bloitering\s+munitions?\b"),
    ("weapons", 0.9, "weapon systems",
     r"\bweapons?\s+(?:systems?|platforms?|development|design|technolog(?:y|ies)|guidance|effects|testing"
     r"|programm?e?s?|integration|payloads?)\b|\bvåpensystem\w*|\bwarheads?\b|\bstridshode\w*"),
    ("weapons", 0.8, "munitions",
     r"\bmunitions?\b|\bammunition\b|\bammunisjon\w*|\bordnance\b|\bfirearms?\b|\bsmall\s+arms\b|\bartiller[yi]\w*"
     r"|\bhowitzers?\b|\bgrenades?\b|\bhåndgranat\w*|\btorpedo(?:es)?\b|\b(?:naval|sea|land)\s?mines?\b"
     r"|\b(?:land|sjø)miner?\b|\barmou?r[- ]piercing\b|\b(?:kinetic[- ]energy\s+)?penetrators?\b"
     r"|\bimprovised\s+explosive\s+devices?\b|(?-i:\bIEDs?\b)|\bhigh\s+explosives?\b"),
    ("weapons", 0.6, "explosives",
     r"\bexplosives\b|\bexplosive\s+(?:charges?|devices?|materials?|ordnance|compounds?)\b|\benergetic\s+materials?\b"
     r"|\bsprengstoff\w*|\beksplosiver\b|\bbody\s+armou?r\b|\bballistic\s+protection\b"),
    ("weapons", 0.6, "weapons", r"\bweapon(?:s|ry|ised|ized|isation|ization)?\b|\bvåpen(?!hvile)\w*"),
    ("weapons", 0.4, "bomb", r"\bbombs?\b|\bbomber\b|\bbombene\b"),
    ("weapons", 0.3, "projectile", r"\bprojectiles?\b|\bprosjektil\w*"),
    ("military_end_use", 0.9, "military use",
     r"\bmilitary[- ](?:end[- ])?(?:uses?|applications?|purposes?|end-users?|users?|customers?|platforms?|systems?"
     r"|aircraft|vehicles?|equipment|hardware|grade|specifications?|standards?|operations?|capabilit(?:y|ies)"
     r"|technolog(?:y|ies)|research|programm?e?s?|projects?|sensors?|radars?|communications?|satellites?|drones?"
     r"|UAVs?|missions?|needs|requirements|relevance|utility|potential|domain|sector|market|funding|contracts?"
     r"|electronics)\b|\bfor\s+(?:the\s+)?military\b"
     r"|\bdefen[cs]e[- ](?:applications?|uses?|purposes?|technolog(?:y|ies)|systems?|platforms?|equipment"
     r"|capabilit(?:y|ies)|electronics|market|needs|requirements)\b"
     r"|\bmilitær(?:e|t)?\s+(?:bruk|anvendelser?|formål|applikasjoner|brukere|kunder|systemer|plattformer|operasjoner"
     r"|behov)\b|\bforsvarsformål\b|\bforsvarsanvendelse\w*"),
    ("military_end_use", 0.9, "combat and warfare",
     r"\bbattlefield\w*|\bbattlespace\b|\bslagmark\w*"
     r"|\bcombat\s+(?:aircraft|vehicles?|systems?|operations?|troops|zones?|air|units?|missions?)\b"
     r"|\belectronic\s+warfare\b|\belektronisk\s+krigføring\b"
     r"|\banti-(?:ship|tank|aircraft|submarine|armou?r|personnel|satellite)\b|\bfire[- ]control\b|\bildledning\w*"),
    ("military_end_use", 0.7, "warfare", r"\bwarfare\b|\bkrigføring\w*|\bcounter-?(?:UAS|drone|IED|battery)s?\b"),
    ("military_end_use", 0.4, "targeting", r"\btarget\s+(?:acquisition|designation)\b"),
    ("defence_customer", 0.9, "defence organisations",
     r"\b(?:Ministry|Department|Secretary|Minister)\s+of\s+Defen[cs]e\b|\bDefen[cs]e\s+(?:Ministry|Department)\b"
     r"|(?-i:\bMoD\b|\bDoD\b|\bDARPA\b|\bDSTL\b|\bDstl\b|\bFFI\b)|\bForsvarsdepartementet\b|\bForsvarsmateriell\b"
     r"|\bForsvarets\s+(?:forskningsinstitutt|logistikkorganisasjon|materielltilsyn)\b"
     r"|\bEuropean\s+Defen[cs]e\s+(?:Agency|Fund)\b|\bdefen[cs]e\s+science\s+and\s+technology\b"),
    ("defence_customer", 0.9, "defence industry",
     r"\bdefen[cs]e\s+(?:industry|industries|contractors?|sector|agency|agencies|procurement|research(?:\s+\w+)?"
     r"|establishment|company|companies|firms?|customers?|budgets?|primes?|suppliers?|organi[sz]ations?"
     r"|acquisition)\b|\bforsvars(?:industri|sektor|konsern|leverandør|bedrift|forskning|anskaffelse)\w*"),
    ("defence_customer", 0.7, "defence companies",
     r"(?-i:\bKongsberg\s+Defen[cs]e\b|\bNammo\b|\bLockheed\s+Martin\b|\bRaytheon\b|\bNorthrop\s+Grumman\b"
     r"|\bBAE\s+Systems\b|\bRheinmetall\b|\bMBDA\b|\bElbit\b|\bL3Harris\b|\bAirbus\s+Defen[cs]e\b"
     r"|\bBoeing\s+Defen[cs]e\b|\bSaab\s+(?:Dynamics|Bofors|Kockums)\b|\bThales\s+(?:Alenia|Group|Underwater))"),
    ("defence_customer", 0.4, "NATO", r"(?-i:\bNATO\b)"),
    ("armed_forces", 0.9, "for the armed forces",
     r"\bfor\s+(?:the\s+)?(?:navy|army|air\s+force|armed\s+forces|marines|coast\s+guard)\b"
     r"|\b(?:navy|naval|army|air[- ]force)\s+(?:research|laborator(?:y|ies)|contracts?|funding|programm?e?s?"
     r"|projects?|requirements|vessels?|ships?|aircraft|platforms?|applications?|warfare|forces|bases?)\b"),
    ("armed_forces", 0.8, "armed forces",
     r"\barmed\s+forces\b|\b(?:væpnede|militære)\s+styrker\b|(?-i:\bForsvaret\b)(?!\s+av\b)"
     r"|(?-i:\b(?:Hæren|Sjøforsvaret|Luftforsvaret|Heimevernet|Marinen)\b)"),
    ("armed_forces", 0.7, "military platforms",
     r"\bwarships?\b|\bfrigates?\b|\bdestroyers\b|\bfighter\s+(?:jets?|aircraft|planes?)\b|\bfregatt\w*|\bubåt\w*"
     r"|\bkampfly\w*|\borlogs\w*|\bsubmarines?\b|\bPentagon\b"),
    ("armed_forces", 0.6, "armed services",
     r"\b(?:the\s+)?(?:navy|army|air\s+force|marine\s+corps|coast\s+guard)\b|(?-i:\bKystvakten\b)"),
    ("armed_forces", 0.4, "soldiers", r"\bsoldiers?\b|\btroops\b|\bsoldat\w*|\btropper\b"),
    ("military_end_use", 0.3, "military", r"\bmilitar(?:y|ily|i[sz]ation|i[sz]ed)\b|\bmilitær\w*"),
    ("dual_use", 0.9, "dual-use research of concern",
     r"\bdual[- ]use\s+research\s+of\s+concern\b|(?-i:\bDURC\b)|(?-i:\bITAR\b)"),
    ("dual_use", 0.8, "dual use",
     r"\bdual[- ]use\b|\bdual[- ]purpose\s+(?:technolog(?:y|ies)|items?|goods)\b|\bflerbruk\w*"
     r"|\bdobbel(?:t)?\s+bruk\b"),
    ("dual_use", 0.6, "export control",
     r"\bexport[- ]control(?:s|led)?\b|\beksportkontroll\w*|\bWassenaar\b|\bMissile\s+Technology\s+Control\s+Regime\b"
     r"|(?-i:\bMTCR\b)|\bAustralia\s+Group\b|\bNuclear\s+Suppliers\s+Group\b"),
    ("national_security", 0.7, "intelligence services",
     r"\bintelligence\s+(?:agenc(?:y|ies)|services?|community)\b|\betterretningstjeneste\w*|(?-i:\bPST\b)"
     r"|\bE-tjenesten\b|\bPolitiets\s+sikkerhetstjeneste\b"),
    ("national_security", 0.6, "national security",
     r"\bnational[- ]security\b|\bnasjonal\s+sikkerhet\b|\brikets\s+sikkerhet\b|\bsikkerhetspolitiske\s+interesser\b"
     r"|\bclassified\s+(?:research|information|projects?)\b"),
    ("national_security", 0.5, "military intelligence",
     r"\b(?:military|defen[cs]e)\s+intelligence\b|\betterretning\w*"),
)
# fmt: on


Compiled = tuple[str, float, str, re.Pattern[str], tuple[str, ...] | None]


@lru_cache(maxsize=1)
def _compiled() -> list[Compiled]:
    return [(cat, weight, label, re.compile(p, re.IGNORECASE), pattern_stems(p)) for cat, weight, label, p in CUES]


def _matches(text: str) -> list[tuple[Compiled, re.Match[str]]]:
    """Each pattern's matches, most specific pattern first; words taken by one are not reused."""
    lowered = text.lower()
    taken: list[tuple[int, int]] = []
    out = []
    for entry in _compiled():
        if not has_stem(lowered, entry[4]):
            continue
        for found in entry[3].finditer(text):
            start, end = found.span()
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                out.append((entry, found))
    return out


def _sentence_cues(sentences: Sequence[Sentence], pos: int) -> list[Cue]:
    sentence = sentences[pos]
    text = sentence.text
    matches = _matches(text)
    if not matches:
        return []
    senses = senses_in_context(sentences, pos)
    # Sentence splitting is rough on Norwegian ("9. april 1940" splits): look at the neighbours too.
    past = historical_cue(" ".join(s.text for s in sentences[max(0, pos - 1) : pos + 2]))
    out = []
    for (category, weight, label, _pattern, _stems), found in matches:
        start, end = found.span()
        if any(s < end and start < e for s, e, _label in senses) or negation_cue(text, start, end):
            continue
        context = f"historical: {past}" if past else ""
        w = round(weight / 2, 3) if past else weight
        out.append(Cue(category, label, found.group(0), w, sentence.page, sentence.index, start, end, text, context))
    return sorted(out, key=lambda c: c.start)


def find_catch_all_cues(sentences: Sequence[Sentence]) -> list[Cue]:
    """Find catch-all cues (military end use, weapons, WMD, defence customers) in sentences.

    Args:
        sentences: The document's sentences.

    Returns:
        Cues in document order, negated and other-sense uses left out.
    """
    out: list[Cue] = []
    for pos in range(len(sentences)):
        out.extend(_sentence_cues(sentences, pos))
    return out


def strong_cues(cues: Sequence[Cue], minimum: float = STRONG) -> list[Cue]:
    """The cues enough on their own for a catch-all review, strongest first."""
    return sorted((c for c in cues if c.weight >= minimum), key=lambda c: (-c.weight, c.sentence, c.start))
