"""The audit trail: append-only and tamper-evident (a SHA-256 hash chain).

Every entry's hash covers its own fields and the previous entry's hash, so altering an entry
breaks its own hash and removing one breaks the link of the next. The single ``audit_head`` row
holds the last entry's number and hash (removing entries at the end no longer matches it) and the
start of the retained chain after a retention purge (removing entries at the start no longer
matches it; the purge itself is a chained entry that records that start). A database
administrator who rewrites the whole chain and the head at once is caught by comparing the head
hash with one published earlier (``verify-audit --expect-head``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework._time import utcnow
from casework.messages import message
from casework.schema import AuditEntry, AuditHead

__all__ = [
    "GENESIS",
    "PURGE_ACTION",
    "AuditReport",
    "append",
    "canonical_json",
    "entry_hash",
    "lock_head",
    "verify",
]

GENESIS = "0" * 64
PURGE_ACTION = "audit_purge"


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the form that is hashed and stored."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    payload = canonical_json(
        {
            "seq": seq,
            "at": _iso(at),
            "actor": actor,
            "action": action,
            "case_id": case_id,
            "detail": detail,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock_head(session: Session) -> AuditHead:
    """The head row, locked for this transaction (PostgreSQL ``FOR UPDATE``; SQLite write
    transactions are already exclusive). Kept in ``session.info`` for the later appends."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    session.info["audit_head"] = head
    return head


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    case_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry at the end of the chain, in the caller's transaction."""
    head = session.info.get("audit_head") or lock_head(session)
    at = at or utcnow()
    detail_text = canonical_json(dict(detail or {}))
    seq = head.seq + 1
    digest = entry_hash(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=detail_text,
        prev_hash=head.hash,
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=detail_text,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    return entry


@dataclass
class AuditReport:
    """The outcome of :func:`verify`. ``problems`` holds (message key, values) pairs."""

    count: int = 0
    first: int | None = None
    last: int | None = None
    head: str = GENESIS
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, lang: str | None = None) -> list[str]:
        if self.ok:
            if not self.count:
                return [message("audit.empty", lang)]
            values = {"count": self.count, "first": self.first, "last": self.last}
            return [message("audit.ok", lang, head=self.head, **values)]
        return [message(key, lang, **values) for key, values in self.problems]


def verify(
    session: Session, *, expect_head: str | None = None, max_problems: int = 50
) -> AuditReport:
    """Walk the whole chain and report every altered, removed or foreign entry."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    report = AuditReport(head=head.hash)
    problems = report.problems
    prev_seq, prev_hash = head.base_seq, head.base_hash
    last_purge: dict[str, Any] | None = None
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000)
    for entry in session.execute(query).scalars():
        if report.count == 0:
            report.first = entry.seq
            if entry.seq <= head.base_seq or (
                entry.seq == head.base_seq + 1 and entry.prev_hash != head.base_hash
            ):
                problems.append(("audit.base_mismatch", {}))
        report.count += 1
        if entry.seq != prev_seq + 1:
            problems.append(("audit.gap", {"van": prev_seq + 1, "tot": entry.seq - 1}))
        elif entry.prev_hash != prev_hash:
            problems.append(("audit.broken_link", {"seq": entry.seq}))
        recomputed = entry_hash(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            case_id=entry.case_id,
            detail=entry.detail,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            problems.append(("audit.altered", {"seq": entry.seq}))
        if entry.action == PURGE_ACTION:
            try:
                last_purge = json.loads(entry.detail)
            except ValueError:
                last_purge = {}
        prev_seq, prev_hash = entry.seq, entry.hash
        report.last = entry.seq
        if len(problems) >= max_problems:
            return report
    if prev_seq != head.seq or prev_hash != head.hash:
        problems.append(("audit.head_mismatch", {"verwacht": head.seq, "gevonden": prev_seq}))
    if head.base_seq or head.base_hash != GENESIS:
        purge = last_purge or {}
        if (purge.get("purged_through"), purge.get("last_hash")) != (
            head.base_seq,
            head.base_hash,
        ):
            problems.append(("audit.base_mismatch", {}))
    if expect_head and expect_head != head.hash:
        problems.append(("audit.expected_head", {"gevonden": head.hash, "verwacht": expect_head}))
    return report
