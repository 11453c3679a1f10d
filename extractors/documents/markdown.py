"""Markdown files: strip the markup, keep the words (code blocks are kept as text)."""

from __future__ import annotations

import re
from pathlib import Path

from extractors.documents.cleanup import clean_text, sub_closed
from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.limits import Limits
from extractors.documents.siunitx import prose_math_to_text
from extractors.documents.text import read_text
from extractors.types import Page

# Inline spans are bounded (500 characters) so a hostile line cannot make matching quadratic.
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^(?=[^\n]*\S)([^\n]+)\n[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_SETEXT_OR_RULE = re.compile(r"^[ \t]{0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$",
                         re.MULTILINE)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*?)\|?[ \t]*$", re.MULTILINE)
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+.*$", re.MULTILINE)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]{0,500})\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,500}\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_CODE_SPAN = re.compile(r"(`+)(.{1,500}?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])"
                       r"|(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_PARKED = 0xE000
_UNPARK = re.compile("[\ue000-\ue07f]")


def extract_markdown(
    path: Path, name: str, *, max_pages: int = 0, limits: Limits | None = None, engine: str | None = None
) -> tuple[Page, ...]:
    """Extract a Markdown file as one page numbered None.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: Markdown has no pages.
        limits: Size limits (see :func:`extractors.documents.text.read_text`); the defaults when None.
        engine: Ignored (one reader for this format; PDF has several).

    Returns:
        A single page with the text, markup removed.
    """
    # Inline math first: Markdown's emphasis rules would read its underscores.
    source = prose_math_to_text(read_text(path, name, limits))
    return (Page(number=None, text=clean_text(markdown_to_text(source))),)


def markdown_to_text(source: str) -> str:
    """Strip Markdown markup: headings, emphasis, links (their text is kept), tables, HTML.

    Fenced code blocks keep their content verbatim; only the fence lines go.
    """
    parts = _FENCE.split(source.replace("\r\n", "\n"))
    # re.split with one group gives text, fence, text, fence, ...: inside a fence pair is code.
    out: list[str] = []
    inside = False
    for index, part in enumerate(parts):
        if index % 2 == 1:
            inside = not inside
            out.append("\n\n")
        else:
            out.append(part if inside else _strip_blocks(part))
    return "".join(out)


def _strip_blocks(text: str) -> str:
    """Strip the markup of text outside code fences."""
    text = sub_closed(_HTML_COMMENT, "-->", "", text)
    text = _REF_DEFINITION.sub("", text)
    # Headings and table rows are paragraphs of their own, never joined to the next line.
    text = _HEADING.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    text = _TABLE_RULE.sub("", text)
    text = _SETEXT.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    text = _SETEXT_OR_RULE.sub("\n\n", text)
    text = _BLOCKQUOTE.sub("", text)
    text = _BULLET.sub(r"\1- ", text)
    text = _TABLE_ROW.sub(lambda m: f"\n\n{m.group(1).strip()}\n\n", text)
    return _strip_inline(text)


def _strip_inline(text: str) -> str:
    """Strip inline markup: code spans, links and images, emphasis, HTML tags, escapes."""
    # Escaped punctuation is parked in the private-use area so no rule below sees it.
    text = _ESCAPE.sub(lambda m: chr(_PARKED + ord(m.group(1))), text)
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    return _UNPARK.sub(lambda m: chr(ord(m.group()) - _PARKED), text)


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]{1,300}\]\([^)\s]{1,500}\)")
_MD_FENCE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*\*\S[^*\n]{0,200}\*\*|(?<!\w)__\S[^_\n]{0,200}__")
_MD_LIST = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\S", re.MULTILINE)
_MD_TABLE = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE)
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})


def is_markdown(probe: Probe) -> bool:
    """Markdown: a Markdown file name, or two signs of Markdown (headings, links, fences, lists ...)."""
    if probe.suffix in _MARKDOWN_SUFFIXES:
        return True
    text = probe.text
    signals = [
        len(_MD_HEADING.findall(text)) >= 2,
        bool(_MD_LINK.search(text)),
        bool(_MD_FENCE.search(text)),
        bool(_MD_EMPHASIS.search(text)),
        bool(_MD_LIST.search(text)),
        bool(_MD_TABLE.search(text)),
        bool(_MD_HEADING.search(text)),
    ]
    return sum(signals) >= 2


FORMAT = DocumentFormat("markdown", extract_markdown, is_markdown, "text")
