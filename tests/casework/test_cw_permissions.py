"""The full role x action permission matrix, enforced by the real services on both backends."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

import pytest

from casework import (
    ROLE_PERMISSIONS,
    VIEW_PERMISSIONS,
    Action,
    CaseworkError,
    PermissionDenied,
    Role,
    Store,
    User,
    can,
)
from casework.intake import new_case
from casework.permissions import parse_role, require

W, T, S, E, B = (
    Role.MAATSCHAPPELIJK_WERKER,
    Role.TEAMLEIDER,
    Role.DATA_STEWARD,
    Role.ETHIEK_REVIEWER,
    Role.BEHEERDER,
)

#: The policy, written out independently of casework/permissions.py: action -> roles allowed.
POLICY: dict[Action, set[Role]] = {
    Action.LIST_CASES: {W, T},
    Action.VIEW_CASE: {W, T},
    Action.TAKE_CASE: {W, T},
    Action.ASSIGN_CASE: {T},
    Action.TRANSITION: {W, T},
    Action.ADD_NOTE: {W, T},
    Action.CLOSE_CASE: {W, T},
    Action.RECORD_OBJECTION: {W, T},
    Action.MARK_THREATENING: {W, T},
    Action.OVERRIDE: {W, T},
    Action.VIEW_WORKLOAD: {W, T},
    Action.SET_CAPACITY: {T, B},
    Action.VIEW_OVERRIDE_REPORT: {T, E},
    Action.VIEW_OUTCOME_REPORT: {T, E},
    Action.VIEW_PSEUDONYMISED_EXPLANATIONS: {E},
    Action.VIEW_ACCESS_LOG_SUMMARY: {E, B},
    Action.VIEW_MODEL_REPORTS: {T, E},
    Action.VIEW_DATA_QUALITY: {S, B},
    Action.VIEW_RAW_REJECTS: {S},
    Action.VIEW_RETENTION_LOG: {S, B},
    Action.MANAGE_USERS: {B},
    Action.RUN_INTAKE: {B},
    Action.RUN_RETENTION: {B},
    Action.VERIFY_AUDIT: {E, B},
    Action.ANSWER_INZAGE: {B},
}

#: Roles that must never see a person's name or contact details.
NO_CASE_CONTENT = {S, E, B}


def test_policy_covers_every_action_and_matches_the_one_table() -> None:
    assert set(POLICY) == set(Action)
    for role in Role:
        assert ROLE_PERMISSIONS[role] == {a for a, roles in POLICY.items() if role in roles}
        for action in Action:
            assert can(role, action) == (role in POLICY[action])
    for role in NO_CASE_CONTENT:
        assert not can(role, Action.VIEW_CASE)
        assert not can(role, Action.LIST_CASES)


def test_unknown_role_and_action_are_refused_clearly() -> None:
    assert not can("hacker", Action.VIEW_CASE)
    assert not can(W, "drop_database")
    with pytest.raises(PermissionDenied, match="Onbekende rol"):
        parse_role("hacker")
    with pytest.raises(PermissionDenied, match="mag dit niet"):
        require(S, Action.VIEW_CASE)


def test_every_view_has_a_permission() -> None:
    assert set(VIEW_PERMISSIONS) >= {"board", "case", "steward", "ethics", "users"}


def _drivers(
    store: Store, world, people: dict[str, User]
) -> dict[Action, Callable[[User], object]]:
    """One real service call per action, each on a case prepared for it (team ``wijkteam``)."""
    lead = people["leider"]
    month = world.months[0]

    def proposal() -> tuple[int, int]:
        return _fresh(store)

    def coordinated_by(actor: User, state: str | None = None) -> tuple[int, int]:
        case_id, version = proposal()
        coordinator = actor.username if actor.role in (W, T) else "werker"
        v = store.assign(lead, case_id, coordinator, expected_version=version).version
        for step in ["contact_sought", "in_conversation", state] if state else []:
            v = store.transition(
                lead, case_id, step, reason="voorbereiding", expected_version=v
            ).version
        return case_id, v

    def with_case(fn):  # type: ignore[no-untyped-def]
        def run(actor: User) -> object:
            case_id, version = proposal()
            return fn(actor, case_id, version)

        return run

    def with_owned(state: str | None, fn):  # type: ignore[no-untyped-def]
        def run(actor: User) -> object:
            case_id, version = coordinated_by(actor, state)
            return fn(actor, case_id, version)

        return run

    return {
        Action.LIST_CASES: lambda a: store.list_cases(a),
        Action.VIEW_CASE: with_case(lambda a, c, v: store.get_case(a, c)),
        Action.TAKE_CASE: with_case(lambda a, c, v: store.take(a, c, expected_version=v)),
        Action.ASSIGN_CASE: with_case(
            lambda a, c, v: store.assign(a, c, "werker", expected_version=v)
        ),
        Action.TRANSITION: with_owned(
            None,
            lambda a, c, v: store.transition(
                a, c, "contact_gezocht", reason="brief", expected_version=v
            ),
        ),
        Action.ADD_NOTE: with_case(lambda a, c, v: store.add_note(a, c, "gebeld")),
        Action.CLOSE_CASE: with_owned(
            "help_started",
            lambda a, c, v: store.close_case(
                a, c, fix_kind="individueel", reason="klaar", expected_version=v
            ),
        ),
        Action.RECORD_OBJECTION: with_case(
            lambda a, c, v: store.record_objection(a, c, reason="brief bewoner", expected_version=v)
        ),
        Action.MARK_THREATENING: with_case(
            lambda a, c, v: store.mark_threatening(
                a, c, reason="ontruiming aangezegd", expected_version=v
            )
        ),
        Action.OVERRIDE: with_case(
            lambda a, c, v: store.skip(
                a, c, reason_code="al_in_beeld", reason_text="bekend", expected_version=v
            )
        ),
        Action.VIEW_WORKLOAD: lambda a: store.workload(a, team="wijkteam"),
        Action.SET_CAPACITY: lambda a: store.set_capacity(a, "wijkteam", per_month=3),
        Action.VIEW_OVERRIDE_REPORT: lambda a: store.override_report(a),
        Action.VIEW_OUTCOME_REPORT: lambda a: store.outcome_report(a),
        Action.VIEW_PSEUDONYMISED_EXPLANATIONS: lambda a: store.pseudonymised_explanations(a),
        Action.VIEW_ACCESS_LOG_SUMMARY: lambda a: store.access_log_summary(a),
        Action.VIEW_RETENTION_LOG: lambda a: store.retention_log(a),
        Action.MANAGE_USERS: lambda a: store.disable_user("werker2", actor=a),
        Action.RUN_INTAKE: lambda a: store.intake(month=month, k=1, actor=a),
        Action.RUN_RETENTION: lambda a: store.retention(a),
        Action.VERIFY_AUDIT: lambda a: store.verify_audit(a),
        Action.ANSWER_INZAGE: lambda a: store.inzage(a, next(iter(world.bsn.values()))),
    }


_serial = itertools.count()


def _fresh(store: Store) -> tuple[int, int]:
    """A new proposal of team ``wijkteam`` for a household of its own."""
    with store.write() as session:
        case = new_case(
            household_id=f"hh_matrix_{next(_serial):06d}",
            team="wijkteam",
            month=date(2025, 1, 1),
            origin="model",
            score_row={"score": 0.4, "rank": 9, "model_version": "m"},
            explanation=None,
            threat=None,
            today=date(2025, 1, 2),
        )
        session.add(case)
        session.flush()
        return case.id, case.version


def test_role_action_matrix_is_enforced(store: Store, world, people: dict[str, User]) -> None:
    drivers = _drivers(store, world, people)
    actors = {
        W: people["werker"],
        T: people["leider"],
        S: people["steward"],
        E: people["ethiek"],
        B: people["beheer"],
    }
    observed: dict[tuple[Role, Action], bool] = {}
    for action, run in drivers.items():
        for role, actor in actors.items():
            try:
                run(actor)
            except PermissionDenied:
                observed[role, action] = False
            except CaseworkError as err:  # a refusal for another reason means the driver is wrong
                raise AssertionError(f"{role}/{action}: {err}") from err
            else:
                observed[role, action] = True
    expected = {(r, a): r in POLICY[a] for (r, a) in observed}
    wrong = {k: v for k, v in observed.items() if v != expected[k]}
    assert not wrong, f"matrix differs from the policy: {wrong}"
    assert len(observed) == len(drivers) * len(Role)


def test_team_scope_and_coordinator(store: Store, world, people: dict[str, User]) -> None:
    store.intake(month=world.months[0])
    case = store.list_cases(people["werker"])[0]
    for outsider in (people["noord"], people["noordleider"]):
        with pytest.raises(PermissionDenied, match="ander team"):
            store.get_case(outsider, case.id)
        assert store.list_cases(outsider) == []
    taken = store.take(people["werker"], case.id, expected_version=case.version)
    with pytest.raises(PermissionDenied, match="coördinator"):
        store.transition(
            people["werker2"], case.id, "contact_sought", reason="x", expected_version=taken.version
        )
    with pytest.raises(PermissionDenied):
        store.assign(people["leider"], case.id, "noord", expected_version=taken.version)
    moved = store.transition(
        people["leider"],
        case.id,
        "contact_sought",
        reason="lead helps",
        expected_version=taken.version,
    )
    assert moved.state == "contact_sought"
