r"""Where each sentence stands in its document: lead, heading, body, references, boilerplate, contents.

A document is about what its title, abstract and headings say and what its body explains; a
term that appears only in the reference list, a licence text or a table of contents says
little about it (issue 14, "document-level judgement"). This module labels every sentence
with one zone; classification weighs evidence by it. It reads only the sentence texts, so it
works on every format (PDF pages, Markdown, LaTeX, plain text) and in both languages.

Zones:

* ``lead``: the opening of the document (title, authors, abstract): the first sentences, up
  to :data:`LEAD_SENTENCES` and never more than a fifth of a long document;
* ``heading``: a short line without a full stop that reads as a section title;
* ``references``: everything after a references heading ("References", "Bibliography",
  "Referanser", "Litteratur", ``\\bibliography``) up to an appendix heading, and any sentence
  that reads like a citation (a year in parentheses with "et al.", a DOI, "arXiv:", "pp.");
* ``boilerplate``: licence and warranty text, copyright lines, cookie and navigation text;
* ``contents``: table-of-contents lines (dot leaders with a page number);
* ``body``: the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.types import Sentence

ZONES = ("lead", "heading", "body", "references", "boilerplate", "contents")

#: How many opening sentences are the lead (title, authors, abstract) at most.
LEAD_SENTENCES = 12
#: ... and at most this share of a long document's sentences.
LEAD_SHARE = 0.2
#: A heading has at most this many words.
HEADING_WORDS = 10

_MARKUP = re.compile(r"^[\s#*=>\-|\d.]*|\\(?:sub)*section\*?\{|\\chapter\*?\{|\}\s*$")
_REFERENCES_HEADING = re.compile(
    r"^(?:references?|bibliography|works cited|literature cited|literature|cited literature|"
    r"referanser|litteratur(?:liste)?|kilder|kildeliste|litteraturhenvisninger)\s*:?$",
    re.IGNORECASE,
)
_BIBLIOGRAPHY_COMMAND = re.compile(r"\\(?:bibliography\{|begin\{thebibliography\}|printbibliography)")
_APPENDIX_HEADING = re.compile(r"^(?:appendix|appendices|vedlegg|supplementary)\b", re.IGNORECASE)
_CITATION = re.compile(
    r"\bdoi[:.]\s*10\.|\b10\.\d{4,9}/\S+|\barxiv:\s*\d{4}\.\d{4,5}|\bpp\.\s*\d+|\bvol\.\s*\d+|"
    r"\bet al\.?,?\s*\(?(?:19|20)\d{2}\)?|\bIn Proceedings\b|\bProc\.\s+(?:of\s+)?[A-Z]|"
    r"\bJournal of\b.*\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"permission is hereby granted|the software is provided \"?as is|without warrant(?:y|ies)|"
    r"licensed under the|creative commons|all rights reserved|copyright \(c\)|©|"
    r"\bspdx-license-identifier\b|gnu (?:general|lesser) public license|apache license|"
    r"redistribution and use in source and binary forms|this program is free software|"
    r"informasjonskapsler|cookies?\b.*\b(?:accept|consent)|merchantability|"
    r"fitness for a particular purpose",
    re.IGNORECASE,
)
_CONTENTS_LINE = re.compile(r"(?:\.\s*){4,}\s*\d+\s*$|\s\d+\s*$(?<=\.{3}\s\d)", re.MULTILINE)
_CONTENTS_HEADING = re.compile(r"^(?:(?:table of )?contents|innhold(?:sfortegnelse)?)\s*:?$", re.IGNORECASE)


#: A sentence citing a legal provision ("§ 3", "artikkel 5", "Article 2", "annet ledd").
_LEGAL_CITATION = re.compile(
    r"§\s*\d|\bartikkel\s+\d|\barticle\s+\d|\bledd\b|\bparagraph\s+\d|\bkapittel\s+\d|\bchapter\s+[IVX\d]",
    re.IGNORECASE,
)
#: A text is legal (a statute, a regulation, a sanctions act) when at least this share of its
#: sentences cite provisions; measured on the inbox benchmark: every law from 0.10 up (one
#: short amendment at 0.04), guidance, manuals and papers below 0.12, most at 0.
LEGAL_SHARE = 0.08
#: ... and it has at least this many sentences (a short abstract citing "Chapter 2" is not a law).
LEGAL_MIN_SENTENCES = 20


def text_register(sentences: Sequence[Sentence]) -> str:
    """``legal`` for a statute or regulation (it cites provisions throughout), else ``prose``.

    In a legal text, weapons words and security grades are the regime's vocabulary, not the
    end use or the marking of the document: the decision step reads catch-all cues so.
    """
    if len(sentences) < LEGAL_MIN_SENTENCES:
        return "prose"
    citing = sum(bool(_LEGAL_CITATION.search(s.text)) for s in sentences)
    return "legal" if citing / len(sentences) >= LEGAL_SHARE else "prose"


def _bare(text: str) -> str:
    """The line without Markdown, LaTeX sectioning and numbering around it."""
    return _MARKUP.sub("", text.strip()).strip().rstrip(":").strip()


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    if not stripped or "\n" in stripped.strip():
        return False
    if stripped.startswith("#") or re.match(r"\\(?:sub)*section|\\chapter", stripped):
        return True
    words = stripped.split()
    return len(words) <= HEADING_WORDS and not re.search(r"[.;,!?]$", stripped) and stripped[0].isupper()


def sentence_zones(sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """One zone per sentence, in order (see the module's docstring)."""
    n = len(sentences)
    lead = min(LEAD_SENTENCES, max(3, int(n * LEAD_SHARE))) if n > LEAD_SENTENCES else n
    zones: list[str] = []
    section = "body"
    for i, sentence in enumerate(sentences):
        text = sentence.text
        bare = _bare(text)
        heading = _is_heading(text)
        if _REFERENCES_HEADING.match(bare) or _BIBLIOGRAPHY_COMMAND.search(text):
            section = "references"
        elif heading and _APPENDIX_HEADING.match(bare):
            section = "body"
        elif _CONTENTS_HEADING.match(bare):
            section = "contents"
        elif section == "contents" and heading and not _CONTENTS_LINE.search(text):
            section = "body"
        if _BOILERPLATE.search(text):
            zones.append("boilerplate")
        elif section in ("references", "contents") or _CONTENTS_LINE.search(text):
            zones.append("references" if section == "references" else "contents")
        elif _CITATION.search(text):
            zones.append("references")
        elif i < lead:
            zones.append("lead")
        elif heading:
            zones.append("heading")
        else:
            zones.append("body")
    return tuple(zones)
