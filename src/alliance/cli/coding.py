"""``alliance train`` and ``alliance evaluate``: build the learned coder from AnnoMI and measure
the coders and scores against human annotation."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from alliance.cli._common import err_console

TRAIN_EPILOG = """
[b]Examples[/b]

  alliance train AnnoMI-full-dev.csv                 [dim](rebuilds the shipped model)[/dim]
  alliance train AnnoMI-full-dev.csv --out my-model/ --seed 1
"""

EVALUATE_EPILOG = """
[b]Examples[/b]

  alliance evaluate AnnoMI-full-dev.csv --task codes --folds 5 --seed 0
  alliance evaluate AnnoMI-full-dev.csv --task cues --format json
  alliance evaluate AnnoMI-full-dev.csv --task quality
"""


class Task(StrEnum):
    codes = "codes"
    cues = "cues"
    quality = "quality"


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(epilog=TRAIN_EPILOG)(train)
    app.command(epilog=EVALUATE_EPILOG)(evaluate)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def train(
    csv: Annotated[Path, typer.Argument(help="AnnoMI CSV with its label columns.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the model files [default: the shipped model's]."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is reproducible).")] = 0,
) -> None:
    """Train the learned utterance coder on labelled AnnoMI transcripts and write its files."""
    from alliance.coding.train import train as train_model

    with _progress() as bar:
        embed_task = bar.add_task("embedding utterances", total=None)
        head_task = bar.add_task("fitting heads", total=None, visible=False)

        def on_embed(done: int, total: int) -> None:
            bar.update(embed_task, completed=done, total=total)

        def on_head(name: str) -> None:
            bar.update(embed_task, visible=False)
            bar.update(head_task, visible=True, description=f"fitting head {name}")

        files = train_model(csv, out=out, seed=seed, progress=on_embed, on_head=on_head)
    for path in files:
        err_console.print(f"wrote {path}")


def evaluate(
    csv: Annotated[Path, typer.Argument(help="AnnoMI CSV with its label columns.")],
    task: Annotated[
        Task,
        typer.Option(
            help="codes: the learned coder; cues: the rule-based cue coders; "
            "quality: the relationship scores against MI quality."
        ),
    ] = Task.codes,
    folds: Annotated[int, typer.Option(help="Folds, split by transcript.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed of the split.")] = 0,
    format: Annotated[
        EvalFormat, typer.Option("--format", help="Output format.")
    ] = EvalFormat.text,
) -> None:
    """Cross-validate on labelled transcripts (split by transcript) beside human agreement."""
    result: dict[str, Any]
    renderer: Any
    if task is Task.codes:
        from alliance.coding.evaluate import evaluate_codes, render_codes

        with _progress() as bar:
            embed_task = bar.add_task("embedding utterances", total=None)
            fold_task = bar.add_task("cross-validating", total=folds, visible=False)

            def on_embed(done: int, total: int) -> None:
                bar.update(embed_task, completed=done, total=total)

            def on_fold(k: int) -> None:
                bar.update(embed_task, visible=False)
                bar.update(fold_task, visible=True, completed=k)

            result = evaluate_codes(csv, folds=folds, seed=seed, progress=on_embed, on_fold=on_fold)
        renderer = render_codes
    elif task is Task.cues:
        from alliance.coding.cue_eval import evaluate_cues, render_cues

        result = evaluate_cues(csv, folds=folds, seed=seed)
        renderer = render_cues
    else:
        from alliance.scoring.validate import evaluate_quality, render_quality

        result = evaluate_quality(csv, folds=folds, seed=seed)
        renderer = render_quality
    if format is EvalFormat.json:
        typer.echo(json.dumps(result, indent=2))
    else:
        Console(highlight=False).print(renderer(result))
