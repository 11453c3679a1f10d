"""The licence rules for cloud-share grants (DOMAIN.md), vectorised over the whole grant frame.

A grant is an export when it gives a foreign national read access to listed technology; the
person who granted the access is the exporter. Each grant gets one outcome of
``GRANT_OUTCOMES`` and its reasons: the rule that fired with the facts it used (citizenship
codes, list entries, the regulation), then notes about the exporter and any revocation.

Rules, first match wins (``decide_grants``):

1. the grantee is the grantor -> ``no_licence_required`` (nobody else got access);
2. any citizenship of a country under a Norwegian sanctions regulation, also beside a
   Norwegian one, or an e-mail domain of such a country -> ``sanctions_review``;
3. upload-only access (a file drop) -> ``no_licence_required`` (no read access);
4. content with a security-grade marking -> ``licence_review`` whoever the recipient (it goes
   to the security officer: graded information must not be on the share at all);
5. anyone-link, organisation link, domain, group, or a person not in the register (or with no
   citizenship recorded, or with a register row that could not be read) -> ``unknown_recipient``;
6. a Norwegian citizen -> ``no_licence_required``;
7. content never screened or unreadable -> ``content_not_screened``;
8. content the screening found exempt -> ``exempt``; no listed technology ->
   ``no_licence_required``;
9. List I content -> ``licence_review`` (the EEA/NATO exemption does not cover List I);
10. an EEA or NATO citizen in Norway at a university, college, research institute or health
    enterprise, List II/III content -> ``exempt``, unless the grantor is unknown;
11. otherwise (listed content, catch-all cues) -> ``licence_review``.

Nothing here logs; reasons may hold citizenship codes (the decision record), logs never do.
"""

from __future__ import annotations

import polars as pl

from classifiers.grants_content import CONTENT_SCHEMA, FINDING, object_key
from classifiers.grants_people import person_features, recipient_columns

GRANT_OUTCOMES = (
    "sanctions_review",
    "licence_review",
    "unknown_recipient",
    "content_not_screened",
    "exempt",
    "no_licence_required",
)
#: Grant outcomes that need a person to look (CLI exit code 1, open cases in the store).
GRANT_NEEDS_REVIEW = frozenset({"sanctions_review", "licence_review", "unknown_recipient", "content_not_screened"})
UNKNOWN_GRANTOR = ("unknown", "system_account")
LISTED = ("review_required", "case_by_case", "catch_all_review", "blocked_classified")

#: Columns ``decide_grants`` adds to the grant frame.
DECISION_SCHEMA: dict[str, pl.DataType] = {
    "object_key": pl.String(),
    "exporter": pl.String(),  # the grantor (null when it cannot be determined)
    "decision": pl.String(),  # GRANT_OUTCOMES
    "rule": pl.String(),  # short id of the rule that fired
    "reasons": pl.List(pl.String()),
    "findings": pl.List(FINDING),
    "needs_review": pl.Boolean(),
    "revoked_at": pl.Datetime("us", "UTC"),  # a later revocation of the same grant, if any
    "revoked": pl.Boolean(),
}


def decide_grants(
    grants: pl.DataFrame, people: pl.DataFrame, content: pl.DataFrame, countries: pl.DataFrame
) -> pl.DataFrame:
    """Decide every grant (not the revocations) of a grant frame.

    Args:
        grants: Rows of ``extractors.shares.GRANT_SCHEMA``; ``revoke`` rows are used only to
            mark the grants they revoke.
        people: The people register (``extractors.shares.people.PEOPLE_SCHEMA``).
        content: What each shared object holds (``classifiers.grants_content.CONTENT_SCHEMA``).
        countries: ``itemlists.countries.COUNTRY_FRAME_SCHEMA`` rows.

    Returns:
        The grant and snapshot rows with the columns of ``DECISION_SCHEMA`` added.
    """
    given = grants.filter(pl.col("action") != "revoke").with_columns(object_key=object_key())
    frame = (
        given.join(person_features(people, countries), left_on="grantee", right_on="email", how="left", coalesce=False)
        .join(content.select(list(CONTENT_SCHEMA)), on="object_key", how="left")
        .join(_revocations(grants), on="grant_key", how="left")
    )
    frame = frame.with_columns(recipient_columns(countries))
    frame = frame.with_columns(_decision())
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


def _revocations(grants: pl.DataFrame) -> pl.DataFrame:
    """Per grant key: the latest revocation time, and whether any revocation exists."""
    return (
        grants.filter(pl.col("action") == "revoke")
        .group_by("grant_key")
        .agg(_revoke_time=pl.col("event_time").max(), _revoked_any=pl.lit(True))
    )


def _revoked_after() -> pl.Expr:
    """True when a revocation of the grant's key is not older than the grant itself."""
    c = pl.col
    return c("_revoke_time").is_not_null() & (c("event_time").is_null() | (c("_revoke_time") >= c("event_time")))


def _outcome(decision: str, rule: str, reason: pl.Expr) -> pl.Expr:
    return pl.struct(decision=pl.lit(decision), rule=pl.lit(rule), reason=reason)


def _decision() -> pl.Expr:
    """The rule chain (module docstring): a struct of decision, rule id and first reason."""
    c = pl.col
    content = c("content_decision")
    listed = content.is_in(LISTED)
    cits = c("citizenship_text")
    codes = c("content_codes").fill_null("no list entries")
    grantor_known = ~c("grantor_basis").is_in(UNKNOWN_GRANTOR)
    chain = (
        pl.when(c("grantee").is_not_null() & (c("grantee") == c("grantor")))
        .then(
            _outcome(
                "no_licence_required",
                "grantor_own_access",
                pl.format(
                    "no_licence_required: the grantee is the grantor ({}); nobody else was given access", c("grantor")
                ),
            )
        )
        .when(c("sanctioned_codes").is_not_null())
        .then(_outcome("sanctions_review", "sanctioned_citizenship", c("sanctions_reason")))
        .when(c("sanctioned_domain").is_not_null())
        .then(_outcome("sanctions_review", "sanctioned_connection", c("domain_reason")))
        .when(c("permission") == "upload")
        .then(
            _outcome(
                "no_licence_required",
                "upload_only",
                pl.lit("no_licence_required: upload-only access (a file drop) gives the grantee no read access"),
            )
        )
        .when(content == "blocked_classified")
        .then(
            _outcome(
                "licence_review",
                "classified_content",
                pl.lit(
                    "licence_review: the content carries a security-grade marking; it must not be shared and goes "
                    "to the security officer"
                ),
            )
        )
        .when(c("unknown_reason").is_not_null())
        .then(_outcome("unknown_recipient", "unknown_recipient", c("unknown_reason")))
        .when(c("is_norwegian"))
        .then(
            _outcome(
                "no_licence_required",
                "norwegian_citizen",
                pl.format(
                    "no_licence_required: the grantee is a Norwegian citizen (citizenships {}); no licence is needed "
                    "for a Norwegian citizen, even with other citizenships or abroad",
                    cits,
                ),
            )
        )
        .when(c("content_status").is_null())
        .then(
            _outcome(
                "content_not_screened",
                "content_not_screened",
                pl.lit(
                    "content_not_screened: the shared content was never screened (not in the results store and not "
                    "found under --content); screen it to decide"
                ),
            )
        )
        .when(c("content_status") != "screened")
        .then(
            _outcome(
                "content_not_screened",
                "content_unreadable",
                pl.format("content_not_screened: the shared content could not be read ({})", c("content_note")),
            )
        )
        .when(content == "exempt")
        .then(
            _outcome(
                "exempt",
                "content_exempt",
                pl.format("exempt: the screening found the content exempt ({})", c("content_note")),
            )
        )
        .when(~listed)
        .then(
            _outcome(
                "no_licence_required",
                "no_listed_technology",
                pl.format("no_licence_required: no listed technology in the shared content ({})", c("content_note")),
            )
        )
        .when(c("content_lists").list.contains("I"))
        .then(
            _outcome(
                "licence_review",
                "list_one_content",
                pl.format(
                    "licence_review: List I (defence) content ({}) shared with a citizen of {}; the EEA/NATO "
                    "exemption does not apply to List I",
                    codes,
                    cits,
                ),
            )
        )
        .when(c("exemption_gaps").is_null() & grantor_known & (content != "catch_all_review"))
        .then(
            _outcome(
                "exempt",
                "eea_nato_exemption",
                pl.format(
                    "exempt: List II/III content ({}) shared inside Norway with a citizen of an EEA or NATO country "
                    "({}) at a {}",
                    codes,
                    c("eea_nato_codes"),
                    c("organisation_type").str.replace_all("_", " "),
                ),
            )
        )
        .otherwise(
            _outcome(
                "licence_review",
                "listed_content",
                pl.format(
                    "licence_review: {} ({}) shared with a citizen of {}; no exemption applies: {}",
                    pl.when(content == "catch_all_review")
                    .then(pl.lit("content with catch-all cues (military use or national security)"))
                    .otherwise(pl.lit("listed content")),
                    codes,
                    cits,
                    pl.coalesce(c("exemption_gaps"), pl.lit("the grantor (exporter) is unknown")),
                ),
            )
        )
    )
    return chain.alias("_decision")


def _notes() -> list[pl.Expr]:
    """Reasons after the rule's own: special sanctions rules, register merges, content, exporter, revocation."""
    c = pl.col
    basis = c("grantor_basis")
    return [
        c("special_rules_reason"),
        pl.when(c("register_note").is_not_null()).then(pl.format("people register: {}", c("register_note"))),
        pl.when(c("content_note").is_not_null()).then(pl.format("content: {}", c("content_note"))),
        c("targeted_reason"),
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
        .otherwise(pl.format("exporter: {} (granted the access)", c("grantor"))),
        pl.when(_revoked_after())
        .then(
            pl.format(
                "access was revoked at {} (the case is closed; access existed until then)",
                c("_revoke_time").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
        )
        .when(c("_revoked_any").fill_null(False))
        .then(pl.lit("a revocation of this grant is in the export without a time; check that access ended")),
    ]
