"""Where the authentic text of each list version is published (the working copy here is not authentic).

List II is Annex I of Regulation (EU) 2021/821 as Norway applies it: EUR-Lex holds the
consolidated text of each version (CELEX ``02021R0821-YYYYMMDD``). List I and List III are
annexes of the Norwegian export-control regulation (forskrift 19. juni 2013 nr. 718) on Lovdata.
"""

from __future__ import annotations

import re

LOVDATA_REGULATION = "https://lovdata.no/dokument/SF/forskrift/2013-06-19-718"
EURLEX_2021_821 = "https://eur-lex.europa.eu/eli/reg/2021/821/oj"
_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def authentic_url(list_id: str, version: str) -> str | None:
    """The address of the authentic text of ``list_id@version``, or None for no list."""
    if list_id == "II":
        dated = _DATED.match(version)
        if dated:
            return ("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02021R0821-"
                    + "".join(dated.groups()))
        return EURLEX_2021_821
    if list_id in ("I", "III"):
        return LOVDATA_REGULATION
    return None


def authentic_name(list_id: str) -> str:
    """Where that address points, for a reader."""
    return "EUR-Lex (Regulation (EU) 2021/821, Annex I)" if list_id == "II" else \
        "Lovdata (forskrift 19. juni 2013 nr. 718, vedlegg)"
