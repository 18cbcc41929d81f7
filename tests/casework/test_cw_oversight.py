"""Human oversight: overrides with reasons, reported by group; ethics sees no names."""

from __future__ import annotations

import json

import pytest

from casework import OVERRIDE_REASONS, CaseworkError, State, Store, User, reason_label


def test_skip_needs_a_listed_reason_and_text(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=2)
    worker = people["werker"]
    case = store.list_cases(worker)[0]
    with pytest.raises(CaseworkError, match="Kies uit: al_in_beeld"):
        store.skip(
            worker, case.id, reason_code="geen_zin", reason_text="x", expected_version=case.version
        )
    with pytest.raises(CaseworkError, match="waarom u afwijkt"):
        store.skip(
            worker, case.id, reason_code="anders", reason_text="  ", expected_version=case.version
        )
    skipped = store.skip(
        worker,
        case.id,
        reason_code="situatie_opgelost",
        reason_text="betalingsregeling loopt",
        expected_version=case.version,
    )
    assert skipped.state == State.CLOSED
    page = store.get_case(people["leider"], case.id)
    assert page.outcome == "overgeslagen"
    assert "betalingsregeling loopt" in (page.events[-1].reason or "")
    other = store.list_cases(worker)[0]
    taken = store.take(worker, other.id, expected_version=other.version)
    with pytest.raises(CaseworkError, match="Voorgesteld"):
        store.skip(
            worker, other.id, reason_code="anders", reason_text="x", expected_version=taken.version
        )


def test_add_household_the_model_did_not_rank(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=1)
    worker = people["werker"]
    ranked = {c.household_id for c in store.list_cases(worker)}
    hh = next(h for h in sorted(world.households) if h not in ranked)
    bsn = world.bsn[world.households[hh][0]]
    added = store.add_household(
        worker,
        bsn=bsn,
        month=world.months[0],
        reason_code="signaal_van_elders",
        reason_text="woningcorporatie meldt huurachterstand",
    )
    assert added.origin == "override" and added.household_id == hh and added.state == "proposed"
    assert added.rank is not None and added.rank > 1  # its own score is kept for comparison
    with pytest.raises(CaseworkError, match="loopt al casus"):
        store.add_household(
            worker,
            household_id=hh,
            month=world.months[0],
            reason_code="anders",
            reason_text="nog eens",
        )
    with pytest.raises(CaseworkError, match="niet bekend"):
        store.add_household(
            worker,
            household_id="hh_onbekend",
            month=world.months[0],
            reason_code="anders",
            reason_text="x",
        )


def test_override_report_by_group_with_small_cells_suppressed(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=6)
    worker = people["werker"]
    for case in store.list_cases(worker)[:4]:
        store.skip(
            worker,
            case.id,
            reason_code="al_in_beeld",
            reason_text="bekend",
            expected_version=case.version,
        )
    rows = store.override_report(people["ethiek"], by="geslacht", min_cell=1)
    assert sum(r.count or 0 for r in rows) == 4
    assert {r.group for r in rows} <= {"m", "v"}
    assert all(r.kind == "skip" and r.reason_code == "al_in_beeld" for r in rows)
    assert sum(r.proposals_in_group or 0 for r in {(r.group): r for r in rows}.values()) <= 6
    suppressed = store.override_report(people["ethiek"], by="geslacht", min_cell=5)
    assert all(r.count is None for r in suppressed)
    assert reason_label("al_in_beeld", "en").startswith("Household")
    assert len(OVERRIDE_REASONS) == 6
    with pytest.raises(CaseworkError):
        store.override_report(people["ethiek"], by="naam")


def test_ethics_sees_explanations_without_names(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=3)
    rows = store.pseudonymised_explanations(people["ethiek"], month=world.months[0])
    assert len(rows) == 3 and rows[0]["explanation"][0]["sentence_nl"]
    dumped = json.dumps(rows, default=str)
    assert not any(name in dumped for name in world.names.values())
    assert not any(bsn in dumped for bsn in world.bsn.values())
    summary = store.access_log_summary(people["ethiek"])
    assert {"actor": "ethiek", "action": "view_pseudonymised"} in [
        {"actor": r["actor"], "action": r["action"]} for r in summary
    ]


def test_capacity_and_workload(store: Store, world, people: dict[str, User]) -> None:
    store.intake(month=world.months[0], k=4)
    lead = people["leider"]
    cases = store.list_cases(lead)
    store.assign(lead, cases[0].id, "werker", expected_version=cases[0].version)
    store.assign(lead, cases[1].id, "werker", expected_version=cases[1].version)
    store.take(people["werker2"], cases[2].id, expected_version=cases[2].version)
    store.set_capacity(lead, "wijkteam", per_month=4, per_worker=1)
    load = {w.username: w for w in store.workload(lead)}
    assert load["werker"].open_cases == 2 and load["werker"].over_capacity
    assert load["werker2"].open_cases == 1 and not load["werker2"].over_capacity
    cap = store.capacity(lead)
    assert (cap.capacity_per_month, cap.open_cases, cap.proposed, cap.unassigned) == (4, 4, 1, 1)
    assert cap.workers == 2 and cap.worker_capacity == 2


def test_outcome_report_shows_system_problems(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=3)
    lead = people["leider"]
    rules = ["CJIB-verhoging bovenop CAK-bestuursrechtelijke premie"]
    for i, case in enumerate(store.list_cases(lead)[:2]):
        v = store.assign(lead, case.id, "werker", expected_version=case.version).version
        for step in ("contact_sought", "in_conversation", "help_started"):
            v = store.transition(lead, case.id, step, reason="stap", expected_version=v).version
        store.close_case(
            lead,
            case.id,
            fix_kind="systeem" if i == 0 else "individueel",
            clashing_rules=rules if i == 0 else [],
            reason="klaar",
            expected_version=v,
        )
    with pytest.raises(CaseworkError, match="regels"):
        store.close_case(lead, 999, fix_kind="systeem", reason="x", expected_version=1)
    report = store.outcome_report(people["ethiek"])
    assert {(o["outcome"], o["fix_kind"], o["count"]) for o in report["outcomes"]} == {
        ("help_started", "systeem", 1),
        ("help_started", "individueel", 1),
    }
    assert report["clashing_rules"] == [{"rule": rules[0], "count": 1}]
    assert report["deadlines"] == {"gehaald": 2}
