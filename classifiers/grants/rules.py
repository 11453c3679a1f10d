"""The licence rules for cloud-share grants (DOMAIN.md) as one ordered table; first match wins.

Each row of ``GRANT_RULES`` is a ``GrantRule``: its id, its outcome (``GRANT_OUTCOMES``), when it
fires and the first reason it gives, both Polars expressions over the grant frame joined with
the recipient and content facts. ``rule_chain`` folds the table into one when/then expression,
so adding a rule is adding one row (and its line below: ``tests/classifiers/test_grants.py`` checks that
this list names the table's ids in the table's order).

1. the grantee is the grantor -> ``no_licence_required`` (nobody else got access)
   [``grantor_own_access``];
2. any citizenship of a country under a Norwegian sanctions regulation, also beside a
   Norwegian one [``sanctioned_citizenship``], or an e-mail domain of such a country
   [``sanctioned_connection``] -> ``sanctions_review``;
3. upload-only access (a file drop) -> ``no_licence_required`` (no read access) [``upload_only``];
4. content with a security-grade marking -> ``licence_review`` whoever the recipient (it goes
   to the security officer: graded information must not be on the share at all)
   [``classified_content``];
5. anyone-link, organisation link, domain, group, or a person not in the register (or with no
   citizenship recorded, or with a register row that could not be read) -> ``unknown_recipient``
   [``unknown_recipient``];
6. a Norwegian citizen -> ``no_licence_required`` [``norwegian_citizen``];
7. content never screened [``content_not_screened``] or unreadable [``content_unreadable``] ->
   ``content_not_screened``;
8. content the screening found exempt -> ``exempt`` [``content_exempt``]; no listed technology
   -> ``no_licence_required`` [``no_listed_technology``];
9. List I content -> ``licence_review`` (the EEA/NATO exemption does not cover List I)
   [``list_one_content``];
10. an EEA or NATO citizen in Norway at a university, college, research institute or health
    enterprise, List II/III content -> ``exempt``, unless the grantor is unknown
    [``eea_nato_exemption``];
11. otherwise (listed content, catch-all cues) -> ``licence_review`` [``listed_content``].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from polars.expr.whenthen import ChainedThen, Then

from classifiers.grants.types import GRANT_OUTCOMES

UNKNOWN_GRANTOR = ("unknown", "system_account")
LISTED = ("review_required", "case_by_case", "catch_all_review", "blocked_classified")


@dataclass(frozen=True, slots=True, eq=False)
class GrantRule:
    """One row of the rule table.

    Attributes:
        id: Short id of the rule (the ``rule`` column of a decision).
        outcome: One of ``GRANT_OUTCOMES``.
        reason: The rule's own reason, a String expression (the first of the grant's reasons).
        when: When the rule fires (Boolean expression); None for the catch-all last row.
    """

    id: str
    outcome: str
    reason: pl.Expr
    when: pl.Expr | None = None

    def __post_init__(self) -> None:
        """Reject an outcome outside the vocabulary (a programming error)."""
        if self.outcome not in GRANT_OUTCOMES:
            raise ValueError(f"rule {self.id!r}: outcome {self.outcome!r} is not one of {GRANT_OUTCOMES}")

    def result(self) -> pl.Expr:
        """The struct a decision carries when this rule fires: decision, rule id, reason."""
        return pl.struct(decision=pl.lit(self.outcome), rule=pl.lit(self.id), reason=self.reason)


def _recipient_rule(rule_id: str, outcome: str, fact: str, reason: str) -> GrantRule:
    """A rule that fires when a recipient fact is set, with the reason ``people.py`` wrote for it."""
    return GrantRule(rule_id, outcome, when=pl.col(fact).is_not_null(), reason=pl.col(reason))


_CONTENT = pl.col("content_decision")
_CITIZENSHIPS = pl.col("citizenship_text")
_CODES = pl.col("content_codes").fill_null("no list entries")
_GRANTOR_KNOWN = ~pl.col("grantor_basis").is_in(UNKNOWN_GRANTOR)
_LISTED_KIND = (
    pl.when(_CONTENT == "catch_all_review")
    .then(pl.lit("content with catch-all cues (military use or national security)"))
    .otherwise(pl.lit("listed content"))
)

#: The rules in the order they are tried (see the module docstring).
GRANT_RULES: tuple[GrantRule, ...] = (
    GrantRule(
        "grantor_own_access",
        "no_licence_required",
        when=pl.col("grantee").is_not_null() & (pl.col("grantee") == pl.col("grantor")),
        reason=pl.format(
            "no_licence_required: the grantee is the grantor ({}); nobody else was given access", pl.col("grantor")
        ),
    ),
    _recipient_rule("sanctioned_citizenship", "sanctions_review", fact="sanctioned_codes", reason="sanctions_reason"),
    _recipient_rule("sanctioned_connection", "sanctions_review", fact="sanctioned_domain", reason="domain_reason"),
    GrantRule(
        "upload_only",
        "no_licence_required",
        when=pl.col("permission") == "upload",
        reason=pl.lit("no_licence_required: upload-only access (a file drop) gives the grantee no read access"),
    ),
    GrantRule(
        "classified_content",
        "licence_review",
        when=_CONTENT == "blocked_classified",
        reason=pl.lit(
            "licence_review: the content carries a security-grade marking; it must not be shared and goes "
            "to the security officer"
        ),
    ),
    _recipient_rule("unknown_recipient", "unknown_recipient", fact="unknown_reason", reason="unknown_reason"),
    GrantRule(
        "norwegian_citizen",
        "no_licence_required",
        when=pl.col("is_norwegian"),
        reason=pl.format(
            "no_licence_required: the grantee is a Norwegian citizen (citizenships {}); no licence is needed "
            "for a Norwegian citizen, even with other citizenships or abroad",
            _CITIZENSHIPS,
        ),
    ),
    GrantRule(
        "content_not_screened",
        "content_not_screened",
        when=pl.col("content_status").is_null(),
        reason=pl.lit(
            "content_not_screened: the shared content was never screened (not in the results store and not "
            "found under --content); screen it to decide"
        ),
    ),
    GrantRule(
        "content_unreadable",
        "content_not_screened",
        when=pl.col("content_status") != "screened",
        reason=pl.format("content_not_screened: the shared content could not be read ({})", pl.col("content_note")),
    ),
    GrantRule(
        "content_exempt",
        "exempt",
        when=_CONTENT == "exempt",
        reason=pl.format("exempt: the screening found the content exempt ({})", pl.col("content_note")),
    ),
    GrantRule(
        "no_listed_technology",
        "no_licence_required",
        when=~_CONTENT.is_in(LISTED),
        reason=pl.format(
            "no_licence_required: no listed technology in the shared content ({})", pl.col("content_note")
        ),
    ),
    GrantRule(
        "list_one_content",
        "licence_review",
        when=pl.col("content_lists").list.contains("I"),
        reason=pl.format(
            "licence_review: List I (defence) content ({}) shared with a citizen of {}; the EEA/NATO "
            "exemption does not apply to List I",
            _CODES,
            _CITIZENSHIPS,
        ),
    ),
    GrantRule(
        "eea_nato_exemption",
        "exempt",
        when=pl.col("exemption_gaps").is_null() & _GRANTOR_KNOWN & (_CONTENT != "catch_all_review"),
        reason=pl.format(
            "exempt: List II/III content ({}) shared inside Norway with a citizen of an EEA or NATO country "
            "({}) at a {}",
            _CODES,
            pl.col("eea_nato_codes"),
            pl.col("organisation_type").str.replace_all("_", " "),
        ),
    ),
    GrantRule(
        "listed_content",
        "licence_review",
        reason=pl.format(
            "licence_review: {} ({}) shared with a citizen of {}; no exemption applies: {}",
            _LISTED_KIND,
            _CODES,
            _CITIZENSHIPS,
            pl.coalesce(pl.col("exemption_gaps"), pl.lit("the grantor (exporter) is unknown")),
        ),
    ),
)


def rule_chain(rules: Sequence[GrantRule] = GRANT_RULES) -> pl.Expr:
    """Fold a rule table into one when/then expression, first match wins, aliased ``_decision``.

    Args:
        rules: Rows in the order they are tried; every row but the last has a ``when``, the
            last has none (it is the ``otherwise``).

    Returns:
        A struct expression of ``decision, rule, reason``.
    """
    *conditional, last = rules
    pairs = [(rule.when, rule.result()) for rule in conditional if rule.when is not None]
    if not pairs or len(pairs) != len(conditional) or last.when is not None:
        raise ValueError("a rule table needs conditional rows followed by exactly one catch-all row (when=None)")
    (when, then), *rest = pairs
    chain: Then | ChainedThen = pl.when(when).then(then)
    for when, then in rest:
        chain = chain.when(when).then(then)
    return chain.otherwise(last.result()).alias("_decision")
