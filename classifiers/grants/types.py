"""The vocabulary and frame schemas of the grant rules: outcomes, findings, results, content, decisions."""

from __future__ import annotations

import polars as pl

#: Each grant outcome, most serious first, and whether it needs a person to look (written once:
#: ``GRANT_OUTCOMES`` and ``GRANT_NEEDS_REVIEW`` are read from it).
_NEEDS_REVIEW_BY_OUTCOME = {
    "sanctions_review": True,
    "licence_review": True,
    "unknown_recipient": True,
    "content_not_screened": True,
    "exempt": False,
    "no_licence_required": False,
}
GRANT_OUTCOMES = tuple(_NEEDS_REVIEW_BY_OUTCOME)
#: Grant outcomes that need a person to look (CLI exit code 1, open cases in the store).
GRANT_NEEDS_REVIEW = frozenset(o for o, review in _NEEDS_REVIEW_BY_OUTCOME.items() if review)

FINDING = pl.Struct(
    {"code": pl.String, "entry_code": pl.String, "list": pl.String, "list_version": pl.String, "level": pl.String}
)

#: Columns of a results frame: one screened (or failed) file or stored document per ``ref``.
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.String(),  # the candidate's id: content-relative path or stored sha256
    "status": pl.String(),  # "screened" | "failed"
    "decision": pl.String(),  # DOCUMENT_OUTCOMES
    "sha256": pl.String(),
    "origin": pl.String(),  # "results store" | "content folder"
    "versions": pl.String(),  # list versions used, "I@2020, II@2025-11-15"
    "findings": pl.List(FINDING),
}

#: Columns of a content frame: what each shared object holds (joined to grants on object_key).
CONTENT_SCHEMA: dict[str, pl.DataType] = {
    "object_key": pl.String(),
    "content_status": pl.String(),  # "screened" | "failed"
    "content_decision": pl.String(),  # the most serious document decision among its files
    "content_lists": pl.List(pl.String()),  # lists with flagged findings, e.g. ["I", "II"]
    "content_codes": pl.String(),  # "ML8 (List I), 6A005 (List II)" of the flags
    "content_note": pl.String(),  # where the result came from and what was checked
    "findings": pl.List(FINDING),
}

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
