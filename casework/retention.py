"""Retention: closed cases are anonymised and audit entries deleted after their configured terms.

Audit logs are kept at least 6 months (EU AI Act art. 19/26: automatic logs of a high-risk system);
shorter terms are refused. Purging removes a prefix of the chain and records where the retained
chain starts, as a chained entry and in the head row, so verification still catches any other
removal. The objection register is kept: it is what makes an objection stick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import selectinload

from casework import audit
from casework._time import AMSTERDAM, local_date, utcnow
from casework.errors import CaseworkError
from casework.permissions import Action, require
from casework.schema import AuditEntry, AuditHead, Case, CaseSignal, Override
from casework.states import State
from casework.views import User

if TYPE_CHECKING:
    from casework.store import Store

__all__ = [
    "DEFAULT_CASE_MONTHS",
    "DEFAULT_LOG_MONTHS",
    "MIN_LOG_MONTHS",
    "RetentionResult",
    "retention_log",
    "run_retention",
]

MIN_LOG_MONTHS = 6
DEFAULT_LOG_MONTHS = 12
DEFAULT_CASE_MONTHS = 24


@dataclass(frozen=True)
class RetentionResult:
    log_cutoff: datetime
    case_cutoff: datetime
    cases_anonymised: int
    log_entries_deleted: int


def _cutoff(today: date, months: int) -> datetime:
    start = datetime.combine(today - relativedelta(months=months), time(), tzinfo=AMSTERDAM)
    return start.astimezone(UTC)


def run_retention(
    store: Store,
    actor: User,
    *,
    log_months: int | None = None,
    case_months: int | None = None,
    today: date | None = None,
) -> RetentionResult:
    """Anonymise cases closed before ``today - case_months`` and delete audit entries older than
    ``today - log_months`` (months are calendar months, Europe/Amsterdam)."""
    require(actor.role, Action.RUN_RETENTION)
    log_months = DEFAULT_LOG_MONTHS if log_months is None else log_months
    case_months = DEFAULT_CASE_MONTHS if case_months is None else case_months
    if log_months < MIN_LOG_MONTHS:
        raise CaseworkError("error.retention_minimum", maanden=log_months)
    if case_months < 0:
        raise CaseworkError("error.bad_capacity")
    day = today or local_date(utcnow())
    log_cut, case_cut = _cutoff(day, log_months), _cutoff(day, case_months)
    with store.write() as session:
        cases = (
            session.execute(
                select(Case)
                .where(
                    Case.state == State.CLOSED.value,
                    Case.anonymised.is_(False),
                    Case.closed_at < case_cut,
                )
                .options(selectinload(Case.persons), selectinload(Case.notes))
            )
            .scalars()
            .all()
        )
        for case in cases:
            _anonymise(session, case)
        through = session.execute(
            select(func.max(AuditEntry.seq)).where(AuditEntry.at < log_cut)
        ).scalar_one_or_none()
        deleted = 0
        if through is not None:
            last_hash = session.execute(
                select(AuditEntry.hash).where(AuditEntry.seq == through)
            ).scalar_one()
            purge = cast(
                CursorResult, session.execute(delete(AuditEntry).where(AuditEntry.seq <= through))
            )
            deleted = purge.rowcount
            session.execute(
                update(AuditHead)
                .where(AuditHead.id == 1)
                .values(base_seq=through, base_hash=last_hash)
            )
            session.expire_all()
            audit.append(
                session,
                actor=actor.username,
                action=audit.PURGE_ACTION,
                detail={
                    "purged_through": through,
                    "last_hash": last_hash,
                    "deleted": deleted,
                    "cutoff": log_cut.isoformat(),
                },
            )
        audit.append(
            session,
            actor=actor.username,
            action="retention",
            detail={
                "cases_anonymised": [c.id for c in cases],
                "log_months": log_months,
                "case_months": case_months,
            },
        )
    return RetentionResult(
        log_cutoff=log_cut,
        case_cutoff=case_cut,
        cases_anonymised=len(cases),
        log_entries_deleted=deleted,
    )


def _anonymise(session, case: Case) -> None:  # type: ignore[no-untyped-def]
    """Keep only what reports need (team, months, states, outcome, fix kind, clashing rules)."""
    case.persons.clear()
    case.notes.clear()
    for event in case.events:
        event.reason = None
    session.execute(
        update(CaseSignal).where(CaseSignal.case_id == case.id).values(household_id=None)
    )
    session.execute(
        update(Override)
        .where(Override.case_id == case.id)
        .values(household_id=None, reason_text=None)
    )
    case.household_id = None
    case.explanation = None
    case.threat_note = None
    case.closing_reason = None
    case.minimised = True
    case.anonymised = True
    case.updated_at = utcnow()


def retention_log(store: Store, actor: User, *, limit: int = 100) -> list[dict[str, Any]]:
    """The latest retention runs and purges, newest first (for the steward's view)."""
    require(actor.role, Action.VIEW_RETENTION_LOG)
    with store.read() as session:
        found = session.execute(
            select(AuditEntry)
            .where(AuditEntry.action.in_(["retention", audit.PURGE_ACTION]))
            .order_by(AuditEntry.seq.desc())
            .limit(limit)
        ).scalars()
        return [
            {"at": e.at, "actor": e.actor, "action": e.action, **json.loads(e.detail)}
            for e in found
        ]
