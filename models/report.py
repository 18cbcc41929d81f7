"""The metrics summary of a training run: model next to the baselines and the oracle.

Shape (also what ``vroegsignaal model report --json`` prints, plus ``model_version``)::

    {"k": int, "test_months": [iso dates], "per_1000": float | null,
     "precision_at_k": {"model", "threshold_rule", "logistic_regression", "oracle"},
     "recall_at_k": {...}, "pr_auc": {...}, "brier": {...},
     "fraction_of_oracle": float | null, "ratio_to_threshold_rule": float | null,
     "expected_precision_at_k": {...}, "expected_fraction_of_oracle": float | null,
     "per_month": [{"month", "k", "households", "positives", "model": {...}, ...}]}

Each headline value is the mean over the test months (NaN months, e.g. without positives, are
left out); ``oracle`` is null without the simulator's truth.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from models.training import RANKERS, TrainingResult

__all__ = ["HEADLINE_METRICS", "summarise"]

HEADLINE_METRICS = ("precision_at_k", "recall_at_k", "pr_auc", "brier")


def _mean(values: list[float]) -> float | None:
    finite = [v for v in values if v is not None and not math.isnan(v)]
    return float(np.mean(finite)) if finite else None


def _clean(value: Any) -> Any:
    """NaN to None, recursively, so the JSON is valid."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def summarise(result: TrainingResult) -> dict[str, Any]:
    per_month = result.per_month
    names = [*RANKERS, "oracle"]
    summary: dict[str, Any] = {
        "k": per_month[-1]["k"],
        "per_1000": None if result.config.k is not None else result.config.per_1000,
        "test_months": [e["month"] for e in per_month],
    }
    for metric in HEADLINE_METRICS:
        summary[metric] = {
            name: _mean([e[name][metric] for e in per_month if name in e]) for name in names
        }
    p = summary["precision_at_k"]
    summary["fraction_of_oracle"] = (
        p["model"] / p["oracle"] if p["model"] is not None and p["oracle"] else None
    )
    summary["ratio_to_threshold_rule"] = (
        p["model"] / p["threshold_rule"] if p["model"] is not None and p["threshold_rule"] else None
    )
    expected = {
        name: _mean([e[name].get("expected_precision_at_k") for e in per_month if name in e])
        for name in names
    }
    summary["expected_precision_at_k"] = expected
    summary["expected_fraction_of_oracle"] = (
        expected["model"] / expected["oracle"]
        if expected["model"] is not None and expected["oracle"]
        else None
    )
    summary["per_month"] = per_month
    return _clean(summary)
