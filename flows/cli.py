"""The ``exportscreen`` command line: one group, sub-commands registered from their modules.

Exit codes (the same for every command, documented in ``--help`` and the README):

  0  done; nothing needs review
  1  done; something needs review (a flag, a classified marking, a catch-all cue)
  2  usage error (unknown option, missing argument, bad value)
  3  done, but some inputs could not be read (each has a ``failed`` record with its reason)
  4  could not run (configuration, item-list data or database problem)
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys

import click

from flows.errors import EXIT_CANNOT_RUN, CannotRunError, known_errors

EPILOG = """\b
Exit codes:
  0  nothing needs review
  1  something needs review
  2  usage error
  3  some inputs could not be read (see their 'failed' records)
  4  could not run (configuration, item-list data or database)
"""


class LazyGroup(click.Group):
    """A group whose sub-commands are imported when used (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name (without importing it)."""
        from flows.commands import COMMANDS

        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command named ``cmd_name``, imported on first use."""
        from flows.commands import COMMANDS

        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("--lang", type=click.Choice(["nb", "en"]), default=None,
              help="Language of reports, review output and outcome names: nb or en (default: $EXPORTSCREEN_LANG, "
                   "else the locale, else en). JSON and CSV codes and error messages stay English.")
@click.version_option(package_name="exportscreen")
def cli(verbose: int, lang: str | None) -> None:
    """Screen research output for export-controlled technology (Norway, Lists I-III)."""
    from flows.settings import language
    from reports.i18n import set_lang

    if lang:
        os.environ["EXPORTSCREEN_LANG"] = lang  # for the processes it starts (a served deployment's runs)
    set_lang(language())
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if verbose == 0:
        # Prefect's own INFO lines (temporary server, flow run names) are noise for a CLI user.
        logging.getLogger("prefect").setLevel(logging.WARNING)


def _store_failure(exc: BaseException) -> bool:
    """True for a database error the store did not turn into a StoreError (damaged, disk full, gone)."""
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


#: Polars' allocator (jemalloc) settings for ``screen``: memory a step frees goes back to the
#: system at once instead of after the decay Polars sets (0.5 s, then 1 s), so the next step
#: does not add to it. Measured on the 253-page List II PDF (issue 19): classification peaks
#: about 120 MiB lower, for about 1 s more CPU. An ``_RJEM_MALLOC_CONF`` already set wins,
#: except the one a process that imported Polars passes on (:data:`POLARS_ALLOCATOR`).
SCREEN_ALLOCATOR = "dirty_decay_ms:0,muzzy_decay_ms:0"
#: What ``import polars`` puts in ``_RJEM_MALLOC_CONF`` when it is unset (Polars 2.1), which
#: processes started from a Python program that imported Polars inherit.
POLARS_ALLOCATOR = "dirty_decay_ms:500,muzzy_decay_ms:1000"


def allocator_settings(args: list[str]) -> None:
    """Set :data:`SCREEN_ALLOCATOR` for a ``screen`` command, before Polars is first imported (it reads them then)."""
    if "screen" in args and "polars" not in sys.modules:
        current = os.environ.get("_RJEM_MALLOC_CONF", "")
        if not current or current.startswith(POLARS_ALLOCATOR):
            os.environ["_RJEM_MALLOC_CONF"] = SCREEN_ALLOCATOR


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map library errors to one-line messages and exit codes."""
    allocator_settings(argv if argv is not None else sys.argv[1:])
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # A schedule served without PREFECT_API_URL starts Prefect's temporary server; its 20 s start-up
    # limit is missed on a busy 2-core machine (seen in the test suite): allow 90 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    if not any(a in ("-v", "-vv", "--verbose") for a in (argv if argv is not None else sys.argv[1:])):
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    try:
        _invoke(argv)
    finally:
        if argv is None:
            # The command's process ends next (``argv`` is given only by callers that go on).
            # Python's shutdown runs the cycle collector over every object left (spaCy's
            # vocabulary and model, Polars frames): 0.2-0.3 s after a screen of one manuscript,
            # measured (issue 19). Frozen objects are not scanned; they are still freed.
            gc.freeze()


def _invoke(argv: list[str] | None) -> None:
    """Run the command; exit with its code, or with a one-line error for a known failure."""
    try:
        # standalone_mode=False returns the code of ``ctx.exit(code)`` instead of raising it.
        code = cli.main(args=argv, prog_name="exportscreen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Error: aborted.", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except known_errors() as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except CannotRunError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except Exception as exc:
        if not _store_failure(exc):
            raise  # a programming error: fail loudly, with its traceback
        cause = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        click.echo(f"Error: the results store failed ({cause}); nothing more was written: check the database "
                   "with 'exportscreen audit verify' and run the command again", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    sys.exit(code if isinstance(code, int) else 0)
