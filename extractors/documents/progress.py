"""Progress of reading one document, page by page, for whoever shows it (the command line).

A long PDF takes a while to lay out (the 253-page List II PDF about a minute and a half). The
reader reports each page to the listener set for the current context; nothing is reported when
none is set. A context variable, rather than a parameter on every format's reader, because only
paged formats report and the listener belongs to the caller's thread, not to the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Called with (pages read, pages in the document).
PageListener = Callable[[int, int], None]

_listener: ContextVar[PageListener | None] = ContextVar("exportscreen_page_listener", default=None)


@contextmanager
def reporting_pages(listener: PageListener) -> Iterator[None]:
    """Within the block, documents read in this context report each page to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def page_read(done: int, total: int) -> None:
    """Tell the listener, if any, that ``done`` of ``total`` pages are read."""
    listener = _listener.get()
    if listener is not None:
        listener(done, total)
