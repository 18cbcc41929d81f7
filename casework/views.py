"""What the service layer hands out: plain frozen dataclasses, never live ORM objects.

Amounts are euro cents, scores calibrated probabilities (0..1), months ``date`` values holding the
first day of the month, timestamps timezone-aware UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from casework.deadlines import Deadline, deadline_for
from casework.permissions import Role, parse_role
from casework.states import State, label
from signals.i18n import current_language

__all__ = [
    "CaseDetail",
    "CaseFilter",
    "CaseSummary",
    "EventView",
    "ExplanationLine",
    "NoteView",
    "PersonView",
    "TeamCapacity",
    "User",
    "WorkerLoad",
]


@dataclass(frozen=True)
class User:
    """An authenticated actor. Services take it as their first argument."""

    username: str
    role: Role
    team: str | None = None

    @classmethod
    def system(cls, task: str) -> User:
        """The actor for a command run by an operator (intake, inzage, retention)."""
        return cls(username=f"systeem:{task}", role=Role.BEHEERDER, team=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", parse_role(self.role))


@dataclass(frozen=True)
class CaseFilter:
    """Filters for :func:`casework.cases.list_cases` (all optional; ``None`` means any)."""

    states: tuple[str, ...] | None = None
    open_only: bool = True
    month: date | None = None  # latest scoring month
    coordinator: str | None = None
    team: str | None = None  # only for roles without a team (none may list cases today)
    limit: int | None = None


@dataclass(frozen=True)
class ExplanationLine:
    feature: str
    value: float | None
    contribution: float  # SHAP, log-odds
    sentence_nl: str
    sentence_en: str
    position: int

    def sentence(self, lang: str | None = None) -> str:
        from signals.i18n import current_language

        return self.sentence_en if (lang or current_language()) == "en" else self.sentence_nl


@dataclass(frozen=True)
class CaseSummary:
    """One row of the board. No names or contact details unless ``display_name`` was asked for."""

    id: int
    household_id: str | None
    team: str
    state: State
    state_label: str
    coordinator: str | None
    origin: str  # "model" or "override"
    first_month: date
    latest_month: date
    score: float | None
    rank: int | None
    model_version: str | None
    deadline: Deadline
    threatening: bool
    version: int
    display_name: str | None = None

    @classmethod
    def from_case(
        cls, case: Any, *, today: date, lang: str | None = None, display_name: str | None = None
    ) -> CaseSummary:
        """From a :class:`Case` or a row with the same attribute names."""
        return cls(
            id=case.id,
            household_id=case.household_id,
            team=case.team,
            state=State(case.state),
            state_label=_label(case.state, lang or current_language()),
            coordinator=case.coordinator,
            origin=case.origin,
            first_month=case.first_month,
            latest_month=case.latest_month,
            score=case.score,
            rank=case.rank,
            model_version=case.model_version,
            deadline=case_deadline(case, today=today),
            threatening=case.threatening,
            version=case.version,
            display_name=display_name,
        )


@lru_cache(maxsize=64)
def _label(state: str, lang: str) -> str:
    return label(state, lang)


def case_deadline(case: Any, *, today: date) -> Deadline:
    return deadline_for(
        signal_date=case.signal_date,
        threatening=case.threatening,
        threat_date=case.threat_date,
        contact_offered_on=case.contact_offered_on,
        is_open=case.state != State.CLOSED,
        today=today,
    )


def explanation_lines(raw: str | None) -> tuple[ExplanationLine, ...]:
    if not raw:
        return ()
    return tuple(ExplanationLine(**item) for item in json.loads(raw))


@dataclass(frozen=True)
class PersonView:
    pseudonym: str
    bsn: str | None
    naam: str | None
    adres: str | None
    postcode: str | None
    woonplaats: str | None
    telefoon: str | None


@dataclass(frozen=True)
class NoteView:
    id: int
    at: datetime
    author: str
    text: str  # plain text as typed: escape before showing it as HTML


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    reason: str | None


@dataclass(frozen=True)
class CaseDetail:
    """A case page. Reading it is logged in the audit trail."""

    summary: CaseSummary
    persons: tuple[PersonView, ...]
    explanation: tuple[ExplanationLine, ...]
    notes: tuple[NoteView, ...]
    events: tuple[EventView, ...]
    months: tuple[date, ...]  # scoring months that signalled this household
    outcome: str | None
    fix_kind: str | None
    clashing_rules: tuple[str, ...]
    closing_reason: str | None
    threat_note: str | None
    objection: bool
    minimised: bool
    allowed_states: tuple[State, ...] = field(default=())


@dataclass(frozen=True)
class WorkerLoad:
    username: str
    role: Role
    open_cases: int
    cases_per_worker: int  # the team's norm

    @property
    def over_capacity(self) -> bool:
        return self.open_cases > self.cases_per_worker


@dataclass(frozen=True)
class TeamCapacity:
    """A team's capacity (k proposals per scoring month) against what it carries now."""

    team: str
    capacity_per_month: int | None  # None: the model's default k (``scores.selected``)
    cases_per_worker: int
    workers: int
    open_cases: int
    proposed: int
    unassigned: int
    overdue: int
    due_soon: int

    @property
    def worker_capacity(self) -> int:
        return self.workers * self.cases_per_worker


def as_dict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(obj)
