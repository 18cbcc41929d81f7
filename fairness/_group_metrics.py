"""Per-group metrics at the team's capacity k, with bootstrap intervals.

Every metric here is a ratio of two sums of per-row quantities (confusion counts, scores). The
point sums per group come from fairlearn's :class:`~fairlearn.metrics.MetricFrame` (one metric
with an array value: scalar sklearn metrics cost seconds per audit in per-group validation). The
intervals come from one vectorised household bootstrap: the sums for all groups of all
attributes in all replicates are one sparse matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame
from scipy import sparse

from fairness._bootstrap import cluster_weights, percentile_interval

__all__ = ["GROUP_METRICS", "UNKNOWN_GROUP", "GroupMetrics", "compute_group_metrics"]

#: Shown for a household-month without protected attributes; such rows are audited, not dropped.
UNKNOWN_GROUP = "onbekend"

#: The metrics reported per group, each a ratio of two sums below.
GROUP_METRICS = (
    "selection_rate",
    "recall",
    "precision",
    "false_positive_rate",
    "calibration_ratio",
    "relative_calibration",
)
TRUTH_METRICS = ("recall_truth", "calibration_truth")

# Per-row quantities that are summed per group; each metric is numerator / denominator.
_QUANTITIES = ("n", "positives", "tp", "selected", "fp", "negatives", "score", "truth", "tp_truth")
_RATIOS = {
    "selection_rate": ("selected", "n"),
    "recall": ("tp", "positives"),
    "precision": ("tp", "selected"),
    "false_positive_rate": ("fp", "negatives"),
    # observed outcomes / expected outcomes (the sum of calibrated scores); relative_calibration
    # divides it by the same ratio over all audited rows (computed in compute_group_metrics)
    "calibration_ratio": ("positives", "score"),
    # against the simulator's truth, when known: expected recall and expected / predicted outcomes
    "recall_truth": ("tp_truth", "truth"),
    "calibration_truth": ("truth", "score"),
}


@dataclass(frozen=True)
class GroupMetrics:
    """The per-group figures of one evaluation frame.

    ``table`` has one row per (attribute, group) with the counts (``n`` household-months,
    ``positives``, ``selected``, ``tp``, ``fp``, ``negatives``; ``households`` and
    ``positive_households``, the distinct households behind ``n`` and ``positives``: the
    bootstrap's units, so the effective sample size), and per metric ``m`` the columns
    ``m``, ``m_ci_low``, ``m_ci_high``. ``samples[m]`` holds the bootstrap replicates, shape
    ``(replicates, len(table))``, aligned with the rows of ``table``.
    """

    table: pd.DataFrame
    samples: dict[str, np.ndarray]
    metrics: tuple[str, ...]


def _group_sums(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    *,
    weight: np.ndarray,
    score: np.ndarray,
    truth: np.ndarray,
) -> np.ndarray:
    """The sums of ``_QUANTITIES`` over one group (a MetricFrame metric with an array value).

    Rows are cells of identical (label, selected) with ``weight`` household-months and the sums
    of their ``score`` and ``truth``.
    """
    y_true = y_true.astype(bool)
    y_pred = y_pred.astype(bool)
    return np.array(
        [
            np.sum(weight),
            np.sum(weight * y_true),
            np.sum(weight * (y_true & y_pred)),
            np.sum(weight * y_pred),
            np.sum(weight * (~y_true & y_pred)),
            np.sum(weight * ~y_true),
            np.sum(score),
            np.sum(truth),
            np.sum(truth * y_pred),
        ],
        dtype=np.float64,
    )


def _metric_frame_sums(frame: pd.DataFrame, attribute: str, truth: np.ndarray) -> pd.DataFrame:
    """Sums of ``_QUANTITIES`` per group of ``attribute`` via fairlearn's MetricFrame.

    fairlearn evaluates a metric row by row in Python, seconds per attribute on tens of
    thousands of rows; so it gets the (group, label, selected) cells with their counts and score
    sums, which give exactly the same sums. Returns a frame indexed by group (as text).
    """
    cells = (
        pd.DataFrame(
            {
                "group": frame[attribute].astype(str).to_numpy(),
                "label": frame["label"].to_numpy(dtype=bool),
                "selected": frame["selected"].to_numpy(dtype=bool),
                "weight": 1.0,
                "score": frame["score"].to_numpy(dtype=float),
                "truth": truth,
            }
        )
        .groupby(["group", "label", "selected"], as_index=False, sort=True)
        .sum()
    )
    mf = MetricFrame(
        metrics={"sums": _group_sums},
        y_true=cells["label"].to_numpy(),
        y_pred=cells["selected"].to_numpy(),
        sensitive_features=cells["group"].rename(attribute),
        sample_params={
            "sums": {
                "weight": cells["weight"].to_numpy(),
                "score": cells["score"].to_numpy(),
                "truth": cells["truth"].to_numpy(),
            }
        },
    )
    by_group = mf.by_group["sums"]
    sums = pd.DataFrame(np.vstack(by_group.to_numpy()), columns=list(_QUANTITIES))
    sums.index = by_group.index.astype(str)
    return sums


def _row_quantities(frame: pd.DataFrame, truth: np.ndarray) -> np.ndarray:
    """Shape ``(rows, len(_QUANTITIES))``: the per-row terms of every sum."""
    label = frame["label"].to_numpy(dtype=bool)
    selected = frame["selected"].to_numpy(dtype=bool)
    columns = [
        np.ones(len(frame)),
        label,
        label & selected,
        selected,
        selected & ~label,
        ~label,
        frame["score"].to_numpy(dtype=float),
        truth,
        truth * selected,
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


def _ratios(sums: np.ndarray, metric: str) -> np.ndarray:
    """``metric`` from sums with quantities on the last axis; NaN where the base is zero."""
    num, den = _RATIOS[metric]
    numerator = sums[..., _QUANTITIES.index(num)]
    denominator = sums[..., _QUANTITIES.index(den)]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _distinct_households(
    frame: pd.DataFrame, codes: np.ndarray, groups: int, *, where: np.ndarray | None = None
) -> np.ndarray:
    """Distinct households per group code (among the rows ``where`` is true); ``(groups,)``."""
    keep = np.ones(len(frame), dtype=bool) if where is None else where
    pairs = pd.DataFrame(
        {"group": codes[keep], "household": frame["household_id"].to_numpy()[keep]}
    )
    counted = pairs.drop_duplicates().groupby("group").size()
    return counted.reindex(range(groups), fill_value=0).to_numpy(dtype=np.int64)


def compute_group_metrics(
    frame: pd.DataFrame,
    *,
    attributes: tuple[str, ...],
    replicates: int,
    confidence: float,
    seed: int,
) -> GroupMetrics:
    """Figures per group of each attribute in ``attributes`` (columns of ``frame``).

    ``frame`` holds one row per household-month with ``household_id``, ``score`` (calibrated
    probability), ``selected`` and ``label`` (booleans), optionally ``true_prob``, and one
    string column per attribute. Missing group values must already read ``UNKNOWN_GROUP``.
    """
    with_truth = "true_prob" in frame.columns and bool(frame["true_prob"].notna().all())
    metrics = GROUP_METRICS + (TRUTH_METRICS if with_truth else ())
    truth = frame["true_prob"].to_numpy(dtype=float) if with_truth else np.zeros(len(frame))
    counts, hh_codes = cluster_weights(frame["household_id"], replicates=replicates, seed=seed)
    quantities = _row_quantities(frame, truth)
    q = len(_QUANTITIES)

    tables: list[pd.DataFrame] = []
    blocks: list[sparse.csr_matrix] = []
    for attribute in attributes:
        codes, groups = pd.factorize(frame[attribute].astype(str), sort=True)
        sums = _metric_frame_sums(frame, attribute, truth).loc[list(groups)]
        # per household and (group, quantity): the months of one household form one unit
        cols = (codes[:, None] * q + np.arange(q)[None, :]).ravel()
        blocks.append(
            sparse.coo_matrix(
                (quantities.ravel(), (np.repeat(hh_codes, q), cols)),
                shape=(counts.shape[1], len(groups) * q),
            ).tocsr()
        )
        table = sums.reset_index(names="group")
        table.insert(0, "attribute", attribute)
        table["households"] = _distinct_households(frame, codes, len(groups))
        table["positive_households"] = _distinct_households(
            frame, codes, len(groups), where=frame["label"].to_numpy(dtype=bool)
        )
        tables.append(table)

    table = pd.concat(tables, ignore_index=True)
    point = table[list(_QUANTITIES)].to_numpy()
    replicate_sums = np.asarray((sparse.hstack(blocks).T @ counts.T.astype(np.float64)).T)
    replicate_sums = replicate_sums.reshape(replicates, len(table), q)
    samples: dict[str, np.ndarray] = {}
    # every attribute partitions all audited rows: the first one's groups sum to the whole
    first = (table["attribute"] == attributes[0]).to_numpy()
    town_point = _ratios(point[first].sum(axis=0), "calibration_ratio")
    town_samples = _ratios(replicate_sums[:, first, :].sum(axis=1), "calibration_ratio")
    # outcomes the group would have at the town's observed / expected rate
    table["expected_at_town_rate"] = point[:, _QUANTITIES.index("score")] * town_point
    for metric in metrics:
        if metric == "relative_calibration":
            with np.errstate(divide="ignore", invalid="ignore"):
                relative = table["calibration_ratio"].to_numpy() / town_point
                replicated = samples["calibration_ratio"] / town_samples[:, None]
            table[metric] = np.where(np.isfinite(relative), relative, np.nan)
            samples[metric] = np.where(np.isfinite(replicated), replicated, np.nan)
        else:
            table[metric] = _ratios(point, metric)
            samples[metric] = _ratios(replicate_sums, metric)
        low, high = percentile_interval(samples[metric], confidence=confidence)
        table[f"{metric}_ci_low"] = low
        table[f"{metric}_ci_high"] = high
    for column in ("n", "positives", "tp", "selected", "fp", "negatives"):
        table[column] = table[column].round().astype(np.int64)
    return GroupMetrics(table=table, samples=samples, metrics=metrics)
