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

import warnings
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
    samples = _replicates(apply, before, mitigated, policy, attribute=attribute, fitted=fitted)
    return {
        "enabled": policy.mitigation_enabled,
        "attribute": attribute,
        "fit_months": [m.isoformat() for m in fit_months],
        "apply_months": [m.isoformat() for m in apply_months],
        "in_sample": len(months) < 2,
        "precision_at_k": {"unmitigated": round(p_before, 6), "mitigated": round(p_after, 6)},
        "precision_cost": round(p_before - p_after, 6),
        "precision_at_k_ci": {
            name: _interval(samples[name], policy) for name in ("unmitigated", "mitigated", "cost")
        },
        "recall_by_group": {
            g: {
                "unmitigated": _round(recall_before[g]),
                "mitigated": _round(recall_after[g]),
                "unmitigated_ci": _interval(samples[f"recall|unmitigated|{g}"], policy),
                "mitigated_ci": _interval(samples[f"recall|mitigated|{g}"], policy),
            }
            for g in recall_before
        },
        "groups_fitted": fitted,
        "min_recall_ratio": {
            "unmitigated": min_ratio(recall_before),
            "mitigated": min_ratio(recall_after),
            "unmitigated_ci": _interval(samples["min_ratio|unmitigated"], policy),
            "mitigated_ci": _interval(samples["min_ratio|mitigated"], policy),
        },
    }


def _replicates(
    apply: pd.DataFrame,
    before: pd.Series,
    after: pd.Series,
    policy: Policy,
    *,
    attribute: str,
    fitted: list[str],
) -> dict[str, np.ndarray]:
    """Household-bootstrap replicates (shape ``(replicates,)`` each) of precision@k without and
    with mitigation, their difference (``cost``), every group's recall, and the smallest recall
    ratio among the fitted groups; so every figure of the comparison carries an interval."""
    counts, codes = cluster_weights(
        apply["household_id"], replicates=policy.replicates, seed=policy.seed
    )
    label = apply["label"].to_numpy(dtype=bool)
    chosen = {"unmitigated": before.to_numpy(bool), "mitigated": after.to_numpy(bool)}
    groups = apply[attribute].astype(str).to_numpy()
    names = sorted(set(groups))
    columns: list[np.ndarray] = []
    for selected in chosen.values():
        columns += [selected, selected & label]
        for group in names:
            columns += [label & (groups == group), selected & label & (groups == group)]
    per_household = np.column_stack(
        [np.bincount(codes, weights=c, minlength=counts.shape[1]) for c in columns]
    )
    sums = counts.astype(np.float64) @ per_household
    out: dict[str, np.ndarray] = {}
    width = 2 + 2 * len(names)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN replicates
        for j, name in enumerate(chosen):
            block = sums[:, j * width : (j + 1) * width]
            out[name] = block[:, 1] / block[:, 0]
            recall = {g: block[:, 3 + 2 * i] / block[:, 2 + 2 * i] for i, g in enumerate(names)}
            for g, values in recall.items():
                out[f"recall|{name}|{g}"] = values
            if fitted:
                stacked = np.column_stack([recall[g] for g in fitted])
                out[f"min_ratio|{name}"] = np.nanmin(stacked, axis=1) / np.nanmax(stacked, axis=1)
            else:
                out[f"min_ratio|{name}"] = np.full(len(sums), np.nan)
    out["cost"] = out["unmitigated"] - out["mitigated"]
    return out


def _interval(samples: np.ndarray, policy: Policy) -> list[float | None]:
    low, high = percentile_interval(samples[:, None], confidence=policy.confidence)
    return [_round(float(low[0])), _round(float(high[0]))]


def _round(value: float) -> float | None:
    return round(value, 6) if np.isfinite(value) else None
