"""Norway's List II (2021) from the Django materialised-path fixture (4 characters per level).

Each ``regulations.paragraph`` has a ``path`` (parent = path minus its last 4 characters), a
label ``code`` ("0A001.", "a.", "1.", "Note:") and a ``note_type`` ("base" for provisions).
Dotted codes are rebuilt from the chain of base labels. Upstream stored some note sub-lists
("Note 1: 1A002 does not control ...: a. ..., b. ...") as base paragraphs, which gives the 16
duplicated codes of the naive flattening. Our choice, applied in document (pk) order:

1. A base paragraph under a note, or right after a note (or a folded item) that is either out
   of path order or labelled in a different style ("a." among "1." siblings), is **folded into
   that note's text** ("Note 1: ... a. An area not exceeding 1 m2; b. ...").
2. Otherwise a base paragraph labelled in a different style from its earlier siblings is
   **nested under the previous sibling** ("6A004.a.1.b" then "1." -> "6A004.a.1.b.1").
3. A code that still repeats keeps its **first** occurrence; later ones are appended as notes
   of the parent so no text is lost. Each fold, nest and duplicate is counted in the report.

Format ``tree_2021`` (``read_source``): the fixture, then optionally the flat JSON-lines copy
of the same list, whose entries must be the same (a cross-check, counted in the report).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from extractors.documents.hashing import sha256_file
from itemlists.errors import ListImportError
from itemlists.sources.base import SourceData, SourceRequest
from itemlists.sources.common import clean_text, records_to_frame
from itemlists.sources.flat import read_rows
from itemlists.sources.repairs import apply_repairs, repair_report


@dataclass(slots=True)
class _State:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    code_of: dict[str, str] = field(default_factory=dict)  # path -> dotted code (base)
    note_of: dict[str, tuple[str, int]] = field(default_factory=dict)  # path -> (owner, index)
    folded: dict[str, str] = field(default_factory=dict)  # folded path -> its label style
    style: dict[str, str] = field(default_factory=dict)  # parent path -> first child style
    last_sibling: dict[str, str] = field(default_factory=dict)  # parent path -> last base code
    last_note: tuple[str, int] | None = None  # note currently collecting folded items
    prev_path: str = ""
    counts: dict[str, int] = field(
        default_factory=lambda: {"folded_into_notes": 0, "nested": 0, "duplicates_to_notes": 0}
    )


def read_source(request: SourceRequest) -> SourceData:
    """The tree fixture's provisions (repaired as asked), cross-checked against a flat copy when given."""
    if not 1 <= len(request.paths) <= 2 or request.version is None:
        raise ListImportError("tree_2021 reads the fixture (and a flat copy to cross-check) into a named version")
    tree_path, *flat_paths = request.paths
    records, counts = parse_tree(tree_path)
    log = apply_repairs(records, request.repairs)
    frame = records_to_frame(records, request.list_id, request.version)
    report: dict[str, Any] = {
        "sources": {path.name: sha256_file(path) for path in request.paths},
        **repair_report(log, counts),
    }
    if flat_paths:
        report["cross_check"] = _cross_check(frame, flat_paths[0])
    return SourceData(frame, report)


def _cross_check(frame: pl.DataFrame, flat_path: Path) -> dict[str, int]:
    flat = read_rows(flat_path)
    flat_entries = {row["entry_code"] for row in flat}
    ours = set(frame["entry_code"].unique().to_list())
    if flat_entries != ours:
        raise ListImportError(f"2021 entries differ from the flat cross-check: {sorted(flat_entries ^ ours)!r}")
    flat_codes = {row["code"] for row in flat}
    codes = set(frame["code"].to_list())
    return {
        "flat_rows": len(flat),
        "flat_duplicate_codes": len(flat) - len(flat_codes),
        "codes_only_in_tree": frame.height - len(flat_codes & codes),
        "codes_only_in_flat": len(flat_codes - codes),
    }


def parse_tree(path: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Rebuild dotted-code provision records from the 2021 tree fixture.

    Args:
        path: ``liste_II_2021_tree.json``.

    Returns:
        Records (see ``sources.common``) in document order, and counts of the repairs made.

    Raises:
        ListImportError: The file is not the fixture layout.
    """
    try:
        objects = json.loads(path.read_text(encoding="utf-8"))
        entries = {o["pk"]: o["fields"]["code"] for o in objects if o["model"].endswith("regulation")}
        paragraphs = sorted((o for o in objects if o["model"] == "regulations.paragraph"), key=lambda o: o["pk"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ListImportError(f"{path.name!r} is not the 2021 tree fixture ({exc!r})") from exc
    state = _State()
    for obj in paragraphs:
        fields = obj["fields"]
        _visit(state, fields, entries[fields["regulation"]].rstrip("."))
        state.prev_path = fields["path"]
    return list(state.records.values()), state.counts


def _visit(state: _State, f: dict[str, Any], entry: str) -> None:
    path, label = f["path"], f["code"].strip().rstrip(".").strip()
    text, parent_path = clean_text(f["text"]), path[:-4]
    if f["note_type"] != "base":
        _add_note(state, path, parent_path, _note_text(f["note_type"], f["code"], text))
    elif not parent_path:
        _add_provision(state, path, entry, None, text)
    elif parent_path in state.note_of or _folds(state, path, parent_path, label):
        target = state.note_of.get(parent_path) or state.last_note
        assert target is not None
        _append_to_note(state, target, f"{label}. {text}")
        state.note_of[path] = target
        state.folded[path] = _style(label)
        state.counts["folded_into_notes"] += 1
    else:
        _add_base(state, path, parent_path, label, text)


def _add_note(state: _State, path: str, parent_path: str, text: str) -> None:
    if parent_path in state.note_of:  # a note under a note: continue the outer one
        _append_to_note(state, state.note_of[parent_path], text)
        state.note_of[path] = state.note_of[parent_path]
        return
    owner = state.code_of[parent_path]
    notes = state.records[owner]["notes"]
    notes.append(text)
    state.note_of[path] = state.last_note = (owner, len(notes) - 1)


def _append_to_note(state: _State, target: tuple[str, int], text: str) -> None:
    owner, index = target
    notes = state.records[owner]["notes"]
    notes[index] = f"{notes[index]} {text}"


def _folds(state: _State, path: str, parent_path: str, label: str) -> bool:
    """Whether a base paragraph belongs to the note just before it (rule 1)."""
    if state.last_note is None:
        return False
    if state.prev_path not in state.note_of:
        return False
    if state.prev_path in state.folded and state.prev_path[:-4] == parent_path:
        return _same_style(state.folded[state.prev_path], label)  # next item of the sub-list
    first = state.style.get(parent_path)
    return path < state.prev_path or (first is not None and not _same_style(first, label))


def _add_base(state: _State, path: str, parent_path: str, label: str, text: str) -> None:
    state.last_note = None
    first = state.style.setdefault(parent_path, _style(label))
    parent_code = state.code_of[parent_path]
    if not _same_style(first, label) and parent_path in state.last_sibling:
        parent_code = state.last_sibling[parent_path]  # rule 2: nest under previous sibling
        state.counts["nested"] += 1
    else:
        state.last_sibling[parent_path] = f"{parent_code}.{label}"
    code = f"{parent_code}.{label}"
    if code in state.records:  # rule 3: keep the first, keep the text as a note
        state.records[parent_code]["notes"].append(f"{label}. {text}")
        state.counts["duplicates_to_notes"] += 1
        state.code_of[path] = code
        return
    _add_provision(state, path, code, parent_code, text)


def _add_provision(state: _State, path: str, code: str, parent: str | None, text: str) -> None:
    state.records[code] = {
        "code": code,
        "entry_code": code.split(".")[0],
        "parent": parent,
        "depth": code.count("."),
        "text": text,
        "notes": [],
    }
    state.code_of[path] = code
    state.last_note = None


def _note_text(note_type: str, label: str, text: str) -> str:
    """Rebuild "Note 1: ..." from type "Note", label "Note 1:" and text "1: ..."."""
    rest = label.strip()[len(note_type) :].strip()
    if text.startswith(rest):
        return f"{note_type} {text}".strip()
    return f"{label.strip()} {text}".strip()


def _style(label: str) -> str:
    if label.isdigit():
        return "number"
    if label and set(label) <= set("ivx") and len(label) > 1:
        return "roman"
    return "letter"


def _same_style(first: str, label: str) -> bool:
    style = _style(label)
    if style == first:
        return True
    # a single "i", "v" or "x" fits both a letter run and a roman run
    return first == "roman" and label in ("i", "v", "x")
