"""The deliveries follow the contract: validate accepts every record of a fault-free run, and
reports exactly the injected faults (and nothing else) with --faults."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from signals.validate import KnownEvents, iter_delivery_files, validate_file


def _validate_all(root: Path) -> tuple[list, set[tuple[str, int | None, str]]]:
    known = KnownEvents()
    reports, rejects = [], set()
    for f in iter_delivery_files([root]):
        r = validate_file(f, known=known, collect=False).report
        reports.append(r)
        rel = str(f.relative_to(root))
        rejects |= {(rel, rej.line, str(rej.code)) for rej in r.rejects}
    return reports, rejects


def test_validate_accepts_every_record_of_a_fault_free_run(world):
    root, summary = world
    reports, rejects = _validate_all(root)
    assert rejects == set()
    kinds = {r.kind for r in reports}
    assert kinds == {"events", "signals", "brp", "uitkomsten", "contact"}
    assert sum(r.received for r in reports) == sum(r.accepted for r in reports) > 10_000
    # Every delivery month has a BRP extract, and the summary lists every file written.
    assert len(list((root / "brp").glob("*.csv"))) == summary["months"] == 30
    assert set(summary["deliveries"]) <= {str(p.relative_to(root)) for p in root.rglob("*.*")}


def test_faults_are_reported_exactly(faulty_world):
    root, summary = faulty_world
    expected = json.loads((root / summary["faults"]["file"]).read_text(encoding="utf-8"))["faults"]
    reports, rejects = _validate_all(root)
    assert rejects == {(f["path"], f["line"], f["code"]) for f in expected}
    codes = {f["code"] for f in expected}
    assert {"GEEN_JSON", "ONGELDIG_BSN", "VERWIJZING_ONBEKEND", "ONLEESBAAR_BESTAND"} <= codes
    # A whole-file fault counts all its records; the counts per code reconcile with validate.
    by_code: dict[str, int] = {}
    for r in reports:
        for code, n in r.counts_by_code().items():
            by_code[code] = by_code.get(code, 0) + n
    assert by_code == summary["faults"]["by_code"]
    assert summary["faults"]["count"] == sum(by_code.values())


def test_knowledge_times_lie_in_the_delivery_month_and_are_ordered(world):
    root, _ = world
    for path in sorted((root / "landing").glob("*/*.jsonl"))[:12]:
        month = path.stem
        stamps = [json.loads(line)["datumtijd_gebeurtenis"] for line in path.open()]
        assert all(s.startswith(month) for s in stamps), path
        assert stamps == sorted(stamps, key=lambda s: s[:19]), path


def test_some_events_are_registered_late(world):
    root, _ = world
    late = 0
    for path in (root / "landing" / "cjib").glob("*.jsonl"):
        for line in path.open():
            e = json.loads(line)
            happened = e.get("datum_betaling") or e.get("datumtijd_opgelegd", "")[:10]
            if happened and happened[:7] < path.stem:
                late += 1
    assert late > 10


def test_brp_households_follow_the_contract_rule(world):
    """People at one address joined by partner and parent-child links form one household; the
    simulator's own households (truth/members) must coincide with that rule."""
    import pyarrow.parquet as pq

    root, _ = world
    month = "2024-06"
    rows = list(csv.DictReader((root / "brp" / f"{month}.csv").open(), delimiter=";"))
    parent = {r["bsn"]: r["bsn"] for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    addr = {r["bsn"]: r["adres_id"] for r in rows}
    for r in rows:
        for other in (r["partner_bsn"], r["ouder1_bsn"], r["ouder2_bsn"]):
            if other in addr and addr[other] == r["adres_id"]:
                parent[find(r["bsn"])] = find(other)
    members = pq.read_table(root / "truth" / "members.parquet").to_pandas()
    members = members[members["month"] == date(2024, 6, 1)]
    sim = members.groupby("household")["bsn"].apply(frozenset)
    rule: dict[str, set[str]] = {}
    for b in addr:
        rule.setdefault(find(b), set()).add(b)
    assert {frozenset(s) for s in rule.values()} == set(sim)
    sizes = [len(s) for s in rule.values()]
    assert 1.8 < sum(sizes) / len(sizes) < 2.4
