"""The tables of the course store (SQLAlchemy 2 typed declarative models).

What is stored is numbers and pseudonymous codes: a client is a short code chosen by the clinic,
a session holds the scores analysis gave it (never the transcript's text; at most the file's
sha256), a check-in holds the answers. Item text is stored only inside the instrument's own
Questionnaire resource, and only when the file gave it. The schema is created and changed by the
Alembic migrations in ``alliance/course/migrations``; these models must match them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AnswerRow",
    "Base",
    "CheckInRow",
    "ClientRow",
    "GoalProgressRow",
    "GoalRow",
    "InstrumentRow",
    "SessionRow",
    "SessionScoreRow",
]


class Base(DeclarativeBase):
    pass


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    sessions: Mapped[list[SessionRow]] = relationship(
        back_populates="client", order_by="SessionRow.number"
    )


class InstrumentRow(Base):
    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(255))
    version: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(Text)
    """The Questionnaire as JSON, with any scoring given on ``instrument add`` folded in."""
    added_at: Mapped[datetime] = mapped_column(DateTime)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("client_id", "number", name="uq_sessions_client_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date | None] = mapped_column(Date)
    analysed: Mapped[bool] = mapped_column(Boolean, default=False)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    framework: Mapped[str | None] = mapped_column(String(128))
    ruptures: Mapped[int | None] = mapped_column(Integer)
    ruptures_repaired: Mapped[int | None] = mapped_column(Integer)
    stages: Mapped[str | None] = mapped_column(Text)
    """JSON list of ``[stage, utterance count]`` in the order the stages first appear."""

    client: Mapped[ClientRow] = relationship(back_populates="sessions")
    scores: Mapped[list[SessionScoreRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionScoreRow(Base):
    __tablename__ = "session_scores"
    __table_args__ = (UniqueConstraint("session_id", "kind", "name", name="uq_session_scores"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    """``overall``, ``component``, ``element`` or ``index``."""
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(32))

    session: Mapped[SessionRow] = relationship(back_populates="scores")


class CheckInRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("session_id", "instrument_id", name="uq_checkins_session_instrument"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(128))
    score: Mapped[float] = mapped_column(Float)

    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="checkin", cascade="all, delete-orphan", order_by="AnswerRow.position"
    )


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("checkin_id", "link_id", name="uq_answers_checkin_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)

    checkin: Mapped[CheckInRow] = relationship(back_populates="answers")


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    set_in_session: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    """``active``, ``achieved`` or ``dropped``."""
    created_at: Mapped[datetime] = mapped_column(DateTime)

    progress: Mapped[list[GoalProgressRow]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalProgressRow.id"
    )


class GoalProgressRow(Base):
    __tablename__ = "goal_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    session_number: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[float] = mapped_column(Float)
    """0 (no progress) to 10 (goal reached), as rated by client and therapist together."""
    recorded_at: Mapped[datetime] = mapped_column(DateTime)

    goal: Mapped[GoalRow] = relationship(back_populates="progress")
