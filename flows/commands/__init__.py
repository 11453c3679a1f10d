"""The explicit list of CLI command groups (see flows.cli). Adding one touches two places.

Each entry names the module and attribute of a command; ``flows.cli`` imports a command only
when it runs, so ``exportscreen review list`` never loads spaCy or Prefect (``--help``, which
shows every command's summary, imports them all).
"""

from __future__ import annotations

#: Command name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "assess": "flows.commands.assess:assess_command",
    "audit": "flows.commands.review:audit",
    "entities": "flows.commands.entities:entities",
    "itemlists": "flows.commands.itemlists:itemlists",
    "report": "flows.commands.report:report",
    "rescreen": "flows.commands.rescreen:rescreen_command",
    "review": "flows.commands.review:review",
    "screen": "flows.commands.screen:screen",
    "serve": "flows.commands.serve:serve",
    "shares": "flows.commands.shares:shares",
    "users": "flows.commands.users:users",
}
