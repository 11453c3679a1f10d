"""The explicit list of CLI command groups (see flows.cli). Adding one touches two places."""

from __future__ import annotations

import click

from flows.cli_screen import screen

COMMANDS: list[click.Command] = [screen]
