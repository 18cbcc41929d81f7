"""Team capacity (k proposals per scoring month, cases per worker) and workload per worker."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from casework import audit
from casework._time import local_date, utcnow
from casework.deadlines import DeadlineStatus
from casework.errors import CaseworkError, PermissionDenied
from casework.permissions import TEAM_ROLES, Action, Role, require
from casework.schema import Case, Team
from casework.schema import User as UserRow
from casework.states import State
from casework.users import DEFAULT_TEAM
from casework.views import TeamCapacity, User, WorkerLoad, case_deadline

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from casework.store import Store

__all__ = ["DEFAULT_CASES_PER_WORKER", "capacity", "set_capacity", "workload"]

DEFAULT_CASES_PER_WORKER = 20


def _team_of(actor: User, team: str | None) -> str:
    if actor.role in TEAM_ROLES:
        if team is not None and team != actor.team:
            raise PermissionDenied("error.other_team")
        return actor.team or DEFAULT_TEAM
    return team or DEFAULT_TEAM


def _team_row(session: Session, team: str) -> Team:
    return session.get(Team, team) or Team(
        name=team, capacity_per_month=None, cases_per_worker=DEFAULT_CASES_PER_WORKER
    )


def workload(store: Store, actor: User, *, team: str | None = None) -> list[WorkerLoad]:
    """Open cases coordinated by each active member of the team (proposals are nobody's yet)."""
    require(actor.role, Action.VIEW_WORKLOAD)
    name = _team_of(actor, team)
    with store.read() as session:
        norm = _team_row(session, name).cases_per_worker
        rows = session.execute(
            select(UserRow)
            .where(UserRow.team == name, UserRow.active.is_(True))
            .order_by(UserRow.username)
        ).scalars()
        members = [m for m in rows if m.role in {r.value for r in TEAM_ROLES}]
        counts = Counter(
            session.execute(
                select(Case.coordinator).where(
                    Case.team == name,
                    Case.state.not_in([State.CLOSED.value, State.PROPOSED.value]),
                    Case.coordinator.is_not(None),
                )
            ).scalars()
        )
    return [
        WorkerLoad(
            username=m.username,
            role=Role(m.role),
            open_cases=counts.get(m.username, 0),
            cases_per_worker=norm,
        )
        for m in members
    ]


def capacity(
    store: Store, actor: User, *, team: str | None = None, today: date | None = None
) -> TeamCapacity:
    """The team's capacity meter and deadline counts as of ``today``."""
    require(actor.role, Action.VIEW_WORKLOAD)
    return _capacity(store, _team_of(actor, team), today or local_date(utcnow()))


def _capacity(store: Store, name: str, day: date) -> TeamCapacity:
    with store.read() as session:
        row = _team_row(session, name)
        workers = sum(
            1
            for m in session.execute(
                select(UserRow.role).where(UserRow.team == name, UserRow.active.is_(True))
            ).scalars()
            if m == Role.MAATSCHAPPELIJK_WERKER.value
        )
        cases = (
            session.execute(select(Case).where(Case.team == name, Case.state != State.CLOSED.value))
            .scalars()
            .all()
        )
        statuses = Counter(case_deadline(c, today=day).status for c in cases)
        return TeamCapacity(
            team=name,
            capacity_per_month=row.capacity_per_month,
            cases_per_worker=row.cases_per_worker,
            workers=workers,
            open_cases=len(cases),
            proposed=sum(1 for c in cases if c.state == State.PROPOSED.value),
            unassigned=sum(1 for c in cases if c.coordinator is None),
            overdue=statuses.get(DeadlineStatus.OVERDUE, 0),
            due_soon=statuses.get(DeadlineStatus.DUE_SOON, 0),
        )


def set_capacity(
    store: Store,
    actor: User,
    team: str,
    *,
    per_month: int | None,
    per_worker: int | None = None,
) -> TeamCapacity:
    """Set k (proposals per scoring month; None: the model's default) and cases per worker."""
    require(actor.role, Action.SET_CAPACITY)
    name = _team_of(actor, team)
    if (per_month is not None and per_month < 0) or (per_worker is not None and per_worker < 1):
        raise CaseworkError("error.bad_capacity")
    with store.write() as session:
        row = session.get(Team, name)
        if row is None:
            row = Team(name=name, cases_per_worker=DEFAULT_CASES_PER_WORKER)
            session.add(row)
        row.capacity_per_month = per_month
        if per_worker is not None:
            row.cases_per_worker = per_worker
        audit.append(
            session,
            actor=actor.username,
            action="set_capacity",
            detail={"team": name, "per_maand": per_month, "per_werker": row.cases_per_worker},
        )
    return _capacity(store, name, local_date(utcnow()))
