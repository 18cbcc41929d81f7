"""Roles and permissions: the ONE place that says who may do what.

The casework services and the dashboards both ask :func:`can` / :func:`require`. Team scope is part
of the rule: social workers and team leads only reach the cases of their own team, and only the
coordinator of a case (or the team lead) changes it. Data stewards see data quality, never case
content; ethics reviewers see aggregates and pseudonymised explanations, never names; the
administrator manages users and the system, not cases.
"""

from __future__ import annotations

from enum import StrEnum

from casework.errors import PermissionDenied

__all__ = [
    "ROLE_PERMISSIONS",
    "TEAM_ROLES",
    "VIEW_PERMISSIONS",
    "Action",
    "Role",
    "can",
    "parse_role",
    "require",
]


class Role(StrEnum):
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker"
    TEAMLEIDER = "teamleider"
    DATA_STEWARD = "data_steward"
    ETHIEK_REVIEWER = "ethiek_reviewer"
    BEHEERDER = "beheerder"


#: Roles that belong to a team and work that team's cases.
TEAM_ROLES = frozenset({Role.MAATSCHAPPELIJK_WERKER, Role.TEAMLEIDER})


class Action(StrEnum):
    # Case work (team scoped).
    LIST_CASES = "list_cases"  # the board: proposals and open cases, no contact details
    VIEW_CASE = "view_case"  # a case page with names, addresses, notes (logged)
    TAKE_CASE = "take_case"  # become the coordinator of a proposal
    ASSIGN_CASE = "assign_case"  # make someone else the coordinator
    TRANSITION = "transition"  # change status with a reason
    ADD_NOTE = "add_note"
    CLOSE_CASE = "close_case"  # the outcome form
    RECORD_OBJECTION = "record_objection"  # a resident objects: stop and minimise
    MARK_THREATENING = "mark_threatening"  # eviction or disconnection pending: 3 working days
    OVERRIDE = "override"  # skip a proposal or add a household the model did not rank
    VIEW_WORKLOAD = "view_workload"  # open cases per worker, team capacity
    SET_CAPACITY = "set_capacity"
    # Oversight (aggregates and pseudonyms only).
    VIEW_OVERRIDE_REPORT = "view_override_report"
    VIEW_OUTCOME_REPORT = "view_outcome_report"  # outcomes, system problems, deadlines met
    VIEW_PSEUDONYMISED_EXPLANATIONS = "view_pseudonymised_explanations"
    VIEW_ACCESS_LOG_SUMMARY = "view_access_log_summary"
    VIEW_MODEL_REPORTS = "view_model_reports"  # model card, fairness audit, performance
    # Data stewardship.
    VIEW_DATA_QUALITY = "view_data_quality"  # deliveries, reconciliation, rejects, freshness
    VIEW_RAW_REJECTS = "view_raw_rejects"  # the raw rejected line (can hold a BSN)
    VIEW_RETENTION_LOG = "view_retention_log"
    # Administration.
    MANAGE_USERS = "manage_users"
    RUN_INTAKE = "run_intake"
    RUN_RETENTION = "run_retention"
    VERIFY_AUDIT = "verify_audit"
    ANSWER_INZAGE = "answer_inzage"  # a resident's request to see their data


_W, _T, _S, _E, _B = (
    Role.MAATSCHAPPELIJK_WERKER,
    Role.TEAMLEIDER,
    Role.DATA_STEWARD,
    Role.ETHIEK_REVIEWER,
    Role.BEHEERDER,
)

#: role -> the actions it may perform. Nothing outside this table grants a permission.
ROLE_PERMISSIONS: dict[Role, frozenset[Action]] = {
    _W: frozenset(
        {
            Action.LIST_CASES,
            Action.VIEW_CASE,
            Action.TAKE_CASE,
            Action.TRANSITION,
            Action.ADD_NOTE,
            Action.CLOSE_CASE,
            Action.RECORD_OBJECTION,
            Action.MARK_THREATENING,
            Action.OVERRIDE,
            Action.VIEW_WORKLOAD,
        }
    ),
    _T: frozenset(
        {
            Action.LIST_CASES,
            Action.VIEW_CASE,
            Action.TAKE_CASE,
            Action.ASSIGN_CASE,
            Action.TRANSITION,
            Action.ADD_NOTE,
            Action.CLOSE_CASE,
            Action.RECORD_OBJECTION,
            Action.MARK_THREATENING,
            Action.OVERRIDE,
            Action.VIEW_WORKLOAD,
            Action.SET_CAPACITY,
            Action.VIEW_OVERRIDE_REPORT,
            Action.VIEW_OUTCOME_REPORT,
            Action.VIEW_MODEL_REPORTS,
        }
    ),
    _S: frozenset(
        {
            Action.VIEW_DATA_QUALITY,
            Action.VIEW_RAW_REJECTS,
            Action.VIEW_RETENTION_LOG,
        }
    ),
    _E: frozenset(
        {
            Action.VIEW_OVERRIDE_REPORT,
            Action.VIEW_OUTCOME_REPORT,
            Action.VIEW_PSEUDONYMISED_EXPLANATIONS,
            Action.VIEW_ACCESS_LOG_SUMMARY,
            Action.VIEW_MODEL_REPORTS,
            Action.VERIFY_AUDIT,
        }
    ),
    _B: frozenset(
        {
            Action.MANAGE_USERS,
            Action.RUN_INTAKE,
            Action.RUN_RETENTION,
            Action.VERIFY_AUDIT,
            Action.ANSWER_INZAGE,
            Action.VIEW_ACCESS_LOG_SUMMARY,
            Action.VIEW_RETENTION_LOG,
            Action.SET_CAPACITY,
            Action.VIEW_DATA_QUALITY,
        }
    ),
}

#: Dashboard views -> the permission that opens them (the dashboards check these, also for a URL
#: typed by hand).
VIEW_PERMISSIONS: dict[str, Action] = {
    "board": Action.LIST_CASES,
    "case": Action.VIEW_CASE,
    "steward": Action.VIEW_DATA_QUALITY,
    "ethics": Action.VIEW_MODEL_REPORTS,
    "users": Action.MANAGE_USERS,
}


def parse_role(value: str | Role) -> Role:
    """The role named ``value``; :class:`PermissionDenied` with the valid choices otherwise."""
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise PermissionDenied("error.unknown_role", role=value, keuzes=choices) from None


def can(role: Role | str, action: Action | str) -> bool:
    """Whether ``role`` may perform ``action`` at all (team scope is checked by the services)."""
    try:
        return Action(action) in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, action: Action | str) -> None:
    """Raise :class:`PermissionDenied` unless ``role`` may perform ``action``."""
    if not can(role, action):
        raise PermissionDenied("error.forbidden", action=str(action), role=str(role))
