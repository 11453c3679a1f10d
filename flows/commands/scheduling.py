"""What ``shares schedule`` and ``report schedule`` share: build, register or serve one deployment."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click


def schedule(make: Callable[[], Any], cron: str, example: str, apply_only: bool, note: str = "") -> None:
    """Build the deployment with ``make``; register it (``apply_only``) or serve it until Ctrl-C.

    Args:
        make: Builds the deployment (a bad cron string raises ValueError there).
        cron: The cron string given, for messages.
        example: A valid cron string to show when ``cron`` is not one.
        apply_only: Register with the server in PREFECT_API_URL and return.
        note: Added to the serving message ("reports go to ...").
    """
    from flows.prefect_flows import guarded, serve_until_stopped

    try:
        deployment = make()
    except ValueError:  # pydantic's ValidationError for a bad cron string is a ValueError
        raise click.BadParameter(f"{cron!r} is not a valid cron expression; use five fields such as {example!r} "
                                 "(minute hour day month weekday)", param_hint="'--cron'") from None
    if apply_only:
        server = os.environ.get("PREFECT_API_URL") or "(temporary, started by Prefect)"
        deployment_id = guarded(server, deployment.apply)
        click.echo(f"Deployment {deployment.name!r} ({deployment_id}) registered, cron {cron!r}.")
        return
    serve_until_stopped(deployment, f"deployment {deployment.name!r} on cron {cron!r}{note}")
