"""The dashboards' one door into casework.

Everything the dashboards show about cases, and every change they make, goes through the casework
service API (:class:`casework.store.Store`); permissions, team scope, the workflow, optimistic
locking and the audit trail are enforced there. This module only turns casework's dataclasses
into the frames and labels the views render.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casework import OVERRIDE_REASONS, State, label, message, reason_label
from casework.permissions import TEAM_ROLES

if TYPE_CHECKING:
    from casework import CaseDetail, CaseSummary, Store, TeamCapacity, User
    from signals.paths import DataDir

__all__ = ["BOARD_COLUMNS", "CaseworkGateway", "summary_row"]

#: Columns of the board frame (one row per case).
BOARD_COLUMNS = [
    "case_id",
    "household_id",
    "state",
    "coordinator",
    "origin",
    "month",
    "rank",
    "score",
    "deadline_status",
    "deadline_date",
    "threatening",
    "version",
]

_STATE_ORDER = {s.value: i for i, s in enumerate(State)}
TEAM_ROLE_NAMES = frozenset(r.value for r in TEAM_ROLES)

log = logging.getLogger(__name__)


@dataclass
class _BoardSnapshot:
    """One team's open cases as last read, with the team's capacity."""

    frame: pd.DataFrame
    capacity: TeamCapacity | None
    loaded_at: float
    lock: threading.Lock = field(default_factory=threading.Lock)


def _sort_keys(frame: pd.DataFrame) -> list[np.ndarray]:
    """The board's sort keys, most significant first: state, newest month, rank (none last),
    deadline (none last), case id."""
    due = frame["deadline_date"].to_numpy(dtype="datetime64[ns]").astype("int64")
    due = np.where(frame["deadline_date"].isna().to_numpy(), np.iinfo(np.int64).max, due)
    return [
        frame["state"].map(_STATE_ORDER).to_numpy(dtype="int64"),
        -frame["month"].to_numpy(dtype="datetime64[ns]").astype("int64"),
        frame["rank"].astype("float64").fillna(1e9).to_numpy(),
        due,
        frame["case_id"].to_numpy(dtype="int64"),
    ]


def summary_row(s: CaseSummary) -> dict[str, Any]:
    """One board row from a casework ``CaseSummary``."""
    return {
        "case_id": s.id,
        "household_id": s.household_id,
        "state": s.state.value,
        "coordinator": s.coordinator,
        "origin": s.origin,
        "month": pd.Timestamp(s.latest_month),
        "rank": s.rank,
        "score": s.score,
        "deadline_status": s.deadline.status.value,
        "deadline_date": pd.Timestamp(s.deadline.due) if s.deadline.due else pd.NaT,
        "threatening": bool(s.threatening),
        "version": s.version,
    }


class CaseworkGateway:
    """Adapter over a casework ``Store`` for the dashboards (thread-safe, one per server)."""

    #: Seconds an account lookup is reused (a disabled user is locked out within this time).
    LOOKUP_TTL = 2.0
    #: Seconds after which a team's board snapshot is re-read in the background.
    BOARD_TTL = 30.0

    def __init__(self, store: Store) -> None:
        self.store = store
        self._users: dict[str, tuple[float, User | None]] = {}
        self._boards: dict[str, _BoardSnapshot] = {}
        self._refreshing: set[str] = set()
        #: Changes made through this gateway, per board, kept until a later read includes them.
        self._changes: dict[str, list[tuple[float, CaseSummary]]] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_data(cls, data: DataDir) -> CaseworkGateway:
        from casework import open_store

        return cls(open_store(data))

    # -- users -------------------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> User | None:
        user = self.store.authenticate(username, password)
        if user is not None:
            with self._lock:
                self._users[username] = (time.monotonic(), user)
        return user

    def lookup(self, username: str) -> User | None:
        """The active account ``username``, or ``None`` (unknown or disabled)."""
        now = time.monotonic()
        with self._lock:
            hit = self._users.get(username)
            if hit and now - hit[0] < self.LOOKUP_TTL:
                return hit[1]
        user = self._load_user(username)
        with self._lock:
            self._users[username] = (now, user)
        return user

    def _load_user(self, username: str) -> User | None:
        # Active accounts only: a disabled user's session ends at its next request.
        from casework.users import get_user

        return get_user(self.store, username)

    def team_members(self, actor: User) -> list[str]:
        """Active workers and team leads of the actor's team (to assign a case to)."""
        return sorted(
            str(row["username"])
            for row in self.store.list_users()
            if row.get("active", True)
            and row.get("team") == actor.team
            and row.get("role") in TEAM_ROLE_NAMES
        )

    # -- labels ------------------------------------------------------------------------------
    @staticmethod
    def role_label(role: str, lang: str) -> str:
        return message(f"role.{role}", lang)

    @staticmethod
    def state_label(state: str, lang: str) -> str:
        return label(state, lang)

    @staticmethod
    def deadline_label(status: str, lang: str) -> str:
        return message(f"deadline.{status}", lang)

    @staticmethod
    def open_states() -> list[str]:
        return [s.value for s in State if s is not State.CLOSED]

    @staticmethod
    def override_reasons(lang: str) -> dict[str, str]:
        """code -> label of the override reasons casework accepts."""
        return {code: reason_label(code, lang) for code in OVERRIDE_REASONS}

    @staticmethod
    def fix_kinds(lang: str) -> dict[str, str]:
        from casework.messages import MESSAGES

        return {
            key.removeprefix("fix."): message(key, lang)
            for key in MESSAGES
            if key.startswith("fix.")
        }

    # -- board -------------------------------------------------------------------------------
    def board(self, actor: User) -> pd.DataFrame:
        """The actor's team's open cases (proposals included), sorted for the board.

        Reading thousands of cases through casework takes seconds on a busy machine, so one
        snapshot per team is kept in memory and shared by all sessions: every change made
        through this gateway is patched into it at once, and it is re-read in the background
        when older than ``BOARD_TTL`` seconds (changes made elsewhere, such as intake, show up
        within that time). The caller gets its own copy.
        """
        key = actor.team or f"user:{actor.username}"
        with self._lock:
            snap = self._boards.get(key)
        if snap is None:
            snap = self._load_board(key, actor)
        elif time.monotonic() - snap.loaded_at > self.BOARD_TTL:
            self._refresh_in_background(key, actor)
        with snap.lock:
            return snap.frame.copy()

    def warm_boards(self) -> None:
        """Read every team's board in the background, so the first page does not wait."""
        from casework import User

        teams: dict[str, User] = {}
        for row in self.store.list_users():
            team = row.get("team")
            if row.get("active", True) and team and row.get("role") in TEAM_ROLE_NAMES:
                teams.setdefault(team, User(username=row["username"], role=row["role"], team=team))
        for team, actor in teams.items():
            self._refresh_in_background(team, actor)

    def _read_board(self, actor: User) -> _BoardSnapshot:
        rows = [summary_row(s) for s in self.store.list_cases(actor)]
        frame = self.sort_board(pd.DataFrame(rows, columns=BOARD_COLUMNS))
        cap = self.store.capacity(actor) if actor.team is not None else None
        return _BoardSnapshot(frame=frame, capacity=cap, loaded_at=time.monotonic())

    def _load_board(self, key: str, actor: User) -> _BoardSnapshot:
        started = time.monotonic()
        snap = self._read_board(actor)
        with self._lock:
            # Changes made through this gateway while the read ran may be missing from it.
            recent = [s for at, s in self._changes.get(key, []) if at >= started]
            self._changes[key] = [(at, s) for at, s in self._changes.get(key, []) if at >= started]
        if recent:
            snap.frame = self._with_changes(snap.frame, recent)
        with self._lock:
            self._boards[key] = snap
        return snap

    def _refresh_in_background(self, key: str, actor: User) -> None:
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def run() -> None:
            try:
                self._load_board(key, actor)
            except Exception:
                log.exception("board refresh failed")
            finally:
                with self._lock:
                    self._refreshing.discard(key)

        threading.Thread(target=run, name=f"board-{key}", daemon=True).start()

    def _patch(self, actor: User, summary: CaseSummary) -> CaseSummary:
        """Put a changed case into the team's snapshot (or take it out when closed)."""
        key = actor.team or f"user:{actor.username}"
        with self._lock:
            snap = self._boards.get(key)
            changes = self._changes.setdefault(key, [])
            changes.append((time.monotonic(), summary))
            del changes[:-1000]  # a read every BOARD_TTL seconds prunes it anyway
        if snap is not None:
            with snap.lock:
                snap.frame = self._with_changes(snap.frame, [summary])
        return summary

    def _with_changes(self, frame: pd.DataFrame, changes: list[CaseSummary]) -> pd.DataFrame:
        """``frame`` with each changed case replaced (closed cases left out), unless the frame
        already holds that version or a newer one; sorted again."""
        latest = {s.id: s for s in changes}  # the last change of each case counts
        held = frame.loc[frame["case_id"].isin(list(latest)), ["case_id", "version"]]
        versions = dict(zip(held["case_id"], held["version"], strict=True))
        newer = [s for s in latest.values() if versions.get(s.id, -1) < s.version]
        if not newer:
            return frame
        kept = frame[~frame["case_id"].isin([s.id for s in newer])]
        rows = [summary_row(s) for s in newer if s.state is not State.CLOSED]
        if rows:
            added = pd.DataFrame(rows, columns=BOARD_COLUMNS)
            kept = pd.concat([kept, added], ignore_index=True) if len(kept) else added
        return self.sort_board(kept)

    @staticmethod
    def sort_board(frame: pd.DataFrame) -> pd.DataFrame:
        """Proposals of the latest month first by rank; other cases by state, then deadline
        (no deadline last), then case id."""
        if frame.empty:
            return frame
        keys = _sort_keys(frame)  # most significant first; lexsort wants it last
        return frame.iloc[np.lexsort(keys[::-1])].reset_index(drop=True)

    def capacity(self, actor: User) -> TeamCapacity | None:
        """The team's capacity as of the board snapshot (read with it)."""
        if actor.team is None:
            return None
        with self._lock:
            snap = self._boards.get(actor.team)
        return snap.capacity if snap is not None else self.store.capacity(actor)

    # -- one case ----------------------------------------------------------------------------
    def case(self, actor: User, case_id: int) -> CaseDetail:
        """The case page (casework logs this read in the audit trail)."""
        return self.store.get_case(actor, case_id)

    def take(self, actor: User, case_id: int, *, version: int) -> CaseSummary:
        return self._patch(actor, self.store.take(actor, case_id, expected_version=version))

    def assign(self, actor: User, case_id: int, username: str, *, version: int) -> CaseSummary:
        return self._patch(
            actor, self.store.assign(actor, case_id, username, expected_version=version)
        )

    def transition(
        self, actor: User, case_id: int, to_state: str, *, reason: str, version: int
    ) -> CaseSummary:
        return self._patch(
            actor,
            self.store.transition(
                actor, case_id, to_state, reason=reason, expected_version=version
            ),
        )

    def skip(
        self, actor: User, case_id: int, *, reason_code: str, reason_text: str, version: int
    ) -> CaseSummary:
        return self._patch(
            actor,
            self.store.skip(
                actor,
                case_id,
                reason_code=reason_code,
                reason_text=reason_text,
                expected_version=version,
            ),
        )

    def add_note(self, actor: User, case_id: int, text: str) -> int:
        return self.store.add_note(actor, case_id, text)

    def close(
        self,
        actor: User,
        case_id: int,
        *,
        fix_kind: str,
        reason: str,
        clashing_rules: Iterable[str],
        version: int,
    ) -> CaseSummary:
        return self._patch(
            actor,
            self.store.close_case(
                actor,
                case_id,
                fix_kind=fix_kind,
                reason=reason,
                clashing_rules=tuple(clashing_rules),
                expected_version=version,
            ),
        )

    def mark_threatening(
        self, actor: User, case_id: int, *, reason: str, version: int
    ) -> CaseSummary:
        summary = self.store.mark_threatening(
            actor, case_id, reason=reason, expected_version=version
        )
        return self._patch(actor, summary)

    # -- oversight ---------------------------------------------------------------------------
    def override_report(self, actor: User, *, by: str) -> list[Any]:
        return self.store.override_report(actor, by=by)

    def access_log_summary(self, actor: User, *, days: int = 30) -> list[dict[str, Any]]:
        return self.store.access_log_summary(actor, days=days)
