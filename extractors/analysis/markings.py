"""Security-grade markings (Security Act grades and their NATO/EU equivalents) in a document.

A document carrying a marking is its own outcome (``blocked_classified``), so a false alarm is
costly and "begrenset" ("limited") is an everyday Norwegian word. A grade counts as a
*marking* only where it is used as one:

- ``standalone``: the grade in upper or title case alone on its line (a header or footer),
  possibly with page numbers, separators, a date or "Unntatt offentlighet";
- ``label``: after a label ("Gradering:", "Classification:", "Sikkerhetsgradering:"), in any
  case, or after "gradert", "classified as", "marked" in upper case;
- ``security_act``: next to "Beskyttet etter sikkerhetsloven" / "jf. sikkerhetsloven";
- ``header`` / ``footer``: upper case at the start of a line before ordinary text (a header
  joined to the first sentence), or at the end of a line after a finished sentence.

Not markings: ordinary words ("begrenset tid", "konfidensielt intervju"), all-caps headings
("BEGRENSET TILGANG TIL DATA"), quoted grades, grades named as a level ("gradert
KONFIDENSIELT eller høyere"), negated ones ("ikke gradert som ...") and lines
that list several grades (a text *about* the grading system). English "secret", "confidential"
and "top secret" are not grades of the Security Act; only the NATO/EU forms are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extractors.analysis.context import historical_cue, negation_cue
from extractors.types import Marking, Sentence

#: (pattern, canonical grade, system, level 4 = highest). Longer forms first.
GRADES: tuple[tuple[str, str, str, int], ...] = (
    (r"STRENGT\s+HEMMELIG", "STRENGT HEMMELIG", "NO", 4),
    (r"COSMIC\s+TOP\s+SECRET", "COSMIC TOP SECRET", "NATO", 4),
    (r"TR[ÈE]S\s+SECRET\s+UE", "TRÈS SECRET UE", "EU", 4),
    (r"EU\s+TOP\s+SECRET", "TRÈS SECRET UE", "EU", 4),
    (r"NATO\s+SECRET", "NATO SECRET", "NATO", 3),
    (r"SECRET\s+UE", "SECRET UE", "EU", 3),
    (r"EU\s+SECRET", "SECRET UE", "EU", 3),
    (r"NATO\s+CONFIDENTIAL", "NATO CONFIDENTIAL", "NATO", 2),
    (r"CONFIDENTIEL\s+UE", "CONFIDENTIEL UE", "EU", 2),
    (r"EU\s+CONFIDENTIAL", "CONFIDENTIEL UE", "EU", 2),
    (r"NATO\s+RESTRICTED", "NATO RESTRICTED", "NATO", 1),
    (r"RESTREINT\s+UE", "RESTREINT UE", "EU", 1),
    (r"EU\s+RESTRICTED", "RESTREINT UE", "EU", 1),
    (r"HEMMELIG", "HEMMELIG", "NO", 3),
    (r"KONFIDENSIELT", "KONFIDENSIELT", "NO", 2),
    (r"BEGRENSET", "BEGRENSET", "NO", 1),
)

_GRADE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<g{i}>{p})" for i, (p, *_rest) in enumerate(GRADES)) + r")(?![\w-])",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"\b(?:(?:sikkerhets)?gradering(?:snivå)?|(?:security\s+)?classification(?:\s+level)?|sikkerhetsgradert"
    r"|klassifisering|markering|grading)\s*(?P<colon>[:=])?\s*[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)
_VERB_LABEL = re.compile(
    r"\b(?:gradert|graded|classified|klassifisert|marked|merket|stemplet|stamped)"
    r"(?:\s+(?:as|som|with|med))?\s*[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)
_SECURITY_ACT = re.compile(
    r"beskyttet\s+etter\s+sikkerhetsloven|jf\.?\s+sikkerhetsloven|sikkerhetsloven\s+§|security\s+act\s+§",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:side|page|s\.)\s*\d+(?:\s*(?:av|of|/)\s*\d+)?\b|\bunntatt\s+offentlighet\b|\boffl\.?\s*§\s*\d+\w*"
    r"|\b(?:releasable\s+to|kun\s+for)\s+[\w ,/]+$|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:utkast|draft|kopi"
    r"|copy|eksemplar|nr|no)\b\.?\s*\d*|\b\d+\b",
    re.IGNORECASE,
)
#: A grade named as a level of the system ("gradert KONFIDENSIELT eller høyere", "SECRET or
#: above"): a text about who may see what, not a marking.
_LEVEL_COMPARISON = re.compile(
    r"^\s*(?:eller|og|or|and)\s+(?:høyere|lavere|over|under|higher|lower|above|below)\b", re.IGNORECASE
)
_SEPARATORS = re.compile(r"^[\s\-\u2010-\u2015|/\\\u2022\u00b7*_#:=()\[\].,]*$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_SECURITY_ACT_REACH = 60
_MAX_BOILERPLATE = 160


def _grade_of(match: re.Match[str]) -> tuple[str, str, int]:
    index = int((match.lastgroup or "g0")[1:])
    _pattern, grade, system, level = GRADES[index]
    return grade, system, level


def _case(written: str) -> str:
    letters = [c for c in written if c.isalpha()]
    if all(c.isupper() for c in letters):
        return "upper"
    return "title" if letters[0].isupper() else "lower"


def _is_boilerplate(rest: str) -> bool:
    if len(rest) > _MAX_BOILERPLATE:  # a header or footer line is short
        return False
    return bool(_SEPARATORS.match(_BOILERPLATE.sub(" ", _GRADE.sub(" ", rest))))


def _header_like(line: str, match: re.Match[str]) -> str | None:
    """Say "header" or "footer" when an upper-case grade opens or closes a line of ordinary text."""
    before, after = line[: match.start()], line[match.end() :]
    if _SEPARATORS.match(before):
        nxt = re.match(r"[\s\-\u2013\u2014|/:]*([^\W\d_][\w-]*)", after)
        if nxt and nxt.group(1)[0].isupper() and not nxt.group(1).isupper():
            return "header"
    if _is_boilerplate(after):
        tail = before.rstrip()
        word = re.search(r"([^\W\d_]+)\W*$", tail)
        finished = tail.endswith((".", "!", "?")) or (tail[-1:].isdigit())
        if finished and not (word and word.group(1).isupper() and len(word.group(1)) > 1):
            return "footer"
    return None


def _rule(line: str, match: re.Match[str]) -> str | None:
    """The rule under which the grade at ``match`` is a marking, or None for an ordinary word."""
    case = _case(match.group(0))
    before, after = line[: match.start()], line[match.end() :]
    if before[-1:] in _QUOTES and after[:1] in _QUOTES and not _is_boilerplate(before[:-1] + after[1:]):
        return None
    if _LEVEL_COMPARISON.match(after):
        return None
    if case != "lower" and _is_boilerplate(before + " " + after):
        return "standalone"
    label = _LABEL.search(before[-80:])
    if label and (label.group("colon") or case != "lower"):
        return "label"
    near = line[max(0, match.start() - _SECURITY_ACT_REACH) : match.end() + _SECURITY_ACT_REACH]
    if _SECURITY_ACT.search(near):
        return "security_act"
    # Running text about the past ("stamped HEMMELIG in 1943") mentions a marking, it carries none.
    if case != "upper" or historical_cue(line):
        return None
    if _VERB_LABEL.search(before):
        return "label"
    return _header_like(line, match)


def _line_markings(line: str, sentence: Sentence) -> Iterable[Marking]:
    matches = list(_GRADE.finditer(line))
    candidates = [(m, _rule(line, m)) for m in matches]
    accepted = [(m, rule) for m, rule in candidates if rule]
    # A line naming grades of several levels is about the grading system, not marked with it.
    if len({_grade_of(m)[2] for m, _ in accepted}) > 1:
        return
    for match, rule in accepted:
        if negation_cue(line, match.start(), match.end()):
            continue
        grade, system, level = _grade_of(match)
        text = " ".join(match.group(0).split())
        yield Marking(grade, system, text, sentence.page, sentence.index, level, rule or "", line.strip()[:200])


def find_markings(sentences: Sequence[Sentence]) -> list[Marking]:
    """Find security-grade markings in a document's sentences.

    Args:
        sentences: The document's sentences (their text keeps line breaks).

    Returns:
        Markings, highest level first, then in document order; the same grade on the same
        page is reported once (a header repeated on every page gives one marking per page).
    """
    found: dict[tuple[str, int | None], Marking] = {}
    for sentence in sentences:
        if not _GRADE.search(sentence.text):
            continue
        for line in sentence.text.splitlines():
            for marking in _line_markings(line, sentence):
                found.setdefault((marking.grade, marking.page), marking)
    return sorted(found.values(), key=lambda m: (-m.level, m.sentence))


def highest_marking(markings: Sequence[Marking]) -> Marking | None:
    """The marking that decides the outcome: the highest level, first in the document."""
    return min(markings, key=lambda m: (-m.level, m.sentence), default=None)
