"""A Babel extraction method that reads Python with :mod:`ast` (``make catalogs`` uses it).

Babel's own Python extractor reads tokens, and on Python 3.11 an f-string is one token: a
``_("Summary")`` inside ``f"<h2>{esc(_('Summary'))}</h2>"`` would be missed. Parsing the module
finds every call of ``_``, ``N_`` or ``ngettext`` whose message arguments are string literals,
wherever it is written. The test of the catalogs (tests/reports/test_i18n.py) uses it too.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: Marker -> how many leading arguments are messages (singular, plural).
KEYWORDS = {"_": 1, "N_": 1, "ngettext": 2}


def messages(source: str) -> Iterator[tuple[int, str, str | tuple[str, ...]]]:
    """(line, function, message) of every marked string literal in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
            continue
        count = KEYWORDS[node.func.id]
        args = node.args[:count]
        if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            continue  # a variable (a label looked up at run time): its literal is marked where it is written
        texts = tuple(str(a.value) for a in args if isinstance(a, ast.Constant))
        yield node.lineno, node.func.id, texts[0] if count == 1 else texts


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """Babel's extraction-method interface (``[exportscreen_ast: **.py]`` in babel.cfg)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, function, message in sorted(messages(source), key=lambda m: m[0]):
        yield line, function, message, []


def template_messages(source: str) -> Iterator[str | tuple[str, ...]]:
    """The marked strings of a Jinja2 template (the desk's pages), as Babel extracts them."""
    import io

    from jinja2.ext import babel_extract

    found = babel_extract(io.BytesIO(source.encode("utf-8")), tuple(KEYWORDS), [], {})
    for _line, _function, message, _comments in found:
        if isinstance(message, str):
            yield message
        elif isinstance(message, tuple):
            yield tuple(str(m) for m in message)
