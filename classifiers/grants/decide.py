"""Deciding every grant of a grant frame: join the facts, apply the rule table, add the notes.

Each grant gets one outcome of ``GRANT_OUTCOMES`` and its reasons: the rule that fired with the
facts it used (``classifiers.grants.rules``), then notes about special sanctions rules, the
people register, the content, the exporter and any revocation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from classifiers.grants.content import object_key
from classifiers.grants.people import person_features, recipient_columns
from classifiers.grants.rules import GRANT_RULES, UNKNOWN_GRANTOR, GrantRule, rule_chain
from classifiers.grants.types import CONTENT_SCHEMA, DECISION_SCHEMA, FINDING, GRANT_NEEDS_REVIEW


def decide_grants(
    grants: pl.DataFrame,
    people: pl.DataFrame,
    content: pl.DataFrame,
    countries: pl.DataFrame,
    rules: Sequence[GrantRule] = GRANT_RULES,
) -> pl.DataFrame:
    """Decide every grant (not the revocations) of a grant frame.

    Args:
        grants: Rows of ``extractors.shares.GRANT_SCHEMA``; ``revoke`` rows are used only to
            mark the grants they revoke.
        people: The people register (``extractors.shares.people.PEOPLE_SCHEMA``).
        content: What each shared object holds (``classifiers.grants.CONTENT_SCHEMA``).
        countries: ``itemlists.countries.COUNTRY_FRAME_SCHEMA`` rows.
        rules: The rule table, tried in order (``classifiers.grants.rules.GRANT_RULES``).

    Returns:
        The grant and snapshot rows with the columns of ``DECISION_SCHEMA`` added.
    """
    return GrantFacts.of(grants.lazy(), people, content, countries, rules).decide(grants)


@dataclass(frozen=True, slots=True)
class GrantFacts:
    """What deciding a grant reads beside the grant itself: small tables, built once per scan.

    ``decide`` is row-wise given these, so a grant frame decided a chunk at a time gives the
    same rows, in the same order, as the whole frame decided at once.

    Attributes:
        people: ``person_features`` of the register (one row per person).
        content: What each shared object holds (``CONTENT_SCHEMA``).
        revocations: Per grant key, the latest revocation time and whether any exists.
        countries: The country-group frame.
        rules: The rule table.
    """

    people: pl.DataFrame
    content: pl.DataFrame
    revocations: pl.DataFrame
    countries: pl.DataFrame
    rules: Sequence[GrantRule] = GRANT_RULES

    @classmethod
    def of(
        cls,
        grants: pl.LazyFrame,
        people: pl.DataFrame,
        content: pl.DataFrame,
        countries: pl.DataFrame,
        rules: Sequence[GrantRule] = GRANT_RULES,
    ) -> GrantFacts:
        """The facts for the grants of ``grants`` (its revocations are aggregated, streaming)."""
        return cls(person_features(people, countries), content.select(list(CONTENT_SCHEMA)), _revocations(grants),
                   countries, rules)

    def decide(self, grants: pl.DataFrame) -> pl.DataFrame:
        """Decide the grants (not the revocations) of ``grants``: any chunk of the scan's rows."""
        frame = self._facts(grants).with_columns(rule_chain(self.rules))
        frame = frame.with_columns(
            exporter=pl.when(~pl.col("grantor_basis").is_in(UNKNOWN_GRANTOR)).then(pl.col("grantor")),
            decision=pl.col("_decision").struct.field("decision"),
            rule=pl.col("_decision").struct.field("rule"),
            reasons=pl.concat_list([pl.col("_decision").struct.field("reason"), *_notes()]).list.drop_nulls(),
            findings=pl.col("findings").fill_null(pl.lit([], dtype=pl.List(FINDING))),
            revoked_at=pl.when(_revoked_after()).then(pl.col("_revoke_time")),
            revoked=_revoked_after() | (pl.col("_revoked_any").fill_null(False) & pl.col("_revoke_time").is_null()),
        )
        frame = frame.with_columns(needs_review=pl.col("decision").is_in(list(GRANT_NEEDS_REVIEW)))
        return frame.select(*grants.columns, *[pl.col(c).cast(t) for c, t in DECISION_SCHEMA.items()])

    def _facts(self, grants: pl.DataFrame) -> pl.DataFrame:
        """The grants (not revocations) joined with what the rules read: recipient, content, revocations."""
        given = grants.filter(pl.col("action") != "revoke").with_columns(object_key=object_key())
        frame = (
            given.join(self.people, left_on="grantee", right_on="email", how="left", coalesce=False,
                       maintain_order="left")
            .join(self.content, on="object_key", how="left", maintain_order="left")
            .join(self.revocations, on="grant_key", how="left", maintain_order="left")
        )
        return frame.with_columns(recipient_columns(self.countries))


def _revocations(grants: pl.LazyFrame) -> pl.DataFrame:
    """Per grant key: the latest revocation time, and whether any revocation exists."""
    return (
        grants.filter(pl.col("action") == "revoke")
        .group_by("grant_key")
        .agg(_revoke_time=pl.col("event_time").max(), _revoked_any=pl.lit(True))
        .collect(engine="streaming")
    )


def _revoked_after() -> pl.Expr:
    """True when a revocation of the grant's key is not older than the grant itself."""
    c = pl.col
    return c("_revoke_time").is_not_null() & (c("event_time").is_null() | (c("_revoke_time") >= c("event_time")))


def _notes() -> list[pl.Expr]:
    """Reasons after the rule's own: special sanctions rules, register merges, content, exporter, revocation."""
    c = pl.col
    return [
        c("special_rules_reason"),
        pl.when(c("register_note").is_not_null()).then(pl.format("people register: {}", c("register_note"))),
        pl.when(c("content_note").is_not_null()).then(pl.format("content: {}", c("content_note"))),
        c("targeted_reason"),
        _exporter_note(),
        _revocation_note(),
    ]


def _exporter_note() -> pl.Expr:
    """Who the exporter is, or why it is unknown (an unknown grantor is itself a reason for review)."""
    c = pl.col
    basis = c("grantor_basis")
    return (
        pl.when(basis.is_in(UNKNOWN_GRANTOR))
        .then(
            pl.format(
                "the grantor (the exporter) could not be determined ({}); identifying who granted access is "
                "itself a reason for review",
                pl.when(basis == "system_account")
                .then(pl.format("a system account, {}", c("grantor")))
                .otherwise(pl.lit("the export names none")),
            )
        )
        .when(basis == "owner_fallback")
        .then(
            pl.format(
                "exporter: {} (the object's owner; the export names no grantor, so confirm who granted access)",
                c("grantor"),
            )
        )
        .otherwise(pl.format("exporter: {} (granted the access)", c("grantor")))
    )


def _revocation_note() -> pl.Expr:
    """When access was revoked, or that a revocation without a time needs checking."""
    c = pl.col
    return (
        pl.when(_revoked_after())
        .then(
            pl.format(
                "access was revoked at {} (the case is closed; access existed until then)",
                c("_revoke_time").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
        )
        .when(c("_revoked_any").fill_null(False))
        .then(pl.lit("a revocation of this grant is in the export without a time; check that access ended"))
    )
