"""The explicit list of CLI command groups (see flows.cli)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
