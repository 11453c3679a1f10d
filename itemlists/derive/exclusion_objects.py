"""What one exclusion statement excludes: items, purposes and the numeric conditions they need.

``parse_exclusion`` reads the object of a "does not control ..." statement (a lettered list, a
list of alternatives, an item with conditions, a purpose); the note scanning that finds the
statements is itemlists.derive.exclusions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.text.normalise import normalise
from itemlists.types import Threshold

_MARKER = re.compile(r"(?:^|(?<=[:;])\s*|\s)(?P<mark>[a-z]|\d{1,2})\.\s+(?=\S)")
_ALL = re.compile(r"\ball\s+(?:of\s+)?the\s+following\b|\bhaving\s+the\s+following\b", re.IGNORECASE)
_FOR_ANY = re.compile(
    r"\b(?:designed|modified|for)\b[^:;]*\bany\s+of\s+the\s+following\b"
    r"|\b(?:designed|modified|limited|intended)\b[^:;]*\b(?:for|to)\b[^:;]*\b(?:the\s+following|as\s+follows)\b",
    re.IGNORECASE,
)
_HAVING_ANY = re.compile(r"\b(?:having|with|meeting|that\s+meet)\s+(?:any|either)\s+of\s+the\s+following", re.I)
_FOLLOWING = re.compile(r"\b(?:(?:any\s+of\s+)?the\s+following|as\s+follows)\b.*$", re.IGNORECASE | re.DOTALL)
_LEADING_AMOUNT = re.compile(
    r"^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b.{0,40}?\bor\s+(?:less|more|fewer)\s+(?:of\s+)?",
    re.IGNORECASE,
)
_NO_MORE = re.compile(
    r"\bno\s+(?P<what>(?:[\w-]+\s+){0,4}?)(?P<verb>constitutes|contains|exceeds|has)\s+more\s+than\b", re.I
)
_ITEM_END = re.compile(
    r"[;:(]|(?:^|\s)(?:having|with|which|that|when|where|if|in|specially|designed|modified|formulated|for|"
    r"containing|used|using|limited|based|incorporating|meeting|according|as|specified|identified|"
    r"not|whose|operating|exported|employing|capable|provided|unless|to|by|on|at|of\s+the\s+following|"
    r"manufactured|intended|packaged|certified|enriched|constructed|made|ready|incorporated|without|produced|including|such)\b|\s\d",
    re.IGNORECASE,
)
_PURPOSE = re.compile(
    r"\b(?:(?:designed|modified|formulated|intended|used|packaged|certified|developed)"
    r"(?:\s+(?:or|and)\s+\w+)?\s+(?:solely\s+|only\s+|specifically\s+)?(?:for|as|to)"
    r"|for\s+use\s+(?:in|with|on|as|by)|limited\s+(?:by\s+design\s+)?(?:solely\s+)?to"
    r"|for\s+the\s+(?:repair|production|manufacture|installation|maintenance|purpose)\s+of)\s+"
    r"(?P<purpose>[^;:(]+)",
    re.IGNORECASE,
)
_PURPOSE_END = re.compile(
    r"\s(?:having|with|when|that|which|if|provided|unless|as\s+specified|containing|meeting|where|"
    r"and\s+having|not|whose|by|used|using|employing|in\s+which|to\s+detect|exported|other\s+than|specified|such)\b|,\s+(?!or\b)(?=\w+(?:ed|ing)\b)",
    re.IGNORECASE,
)
_ALTERNATIVES = re.compile(r",\s+(?:or\s+)?|\s+or\s+", re.IGNORECASE)

#: Head nouns too general to name an excluded item ("equipment specially designed for ...").
GENERIC = frozenset(
    """following item equipment system product device material component instrument apparatus
    good assembly unit part thing substance form shipment manufacture specially purpose application
    use type one other kind accessory function feature technology software""".split()
)
#: Words dropped from every item phrase; other generic words stay when the phrase has a specific
#: one ("radio equipment" keeps "equipment": requiring more words only makes exclusions rarer).
_FILLER = frozenset("following specially one type kind other purpose".split())
#: Phrases that are left-overs of clauses, not items ("four grammes or less", "they need ...").
_NOT_ITEMS = frozenset("less more fewer greater having incorporated finished specific such they it".split())
#: Words dropped from purposes: they say "by use" without saying which use.
_PURPOSE_FILLER = frozenset(
    "application purpose use specially designed only solely equipment other eg ie etc specific particular".split()
)
#: A "purpose" with these words is a numeric condition read as words ("limited to less than ...").
_COMPARATIVE = frozenset("less more exceeding maximum minimum greater fewer lower higher".split())
_NOT_A_PURPOSE = re.compile(r"\b(?:the\s+following|as\s+follows)\b|^\s*(?:operation\b|\d)", re.IGNORECASE)
#: One-word purposes too vague to exclude anything on their own (without an item).
_WEAK_PURPOSES = frozenset(
    "civil commercial industrial general fixed mobile personal individual public private development production "
    "communicate military system equipment device item".split()
)
_MARKERS = re.compile(r"(?:^|(?<=\s))(?:[a-z]|\d{1,2})\.\s+(?=[A-Z\"'‘“])")
_NOT_EXCEED = re.compile(r"\b(?:does|do)\s+not\s+exceed\b", re.IGNORECASE)
_EXCEEDS = re.compile(r"\bexceeds\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“'‘][^\"“”'‘’]{1,80}[\"”'’]")
_CONTENT = re.compile(
    r"\bcontaining\s+(?:less|more)\s+than\s+.{0,40}?\bof\s+(?:activity\s+of\s+)?(?P<what>[\w\- ]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One parsed exclusion: an item and/or purpose, and the numeric conditions it needs."""

    item_norm: str
    purpose_norm: str
    conditions: tuple[Threshold, ...]


def parse_exclusion(code: str, obj: str) -> list[Exclusion]:
    """Exclusions in the object of one "does not control" statement (see the module notes).

    Args:
        code: The provision the statement names (used to label parsed conditions).
        obj: The text after "does not control", e.g. 'Argon "lasers" having ... 50 W'.
    """
    intro, items = _split_list(obj)
    items = [i for i in items if not re.match(r"\s*not\s+used\b", i, re.IGNORECASE)]
    if not items:
        return _single(code, intro)
    if _ALL.search(intro):
        return _single(code, intro, whole=obj)[:1]
    head = _head(intro)
    if _HAVING_ANY.search(intro):
        # Each item is an alternative condition on the intro's item: it needs its own.
        found = [Exclusion(head, p, _conditions(code, i)) for i in items for p in _purposes(intro + " " + i) or [""]]
        return [e for e in found if _checkable("", e.purpose_norm, e.conditions)]
    if _FOR_ANY.search(intro):
        found = [Exclusion(head, p, ()) for i in items for p in _purposes("designed for " + i)]
    else:
        found = [e for i in items for e in _single(code, i, head=head)]
    return [e for e in found if _checkable(e.item_norm, e.purpose_norm, e.conditions)]


def _split_list(obj: str) -> tuple[str, list[str]]:
    """The intro before a lettered (or ";"-separated) list and the list's top-level items."""
    first = re.search(r"(?:^|:\s*)(?P<mark>a|1)\.\s+", obj)
    if first is None:
        intro, colon, rest = obj.partition(":")
        parts = [i.strip() for i in rest.split(";") if i.strip()]
        return (intro, parts) if colon and len(parts) > 1 else (obj, [])
    intro, rest, expected = obj[: first.start()], obj[first.end() :], _next(first["mark"])
    items: list[str] = []
    start = 0
    for m in _MARKER.finditer(rest):
        if m["mark"] == expected:
            items.append(rest[start : m.start()])
            start, expected = m.end(), _next(expected)
    items.append(rest[start:])
    return intro, [re.sub(r"[;.]?\s*(?:and|or)?\s*$", "", i.strip()) for i in items]


def _next(mark: str) -> str:
    return str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)


def _conditions(code: str, text: str) -> tuple[Threshold, ...]:
    """Numeric conditions of an exclusion text; list markers become clause breaks."""
    # Imported here: itemlists.derive.thresholds imports itemlists.reference, which builds these frames.
    from itemlists.derive.thresholds import parse_thresholds

    text = _MARKERS.sub("; ", text)
    text = _EXCEEDS.sub("exceeding", _NOT_EXCEED.sub("not exceeding", text))
    text = _NO_MORE.sub(lambda m: f"{m['what']}{m['verb']} not more than", text)
    found = parse_thresholds(code, text)
    unique = {(t.quantity, t.comparator, t.value, t.unit): t for t in found}
    return tuple(unique.values())


def _single(code: str, text: str, *, head: str = "", whole: str | None = None) -> list[Exclusion]:
    """Exclusions of one item text: its item alternatives crossed with its purposes."""
    conditions = _conditions(code, whole if whole is not None else text)
    purposes = _purposes(text) or [""]
    items = named_items(text, head) or [""]
    return [Exclusion(i, p, conditions) for i in items for p in purposes if _checkable(i, p, conditions)]


def _checkable(item: str, purpose: str, conditions: tuple[Threshold, ...]) -> bool:
    """Whether a text could show the exclusion: an item, a telling purpose, or numbers."""
    return bool(item or (purpose and purpose not in _WEAK_PURPOSES) or conditions)


def _head(intro: str) -> str:
    """The (non-generic) item an intro names: "lasers as follows" -> "laser"."""
    return " ".join(named_items(_FOLLOWING.sub("", intro), "")[:1])


def named_items(text: str, head: str) -> list[str]:
    """Normalised, non-generic item alternatives of a text ("batch mixers ... or mills")."""
    phrase = _LEADING_AMOUNT.sub("", text.strip())
    cut = _ITEM_END.search(_masked(phrase))
    phrase = phrase[: cut.start()] if cut else phrase
    parts = _split_alternatives(phrase) if re.search(r"\bor\b", phrase) else [phrase]
    words = [_specific(normalise(p)) for p in parts]
    if not any(words) and (content := _CONTENT.search(text)):
        words = [_specific(normalise(content["what"]))]
    return _distribute([w for w in words if w], head)


def _masked(text: str) -> str:
    """The text with quoted terms blanked (same length), so splitting leaves them whole."""
    return _QUOTED.sub(lambda q: q[0][0] + "x" * (len(q[0]) - 2) + q[0][-1], text)


def _split_alternatives(text: str) -> list[str]:
    """Split on "," and "or" outside quotes ("'fibrous or filamentary materials'" stays whole)."""
    masked = _masked(text)
    bounds = [0]
    for m in _ALTERNATIVES.finditer(masked):
        bounds += [m.start(), m.end()]
    bounds.append(len(text))
    return [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]


def _distribute(words: list[str], head: str) -> list[str]:
    """Share the last alternative's noun ("dental or medical equipment") and the list's head."""
    last = words[-1].split() if words else []
    out = []
    for w in words:
        if len(w.split()) == 1 and len(last) > 1 and not w.endswith("s"):
            w = f"{w} {last[-1]}"
        if head and head.split()[-1] not in w.split():
            w = f"{w} {head.split()[-1]}"
        out.append(w)
    return list(dict.fromkeys(out))


def _specific(norm: str) -> str:
    """The phrase without fillers; "" when only generic words remain or it is a left-over."""
    words = [w for w in norm.split() if w not in _FILLER]
    if all(w in GENERIC for w in words) or (words and words[0] in _NOT_ITEMS):
        return ""
    return " ".join(words)


def _purposes(text: str) -> list[str]:
    """Normalised purpose alternatives ("civil automobiles or railway train applications")."""
    found: list[str] = []
    for m in _PURPOSE.finditer(text):
        purpose = m["purpose"]
        stop = _PURPOSE_END.search(purpose)
        purpose = purpose[: stop.start()] if stop else purpose
        if _NOT_A_PURPOSE.search(purpose) or set(normalise(purpose).split()) & _COMPARATIVE:
            continue
        shared = _distribute([normalise(p) for p in _split_alternatives(purpose)], "")
        for words in (n.split() for n in shared):
            norm = " ".join(w for w in words if w not in _PURPOSE_FILLER)
            if norm and norm not in found and any(len(w) > 1 for w in norm.split()):
                found.append(norm)
    return found
