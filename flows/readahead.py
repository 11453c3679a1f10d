"""Read one PDF in a second process while this one loads spaCy, the model and the lists.

A cold ``exportscreen screen paper.pdf`` spends its first second or two importing spaCy and
loading the model and the item lists, and about as long laying out the PDF's pages with
pdfminer.six; on a machine with two cores the two can run at once. :func:`read_ahead` forks a
process (before spaCy is imported, so the child is small) that reads the document with the same
call and settings as the screening would (``extractors.read_document``), sends each page read to
the caller's page listener (the progress bar) and then the ``Document``. Whatever goes wrong
there (an unreadable file, a crash), the caller gets None and reads the file itself, so errors
and ``failed`` records are exactly those of an ordinary read.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from extractors import Limits
from extractors.types import Document

log = logging.getLogger(__name__)

#: A PDF says so in its first bytes (pdfminer.six and the detector look this far).
_PDF_MAGIC, _HEAD = b"%PDF-", 1024


def worth_reading_ahead(path: Path, mode: str = "auto") -> bool:
    """True for a PDF on a machine with a core to spare (other formats read in milliseconds).

    ``mode``: ``off`` never, ``on`` whenever the machine has two cores, ``auto`` only when
    the last minute's load average leaves one free too (on a busy machine a second process
    only competes with the first: measured no faster, sometimes slower).
    """
    cores = os.cpu_count() or 1
    if mode == "off" or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if mode == "auto" and os.getloadavg()[0] > cores - 1:
        return False
    try:
        with path.open("rb") as handle:
            return _PDF_MAGIC in handle.read(_HEAD)
    except OSError:
        return False


def read_ahead(
    path: Path,
    max_pages: int,
    limits: Limits,
    on_page: Callable[[int, int], None] | None = None,
    pdf_engine: str = "pdfminer",
) -> Callable[[], Document | None]:
    """Start reading ``path`` in a forked process; return a function that waits for the Document.

    ``on_page`` gets (pages read, pages in all) from a thread of this process as the child
    reads. The returned function gives the Document, or None when the child did not deliver
    one (then read the file in this process). ``pdf_engine`` is the run's (``--pdf-engine``).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read, args=(path, max_pages, limits, sender, pdf_engine), daemon=True)
    child.start()
    sender.close()
    delivered: list[Document | None] = []

    def listen() -> None:
        try:
            while True:
                kind, value = receiver.recv()
                if kind == "page":
                    if on_page is not None:
                        on_page(*value)
                    continue
                delivered.append(value)
                return
        except (EOFError, OSError) as exc:  # the child died: the caller reads the file itself
            log.info("read-ahead of %s gave nothing (%s); reading it here", path, exc)

    listener = threading.Thread(target=listen, name="exportscreen-read-ahead", daemon=True)
    listener.start()

    def wait() -> Document | None:
        listener.join()
        child.join()
        receiver.close()
        return delivered[0] if delivered else None

    return wait


def _read(path: Path, max_pages: int, limits: Limits, sender: Connection, pdf_engine: str) -> None:
    """In the child: read the document, reporting pages; send it, or None on any error."""
    from extractors import read_document
    from extractors.documents.progress import reporting_pages

    document: Document | None
    try:
        with reporting_pages(lambda done, total: sender.send(("page", (done, total)))):
            document = read_document(path, max_pages=max_pages, limits=limits, pdf_engine=pdf_engine)
    except Exception:  # noqa: BLE001 - the parent reads the file again and meets the error itself
        document = None
    sender.send(("document", document))
    sender.close()
