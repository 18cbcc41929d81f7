"""Inzage: a resident sees their data and who viewed it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from casework import Store, User
from casework.cli import app


def test_resident_sees_data_and_viewers(store: Store, world, people: dict[str, User]) -> None:
    store.intake(month=world.months[0], k=2)
    worker = people["werker"]
    case = store.list_cases(worker)[0]
    page = store.get_case(worker, case.id)
    store.get_case(people["leider"], case.id)
    me, *others = page.persons
    report = store.inzage(people["beheer"], me.bsn)
    assert [c["casus"] for c in report["casussen"]] == [case.id]
    own = report["casussen"][0]["gegevens"]
    assert [p["naam"] for p in own] == [me.naam]  # not the other members' details
    assert all(o.naam not in json.dumps(report) for o in others)
    viewers = [(v["door"], v["wat"]) for v in report["inzage_door_anderen"]]
    assert ("werker", "view_case") in viewers and ("leider", "view_case") in viewers
    registered = [
        m
        for m in world.months
        if not (case.household_id in world.moved_out and m == world.months[-1])
    ]
    assert [s["maand"] for s in report["scores"]] == [m.isoformat() for m in registered]
    assert report["scores"][0]["redenen"]
    # the request itself is logged, without the BSN
    with store.read() as s:
        from sqlalchemy import select

        from casework.schema import AuditEntry

        last = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
    assert last is not None and last.action == "inzage" and me.bsn not in last.detail
    again = store.inzage(people["beheer"], me.bsn)
    assert ("systeem:inzage", "inzage") not in viewers
    assert ("beheer", "inzage") in [(v["door"], v["wat"]) for v in again["inzage_door_anderen"]]


def test_unknown_resident_gets_an_empty_answer(store: Store, people) -> None:
    report = store.inzage(people["beheer"], "123456782")
    assert report["casussen"] == [] and report["inzage_door_anderen"] == []


def test_inzage_command(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=1)
    page = store.get_case(people["werker"], store.list_cases(people["werker"])[0].id)
    env = {"VROEGSIGNAAL_DATABASE_URL": store.url} if store.dialect != "sqlite" else {}
    args = ["inzage", "--bsn", page.persons[0].bsn, "--data", str(world.data.root)]
    result = CliRunner().invoke(app, [*args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["casussen"][0]["gegevens"][0]["naam"] == page.persons[0].naam
    text = CliRunner().invoke(app, args, env=env)
    assert "Ingezien door anderen" in text.output and "werker" in text.output
