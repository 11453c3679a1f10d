"""The language people read: English or Norwegian bokmål, from gettext catalogs.

What is translated: what an adviser reads, in the terminal reports, the HTML reports, the review
commands and the trend report (headings, labels, outcome names, sentences). What is not: the JSON
and CSV vocabulary (``review_required``, ``case_by_case``, ...), which programs read, and error
messages and logs, which stay English so that they can be searched for and quoted in a support case.

The language is chosen per run by the command line (flows.settings.language): ``--lang nb|en``,
else ``$EXPORTSCREEN_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``nb``, ``no``
or ``nn`` mean Norwegian), else English; it is set here with :func:`set_lang`, and a web request
can speak its user's language with :func:`using_lang`.

Strings are marked in code with :func:`_` (or :func:`N_` where they are translated later) and
kept in ``reports/locale/<lang>/LC_MESSAGES/exportscreen.po``; ``make catalogs``
extracts new strings with Babel and compiles the ``.mo`` files the product reads with the standard
library's :mod:`gettext`.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "exportscreen"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages with a catalog; English is the source language (its catalog is the code).
LANGS = ("en", "nb")
_NORWEGIAN = ("nb", "no", "nn")


def normalise_lang(value: str) -> str | None:
    """``nb``/``no``/``nn`` (with any region or encoding) -> ``nb``; ``en...`` -> ``en``; else None."""
    value = value.strip().lower()
    if value.startswith(_NORWEGIAN):
        return "nb"
    if value.startswith("en") or value in ("c", "posix", "c.utf-8"):
        return "en"
    return None


#: The process's language, set once by the command line (flows.settings.language); English until then.
_default = "en"
#: A narrower choice for the current context (one web request, one user): None follows ``_default``.
_override: ContextVar[str | None] = ContextVar("exportscreen_lang", default=None)


def set_lang(lang: str) -> None:
    """Make ``lang`` (``en`` or ``nb``) the language of this process."""
    global _default
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {LANGS}")
    _default = lang


@contextmanager
def using_lang(lang: str) -> Iterator[None]:
    """Within the block (this thread or task only), speak ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {LANGS}")
    token = _override.set(lang)
    try:
        yield
    finally:
        _override.reset(token)


def current_lang() -> str:
    """The language in use here: the context's choice, else the process's."""
    return _override.get() or _default


def choose_lang(setting: str, locale_values: Iterable[str]) -> str:
    """The language from a setting (``$EXPORTSCREEN_LANG``), else the first locale value set, else English.

    An unknown setting is logged once and gives English.
    """
    if setting.strip():
        lang = normalise_lang(setting)
        if lang is None:
            _warn_unknown(setting)
            return "en"
        return lang
    for value in locale_values:
        if value.strip():
            return normalise_lang(value) or "en"
    return "en"


@lru_cache(maxsize=8)
def _warn_unknown(value: str) -> None:
    log.warning("EXPORTSCREEN_LANG=%s is not a language exportscreen speaks (nb or en); using English", value)


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``; English (the source language) is the identity."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=False)


def _(message: str, lang: str | None = None) -> str:
    """``message`` in the run's language (or ``lang``)."""
    return translations(lang or current_lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural form for ``n`` in the run's language (or ``lang``); not yet formatted."""
    return translations(lang or current_lang()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel extracts
    """Mark ``message`` for the catalog without translating it now (module-level tables)."""
    return message


#: What each outcome of the DOMAIN vocabulary is called for a person; the codes stay in JSON and CSV.
OUTCOME_NAMES: dict[str, str] = {
    # documents and projects
    "blocked_classified": N_("Blocked: security-graded marking"),
    "review_required": N_("Licence review required"),
    "case_by_case": N_("Assess case by case"),
    "catch_all_review": N_("Catch-all review"),
    "exempt": N_("Exempt"),
    "no_listed_technology": N_("No listed technology"),
    "failed": N_("Could not be read"),
    # share grants
    "licence_review": N_("Licence review"),
    "sanctions_review": N_("Sanctions review"),
    "unknown_recipient": N_("Unknown recipient"),
    "content_not_screened": N_("Content not screened"),
    "no_licence_required": N_("No licence required"),
    # review case states
    "open": N_("Open"),
    "in_review": N_("In review"),
    "cleared": N_("Cleared"),
    "licence_required": N_("Licence required"),
    "licence_applied": N_("Licence applied for"),
    "not_required": N_("No review needed"),
    "access_removed": N_("Access removed"),
    # desk roles
    "researcher": N_("Researcher"),
    "adviser": N_("Adviser"),
    "security_officer": N_("Security officer"),
    "admin": N_("Administrator"),
    # project risk levels
    "none": N_("None"),
    "low": N_("Low"),
    "elevated": N_("Elevated"),
    "high": N_("High"),
    "not_assessed": N_("Not assessed"),
}


def _named(names: dict[str, str], code: str, lang: str | None) -> str:
    """``code``'s entry of ``names`` in the language in use (or ``lang``); the code itself when it has none."""
    name = names.get(code)
    return _(name, lang) if name else code


def outcome_name(code: str, lang: str | None = None) -> str:
    """The name a person reads for an outcome, review state, role or level code."""
    return _named(OUTCOME_NAMES, code, lang)


#: A finding's level as a person reads it.
LEVEL_NAMES = {"flag": N_("flag"), "near_miss": N_("near-miss")}


def level_name(level: str, lang: str | None = None) -> str:
    """``flag`` or ``near_miss`` as a person reads it."""
    return _named(LEVEL_NAMES, level, lang)


#: The three EU risk areas of research security (the same words as classifiers.projects.types.AREA_TITLES).
AREA_NAMES = {
    "knowledge_transfer": N_("(a) unwanted transfer of knowledge and technology"),
    "malign_influence": N_("(b) malign influence"),
    "ethics": N_("(c) ethics and integrity"),
}


def area_name(area: str, lang: str | None = None) -> str:
    """A research-security area's title in the run's language."""
    return _named(AREA_NAMES, area, lang)
