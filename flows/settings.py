"""Application settings: the one documented place for where exportscreen keeps its data.

Environment variables:

``EXPORTSCREEN_DATABASE_URL``
    The results store. An SQLite URL (``sqlite:////path/to/exportscreen.sqlite3``) or a
    PostgreSQL URL (``postgresql://user:password@host:5432/dbname``; driver psycopg 3).
    Unset: an SQLite file ``exportscreen.sqlite3`` in ``EXPORTSCREEN_HOME``.
``EXPORTSCREEN_HOME``
    Folder for exportscreen's own files. Unset: the user's data folder
    (``platformdirs.user_data_dir("exportscreen")``, e.g. ``~/.local/share/exportscreen``).
    Imported item lists go to its ``itemlists`` folder (``itemlists_root``), which overlays
    the bundled lists (``list_store``); imported entity lists (sanctions and end-user lists)
    to its ``entities`` folder (``entities_root``).

``EXPORTSCREEN_PDF_ENGINE``
    How PDFs are read when a command does not say (``screen --pdf-engine``): ``pdfminer`` (the
    default, pdfminer.six) or ``pdfium`` (pypdfium2, the extra ``exportscreen[pdfium]``). Read
    when a run starts and recorded in its settings; its batches (local, Prefect, Dask) follow
    the run's settings.

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
    from itemlists.install.store import ListStore

#: Environment variables (only flows read the environment; the packages below get values).
ENV_URL = "EXPORTSCREEN_DATABASE_URL"
ENV_HOME = "EXPORTSCREEN_HOME"
ENV_LANG = "EXPORTSCREEN_LANG"
ENV_PDF_ENGINE = "EXPORTSCREEN_PDF_ENGINE"
ENV_READ_AHEAD = "EXPORTSCREEN_READ_AHEAD"
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


def home_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$EXPORTSCREEN_HOME``, else ``platformdirs.user_data_dir("exportscreen")``."""
    env = os.environ if env is None else env
    return Path(env[ENV_HOME]).expanduser() if env.get(ENV_HOME) else Path(user_data_dir("exportscreen"))


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    """The configured database URL: ``$EXPORTSCREEN_DATABASE_URL`` or an SQLite file.

    The file is ``exportscreen.sqlite3`` in ``$EXPORTSCREEN_HOME`` when set, otherwise in
    ``platformdirs.user_data_dir("exportscreen")``.
    """
    env = os.environ if env is None else env
    if env.get(ENV_URL):
        return env[ENV_URL]
    return f"sqlite:///{home_dir(env) / DB_FILE}"


def itemlists_root(env: Mapping[str, str] | None = None) -> Path:
    """Where imported item lists go: ``<home>/itemlists`` (see ``home_dir``)."""
    return home_dir(env) / "itemlists"


def list_store(env: Mapping[str, str] | None = None) -> ListStore:
    """The installed item lists: the bundled data overlaid by the user's imports (``itemlists_root``)."""
    from itemlists.install.store import BUNDLED_ROOT, ListStore

    return ListStore([BUNDLED_ROOT, itemlists_root(env)])


def entities_root(env: Mapping[str, str] | None = None) -> Path:
    """Where imported entity lists go: ``<home>/entities`` (see ``home_dir``)."""
    return home_dir(env) / "entities"


def database_url(given: str | None = None) -> str:
    """``given`` (a ``--database`` option), else the configured store URL."""
    return given or default_database_url()


def limits(env: Mapping[str, str] | None = None) -> Limits:
    """The per-document size limits from ``EXPORTSCREEN_MAX_*`` (see extractors/documents/limits.py)."""
    from extractors import load_limits

    return load_limits(os.environ if env is None else env)


def pdf_engine(given: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The PDF engine of a run: ``given`` (``--pdf-engine``), else ``$EXPORTSCREEN_PDF_ENGINE``, else pdfminer.

    Raises:
        PdfEngineError: The variable names no engine (cannot run).
        PdfEngineMissingError: The engine's optional package is not installed (the message says
            how to install it).
    """
    from extractors import DEFAULT_PDF_ENGINE, PDF_ENGINES, check_pdf_engine
    from extractors.errors import PdfEngineError

    env = os.environ if env is None else env
    name = given or env.get(ENV_PDF_ENGINE, "").strip().lower() or DEFAULT_PDF_ENGINE
    if name not in PDF_ENGINES:
        raise PdfEngineError(
            f"{ENV_PDF_ENGINE}={name!r} is not a PDF engine; use one of: {', '.join(PDF_ENGINES)}, or unset it"
        )
    return check_pdf_engine(name)


def pdf_engine_settings(given: str | None = None) -> dict[str, str]:
    """The run settings recording a PDF engine other than the default (``{}`` for pdfminer)."""
    from extractors import DEFAULT_PDF_ENGINE

    name = pdf_engine(given)
    return {} if name == DEFAULT_PDF_ENGINE else {"pdf_engine": name}


def read_ahead(env: Mapping[str, str] | None = None) -> str:
    """Whether ``screen`` of one PDF reads it in a second process: ``off``, ``on`` or ``auto``.

    From ``$EXPORTSCREEN_READ_AHEAD``: ``0`` off, ``1`` on, else (unset) ``auto``: when the
    machine has a core to spare (``flows.readahead``).
    """
    env = os.environ if env is None else env
    value = env.get(ENV_READ_AHEAD, "").strip()
    return {"0": "off", "1": "on"}.get(value, "auto")


def language(env: Mapping[str, str] | None = None) -> str:
    """``nb`` or ``en``: ``$EXPORTSCREEN_LANG``, else the locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    from reports.i18n import choose_lang

    env = os.environ if env is None else env
    return choose_lang(env.get(ENV_LANG, ""), (env.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")))


def load_settings(env: Mapping[str, str] | None = None) -> AppSettings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    return AppSettings(home=home_dir(env), database_url=default_database_url(env))
