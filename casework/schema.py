"""The casework tables (SQLAlchemy 2 declarative models).

The schema itself is created and changed only by the Alembic migrations in
``casework/migrations``; these classes must stay in step with them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

__all__ = [
    "AuditEntry",
    "AuditHead",
    "Base",
    "Case",
    "CaseEvent",
    "CasePerson",
    "CaseSignal",
    "IntakeRun",
    "Note",
    "Objection",
    "Override",
    "Team",
    "User",
    "UtcDateTime",
]


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: casework stores UTC-aware timestamps only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Team(Base):
    __tablename__ = "teams"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: k: proposals per scoring month (None: the model's own ``selected`` flag decides).
    capacity_per_month: Mapped[int | None] = mapped_column(Integer)
    #: open cases one worker can carry.
    cases_per_worker: Mapped[int] = mapped_column(Integer, default=20)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        # One open case, hence one coordinator, per household.
        Index(
            "uq_cases_open_household",
            "household_id",
            unique=True,
            sqlite_where=text("state <> 'closed'"),
            postgresql_where=text("state <> 'closed'"),
        ),
        Index("ix_cases_team_state", "team", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    coordinator: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(16))  # "model" or "override"
    first_month: Mapped[date] = mapped_column(Date)
    latest_month: Mapped[date] = mapped_column(Date)
    signal_date: Mapped[date] = mapped_column(Date)  # start of the 4-week term
    threatening: Mapped[bool] = mapped_column(Boolean, default=False)
    threat_date: Mapped[date | None] = mapped_column(Date)  # start of the 3-working-day term
    threat_note: Mapped[str | None] = mapped_column(Text)
    contact_offered_on: Mapped[date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str | None] = mapped_column(String(128))
    explanation: Mapped[str | None] = mapped_column(Text)  # JSON list, see casework.views
    outcome: Mapped[str | None] = mapped_column(String(32))
    fix_kind: Mapped[str | None] = mapped_column(String(16))
    clashing_rules: Mapped[str | None] = mapped_column(Text)  # JSON list of strings
    closing_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    objection: Mapped[bool] = mapped_column(Boolean, default=False)
    minimised: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    persons: Mapped[list[CasePerson]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CasePerson.id"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Note.id"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )
    signals: Mapped[list[CaseSignal]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseSignal.month"
    )


class CaseSignal(Base):
    """One scoring month that put (or kept) a household on the list; makes intake idempotent."""

    __tablename__ = "case_signals"
    __table_args__ = (UniqueConstraint("household_id", "month", name="uq_case_signals_hh_month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[str | None] = mapped_column(String(64))
    month: Mapped[date] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship(back_populates="signals")


class CasePerson(Base):
    """A household member, resolved from the restricted identity table at intake."""

    __tablename__ = "case_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(64), index=True)
    bsn: Mapped[str | None] = mapped_column(String(9), index=True)
    naam: Mapped[str | None] = mapped_column(Text)
    adres: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(16))
    woonplaats: Mapped[str | None] = mapped_column(Text)
    telefoon: Mapped[str | None] = mapped_column(String(32))

    case: Mapped[Case] = relationship(back_populates="persons")


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="notes")


class CaseEvent(Base):
    """A change of status or coordinator: who, when, why."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # transition, assign, intake, ...
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")


class Override(Base):
    """A worker disagreed with the ranking: skipped a proposal or added a household."""

    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    household_id: Mapped[str | None] = mapped_column(String(64))
    month: Mapped[date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # "skip" or "add"
    reason_code: Mapped[str] = mapped_column(String(32))
    reason_text: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class Objection(Base):
    """The objection register: pseudonyms whose data may no longer be processed."""

    __tablename__ = "objections"

    pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IntakeRun(Base):
    __tablename__ = "intake_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(64))
    k: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    skipped_objection: Mapped[int] = mapped_column(Integer)
    closed_moved: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """One entry of the append-only, hash-chained audit trail (transitions and views)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row holding the chain's last entry and its retained start (after purges)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    base_seq: Mapped[int] = mapped_column(Integer)
    base_hash: Mapped[str] = mapped_column(String(64))
