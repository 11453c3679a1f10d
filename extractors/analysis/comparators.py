"""Comparator words around a number: "at least 2 kW", "not exceeding 10 nm", "34 or more".

:data:`COMPARATOR_BEFORE` matches the words ending right before a number, :data:`COMPARATOR_AFTER`
those right after a quantity; the name of the group that matched ("ge", "le", "gt", "lt") maps
to its symbol in :data:`SYMBOL`. English and Norwegian; used for documents and list provisions
alike (:mod:`extractors.analysis.quantities`, ``itemlists.derive.thresholds``).
"""

from __future__ import annotations

import re

_BETTER = r"(?:\s\((?:better|worse)\))?"
_GE = (
    r"equal to or (?:more|greater|higher|larger) than|equal to or exceeding|(?:more|greater"
    r"|higher|larger) than or equal to|not (?:less|lower|fewer) than|no (?:less|lower|fewer)"
    r" than|equivalent to or (?:larger|greater) than|at least|a minimum of|≥|>=|⩾|minst"
    r"|ikke mindre enn"
)
_LE = (
    rf"equal to or (?:less|lower|smaller|fewer){_BETTER} than|(?:less|lower|smaller|fewer)"
    rf"{_BETTER} than or equal to|not (?:more|greater|higher|larger) than|no (?:more|greater"
    r"|higher|larger) than|not exceeding|not to exceed|up to and including|up to|at most|a maximum of|within"
    r"|equal to or better(?: \((?:less|lower)\))? than"
    r"|≤|<=|=<|⩽|opptil|inntil|høyst|maksimalt|ikke over|ikke mer enn"
)
_GT = (
    rf"(?:more|greater|higher|larger|longer|wider){_BETTER} than|above|exceeding|exceeds?"
    r"|in excess of|over|beyond|>|mer enn|større enn|høyere enn|lengre enn"
)
_LT = rf"(?:less|lower|smaller|fewer|shorter|narrower){_BETTER} than|below|under|<|mindre enn"
_LT += r"|better(?: \((?:less|lower)\))? than"
_LT += r"|lavere enn|færre enn|kortere enn"
_APPROX = r"(?:about|approximately|approx\.|roughly|around|nearly|almost|some|ca\.|circa|~|≈"
_APPROX += r"|omtrent|rundt|cirka)"
#: Comparator words ending right before a number ("not exceeding", "less (better) than").
COMPARATOR_BEFORE = re.compile(
    rf"(?<!\w)(?:(?P<ge>{_GE})|(?P<le>{_LE})|(?P<gt>{_GT})|(?P<lt>{_LT}))\s*(?:{_APPROX}\s*)?\(?$",
    re.IGNORECASE,
)
#: Comparator words right after a quantity ("or more", "or less (better)").
COMPARATOR_AFTER = re.compile(
    r"\s*\)?\s*(?:\([^()]{0,40}\)\s*)?(?:by (?:weight|volume|mass)\s*)?(?:or|and|eller|og)\s+"
    r"(?:(?P<ge>more|greater|higher|larger|longer|above|over|mer|høyere|større)|(?P<le>less"
    r"|lower|smaller|fewer|shorter|below|under|better|mindre|lavere|færre))\b"
    r"(?!\s+(?:than|enn)\b)",
    re.IGNORECASE,
)
SYMBOL = {"ge": ">=", "le": "<=", "gt": ">", "lt": "<"}
