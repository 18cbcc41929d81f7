"""History features: what a household's own earlier months say, computed from
``household_features`` itself.

For as-of month ``M`` they use only the household's rows of months ``<= M`` (each of which was
known at its own as-of moment), so they add no leakage. A month in which a household has no row
counts as "no arrears": ``household_features`` keeps a household for 12 months after its last
case, so a missing row means nothing was open. The observed history starts at the first delivered
month; ``maanden_sinds_eerste_achterstand`` is censored there (documented in docs/model.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["HISTORY_FEATURES", "add_history"]

#: Derived features, in a fixed order. Amounts in euro cents, durations in months.
HISTORY_FEATURES: tuple[str, ...] = (
    "maanden_achterstand_12m",
    "max_achterstand_12m_cent",
    "max_saldo_12m_cent",
    "maanden_sinds_eerste_achterstand",
)

_WINDOW = 12


def _month_index(months: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(months)
    return (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(dtype=np.int64)


def _rolling_max(panel: np.ndarray, window: int) -> np.ndarray:
    out = panel.copy()
    for lag in range(1, window):
        out[:, lag:] = np.maximum(out[:, lag:], panel[:, :-lag])
    return out


def add_history(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows of ``household_features``, any months) with ``HISTORY_FEATURES`` added as
    float64 columns, rows in the same order.

    - ``maanden_achterstand_12m``: months with arrears among the last 12 (this month included);
    - ``max_achterstand_12m_cent`` / ``max_saldo_12m_cent``: the highest total arrears / balance
      over those months;
    - ``maanden_sinds_eerste_achterstand``: months since the first observed month with arrears
      (0 when it started this month or there is none yet).
    """
    out = frame.copy()
    if frame.empty:
        for name in HISTORY_FEATURES:
            out[name] = pd.Series(dtype=np.float64)
        return out
    index = _month_index(frame["month"])
    first, span = int(index.min()), int(index.max() - index.min() + 1)
    col = index - first
    households, row = np.unique(frame["household_id"].to_numpy().astype(str), return_inverse=True)
    shape = (len(households), span)
    arrears = np.zeros(shape)
    saldo = np.zeros(shape)
    arrears[row, col] = frame["totaal_achterstand_cent"].to_numpy(dtype=np.float64)
    saldo[row, col] = frame["totaal_saldo_cent"].to_numpy(dtype=np.float64)
    has = (arrears > 0).astype(np.float64)
    cumulative = np.cumsum(has, axis=1)
    shifted = np.zeros_like(cumulative)
    shifted[:, _WINDOW:] = cumulative[:, :-_WINDOW]
    months_12 = cumulative - shifted
    ever = cumulative > 0
    first_seen = np.where(ever.any(axis=1), ever.argmax(axis=1), span)
    since = np.where(ever, np.arange(span)[None, :] - first_seen[:, None], 0)
    out["maanden_achterstand_12m"] = months_12[row, col]
    out["max_achterstand_12m_cent"] = _rolling_max(arrears, _WINDOW)[row, col]
    out["max_saldo_12m_cent"] = _rolling_max(saldo, _WINDOW)[row, col]
    out["maanden_sinds_eerste_achterstand"] = since[row, col].astype(np.float64)
    return out
