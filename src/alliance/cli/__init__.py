"""The ``alliance`` command: a thin layer over the library.

Each command lives in its own module of this package and is added to :data:`app` here. A command
parses options, calls one library function and renders the result; errors from the library
(:class:`~alliance.errors.AllianceError`) become one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import typer

from alliance.cli._common import run_app

app = typer.Typer(
    name="alliance",
    help="Measure the therapeutic relationship from session transcripts and client check-ins.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from alliance import __version__

        typer.echo(f"alliance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Measure the therapeutic relationship from session transcripts and client check-ins.

    Everything runs on this machine; nothing is sent anywhere."""


def _add_commands() -> None:
    from alliance.cli import analyze, coding, course

    analyze.register(app)
    coding.register(app)
    course.register(app)


_add_commands()


def main() -> None:
    run_app(app)
