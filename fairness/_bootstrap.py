"""Vectorised bootstrap: resampling weights and percentile intervals.

Every figure of the audit carries a percentile bootstrap interval. Resampling is expressed as a
weight matrix of shape ``(replicates, units)``: entry ``[b, i]`` counts how often unit ``i`` was
drawn in replicate ``b``. A statistic that is a ratio of sums is then one matrix product for all
replicates at once, with no Python loop over replicates.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = ["cluster_weights", "percentile_interval", "resample_counts"]


def resample_counts(units: int, *, replicates: int, seed: int) -> np.ndarray:
    """Draw ``replicates`` bootstrap samples of ``units`` units with replacement.

    Returns a ``float32`` array of shape ``(replicates, units)`` with how often each unit was
    drawn; each row sums to ``units``. The same ``seed`` gives the same draws.
    """
    rng = np.random.default_rng(seed)
    if units == 0:
        return np.zeros((replicates, 0), dtype=np.float32)
    draws = rng.integers(0, units, size=(replicates, units))
    draws += (np.arange(replicates) * units)[:, None]
    counts = np.bincount(draws.ravel(), minlength=replicates * units)
    return counts.reshape(replicates, units).astype(np.float32)


def cluster_weights(
    clusters: pd.Series | np.ndarray, *, replicates: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap over clusters (households), not rows (household-months).

    The months of one household are not independent, so a household is drawn whole. Returns
    ``(counts, codes)``: ``counts`` of shape ``(replicates, clusters)`` and ``codes`` of shape
    ``(rows,)`` mapping every row to its cluster's column in ``counts``.
    """
    codes, uniques = pd.factorize(np.asarray(clusters), sort=True)
    counts = resample_counts(len(uniques), replicates=replicates, seed=seed)
    return counts, codes.astype(np.int64)


def percentile_interval(samples: np.ndarray, *, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval over axis 0 of ``samples`` (replicates first).

    Replicates in which the statistic is undefined (NaN, e.g. a group that drew no positives) are
    left out; where fewer than half the replicates are defined the interval is NaN.
    """
    alpha = (1.0 - confidence) / 2.0
    samples = np.asarray(samples, dtype=np.float64)
    defined = np.isfinite(samples)
    enough = defined.mean(axis=0) >= 0.5
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        low = np.nanquantile(np.where(defined, samples, np.nan), alpha, axis=0)
        high = np.nanquantile(np.where(defined, samples, np.nan), 1.0 - alpha, axis=0)
    return np.where(enough, low, np.nan), np.where(enough, high, np.nan)
