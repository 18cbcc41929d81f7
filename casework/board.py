"""Reading cases: the board (no contact details unless asked for, and then logged) and the case
page (always logged: who, when, which fields, which case, which persons)."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from casework import audit
from casework.permissions import TEAM_ROLES, Action, require
from casework.records import load_case, today_or
from casework.schema import Case, CasePerson
from casework.states import State, allowed_targets
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

__all__ = ["PERSONAL_FIELDS", "SUMMARY_COLUMNS", "get_case", "list_cases"]

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
    day, lang = today_or(today), current_language()  # once, not per row
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
        return _detail(case, today=today_or(today))


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
