"""Who a grantee is, for the grant rules: register facts turned into rule inputs and reasons.

``person_features`` works on the people register (one row per person, small) so the grant
frame (large) only needs one join; ``recipient_columns`` adds what depends on the grant itself
(link kinds, e-mail domain, register membership). Citizenship codes go into reasons (the
decision record) and nowhere else; nothing here logs. A person with no citizenship recorded, or
with a register row that could not be read, is an unknown recipient (never a Norwegian).
"""

from __future__ import annotations

import polars as pl

from extractors.shares.people import EXEMPT_ORGANISATIONS

#: Columns ``person_features`` returns (joined to grants on ``grantee == email``).
PERSON_COLUMNS = (
    "email",
    "organisation_type",
    "in_norway",
    "citizenship_count",
    "citizenship_text",
    "is_norwegian",
    "eea_nato_codes",
    "sanctioned_codes",
    "sanctions_reason",
    "special_rules_reason",
    "targeted_reason",
    "register_note",
    "unread_rows",
)


def person_features(people: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Per person: citizenships as text, Norway, EEA/NATO and sanctions facts and reasons.

    Args:
        people: ``extractors.shares.people.PEOPLE_SCHEMA`` rows.
        countries: ``itemlists.countries.COUNTRY_FRAME_SCHEMA`` rows.

    Returns:
        One row per e-mail with the columns of ``PERSON_COLUMNS``.
    """
    for name, dtype in (("register_note", pl.String), ("unread_rows", pl.List(pl.Int64))):
        if name not in people.columns:  # a register frame built without them (older callers, tests)
            people = people.with_columns(pl.lit(None, dtype=dtype).alias(name))
    base = people.select(
        "email",
        "organisation_type",
        "in_norway",
        "register_note",
        "unread_rows",
        citizenship_count=pl.col("citizenships").list.len(),
    )
    agg = _citizenship_facts(people, countries).with_columns(_sanctions_reasons())
    out = base.join(agg, on="email", how="left").with_columns(pl.col("is_norwegian").fill_null(False))
    return out.select(PERSON_COLUMNS)


def _citizenship_facts(people: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Per e-mail with a citizenship: codes as text, Norway, EEA/NATO, sanctioned codes and citations."""
    cits = (
        people.select("email", code=pl.col("citizenships"))
        .explode("code")
        .drop_nulls("code")
        .join(countries, on="code", how="left")
    )
    sanctioned = pl.col("sanctioned").fill_null(False)
    targeted = pl.col("sanctions").is_not_null() & ~sanctioned
    agg = cits.group_by("email").agg(
        citizenship_text=pl.col("code").sort().str.join(", "),
        is_norwegian=pl.col("norway").fill_null(False).any(),
        eea_nato_codes=pl.col("code")
        .filter(pl.col("eea").fill_null(False) | pl.col("nato").fill_null(False))
        .sort()
        .str.join(", "),
        sanctioned_codes=pl.col("code").filter(sanctioned).sort().str.join(", "),
        _citations=pl.col("sanctions").filter(sanctioned).sort().str.join("; "),
        _special=pl.format("special rule ({}): {}", "code", "special_rules")
        .filter(sanctioned & pl.col("special_rules").is_not_null())
        .sort()
        .str.join(" "),
        _targeted=pl.format("{}: {}", "code", "sanctions").filter(targeted).sort().str.join("; "),
    )
    blank = ("eea_nato_codes", "sanctioned_codes", "_citations", "_special", "_targeted")
    return agg.with_columns([pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)).alias(c) for c in blank])


def _sanctions_reasons() -> list[pl.Expr]:
    """The sanctions reason, the special-rules reason and the targeted-regime reason of a person."""
    return [
        pl.when(pl.col("sanctioned_codes").is_not_null())
        .then(
            pl.format(
                "sanctions_review: the grantee holds citizenship {} of a country under Norwegian sanctions ({}){}",
                "sanctioned_codes",
                "_citations",
                pl.when(pl.col("is_norwegian"))
                .then(pl.lit(", besides Norwegian citizenship (NO), which does not lift the sanctions rules"))
                .otherwise(pl.lit("")),
            )
        )
        .alias("sanctions_reason"),
        pl.col("_special").alias("special_rules_reason"),
        pl.when(pl.col("_targeted").is_not_null())
        .then(
            pl.format(
                "citizenship under a regime aimed only at listed persons ({}): check the grantee against the "
                "sanctions lists",
                "_targeted",
            )
        )
        .alias("targeted_reason"),
    ]


def _domain_sanctions(countries: pl.DataFrame) -> dict[str, str]:
    """Country-code top-level domain -> citation, for countries under a country-scope regime."""
    rows = countries.filter(pl.col("sanctioned")).select("code", "name", "sanctions").rows()
    return {code.lower(): f"{name} ({citations})" for code, name, citations in rows}


def recipient_columns(countries: pl.DataFrame) -> list[pl.Expr]:
    """Grant-level recipient facts: sanctioned e-mail domain, unknown recipient, exemption gaps.

    Expects the grant frame joined with ``person_features`` (``email`` null when the grantee
    is not in the register).
    """
    c = pl.col
    tld = c("grantee").str.extract(r"\.([a-z]{2})$", 1)
    by_domain = tld.replace_strict(_domain_sanctions(countries), default=None, return_dtype=pl.String)
    sanctioned_domain = pl.when(c("grantee_kind").is_in(["user", "domain", "unknown"])).then(by_domain)
    gaps = _exemption_gaps()
    return [
        sanctioned_domain.alias("sanctioned_domain"),
        pl.when(sanctioned_domain.is_not_null())
        .then(
            pl.format(
                "sanctions_review: the grantee's e-mail domain {} is a connection to {}, a country under Norwegian "
                "sanctions",
                c("grantee").str.extract(r"@(.+)$", 1).fill_null(c("grantee")),
                sanctioned_domain,
            )
        )
        .alias("domain_reason"),
        _unknown_reason().alias("unknown_reason"),
        pl.when(gaps.list.len() > 0).then(gaps.list.join("; ")).alias("exemption_gaps"),
    ]


def _unknown_reason() -> pl.Expr:
    """Why the recipients cannot be checked (a link, a domain, a group, a person not fully in the register)."""
    c = pl.col
    kind = c("grantee_kind")
    return (
        pl.when(kind == "anyone")
        .then(
            pl.lit(
                "unknown_recipient: an anyone-link: whoever has the link can read the content, so the recipients "
                "cannot be checked"
            )
        )
        .when(kind == "organisation")
        .then(
            pl.lit(
                "unknown_recipient: an organisation-wide link: everyone in the organisation (guests included) "
                "can read the content"
            )
        )
        .when(kind == "domain")
        .then(pl.format("unknown_recipient: shared with every account of the domain {}", c("grantee")))
        .when(kind == "group")
        .then(
            pl.format(
                "unknown_recipient: shared with the group {}; its members are not expanded, so their citizenships "
                "are unknown",
                c("grantee"),
            )
        )
        .when(c("grantee").is_null() | (kind == "unknown"))
        .then(
            pl.format(
                "unknown_recipient: the grantee could not be identified from the export ({})",
                c("grantee_raw").fill_null("no grantee given"),
            )
        )
        .otherwise(_unregistered_reason())
    )


def _unregistered_reason() -> pl.Expr:
    """Why a person grantee is unknown: not in the register, unread register rows, or no citizenship."""
    c = pl.col
    return (
        pl.when(c("email").is_null())
        .then(pl.format("unknown_recipient: the grantee {} is not in the people register", c("grantee")))
        .when(c("unread_rows").list.len() > 0)
        .then(
            pl.format(
                "unknown_recipient: the people register has row(s) {} for the grantee {} that could not be read "
                "(see 'quarantined'), so not every citizenship is known; fix them and scan again",
                c("unread_rows").list.eval(pl.element().cast(pl.String)).list.join(", "),
                c("grantee"),
            )
        )
        .when(c("citizenship_count") == 0)
        .then(
            pl.format(
                "unknown_recipient: the grantee {} is in the people register but no citizenship is recorded",
                c("grantee"),
            )
        )
    )


def _exemption_gaps() -> pl.Expr:
    """What keeps the EEA/NATO exemption from applying to the grantee (a list; empty when it applies)."""
    c = pl.col
    return pl.concat_list(
        [
            pl.when(c("eea_nato_codes").is_null()).then(pl.lit("no EEA or NATO citizenship")),
            pl.when(~c("in_norway").fill_null(False)).then(pl.lit("the grantee is not in Norway")),
            pl.when(~c("organisation_type").is_in(EXEMPT_ORGANISATIONS)).then(
                pl.format(
                    "the grantee's organisation is a {}, not a university, college, research institute or health "
                    "enterprise",
                    c("organisation_type").str.replace_all("_", " "),
                )
            ),
        ]
    ).list.drop_nulls()
