"""``alliance analyze``: read transcripts, code every utterance, score the relationship, report."""

from __future__ import annotations

import io
import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from alliance import __version__
from alliance.cli._common import err_console
from alliance.errors import AllianceError, InputError
from alliance.model import Session

REPORT_FORMAT = "alliance.report/1"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


_EXTENSIONS = {
    OutputFormat.text: "txt",
    OutputFormat.json: "json",
    OutputFormat.jsonl: "jsonl",
    OutputFormat.html: "html",
}

EPILOG = """
[b]Examples[/b]

  alliance analyze examples/long-session-50min.vtt
  alliance analyze session.txt --therapist "Dr. Rivera" --format html --out report.html
  alliance analyze transcripts/ --jobs 2 --format jsonl --out sessions.jsonl
  alliance analyze AnnoMI-full-dev.csv --format json --out reports/
  [dim](a folder: one file per session)[/dim]
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG)(analyze)


def analyze(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Transcript files, folders (searched recursively) or multi-session CSVs."
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Write to this file, or to this folder (one file per session) if it is a folder "
            "or ends with '/'. Default: standard output.",
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            "-i",
            help="Read every file as this format instead of detecting it: text, webvtt, srt, docx, "
            "json, jsonl, csv, annomi, convokit.",
        ),
    ] = None,
    therapist: Annotated[
        str | None,
        typer.Option(
            "--therapist", "-t", help="The speaker who is the therapist (overrides labels)."
        ),
    ] = None,
    framework: Annotated[
        Path | None,
        typer.Option(help="A framework file to score with instead of the shipped one."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes to use.")] = 1,
    max_size_mb: Annotated[
        float, typer.Option("--max-size", help="Refuse transcript files larger than this (MB).")
    ] = 50.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse transcripts: code every utterance and score the relationship, with evidence.

    Reports who spoke how much, what each utterance does (questions, reflections, change
    talk ...), and how the relationship is going, with the utterances behind every score.

    Files that cannot be read are reported one line each (file, line, what to do); the others
    are still analysed, and the exit code is 2.
    """
    from alliance.analyze import iter_analyzed, read_many

    config: dict[str, dict[str, Any]] = {}
    if framework is not None:
        config["relationship"] = {"framework": framework}

    show_progress = not quiet and err_console.is_terminal
    result = read_many(
        paths, input_format=input_format, therapist=therapist, max_bytes=int(max_size_mb * 1e6)
    )
    for error in result.errors:
        err_console.print(f"[red]error:[/red] {error}", markup=True)
    if not result.sessions:
        if not result.errors:
            raise InputError("no transcripts found", hint="give files or folders with transcripts")
        raise typer.Exit(2)

    analysed: list[Session] = []
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("analysing sessions", total=len(result.sessions))
        for session in iter_analyzed(result.sessions, jobs=jobs, config=config):
            analysed.append(session)
            progress.advance(task)

    write_report(analysed, output_format, out)
    if result.errors:
        raise typer.Exit(2)


def write_report(sessions: list[Session], output_format: OutputFormat, out_arg: str | None) -> None:
    """Render ``sessions`` in ``output_format`` to stdout, one file, or one file per session
    (when ``out_arg`` is a folder or ends with a path separator)."""
    out = None if out_arg is None else Path(out_arg)
    if out is not None and out_arg is not None and (out.is_dir() or out_arg.endswith(("/", "\\"))):
        out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for session in sessions:
            name = _file_name(session.id, used)
            target = out / f"{name}.{_EXTENSIONS[output_format]}"
            target.write_text(render(output_format, [session]), encoding="utf-8")
        err_console.print(f"wrote {len(sessions)} report(s) to {out}")
        return
    text = render(output_format, sessions, console_width=None if out is None else 120)
    if out is None:
        if output_format is OutputFormat.text:
            sys.stdout.write(text)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    err_console.print(f"wrote {out}")


def render(
    output_format: OutputFormat, sessions: list[Session], *, console_width: int | None = None
) -> str:
    from alliance.serialize import session_to_dict
    from alliance.summary import summarize

    if output_format is OutputFormat.json:
        document = {
            "format": REPORT_FORMAT,
            "alliance_version": __version__,
            "sessions": [session_to_dict(s, summary=summarize(s)) for s in sessions],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)
    if output_format is OutputFormat.jsonl:
        return "".join(
            json.dumps(session_to_dict(s, summary=summarize(s)), ensure_ascii=False) + "\n"
            for s in sessions
        )
    from alliance import report

    if output_format is OutputFormat.html:
        return report.render_html(sessions)
    interactive = console_width is None and sys.stdout.isatty()
    console = Console(
        record=True,
        width=console_width or (None if interactive else 120),
        force_terminal=interactive or None,
        file=None if interactive else io.StringIO(),
    )
    report.render_terminal(sessions, console)
    return "" if interactive else console.export_text()


def _file_name(session_id: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", session_id).strip("._") or "session"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


__all__ = ["AllianceError", "analyze", "register", "render", "write_report"]
