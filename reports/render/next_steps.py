"""What happens next after each outcome, in a sentence or two an adviser or researcher can act on.

The same advice as the README's table for advisers; shown on the desk's verdict page and
translated with the other catalogs.
"""

from __future__ import annotations

from reports.i18n import N_, _

NEXT_STEPS: dict[str, str] = {
    "review_required": N_(
        "An adviser reads the evidence beside the entry text. If it holds and no exemption applies, the transfer "
        "(publication, share, partner) needs a licence: the export-control officer applies to the Directorate for "
        "Export Control and Sanctions (DEKSA) before it happens. Do not publish or share until the case is decided."),
    "case_by_case": N_(
        "The technology is listed but at an early readiness level (TRL 3-4): the export-control officer assesses it "
        "with the researcher and contacts DEKSA when in doubt."),
    "catch_all_review": N_(
        "Nothing on the lists, but cues of military use or national-security interest: an adviser asks what the "
        "work is for and who receives it. A licence can still be needed."),
    "blocked_classified": N_(
        "The document carries a security-grade marking. Stop: it goes to the security officer and must not be "
        "published or shared to an unapproved system."),
    "exempt": N_("An exemption applies; the reasons say which. Nothing to apply for: keep the reasons with the case."),
    "no_listed_technology": N_(
        "Nothing was found against the lists and versions named. This is not a clearance: it says what was "
        "checked; a later list change may find more."),
    "failed": N_("The file could not be read. Fix it as the message says (for example remove a password) and "
                 "upload it again."),
}


def next_step(decision: str) -> str:
    """The advice for an outcome in the language in use ("" when there is none)."""
    text = NEXT_STEPS.get(decision)
    return _(text) if text else ""
