"""User accounts: argon2id password hashes in the casework database, roles from
:mod:`casework.permissions`. Users are never deleted (the audit trail names them), only disabled."""

from __future__ import annotations

import re
import secrets
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from casework import audit
from casework._time import utcnow
from casework.errors import CaseworkError, PermissionDenied
from casework.permissions import TEAM_ROLES, Action, Role, parse_role, require
from casework.schema import Team
from casework.schema import User as UserRow
from casework.views import User

if TYPE_CHECKING:
    from casework.store import Store

__all__ = [
    "DEFAULT_TEAM",
    "MIN_PASSWORD_LENGTH",
    "add_user",
    "authenticate",
    "create_demo_users",
    "disable_user",
    "list_users",
]

MIN_PASSWORD_LENGTH = 10
DEFAULT_TEAM = "wijkteam"
_USERNAME_RE = re.compile(r"^[a-z0-9._-]{2,64}$")
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


def _actor_name(actor: User | None, task: str) -> str:
    if actor is None:
        return User.system(task).username
    require(actor.role, Action.MANAGE_USERS)
    return actor.username


def add_user(
    store: Store,
    username: str,
    password: str,
    *,
    role: str,
    team: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an active account. ``actor`` None means an operator at the command line."""
    who = _actor_name(actor, "users")
    username = username.strip().lower()
    if not _USERNAME_RE.match(username):
        raise CaseworkError("error.bad_username", username=username)
    parsed = parse_role(role)
    team = (team or "").strip() or None
    if parsed in TEAM_ROLES and team is None:
        raise CaseworkError("error.team_required", role=parsed.value)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CaseworkError("error.weak_password", min=MIN_PASSWORD_LENGTH)
    digest = _HASHER.hash(password)
    with store.write() as session:
        if session.execute(select(UserRow).where(UserRow.username == username)).first():
            raise CaseworkError("error.user_exists", username=username)
        if team is not None and session.get(Team, team) is None:
            session.add(Team(name=team, capacity_per_month=None, cases_per_worker=20))
        session.add(
            UserRow(
                username=username,
                password_hash=digest,
                role=parsed.value,
                team=team,
                active=True,
                created_at=utcnow(),
            )
        )
        audit.append(
            session,
            actor=who,
            action="user_add",
            detail={"username": username, "role": parsed.value, "team": team},
        )
    return User(username=username, role=parsed, team=team)


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The user if the password is right and the account active; ``None`` otherwise."""
    with store.read() as session:
        row = session.execute(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).scalar_one_or_none()
    if row is None or not row.active:
        with suppress(VerificationError):  # same time as a real check: names cannot be probed
            _HASHER.verify(_DUMMY_HASH, password)
        return None
    try:
        _HASHER.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        with store.write() as session:
            fresh = session.get(UserRow, row.id)
            if fresh is not None:
                fresh.password_hash = _HASHER.hash(password)
    return User(username=row.username, role=Role(row.role), team=row.team)


def get_user(store: Store, username: str) -> User | None:
    with store.read() as session:
        row = session.execute(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).scalar_one_or_none()
    if row is None or not row.active:
        return None
    return User(username=row.username, role=Role(row.role), team=row.team)


def list_users(store: Store) -> list[dict[str, Any]]:
    """All accounts (no hashes), ordered by name."""
    with store.read() as session:
        rows = session.execute(select(UserRow).order_by(UserRow.username)).scalars().all()
    return [
        {
            "username": r.username,
            "role": r.role,
            "team": r.team,
            "active": r.active,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def disable_user(store: Store, username: str, *, actor: User | None = None) -> None:
    who = _actor_name(actor, "users")
    with store.write() as session:
        row = session.execute(
            select(UserRow).where(UserRow.username == username.strip().lower())
        ).scalar_one_or_none()
        if row is None:
            raise CaseworkError("error.unknown_user", username=username)
        row.active = False
        audit.append(session, actor=who, action="user_disable", detail={"username": row.username})


def create_demo_users(
    store: Store, *, team: str = DEFAULT_TEAM
) -> list[tuple[str, str, str, str | None]]:
    """One demo account per role with a fresh random password, for ``make run``.

    Returns ``[(username, password, role, team)]``; the passwords are shown once and stored only
    as hashes. Existing demo accounts are left alone (and left out of the list).
    """
    out: list[tuple[str, str, str, str | None]] = []
    existing = {u["username"] for u in list_users(store)}
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        if username in existing:
            continue
        member_team = team if role in TEAM_ROLES else None
        password = secrets.token_urlsafe(12)
        add_user(store, username, password, role=role.value, team=member_team)
        out.append((username, password, role.value, member_team))
    return out


def require_team_member(store: Store, username: str, team: str) -> User:
    user = get_user(store, username)
    if user is None:
        raise CaseworkError("error.unknown_user", username=username)
    if user.role not in TEAM_ROLES or user.team != team:
        raise PermissionDenied("error.wrong_team_member", username=username, team=team)
    return user
