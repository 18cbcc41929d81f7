"""Inzage (GDPR art. 15): what a resident may ask to see — the data this system holds about them
and who looked at it. Found by BSN in the cases and, for the pseudonymised scores, through the
restricted identity table. The request itself is logged (without the BSN)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework import audit, sources
from casework.errors import CaseworkError
from casework.permissions import Action, require
from casework.schema import AuditEntry, Case, CasePerson
from casework.states import label
from casework.views import User, explanation_lines

if TYPE_CHECKING:
    from casework.store import Store

__all__ = ["VIEW_ACTIONS", "inzage"]

#: Audit actions that are a look at a person's data.
VIEW_ACTIONS = ("view_case", "view_list", "inzage")


def _serving_part(store: Store, bsn: str) -> tuple[set[str], list[dict[str, Any]]]:
    """(pseudonyms, scores with reasons per month) from the restricted and serving stores."""
    if store.data is None or not store.data.restricted.exists():
        return set(), []
    with sources.connect(store.data.restricted) as rcon:
        ident = sources.rows(
            rcon,
            "SELECT DISTINCT pseudonym, household_id, month FROM identity WHERE bsn = ?",
            [bsn],
        )
    pseudonyms = {r["pseudonym"] for r in ident}
    pairs = {(r["household_id"], r["month"]) for r in ident}
    if not pairs or not store.data.serving.exists():
        return pseudonyms, []
    out: list[dict[str, Any]] = []
    with sources.connect(store.data.serving) as con:
        for hh, month in sorted(pairs, key=lambda p: p[1]):
            for s in sources.scores_for(con, month, household_ids=[hh]):
                lines = sources.explanations_for(con, month, [hh]).get((hh, s["model_version"]), [])
                out.append(
                    {
                        "maand": month.isoformat(),
                        "huishouden": hh,
                        "score": float(s["score"]),
                        "rang": int(s["rank"]),
                        "modelversie": s["model_version"],
                        "redenen": [line["sentence_nl"] for line in lines],
                    }
                )
    return pseudonyms, out


def inzage(store: Store, actor: User, bsn: str) -> dict[str, Any]:
    """Everything held about ``bsn``: person records, cases (status history, reasons, notes),
    scores per month, and every logged look at it (who, when, what, which case)."""
    require(actor.role, Action.ANSWER_INZAGE)
    raw = str(bsn).strip()
    bsn = raw.zfill(9)
    if not bsn.isdigit() or len(bsn) != 9:
        raise CaseworkError("error.bad_bsn", waarde=raw)
    pseudonyms, scores = _serving_part(store, bsn)
    with store.write() as session:
        by_bsn = session.execute(select(CasePerson.pseudonym).where(CasePerson.bsn == bsn))
        pseudonyms |= set(by_bsn.scalars())
        persons = session.execute(
            select(CasePerson).where(CasePerson.pseudonym.in_(sorted(pseudonyms)))
        ).scalars()
        case_ids = sorted({p.case_id for p in persons})
        cases = (
            session.execute(
                select(Case)
                .where(Case.id.in_(case_ids))
                .options(selectinload(Case.persons), selectinload(Case.events))
            )
            .scalars()
            .all()
        )
        case_part = [_case_part(c, pseudonyms) for c in cases]
        views = _views(session, set(case_ids), pseudonyms)
        audit.append(
            session,
            actor=actor.username,
            action="inzage",
            detail={"personen": sorted(pseudonyms), "cases": case_ids},
        )
    return {
        "bsn": bsn,
        "pseudoniemen": sorted(pseudonyms),
        "casussen": case_part,
        "scores": scores,
        "inzage_door_anderen": views,
    }


def _case_part(case: Case, pseudonyms: set[str]) -> dict[str, Any]:
    own = [p for p in case.persons if p.pseudonym in pseudonyms]
    return {
        "casus": case.id,
        "team": case.team,
        "status": label(case.state),
        "coordinator": case.coordinator,
        "eerste_maand": case.first_month.isoformat(),
        "laatste_maand": case.latest_month.isoformat(),
        "score": case.score,
        "modelversie": case.model_version,
        "redenen": [line.sentence_nl for line in explanation_lines(case.explanation)],
        "gegevens": [
            {
                "naam": p.naam,
                "adres": p.adres,
                "postcode": p.postcode,
                "woonplaats": p.woonplaats,
                "telefoon": p.telefoon,
            }
            for p in own
        ],
        "notities": [
            {"op": n.at.isoformat(), "door": n.author, "tekst": n.text} for n in case.notes
        ],
        "verloop": [
            {
                "op": e.at.isoformat(),
                "door": e.actor,
                "soort": e.kind,
                "van": e.from_state,
                "naar": e.to_state,
                "reden": e.reason,
            }
            for e in case.events
        ],
        "uitkomst": case.outcome,
        "bezwaar": case.objection,
        "geminimaliseerd": case.minimised,
    }


def _views(session: Any, case_ids: set[int], pseudonyms: set[str]) -> list[dict[str, Any]]:
    found = session.execute(
        select(AuditEntry)
        .where(AuditEntry.action.in_(VIEW_ACTIONS))
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=2000)
    ).scalars()
    out = []
    for entry in found:
        detail = json.loads(entry.detail)
        touched = entry.case_id in case_ids
        touched = touched or bool(case_ids & set(detail.get("cases") or []))
        touched = touched or bool(pseudonyms & set(detail.get("personen") or []))
        if touched:
            out.append(
                {
                    "op": entry.at.isoformat(),
                    "door": entry.actor,
                    "wat": entry.action,
                    "casus": entry.case_id,
                    "gegevens": detail.get("gegevens"),
                }
            )
    return out
