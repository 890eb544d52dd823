"""How long reading and summarising takes: a 50-minute session and the AnnoMI development CSV.

    .venv/bin/python benchmarks/bench_read.py [FILE ...]

Prints seconds per file (best of several runs, reading + talk summary, no coding) and the
process's peak memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from alliance.io import read_path
from alliance.summary import summarize

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [
    REPO / "examples" / "long-session-50min.vtt",
    REPO.parent / "shared" / "data" / "annomi" / "AnnoMI-full-dev.csv",
]


def bench(path: Path, repeats: int = 5) -> None:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        sessions = read_path(path)
        for session in sessions:
            summarize(session)
        best = min(best, time.perf_counter() - start)
    utterances = sum(len(s) for s in sessions)
    minutes = sum((s.duration or 0) for s in sessions) / 60
    print(
        f"{path.name}: {len(sessions)} session(s), {utterances} utterances, "
        f"{minutes:.0f} min of talk: read + summarised in {best * 1000:.1f} ms "
        f"(best of {repeats}), {utterances / best:,.0f} utterances/s"
    )


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or [p for p in DEFAULT_FILES if p.exists()]
    for path in files:
        bench(path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
