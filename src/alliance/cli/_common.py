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
    """Run ``app``; an :class:`AllianceError` becomes ``error: ...`` and its exit code.

    Usage errors (unknown option, bad value) are handled by typer itself: a short message and
    exit code 2."""
    warnings.showwarning = _show_warning
    try:
        app()
    except AllianceError as exc:
        err_console.print(f"[red]error:[/red] {exc}", markup=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
