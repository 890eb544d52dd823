"""How long scoring and reporting take on a 50-minute session.

    .venv/bin/python benchmarks/bench_report.py [FILE]

Prints, for the file (default: examples/long-session-50min.vtt):

- scoring + reports alone: the ``relationship`` step, the HTML and the terminal report, on the
  session with codes already in place (from the coders when they are installed, else hand-set
  at random so the scorer has something to count);
- the whole pipeline: reading, every default step (coders and scorer), and both reports.

Best of several runs each; the target is under 5 s for the whole on 2 cores.
"""

from __future__ import annotations

import io
import random
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from alliance.io import read_path
from alliance.model import Code, Role, Session
from alliance.pipeline import default_pipeline
from alliance.report import render_html, render_terminal
from alliance.scoring import RelationshipScorer

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO / "examples" / "long-session-50min.vtt"


def best_of(repeats: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def hand_coded(session: Session) -> Session:
    rng = random.Random(0)
    utterances = []
    for u in session.utterances:
        if u.role is Role.THERAPIST:
            behaviour = rng.choice(["question", "reflection", "therapist_input", "other"])
            codes = {"behaviour": Code(behaviour, 0.9, "bench")}
            sub = {
                "question": ("question", ["open", "closed"]),
                "reflection": ("reflection", ["simple", "complex"]),
                "therapist_input": ("input", ["advice", "information"]),
            }.get(behaviour)
            if sub:
                codes[sub[0]] = Code(rng.choice(sub[1]), 0.8, "bench")
        else:
            codes = {"talk_type": Code(rng.choice(["change", "neutral", "sustain"]), 0.8, "bench")}
        utterances.append(replace(u, codes=codes))
    return replace(session, utterances=tuple(utterances))


def report(sessions: list[Session]) -> None:
    render_html(sessions)
    render_terminal(sessions, Console(file=io.StringIO(), width=120))


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE
    sessions = read_path(path)
    utterances = sum(len(s) for s in sessions)
    minutes = sum((s.duration or 0) for s in sessions) / 60
    print(f"{path.name}: {len(sessions)} session(s), {utterances} utterances, {minutes:.0f} min")

    pipeline = default_pipeline()
    names = [s.name for s in pipeline.steps]
    coders = [s for s in pipeline.steps if s.name != "relationship"]
    coded = sessions
    for step in coders:
        coded = step(coded)
    if not any("behaviour" in u.codes for s in coded for u in s.utterances):
        coded = [hand_coded(s) for s in sessions]
        print("  (no behaviour coder installed: codes hand-set at random for the scoring timing)")
    scorer = RelationshipScorer()
    scorer(coded)  # load the framework once, as a long-running process would have

    scoring = best_of(5, lambda: report(scorer(coded)))
    print(f"  scoring + HTML + terminal report: {scoring:.3f} s (best of 5)")

    def whole() -> None:
        fresh = read_path(path)
        report(default_pipeline()(fresh))

    fresh = read_path(path)
    for step in default_pipeline().steps:
        start = time.perf_counter()
        fresh = step(fresh)
        print(f"  step {step.name}: {time.perf_counter() - start:.3f} s (first call)")
    cold = best_of(1, whole)  # models already loaded by the step timings above
    print(f"  whole pipeline, second run in this process: {cold:.3f} s")
    total = best_of(3, whole)
    print(
        f"  whole pipeline ({', '.join(names)}) + reports: {total:.3f} s (best of 3, models warm)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
