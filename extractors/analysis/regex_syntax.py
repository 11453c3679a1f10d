"""Just enough of regular-expression syntax to find the literal word starts of a pattern.

Used by :func:`extractors.analysis.context.pattern_stems`: where a group closes, the
top-level alternatives of a pattern, and a run of literal letters.
"""

from __future__ import annotations

import re

LETTERS = re.compile(r"(?:[A-Za-zæøåÆØÅÈè](?![?*{]))+")
LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def closing(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at ``pattern[start]``."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at ``|`` outside groups)."""
    parts, last, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] in "([":
            i = closing(pattern, i) + 1 if pattern[i] == "(" else pattern.find("]", i + 2) + 1 or len(pattern)
            continue
        if pattern[i] == "|":
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    return [*parts, pattern[last:]]
