"""Group-aware selection that equalises recall (optional; an explicit policy choice).

Per group, the scores of the households that went on to have problematic debt in the *fitting*
months give that group's recall curve: ``r_g(s)`` is the share of the group's positives with a
score of at least ``s``. In each later month the team's k places go to the households with the
lowest ``r_g(score)`` (the most certain within their own group), which amounts to one common
recall level for every group, i.e. per-group thresholds. Groups with too few positives to fit
share the pooled curve. It needs the protected attribute at selection time, never as a model
input. The report compares it with the unmitigated selection on the same later months.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairness._bootstrap import cluster_weights, percentile_interval
from fairness._policy import Policy

__all__ = ["fit_recall_curves", "group_aware_selection", "mitigation_report"]

_POOLED = "__alle__"


def fit_recall_curves(
    frame: pd.DataFrame, *, attribute: str, min_positives: int
) -> dict[str, np.ndarray]:
    """Sorted scores of the positives per group of ``attribute`` (plus the pooled curve)."""
    positives = frame[frame["label"]]
    curves = {_POOLED: np.sort(positives["score"].to_numpy(dtype=float))}
    for group, rows in positives.groupby(attribute):
        if len(rows) >= min_positives:
            curves[str(group)] = np.sort(rows["score"].to_numpy(dtype=float))
    return curves


def group_aware_selection(
    frame: pd.DataFrame, *, attribute: str, curves: dict[str, np.ndarray], k: dict[Any, int]
) -> pd.Series:
    """Selected (bool, aligned with ``frame``): per month the ``k[month]`` households with the
    lowest within-group recall level, ties broken by the higher score."""
    level = np.empty(len(frame))
    groups = frame[attribute].astype(str).to_numpy()
    scores = frame["score"].to_numpy(dtype=float)
    for group in np.unique(groups):
        curve = curves.get(group, curves[_POOLED])
        at = groups == group
        if len(curve) == 0:
            level[at] = 1.0 - scores[at]
            continue
        # share of the group's positives scoring at least this high
        level[at] = 1.0 - np.searchsorted(curve, scores[at], side="left") / len(curve)
    ranked = pd.DataFrame(
        {"month": frame["month"].to_numpy(), "level": level, "score": scores}, index=frame.index
    ).sort_values(["month", "level", "score"], ascending=[True, True, False], kind="stable")
    position = ranked.groupby("month").cumcount()
    limit = ranked["month"].map(k).fillna(0).astype(int)
    return (position < limit).reindex(frame.index)


def _precision(selected: pd.Series, label: pd.Series) -> float:
    chosen = int(selected.sum())
    return float((selected & label).sum()) / chosen if chosen else float("nan")


def _recall_by_group(frame: pd.DataFrame, selected: pd.Series, attribute: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for group, rows in frame.groupby(attribute):
        positives = rows["label"]
        out[str(group)] = (
            float((selected.loc[rows.index] & positives).sum() / positives.sum())
            if positives.sum()
            else float("nan")
        )
    return out


def mitigation_report(frame: pd.DataFrame, *, policy: Policy) -> dict[str, Any]:
    """Fit on the first half of the months, compare on the second half (both at capacity k)."""
    attribute = policy.mitigation_attribute
    months = sorted(set(frame["month"]))
    cut = max(1, len(months) // 2)
    fit_months, apply_months = months[:cut], months[cut:] or months
    fit = frame[frame["month"].isin(fit_months)]
    apply = frame[frame["month"].isin(apply_months)]
    curves = fit_recall_curves(fit, attribute=attribute, min_positives=policy.min_positives)
    k = apply.groupby("month")["selected"].sum().astype(int).to_dict()
    mitigated = group_aware_selection(apply, attribute=attribute, curves=curves, k=k)
    before = apply["selected"].astype(bool)
    label = apply["label"].astype(bool)
    recall_before = _recall_by_group(apply, before, attribute)
    recall_after = _recall_by_group(apply, mitigated, attribute)
    fitted = [g for g in recall_before if g in curves]

    def min_ratio(recall: dict[str, float]) -> float | None:
        values = [recall[g] for g in fitted if np.isfinite(recall[g])]
        return round(min(values) / max(values), 6) if values and max(values) > 0 else None

    p_before, p_after = _precision(before, label), _precision(mitigated, label)
    intervals = _precision_intervals(apply, before, mitigated, policy)
    return {
        "enabled": policy.mitigation_enabled,
        "attribute": attribute,
        "fit_months": [m.isoformat() for m in fit_months],
        "apply_months": [m.isoformat() for m in apply_months],
        "in_sample": len(months) < 2,
        "precision_at_k": {"unmitigated": round(p_before, 6), "mitigated": round(p_after, 6)},
        "precision_cost": round(p_before - p_after, 6),
        "precision_at_k_ci": intervals,
        "recall_by_group": {
            g: {"unmitigated": _round(recall_before[g]), "mitigated": _round(recall_after[g])}
            for g in recall_before
        },
        "groups_fitted": fitted,
        "min_recall_ratio": {
            "unmitigated": min_ratio(recall_before),
            "mitigated": min_ratio(recall_after),
        },
    }


def _precision_intervals(
    apply: pd.DataFrame, before: pd.Series, after: pd.Series, policy: Policy
) -> dict[str, list[float | None]]:
    """Household-bootstrap intervals of precision@k without and with mitigation, and of the
    cost (their difference, per replicate)."""
    counts, codes = cluster_weights(
        apply["household_id"], replicates=policy.replicates, seed=policy.seed
    )
    label = apply["label"].to_numpy(dtype=bool)
    per_household = np.zeros((counts.shape[1], 4))
    columns = [
        before.to_numpy(bool),
        before.to_numpy(bool) & label,
        after.to_numpy(bool),
        after.to_numpy(bool) & label,
    ]
    for j, column in enumerate(columns):
        per_household[:, j] = np.bincount(codes, weights=column, minlength=counts.shape[1])
    sums = counts.astype(np.float64) @ per_household
    with np.errstate(divide="ignore", invalid="ignore"):
        p_before = sums[:, 1] / sums[:, 0]
        p_after = sums[:, 3] / sums[:, 2]
    samples = np.column_stack([p_before, p_after, p_before - p_after])
    low, high = percentile_interval(samples, confidence=policy.confidence)
    names = ("unmitigated", "mitigated", "cost")
    return {
        n: [_round(float(lo)), _round(float(hi))]
        for n, lo, hi in zip(names, low, high, strict=True)
    }


def _round(value: float) -> float | None:
    return round(value, 6) if np.isfinite(value) else None
