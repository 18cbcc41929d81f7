import math

import numpy as np
import pytest

from models.metrics import (
    brier,
    calibration_points,
    capacity_k,
    pr_auc,
    precision_at_k,
    rank_order,
    recall_at_k,
)


def test_capacity_is_two_per_thousand_rounded_up():
    assert capacity_k(3000) == 6
    assert capacity_k(3001) == 7
    assert capacity_k(100, per_1000=2) == 1
    with pytest.raises(ValueError):
        capacity_k(0)


def test_rank_order_sorts_keys_descending_then_household_id():
    ranks = rank_order([[0.5, 0.9, 0.5, 0.1]], np.array(["hh_b", "hh_a", "hh_a2", "hh_c"]))
    # 0.9 first; the two 0.5 ties broken by household id ("hh_a2" < "hh_b")
    assert ranks.tolist() == [3, 1, 2, 4]


def test_rank_order_uses_later_keys_only_to_break_ties():
    signalled = [1, 0, 1, 1]
    agencies = [1, 4, 2, 2]
    amount = [900, 10_000, 100, 500]
    ranks = rank_order([signalled, agencies, amount], np.array(["a", "b", "c", "d"]))
    assert ranks.tolist() == [3, 4, 2, 1]


def test_precision_and_recall_at_k():
    labels = [True, False, True, True, False]
    ranks = [1, 2, 3, 4, 5]
    assert precision_at_k(labels, ranks, 2) == 0.5
    assert recall_at_k(labels, ranks, 2) == pytest.approx(1 / 3)
    assert precision_at_k(labels, ranks, 4) == 0.75
    # capacity larger than the month: empty places count as misses
    assert precision_at_k(labels, ranks, 10) == 0.3
    assert math.isnan(recall_at_k([False, False], [1, 2], 1))


def test_pr_auc_brier_and_calibration():
    labels = np.array([True, False, True, False])
    assert pr_auc(labels, [0.9, 0.1, 0.8, 0.2]) == 1.0
    assert pr_auc(labels, [0.1, 0.9, 0.2, 0.8]) < 0.6
    assert brier(labels, [1, 0, 1, 0]) == 0.0
    assert brier(labels, [0.5] * 4) == 0.25
    rng = np.random.default_rng(0)
    p = rng.random(5000)
    y = rng.random(5000) < p
    points = calibration_points(y, p, bins=5)
    assert len(points) == 5
    assert all(abs(pt["predicted"] - pt["observed"]) < 0.05 for pt in points)
    assert calibration_points([False, False], [0.1, 0.2]) == []
