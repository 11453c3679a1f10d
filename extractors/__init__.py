"""Extractors: files and exports in, ``Document`` (text by page) and records out.

One sub-package per stage, data flowing one way:

- :mod:`extractors.documents`: files -> ``Document`` (detect the kind, extract text by page,
  limits); its entry point :func:`read_document` and registry :data:`EXTRACTORS` are
  re-exported here.
- :mod:`extractors.text`: word-level normalisation, stems and the lexicon tables.
- :mod:`extractors.analysis`: ``Document`` -> ``Analysis`` (sentences, candidate terms,
  quantities, context, cues, markings, readiness level).
- :mod:`extractors.shares`: sharing exports and the people register -> access-grant rows.

Records live in :mod:`extractors.types`, errors in :mod:`extractors.errors`.

Every per-document problem raises an :class:`~extractors.errors.ExtractionError` subclass
whose message is one line naming the file and saying what to do; the caller records the
document as ``failed`` and goes on.
"""

from __future__ import annotations

from extractors import spacy_cli

spacy_cli.install()  # before anything below can import spaCy: spacy.cli only when used

from extractors import documents  # noqa: E402
from extractors.documents import *  # noqa: E402, F403  (the documents API, listed once: in its __all__)

__all__ = documents.__all__
