"""Country names as people write them -> ISO 3166-1 alpha-2 codes, and countries named in text.

``resolve_country`` takes what a partners file holds: an ISO code ("CN", "CHN"), an English
name pycountry knows ("China", "Iran, Islamic Republic of"), or a Norwegian or short form from
``data/countries_nb_en.tsv`` ("Kina", "Russland", "USA", "Sveits"). It never guesses: a value
it does not know gives None, and the caller quarantines the row.

``country_mentions`` finds countries a description names, by name, demonym or a major city
("a university in Iran", "Chinese partners", "russiske gjesteforskere", "the University of
Tehran"); "US", "USA" and "UK" count only in capitals. Proper names count only when
capitalised as names are; Norwegian demonyms are written in lower case and count either way.
Words that are also ordinary words ("island" is Iceland in Norwegian, "Turkey", "Jordan",
"Georgia", "us") are not read from running text, nor a name after "New" ("New Jersey").
"""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

ALIASES_FILE = Path(__file__).parent / "data" / "countries_nb_en.tsv"
#: Forms never read from running text (ordinary words, or names of other places).
NOT_IN_TEXT = frozenset({"us", "island", "georgia", "jordan", "turkey", "polish", "korean", "chad", "guinea",
                         "wales", "england", "holland", "america", "amerika", "india", "dansk"})
_DEMONYM_ENDINGS = "(?:e|s|er|ere|erne|en|n|ne)?"


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country named in a text.

    Attributes:
        code: ISO 3166-1 alpha-2.
        start: Character offset of the words in the text.
        end: End offset.
        words: The words as written.
        kind: ``name``, ``demonym`` or ``city``.
    """

    code: str
    start: int
    end: int
    words: str
    kind: str


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], tuple[tuple[str, str, str], ...]]:
    names: dict[str, str] = {}
    forms: list[tuple[str, str, str]] = []
    with ALIASES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            code, kind, form = row["code"].strip(), row["kind"].strip(), row["form"].strip().lower()
            if kind == "name":
                names[form] = code
            forms.append((code, kind, form))
    for code, form in _bokmal_names():
        if form not in names and form not in NOT_IN_TEXT:
            names[form] = code
            forms.append((code, "name", form))
    return names, tuple(forms)


#: Bokmål country names too short or too common to read from running text ("Man", "Mali").
_BOKMAL_SKIP = frozenset({"man", "mali", "peru", "niger", "tsjad", "jersey", "guernsey", "aruba", "samoa", "oman"})


def _bokmal_names() -> list[tuple[str, str]]:
    """Every country's bokmål name from pycountry's own translation catalogue (shipped in the wheel).

    Official long forms with a comma ("Iran, Den islamske republikk") are kept for partners files
    but are not what running text says; the table above adds the short forms people write.
    """
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nb_NO"])
    except OSError:  # a pycountry without its catalogues: the table alone
        return []
    found = []
    for country in pycountry.countries:
        name = catalogue.gettext(country.name).strip().lower()
        if name and name != country.name.lower() and name not in _BOKMAL_SKIP:
            found.append((str(country.alpha_2), name))
    return found


@lru_cache(maxsize=4096)
def resolve_country(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a code or name, or None when it is not known."""
    text = " ".join(value.strip().split())
    if not text:
        return None
    upper = text.upper()
    if len(upper) == 2 and pycountry.countries.get(alpha_2=upper):
        return upper
    if len(upper) == 3 and (found := pycountry.countries.get(alpha_3=upper)):
        return str(found.alpha_2)
    known = _aliases()[0].get(text.lower())
    if known:
        return known
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, "").lower() == text.lower():
                return str(country.alpha_2)
    return None


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    parts: list[str] = []
    for code, kind, form in sorted(_aliases()[1], key=lambda f: -len(f[2])):
        if form in NOT_IN_TEXT or len(form) < 3:
            continue
        body = re.escape(form).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]?")
        tail = _DEMONYM_ENDINGS if kind == "demonym" else ("" if kind == "city" else "(?:s)?")
        parts.append(f"(?P<{kind}_{code}_{len(parts)}>{body}{tail})")
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," not in name and name.lower() not in NOT_IN_TEXT and len(name) > 3:
            parts.append(f"(?P<name_{country.alpha_2}_{len(parts)}>{re.escape(name)})")
    parts.append(r"(?P<name_US_abbr>(?-i:U\.?S\.?(?:A\.?)?))")
    parts.append(r"(?P<name_GB_abbr>(?-i:U\.?K\.?))")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def country_mentions(text: str) -> list[CountryMention]:
    """Countries named in ``text`` (see the module docstring), in order."""
    found = []
    for match in _pattern().finditer(text):
        group = match.lastgroup or ""
        kind, code, _ = group.split("_", 2)
        words = match.group(0)
        if text[max(0, match.start() - 4):match.start()] == "New " and kind == "name":
            continue  # "New Jersey", "New Mexico", "New South Wales": places, not the country
        lower_nb_demonym = kind == "demonym" and words[:1].islower()
        if words[:1].islower() and not lower_nb_demonym:
            continue  # "china" the porcelain, "french" fries: names count when written as names
        if lower_nb_demonym and not _norwegian_demonym(words):
            continue
        found.append(CountryMention(code, match.start(), match.end(), words, kind))
    return found


def _norwegian_demonym(words: str) -> bool:
    """Norwegian demonyms end in -sk(e) or are nouns like "iranere", "russere"; English ones are capitalised."""
    lower = words.lower()
    return bool(re.search(r"sk(?:e)?$|(?:er|ere|erne)$|mann$", lower))
