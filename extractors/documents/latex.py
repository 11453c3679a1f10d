r"""LaTeX sources: keep the prose a reader sees, drop markup, preamble and display math.

Commands are kept for their text argument (``\section{X}`` -> ``X``, ``\textbf{X}`` -> ``X``),
reference-like commands are dropped (``\cite``, ``\label``, ``\ref``), display math and
drawing environments are dropped, and inline math and siunitx macros are rendered as text
(``$2.1\,\mathrm{kW}$`` and ``\SI{2.1}{\kilo\watt}`` -> ``2.1 kW``). ``\input`` and
``\include`` are not followed: screen each file, or a flattened copy (latexpand).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path

from extractors.documents.cleanup import clean_text, sub_closed
from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.limits import Limits
from extractors.documents.siunitx import math_to_text, render_siunitx
from extractors.documents.text import read_text
from extractors.types import Page

_ESCAPED = re.compile(r"\\([%&$#_{}])")
_PARKED = 0xE000
_UNPARK = re.compile("[\ue000-\ue07f]")
# A comment also eats its line end, unless a blank line follows (that is a paragraph break).
_COMMENT = re.compile(r"%[^\n]*(?:\n(?![ \t]*\n)[ \t]*)?")
_VERB = re.compile(r"\\verb\*?([^a-zA-Z\s])(.{0,500}?)\1")
_TITLE = re.compile(r"\\title\s*(?:\[[^\]]*\])?\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_BEGIN_DOCUMENT = "\\begin{document}"
_VERBATIM_ENVS = ("verbatim", "lstlisting", "minted")
_DROPPED_ENVS = (
    "equation align alignat flalign gather multline eqnarray displaymath math tikzpicture"
    " pgfpicture picture comment thebibliography"
).split()
_TABLE_ENVS = ("tabular", "tabularx", "tabular*", "longtable", "tabu", "array")
# One pattern per environment name (group 1: options and content), matched with
# cleanup.sub_closed so an environment that is never closed cannot make this quadratic.
_ENV = {
    name: re.compile(
        rf"\\begin\{{{re.escape(name)}\}}(.*?)\\end\{{{re.escape(name)}\}}", re.DOTALL
    )
    for base in (*_VERBATIM_ENVS, *_DROPPED_ENVS, *_TABLE_ENVS)
    for name in (base, base if base.endswith("*") else f"{base}*")
}
_MINTED_LANGUAGE = re.compile(r"^\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}")
_DISPLAY_DOLLARS = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_DISPLAY_BRACKETS = re.compile(r"\\\[.*?\\\]", re.DOTALL)
_INLINE_MATH = re.compile(r"\$([^$]{1,2000}?)\$|\\\((.{1,2000}?)\\\)", re.DOTALL)
_LINE_BREAK = re.compile(r"\\\\\*?(?:\s*\[[^\]]*\])?")
_BEGIN_WITH_ARG = re.compile(
    r"\\begin\{(?:minipage|wrapfigure|multicols|subfigure)\}(?:\s*\[[^\]]*\])*\s*\{[^{}]*\}"
)
_BEGIN_END = re.compile(r"\\(?:begin|end)\{[^{}]*\}(?:\s*\[[^\]]*\])?")
_ITEM = re.compile(r"\s*\\item\s*(?:\[([^\]]*)\])?\s*")
_FIRST_ARG_DROPPED = re.compile(
    r"\\(?:href|textcolor|colorbox|foreignlanguage|multicolumn\s*\{[^{}]*\}|"
    r"multirow\s*\{[^{}]*\})\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}(?=\s*\{)"
)
_COMMAND_ARG = re.compile(r"\\([a-zA-Z]+)\*?\s*(?:\[[^\[\]{}]*\])?\s*\{([^{}]*)\}")
_BARE_GROUP = re.compile(r"(?<![a-zA-Z*\]\\])\{([^{}]*)\}")
_ACCENT = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*([a-zA-Z]?)\s*\}|([a-zA-Z]))"
    r"|\\([uvHrcdbk])(?:\s*\{\s*([a-zA-Z]?)\s*\}|\s+([a-zA-Z]))"  # \c{c}, \v s; not \centering
)
_LETTER = re.compile(r"\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![a-zA-Z])(?:\{\}|[ \t]?)")
_BARE_COMMAND = re.compile(r"\\([a-zA-Z]+)\*?|\\[,;:! ]")

_DROPPED_COMMANDS = frozenset(
    """label ref eqref pageref cref Cref autoref nameref cite citep citet citeauthor citeyear
    parencite textcite autocite footcite nocite includegraphics bibliography
    bibliographystyle addbibresource usepackage documentclass vspace hspace setlength
    addtolength setcounter addtocounter newcommand renewcommand providecommand
    newenvironment input include includeonly thispagestyle pagestyle graphicspath
    hypersetup linespread cline cmidrule DeclareSIUnit sisetup pagenumbering""".split()
)
_HEADINGS = frozenset(
    "part chapter section subsection subsubsection paragraph subparagraph title caption".split()
)
_SPECIAL_WORDS = {
    "LaTeX": "LaTeX", "TeX": "TeX", "ldots": "…", "dots": "…", "textellipsis": "…",
    "par": "\n\n", "newline": "\n", "textendash": "–", "textemdash": "—", "S": "§",
    "textmu": "µ", "textdegree": "°", "textperthousand": "‰", "texttimes": "×",
    "textasciitilde": "~", "textbackslash": "\\", "copyright": "©", "euro": "€",
}
_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "r": "\u030a", "c": "\u0327",
    "d": "\u0323", "b": "\u0331", "k": "\u0328",
}
_LETTERS = {
    "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "ss": "ß", "o": "ø",
    "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}


def extract_latex(
    path: Path, name: str, *, max_pages: int = 0, limits: Limits | None = None, engine: str | None = None
) -> tuple[Page, ...]:
    """Extract a LaTeX source file as one page numbered None.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: a LaTeX source has no pages.
        limits: Size limits (see :func:`extractors.documents.text.read_text`); the defaults when None.
        engine: Ignored (one reader for this format; PDF has several).

    Returns:
        A single page with the prose of the document body.
    """
    return (Page(number=None, text=clean_text(latex_to_text(read_text(path, name, limits)))),)


def latex_to_text(source: str) -> str:
    """Convert LaTeX source to plain text (see the module docstring for what is kept)."""
    text = _ESCAPED.sub(lambda m: chr(_PARKED + ord(m[1])), source.replace("\x00", ""))
    verbatim: list[str] = []
    for name in _VERBATIM_ENVS:
        text = _environment(text, name, lambda m: _park(verbatim, _MINTED_LANGUAGE.sub("", m[1])))
    text = _VERB.sub(lambda m: _park(verbatim, m[2]), text)
    text = _COMMENT.sub("", text)
    text = _body(text)
    for name in _DROPPED_ENVS:
        text = _environment(text, name, lambda m: "\n\n")
    for name in _TABLE_ENVS:
        specs = 2 if name in ("tabularx", "tabular*") else 1
        text = _environment(text, name, partial(_table, specs=specs))
    text = _LINE_BREAK.sub("\n", text)
    text = sub_closed(_DISPLAY_DOLLARS, "$$", "\n\n", text)
    text = sub_closed(_DISPLAY_BRACKETS, "\\]", "\n\n", text)
    text = render_siunitx(text)
    text = _INLINE_MATH.sub(lambda m: math_to_text(m[1] or m[2] or ""), text)
    text = _characters(_commands(text))
    text = re.sub("\x00(\\d+)\x00", lambda m: verbatim[int(m[1])], text)
    return _UNPARK.sub(lambda m: chr(ord(m[0]) - _PARKED), text)


def _environment(text: str, name: str, repl: Callable[[re.Match[str]], str]) -> str:
    """Replace every ``name`` (and ``name*``) environment; group 1 is its content."""
    for variant in (name, name if name.endswith("*") else f"{name}*"):
        if f"\\begin{{{variant}}}" in text:
            text = sub_closed(_ENV[variant], f"\\end{{{variant}}}", repl, text)
    return text


def _park(store: list[str], content: str) -> str:
    """Keep verbatim content out of every later rule; it is put back at the end."""
    store.append(content)
    return f"\n\n\x00{len(store) - 1}\x00\n\n"


def _body(text: str) -> str:
    """Keep the document body (and the title from the preamble), when there is a preamble."""
    start = text.find(_BEGIN_DOCUMENT)
    if start < 0:
        return text
    title = _TITLE.search(text, 0, start)
    body = text[start + len(_BEGIN_DOCUMENT):].split("\\end{document}", 1)[0]
    return (f"\\section{{{title[1]}}}\n\n" if title else "") + body.replace("\\maketitle", "")


def _table(match: re.Match[str], specs: int) -> str:
    r"""Render a tabular's rows as paragraphs with cells separated by `` | ``.

    Args:
        match: The environment; group 1 is what is between ``\begin`` and ``\end``.
        specs: How many brace groups (width, column spec) open the environment.
    """
    inner = match[1]
    for _ in range(specs):
        inner = re.sub(r"^\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", "", inner)
    inner = re.sub(r"\\(?:hline|toprule|midrule|bottomrule|endhead|endfoot)\b", "", inner)
    rows = _LINE_BREAK.split(inner)
    cells = (" | ".join(c.strip() for c in row.split("&") if c.strip()) for row in rows)
    return "\n\n" + "\n\n".join(row for row in cells if row) + "\n\n"


def _commands(text: str) -> str:
    """Replace commands by their text argument, innermost first; drop reference commands."""
    text = _ITEM.sub(lambda m: f"\n- {m[1] + ' ' if m[1] else ''}", text)
    text = _BEGIN_WITH_ARG.sub("\n\n", text)
    text = _BEGIN_END.sub("\n\n", text)
    text = _FIRST_ARG_DROPPED.sub("", text)
    for _ in range(50):  # each pass unwraps one level of braces; 50 levels is not prose
        changed = _COMMAND_ARG.sub(_command_text, text)
        changed = _BARE_GROUP.sub(r"\1", changed)
        if changed == text:
            break
        text = changed
    return text


def _command_text(match: re.Match[str]) -> str:
    r"""Text that one ``\command{argument}`` stands for."""
    command, argument = match[1], match[2]
    if command in _DROPPED_COMMANDS:
        return ""
    if command in _HEADINGS:
        return f"\n\n{argument}\n\n"
    if command in ("footnote", "footnotetext", "thanks"):
        return f" ({argument})"
    if command in _ACCENTS or command in _SPECIAL_WORDS or command in _LETTERS:
        return match[0].replace("{", "\x01").replace("}", "\x02")  # for _characters
    return argument


def _accented(match: re.Match[str]) -> str:
    r"""One accented letter (``\'e``, ``\c{c}``) as a Unicode character."""
    accent = match[1] or match[4]
    letter = match[2] or match[3] or match[5] or match[6] or ""
    return unicodedata.normalize("NFC", letter + _ACCENTS[accent])


def _characters(text: str) -> str:
    """Accents, special letters and typographic ligatures of TeX as Unicode characters."""
    text = text.replace("\x01", "{").replace("\x02", "}")
    text = _ACCENT.sub(_accented, text)
    text = _LETTER.sub(lambda m: _LETTERS[m[1]], text)
    text = _BARE_COMMAND.sub(lambda m: _SPECIAL_WORDS.get(m[1] or "", " " if m[1] is None
                                                         else ""), text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("---", "—").replace("--", "–").replace("``", "\u201c")
    return text.replace("''", "\u201d")


_LATEX_STRONG = re.compile(r"\\documentclass\b|\\begin\{document\}")
_LATEX_COMMAND = re.compile(
    r"\\(?:(?:sub)*section|chapter|usepackage|begin|end|textbf|emph|cite|label|ref"
    r"|SI|qty|num|maketitle|item)\*?[\[{]?"
)
_LATEX_SUFFIXES = frozenset({".tex", ".ltx", ".latex"})


def is_latex(probe: Probe) -> bool:
    """LaTeX: a preamble or document environment, three commands, or one command in a .tex file."""
    if _LATEX_STRONG.search(probe.text):
        return True
    commands = len(_LATEX_COMMAND.findall(probe.text))
    return commands >= 3 or (commands > 0 and probe.suffix in _LATEX_SUFFIXES)


FORMAT = DocumentFormat("latex", extract_latex, is_latex, "text")
