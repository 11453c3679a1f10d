"""Technology readiness level (TRL) from the text, and the licence rule it implies.

**Rule** (documented here and shown with every estimate):

1. An explicit statement ("TRL 4", "TRL-6", "technology readiness level 5", "teknologisk
   modenhetsnivå 3", "TRL 3-5") wins; with several, the highest level stated.
2. Otherwise the highest level with a cue in the text (:data:`CUES`, from "basic principles
   observed" = 1 to "proven in operational environment", "in service", "i drift" = 9).
3. No cue: ``None`` ("unknown"), which the licence rule treats like TRL 5-9.

Taking the highest level is deliberately conservative: TRL 1-2 exempts listed technology, so
a low level must not hide higher evidence elsewhere in the text. Negated cues ("not yet
deployed", "ikke testet i relevant miljø") are ignored. Patterns are tried most specific
first and a span used by one cue is not reused by a vaguer one ("laboratory prototype" is
TRL 4, not a prototype at TRL 6). A user-stated TRL overrides all of this (the caller's
job: see classifiers.documents.trl.resolve_trl).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from extractors.analysis.context import has_stem, negation_cue, pattern_stems
from extractors.types import Sentence, TrlCue, TrlEstimate

#: Implicit cues, most specific first: (level, label, pattern). Matched case-insensitively.
# fmt: off
CUES: tuple[tuple[int, str, str], ...] = (
    (7, "prototype demonstration in operational environment",
     r"\bprototype\s+demonstrat\w+\s+in\s+(?:an?\s+|the\s+)?operational\s+environment"),
    (9, "proven in operational environment",
     r"\b(?:proven|qualified\s+through\s+successful\s+mission)\w*\s+in\s+(?:an?\s+"
     r"|the\s+)?operational\s+(?:environment|use|service)"),
    (8, "system complete and qualified", r"\bsystem\s+(?:is\s+|was\s+)?complete[d]?\s+and\s+qualified"),
    (6, "demonstrated in relevant environment",
     r"\bdemonstrat\w+\s+in\s+(?:an?\s+|the\s+)?relevant\s+environment|\bdemonstrert\s+i\s+(?:et\s+)?relevant\s+miljø"),
    (7, "demonstrated in operational environment",
     r"\bdemonstrat\w+\s+in\s+(?:an?\s+|the\s+)?operational\s+environment"
     r"|\bdemonstrert\s+i\s+(?:et\s+)?(?:operativt|operasjonelt)\s+miljø|\bin[- ]orbit\s+demonstrat\w+"),
    (5, "validated in relevant environment",
     r"\bvalidat\w+\s+in\s+(?:an?\s+|the\s+)?relevant\s+environment|\bvalidert\s+i\s+(?:et\s+)?relevant\s+miljø"),
    (4, "validated in laboratory",
     r"\bvalidat\w+\s+in\s+(?:an?\s+|the\s+)?lab(?:oratory)?\b|\bvalidert\s+i\s+laboratori\w*"),
    (4, "laboratory prototype", r"\b(?:laboratory|lab|breadboard|bench[- ]?top)[- ](?:scale\s+)?prototypes?\b"),
    (1, "basic principles observed",
     r"\bbasic\s+principles?\s+(?:were\s+|are\s+)?(?:observed|reported|studied)|\bgrunnleggende\s+prinsipper"),
    (1, "basic research", r"\b(?:basic|fundamental)\s+research\b|\bgrunnforskning\w*|\bgrunnleggende\s+forskning"),
    (1, "theoretical work",
     r"\b(?:this|our|a|purely)\s+theoretical\s+(?:paper|study|analysis|work|investigation|treatment)"
     r"|\bteoretisk\s+(?:studie|analyse|arbeid|artikkel)"),
    (2, "technology concept formulated",
     r"\btechnology\s+concept\b|\bconcept\s+(?:study|formulation|was\s+formulated|is\s+formulated)\b"
     r"|\bconceptual\s+design\b|\bfeasibility\s+study\b|\bdesk\s+study\b|\bkonseptstudie\w*|\bteknologikonsept\w*"
     r"|\bmulighetsstudie\w*|\bkonseptutvikling\w*"),
    (3, "proof of concept",
     r"\bproof[- ]of[- ](?:concept|principle)\b|\bexperimental\s+proof\b|\bkonseptbevis\w*|\bprinsippbevis\w*"
     r"|\bexperimentally\s+(?:verified|demonstrated|validated|confirmed)\b|\bpilot\s+(?:study|experiment)s?\b"
     r"|\bpilotforsøk\w*|\bpilotstudie\w*"),
    (3, "experiment in vitro", r"\bin\s+vitro\b"),
    (4, "laboratory experiment",
     r"\bfabricated\s+and\s+(?:measured|characteri[sz]ed|tested)\b"
     r"|\bexperimental\s+(?:set-?up|demonstration|reali[sz]ation|characteri[sz]ation)\b|\bin\s+vivo\b"
     r"|\bin\s+(?:mice|rats|a\s+(?:mouse|rat|murine|animal)\s+model)\b|\bi\s+(?:mus|rotter|en\s+dyremodell)\b"),
    (4, "laboratory",
     r"\b(?:in|at)\s+(?:the|our|a)\s+lab(?:oratory)?\b"
     r"|\blab(?:oratory)?[- ](?:scale|tests?|testing|experiments?|set-?up|demonstrations?|conditions|environment"
     r"|measurements|models?)\b|\bbench[- ]scale\b|\b(?:wind|shock)\s+tunnel\b|\bsub-?scale\b"
     r"|\bscaled\s+(?:\w+\s+){0,2}model\b|\b(?:i|ved|på)\s+(?:et\s+|vårt\s+|det\s+)?\w*laboratori\w*"
     r"|\blaboratorie(?:skala|forsøk|test\w*|miljø|oppsett|eksperiment\w*)|\blabskala\b"),
    (5, "relevant environment",
     r"\brelevant\s+environment\b|\brelevant\s+miljø\b|\bfield\s+(?:tests?|trials?|testing|experiments?)\b"
     r"|\bfelt(?:forsøk|test|testing|tester)\w*|\bhigh-fidelity\s+(?:prototype|breadboard)"),
    (6, "prototype",
     r"\bprototyp(?:e|es|en|er|ene)?\b|\bdemonstrator\b|\btechnology\s+demonstrators\b|\b(?:maiden|first)\s+flight\b"
     r"|\bflight\s+tests?\b|\bpilot[- ]scale\b|\bpilot\s+plant\b|\bpilotanlegg\w*|\bengineering\s+model\b"),
    (6, "clinical phase I/II",
     r"\bphase\s+(?:I|II|1|2|I/II|1/2)\s+(?:clinical\s+)?(?:trial|study)\b|\bfase\s+(?:I|II|1|2)[- ]studie"),
    (7, "operational environment",
     r"\boperational\s+environment\b|\boperativt\s+miljø\b|\bsea\s+trials?\b|\bphase\s+(?:III|3)\b"
     r"|\bfase\s+(?:III|3)\b|\bin[- ]orbit\s+validation\b"),
    (8, "qualified",
     r"\b(?:flight|space)[- ]qualified\b|\bqualification\s+(?:tests?|testing|campaign|model)\b"
     r"|\bqualif(?:y|ied)\s+the\s+(?:process|system|design|product|hardware)\b"
     r"|\b(?<!board-)(?:type[- ])?certified\b(?!\s+reference)"
     r"|\bcertification\s+(?:tests?|testing|flights?|campaign)\b"
     r"|\boperational\s+(?:\w+\s+)?(?:tests?|evaluation|trials)\b|\bkvalifisert\w*|\bsertifisert\w*"),
    (9, "in operation",
     r"\b(?:brought|put|entered|taken|went)\s+into\s+(?:\w+\s+)?(?:service|operation|production)\b"
     r"|\bin\s+(?:active\s+|regular\s+|commercial\s+|routine\s+)?(?:service|operation)\b(?!\s+of\b)"
     r"|\boperational\s+use\b|\b(?:widely|commercially|operationally|already|now|currently|successfully)\s+deployed\b"
     r"|\bdeployed\s+(?:in|into)\s+(?:service|operation|production|orbit)\b|\bcommerciali[sz](?:ed|ation)\b"
     r"|\bon\s+the\s+market\b|\bin\s+(?:series|mass|full-scale)\s+production\b|\bin\s+orbit\b"
     r"|\b(?:satellite|spacecraft|cubesat|probe|mission)\s+(?:was\s+|were\s+)?launched\b|\bin\s+the\s+fleet\b"
     r"|\bi\s+(?:drift|bane|operativ\s+bruk)\b|\bdrifts(?:måned|år|fase|periode)\w*|\bskutt\s+opp\b"
     r"|\btatt\s+i\s+bruk\b|\bsatt\s+i\s+drift\b|\bkommersielt\s+tilgjengelig\b|\bpå\s+markedet\b"),
)
# fmt: on

_EXPLICIT = re.compile(
    r"\b(?:TRL|technology\s+readiness\s+level|teknologi(?:sk|ens)?\s+modenhets?nivå|modenhets?nivå(?:\s*\(TRL\))?)"
    r"(?:\s*\(TRL\))?s?[\s:=\-\u2010-\u2014]*(?:(?:level|nivå|of|på|at|er|is)\s+)*"
    r"(?P<a>[1-9])(?!\d|[.,]\d)(?:\s*(?:-|\u2013|\u2014|to|til|and|og|or|eller)\s*(?:TRL\s*)?(?P<b>[1-9])(?!\d|[.,]\d))?",
    re.IGNORECASE,
)

#: Licence rule outcomes (DOMAIN.md, technology transfer): TRL 1-2, 3-4, and 5-9 or unknown.
TRL_RULES = ("exempt", "case_by_case", "licence_if_listed")


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[int, str, re.Pattern[str], tuple[str, ...] | None]]:
    return [(level, label, re.compile(p, re.IGNORECASE), pattern_stems(p)) for level, label, p in CUES]


def _explicit_cues(sentence: Sentence) -> list[TrlCue]:
    out = []
    for found in _EXPLICIT.finditer(sentence.text):
        if negation_cue(sentence.text, found.start(), found.end()):
            continue
        low, high = int(found.group("a")), int(found.group("b") or 0)
        if (low, high) == (1, 9):  # "TRL 1-9": the scale itself, not a level
            continue
        level = max(low, high)
        out.append(TrlCue(level, found.group(0), "explicit TRL", sentence.index, sentence.page, found.start(), True))
    return out


def _implicit_cues(sentence: Sentence) -> list[TrlCue]:
    lowered = sentence.text.lower()
    taken: list[tuple[int, int]] = []
    out = []
    for level, label, pattern, stems in _compiled():
        if not has_stem(lowered, stems):
            continue
        for found in pattern.finditer(sentence.text):
            start, end = found.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if not negation_cue(sentence.text, start, end):
                out.append(TrlCue(level, found.group(0), label, sentence.index, sentence.page, start, False))
    return out


def trl_cues(sentences: Sequence[Sentence]) -> list[TrlCue]:
    """Every TRL cue and explicit statement in the sentences, in document order."""
    out: list[TrlCue] = []
    for sentence in sentences:
        out.extend(_explicit_cues(sentence))
        out.extend(_implicit_cues(sentence))
    return sorted(out, key=lambda c: (c.sentence, c.start))


def infer_trl(sentences: Sequence[Sentence]) -> TrlEstimate:
    """Estimate the technology readiness level of the work a text describes.

    Args:
        sentences: The document's sentences.

    Returns:
        The estimate (see the module docstring for the rule); ``level`` None when unknown.
    """
    cues = tuple(trl_cues(sentences))
    explicit = [c for c in cues if c.explicit]
    pool = explicit or list(cues)
    if not pool:
        return TrlEstimate(None, None, None, "", "", cues=cues)
    best = max(pool, key=lambda c: (c.level, len(c.cue), -c.sentence))  # ties: the longer (more specific) cue
    text = next(s.text for s in sentences if s.index == best.sentence)
    if best.explicit:
        rule = f"explicit statement {best.cue!r} (the highest TRL stated)"
    else:
        rule = f"highest readiness cue in the text: {best.label!r} -> TRL {best.level}"
    return TrlEstimate(best.level, best.sentence, best.page, text, best.cue, best.explicit, rule, cues)
