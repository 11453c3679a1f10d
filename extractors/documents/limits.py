"""Size limits per document, read from an environment mapping the caller passes (flows.settings).

A document over a limit fails with a reason naming the limit and its variable, before the
slow part (unpacking, spaCy) starts; the batch goes on. Environment variables (whole numbers;
unset or empty means the default):

``EXPORTSCREEN_MAX_TEXT_CHARS`` (default 2,000,000)
    Characters of text per document. Screening takes about 30 s and 1.2 GB of memory per
    million characters (1.6 million: 42 s and 2.1 GB at peak, start included), so the default
    takes about a minute, and a 400-page thesis (about 1.2 million characters) passes. For
    text-like files (plain text, Markdown, LaTeX) the characters of the file are counted,
    markup included, so the check comes before any conversion.
``EXPORTSCREEN_MAX_UNPACKED_MB`` (default 100)
    Megabytes that the XML parts read from a .docx may unpack to (images are never unpacked).
    A 1.2-million-character thesis written by python-docx unpacks to 5 MB; Word's revision
    marks and formatting make that several times more, so a real thesis stays well under
    the default, and far more is a decompression bomb or not a manuscript.
``EXPORTSCREEN_MAX_ZIP_RATIO`` (default 500)
    How many times larger than in the archive an XML part of a .docx may unpack to, checked
    for parts over 1 MB. Word's XML packs 5 to 40 times (that thesis: 7 times, its styles 29);
    a bomb of repeated characters packs 1,000 times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from extractors.errors import LimitSettingError

ENV_MAX_TEXT_CHARS = "EXPORTSCREEN_MAX_TEXT_CHARS"
ENV_MAX_UNPACKED_MB = "EXPORTSCREEN_MAX_UNPACKED_MB"
ENV_MAX_ZIP_RATIO = "EXPORTSCREEN_MAX_ZIP_RATIO"
#: The most bytes one character takes in any encoding read (UTF-8, UTF-16 pairs, UTF-32).
MAX_BYTES_PER_CHAR = 4
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits (see the module docstring for what each one bounds and why).

    Attributes:
        max_text_chars: Characters of extracted text per document.
        max_unpacked_mb: Megabytes the XML parts of a .docx may unpack to.
        max_zip_ratio: Unpacked size over packed size allowed for an XML part over 1 MB.

    Raises:
        LimitSettingError: A limit is below 1.
    """

    max_text_chars: int = 2_000_000
    max_unpacked_mb: int = 100
    max_zip_ratio: int = 500

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or value < 1:
                raise LimitSettingError(f"the limit {field.name} must be a whole number of at least 1, not {value!r}")

    @property
    def max_unpacked_bytes(self) -> int:
        """:attr:`max_unpacked_mb` in bytes."""
        return self.max_unpacked_mb * MB

    @property
    def max_text_bytes(self) -> int:
        """Bytes above which a text-like file surely holds more than :attr:`max_text_chars`."""
        return MAX_BYTES_PER_CHAR * (self.max_text_chars + 1)  # + a byte-order mark


_VARIABLES = {
    "max_text_chars": ENV_MAX_TEXT_CHARS,
    "max_unpacked_mb": ENV_MAX_UNPACKED_MB,
    "max_zip_ratio": ENV_MAX_ZIP_RATIO,
}


def load_limits(env: Mapping[str, str]) -> Limits:
    """Read the limits from ``env`` (flows.settings.limits passes the process environment).

    Raises:
        LimitSettingError: A variable is set to something other than a whole number of at
            least 1 (cannot run: the message names the variable and its value).
    """
    values: dict[str, int] = {}
    for name, variable in _VARIABLES.items():
        raw = env.get(variable, "").strip()
        if not raw:
            continue
        try:
            values[name] = int(raw)
        except ValueError:
            values[name] = 0
        if values[name] < 1:
            raise LimitSettingError(
                f"{variable} must be a whole number of at least 1, not {raw!r}; fix it or unset it for the default"
            )
    return Limits(**values)
