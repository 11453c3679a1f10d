"""Whether a document has a military-use context: List I's test, and civil wording for exclusion notes."""

from __future__ import annotations

from extractors.types import Analysis

#: Cue categories that show a military-use context (extractors.analysis.cues).
MILITARY_CATEGORIES = frozenset(
    {"military_end_use", "weapons", "armed_forces", "defence_customer", "missile_delivery", "wmd"}
)


def military_cues(analysis: Analysis) -> bool:
    """True when the document has at least one clear military-use cue (extractors.analysis.cues)."""
    return any(c.category in MILITARY_CATEGORIES and c.weight >= 0.5 for c in analysis.cues)


def military_context(analysis: Analysis) -> bool:
    """True when the document has a clear military-use cue and is about technology.

    List I items are named with everyday words ("missiles", "electronic equipment"); a
    history of missile debates has the military cues but transfers no technology. So the
    context counts only where the document also explains developing, producing or using
    something, or states a physical quantity; otherwise its military cues are left to the
    catch-all rule. Nor does a statute or regulation have one (extractors.analysis.zones.
    text_register): its weapons words are the regime's vocabulary, and a law is no technology.
    """
    if analysis.register == "legal" or not military_cues(analysis):
        return False
    physical = any(q.si_unit and q.si_value is not None for q in analysis.quantities)
    return physical or bool(analysis.technology_purposes)
