"""The explicit list of CLI command groups (see flows.cli). Adding one touches two places."""

from __future__ import annotations

import click

from flows.cli_itemlists import itemlists
from flows.cli_rescreen import rescreen_command
from flows.cli_review import audit, review
from flows.cli_screen import screen
from flows.cli_shares import shares

COMMANDS: list[click.Command] = [screen, rescreen_command, itemlists, review, audit, shares]
