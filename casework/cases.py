"""Changing cases: status changes, coordinators, notes, closing, threats and objections. Every
function checks :mod:`casework.permissions`, team scope and the caller's ``expected_version``
(optimistic locking), records who/when/why and appends to the audit trail in the same
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import audit
from casework._time import local_date, utcnow
from casework.errors import CaseworkError, PermissionDenied
from casework.messages import message
from casework.permissions import TEAM_ROLES, Action
from casework.records import (
    check_changeable,
    check_version,
    clean_text,
    close_record,
    flush_case,
    load_case,
    minimise_case,
    record_event,
    today_or,
)
from casework.schema import Case, Note
from casework.schema import User as UserRow
from casework.states import OUTCOME_STATES, State, check_transition, label
from casework.states import parse_state as _parse_state
from casework.views import CaseSummary, User

if TYPE_CHECKING:
    from casework.store import Store

__all__ = [
    "FIX_KINDS",
    "add_note",
    "assign",
    "close_case",
    "mark_threatening",
    "record_objection",
    "take",
    "transition",
]

FIX_KINDS = ("individueel", "systeem", "geen")


def _changeable_case(
    session: Session, actor: User, case_id: int, action: Action, expected_version: int
) -> Case:
    """The case ``actor`` may change with ``action``: role, team, version (optimistic lock),
    not closed, and only by its coordinator or the team lead."""
    case = load_case(session, actor, case_id, action)
    check_version(case, expected_version)
    check_changeable(case, actor)
    return case


def _saved(session: Session, case: Case, expected_version: int, today: date | None) -> CaseSummary:
    """Flush the change (a concurrent change raises a conflict) and summarise the case."""
    flush_case(session, case, expected_version)
    return CaseSummary.from_case(case, today=today_or(today))


def transition(
    store: Store,
    actor: User,
    case_id: int,
    to_state: str | State,
    *,
    reason: str,
    expected_version: int,
    today: date | None = None,
) -> CaseSummary:
    """Move a case along the workflow with a reason. Closing needs :func:`close_case`; becoming
    coordinator needs :func:`take` or :func:`assign`."""
    target = _parse_state(to_state)
    why = clean_text(reason)
    with store.write() as session:
        case = _changeable_case(session, actor, case_id, Action.TRANSITION, expected_version)
        check_transition(case.state, target)
        if target == State.CLOSED:
            raise CaseworkError(
                "error.close_needs_outcome",
                uitkomsten=", ".join(label(s) for s in sorted(OUTCOME_STATES)),
                van=label(case.state),
            )
        if target == State.ASSIGNED and case.coordinator is None:
            case.coordinator = actor.username
        if target == State.PROPOSED:
            case.coordinator = None  # handed back to the team's pool
        if target == State.CONTACT_SOUGHT and case.contact_offered_on is None:
            case.contact_offered_on = local_date(utcnow())
        record_event(session, case, actor, kind="transition", to_state=target, reason=why)
        return _saved(session, case, expected_version, today)


def take(
    store: Store,
    actor: User,
    case_id: int,
    *,
    expected_version: int,
    reason: str | None = None,
    today: date | None = None,
) -> CaseSummary:
    """The actor becomes the coordinator of a proposal (proposed -> assigned)."""
    with store.write() as session:
        case = _changeable_case(session, actor, case_id, Action.TAKE_CASE, expected_version)
        check_transition(case.state, State.ASSIGNED)
        case.coordinator = actor.username
        record_event(
            session,
            case,
            actor,
            kind="take",
            to_state=State.ASSIGNED,
            reason=clean_text(reason, required=False) or None,
            detail={"coordinator": actor.username},
        )
        return _saved(session, case, expected_version, today)


def assign(
    store: Store,
    actor: User,
    case_id: int,
    username: str,
    *,
    expected_version: int,
    reason: str | None = None,
    today: date | None = None,
) -> CaseSummary:
    """A team lead makes a worker of the team the coordinator. A proposal becomes assigned; an
    open case keeps its status and changes hands."""
    with store.write() as session:
        case = _changeable_case(session, actor, case_id, Action.ASSIGN_CASE, expected_version)
        member = session.execute(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).scalar_one_or_none()
        if member is None or not member.active:
            raise CaseworkError("error.unknown_user", username=username)
        if member.role not in {r.value for r in TEAM_ROLES} or member.team != case.team:
            raise PermissionDenied("error.wrong_team_member", username=username, team=case.team)
        target = State.ASSIGNED if case.state == State.PROPOSED else None
        case.coordinator = member.username
        record_event(
            session,
            case,
            actor,
            kind="assign",
            to_state=target,
            reason=clean_text(reason, required=False) or None,
            detail={"coordinator": member.username},
        )
        return _saved(session, case, expected_version, today)


def add_note(store: Store, actor: User, case_id: int, text: str) -> int:
    """Add a note (plain text; shown escaped). Returns the note id. Notes need no version: they
    only ever add."""
    body = clean_text(text, key="error.note_empty")
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.ADD_NOTE)
        if case.state == State.CLOSED:
            raise CaseworkError("error.closed_case", case_id=case.id)
        note = Note(at=utcnow(), author=actor.username, text=body)
        case.notes.append(note)
        session.flush()
        audit.append(
            session,
            actor=actor.username,
            action="note",
            case_id=case.id,
            at=note.at,
            detail={"note_id": note.id, "lengte": len(body)},
        )
        return note.id


def close_case(
    store: Store,
    actor: User,
    case_id: int,
    *,
    fix_kind: str,
    reason: str,
    expected_version: int,
    clashing_rules: Sequence[str] = (),
    today: date | None = None,
) -> CaseSummary:
    """Close a case from an outcome state with the outcome form: whether it needed an individual
    fix, revealed a system problem (then name the rules that clash) or neither."""
    kind = fix_kind.strip().lower()
    if kind not in FIX_KINDS:
        raise CaseworkError("error.unknown_fix", fix=fix_kind, keuzes=", ".join(FIX_KINDS))
    rules = [r.strip() for r in clashing_rules if r and r.strip()]
    if kind == "systeem" and not rules:
        raise CaseworkError("error.rules_required")
    why = clean_text(reason)
    with store.write() as session:
        case = _changeable_case(session, actor, case_id, Action.CLOSE_CASE, expected_version)
        if case.state not in OUTCOME_STATES:
            raise CaseworkError(
                "error.close_needs_outcome",
                uitkomsten=", ".join(label(s) for s in sorted(OUTCOME_STATES)),
                van=label(case.state),
            )
        close_record(
            session, case, actor, outcome=case.state, fix_kind=kind, rules=rules, reason=why
        )
        return _saved(session, case, expected_version, today)


def mark_threatening(
    store: Store,
    actor: User,
    case_id: int,
    *,
    reason: str,
    expected_version: int,
    today: date | None = None,
) -> CaseSummary:
    """An eviction or disconnection is pending: the first conversation is due within 3 working
    days from today."""
    why = clean_text(reason)
    with store.write() as session:
        case = _changeable_case(session, actor, case_id, Action.MARK_THREATENING, expected_version)
        case.threatening = True
        case.threat_date = today_or(today)
        case.threat_note = why
        record_event(session, case, actor, kind="threat", reason=why)
        return _saved(session, case, expected_version, today)


def record_objection(
    store: Store,
    actor: User,
    case_id: int,
    *,
    reason: str,
    expected_version: int,
    today: date | None = None,
) -> CaseSummary:
    """A resident objects: processing stops and the data are minimised. The case closes, names,
    contact details, explanation and notes are erased, and the members' pseudonyms go on the
    objection register so intake never proposes them again."""
    why = clean_text(reason)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.RECORD_OBJECTION)
        check_version(case, expected_version)
        if case.state == State.CLOSED:
            raise CaseworkError("error.closed_case", case_id=case.id)
        minimise_case(session, case, objection=True)
        close_record(
            session,
            case,
            actor,
            outcome="bezwaar",
            fix_kind="geen",
            rules=(),
            reason=why,
            kind="objection",
        )
        case.notes.append(Note(at=utcnow(), author=actor.username, text=message("note.objection")))
        return _saved(session, case, expected_version, today)
