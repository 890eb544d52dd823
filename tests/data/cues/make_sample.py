"""Draw the AnnoMI sample that was labelled by hand for the cue coders (run once; kept so the
draw can be checked). Writes ids and strata only, never text.

Usage: python tests/data/cues/make_sample.py /path/to/AnnoMI-full-dev.csv > sample.jsonl
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

SEED = 0
# (stratum, role, how many per split, filter on the row and its predecessor)
STRATA = [
    ("therapist_random", "therapist", 40, lambda r, p: True),
    (
        "therapist_reflection",
        "therapist",
        20,
        lambda r, p: r["main_therapist_behaviour"] == "reflection",
    ),
    ("therapist_advice", "therapist", 15, lambda r, p: r["therapist_input_subtype"] == "advice"),
    ("therapist_low_quality", "therapist", 20, lambda r, p: r["mi_quality"] == "low"),
    (
        "therapist_after_broken_client",
        "therapist",
        8,
        lambda r, p: (
            p is not None
            and p["interlocutor"] == "client"
            and p["utterance_text"].rstrip().endswith(("-", "—"))
        ),
    ),
    ("client_random", "client", 35, lambda r, p: True),
    ("client_sustain", "client", 15, lambda r, p: r["client_talk_type"] == "sustain"),
]
# A second round, drawn after the first was labelled because the rarer cues had too few
# positives: AnnoMI files most affirmations under "other", permission usually comes just before
# input in high-quality sessions, and pushback follows the therapist's input.
STRATA_ROUND2 = [
    (
        "therapist_other_high_quality",
        "therapist",
        25,
        lambda r, p: r["mi_quality"] == "high" and r["main_therapist_behaviour"] == "other",
    ),
    (
        "therapist_input_high_quality",
        "therapist",
        15,
        lambda r, p: (
            r["mi_quality"] == "high" and r["main_therapist_behaviour"] == "therapist_input"
        ),
    ),
    (
        "client_after_therapist_input",
        "client",
        15,
        lambda r, p: p is not None and p["main_therapist_behaviour"] == "therapist_input",
    ),
]
# A third round, from the held-out transcripts only, because the test part still held one or
# two positives of affirmation, permission and disagreement.
STRATA_ROUND3 = [
    (
        "therapist_other_high_quality",
        "therapist",
        30,
        lambda r, p: r["mi_quality"] == "high" and r["main_therapist_behaviour"] == "other",
    ),
    (
        "therapist_reflection",
        "therapist",
        20,
        lambda r, p: r["main_therapist_behaviour"] == "reflection",
    ),
    (
        "client_after_therapist_input",
        "client",
        20,
        lambda r, p: p is not None and p["main_therapist_behaviour"] == "therapist_input",
    ),
]

# A fourth round, from the held-out transcripts only, labelled after the rules were written (by
# the rules' author, without running the rules on these rows first), to score a later version
# on rows that neither the rules nor their earlier errors had seen.
STRATA_ROUND4 = [
    ("therapist_random", "therapist", 40, lambda r, p: True),
    ("therapist_low_quality", "therapist", 20, lambda r, p: r["mi_quality"] == "low"),
    ("client_random", "client", 20, lambda r, p: True),
    (
        "client_after_therapist_input",
        "client",
        15,
        lambda r, p: p is not None and p["main_therapist_behaviour"] == "therapist_input",
    ),
]


def split_of(transcript_ids: list[str]) -> dict[str, str]:
    """Half the transcripts for developing rules, half held out, by a seeded shuffle."""
    ids = sorted(set(transcript_ids), key=int)
    random.Random(SEED).shuffle(ids)
    half = len(ids) // 2
    return {t: ("dev" if i < half else "test") for i, t in enumerate(ids)}


def main(csv_path: Path) -> None:
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:  # one annotation per utterance: the lowest annotator id
        key = (row["transcript_id"], row["utterance_id"])
        if key not in first or int(row["annotator_id"]) < int(first[key]["annotator_id"]):
            first[key] = row
    ordered = sorted(
        first.values(), key=lambda r: (int(r["transcript_id"]), int(r["utterance_id"]))
    )
    prev: dict[tuple[str, str], dict[str, str] | None] = {}
    for i, row in enumerate(ordered):
        before = (
            ordered[i - 1]
            if i and ordered[i - 1]["transcript_id"] == row["transcript_id"]
            else None
        )
        prev[(row["transcript_id"], row["utterance_id"])] = before
    split = split_of([r["transcript_id"] for r in ordered])
    taken: set[tuple[str, str]] = set()
    rounds = (
        (SEED, STRATA, ("dev", "test")),
        (SEED + 1, STRATA_ROUND2, ("dev", "test")),
        (SEED + 2, STRATA_ROUND3, ("test",)),
        (SEED + 3, STRATA_ROUND4, ("test",)),
    )
    for number, (round_seed, strata, parts) in enumerate(rounds, start=1):
        rng = random.Random(round_seed)
        for part in parts:
            for stratum, role, n, keep in strata:
                pool = [
                    r
                    for r in ordered
                    if split[r["transcript_id"]] == part
                    and r["interlocutor"] == role
                    and (r["transcript_id"], r["utterance_id"]) not in taken
                    and keep(r, prev[(r["transcript_id"], r["utterance_id"])])
                ]
                for r in rng.sample(pool, min(n, len(pool))):
                    key = (r["transcript_id"], r["utterance_id"])
                    taken.add(key)
                    print(
                        json.dumps(
                            {
                                "transcript_id": int(key[0]),
                                "utterance_id": int(key[1]),
                                "split": part,
                                "stratum": stratum,
                                "round": number,
                            }
                        )
                    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
