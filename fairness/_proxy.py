"""Proxy check: how well the model's features predict each protected attribute.

A feature that tells a group apart from the rest acts as a stand-in for the protected attribute,
even though the attribute itself is never a model input. Measured as ROC AUC of one group
against the rest, for each feature on its own (oriented, so 0.5 = no information and 1 =
perfect) and for the whole feature set (a small gradient-boosting model, out-of-fold). Per
attribute the best-separated group is judged. Intervals: a vectorised bootstrap of the AUC over
households (one month per household, so households are independent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from fairness._bootstrap import percentile_interval, resample_counts
from fairness._checks import Check, judge
from fairness._policy import Policy, split_attribute

__all__ = ["FEATURE_SET", "proxy_checks", "weighted_auc"]

#: The name under which the whole feature set is reported.
FEATURE_SET = "(alle kenmerken)"


def weighted_auc(values: np.ndarray, positive: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ROC AUC of ``values`` for ``positive`` under each row of ``weights``.

    ``values`` and ``positive`` have shape ``(n,)``; ``weights`` shape ``(replicates, n)``
    (bootstrap counts; a row of ones gives the ordinary AUC). Ties count half. Returns shape
    ``(replicates,)``; NaN where a replicate has no positives or no negatives.
    """
    return _auc_by_value(_value_index(values), positive, np.ascontiguousarray(weights.T))


def _value_index(values: np.ndarray, *, max_bins: int = 256) -> sparse.csr_matrix:
    """One-hot ``(n, bins)`` matrix of ``values`` in ascending order of value.

    Features with more than ``max_bins`` distinct values (amounts in cents) are cut at their
    quantiles first, which keeps the bootstrap fast; the AUC can only drop slightly (more ties).
    """
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=-np.inf)
    distinct, codes = np.unique(values, return_inverse=True)
    if len(distinct) > max_bins:
        edges = np.unique(np.quantile(values, np.linspace(0, 1, max_bins + 1)[1:-1]))
        codes = np.searchsorted(edges, values, side="left")
        _, codes = np.unique(codes, return_inverse=True)
    n = len(values)
    bins = int(codes.max()) + 1 if n else 0
    return sparse.csr_matrix(
        (np.ones(n, dtype=np.float32), (np.arange(n), codes.ravel())), shape=(n, bins)
    )


def _auc_all_groups(one_hot: sparse.csr_matrix, group_codes: np.ndarray, groups: int) -> np.ndarray:
    """Point AUC of each group against the rest, all at once from mid-ranks; shape ``(groups,)``."""
    per_bin = np.asarray(one_hot.sum(axis=0)).ravel()
    midrank = np.cumsum(per_bin) - per_bin + (per_bin + 1.0) / 2.0
    ranks = one_hot @ midrank
    n = len(group_codes)
    size = np.bincount(group_codes, minlength=groups).astype(np.float64)
    rank_sum = np.bincount(group_codes, weights=ranks, minlength=groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (rank_sum - size * (size + 1) / 2) / (size * (n - size))


def _auc_by_value(
    one_hot: sparse.csr_matrix, positive: np.ndarray, weights_t: np.ndarray
) -> np.ndarray:
    """AUC per replicate from the weighted positives and negatives at each distinct value.

    ``weights_t`` is the transposed weight matrix, shape ``(n, replicates)``, C-contiguous.
    """
    pos = sparse.diags(positive.astype(np.float32)) @ one_hot
    neg = one_hot - pos
    wt = weights_t
    pos_w = np.asarray((pos.T @ wt).T, dtype=np.float64)  # (replicates, distinct values)
    neg_w = np.asarray((neg.T @ wt).T, dtype=np.float64)
    neg_below = np.cumsum(neg_w, axis=1) - neg_w
    total_pos = pos_w.sum(axis=1)
    total_neg = neg_w.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        auc = (pos_w * (neg_below + 0.5 * neg_w)).sum(axis=1) / (total_pos * total_neg)
    return np.where((total_pos > 0) & (total_neg > 0), auc, np.nan)


def _one_per_household(frame: pd.DataFrame, *, sample: int, seed: int) -> pd.DataFrame:
    """One random month per household, at most ``sample`` households (fixed seed)."""
    shuffled = frame.sample(frac=1.0, random_state=seed)
    once = shuffled.drop_duplicates("household_id")
    return once.head(sample).reset_index(drop=True)


def proxy_checks(
    features: pd.DataFrame, *, feature_names: list[str], policy: Policy
) -> list[Check]:
    """Judge every feature, and the feature set, as a proxy for each single attribute.

    ``features`` holds ``household_id``, ``month``, the numeric ``feature_names`` and one text
    column per protected attribute of the policy.
    """
    data = _one_per_household(features, sample=policy.proxy_sample, seed=policy.seed)
    weights_t = np.ascontiguousarray(
        resample_counts(len(data), replicates=policy.replicates, seed=policy.seed + 1).T
    )
    checks: list[Check] = []
    singles = [a for a in policy.attributes if len(split_attribute(a)) == 1]
    one_hots = {f: _value_index(data[f].to_numpy(dtype=np.float64)) for f in feature_names}
    for attribute in singles:
        groups = data[attribute].astype(str)
        counts = groups.value_counts()
        judged = [str(g) for g, c in counts.items() if c >= policy.min_rows and len(data) > c]
        for feature in feature_names:
            checks.append(
                _judge_best_group(
                    policy,
                    attribute,
                    feature,
                    one_hots[feature],
                    groups,
                    judged,
                    weights_t,
                )
            )
        usable = [
            f for f in feature_names if policy.reviewed(attribute=attribute, feature=f) is None
        ]
        checks.extend(_feature_set_checks(policy, attribute, data, usable, groups, judged))
    return checks


def _judge_best_group(
    policy: Policy,
    attribute: str,
    feature: str,
    one_hot: sparse.csr_matrix,
    groups: pd.Series,
    judged: list[str],
    weights_t: np.ndarray,
) -> Check:
    """The check of the group that one feature (its ``_value_index``) separates best; the AUC
    is oriented (``max(auc, 1 - auc)``) since a feature can point either way."""
    if not judged:
        return _proxy_check(
            policy,
            attribute,
            "-",
            feature,
            one_hot.shape[0],
            float("nan"),
            float("nan"),
            float("nan"),
            "too_small",
        )
    codes, names = pd.factorize(groups)
    point = _auc_all_groups(one_hot, codes, len(names))
    candidates = [i for i, name in enumerate(names) if name in judged]
    best = max(candidates, key=lambda i: max(point[i], 1.0 - point[i]))
    best_group = str(names[best])
    best_auc = float(max(point[best], 1.0 - point[best]))
    positive = codes == best
    replicates = _auc_by_value(one_hot, positive, weights_t)
    # orient every replicate the same way as the point estimate
    replicates = replicates if point[best] >= 0.5 else 1.0 - replicates
    low, high = percentile_interval(replicates[:, None], confidence=policy.confidence)
    verdict = judge(float(low[0]), float(high[0]), maximum=policy.proxy_auc_max)
    return _proxy_check(
        policy,
        attribute,
        best_group,
        feature,
        int(positive.sum()),
        best_auc,
        float(low[0]),
        float(high[0]),
        verdict,
    )


def _proxy_check(
    policy: Policy,
    attribute: str,
    group: str,
    feature: str,
    n: int,
    value: float,
    low: float,
    high: float,
    verdict: str,
) -> Check:
    review = policy.reviewed(attribute=attribute, feature=feature)
    note = ""
    measured = verdict
    if review is not None and verdict in {"fail", "undetermined"}:
        verdict = "pass"
        note = f"beoordeeld en geaccepteerd: {review.reason}"
    return Check(
        attribute=attribute,
        group=group,
        metric="proxy_auc",
        value=value,
        ci_low=low,
        ci_high=high,
        reference_group=None,
        threshold=policy.proxy_auc_max,
        direction="max",
        n=n,
        base=n,
        verdict=verdict,
        note=note,
        extra={"feature": feature, "measured_verdict": measured},
    )


def _feature_set_checks(
    policy: Policy,
    attribute: str,
    data: pd.DataFrame,
    feature_names: list[str],
    groups: pd.Series,
    judged: list[str],
) -> list[Check]:
    """How well all (not reviewed) features together predict the attribute.

    A small gradient-boosting model learns on one half of the households and is judged on the
    other half (one thread: the audit runs beside other work on small machines).
    """
    if not feature_names or len(judged) == 0 or groups.nunique() < 2:
        return []
    x = data[feature_names].to_numpy(dtype=np.float64)
    # groups too small to judge are pooled, so both halves see every class
    y = np.where(groups.isin(judged), groups.to_numpy(), "__overig__")
    # stratify when every class can be split (a pooled rest may hold a single household)
    _, class_sizes = np.unique(y, return_counts=True)
    x_fit, x_test, y_fit, y_test = train_test_split(
        x,
        y,
        test_size=0.5,
        stratify=y if class_sizes.min() >= 2 else None,
        random_state=policy.seed,
    )
    if len(np.unique(y_fit)) < 2 or not all(np.any(y_test == g) for g in judged):
        return []
    model = HistGradientBoostingClassifier(
        max_iter=30, max_leaf_nodes=15, learning_rate=0.2, random_state=policy.seed
    )
    with threadpool_limits(1):
        proba = model.fit(x_fit, y_fit).predict_proba(x_test)
    classes = list(model.classes_)
    ones = np.ones((1, len(y_test)))
    best: tuple[str, float, np.ndarray] | None = None
    for group in judged:
        column = proba[:, classes.index(group)]
        auc = float(weighted_auc(column, y_test == group, ones)[0])
        if best is None or auc > best[1]:
            best = (group, auc, column)
    assert best is not None
    group, auc, column = best
    weights = resample_counts(len(y_test), replicates=policy.replicates, seed=policy.seed + 2)
    replicates = weighted_auc(column, y_test == group, weights)
    low, high = percentile_interval(replicates[:, None], confidence=policy.confidence)
    verdict = judge(float(low[0]), float(high[0]), maximum=policy.proxy_auc_max)
    return [
        _proxy_check(
            policy,
            attribute,
            group,
            FEATURE_SET,
            int((y_test == group).sum()),
            auc,
            float(low[0]),
            float(high[0]),
            verdict,
        )
    ]
