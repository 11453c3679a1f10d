"""Words of the trend report in English and Norwegian (bokmål).

Column names, outcome names and decision names stay as the JSON vocabulary in JSON and CSV;
the HTML, terminal and XLSX headings use these labels. Anything without a label is shown as is.
"""

from __future__ import annotations

LANGS = ("en", "nb")

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Export control and research security: trends",
              "nb": "Eksportkontroll og forskningssikkerhet: utvikling"},
    "subtitle": {"en": "From {start} to {end}, by {by}", "nb": "Fra {start} til {end}, per {by}"},
    "generated": {"en": "Generated {at} from the results store {store}.",
                  "nb": "Laget {at} fra resultatlageret {store}."},
    "privacy": {"en": "No names, e-mail addresses or citizenships appear in this report. Counts of grants from 1 to 4 "
                      "are shown as \u201c<5\u201d and drawn as 0.",
                "nb": "Rapporten viser ingen navn, e-postadresser eller statsborgerskap. Antall delinger fra 1 til 4 "
                      "vises som «<5» og tegnes som 0."},
    "month": {"en": "month", "nb": "måned"},
    "quarter": {"en": "quarter", "nb": "kvartal"},
    "year": {"en": "year", "nb": "år"},
    "empty": {"en": "No records in this period.", "nb": "Ingen registreringer i perioden."},
    "chart_totals": {"en": "The chart shows the totals of all units.",
                     "nb": "Diagrammet viser summen for alle enheter."},
    # tables
    "volume": {"en": "Documents and projects screened", "nb": "Dokumenter og prosjekter vurdert"},
    "decisions": {"en": "Screening outcomes", "nb": "Utfall av screeningen"},
    "flags_by_category": {"en": "Flags by list and category", "nb": "Treff etter liste og kategori"},
    "top_families": {"en": "Most-flagged entry families", "nb": "Oppføringer med flest treff"},
    "review_pipeline": {"en": "Review: opened, decided and days to decide",
                        "nb": "Saksbehandling: åpnet, avgjort og dager til avgjørelse"},
    "backlog": {"en": "Open cases by age at the end of the period",
                "nb": "Åpne saker etter alder ved periodens slutt"},
    "grants_by_decision": {"en": "Share grants by decision", "nb": "Delinger etter utfall"},
    "grants_by_system": {"en": "Share grants by source system", "nb": "Delinger etter kildesystem"},
    "share_cases": {"en": "Share cases opened and closed", "nb": "Delingssaker åpnet og lukket"},
    "list_versions": {"en": "Item-list versions first used in the period",
                      "nb": "Listeversjoner tatt i bruk i perioden"},
    "rescreen_changes": {"en": "What re-screening changed", "nb": "Hva ny screening endret"},
    # notes
    "false_positive_note": {
        "en": "False-positive share: flags in cases a reviewer cleared, plus suppressed findings, out of flags in "
              "decided cases plus suppressed findings.",
        "nb": "Andel falske treff: treff i saker en saksbehandler klarerte, pluss undertrykte funn, av treff i "
              "avgjorte saker pluss undertrykte funn."},
    "review_note": {
        "en": "A case counts as decided at its first final decision; days are from opening to that decision.",
        "nb": "En sak regnes som avgjort ved første endelige avgjørelse; dager regnes fra åpning til den."},
    "backlog_note": {
        "en": "Cases opened for review and not decided at the end of the period, by days open.",
        "nb": "Saker åpnet for vurdering og ikke avgjort ved periodens slutt, etter dager åpne."},
    # columns
    "period": {"en": "Period", "nb": "Periode"},
    "unit": {"en": "Unit", "nb": "Enhet"},
    "documents": {"en": "Documents", "nb": "Dokumenter"},
    "projects": {"en": "Projects", "nb": "Prosjekter"},
    "documents_failed": {"en": "Documents not read", "nb": "Dokumenter som ikke kunne leses"},
    "projects_failed": {"en": "Projects not read", "nb": "Prosjekter som ikke kunne leses"},
    "family": {"en": "Entry", "nb": "Oppføring"},
    "list": {"en": "List", "nb": "Liste"},
    "flags": {"en": "Flags", "nb": "Treff"},
    "decided": {"en": "Decided", "nb": "Avgjort"},
    "cleared": {"en": "Cleared", "nb": "Klarert"},
    "suppressed": {"en": "Suppressed", "nb": "Undertrykt"},
    "false_positive_share": {"en": "False-positive share", "nb": "Andel falske treff"},
    "opened": {"en": "Opened", "nb": "Åpnet"},
    "closed": {"en": "Closed", "nb": "Lukket"},
    "licence_required": {"en": "Licence required", "nb": "Lisensplikt"},
    "licence_applied": {"en": "Licence applied for", "nb": "Lisens søkt"},
    "exempt": {"en": "Exempt", "nb": "Unntatt"},
    "days_median": {"en": "Median days", "nb": "Median dager"},
    "days_p90": {"en": "90th percentile days", "nb": "90-persentil dager"},
    "age_days": {"en": "Days open", "nb": "Dager åpen"},
    "cases": {"en": "Cases", "nb": "Saker"},
    "lists": {"en": "List versions", "nb": "Listeversjoner"},
    "first_used": {"en": "First used", "nb": "Først brukt"},
    "rescreened": {"en": "Re-screened", "nb": "Screenet på nytt"},
    "decision_changed": {"en": "Outcome changed", "nb": "Utfall endret"},
    "now_needs_review": {"en": "Now needs review", "nb": "Må nå vurderes"},
    "no_longer_needs_review": {"en": "No longer needs review", "nb": "Må ikke lenger vurderes"},
    # outcomes (DOMAIN vocabulary)
    "review_required": {"en": "Review required", "nb": "Må vurderes"},
    "case_by_case": {"en": "Case by case", "nb": "Vurderes konkret"},
    "catch_all_review": {"en": "Catch-all review", "nb": "Vurderes etter fanger-alt-regelen"},
    "blocked_classified": {"en": "Blocked: classified", "nb": "Stoppet: gradert"},
    "no_listed_technology": {"en": "No listed technology", "nb": "Ingen listeført teknologi"},
    "sanctions_review": {"en": "Sanctions review", "nb": "Sanksjonsvurdering"},
    "licence_review": {"en": "Licence review", "nb": "Lisensvurdering"},
    "unknown_recipient": {"en": "Unknown recipient", "nb": "Ukjent mottaker"},
    "content_not_screened": {"en": "Content not screened", "nb": "Innhold ikke screenet"},
    "no_licence_required": {"en": "No licence required", "nb": "Ikke lisensplikt"},
}


def label(key: str, lang: str) -> str:
    """The label of ``key`` in ``lang`` (the key itself when there is none)."""
    entry = LABELS.get(key)
    return entry.get(lang, entry["en"]) if entry else key
