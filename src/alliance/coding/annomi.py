"""The labelled AnnoMI corpus (Wu et al., ICASSP 2022; Future Internet 15(3):110, 2023) as
per-transcript records, for training and evaluating the learned coder.

The CSV has one row per utterance *and annotator*. Seven transcripts were annotated by ten
annotators each: :func:`load_annomi` keeps one annotation per utterance for training (the lowest
annotator id, a fixed rule that does not look at the labels) and keeps every annotator's version
of those transcripts aside for measuring human agreement.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from alliance.errors import InputError
from alliance.io._labels import parse_stamp
from alliance.model import Role, Session, Speaker, Utterance

__all__ = [
    "LABEL_COLUMNS",
    "AnnoMI",
    "AnnotatedTranscript",
    "AnnotatedUtterance",
    "load_annomi",
    "to_session",
]

LABEL_COLUMNS: Mapping[str, str] = {
    "behaviour": "main_therapist_behaviour",
    "question_exists": "question_exists",
    "question": "question_subtype",
    "reflection_exists": "reflection_exists",
    "reflection": "reflection_subtype",
    "input_exists": "therapist_input_exists",
    "input": "therapist_input_subtype",
    "talk_type": "client_talk_type",
}
"""Our label names (the code keys of :class:`~alliance.model.Utterance`) and AnnoMI's columns.
``*_exists`` labels are ``"yes"``/``"no"``; absent labels (AnnoMI's ``n/a``) are left out."""

_REQUIRED = ("transcript_id", "utterance_id", "interlocutor", "utterance_text", "annotator_id")


@dataclass(frozen=True, slots=True)
class AnnotatedUtterance:
    index: int
    role: Role
    text: str
    start: float | None
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnnotatedTranscript:
    id: str
    annotator: int
    utterances: tuple[AnnotatedUtterance, ...]
    mi_quality: str = ""
    topic: str = ""


@dataclass(frozen=True, slots=True)
class AnnoMI:
    """``transcripts``: one annotation per transcript, in transcript-id order. ``repeats``: for
    the multiply-annotated transcripts, every annotator's version (annotator id → transcript)."""

    transcripts: tuple[AnnotatedTranscript, ...]
    repeats: Mapping[str, Mapping[int, AnnotatedTranscript]]
    source: str = ""


def _labels(row: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, column in LABEL_COLUMNS.items():
        value = (row.get(column) or "").strip()
        if value in ("", "n/a"):
            continue
        if key.endswith("_exists"):
            value = "yes" if value.lower() == "true" else "no"
        out[key] = value
    return out


def load_annomi(path: str | Path) -> AnnoMI:
    """Read AnnoMI's CSV (with its label columns) into per-transcript records."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path, hint="give the path to AnnoMI-full-dev.csv")
    rows: dict[tuple[str, int], dict[int, AnnotatedUtterance]] = defaultdict(dict)
    meta: dict[str, tuple[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"not an AnnoMI CSV: missing column(s) {', '.join(missing)}",
                path=path,
                line=1,
                hint="use the AnnoMI-full CSV with its label columns",
            )
        for row in reader:
            line = reader.line_num
            try:
                transcript = str(int(row["transcript_id"]))
                index = int(row["utterance_id"])
                annotator = int(row["annotator_id"])
            except ValueError as exc:
                raise InputError(
                    "a transcript, utterance or annotator id is not a number",
                    path=path,
                    line=line,
                    hint="check the CSV",
                ) from exc
            speaker = row["interlocutor"].strip().lower()
            role = {"therapist": Role.THERAPIST, "client": Role.CLIENT}.get(speaker, Role.OTHER)
            rows[(transcript, annotator)][index] = AnnotatedUtterance(
                index=index,
                role=role,
                text=row["utterance_text"],
                start=parse_stamp(row.get("timestamp")),
                labels=_labels(row),
            )
            meta.setdefault(transcript, (row.get("mi_quality", ""), row.get("topic", "")))
    by_transcript: dict[str, dict[int, AnnotatedTranscript]] = defaultdict(dict)
    for (transcript, annotator), utterances in rows.items():
        quality, topic = meta[transcript]
        by_transcript[transcript][annotator] = AnnotatedTranscript(
            id=transcript,
            annotator=annotator,
            utterances=tuple(utterances[i] for i in sorted(utterances)),
            mi_quality=quality,
            topic=topic,
        )
    if not by_transcript:
        raise InputError("the CSV holds no utterances", path=path)
    ordered = sorted(by_transcript, key=int)
    transcripts = tuple(by_transcript[t][min(by_transcript[t])] for t in ordered)
    repeats = {
        t: dict(sorted(by_transcript[t].items())) for t in ordered if len(by_transcript[t]) > 1
    }
    return AnnoMI(transcripts=transcripts, repeats=repeats, source=str(path))


def to_session(transcript: AnnotatedTranscript, *, source: str | None = None) -> Session:
    """The transcript as a :class:`~alliance.model.Session` without codes (what a reader gives)."""
    speakers = (Speaker("therapist", Role.THERAPIST), Speaker("client", Role.CLIENT))
    utterances = tuple(
        Utterance(
            index=u.index,
            speaker="therapist" if u.role is Role.THERAPIST else "client",
            role=u.role,
            text=u.text,
            start=u.start,
        )
        for u in transcript.utterances
    )
    metadata = {"mi_quality": transcript.mi_quality, "topic": transcript.topic}
    return Session(
        id=f"annomi-{transcript.id}",
        speakers=speakers,
        utterances=utterances,
        source=source,
        metadata={k: v for k, v in metadata.items() if v},
    )
