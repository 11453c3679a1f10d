"""Application settings: the one documented place for where exportscreen keeps its data.

Environment variables:

``EXPORTSCREEN_DATABASE_URL``
    The results store. An SQLite URL (``sqlite:////path/to/exportscreen.sqlite3``) or a
    PostgreSQL URL (``postgresql://user:password@host:5432/dbname``; driver psycopg 3).
    Unset: an SQLite file ``exportscreen.sqlite3`` in ``EXPORTSCREEN_HOME``.
``EXPORTSCREEN_HOME``
    Folder for exportscreen's own files. Unset: the user's data folder
    (``platformdirs.user_data_dir("exportscreen")``, e.g. ``~/.local/share/exportscreen``).

Screening parameters (cutoff, threshold, ...) are ``classifiers.settings.ScreeningSettings``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from extractors import Limits

#: Environment variables (only flows read the environment; the packages below get values).
ENV_URL = "EXPORTSCREEN_DATABASE_URL"
ENV_HOME = "EXPORTSCREEN_HOME"
DB_FILE = "exportscreen.sqlite3"


class AppSettings(BaseModel):
    """Where exportscreen keeps its data (read from the environment by ``load_settings``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    home: Path = Field(
        description=f"Folder for exportscreen's files (${ENV_HOME}; default: the user's data "
        "folder from platformdirs)."
    )
    database_url: str = Field(
        description=f"Results store URL (${ENV_URL}): sqlite:///... or postgresql://...; "
        f"default: an SQLite file {DB_FILE!r} in home."
    )


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    """The configured database URL: ``$EXPORTSCREEN_DATABASE_URL`` or an SQLite file.

    The file is ``exportscreen.sqlite3`` in ``$EXPORTSCREEN_HOME`` when set, otherwise in
    ``platformdirs.user_data_dir("exportscreen")``.
    """
    env = os.environ if env is None else env
    if env.get(ENV_URL):
        return env[ENV_URL]
    home = Path(env[ENV_HOME]).expanduser() if env.get(ENV_HOME) else Path(user_data_dir("exportscreen"))
    return f"sqlite:///{home / DB_FILE}"


def database_url(given: str | None = None) -> str:
    """``given`` (a ``--database`` option), else the configured store URL."""
    return given or default_database_url()


def limits(env: Mapping[str, str] | None = None) -> Limits:
    """The per-document size limits from ``EXPORTSCREEN_MAX_*`` (see extractors/documents/limits.py)."""
    from extractors import load_limits

    return load_limits(os.environ if env is None else env)


def load_settings(env: Mapping[str, str] | None = None) -> AppSettings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    home = Path(env[ENV_HOME]).expanduser() if env.get(ENV_HOME) else Path(user_data_dir("exportscreen"))
    return AppSettings(home=home, database_url=default_database_url(env))
