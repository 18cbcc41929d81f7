"""Intake: the top-k households of a scoring month become case proposals.

Idempotent: a (household, month) that already led to a case is never taken in twice; a household
with an open case gets that case updated (score, model version, explanation, members) instead of
a second one. Identities are resolved only here, and only for these households. Members on the
objection register are never proposed again. Open cases whose members are all gone from the
population register in the intake month are closed with a transfer note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casework import audit, sources
from casework._time import local_date, utcnow
from casework.errors import CaseworkError
from casework.messages import message
from casework.permissions import Action, require
from casework.records import close_record, record_event
from casework.schema import Case, CasePerson, CaseSignal, IntakeRun, Objection, Team
from casework.states import State
from casework.users import DEFAULT_TEAM
from casework.views import User

if TYPE_CHECKING:
    from casework.store import Store

__all__ = ["IntakeResult", "apply_members", "new_case", "run_intake"]


@dataclass
class IntakeResult:
    month: date
    team: str
    k: int
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped_objection: int = 0
    closed_moved: list[int] = field(default_factory=list)


def _bsn(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip().zfill(9)


def apply_members(case: Case, members: list[dict]) -> bool:
    """Bring the case's persons in line with the identity rows; True when anything changed."""
    changed = False
    by_pseudonym = {p.pseudonym: p for p in case.persons}
    for m in members:
        values = {f: m.get(f) for f in sources.IDENTITY_FIELDS}
        values["bsn"] = _bsn(values["bsn"])
        person = by_pseudonym.get(str(values["pseudonym"]))
        if person is None:
            case.persons.append(CasePerson(**values))
            changed = True
            continue
        for name, value in values.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
                changed = True
    return changed


def new_case(
    *,
    household_id: str,
    team: str,
    month: date,
    origin: str,
    score_row: dict | None,
    explanation: list[dict] | None,
    threat: str | None,
    today: date,
) -> Case:
    now = utcnow()
    return Case(
        household_id=household_id,
        team=team,
        state=State.PROPOSED.value,
        coordinator=None,
        origin=origin,
        first_month=month,
        latest_month=month,
        signal_date=today,
        threatening=threat is not None,
        threat_date=today if threat else None,
        threat_note=threat,
        score=float(score_row["score"]) if score_row else None,
        rank=int(score_row["rank"]) if score_row else None,
        model_version=score_row["model_version"] if score_row else None,
        explanation=json.dumps(explanation, ensure_ascii=False) if explanation else None,
        objection=False,
        minimised=False,
        anonymised=False,
        created_at=now,
        updated_at=now,
    )


def run_intake(
    store: Store,
    *,
    month: date | None = None,
    team: str | None = None,
    k: int | None = None,
    actor: User | None = None,
    today: date | None = None,
) -> IntakeResult:
    """Take in one scoring month (default: the latest in ``serving.duckdb``) for ``team``.

    ``k`` defaults to the team's configured capacity, then to the model's ``selected`` flag.
    """
    actor = actor or User.system("intake")
    require(actor.role, Action.RUN_INTAKE)
    if store.data is None:
        raise CaseworkError("error.no_serving", path="serving.duckdb")
    team = team or DEFAULT_TEAM
    day = today or local_date(utcnow())
    with store.read() as session:
        team_row = session.get(Team, team)
        configured = team_row.capacity_per_month if team_row else None
    k = k if k is not None else configured
    if k is not None and k < 0:
        raise CaseworkError("error.bad_capacity")
    with sources.connect(store.data.serving) as con:
        month = month or sources.latest_score_month(con)
        if month is None:
            raise CaseworkError("error.no_scores", month="-", path=str(store.data.serving))
        top = sources.scores_for(con, month, k=k)
        if not top and k != 0:
            raise CaseworkError(
                "error.no_scores", month=month.strftime("%Y-%m"), path=str(store.data.serving)
            )
        ids = [r["household_id"] for r in top]
        explanations = sources.explanations_for(con, month, ids)
        threats = sources.threats_for(con, month, ids)
    result = IntakeResult(month=month, team=team, k=len(top) if k is None else k)

    with store.write() as session:
        if session.get(Team, team) is None:
            session.add(Team(name=team, capacity_per_month=None, cases_per_worker=20))
        open_cases = {
            c.household_id: c
            for c in session.execute(
                select(Case)
                .where(Case.state != State.CLOSED.value)
                .options(selectinload(Case.persons))
            ).scalars()
        }
        seen = set(
            session.execute(
                select(CaseSignal.household_id).where(
                    CaseSignal.month == month, CaseSignal.household_id.in_(ids)
                )
            ).scalars()
        )
        todo = [r for r in top if r["household_id"] not in seen]
        result.unchanged = len(top) - len(todo)
        with sources.connect(store.data.restricted) as rcon:
            members = sources.identities_for(rcon, month, [r["household_id"] for r in todo])
            _take_in(session, actor, result, todo, members, explanations, threats, open_cases, day)
            present = _present_pseudonyms(rcon, month, open_cases.values())
        if present is not None:
            result.closed_moved = _close_moved_away(session, actor, open_cases, present, month)
        session.add(
            IntakeRun(
                month=month,
                team=team,
                k=result.k,
                created=len(result.created),
                updated=len(result.updated),
                unchanged=result.unchanged,
                skipped_objection=result.skipped_objection,
                closed_moved=len(result.closed_moved),
                at=utcnow(),
            )
        )
    return result


def _take_in(
    session: Session,
    actor: User,
    result: IntakeResult,
    todo: list[dict],
    members: dict[str, list[dict]],
    explanations: dict[tuple[str, str], list[dict]],
    threats: dict[str, str],
    open_cases: dict[str | None, Case],
    day: date,
) -> None:
    month, team = result.month, result.team
    objected = set(session.execute(select(Objection.pseudonym)).scalars())
    taken: list[tuple[dict, Case, str]] = []
    for row in todo:
        hh = row["household_id"]
        people = members.get(hh, [])
        if any(m["pseudonym"] in objected for m in people):
            result.skipped_objection += 1
            continue
        explanation = explanations.get((hh, row["model_version"]))
        case = open_cases.get(hh)
        if case is None:
            case = new_case(
                household_id=hh,
                team=team,
                month=month,
                origin="model",
                score_row=row,
                explanation=explanation,
                threat=threats.get(hh),
                today=day,
            )
            apply_members(case, people)
            session.add(case)
            open_cases[hh] = case
            taken.append((row, case, "intake"))
        else:
            _update(case, row, explanation, threats.get(hh), people, month=month, day=day)
            taken.append((row, case, "intake_update"))
    session.flush()  # one round trip gives every new case its id
    now = utcnow()
    for row, case, kind in taken:
        (result.created if kind == "intake" else result.updated).append(case.id)
        session.add(
            CaseSignal(
                case_id=case.id,
                household_id=row["household_id"],
                month=month,
                score=float(row["score"]),
                rank=int(row["rank"]),
                model_version=row["model_version"],
                created_at=now,
            )
        )
        record_event(
            session,
            case,
            actor,
            kind=kind,
            reason=None,
            touch=kind != "intake",
            detail={
                "maand": month.isoformat(),
                "household_id": row["household_id"],
                "rank": int(row["rank"]),
                "score": float(row["score"]),
                "model_version": row["model_version"],
                "personen": [p.pseudonym for p in case.persons],
            },
        )


def _update(
    case: Case,
    row: dict,
    explanation: list[dict] | None,
    threat: str | None,
    people: list[dict],
    *,
    month: date,
    day: date,
) -> None:
    if month >= case.latest_month:
        case.latest_month = month
        case.score = float(row["score"])
        case.rank = int(row["rank"])
        case.model_version = row["model_version"]
        case.explanation = json.dumps(explanation, ensure_ascii=False) if explanation else None
        apply_members(case, people)
    if threat and not case.threatening:
        case.threatening, case.threat_date, case.threat_note = True, day, threat


def _present_pseudonyms(rcon, month: date, cases) -> set[str] | None:  # type: ignore[no-untyped-def]
    """Pseudonyms of open cases' members still registered in ``month``; None when the register
    has no extract for that month (then nobody is considered moved)."""
    pseudonyms = sorted({p.pseudonym for c in cases for p in c.persons})
    has_month = rcon.execute("SELECT count(*) FROM identity WHERE month = ?", [month]).fetchone()
    if not has_month or not has_month[0]:
        return None
    if not pseudonyms:
        return set()
    found = rcon.execute(
        "SELECT DISTINCT pseudonym FROM identity WHERE month = ? "
        "AND pseudonym IN (SELECT unnest(?))",
        [month, pseudonyms],
    ).fetchall()
    return {r[0] for r in found}


def _close_moved_away(
    session: Session, actor: User, open_cases: dict, present: set[str], month: date
) -> list[int]:
    closed: list[int] = []
    for case in list(open_cases.values()):
        if case.state == State.CLOSED or not case.persons or case.latest_month > month:
            continue
        if any(p.pseudonym in present for p in case.persons):
            continue
        note = message("note.transfer", month=month.strftime("%Y-%m"))
        if case.state != State.MOVED_AWAY:
            record_event(
                session, case, actor, kind="brp_moved", to_state=State.MOVED_AWAY, reason=note
            )
        close_record(
            session,
            case,
            actor,
            outcome=State.MOVED_AWAY.value,
            fix_kind="geen",
            rules=(),
            reason=note,
        )
        from casework.schema import Note

        case.notes.append(Note(at=utcnow(), author=actor.username, text=note))
        closed.append(case.id)
    audit_count = len(closed)
    if audit_count:
        audit.append(
            session,
            actor=actor.username,
            action="brp_check",
            detail={"maand": month.isoformat(), "gesloten": closed},
        )
    return closed
