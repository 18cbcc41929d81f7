"""Metrics at the team's outreach capacity ``k``, per as-of month.

Outreach capacity binds, so the headline figure is precision at ``k``: of the ``k`` households a
team can reach this month, how many would have had their debts turn problematic. Every function
takes one month's households; the caller loops over months.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss

__all__ = [
    "brier",
    "calibration_points",
    "capacity_k",
    "pr_auc",
    "precision_at_k",
    "rank_order",
    "recall_at_k",
]

FloatArray = npt.NDArray[np.float64]


def capacity_k(residents: int, *, per_1000: float = 2.0) -> int:
    """Outreach capacity per month: ``per_1000`` households per 1,000 residents, rounded up
    (at least 1)."""
    if residents <= 0:
        raise ValueError("residents must be positive")
    return max(1, math.ceil(residents * per_1000 / 1000))


def rank_order(keys: Sequence[npt.ArrayLike], tiebreak: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Ranks (1 = first) for one month: by ``keys`` descending, most significant first, then by
    ``tiebreak`` ascending (the household id), so equal scores rank the same way every time."""
    columns = [np.asarray(tiebreak)] + [-np.asarray(k, dtype=np.float64) for k in reversed(keys)]
    order = np.lexsort(columns)
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def _top(ranks: npt.ArrayLike, k: int) -> npt.NDArray[np.bool_]:
    return np.asarray(ranks) <= k


def precision_at_k(labels: npt.ArrayLike, ranks: npt.ArrayLike, k: int) -> float:
    """Share of positives among the ``k`` best-ranked households. When fewer than ``k`` households
    exist, the empty places count as misses (the capacity stays ``k``)."""
    y = np.asarray(labels, dtype=bool)
    if k <= 0:
        raise ValueError("k must be positive")
    return float(y[_top(ranks, k)].sum() / k)


def recall_at_k(labels: npt.ArrayLike, ranks: npt.ArrayLike, k: int) -> float:
    """Share of the month's positives among the ``k`` best-ranked; NaN without positives."""
    y = np.asarray(labels, dtype=bool)
    total = int(y.sum())
    if total == 0:
        return float("nan")
    return float(y[_top(ranks, k)].sum() / total)


def pr_auc(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Area under the precision-recall curve (average precision); NaN without positives."""
    y = np.asarray(labels, dtype=bool)
    if not y.any():
        return float("nan")
    return float(average_precision_score(y, np.asarray(scores, dtype=np.float64)))


def brier(labels: npt.ArrayLike, probabilities: npt.ArrayLike) -> float:
    """Mean squared error of the probabilities (lower is better)."""
    y = np.asarray(labels, dtype=bool)
    if len(y) == 0:
        return float("nan")
    return float(brier_score_loss(y, np.clip(np.asarray(probabilities, dtype=np.float64), 0, 1)))


def calibration_points(
    labels: npt.ArrayLike, probabilities: npt.ArrayLike, *, bins: int = 10
) -> list[dict[str, float]]:
    """Calibration curve in quantile bins: ``[{"predicted": mean, "observed": label rate}]``."""
    y = np.asarray(labels, dtype=bool)
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 0, 1)
    if len(y) == 0 or y.all() or not y.any():
        return []
    observed, predicted = calibration_curve(y, p, n_bins=bins, strategy="quantile")
    return [
        {"predicted": float(a), "observed": float(b)}
        for a, b in zip(predicted, observed, strict=True)
    ]
