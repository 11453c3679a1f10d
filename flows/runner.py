"""Which runner a batch command uses: a plain loop in this process, or Prefect flows on a server.

``local`` (the default without a Prefect server) runs the batches in this process: no server
starts, nothing outlives the command, nothing races a start-up timeout. ``prefect`` runs the
same batches as Prefect tasks of a flow on the server named by ``PREFECT_API_URL``, so runs
show in its UI next to the scheduled deployments; it never starts a temporary server.
``auto`` picks ``prefect`` when ``PREFECT_API_URL`` is set in the environment, else ``local``.
This module imports no Prefect: a local run never loads it.
"""

from __future__ import annotations

import os

from flows.errors import CannotRunError

RUNNERS = ("auto", "local", "prefect")
#: Environment variable giving the default runner (the ``--runner`` option wins).
ENV_RUNNER = "EXPORTSCREEN_RUNNER"


def choose_runner(requested: str | None = None) -> str:
    """``local`` or ``prefect`` for ``requested`` (or ``$EXPORTSCREEN_RUNNER``, else ``auto``)."""
    name = (requested or os.environ.get(ENV_RUNNER) or "auto").strip().lower()
    if name not in RUNNERS:
        raise CannotRunError(f"{ENV_RUNNER}={name!r} is not a runner; use one of: {', '.join(RUNNERS)}")
    if name == "auto":
        return "prefect" if os.environ.get("PREFECT_API_URL") else "local"
    return name
