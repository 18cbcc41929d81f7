"""Case services: the board, the case page, status changes, coordinators, notes, closing,
threats and objections. Every function checks :mod:`casework.permissions`, team scope and the
caller's ``expected_version`` (optimistic locking), records who/when/why and appends to the audit
trail in the same transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from casework import audit
from casework._time import local_date, utcnow
from casework.errors import CaseNotFound, CaseworkError, ConflictError, PermissionDenied
from casework.messages import message
from casework.permissions import TEAM_ROLES, Action, Role, require
from casework.schema import Case, CaseEvent, CasePerson, Note, Objection, Override
from casework.schema import User as UserRow
from casework.states import OUTCOME_STATES, State, allowed_targets, check_transition, label
from casework.states import parse_state as _parse_state
from casework.views import (
    CaseDetail,
    CaseFilter,
    CaseSummary,
    EventView,
    NoteView,
    PersonView,
    User,
    explanation_lines,
)
from signals.i18n import current_language

if TYPE_CHECKING:
    from casework.store import Store

__all__ = [
    "FIX_KINDS",
    "PERSONAL_FIELDS",
    "add_note",
    "assign",
    "close_case",
    "get_case",
    "list_cases",
    "load_case",
    "mark_threatening",
    "minimise_case",
    "record_objection",
    "take",
    "transition",
]

FIX_KINDS = ("individueel", "systeem", "geen")
#: The columns a board row needs (loading whole cases for 5,000 rows is several times slower).
SUMMARY_COLUMNS = (
    Case.id,
    Case.household_id,
    Case.team,
    Case.state,
    Case.coordinator,
    Case.origin,
    Case.first_month,
    Case.latest_month,
    Case.score,
    Case.rank,
    Case.model_version,
    Case.threatening,
    Case.version,
    Case.signal_date,
    Case.threat_date,
    Case.contact_offered_on,
)
#: What a case page shows of a person (recorded with every view).
PERSONAL_FIELDS = ("naam", "adres", "postcode", "woonplaats", "telefoon", "bsn")
MAX_TEXT = 10_000


def _today(today: date | None) -> date:
    return today or local_date(utcnow())


def _clean(text: str | None, *, required: bool = True, key: str = "error.reason_required") -> str:
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


def _check_version(case: Case, expected_version: int) -> None:
    if case.version != expected_version:
        raise ConflictError(
            "error.conflict", case_id=case.id, actueel=case.version, verwacht=expected_version
        )


def _check_changeable(case: Case, actor: User) -> None:
    """Only the coordinator or the team lead changes a case that has a coordinator."""
    if case.state == State.CLOSED:
        raise CaseworkError("error.closed_case", case_id=case.id)
    if (
        actor.role == Role.MAATSCHAPPELIJK_WERKER
        and case.coordinator is not None
        and case.coordinator != actor.username
    ):
        raise PermissionDenied("error.not_coordinator", coordinator=case.coordinator)


def _flush(session: Session, case: Case, expected_version: int) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            "error.conflict", case_id=case.id, actueel="?", verwacht=expected_version
        ) from None


def _event(
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
            "reden_sha256": _fingerprint(reason),
            **(detail or {}),
        },
    )


def _fingerprint(text: str | None) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


# -- reading ---------------------------------------------------------------------------------
def list_cases(
    store: Store,
    actor: User,
    filters: CaseFilter | None = None,
    *,
    with_names: bool = False,
    today: date | None = None,
) -> list[CaseSummary]:
    """The board: the actor's team's cases, best rank first. With ``with_names`` the first
    member's name is included and the look is logged as one audit entry."""
    require(actor.role, Action.LIST_CASES)
    f = filters or CaseFilter()
    query = select(*SUMMARY_COLUMNS)
    team = actor.team if actor.role in TEAM_ROLES else f.team
    if team is not None:
        query = query.where(Case.team == team)
    if f.open_only:
        query = query.where(Case.state != State.CLOSED.value)
    if f.states:
        query = query.where(Case.state.in_([_parse_state(s).value for s in f.states]))
    if f.month is not None:
        query = query.where(Case.latest_month == f.month)
    if f.coordinator is not None:
        query = query.where(Case.coordinator == f.coordinator)
    query = query.order_by(Case.latest_month.desc(), Case.rank.asc().nulls_last(), Case.id)
    if f.limit:
        query = query.limit(f.limit)
    day, lang = _today(today), current_language()  # once, not per row
    if not with_names:
        with store.read() as session:
            return [CaseSummary.from_case(r, today=day, lang=lang) for r in session.execute(query)]
    with store.write() as session:
        rows = session.execute(query).all()
        names: dict[int, str | None] = {}
        ids = select(query.subquery().c.id)
        for case_id, naam in session.execute(
            select(CasePerson.case_id, CasePerson.naam)
            .where(CasePerson.case_id.in_(ids))
            .order_by(CasePerson.id)
        ):
            names.setdefault(case_id, naam)
        out = [
            CaseSummary.from_case(r, today=day, lang=lang, display_name=names.get(r.id))
            for r in rows
        ]
        if out:
            audit.append(
                session,
                actor=actor.username,
                action="view_list",
                detail={"cases": [c.id for c in out], "gegevens": ["naam"]},
            )
        return out


def get_case(store: Store, actor: User, case_id: int, *, today: date | None = None) -> CaseDetail:
    """A case page with the household's names and contact details. The read is logged: who,
    when, which fields, which case and which persons."""
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.VIEW_CASE)
        audit.append(
            session,
            actor=actor.username,
            action="view_case",
            case_id=case.id,
            detail={
                "gegevens": [*PERSONAL_FIELDS, "toelichting", "notities"],
                "personen": [p.pseudonym for p in case.persons],
            },
        )
        return _detail(case, today=_today(today))


def _detail(case: Case, *, today: date) -> CaseDetail:
    state = State(case.state)
    return CaseDetail(
        summary=CaseSummary.from_case(case, today=today),
        persons=tuple(
            PersonView(
                pseudonym=p.pseudonym,
                bsn=p.bsn,
                naam=p.naam,
                adres=p.adres,
                postcode=p.postcode,
                woonplaats=p.woonplaats,
                telefoon=p.telefoon,
            )
            for p in case.persons
        ),
        explanation=explanation_lines(case.explanation),
        notes=tuple(NoteView(id=n.id, at=n.at, author=n.author, text=n.text) for n in case.notes),
        events=tuple(
            EventView(
                at=e.at,
                actor=e.actor,
                kind=e.kind,
                from_state=e.from_state,
                to_state=e.to_state,
                reason=e.reason,
            )
            for e in case.events
        ),
        months=tuple(s.month for s in case.signals),
        outcome=case.outcome,
        fix_kind=case.fix_kind,
        clashing_rules=tuple(json.loads(case.clashing_rules or "[]")),
        closing_reason=case.closing_reason,
        threat_note=case.threat_note,
        objection=case.objection,
        minimised=case.minimised,
        allowed_states=tuple(sorted(allowed_targets(state) - {State.CLOSED})),
    )


# -- changing --------------------------------------------------------------------------------
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
    why = _clean(reason)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.TRANSITION)
        _check_version(case, expected_version)
        _check_changeable(case, actor)
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
        _event(session, case, actor, kind="transition", to_state=target, reason=why)
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


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
        case = load_case(session, actor, case_id, Action.TAKE_CASE)
        _check_version(case, expected_version)
        _check_changeable(case, actor)
        check_transition(case.state, State.ASSIGNED)
        case.coordinator = actor.username
        _event(
            session,
            case,
            actor,
            kind="take",
            to_state=State.ASSIGNED,
            reason=_clean(reason, required=False) or None,
            detail={"coordinator": actor.username},
        )
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


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
        case = load_case(session, actor, case_id, Action.ASSIGN_CASE)
        _check_version(case, expected_version)
        _check_changeable(case, actor)
        member = session.execute(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).scalar_one_or_none()
        if member is None or not member.active:
            raise CaseworkError("error.unknown_user", username=username)
        if member.role not in {r.value for r in TEAM_ROLES} or member.team != case.team:
            raise PermissionDenied("error.wrong_team_member", username=username, team=case.team)
        target = State.ASSIGNED if case.state == State.PROPOSED else None
        case.coordinator = member.username
        _event(
            session,
            case,
            actor,
            kind="assign",
            to_state=target,
            reason=_clean(reason, required=False) or None,
            detail={"coordinator": member.username},
        )
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


def add_note(store: Store, actor: User, case_id: int, text: str) -> int:
    """Add a note (plain text; shown escaped). Returns the note id. Notes need no version: they
    only ever add."""
    body = _clean(text, key="error.note_empty")
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
    why = _clean(reason)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.CLOSE_CASE)
        _check_version(case, expected_version)
        _check_changeable(case, actor)
        if case.state not in OUTCOME_STATES:
            raise CaseworkError(
                "error.close_needs_outcome",
                uitkomsten=", ".join(label(s) for s in sorted(OUTCOME_STATES)),
                van=label(case.state),
            )
        _close(session, case, actor, outcome=case.state, fix_kind=kind, rules=rules, reason=why)
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


def _close(
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
    _event(
        session,
        case,
        actor,
        kind=kind,
        to_state=State.CLOSED,
        reason=reason,
        detail={"uitkomst": outcome, "oplossing": fix_kind, "regels": list(rules)},
    )


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
    why = _clean(reason)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.MARK_THREATENING)
        _check_version(case, expected_version)
        _check_changeable(case, actor)
        case.threatening = True
        case.threat_date = _today(today)
        case.threat_note = why
        _event(session, case, actor, kind="threat", reason=why)
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


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
    why = _clean(reason)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.RECORD_OBJECTION)
        _check_version(case, expected_version)
        if case.state == State.CLOSED:
            raise CaseworkError("error.closed_case", case_id=case.id)
        minimise_case(session, case, objection=True)
        _close(
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
        _flush(session, case, expected_version)
        return CaseSummary.from_case(case, today=_today(today))


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
