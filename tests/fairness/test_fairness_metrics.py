"""Group metrics equal a direct computation from the confusion counts; intervals behave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fairness import compute_group_metrics
from fairness._bootstrap import cluster_weights, percentile_interval, resample_counts


def _direct(frame: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """Confusion counts per group with plain pandas, and the metrics from them."""
    out = []
    town = frame["label"].sum() / frame["score"].sum()
    for group, rows in frame.groupby(attribute):
        y, s = rows["label"].to_numpy(), rows["selected"].to_numpy()
        tp, fp = int((y & s).sum()), int((~y & s).sum())
        fn, tn = int((y & ~s).sum()), int((~y & ~s).sum())
        out.append(
            {
                "group": str(group),
                "n": tp + fp + fn + tn,
                "tp": tp,
                "fp": fp,
                "selection_rate": (tp + fp) / (tp + fp + fn + tn),
                "recall": tp / (tp + fn),
                "precision": tp / (tp + fp) if tp + fp else np.nan,
                "false_positive_rate": fp / (fp + tn),
                "calibration_ratio": (tp + fn) / rows["score"].sum(),
                "relative_calibration": (tp + fn) / rows["score"].sum() / town,
                "households": rows["household_id"].nunique(),
                "positive_households": rows.loc[rows["label"], "household_id"].nunique(),
                "recall_truth": (rows["true_prob"] * s).sum() / rows["true_prob"].sum(),
            }
        )
    return pd.DataFrame(out).set_index("group")


@pytest.fixture(scope="module")
def metrics(fair_frame, policy):
    return compute_group_metrics(
        fair_frame, attributes=policy.attributes, replicates=200, confidence=0.95, seed=3
    )


@pytest.mark.parametrize("attribute", ["geslacht", "wijk", "geslacht x migratieachtergrond"])
def test_group_metrics_equal_confusion_counts(fair_frame, metrics, attribute):
    expected = _direct(fair_frame, attribute)
    got = metrics.table[metrics.table["attribute"] == attribute].set_index("group")
    assert sorted(got.index) == sorted(expected.index)
    for column in expected.columns:
        np.testing.assert_allclose(
            got.loc[expected.index, column].to_numpy(dtype=float),
            expected[column].to_numpy(dtype=float),
            rtol=1e-9,
            err_msg=column,
        )


def test_intervals_hold_the_point_estimate(metrics):
    table = metrics.table[metrics.table["n"] >= 200]
    for metric in ("recall", "selection_rate", "calibration_ratio", "relative_calibration"):
        assert (table[f"{metric}_ci_low"] <= table[metric]).all(), metric
        assert (table[metric] <= table[f"{metric}_ci_high"]).all(), metric
        assert (table[f"{metric}_ci_low"] < table[f"{metric}_ci_high"]).all(), metric


def test_bootstrap_is_deterministic_and_resamples_households(fair_frame, policy):
    a = compute_group_metrics(
        fair_frame, attributes=("geslacht",), replicates=100, confidence=0.9, seed=5
    )
    b = compute_group_metrics(
        fair_frame, attributes=("geslacht",), replicates=100, confidence=0.9, seed=5
    )
    pd.testing.assert_frame_equal(a.table, b.table)
    counts, codes = cluster_weights(fair_frame["household_id"], replicates=50, seed=1)
    assert counts.shape == (50, fair_frame["household_id"].nunique())
    assert (counts.sum(axis=1) == counts.shape[1]).all()
    assert codes.max() == counts.shape[1] - 1


def test_percentile_interval_matches_numpy_and_leaves_out_undefined():
    rng = np.random.default_rng(0)
    samples = rng.normal(size=(1000, 2))
    samples[:100, 1] = np.nan
    low, high = percentile_interval(samples, confidence=0.9)
    assert low[0] == pytest.approx(np.quantile(samples[:, 0], 0.05))
    assert high[1] == pytest.approx(np.quantile(samples[100:, 1], 0.95))
    mostly_undefined = np.full((10, 1), np.nan)
    mostly_undefined[:3] = 1.0
    low, high = percentile_interval(mostly_undefined, confidence=0.9)
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_resample_counts_are_a_bootstrap():
    counts = resample_counts(1000, replicates=300, seed=2)
    # each unit is drawn on average once; about 1 - 1/e of the units appear in a replicate
    assert counts.mean() == pytest.approx(1.0)
    assert (counts > 0).mean() == pytest.approx(1 - np.exp(-1), abs=0.01)
