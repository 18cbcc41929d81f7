"""vroegsignaal casework: cases, workflow, access control and the audit trail.

The public API (documented in docs/casework.md)::

    from casework import open_store, User, CaseFilter
    store = open_store(DataDir(Path("data")))          # or open_store(url="postgresql://...")
    user = store.authenticate("demo-maatschappelijk-werker", password)   # User | None
    board = store.list_cases(user, CaseFilter(states=("proposed",)))
    page = store.get_case(user, board[0].id)            # logged in the audit trail
    store.take(user, page.summary.id, expected_version=page.summary.version)

Every refusal is a :class:`CaseworkError` (subclasses :class:`PermissionDenied`,
:class:`IllegalTransition`, :class:`ConflictError`, :class:`CaseNotFound`) whose ``str()`` is a
clear Dutch (or English) message for the user.
"""

from casework.audit import AuditReport
from casework.deadlines import Deadline, DeadlineStatus
from casework.errors import (
    CaseNotFound,
    CaseworkError,
    ConflictError,
    IllegalTransition,
    PermissionDenied,
)
from casework.intake import IntakeResult
from casework.messages import message
from casework.oversight import AUDIT_GROUPS, OVERRIDE_REASONS, OverrideReportRow, reason_label
from casework.permissions import ROLE_PERMISSIONS, VIEW_PERMISSIONS, Action, Role, can, require
from casework.states import OPEN_STATES, OUTCOME_STATES, TRANSITIONS, State, label, parse_state
from casework.store import Store, open_store
from casework.users import create_demo_users
from casework.views import (
    CaseDetail,
    CaseFilter,
    CaseSummary,
    EventView,
    ExplanationLine,
    NoteView,
    PersonView,
    TeamCapacity,
    User,
    WorkerLoad,
)

__all__ = [
    "AUDIT_GROUPS",
    "OPEN_STATES",
    "OUTCOME_STATES",
    "OVERRIDE_REASONS",
    "ROLE_PERMISSIONS",
    "TRANSITIONS",
    "VIEW_PERMISSIONS",
    "Action",
    "AuditReport",
    "CaseDetail",
    "CaseFilter",
    "CaseNotFound",
    "CaseSummary",
    "CaseworkError",
    "ConflictError",
    "Deadline",
    "DeadlineStatus",
    "EventView",
    "ExplanationLine",
    "IllegalTransition",
    "IntakeResult",
    "NoteView",
    "OverrideReportRow",
    "PermissionDenied",
    "PersonView",
    "Role",
    "State",
    "Store",
    "TeamCapacity",
    "User",
    "WorkerLoad",
    "can",
    "create_demo_users",
    "label",
    "message",
    "open_store",
    "parse_state",
    "reason_label",
    "require",
]
