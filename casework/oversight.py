"""Human oversight: a worker disagrees with the ranking (skips a proposal or adds a household the
model did not rank) with a reason from a short list plus free text. Reports for ethics reviewers
are aggregates by audit group (from the restricted ``household_protected`` table) and
pseudonymised explanations, never names."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from casework import audit, sources
from casework._time import local_date, utcnow
from casework.deadlines import deadline_for
from casework.errors import CaseworkError, PermissionDenied
from casework.messages import message
from casework.permissions import TEAM_ROLES, Action, require
from casework.records import (
    check_version,
    clean_text,
    close_record,
    flush_case,
    load_case,
    record_event,
)
from casework.schema import AuditEntry, Case, CaseSignal, Objection, Override
from casework.states import State
from casework.views import CaseSummary, User, explanation_lines

if TYPE_CHECKING:
    from casework.store import Store

__all__ = [
    "AUDIT_GROUPS",
    "OVERRIDE_REASONS",
    "OverrideReportRow",
    "access_log_summary",
    "add_household",
    "outcome_report",
    "override_report",
    "pseudonymised_explanations",
    "reason_label",
    "skip",
]

#: The short list of reasons to depart from the ranking (labels in casework.messages).
OVERRIDE_REASONS = (
    "al_in_beeld",
    "situatie_opgelost",
    "gegevens_onjuist",
    "signaal_van_elders",
    "professionele_inschatting",
    "anders",
)
#: Household-level audit groups of ``restricted.household_protected``.
AUDIT_GROUPS = ("geslacht", "leeftijdsgroep", "migratieachtergrond", "wijk", "huishoudtype")


def reason_label(code: str, lang: str | None = None) -> str:
    return message(f"override.{code}", lang)


def _check_reason(code: str, text: str) -> tuple[str, str]:
    code = code.strip().lower()
    if code not in OVERRIDE_REASONS:
        raise CaseworkError(
            "error.unknown_override_reason", reason=code, keuzes=", ".join(OVERRIDE_REASONS)
        )
    return code, clean_text(text, key="error.override_text_required")


def skip(
    store: Store,
    actor: User,
    case_id: int,
    *,
    reason_code: str,
    reason_text: str,
    expected_version: int,
) -> CaseSummary:
    """Skip a proposal: it closes as ``overgeslagen`` and the override is recorded."""
    code, text = _check_reason(reason_code, reason_text)
    with store.write() as session:
        case = load_case(session, actor, case_id, Action.OVERRIDE)
        check_version(case, expected_version)
        if case.state != State.PROPOSED:
            raise CaseworkError("error.skip_not_proposed")
        now = utcnow()
        session.add(
            Override(
                case_id=case.id,
                household_id=case.household_id,
                month=case.latest_month,
                team=case.team,
                kind="skip",
                reason_code=code,
                reason_text=text,
                actor=actor.username,
                at=now,
            )
        )
        close_record(
            session,
            case,
            actor,
            outcome="overgeslagen",
            fix_kind="geen",
            rules=(),
            reason=f"{reason_label(code)}: {text}",
            kind="override_skip",
        )
        flush_case(session, case, expected_version)
        return CaseSummary.from_case(case, today=local_date(now))


def add_household(
    store: Store,
    actor: User,
    *,
    month: date,
    reason_code: str,
    reason_text: str,
    household_id: str | None = None,
    bsn: str | None = None,
) -> CaseSummary:
    """Add a household the model did not put in the top k (by ``household_id`` or a member's
    ``bsn``) as a proposal of the actor's team, with its score and explanation if it has one."""
    from casework.intake import apply_members, new_case

    require(actor.role, Action.OVERRIDE)
    if actor.role not in TEAM_ROLES or actor.team is None:
        raise PermissionDenied("error.forbidden", action=Action.OVERRIDE.value, role=actor.role)
    code, text = _check_reason(reason_code, reason_text)
    if store.data is None:
        raise CaseworkError("error.no_serving", path="restricted.duckdb")
    with sources.connect(store.data.restricted) as rcon:
        if household_id is None and bsn is not None:
            found = rcon.execute(
                "SELECT household_id FROM identity WHERE month = ? AND bsn = ? LIMIT 1",
                [month, str(bsn).strip().zfill(9)],
            ).fetchone()
            household_id = found[0] if found else None
        shown = household_id or "?"
        if household_id is None:
            raise CaseworkError(
                "error.unknown_household", household=shown, month=month.strftime("%Y-%m")
            )
        members = sources.identities_for(rcon, month, [household_id]).get(household_id, [])
    if not members:
        raise CaseworkError(
            "error.unknown_household", household=household_id, month=month.strftime("%Y-%m")
        )
    score_row, explanation = None, None
    if store.data.serving.exists():
        with sources.connect(store.data.serving) as con:
            found_scores = sources.scores_for(con, month, household_ids=[household_id])
            score_row = found_scores[0] if found_scores else None
            if score_row:
                explanation = sources.explanations_for(con, month, [household_id]).get(
                    (household_id, score_row["model_version"])
                )
    with store.write() as session:
        existing = session.execute(
            select(Case.id).where(
                Case.household_id == household_id, Case.state != State.CLOSED.value
            )
        ).scalar_one_or_none()
        if existing is not None:
            raise CaseworkError("error.open_case_exists", case_id=existing)
        objected = set(session.execute(select(Objection.pseudonym)).scalars())
        if any(m["pseudonym"] in objected for m in members):
            raise CaseworkError("error.objection")
        now = utcnow()
        case = new_case(
            household_id=household_id,
            team=actor.team,
            month=month,
            origin="override",
            score_row=score_row,
            explanation=explanation,
            threat=None,
            today=local_date(now),
        )
        apply_members(case, members)
        session.add(case)
        session.flush()
        if not session.execute(
            select(CaseSignal.id).where(
                CaseSignal.household_id == household_id, CaseSignal.month == month
            )
        ).first():
            session.add(
                CaseSignal(
                    case_id=case.id,
                    household_id=household_id,
                    month=month,
                    score=score_row["score"] if score_row else None,
                    rank=score_row["rank"] if score_row else None,
                    model_version=score_row["model_version"] if score_row else None,
                    created_at=now,
                )
            )
        session.add(
            Override(
                case_id=case.id,
                household_id=household_id,
                month=month,
                team=actor.team,
                kind="add",
                reason_code=code,
                reason_text=text,
                actor=actor.username,
                at=now,
            )
        )
        record_event(
            session,
            case,
            actor,
            kind="override_add",
            reason=f"{reason_label(code)}: {text}",
            detail={
                "household_id": household_id,
                "maand": month.isoformat(),
                "personen": [p.pseudonym for p in case.persons],
            },
        )
        session.flush()
        return CaseSummary.from_case(case, today=local_date(now))


@dataclass(frozen=True)
class OverrideReportRow:
    """Overrides of one kind and reason in one audit group. ``count`` is None when suppressed
    (fewer than ``min_cell``), so that no household can be singled out."""

    group_by: str
    group: str
    kind: str  # "skip" or "add"
    reason_code: str
    reason_label: str
    count: int | None
    proposals_in_group: int | None  # cases proposed in the same group (the denominator)


def _groups(store: Store, by: str, keys: set[tuple[str, date]]) -> dict[tuple[str, date], str]:
    if not keys or store.data is None or not store.data.restricted.exists():
        return {}
    with sources.connect(store.data.restricted) as rcon:
        if not sources.has_table(rcon, "household_protected"):
            return {}
        ids = sorted({k[0] for k in keys})
        found = sources.rows(
            rcon,
            f"SELECT household_id, month, CAST({by} AS VARCHAR) AS grp FROM household_protected "
            "WHERE household_id IN (SELECT unnest(?))",
            [ids],
        )
    return {(r["household_id"], r["month"]): r["grp"] for r in found}


def override_report(
    store: Store, actor: User, *, by: str = "geslacht", min_cell: int = 5
) -> list[OverrideReportRow]:
    """Overrides by audit group ``by`` (one of :data:`AUDIT_GROUPS`) and reason, with the number
    of proposals in each group; cells below ``min_cell`` are suppressed."""
    require(actor.role, Action.VIEW_OVERRIDE_REPORT)
    if by not in AUDIT_GROUPS:
        raise CaseworkError("error.unknown_group", group=by, keuzes=", ".join(AUDIT_GROUPS))
    with store.read() as session:
        overrides = session.execute(
            select(Override.household_id, Override.month, Override.kind, Override.reason_code)
        ).all()
        signals = session.execute(select(CaseSignal.household_id, CaseSignal.month)).all()
    keys = {(o[0], o[1]) for o in overrides if o[0]} | {(s[0], s[1]) for s in signals if s[0]}
    groups = _groups(store, by, keys)
    unknown = "onbekend"
    counts = Counter(
        (groups.get((hh, m), unknown) if hh else unknown, kind, code)
        for hh, m, kind, code in overrides
    )
    proposals = Counter(groups.get((hh, m), unknown) for hh, m in signals if hh)

    def cell(n: int) -> int | None:
        return n if n >= min_cell else None

    return [
        OverrideReportRow(
            group_by=by,
            group=group,
            kind=kind,
            reason_code=code,
            reason_label=reason_label(code),
            count=cell(n),
            proposals_in_group=cell(proposals.get(group, 0)),
        )
        for (group, kind, code), n in sorted(counts.items())
    ]


def pseudonymised_explanations(
    store: Store, actor: User, *, month: date | None = None
) -> list[dict[str, Any]]:
    """Cases with their explanation, keyed by pseudonymous household only (no names, no BSN)."""
    require(actor.role, Action.VIEW_PSEUDONYMISED_EXPLANATIONS)
    query = select(Case).where(Case.anonymised.is_(False))
    if month is not None:
        query = query.where(Case.latest_month == month)
    with store.write() as session:
        cases = session.execute(query.order_by(Case.latest_month, Case.rank)).scalars().all()
        out = [
            {
                "case_id": c.id,
                "household_id": c.household_id,
                "month": c.latest_month,
                "rank": c.rank,
                "score": c.score,
                "model_version": c.model_version,
                "origin": c.origin,
                "state": c.state,
                "outcome": c.outcome,
                "explanation": [e.__dict__ for e in explanation_lines(c.explanation)],
            }
            for c in cases
        ]
        audit.append(
            session,
            actor=actor.username,
            action="view_pseudonymised",
            detail={"maand": month.isoformat() if month else None, "aantal": len(out)},
        )
    return out


def access_log_summary(store: Store, actor: User, *, days: int = 30) -> list[dict[str, Any]]:
    """Who looked at or changed how many cases in the last ``days`` days, per actor and action."""
    require(actor.role, Action.VIEW_ACCESS_LOG_SUMMARY)
    since = utcnow() - timedelta(days=days)
    with store.read() as session:
        found = session.execute(
            select(
                AuditEntry.actor,
                AuditEntry.action,
                func.count(),
                func.count(func.distinct(AuditEntry.case_id)),
                func.max(AuditEntry.at),
            )
            .where(AuditEntry.at >= since)
            .group_by(AuditEntry.actor, AuditEntry.action)
            .order_by(AuditEntry.actor, AuditEntry.action)
        ).all()
    return [
        {"actor": a, "action": act, "entries": n, "cases": c, "last": last}
        for a, act, n, c, last in found
    ]


def outcome_report(store: Store, actor: User, *, team: str | None = None) -> dict[str, Any]:
    """How closed cases ended, so patterns can be reported: counts by outcome and kind of fix,
    how often each clashing rule was named for a system problem, and the deadlines met or missed.
    Team leads see their own team; ethics reviewers any team or all (``team=None``)."""
    require(actor.role, Action.VIEW_OUTCOME_REPORT)
    if actor.role in TEAM_ROLES:
        team = actor.team
    query = select(
        Case.outcome,
        Case.fix_kind,
        Case.clashing_rules,
        Case.signal_date,
        Case.threatening,
        Case.threat_date,
        Case.contact_offered_on,
    ).where(Case.state == State.CLOSED.value)
    if team is not None:
        query = query.where(Case.team == team)
    outcomes: Counter[tuple[str, str]] = Counter()
    rules: Counter[str] = Counter()
    deadlines: Counter[str] = Counter()
    with store.read() as session:
        for row in session.execute(query):
            outcomes[(row.outcome or "-", row.fix_kind or "-")] += 1
            for rule in json.loads(row.clashing_rules or "[]"):
                rules[rule.strip()] += 1
            status = deadline_for(
                signal_date=row.signal_date,
                threatening=row.threatening,
                threat_date=row.threat_date,
                contact_offered_on=row.contact_offered_on,
                is_open=False,
                today=row.signal_date,
            ).status
            deadlines[status.value] += 1
    return {
        "team": team,
        "outcomes": [
            {"outcome": o, "fix_kind": f, "count": n} for (o, f), n in sorted(outcomes.items())
        ],
        "clashing_rules": [{"rule": r, "count": n} for r, n in rules.most_common()],
        "deadlines": dict(sorted(deadlines.items())),
    }
