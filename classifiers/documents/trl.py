"""The licence rule for a document's technology readiness level (DOMAIN.md).

The level comes from the text (``Analysis.trl``, extractors.analysis.trl) unless the user
states one: basic research (TRL 1-2) is exempt, TRL 3-4 is decided case by case, and from
TRL 5 a licence is needed when the technology is listed.
"""

from __future__ import annotations

from extractors.types import TrlEstimate


def trl_rule(level: int | None) -> str:
    """The licence rule for a TRL (DOMAIN.md): "exempt", "case_by_case" or "licence_if_listed".

    Raises:
        ValueError: for a level outside 1-9 (None means unknown and is allowed).
    """
    if level is None:
        return "licence_if_listed"
    if not 1 <= level <= 9:
        raise ValueError(f"TRL must be 1-9 or None (unknown), got {level!r}; check the stated level")
    if level <= 2:
        return "exempt"
    return "case_by_case" if level <= 4 else "licence_if_listed"


def resolve_trl(estimate: TrlEstimate, stated: int | None) -> TrlEstimate:
    """The estimate to use: a level the user states wins over the text's.

    Raises:
        ValueError: when ``stated`` is outside 1-9.
    """
    if stated is None:
        return estimate
    trl_rule(stated)  # validates
    return TrlEstimate(
        stated, None, None, "", f"TRL {stated}", True, f"stated by the user: TRL {stated}", estimate.cues
    )
