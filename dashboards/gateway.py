"""The dashboards' one door into casework.

Everything the dashboards show about cases, and every change they make, goes through the casework
service API (:class:`casework.store.Store`); permissions, team scope, the workflow, optimistic
locking and the audit trail are enforced there. This module only turns casework's dataclasses
into the frames and labels the views render.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from casework.messages import message
from casework.permissions import TEAM_ROLES
from casework.states import State, label

if TYPE_CHECKING:
    from casework.store import Store
    from casework.views import CaseDetail, CaseSummary, TeamCapacity, User
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

    def __init__(self, store: Store) -> None:
        self.store = store
        self._users: dict[str, tuple[float, User | None]] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_data(cls, data: DataDir) -> CaseworkGateway:
        from casework.store import open_store

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
        from casework.users import get_user

        return get_user(self.store, username)

    def team_members(self, actor: User) -> list[str]:
        """Active workers and team leads of the actor's team (to assign a case to)."""
        return sorted(
            str(row["username"])
            for row in self.store.list_users()
            if row.get("active", True)
            and row.get("team") == actor.team
            and row.get("role") in {r.value for r in TEAM_ROLES}
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
        from casework.messages import MESSAGES

        return {
            key.removeprefix("override."): message(key, lang)
            for key in MESSAGES
            if key.startswith("override.") and not key.startswith("override.kind.")
        }

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
        """The actor's open cases (proposals included), sorted for the board."""
        rows = [summary_row(s) for s in self.store.list_cases(actor)]
        return self.sort_board(pd.DataFrame(rows, columns=BOARD_COLUMNS))

    @staticmethod
    def sort_board(frame: pd.DataFrame) -> pd.DataFrame:
        """Proposals of the latest month first by rank; other cases by state, then deadline."""
        if frame.empty:
            return frame
        order = frame["state"].map(_STATE_ORDER)
        key = pd.DataFrame(
            {
                "order": order,
                "month": -frame["month"].astype("int64"),
                "rank": frame["rank"].fillna(1e9),
                "due": frame["deadline_date"],
                "id": frame["case_id"],
            }
        )
        idx = key.sort_values(["order", "month", "rank", "due", "id"]).index
        return frame.loc[idx].reset_index(drop=True)

    def capacity(self, actor: User) -> TeamCapacity | None:
        if actor.team is None:
            return None
        return self.store.capacity(actor)

    # -- one case ----------------------------------------------------------------------------
    def case(self, actor: User, case_id: int) -> CaseDetail:
        """The case page (casework logs this read in the audit trail)."""
        return self.store.get_case(actor, case_id)

    def take(self, actor: User, case_id: int, *, version: int) -> CaseSummary:
        return self.store.take(actor, case_id, expected_version=version)

    def assign(self, actor: User, case_id: int, username: str, *, version: int) -> CaseSummary:
        return self.store.assign(actor, case_id, username, expected_version=version)

    def transition(
        self, actor: User, case_id: int, to_state: str, *, reason: str, version: int
    ) -> CaseSummary:
        return self.store.transition(
            actor, case_id, to_state, reason=reason, expected_version=version
        )

    def skip(
        self, actor: User, case_id: int, *, reason_code: str, reason_text: str, version: int
    ) -> CaseSummary:
        return self.store.skip(
            actor,
            case_id,
            reason_code=reason_code,
            reason_text=reason_text,
            expected_version=version,
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
        return self.store.close_case(
            actor,
            case_id,
            fix_kind=fix_kind,
            reason=reason,
            clashing_rules=tuple(clashing_rules),
            expected_version=version,
        )

    def mark_threatening(
        self, actor: User, case_id: int, *, reason: str, version: int
    ) -> CaseSummary:
        return self.store.mark_threatening(actor, case_id, reason=reason, expected_version=version)

    # -- oversight ---------------------------------------------------------------------------
    def override_report(self, actor: User, *, by: str) -> list[Any]:
        return self.store.override_report(actor, by=by)

    def access_log_summary(self, actor: User, *, days: int = 30) -> list[dict[str, Any]]:
        return self.store.access_log_summary(actor, days=days)
