"""The case workflow as a stateful property test: random actors try random actions with fresh or
stale versions; the store must do exactly what the model allows, refuse the rest with a clear
error, and never change a case on a refusal."""

from __future__ import annotations

import itertools
from datetime import date

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from casework import (
    TRANSITIONS,
    CaseworkError,
    ConflictError,
    IllegalTransition,
    PermissionDenied,
    State,
    Store,
    User,
    can,
)
from casework.intake import new_case
from casework.permissions import Action, Role
from casework.schema import Case, CaseEvent
from casework.states import DUTCH_IDS, OUTCOME_STATES

_households = itertools.count()
DUTCH_NAMES = {state: name for name, state in DUTCH_IDS.items()}
# Team members more often: they are the ones whose rights depend on the case's state.
ACTORS = ["werker", "werker2", "leider"] * 3 + [
    "noord",
    "noordleider",
    "steward",
    "ethiek",
    "beheer",
]


def make_machine(store: Store, people: dict[str, User]) -> type[RuleBasedStateMachine]:
    class Workflow(RuleBasedStateMachine):
        @initialize()
        def new_proposal(self) -> None:
            with store.write() as session:
                case = new_case(
                    household_id=f"hh_machine_{next(_households):06d}",
                    team="wijkteam",
                    month=date(2025, 1, 1),
                    origin="model",
                    score_row={"score": 0.5, "rank": 1, "model_version": "m"},
                    explanation=None,
                    threat=None,
                    today=date(2025, 1, 2),
                )
                session.add(case)
                session.flush()
                self.case_id, self.version = case.id, case.version
            self.state, self.coordinator, self.events = State.PROPOSED, None, 0

        # -- the model's rules -----------------------------------------------------------
        def _may_change(self, actor: User, action: Action) -> bool:
            if not can(actor.role, action) or actor.team != "wijkteam":
                return False
            if self.state == State.CLOSED:
                return False
            return not (
                actor.role == Role.MAATSCHAPPELIJK_WERKER
                and self.coordinator is not None
                and self.coordinator != actor.username
            )

        def _attempt(self, call, *, allowed: bool, stale: bool):  # type: ignore[no-untyped-def]
            version = self.version - 1 if stale else self.version
            if allowed and not stale:
                summary = call(version)
                self.version = summary.version
                self.events += 1
                return summary
            try:
                call(version)
            except ConflictError:
                assert stale, "conflict reported for a fresh version"
            except (PermissionDenied, IllegalTransition, CaseworkError) as err:
                assert str(err), "a refusal must explain itself"
            else:
                raise AssertionError("the store allowed what the model refuses")
            return None

        # -- actions ---------------------------------------------------------------------
        @rule(who=st.sampled_from(ACTORS), stale=st.booleans())
        def take(self, who: str, stale: bool) -> None:
            actor = people[who]
            allowed = (
                self._may_change(actor, Action.TAKE_CASE)
                and State.ASSIGNED in TRANSITIONS[self.state]
            )
            if self._attempt(
                lambda v: store.take(actor, self.case_id, expected_version=v),
                allowed=allowed,
                stale=stale,
            ):
                self.state, self.coordinator = State.ASSIGNED, who

        @rule(
            who=st.sampled_from(ACTORS),
            to=st.sampled_from(["werker", "werker2", "noord"]),
            stale=st.booleans(),
        )
        def assign(self, who: str, to: str, stale: bool) -> None:
            actor = people[who]
            allowed = self._may_change(actor, Action.ASSIGN_CASE) and people[to].team == "wijkteam"
            if self._attempt(
                lambda v: store.assign(actor, self.case_id, to, expected_version=v),
                allowed=allowed,
                stale=stale,
            ):
                self.coordinator = to
                if self.state == State.PROPOSED:
                    self.state = State.ASSIGNED

        @rule(
            who=st.sampled_from(ACTORS),
            goal=st.sampled_from(list(State)),
            stale=st.booleans(),
            dutch=st.booleans(),
        )
        def transition(self, who: str, goal: State, stale: bool, dutch: bool) -> None:
            actor, target = people[who], goal
            allowed = (
                self._may_change(actor, Action.TRANSITION)
                and target in TRANSITIONS[self.state]
                and target != State.CLOSED
            )
            name = (
                {v: k for k, v in __import__("casework").states.DUTCH_IDS.items()}[target]
                if dutch
                else target.value
            )
            if self._attempt(
                lambda v: store.transition(
                    actor, self.case_id, name, reason="omdat", expected_version=v
                ),
                allowed=allowed,
                stale=stale,
            ):
                self.state = target
                if target == State.ASSIGNED and self.coordinator is None:
                    self.coordinator = who
                if target == State.PROPOSED:
                    self.coordinator = None

        @rule(
            who=st.sampled_from(ACTORS),
            fix=st.sampled_from(["individueel", "systeem", "geen"]),
            stale=st.booleans(),
        )
        def close(self, who: str, fix: str, stale: bool) -> None:
            actor = people[who]
            allowed = self._may_change(actor, Action.CLOSE_CASE) and self.state in OUTCOME_STATES
            rules = ["Verhoging CJIB en beslagvrije voet"] if fix == "systeem" else []
            if self._attempt(
                lambda v: store.close_case(
                    actor,
                    self.case_id,
                    fix_kind=fix,
                    reason="klaar",
                    clashing_rules=rules,
                    expected_version=v,
                ),
                allowed=allowed,
                stale=stale,
            ):
                self.state = State.CLOSED

        @rule(who=st.sampled_from(ACTORS), stale=st.booleans())
        def skip(self, who: str, stale: bool) -> None:
            actor = people[who]
            allowed = (
                can(actor.role, Action.OVERRIDE)
                and actor.team == "wijkteam"
                and self.state == State.PROPOSED
            )
            if self._attempt(
                lambda v: store.skip(
                    actor,
                    self.case_id,
                    reason_code="al_in_beeld",
                    reason_text="bekend bij schuldhulp",
                    expected_version=v,
                ),
                allowed=allowed,
                stale=stale,
            ):
                self.state = State.CLOSED

        @rule(who=st.sampled_from(ACTORS))
        def note(self, who: str) -> None:
            actor = people[who]
            allowed = (
                can(actor.role, Action.ADD_NOTE)
                and actor.team == "wijkteam"
                and self.state != State.CLOSED
            )
            try:
                store.add_note(actor, self.case_id, "<b>gebeld</b>, geen gehoor")
            except CaseworkError:
                assert not allowed
            else:
                assert allowed

        # -- invariants ------------------------------------------------------------------
        @invariant()
        def store_matches_model(self) -> None:
            with store.read() as session:
                case = session.get(Case, self.case_id)
                assert case is not None
                assert case.state == self.state.value
                assert case.version == self.version
                assert case.coordinator == self.coordinator or self.state == State.CLOSED
                n = session.execute(
                    select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case.id)
                ).scalar_one()
                assert n == self.events

        def teardown(self) -> None:
            assert store.verify_audit().ok

    return Workflow


def test_workflow_state_machine(store: Store, people: dict[str, User]) -> None:
    machine = make_machine(store, people)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            # Shrinking replays hundreds of database transactions (minutes); a failing run
            # prints its full step sequence instead.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )
