"""Uploads to the desk: saved under names made here, checked by content, recorded in the store.

The browser's file name is kept for showing only (escaped by the templates), never used as a
path; what a file is comes from its content (extractors.documents.detect), as on the command
line. A file over the size limit or of a kind exportscreen does not read is recorded as failed
with its reason and removed from disk; the other files of the upload go on.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import HTTPException
from starlette.datastructures import UploadFile as StarletteUpload

from flows.web.config import DeskConfig
from reports.i18n import N_, _
from reports.store import Store
from reports.store.accounts import record_upload


def save_uploads(store: Store, config: DeskConfig, user_id: int, job: str, folder: Path,
                 files: list[StarletteUpload]) -> list[tuple[int, str]]:
    """Save each file under a name made here, check what it is, and record it; the refused ones fail alone.

    Returns (upload id, saved path) of each file to screen.
    """
    from extractors.documents.detect import HEAD_BYTES, detect_kind
    from extractors.errors import ExtractionError

    queued: list[tuple[int, str]] = []
    with store.transaction() as (session, _audit):
        for index, upload in enumerate(files, start=1):
            name = display_name(upload.filename or "")
            path = folder / f"{index:03d}.upload"
            size, too_big = copy_capped(upload, path, config.max_upload_bytes)
            if too_big:
                path.unlink(missing_ok=True)
                record_upload(session, user_id, job, name, "", None, size, "failed", _(
                    "larger than {mb} MB; split it or ask an admin to raise the limit").format(
                        mb=config.max_upload_bytes // (1024 * 1024)))
                continue
            try:
                with path.open("rb") as handle:
                    kind = detect_kind(path, handle.read(HEAD_BYTES))
            except ExtractionError as exc:
                path.unlink(missing_ok=True)
                reason = str(exc).replace(str(path), name)
                record_upload(session, user_id, job, name, "", None, size, "failed", reason)
                continue
            final = path.with_suffix(f".{kind}")
            path.rename(final)
            queued.append((record_upload(session, user_id, job, name, str(final), kind, size), str(final)))
    return queued


#: What each side file of a project must be, for the message when it is not.
SIDE_FILES = {"partners": N_("The partners file must be a CSV in UTF-8 of at most 5 MB (organisation,country,role)."),
              "people": N_("The people register must be a CSV in UTF-8 of at most 5 MB "
                           "(email,citizenships,organisation_type,in_norway).")}


def save_side_file(config: DeskConfig, upload: StarletteUpload, folder: Path, name: str) -> str:
    """Save a project's partners or people CSV as ``<name>.csv``; it must be UTF-8 text (rows are checked when read)."""
    path = folder / f"{name}.csv"
    _size, too_big = copy_capped(upload, path, min(config.max_upload_bytes, 5 * 1024 * 1024))
    try:
        if too_big:
            raise ValueError
        path.read_text(encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError):
        path.unlink(missing_ok=True)
        raise HTTPException(400, _(SIDE_FILES[name])) from None
    return str(path)


def copy_capped(upload: StarletteUpload, target: Path, cap: int) -> tuple[int, bool]:
    """Copy an upload to ``target``, stopping past ``cap`` bytes; (bytes read, too big)."""
    written = 0
    source = upload.file
    source.seek(0)
    with target.open("wb") as out:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > cap:
                return written, True
            out.write(chunk)
    return written, False


def display_name(name: str) -> str:
    """The browser's file name for showing only: its last part, control characters dropped, at most 200 chars."""
    last = re.split(r"[\\/]", name)[-1]
    clean = "".join(ch for ch in last if ch.isprintable()).strip()
    return clean[:200] or "upload"

