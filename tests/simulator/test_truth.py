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
