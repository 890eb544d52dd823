"""The course commands: clients, sessions, check-ins, goals, the course report, FHIR export,
instruments, psychometrics and database backup. Each parses options, calls one function of
:mod:`alliance.course` and renders the result."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.prompt import Prompt
from rich.table import Column, Table

from alliance.errors import ValidationError

if TYPE_CHECKING:
    from alliance.course.store import Store

__all__ = ["register"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="ALLIANCE_DB",
        help="Database URL or SQLite file (default: alliance.sqlite3 in your data folder).",
        show_default=False,
    ),
]
ClientOption = Annotated[
    str, typer.Option("--client", "-c", help="The client's pseudonymous code.")
]

console = Console(highlight=False, soft_wrap=True)

client_app = typer.Typer(
    help="Add and list clients (pseudonymous codes, never names).", no_args_is_help=True
)
session_app = typer.Typer(
    help="Record sessions and the scores their transcripts give.", no_args_is_help=True
)
checkin_app = typer.Typer(
    help="Client check-ins: [b]checkin --client C[/b] asks the items in the terminal; "
    "[b]checkin import FILE[/b] reads CSV or FHIR QuestionnaireResponses.",
    rich_markup_mode="rich",
)
goal_app = typer.Typer(
    help="Goals set with the client and progress towards them.", no_args_is_help=True
)
instrument_app = typer.Typer(
    help="Check-in instruments (FHIR R4 Questionnaires).", no_args_is_help=True
)
db_app = typer.Typer(help="Back up and restore the course database.", no_args_is_help=True)


def _open(db: str | None) -> Store:
    from alliance.course.store import Store

    return Store.open(db)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"--date {value!r} is not a date (YYYY-MM-DD)") from exc


# -- clients ------------------------------------------------------------------------------


@client_app.command("add")
def client_add(
    code: Annotated[str, typer.Argument(help="A short pseudonymous code, e.g. C017 (no spaces).")],
    db: DbOption = None,
) -> None:
    """Add a client by code."""
    with _open(db) as store:
        store.add_client(code)
    console.print(f"added client {code}")


@client_app.command("list")
def client_list(db: DbOption = None) -> None:
    """List the clients with how many sessions and check-ins each has."""
    with _open(db) as store:
        clients = store.clients()
    table = Table("client", "sessions", "check-ins", "added")
    for c in clients:
        table.add_row(c.code, str(c.sessions), str(c.checkins), c.created_at.date().isoformat())
    console.print(table if clients else "no clients yet (alliance client add CODE)")


# -- sessions -----------------------------------------------------------------------------


@session_app.command("add")
def session_add(
    client: ClientOption,
    transcript: Annotated[
        Path | None,
        typer.Option(
            "--transcript", "-t", help="Transcript to analyse; only its scores are stored."
        ),
    ] = None,
    held_on: Annotated[
        str | None, typer.Option("--date", help="Date of the session, YYYY-MM-DD.")
    ] = None,
    number: Annotated[
        int | None, typer.Option("--number", "-n", help="Session number (default: next).")
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help="Transcript format, when the extension does not say."),
    ] = None,
    therapist: Annotated[
        str | None, typer.Option("--therapist", help="The therapist's speaker label.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a session; with --transcript, analyse it and store its scores (not its text)."""
    analysis = None
    digest = None
    if transcript is not None:
        from alliance.analyze import analyze_path

        sessions = analyze_path(transcript, input_format=input_format, therapist=therapist)
        if len(sessions) != 1:
            raise ValidationError(
                f"{transcript}: holds {len(sessions)} sessions, not one",
                hint="add each session from its own file",
            )
        analysis = sessions[0]
        digest = hashlib.sha256(transcript.read_bytes()).hexdigest()
    with _open(db) as store:
        stored = store.add_session(
            client,
            number=number,
            held_on=_parse_date(held_on),
            analysis=analysis,
            source_sha256=digest,
        )
    parts = [f"session {stored.number} of {client} stored"]
    if stored.analysed:
        overall = stored.scores.overall if stored.scores else None
        parts.append("overall " + ("n/a" if overall is None else f"{overall:.0f}"))
        parts.append(f"{stored.ruptures or 0} rupture marker(s)")
        if stored.stages:
            parts.append("stages " + " → ".join(s for s, _ in stored.stages))
    console.print(": ".join(parts[:1]) + ("; " + ", ".join(parts[1:]) if len(parts) > 1 else ""))


# -- check-ins ----------------------------------------------------------------------------


def _ask(item_text: str, minimum: float, maximum: float, check: object) -> float:
    while True:
        try:
            raw = Prompt.ask(f"{item_text} [{minimum:g}–{maximum:g}]", console=console)
        except EOFError as exc:
            raise ValidationError(
                "the check-in form was not finished", hint="nothing was written; start it again"
            ) from exc
        try:
            value = float(raw.strip())
        except ValueError:
            console.print(f"[red]please give a number from {minimum:g} to {maximum:g}[/red]")
            continue
        problem = check(value)  # type: ignore[operator]
        if problem is None:
            return value
        console.print(f"[red]please give a number from {minimum:g} to {maximum:g}[/red]")


@checkin_app.callback(invoke_without_command=True)
def checkin(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option("--client", "-c", help="The client's code.")] = None,
    instrument: Annotated[
        str, typer.Option("--instrument", "-i", help="Instrument id.")
    ] = "alliance-checkin-brief",
    session: Annotated[
        int | None,
        typer.Option(
            "--session", "-s", help="Session number (default: the latest without a check-in)."
        ),
    ] = None,
    held_on: Annotated[
        str | None, typer.Option("--date", help="Date of the session, YYYY-MM-DD.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Ask the check-in items in the terminal (or read answers piped in) and store them."""
    if ctx.invoked_subcommand is not None:
        return
    if client is None:
        raise ValidationError(
            "which client? give --client CODE", hint="or: alliance checkin import FILE"
        )
    from alliance.course.records import CheckInInput

    with _open(db) as store:
        store.sessions(client)  # unknown client: fail before asking anything
        form = store.instrument(instrument)
        console.print(f"[bold]{form.title}[/bold] for client {client}")
        if form.scoring.provisional:
            console.print(
                "[dim]not yet validated: an open check-in written by the alliance project[/dim]"
            )
        answers = {}
        for n, item in enumerate(form.items, start=1):
            label = item.text or f"item {item.link_id}"
            answers[item.link_id] = _ask(f"{n}. {label}", item.minimum, item.maximum, item.check)
        saved = store.add_checkins(
            [CheckInInput(client, form.key, answers, session=session, held_on=_parse_date(held_on))]
        )[0]
    console.print(f"stored: session {saved.session}, score {saved.score:.1f}")


@checkin_app.command("import")
def checkin_import(
    path: Annotated[Path, typer.Argument(help="CSV, or FHIR QuestionnaireResponse / Bundle JSON.")],
    db: DbOption = None,
) -> None:
    """Import check-ins from a file: all of them, or (on any error) none."""
    from alliance.course.imports import read_checkin_file

    with _open(db) as store:
        inputs = read_checkin_file(path, store.instrument)
        saved = store.add_checkins(inputs)
    clients = sorted({c.client for c in saved})
    console.print(
        f"imported {len(saved)} check-ins for {len(clients)} client(s): {', '.join(clients)}"
    )


# -- goals --------------------------------------------------------------------------------


@goal_app.command("add")
def goal_add(
    client: ClientOption,
    title: Annotated[str, typer.Argument(help="The goal in a few words (no identifying details).")],
    session: Annotated[
        int | None, typer.Option("--session", "-s", help="Session it was set in.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Set a goal with the client."""
    with _open(db) as store:
        goal = store.add_goal(client, title, session=session)
    console.print(f"goal {goal.id} set for {client}")


@goal_app.command("update")
def goal_update(
    client: ClientOption,
    goal_id: Annotated[int, typer.Argument(help="The goal's id (alliance goal list).")],
    progress: Annotated[
        float | None, typer.Option("--progress", "-p", help="Progress 0–10.")
    ] = None,
    session: Annotated[
        int | None, typer.Option("--session", "-s", help="Session it was rated in.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active, achieved or dropped.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record progress towards a goal, or change its status."""
    with _open(db) as store:
        goal = store.update_goal(client, goal_id, rating=progress, session=session, status=status)
    console.print(
        f"goal {goal.id}: {goal.status}, latest progress "
        f"{'–' if goal.latest is None else format(goal.latest, 'g')}"
    )


@goal_app.command("list")
def goal_list(client: ClientOption, db: DbOption = None) -> None:
    """List a client's goals."""
    with _open(db) as store:
        goals = store.goals(client)
    table = Table("id", "goal", "status", "set in", "progress")
    for g in goals:
        table.add_row(
            str(g.id), g.title, g.status, str(g.set_in_session or "–"),
            " → ".join(f"{p.rating:g}" for p in g.progress) or "–",
        )  # fmt: skip
    console.print(table if goals else "no goals yet")


# -- the course ---------------------------------------------------------------------------


class CourseFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def course(
    client: ClientOption,
    output: Annotated[
        CourseFormat, typer.Option("--format", "-f", help="text, json or html.")
    ] = CourseFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    alerts: Annotated[
        Path | None, typer.Option("--alerts", help="Alert rules (JSON or TOML).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The course of therapy for one client.

    Check-ins against cut-offs, reliable change, trend, transcript scores, stage, goals and
    alerts, as text, JSON or a self-contained HTML page."""
    from alliance.course.alerts import load_alert_config
    from alliance.course.course import build_course, course_to_dict

    config = load_alert_config(alerts)
    with _open(db) as store:
        view = build_course(store, client, config=config)
    if output is CourseFormat.json:
        text = json.dumps(course_to_dict(view), indent=2, ensure_ascii=False) + "\n"
    elif output is CourseFormat.html:
        from alliance.course.report_html import render_html

        text = render_html(view)
    else:
        from alliance.course.report_text import render_text

        if out is None:
            typer.echo(
                render_text(view, width=max(console.width, 100), color=console.is_terminal),
                nl=False,
            )
            return
        text = render_text(view)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}")


def export(
    fhir: Annotated[
        bool, typer.Option("--fhir", help="A FHIR R4 Bundle (the only export form so far).")
    ] = False,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Only this client.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    db: DbOption = None,
) -> None:
    """Export Questionnaires, QuestionnaireResponses and score Observations as a FHIR R4 Bundle."""
    from alliance.course.fhir_export import export_bundle, validate_bundle

    if not fhir:
        raise ValidationError("say which export you want", hint="use --fhir (the only form so far)")
    with _open(db) as store:
        bundle = export_bundle(store, client=client)
    validate_bundle(bundle)
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}: {len(bundle['entry'])} resources")


# -- instruments --------------------------------------------------------------------------


@instrument_app.command("add")
def instrument_add(
    path: Annotated[Path, typer.Argument(help="A FHIR R4 Questionnaire (JSON).")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace one of the same id (if unused).")
    ] = False,
    method: Annotated[
        str | None, typer.Option("--method", help="How items add up: mean or sum.")
    ] = None,
    cutoff: Annotated[
        float | None, typer.Option("--cutoff", help="Scores below this are below the cut-off.")
    ] = None,
    reliability: Annotated[
        float | None, typer.Option("--reliability", help="Reliability r, for reliable change.")
    ] = None,
    norm_sd: Annotated[
        float | None, typer.Option("--norm-sd", help="SD of a norm sample, for reliable change.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Validate a Questionnaire and store it (item text only if the file gives it).

    Scoring options override the file's scoring extension and are stored with it."""
    from alliance.course.instruments import load_instrument_file, with_scoring

    instrument = with_scoring(
        load_instrument_file(path),
        method=method,
        cutoff=cutoff,
        reliability=reliability,
        normSD=norm_sd,
    )
    with _open(db) as store:
        store.add_instrument(instrument, replace=replace)
    s = instrument.scoring
    rc = s.reliable_change()
    console.print(
        f"added {instrument.key}: {len(instrument.items)} items, score = {s.method}, "
        f"cut-off {'none' if s.cutoff is None else format(s.cutoff, 'g')}, "
        f"reliable change {'unknown' if rc is None else format(rc, '.2f')}"
    )


@instrument_app.command("list")
def instrument_list(db: DbOption = None) -> None:
    """List the stored instruments."""
    with _open(db) as store:
        found = store.instruments()
    table = Table("title", "items", "status", "cut-off", "reliable change")
    table.columns.insert(0, Column("id", no_wrap=True))
    for i in found:
        rc = i.scoring.reliable_change()
        status = i.status + (" (provisional scoring)" if i.scoring.provisional else "")
        table.add_row(
            i.key, i.title, str(len(i.items)), status,
            "–" if i.scoring.cutoff is None else f"{i.scoring.cutoff:g}",
            "–" if rc is None else f"{rc:.2f}",
        )  # fmt: skip
    console.print(table)


def psychometrics(
    instrument: Annotated[
        str, typer.Option("--instrument", "-i", help="Instrument id.")
    ] = "alliance-checkin-brief",
    minimum: Annotated[
        int, typer.Option("--min-responses", help="Fewest complete responses to report on.")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Internal consistency of an instrument over the stored responses.

    Cronbach's alpha, McDonald's omega (one factor) and corrected item-total correlations."""
    from dataclasses import asdict

    from alliance.course.psychometrics import psychometrics as compute

    with _open(db) as store:
        found, responses = store.response_matrix(instrument)
    result = compute(found, responses, minimum=minimum)
    if as_json:
        typer.echo(json.dumps(asdict(result), indent=2))
        return
    console.print(
        f"[bold]{found.title}[/bold]: n = {result.n} complete responses, k = {result.k} items"
    )
    if result.alpha is None and result.omega is None:
        console.print(result.reason or "no figures")
        return
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    console.print(f"Cronbach's alpha  {fmt(result.alpha)}")
    console.print(f"McDonald's omega  {fmt(result.omega)}  [dim]({result.method})[/dim]")
    if result.reason:
        console.print(f"[yellow]{result.reason}[/yellow]")
    table = Table("item", "mean", "sd", "corrected item-total r", "loading")
    for item in result.items:
        table.add_row(
            item.link_id,
            f"{item.mean:.2f}",
            f"{item.sd:.2f}",
            fmt(item.corrected_item_total),
            fmt(item.loading),
        )
    console.print(table)


# -- database -----------------------------------------------------------------------------


@db_app.command("backup")
def db_backup(
    path: Annotated[
        Path, typer.Argument(help="Backup file: .json (any database) or a SQLite copy.")
    ],
    db: DbOption = None,
) -> None:
    """Back up the database (SQLite's online backup, or a portable .json dump)."""
    from alliance.course.backup import backup

    with _open(db) as store:
        counts = backup(store, path)
    console.print(
        f"backed up to {path}: {counts.get('clients', 0)} clients, "
        f"{counts.get('checkins', 0)} check-ins"
    )


@db_app.command("restore")
def db_restore(
    path: Annotated[Path, typer.Argument(help="A file made by alliance db backup.")],
    db: DbOption = None,
) -> None:
    """Replace the database's content with a backup, all or nothing."""
    from alliance.course.backup import restore

    with _open(db) as store:
        counts = restore(store, path)
    console.print(
        f"restored from {path}: {counts.get('clients', 0)} clients, "
        f"{counts.get('checkins', 0)} check-ins"
    )


def register(app: typer.Typer) -> None:
    """Add the course commands to ``app``."""
    app.add_typer(client_app, name="client")
    app.add_typer(session_app, name="session")
    app.add_typer(checkin_app, name="checkin")
    app.add_typer(goal_app, name="goal")
    app.add_typer(instrument_app, name="instrument")
    app.add_typer(db_app, name="db")
    app.command("course")(course)
    app.command("export")(export)
    app.command("psychometrics")(psychometrics)
