"""The EU Annex I ``annex.json`` (exports-watch layout): metadata, entry heads and docs.

The provisions themselves come from the flat JSON-lines file (one row per dotted code); the
annex file gives the version, source URL, attribution, and the ``docs`` (definitions annex,
Article 2 definitions, general notes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itemlists.errors import ListImportError


@dataclass(frozen=True, slots=True)
class AnnexDoc:
    """One document of the annex outside the entries (``doc_type`` as in the source)."""

    doc_type: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class AnnexMeta:
    """Metadata of one consolidated annex text."""

    corpus_version: str
    valid_from: str
    source_url: str
    attribution: str
    entry_codes: tuple[str, ...]
    docs: tuple[AnnexDoc, ...]

    def doc(self, doc_type: str) -> AnnexDoc | None:
        """The first doc of ``doc_type``, or None."""
        return next((d for d in self.docs if d.doc_type == doc_type), None)


def read_annex(path: Path) -> AnnexMeta:
    """Read ``annex.json``.

    Raises:
        ListImportError: The file is not JSON or lacks the annex keys.
    """
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return AnnexMeta(
            corpus_version=data["corpus_version"],
            valid_from=data["valid_from"],
            source_url=data["source_url"],
            attribution=data["attribution"],
            entry_codes=tuple(e["entry_code"] for e in data["entries"]),
            docs=tuple(AnnexDoc(d["doc_type"], d["title"], d["verbatim_text"]) for d in data["docs"]),
        )
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ListImportError(f"{path.name!r} is not an annex.json file ({exc!r})") from exc
