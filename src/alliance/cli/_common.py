"""What every command shares: turning library errors and warnings into one clean line."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import typer
from rich.console import Console

from alliance.errors import AllianceError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _show_warning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {message}", markup=True)


def run_app(app: typer.Typer) -> None:
    """Run ``app``, printing :class:`AllianceError` as ``error: ...`` with its exit code."""
    warnings.showwarning = _show_warning
    try:
        app(standalone_mode=False)
    except AllianceError as exc:
        err_console.print(f"[red]error:[/red] {exc}", markup=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click's usage errors and exit codes
        import click

        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
