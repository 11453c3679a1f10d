"""Which of development, production and use of an item a document explains (technology cues).

For publications the technology is what is transferred (General Technology Note): a paper
that explains how to build a laser transfers its "production" technology. The cues follow
the GTN's definitions; classifiers.documents.technology links them to the lists' E provisions.
"""

from __future__ import annotations

import re

#: Document cues for each purpose: the GTN's "development" (design, research, models,
#: prototypes), "production" (fabrication, manufacture, assembly, growth, testing) and
#: "use" (operation, installation, maintenance, calibration, repair, overhaul).
_CUES: dict[str, re.Pattern[str]] = {
    "development": re.compile(
        r"\b(?:design(?:ed|ing|s)?|develop(?:s|ed|ing|ment)?|optimi[sz](?:ed|ing|ation|e)|"
        r"modell?(?:ed|ing)|simulat(?:ed|ing|ion|ions)|prototyp(?:e|ed|es|ing)|"
        r"(?:numerical|theoretical|analytical|physical|computational)\s+model)\b",
        re.IGNORECASE,
    ),
    "production": re.compile(
        r"\b(?:built|build(?:s|ing)?|fabricat(?:ed|e|ing|ion)|manufactur(?:ed|e|ing)|produced|production|"
        r"assembl(?:ed|y|ing)|grown|deposited|deposition|synthesi[sz](?:ed|is|ing)|etched|"
        r"lithograph(?:y|ic)|machined|sintered)\b",
        re.IGNORECASE,
    ),
    "use": re.compile(
        r"\b(?:operat(?:e|ed|es|ing|ion)|calibrat(?:e|ed|es|ing|ion)|maint(?:ain|ained|aining|enance)|"
        r"repair(?:ed|ing|s)?|install(?:ed|ing|ation)|overhaul(?:ed|ing)?|refurbish(?:ed|ing|ment)?|"
        r"align(?:ed|ing|ment)\s+procedure)\b",
        re.IGNORECASE,
    ),
}
#: A negation just before a cue ("was not fabricated by us", "no calibration").
_NEGATED = re.compile(r"\b(?:not|never|no|without|n't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: "commercially produced", "purchased ... built by" name someone else's work, not the paper's.
_BOUGHT = re.compile(r"\b(?:commercial(?:ly)?|purchased|bought|off-the-shelf|supplied\s+by|from\s+\w+\s+inc)\b", re.I)


def purpose_cues(text: str) -> set[str]:
    """Which of development/production/use a document explains (see ``_CUES``).

    A cue counts unless a negation stands just before it ("we did not fabricate") or its
    sentence says the item was bought ("a commercially manufactured laser"). A product
    "model" ("laser model LX-200") is not a development cue: only modelling verbs and
    "numerical/theoretical ... model" are.

    Args:
        text: Document text (any length; read sentence by sentence).

    Returns:
        A subset of ``PURPOSES``.
    """
    found: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _BOUGHT.search(sentence):
            continue
        for purpose, pattern in _CUES.items():
            if purpose not in found and any(
                not _NEGATED.search(sentence, 0, m.start()) for m in pattern.finditer(sentence)
            ):
                found.add(purpose)
    return found
