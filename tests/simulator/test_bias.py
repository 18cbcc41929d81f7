"""Each planted bias is recorded in the summary and measurable in the deliveries."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq


def _brp(root) -> dict[str, dict[str, str]]:
    last = sorted((root / "brp").glob("*.csv"))[-1]
    people: dict[str, dict[str, str]] = {}
    for path in sorted((root / "brp").glob("*.csv")):
        for r in csv.DictReader(path.open(), delimiter=";"):
            people[r["bsn"]] = r
    del last
    return people


def _primary_cases(root, bron: str, code: str) -> list[str]:
    bsns = []
    for path in (root / "landing" / bron).glob("*.jsonl"):
        for line in path.open(encoding="utf-8"):
            e = json.loads(line)
            if e.get("primaire_verplichting") and e.get("type_financiele_verplichting") == code:
                bsns.append(e["bsn"])
    return bsns


def _group_share(root, bron: str, code: str) -> float:
    people = _brp(root)
    bsns = [b for b in _primary_cases(root, bron, code) if b in people]
    return sum(people[b]["migratieachtergrond"] == "buiten_europa" for b in bsns) / len(bsns)


def test_biases_are_recorded_in_the_summary(biased_world):
    _, summary = biased_world
    kinds = {b["kind"]: b for b in summary["bias"]}
    assert set(kinds) == {"measurement", "label", "proxy"}
    measurement = [b for b in summary["bias"] if b["kind"] == "measurement"]
    assert {(b["bron"], b["factor"]) for b in measurement} == {("cjib", 0.3), ("duo", 0.2)}
    assert "cak_open_zaken" in kinds["proxy"]["features"]


def test_measurement_bias_shows_in_that_agency_only(biased_world, control_world):
    biased, _ = biased_world
    control, _ = control_world
    cjib = _group_share(biased, "cjib", "cjib_wahv") / _group_share(control, "cjib", "cjib_wahv")
    bd = _group_share(biased, "bd", "bd_inkomstenbelasting") / _group_share(
        control, "bd", "bd_inkomstenbelasting"
    )
    assert 0.15 < cjib < 0.6
    assert 0.75 < bd < 1.33


def test_label_bias_records_half_of_the_groups_outcomes(biased_world):
    root, _ = biased_world
    o = pq.read_table(root / "truth" / "outcomes.parquet").to_pandas()
    people = _brp(root)
    o = o[o["bsn"].isin(people)]
    women = o["bsn"].map(lambda b: people[b]["geslacht"] == "V")
    assert o.loc[~women, "recorded"].all()
    assert 0.3 < o.loc[women, "recorded"].mean() < 0.7
    delivered = set()
    for path in (root / "uitkomsten").glob("*.csv"):
        delivered |= {(r["bsn"], r["uitkomst"]) for r in csv.DictReader(path.open(), delimiter=";")}
    unrecorded = o[~o["recorded"]]
    assert len(unrecorded) > 0
    assert all(b in people for b in unrecorded["bsn"])


def test_proxy_encodes_the_group_in_that_agencys_deliveries(biased_world, control_world):
    root, _ = biased_world
    people = _brp(root)
    holders = set(_primary_cases(root, "cak", "cak_eigen_bijdrage_wmo"))
    group = {b for b, r in people.items() if r["migratieachtergrond"] == "buiten_europa"}
    others = set(people) - group
    assert len(holders & group) / len(group) > 0.3
    assert len(holders & others) / len(others) < 0.01
    control, _ = control_world
    assert not _primary_cases(control, "cak", "cak_eigen_bijdrage_wmo")


def _signal_share_of_wijk(root, wijk: str) -> float:
    """Share of the DUO legacy-signal rows that belong to residents of ``wijk`` (BRP of the
    same month)."""
    hits = total = 0
    for path in sorted((root / "landing" / "duo").glob("*.csv")):
        brp = {
            r["bsn"]: r["wijk"]
            for r in csv.DictReader((root / "brp" / path.name).open(), delimiter=";")
        }
        for r in csv.DictReader(path.open(), delimiter=";"):
            total += 1
            hits += brp.get(r["bsn"]) == wijk
    return hits / total


def test_measurement_bias_on_legacy_signals(biased_world, control_world):
    biased, _ = biased_world
    control, _ = control_world
    ratio = _signal_share_of_wijk(biased, "Oude Haven") / _signal_share_of_wijk(
        control, "Oude Haven"
    )
    assert ratio < 0.5
