"""What every change to a case shares: loading it within the actor's rights, the version check
(optimistic locking), the event record with its audit entry, closing, and minimising."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from casework import audit
from casework._time import local_date, utcnow
from casework.errors import CaseNotFound, CaseworkError, ConflictError, PermissionDenied
from casework.permissions import TEAM_ROLES, Action, Role, require
from casework.schema import Case, CaseEvent, Objection, Override
from casework.states import State
from casework.views import User

__all__ = [
    "MAX_TEXT",
    "check_changeable",
    "check_version",
    "clean_text",
    "close_record",
    "fingerprint",
    "flush_case",
    "load_case",
    "minimise_case",
    "record_event",
    "today_or",
]

MAX_TEXT = 10_000


def today_or(today: date | None) -> date:
    """``today`` or the current Europe/Amsterdam date."""
    return today or local_date(utcnow())


def clean_text(
    text: str | None, *, required: bool = True, key: str = "error.reason_required"
) -> str:
    value = (text or "").strip()
    if required and not value:
        raise CaseworkError(key)
    return value[:MAX_TEXT]


def load_case(
    session: Session, actor: User, case_id: int, action: Action, *, lock: bool = False
) -> Case:
    """The case, after checking the role may do ``action`` and the case is in the actor's team."""
    require(actor.role, action)
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise CaseNotFound("error.not_found", case_id=case_id)
    if actor.role in TEAM_ROLES and case.team != actor.team:
        raise PermissionDenied("error.other_team")
    return case


def check_version(case: Case, expected_version: int) -> None:
    if case.version != expected_version:
        raise ConflictError(
            "error.conflict", case_id=case.id, actueel=case.version, verwacht=expected_version
        )


def check_changeable(case: Case, actor: User) -> None:
    """Only the coordinator or the team lead changes a case that has a coordinator."""
    if case.state == State.CLOSED:
        raise CaseworkError("error.closed_case", case_id=case.id)
    if (
        actor.role == Role.MAATSCHAPPELIJK_WERKER
        and case.coordinator is not None
        and case.coordinator != actor.username
    ):
        raise PermissionDenied("error.not_coordinator", coordinator=case.coordinator)


def flush_case(session: Session, case: Case, expected_version: int) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            "error.conflict", case_id=case.id, actueel="?", verwacht=expected_version
        ) from None


def record_event(
    session: Session,
    case: Case,
    actor: User,
    *,
    kind: str,
    to_state: State | None = None,
    reason: str | None = None,
    detail: dict | None = None,
    touch: bool = True,
) -> None:
    """Record a change on the case and in the audit trail. ``touch=False`` leaves the case row
    itself alone (its creation in this transaction is the change)."""
    now = utcnow()
    from_state = case.state
    if to_state is not None:
        case.state = to_state.value
    if touch:
        case.updated_at = now
    if case.id is None:
        session.flush()  # a new case needs its id for the records below
    # set from the event's side: an unloaded case.events collection is not loaded for it
    session.add(
        CaseEvent(
            case=case,
            at=now,
            actor=actor.username,
            kind=kind,
            from_state=from_state,
            to_state=to_state.value if to_state is not None else None,
            reason=reason,
        )
    )
    audit.append(
        session,
        actor=actor.username,
        action=kind,
        case_id=case.id,
        at=now,
        detail={
            "van": from_state,
            "naar": to_state.value if to_state is not None else None,
            # the reason itself lives with the case (it can be minimised there); the chain
            # keeps its fingerprint, so a changed reason is still detectable
            "reden_sha256": fingerprint(reason),
            **(detail or {}),
        },
    )


def fingerprint(text: str | None) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def close_record(
    session: Session,
    case: Case,
    actor: User,
    *,
    outcome: str,
    fix_kind: str,
    rules: Sequence[str],
    reason: str,
    kind: str = "close",
) -> None:
    case.outcome = outcome
    case.fix_kind = fix_kind
    case.clashing_rules = json.dumps(list(rules), ensure_ascii=False)
    case.closing_reason = reason
    case.closed_at = utcnow()
    record_event(
        session,
        case,
        actor,
        kind=kind,
        to_state=State.CLOSED,
        reason=reason,
        detail={"uitkomst": outcome, "oplossing": fix_kind, "regels": list(rules)},
    )


def minimise_case(session: Session, case: Case, *, objection: bool) -> None:
    """Erase what identifies people beyond the pseudonyms (kept for the objection register)."""
    now = utcnow()
    for person in case.persons:
        if objection and session.get(Objection, person.pseudonym) is None:
            session.add(Objection(pseudonym=person.pseudonym, recorded_at=now))
        person.bsn = person.naam = person.adres = None
        person.postcode = person.woonplaats = person.telefoon = None
    case.notes.clear()
    case.explanation = None
    case.threat_note = None
    for event in case.events:
        event.reason = None
    session.execute(update(Override).where(Override.case_id == case.id).values(reason_text=None))
    case.objection = case.objection or objection
    case.minimised = True
