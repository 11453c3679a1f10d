"""One normal form for terms, shared by the document side and the item-list index.

Both sides of a match must be normalised by the same function, or exact joins miss:
lower case, accents folded, hyphens and slashes as spaces, British spellings as American
(the EU annex mixes both: "fibre"/"fiber"), plurals made singular, and filler words dropped.
The function is idempotent: ``normalise(normalise(x)) == normalise(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9.+]+")
_EDGE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")

#: Words that carry no meaning for matching a technology term.
STOP_WORDS = frozenset(
    """
    a an the of for to in on at by with from and or as its it their this that these those such
    any all other each both either which whose our we us is are be being been was were has have
    had than into onto via per
    """.split()
)

#: British -> American spellings for words that occur in technical text. Whole words only.
_SPELLING = {
    "fibre": "fiber",
    "fibres": "fibers",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "litres": "liters",
    "aluminium": "aluminum",
    "sulphur": "sulfur",
    "sulphide": "sulfide",
    "caesium": "cesium",
    "colour": "color",
    "behaviour": "behavior",
    "vapour": "vapor",
    "armour": "armor",
    "modelling": "modeling",
    "travelling": "traveling",
    "labelled": "labeled",
    "analyse": "analyze",
    "analysed": "analyzed",
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "manoeuvre": "maneuver",
    "manoeuvring": "maneuvering",
    "defence": "defense",
    "licence": "license",
    "tyre": "tire",
    "gauge": "gauge",
    "mould": "mold",
    "moulds": "molds",
    "dosemeter": "dosimeter",
    "dosemeters": "dosimeters",
    "haemoglobin": "hemoglobin",
    "anaesthetic": "anesthetic",
    "oesophageal": "esophageal",
    "foetal": "fetal",
    "sceptre": "scepter",
    "calibre": "caliber",
    "calibres": "calibers",
    "plough": "plow",
}
_ISE = re.compile(r"^([a-z]{3,}?)is(e|ed|es|ing|ation|ations|er|ers)$")
_ISE_KEEP = frozenset(
    """
    precise concise expertise exercise advertise compromise enterprise otherwise franchise wise
    noise raise praise poise premise promise merchandise paradise revise supervise comprise
    surprise devise disguise incise excise chemise anise treatise mortise cerise valise rise
    arise arisen arises promised premises precisely revised supervised comprised surprised
    devised disguised noises raised praised exercised advertised compromised
    """.split()
)
_INVARIANT = frozenset(
    """
    gas glass mass class process stress less loss lens bus plus always analysis basis axis
    chassis series species apparatus status radius focus nucleus physics optics electronics
    mechanics dynamics aerodynamics ballistics avionics hydraulics pneumatics acoustics this its
    his thus was has does is as us yes news means gps cbrn dns ios mos cmos bis
    """.split()
)


def _american(word: str) -> str:
    word = _SPELLING.get(word, word)
    if word in _ISE_KEEP:
        return word
    m = _ISE.match(word)
    if m:
        return f"{m.group(1)}iz{m.group(2)}"
    return word


_IRREGULAR = {
    "gases": "gas",
    "lenses": "lens",
    "biases": "bias",
    "analyses": "analysis",
    "axes": "axis",
    "theses": "thesis",
    "hypotheses": "hypothesis",
    "matrices": "matrix",
    "indices": "index",
    "vertices": "vertex",
    "apparatuses": "apparatus",
    "statuses": "status",
    "foci": "focus",
    "radii": "radius",
    "nuclei": "nucleus",
    "phenomena": "phenomenon",
    "criteria": "criterion",
    "buses": "bus",
    "processes": "process",
    "masses": "mass",
    "losses": "loss",
    "classes": "class",
}


def singular(word: str) -> str:
    """Return a conservative singular of an English noun ("lasers" -> "laser")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _INVARIANT or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """Lower-case and strip accents ("Émission" -> "emission"); µ becomes u, ø o and æ ae.

    Norwegian ø and æ are letters of their own that Unicode does not decompose; without this
    "oppløsning" would fall apart into "oppl sning".
    """
    text = text.replace("µ", "u").replace("μ", "u")
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ø", "o").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def normalise(text: str) -> str:
    """Return the matching form of a term (idempotent).

    Example: ``normalise("High-power Fibre Lasers")`` -> ``"high power fiber laser"``.
    """
    words = _NON_WORD.sub(" ", fold(text)).split()
    out = []
    for word in words:
        word = _EDGE_DOTS.sub("", word)
        if not word or word in STOP_WORDS:
            continue
        out.append(_american(singular(_american(word))))
    return " ".join(out)


def tokens(norm: str) -> list[str]:
    """Split a normalised term into its words."""
    return norm.split()
