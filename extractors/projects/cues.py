"""Cues in a project description for malign influence (b) and ethics and integrity (c).

Each cue is a pattern in English or Norwegian with an area, a kind and a label (the tables
below, most specific first). A cue carries where it stands (sentence, page, the words) and two
readings of its sentence:

- ``excluded``: the sentence rules the use out or protects against it ("privacy-preserving",
  "we will not", "ikke", "anonymisering", "detect spyware", "protect journalists against");
- ``hedged``: the sentence only names it as possible ("could also", "potential", "kan også").

``collaboration_countries`` finds countries named next to words of collaboration, funding or
end use ("a university in Iran", "russiske gjesteforskere", "the Chinese partner"): those are
partners or people the description names. A country named for what is studied ("monsoon
rainfall over China") is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.projects.countries import CountryMention, country_mentions
from extractors.types import Sentence

AREAS = ("influence", "ethics")

# fmt: off
#: (area, kind, label, pattern), most specific first.
CUES: tuple[tuple[str, str, str, str], ...] = (
    ("influence", "publication_control", "a funder's control over publication",
     r"\bprior\s+(?:written\s+)?approval\b[^.]{0,80}\b(?:publi\w*|manuscripts?|results)"
     r"|\b(?:approve|review\s+and\s+approve|veto|block|stop|delay|withhold)\w*\s+(?:all\s+|any\s+|every\s+|each\s+)?"
     r"(?:the\s+)?"
     r"(?:publications?|publishing|manuscripts?|papers?|results)\b"
     r"|\bright\s+to\s+(?:approve|veto|stop|block|delay|withhold|review\s+and\s+approve)\b"
     r"|\bpublications?\s+(?:is|are|will\s+be|shall\s+be)\s+subject\s+to\b[^.]{0,40}\bapproval"
     r"|\b(?:publications?|manuscripts?|papers?|results)\b[^.]{0,60}\b(?:must|shall|will|need\s+to)\s+be\s+(?:approved|"
     r"cleared|authori[sz]ed)\s+by\b|\bsubject\s+to\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:approval|consent)\s+of"
     r"\s+the\s+(?:funder|sponsor|company|ministry|partner)|\b(?:may|can|could)\s+(?:delay|block|prevent|veto)\s+"
     r"(?:any\s+)?(?:the\s+)?publication"
     # Striking content out of a paper before it appears is control over publication too.
     r"|\b(?:may|can|could|will|shall)\s+(?:require|demand|request)\s+(?:the\s+)?(?:removal|deletion|redaction)\s+of\b"
     r"|\b(?:kan|får)\s+kreve\s+(?:at\s+)?(?:\w+\s+){0,3}(?:fjernet|fjernes|strøket|strykes|sladdet|sladdes)\b"
     r"|\bforhåndsgodkjenn\w*|\bgodkjenn\w*\s+(?:alle\s+)?(?:publikasjon|artikl|manuskript|resultat)\w*"
     r"|\b(?:publikasjon|artikl|manuskript|resultat)\w*[^.]{0,60}\b(?:må|skal)\s+(?:først\s+)?godkjennes\s+av\b"
     r"|\b(?:kan|får)\s+(?:utsette|stanse|stoppe|nekte)\s+(?:all\s+)?publiser\w*"
     r"|\brett\s+til\s+å\s+(?:godkjenne|stanse|stoppe|utsette|nekte)\b"),
    ("influence", "ip_to_funder", "intellectual property assigned to a funder",
     r"\b(?:intellectual\s+property|IPR?|patent\s+rights?|rights\s+to\s+the\s+results)\b[^.]{0,60}"
     r"\b(?:owned\s+by|belongs?\s+to|vests?\s+in|assigned\s+to|transferred\s+to)\b[^.]{0,40}"
     r"\b(?:funder|sponsor|company|ministry|government|state)\b"
     r"|\b(?:immaterielle\s+rettigheter|rettighetene|eierskap(?:et)?\s+til\s+resultatene|patentrettigheter)\b"
     r"[^.]{0,60}\b(?:tilfaller|overdras|eies\s+av|tilhører)\b"),
    ("influence", "military_funding", "funding from a military or defence ministry",
     r"\b(?:fund\w*|financ\w*|sponsor\w*|support\w*|grants?)\b[^.]{0,80}\b(?:ministry\s+of\s+(?:national\s+)?"
     r"defen[cs]e|defen[cs]e\s+ministry|armed\s+forces|people's\s+liberation\s+army|(?-i:PLA)|military"
     # The services and their research offices ("Office of Naval Research", "Air Force Office of
     # Scientific Research", "Army Research Laboratory", "DARPA").
     r"|(?:department\s+of\s+the\s+)?(?:navy|naval\s+research|air\s+force|army\s+research)|(?-i:DARPA|ONR|AFOSR|DTRA)"
     r"|defen[cs]e\s+(?:agency|industry|research\s+agency|contractor))\b"
     r"|\b(?:ministry\s+of\s+(?:national\s+)?defen[cs]e|armed\s+forces|military)\b[^.]{0,60}\b(?:funds?|finances?"
     r"|sponsors?|grants?)\b"
     r"|\b(?:finansier\w*|støtte\w*|midler)\b[^.]{0,80}\b(?:forsvarsdepartement\w*|militær\w*|væpnede\s+styrker"
     r"|marine[ns]s?\b|flyvåpen\w*|luftforsvar\w*)"
     r"|\b(?:forsvarsdepartement\w*|militær\w*|væpnede\s+styrker)\b[^.]{0,60}\b(?:finansier\w*|støtter|bevilg\w*)"),
    ("influence", "state_funding", "funding from a state or a state-owned company",
     r"\bstate-owned\b|\bstatseid\w*|\bstatlig\s+eid\w*"
     r"|\b(?:fund\w*|financ\w*|finansier\w*|sponsor\w*|grants?|scholarships?)\b[^.]{0,80}\b(?:government|ministry"
     r"|national\s+"
     r"(?:\w+\s+){0,3}(?:foundation|fund|council|programm?e?)|(?:science|research)\s+foundation|academy\s+of\s+sciences"
     r"|scholarship\s+council|state\s+(?:budget|programme|program|agency)|federal\s+(?:agency|programm?e?))\b"
     r"|\b(?:departement\w*|ministeri\w*|regjering\w*)\b[^.]{0,60}\b(?:finansierer|betaler|bevilger|dekker)\b"
     r"|\b(?:ministry|government|state\s+agency)\b[^.]{0,80}\b(?:will\s+|shall\s+)?(?:funds?|finances?|pays?\s+for"
     r"|sponsors?)\b"
     r"|\b(?:finansier\w*|midler|stipend\w*)\b[^.]{0,80}\b(?:regjering\w*|departement\w*|ministeri\w*|vitenskapsakademi\w*"
     r"|myndighet\w*|statsbudsjett\w*|føderale\s+budsjett\w*)"
     r"|\b(?:federal|state|national)\s+budget\b|\bstatsbudsjett\w*|\bføderale\s+budsjett\w*"
     r"|\b(?:state|government)[- ]funded\b|\bstatsfinansier\w*"
     r"|\bstatlige?\s+(?:\w+\s+){0,2}(?:forskningsfond\w*|fond\w*|forskningsråd\w*|midler|programm?\w*|stipend\w*"
     r"|finansiering\w*)"),
    ("influence", "talent_programme", "a talent programme or honorary position",
     r"\bthousand\s+talents\b|\btalent\s+(?:programm?e?|plan|recruitment)\w*|\btalentprogram\w*"
     r"|\bhonorary\s+(?:professor|position|appointment)\w*|\bæresprofessor\w*"),
    ("ethics", "biometric_identification", "biometric identification of people",
     r"\b(?:face|facial|gait|voice|iris)\s+(?:recognition|identification|re-?identification|matching)\b"
     r"|\bbiometric\s+(?:identification|matching|surveillance)\b"
     r"|\bspeaker\s+(?:search|identification)\b|\bvoice\s+search\b|\bstemmegjenkjenn\w*|\btalergjenkjenn\w*"
     r"|\bansikts?gjenkjenn\w*|\bgangegjenkjenn\w*|\bbiometrisk\w*\s+identifi\w*"
     r"|\b(?:re-?identification|tracking)\s+of\s+(?:persons|people|individuals|pedestrians)\b"
     r"|\b(?:emotion|affect)\s+recognition\b|\b(?:person|pedestrian)\s+re-?identification\b"
     r"|\b(?:licen[cs]e|number)[- ]plate\s+recognition\b|(?-i:\bANPR\b)|\bfølelsesgjenkjenn\w*"
     r"|\bkjennemerkegjenkjenn\w*"
     r"|\b(?:sporing|identifisering)\s+av\s+(?:personer|enkeltpersoner|fotgjengere)\b"
     r"|\b(?:face|facial)\s+(?:detection|detectors?|blurring|anonymi[sz]ation)\b|\bansiktsdetek\w*"
     r"|\b(?:deteksjon|anonymisering|sladding|fjerning)\s+av\s+ansikter\b"
     r"|\bgjenkjenne\s+(?:eller\s+identifisere\s+)?personer\b"),
    # Inferring a special category of personal data (GDPR art. 9: sexual orientation, gender
    # identity, religious or political belief, ethnic origin) about people.
    ("ethics", "special_category_profiling", "inferring people's sexual orientation, beliefs or origin",
     r"\b(?:infer\w*|predict\w*|classif\w*|detect\w*|estimat\w*|identif\w*|scor\w*|likelihood)\b[^.]{0,100}"
     r"\b(?:homosexual\w*|gay|lesbian\w*|transgender\w*|lgbt\w*|sexual\s+orientation|gender\s+identity"
     r"|political\s+(?:opinions?|beliefs?|views)|religious\s+beliefs?|trade\s+union\s+membership)\b"
     r"|\b(?:orientation|sexuality)[- ]inference\b"
     r"|\b(?:forutsi\w*|klassifis\w*|avdekk\w*|anslå\w*|identifis\w*|beregne\w*|sannsynlighet)\b[^.]{0,100}"
     r"\b(?:homofil\w*|lesbisk\w*|transperson\w*|skeiv\w*|lhbt\w*|seksuell\w*\s+orientering|kjønnsidentitet"
     r"|politisk\w*\s+(?:overbevisning|syn)|religiøs\w*\s+(?:tro|overbevisning))"),
    ("ethics", "ethnic_profiling", "ethnic or religious profiling",
     r"\b(?:ethnic(?:ity)?|racial|religious)\s+(?:classification|profiling|identification|recognition|detection)\b"
     r"|\betnisk\w*\s+(?:profilering|klassifis\w*|gjenkjenn\w*)"
     r"|\b(?:classif\w*|infer\w*|predict\w*|detect\w*)\s+(?:\w+\s+){0,3}(?:religious|ethnic|political)\s+affiliation\b"
     r"|\b(?:klassifis\w*|forutsi\w*|avdekk\w*)\s+(?:\w+\s+){0,3}(?:religiøs|etnisk|politisk)\s+tilhørighet\b"
     r"|\b(?:ethnic(?:ity)?|ethnic\s+origin|race)\s+(?:inferred|predicted|estimated|read|determined)\s+from\b"
     r"|\b(?:infer\w*|predict\w*|estimat\w*|determin\w*|classif\w*)\s+(?:\w+\s+){0,3}(?:ethnicity|ethnic\s+"
     r"(?:origin|group|background)|race)\b|\bwhich\s+ethnic\s+group\b"
     r"|\bhvilken\s+etnisk\w*\s+gruppe\b|\betnisk\w*\s+(?:opprinnelse|bakgrunn)\s+(?:utledet|anslått|bestemt|lest)\b"
     r"|\b(?:angi|anslå|bestemme|forutsi|klassifis\w*)\s+(?:\w+\s+){0,3}etnisk\w*\s+(?:gruppe|opprinnelse|bakgrunn)"),
    ("ethics", "mass_interception", "mass interception or monitoring of communications",
     r"\bmass(?:ive)?\s+(?:surveillance|interception|monitoring)\b|\bmasseovervåk\w*|\blawful[-\s]+interception\b"
     r"|\b(?:lawfully\s+)?intercepted\s+(?:\w+\s+){0,2}(?:calls|communications?|traffic|messages)\b"
     r"|\binterception\s+of\s+(?:\w+\s+){0,2}(?:calls|communications?|traffic|messages|SMS|data\s+sessions)\b"
     r"|\bfalse[-\s]+base[-\s]+stations?\b|\bfalske?\s+basestasjon\w*"
     r"|\b(?:from|of)\s+(?:all|every)\s+(?:\w+\s+){0,2}(?:handsets?|mobile\s+phones?|phones?)\s+(?:in|within|near)\b"
     r"|\bfra\s+alle\s+(?:\w+\s+){0,2}(?:mobiltelefoner|telefoner|håndsett)\s+(?:i|innenfor|nær)\b"
     r"|\bavlytt\w*\s+(?:\w+\s+){0,2}(?:samtaler|kommunikasjon|trafikk|meldinger)\b"
     r"|\bIMSI[- ]?catchers?\b|\bdeep[-\s]+packet[-\s]+inspection\b|(?-i:\bDPI\b)"
     r"|\b(?:interception|intercepting|monitoring)\s+(?:of\s+)?(?:all\s+)?(?:mobile|cellular|telecommunications?|"
     r"internet|network|social\s+media)\s+(?:traffic|communications?|users|calls|messages)\b"
     r"|\bavlytt\w*\s+(?:av\s+)?(?:mobil|tele|nett)\w*|\bovervåk\w*\s+av\s+(?:all\s+)?(?:mobil|tele|nett|sosiale\s+medier)\w*"
     r"|\b(?:track\w*|monitor\w*|map\w*)\s+(?:the\s+)?(?:movements?|contacts?|social\s+networks?|communications?)\s+of\s+"
     r"(?:the\s+)?(?:entire\s+|whole\s+)?population\b|\bpopulation[- ]wide\s+(?:tracking|monitoring|surveillance)\b"
     r"|\b(?:kartlegg\w*|overvåk\w*|oversikt\s+over|sporing\s+av)\s+(?:\w+\s+){0,2}befolkningens\s+"
     r"(?:bevegelser|kontakt\w*|kommunikasjon|sosiale)"),
    ("ethics", "censorship_tooling", "censorship or content-blocking tooling",
     r"\b(?:censorship|content[- ]blocking|content\s+filtering|internet\s+filtering|website\s+blocking)\s+"
     r"(?:systems?|tools?|infrastructures?|platforms?|technolog(?:y|ies)|solutions?)\b"
     r"|\bautomat\w*\s+(?:removal|deletion|blocking)\s+of\s+(?:political|dissent|critical)\w*"
     r"|\b(?:block\w*|filter\w*)\s+(?:of\s+)?(?:access\s+to\s+)?(?:(?:harmful|illegal|political|online|web|internet"
     r"|unwanted|prohibited|anti-state)\s+)+(?:content|web\s*sites|pages|posts|information)\b|\bblocking\s+orders?\b"
     r"|\bfiltrering\s+av\s+(?:\w+\s+)?innhold\b"
     r"|\bsensur(?:verktøy|system|løsning|teknologi)\w*|\bblokkering\s+av\s+(?:\w+\s+)?(?:innhold|nettsteder)\b"),
    ("ethics", "predictive_policing", "predictive policing or social scoring",
     r"\bpredictive\s+policing\b|\bprediktiv\w*\s+politi\w*|\bsocial\s+(?:credit|scoring)\b"
     r"|\bsosial\w*\s+(?:kreditt|poengsystem)\w*"),
    ("ethics", "spyware", "spyware or intrusion tooling",
     r"\bspyware\b|\bstalkerware\b|\bintrusion\s+software\b|\bremote\s+access\s+trojans?\b|\bspionprogram\w*"
     # "Intrusion software" as the list defines it: made to avoid detection or defeat protective
     # countermeasures of a device, and to extract its data; and the trade's own words for it.
     r"|\b(?:lawful|government|state)\s+hacking\b|\blovlig\s+hacking\b|\bzero[- ]click\b|\bnull[- ]klikk\b"
     r"|\bexploit\s+chains?\b|\butnyttelseskjede\w*"
     r"|\b(?:avoid\w*|evad\w*|escap\w*)\s+(?:\w+\s+){0,2}detection\b[^.]{0,120}\b(?:extract\w*|exfiltrat\w*|collect\w*"
     r"|intercept\w*)|\bunngå\w*\s+(?:\w+\s+){0,2}deteksjon\w*|\buten\s+at\s+(?:brukeren|eieren)\s+merker\b"
     r"|\bwithout\s+the\s+(?:user|owner)(?:'s)?\s+(?:noticing|knowledge)\b"),
    ("ethics", "targeting_groups", "tracking of dissidents, journalists or minorities",
     r"\b(?:track\w*|monitor\w*|identify\w*|identification\s+of|surveil\w*)\s+(?:\w+\s+){0,2}(?:dissidents|journalists"
     r"|activists|protesters|demonstrators|minorities|uyghurs|uighurs|uigurer)\b"
     r"|\bovervåk\w*\s+(?:\w+\s+){0,2}(?:dissidenter|journalister|aktivister|demonstranter|minoriteter)\b"
     r"|\b(?:detect\w*|identif\w*|oppdag\w*|identifi\w*)\b[^.]{0,80}\b(?:unauthori[sz]ed|unapproved|illegal"
     r"|ikke-godkjente|ulovlige)\s+(?:demonstrations?|protests?|gatherings?|demonstrasjon\w*|samling\w*)"
     # Unmasking who writes anonymously, and following banned religious or political groups.
     r"|\b(?:de-?anonymi[sz]\w*|unmask\w*|avanonymi\w*|avmasker\w*)\b"
     r"|\b(?:who\s+is\s+behind|(?:persons?|people|individuals)\s+behind|hvem\s+som\s+står\s+bak|personer\w*\s+bak)"
     r"\s+(?:\w+\s+){0,2}anonym\w*"
     r"|\b(?:track\w*|monitor\w*|map\w*|detect\w*|kartlegg\w*|overvåk\w*|oppdag\w*)\b[^.]{0,60}\b(?:proscribed|banned"
     r"|outlawed|forbidden|forbudte|ulovlige)\s+(?:\w+\s+){0,2}(?:groups?|sects?|communities|organi[sz]ations?"
     r"|grupper\w*|sekter\w*|organisasjon\w*)\b"),
)
# fmt: on

#: Words that make a biometric cue one about groups in public ("in crowds", "minorities").
GROUP_WORDS = re.compile(
    r"\b(?:crowds?|public\s+(?:spaces?|places?|squares?)|protests?|demonstrat\w*|minorit\w*|ethnic\w*|uyghurs?|uighurs?"
    r"|religio\w*|CCTV|surveillance\s+cameras?|city-wide|citywide|folkemengd\w*|offentlige\s+(?:rom|steder|plasser)"
    r"|uigur\w*|watch-?lists?|(?:at|across)\s+the\s+borders?|border\s+(?:crossings?|checks?|control)|travell?ers"
    r"|grensen\b|grensekontroll\w*|reisende"
    r"|demonstrasjon\w*|minoritet\w*|etnisk\w*|religiøs\w*|overvåkingskamera\w*)", re.IGNORECASE)
#: A police, security-service or intelligence end user.
END_USER_WORDS = re.compile(
    r"\b(?:police|law\s+enforcement|security\s+services?|public\s+security|state\s+security|intelligence\s+"
    r"(?:services?|agenc\w*)|ministry\s+of\s+(?:public|state)\s+security|internal\s+affairs|politi\w*"
    r"|sikkerhetstjeneste\w*|etterretning\w*|innenriksdepartement\w*|offentlig\s+sikkerhet"
    r"|border\s+guards?|grensevakt\w*|grensepoliti\w*)", re.IGNORECASE)
EXCLUDED = re.compile(
    r"\b(?:not|never|no)\b(?!-)[^.]{0,40}\b(?:use[ds]?|develop\w*|intended|appl\w*|deploy\w*|build\w*)\b|\bwill\s+not\b"
    r"|\bexclud\w*|\bprivacy[- ]preserving\b|(?<![-\w])anonymi[sz]\w*|\bblur\w*|\bde-?identif\w*"
    r"|(?<![-\w])pseudonymi[sz]\w*"
    r"|\bno\s+(?:\w+\s+){0,2}(?:conditions?|restrictions?|requirements?|approval|clauses?)\b"
    r"|\bno\s+(?:\w+\s+){0,3}(?:has|have|holds?|gets?|will\s+have)\s+(?:a|the|any)\s+(?:\w+\s+)?rights?\b"
    r"|\bno\s+(?:partner|funder|sponsor|company|party|one)\w*\s+(?:may|can|shall|will)\b"
    r"|\b(?:has|have|holds?|gets?|with)\s+no\s+(?:\w+\s+)?rights?\b|\bhar\s+ingen\s+(?:\w+\s+)?rett\b"
    r"|\b(?:cannot|can\s*not|can't|may\s+not|shall\s+not|must\s+not|will\s+not|does\s+not|do\s+not)\s+(?:\w+\s+){0,2}"
    r"(?:approve|stop|delay|block|veto|withhold|prevent|require|demand)\b|\bneither\b[^.]{0,80}\bnor\b"
    # A short delay to file a patent is ordinary practice, not control over publication.
    r"|\bdelay\w*\s+(?:\w+\s+){0,2}\d+\s+(?:days|dager|weeks|uker)\b[^.]{0,60}\bpatent"
    r"|\bwithout\s+(?:any\s+)?(?:conditions?|restrictions?|prior|approval)\b|\bingen\b|\buten\s+(?:vilkår|krav|"
    r"begrensning|forhånds)\w*"
    r"|\bikke\b(?!-)|\baldri\b|\butelukk\w*|\bpersonvern\w*|\bsladd\w*|\bdetect\w*\s+(?:of\s+)?(?:deepfakes?|spyware)"
    r"|\bprotect\w*\s+(?:\w+\s+){0,3}against\b|\bbeskytt\w*\s+(?:\w+\s+){0,3}mot\b|\bdefen[cs]es?\s+against\b"
    r"|\bcircumvent\w*|\bomgå\w*|\bresist\w*\s+(?:to\s+)?(?:censorship|surveillance)", re.IGNORECASE)
HEDGED = re.compile(
    r"\b(?:could|might|may|possibl\w*|potential\w*|future|in\s+principle|kan\s+også|kunne|mulig\w*|potensiel\w*"
    r"|på\s+sikt)\b", re.IGNORECASE)
COLLABORATION_WORDS = re.compile(
    r"\b(?:partner\w*|collaborat\w*|cooperat\w*|co-operat\w*|consorti\w*|joint\w*|together\s+with|co-?supervis\w*"
    r"|guests?|visiting|visitors?|exchange|host\w*|funded|financed|sponsor\w*|universit\w*|institut\w*|academy"
    r"|akademi\w*|compan\w*|selskap\w*|firma\w*|researchers?|scientists?|forsker\w*|stipendiat\w*|phd|postdoc\w*"
    r"|students?|samarbeid\w*|gjesteforsk\w*|utveksl\w*|finansier\w*|deltaker\w*|deltar|subcontract\w*"
    r"|underleverandør\w*|end[- ]users?|sluttbruker\w*|customers?|kunde\w*|police|politi\w*|team\w*|group"
    r"|gruppe\w*|colleagues?|kolleg\w*|labs?|laborator\w*|laboratori\w*|centre|center|senter|sentre"
    r"|staff|personnel|ansatte|agenc\w*|ministr\w*|reserve|inspectorate|direktorat\w*|etat\w*)\b",
    re.IGNORECASE)
#: Characters on either side of a country mention searched for a collaboration word.
COLLABORATION_WINDOW = 70


@dataclass(frozen=True, slots=True)
class ProjectCue:
    """A cue found in a description.

    Attributes:
        area: ``influence`` or ``ethics``.
        kind: The cue's kind ("publication_control", "biometric_identification", ...).
        label: What it is, for a reader.
        sentence: Index of the sentence.
        page: Page of the sentence, or None.
        words: The words that matched.
        text: The sentence.
        excluded: The sentence rules the use out or protects against it.
        hedged: The sentence only names the use as possible.
        groups: (ethics) the sentence speaks of groups or public spaces.
        end_user: The sentence names a police, security or intelligence end user.
    """

    area: str
    kind: str
    label: str
    sentence: int
    page: int | None
    words: str
    text: str
    excluded: bool = False
    hedged: bool = False
    groups: bool = False
    end_user: bool = False


@dataclass(frozen=True, slots=True)
class NamedCountry:
    """A country the description names as a partner's, a person's, a funder's or an end user's."""

    code: str
    sentence: int
    page: int | None
    words: str
    text: str


_COMPILED = tuple((area, kind, label, re.compile(pattern, re.IGNORECASE)) for area, kind, label, pattern in CUES)


def project_cues(sentences: Sequence[Sentence]) -> list[ProjectCue]:
    """The influence and ethics cues of a description, in sentence order (one per kind and sentence)."""
    found = []
    for sentence in sentences:
        text = sentence.text
        for area, kind, label, pattern in _COMPILED:
            match = pattern.search(text)
            if match is None:
                continue
            found.append(ProjectCue(
                area, kind, label, sentence.index, sentence.page, match.group(0), text,
                excluded=bool(EXCLUDED.search(text)), hedged=bool(HEDGED.search(text)),
                groups=bool(GROUP_WORDS.search(text)), end_user=bool(END_USER_WORDS.search(text)),
            ))
    return found


def collaboration_countries(sentences: Sequence[Sentence]) -> list[NamedCountry]:
    """Countries named next to words of collaboration, funding or end use (see the module docstring)."""
    named = []
    for sentence in sentences:
        for mention in country_mentions(sentence.text):
            if _near_collaboration(sentence.text, mention):
                named.append(NamedCountry(mention.code, sentence.index, sentence.page, mention.words, sentence.text))
    return named


def _near_collaboration(text: str, mention: CountryMention) -> bool:
    window = text[max(0, mention.start - COLLABORATION_WINDOW): mention.end + COLLABORATION_WINDOW]
    return bool(COLLABORATION_WORDS.search(window))
