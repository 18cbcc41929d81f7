"""The ground truth is consistent with the deliveries and stays out of them."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pyarrow.parquet as pq


def _outcomes(root) -> pd.DataFrame:
    rows = []
    for path in sorted((root / "uitkomsten").glob("*.csv")):
        rows += list(csv.DictReader(path.open(), delimiter=";"))
    df = pd.DataFrame(rows)
    df["month"] = pd.to_datetime(df["datum"]).dt.to_period("M").dt.to_timestamp().dt.date
    return df


def test_every_observed_outcome_follows_a_problematic_debt_onset(world):
    root, _ = world
    households = pq.read_table(root / "truth" / "households.parquet").to_pandas()
    members = pq.read_table(root / "truth" / "members.parquet").to_pandas()
    out = _outcomes(root)
    first = members["month"].min()
    out = out[out["month"] >= first]
    assert len(out) >= 20
    joined = out.merge(members, on=["bsn", "month"], how="left").merge(
        households[["household", "month", "onset_month"]], on=["household", "month"], how="left"
    )
    assert joined["household"].notna().all()
    assert (joined["onset_month"].notna()).all()
    assert (joined["onset_month"] <= joined["month"]).all()


def test_truth_probability_is_a_probability_and_ranks_real_outcomes(world):
    root, _ = world
    h = pq.read_table(root / "truth" / "households.parquet").to_pandas()
    members = pq.read_table(root / "truth" / "members.parquet").to_pandas()
    p = h["p_label_12m"]
    in_arrears = h["arrears_cent"] > 0
    assert p[in_arrears].notna().all()
    assert p.isna().any()  # households without claims or arrears have no label
    assert ((p[in_arrears] >= 0) & (p[in_arrears] <= 1)).all()
    # Label per household-month: an outcome recorded for a member within the next 12 months.
    out = _outcomes(root).merge(members, on=["bsn", "month"], how="inner")
    last = h["month"].max()
    labelled = h[in_arrears & (h["month"] <= date(last.year - 1, last.month, 1))].copy()
    hits = set()
    for hh, m in zip(out["household"], out["month"], strict=True):
        for k in range(1, 13):
            y, mm = divmod(m.month - 1 - k, 12)
            hits.add((hh, date(m.year + y, mm + 1, 1)))
    labelled["label"] = [
        (a, b) in hits for a, b in zip(labelled["household"], labelled["month"], strict=True)
    ]
    pos = labelled.loc[labelled["label"], "p_label_12m"]
    neg = labelled.loc[~labelled["label"], "p_label_12m"]
    assert len(pos) > 20
    assert pos.mean() > 2 * neg.mean()
    # Calibrated in the large: the mean truth probability is close to the observed rate.
    assert (
        abs(labelled["p_label_12m"].mean() - labelled["label"].mean())
        < 0.5 * labelled["label"].mean() + 0.01
    )


def test_truth_does_not_leak_into_deliveries(world):
    root, _ = world
    truth_words = ("fragility", "problematic", "p_label", "capacity", "onset")
    for path in list((root / "landing").rglob("*.*"))[:20] + list((root / "brp").glob("*.csv"))[:2]:
        head = path.read_text(encoding="utf-8")[:5000]
        assert not any(w in head for w in truth_words), path
    cols = set(pq.read_schema(root / "truth" / "households.parquet").names)
    assert {"household", "month", "problematic", "onset_month", "p_label_12m"} <= cols


def test_delivered_arrears_match_the_true_arrears(world):
    """The events, read the way the pipeline reads them (signals.casestate), give each household
    the arrears at CJIB and the Belastingdienst the simulator knows it has, except where an event
    is registered late."""
    from signals.casestate import derive_case_states, month_as_of
    from signals.validate import KnownEvents, validate_file

    root, _ = world
    month = date(2024, 9, 1)
    label = f"{month:%Y-%m}"
    known = KnownEvents()
    events: list[dict] = []
    for path in sorted((root / "landing").glob("*/*.jsonl"), key=lambda p: (p.stem, p.parent.name)):
        if path.stem > label or path.parent.name not in ("cjib", "bd"):
            continue
        table = validate_file(path, known=known).accepted
        events += table.to_pylist()
    states = derive_case_states(events, as_of=month_as_of(month.year, month.month))
    per_bsn: dict[str, int] = {}
    for s in states.values():
        per_bsn[s.bsn] = per_bsn.get(s.bsn, 0) + s.achterstand_cent
    members = pq.read_table(root / "truth" / "members.parquet").to_pandas()
    members = members[members["month"] == month]
    truth = pq.read_table(root / "truth" / "households.parquet").to_pandas()
    # Agencies that deliver events only (legacy signals hold just the arrears above a threshold).
    truth = truth[truth["month"] == month].set_index("household")
    truth = truth["arrears_cjib_cent"] + truth["arrears_bd_cent"]
    delivered = (
        members.assign(a=members["bsn"].map(per_bsn).fillna(0)).groupby("household")["a"].sum()
    )
    both = pd.DataFrame({"delivered": delivered, "truth": truth}).fillna(0)
    both = both[(both["delivered"] > 0) | (both["truth"] > 0)]
    assert len(both) > 100
    exact = (both["delivered"] == both["truth"]).mean()
    assert exact > 0.8, both[both["delivered"] != both["truth"]].head(10)
    total = both["truth"].sum()
    assert abs(both["delivered"].sum() - total) < 0.1 * total
