"""How far a negation reaches: the cue words, the words that end their scope, the clause around a term.

:func:`extractors.analysis.context.negation_cue` asks three questions of the text around a
term, answered here: is there a "no"/"without" cue whose noun phrase holds the term, or a
"not"/"never" cue whose clause holds it (:func:`prefix_cue`); is the term prefixed "non-" or
suffixed "-free" (:data:`NON_PREFIX`, :data:`FREE_SUFFIX`); is its predicate negated after it
(:data:`NEGATED_PREDICATE`, "lasers were not used").
"""

from __future__ import annotations

import re

#: Negations that govern the noun phrase right after them ("no qubits", "without a laser").
_NP_CUES = frozenset({"no", "without", "none", "neither", "nor", "ingen", "intet", "uten", "verken", "hverken"})
#: Two-word cues of the same kind ("free of mercury", "instead of a laser").
_NP_CUE_PAIRS = frozenset(
    {
        ("free", "of"),
        ("absence", "of"),
        ("lack", "of"),
        ("instead", "of"),
        ("rather", "than"),
        ("devoid", "of"),
        ("place", "of"),
        ("fravær", "av"),
        ("mangel", "på"),
        ("stedet", "for"),
        ("istedenfor", ""),
        ("fremfor", ""),
    }
)
#: Negations that govern the rest of their clause ("we do not use lasers").
_VERBAL_CUES = frozenset({"not", "never", "ikke", "aldri"})
#: Words after a verbal cue that make it something other than a negation of what follows.
_NOT_NEGATING_NEXT = frozenset(
    {
        "only",
        "just",
        "merely",
        "least",
        "necessarily",
        "exceeding",
        "exceed",
        "exceeds",
        "more",
        "less",
        "above",
        "below",
        "over",
        "under",
        "greater",
        "fewer",
        "lower",
        "higher",
        "clear",
        "known",
        "surprisingly",
        "unlike",
        "bare",
        "minst",
        "mer",
        "mindre",
        "overstiger",
        "uvanlig",
    }
)
_NOT_NEGATING_PREV = frozenset({"or", "if", "whether", "eller", "hvis"})
#: "cannot be ruled out / excluded": the opposite of a negation.
_DOUBLE_NEGATION = re.compile(r"^\s*(?:be\s+)?(?:ruled\s+out|rule\s+out|excluded|exclude|utelukke[st]?)\b")
#: Words that end the noun phrase a "no"/"without" cue governs.
_NP_BREAKERS = frozenset(
    """
    in of on at for with by from to into over under between about than as via per during after before
    is are was were be been being has have had do does did can could will would shall should may might must
    we they it he she i you which that who whose whom but so because while when where if
    i av på til med for fra om ved mot er var ble blir har hadde vi de som at men enn når hvor
    """.split()
)
_MAX_VERBAL_SCOPE = 6
#: Words that end the clause a "not" governs ("we did not cool it and used a laser").
_VERBAL_BREAKERS = frozenset(
    ", and og then så so which that who som der where hvor when når because fordi if hvis while mens".split()
)
_MAX_NP_SCOPE = 5
_CLAUSE_BREAK = re.compile(
    r"[;!?](?:\s|$)|\.(?:\s|$)|:\s|\s[-\u2013\u2014]\s"
    r"|\b(?:but|however|whereas|although|though|unlike|men|mens|derimot)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w\u2019']+|[^\w\s]")
FREE_SUFFIX = re.compile(r"^\s?[-\u2010]\s?(?:free|fri|frie)\b", re.IGNORECASE)
NON_PREFIX = re.compile(r"\b(?:non|ikke)[-\u2010]\s?$", re.IGNORECASE)
NEGATED_PREDICATE = re.compile(
    r"^[^,;.]{0,60}?\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|will\s+be|would\s+be|need\s+be"
    r"|er|var|ble|blir|har\s+vært|vil\s+bli)\s+(?:not|never|ikke|aldri)\s+(?:\w+\s+)?"
    r"(?:used|employed|needed|required|necessary|present|involved|included|applied|installed|fitted|suitable"
    r"|intended|designed|considered|brukt|benyttet|nødvendig|inkludert|involvert|installert|egnet|beregnet"
    r"|tenkt|designet)\b"
    r"|^[^,;.]{0,40}?\b(?:is|are|was|were|er|var|ble)\s+(?:absent|omitted|excluded|avoided|unnecessary"
    r"|fraværende|utelatt|unødvendig)\b",
    re.IGNORECASE,
)


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("n't", " not").replace("n\u2019t", " not").replace("cannot", "can not")
    return _TOKEN.findall(text)


def clause_prefix(text: str, start: int) -> str:
    """The text of the clause before offset ``start`` (up to 240 characters back)."""
    before = text[max(0, start - 240) : start]
    ends = [found.end() for found in _CLAUSE_BREAK.finditer(before)]
    return before[ends[-1] :] if ends else before


def clause_suffix(text: str, end: int) -> str:
    """The text of the clause after offset ``end`` (up to 160 characters on)."""
    after = text[end : end + 160]
    found = _CLAUSE_BREAK.search(after)
    return after[: found.start()] if found else after


def _np_cue(tokens: list[str], i: int) -> str | None:
    token = tokens[i]
    if token in _NP_CUES:
        return token
    pair = (tokens[i - 1], token) if i > 0 else ("", token)
    if pair in _NP_CUE_PAIRS:
        return " ".join(pair)
    return token if (token, "") in _NP_CUE_PAIRS else None


def _verbal_negates(tokens: list[str], i: int, between: list[str], suffix: str) -> bool:
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if following in _NOT_NEGATING_NEXT or (i > 0 and tokens[i - 1] in _NOT_NEGATING_PREV):
        return False
    rest = " ".join(tokens[i + 1 :]) + " " + suffix
    if _DOUBLE_NEGATION.match(rest):
        return False
    return len(between) <= _MAX_VERBAL_SCOPE and not _VERBAL_BREAKERS.intersection(between)


def prefix_cue(prefix: str, suffix: str) -> str | None:
    """The cue in the clause before a term whose scope reaches it ("no", "free of", "not"), or None.

    Args:
        prefix: The clause before the term (:func:`clause_prefix`).
        suffix: The clause after it (:func:`clause_suffix`): "cannot be ruled out" is no negation.
    """
    tokens = _tokens(prefix)[-12:]
    for i in range(len(tokens) - 1, -1, -1):
        between = tokens[i + 1 :]
        cue = _np_cue(tokens, i)
        if cue and len(between) <= _MAX_NP_SCOPE and not _NP_BREAKERS.intersection(between):
            return cue
        if tokens[i] in _VERBAL_CUES and _verbal_negates(tokens, i, between, suffix.lower()):
            return tokens[i]
    return _any_cue(tokens)


#: Words that keep a negation's scope open however far back it stands ("no contact with any
#: armed forces", "ingen kontakt med noen væpnede styrker"): "any" after a negation is its
#: negative-polarity item.
_POLARITY_ITEMS = frozenset({"any", "noen"})


#: Where a negation's reach back to "any" ends: a comma or a new (relative or that-) clause.
_POLARITY_STOPS = frozenset({",", "that", "which", "who", "whom", "whose", "som"})


def _any_cue(tokens: list[str]) -> str | None:
    """The negation of the clause when "any" stands right before the term (one word may come between)."""
    if not _POLARITY_ITEMS.intersection(tokens[-2:]):
        return None
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in _POLARITY_STOPS:  # "No doubt that any armed forces would use it"
            return None
        if tokens[i] in _NP_CUES or tokens[i] in _VERBAL_CUES:
            return tokens[i]
    return None
