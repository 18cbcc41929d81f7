"""Explanations: exact SHAP contributions turned into reason sentences.

Contributions come from LightGBM's own TreeSHAP (``pred_contrib=True``): exact, in log-odds of the
raw model output, and additive (the contributions plus the expected value equal the raw output).
The Platt calibration is strictly increasing, so a feature that raises the raw output raises the
probability too.

Explanations cost time, so they are computed for the households people will see (the selected
top of a month) and a sample for the global view, never for everyone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from models.rankers import LightGBMRanker
from models.sentences import sentence

__all__ = [
    "EXPLANATION_COLUMNS",
    "contributions",
    "dependence",
    "explain_households",
    "global_importance",
]

EXPLANATION_COLUMNS = (
    "household_id",
    "month",
    "model_version",
    "feature",
    "value",
    "contribution",
    "sentence_nl",
    "sentence_en",
    "position",
)


def contributions(
    model: LightGBMRanker, frame: pd.DataFrame
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Exact SHAP values, shape ``(rows, features)`` in log-odds, and the expected value per row
    (shape ``(rows,)``); ``values.sum(1) + expected`` is the raw output."""
    assert model.booster is not None
    x = frame.loc[:, list(model.features)].to_numpy(dtype=np.float64)
    out = np.asarray(model.booster.predict(x, pred_contrib=True), dtype=np.float64)
    return out[:, :-1], out[:, -1]


def explain_households(
    model: LightGBMRanker, frame: pd.DataFrame, *, model_version: str, reasons: int = 5
) -> pd.DataFrame:
    """Reason rows for every household in ``frame`` (one month's selection, say): the ``reasons``
    features that raise its score most, strongest first (``position`` 1), each with a Dutch and an
    English sentence. Households whose score nothing raises get no rows."""
    if frame.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in EXPLANATION_COLUMNS})
        return empty.astype({"value": "float64", "contribution": "float64", "position": "int64"})
    values, _ = contributions(model, frame)
    features = list(model.features)
    feature_values = frame.loc[:, features].to_numpy(dtype=np.float64)
    records: list[tuple[object, ...]] = []
    ids = frame["household_id"].to_numpy()
    months = frame["month"].to_numpy()
    for i in range(len(frame)):
        order = np.argsort(-values[i], kind="stable")[:reasons]
        row = dict(zip(features, feature_values[i], strict=True))
        raising = [j for j in order if values[i, j] > 0]
        for position, j in enumerate(raising, start=1):
            name = features[j]
            records.append(
                (
                    ids[i],
                    months[i],
                    model_version,
                    name,
                    float(feature_values[i, j]),
                    float(values[i, j]),
                    sentence(name, row, "nl"),
                    sentence(name, row, "en"),
                    position,
                )
            )
    out = pd.DataFrame.from_records(records, columns=list(EXPLANATION_COLUMNS))
    return out.astype({"value": "float64", "contribution": "float64", "position": "int64"})


def _sample(frame: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    return frame if len(frame) <= size else frame.sample(n=size, random_state=seed)


def global_importance(
    models: Mapping[date, LightGBMRanker],
    frames: Mapping[date, pd.DataFrame],
    *,
    sample: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per test month and feature: mean absolute and mean signed contribution (log-odds) over a
    sample of at most ``sample`` households of that month, scored by the model tested on it."""
    parts = []
    for month, model in sorted(models.items()):
        rows = _sample(frames[month], sample, seed)
        values, _ = contributions(model, rows)
        parts.append(
            pd.DataFrame(
                {
                    "month": month,
                    "feature": list(model.features),
                    "mean_abs_contribution": np.abs(values).mean(axis=0),
                    "mean_contribution": values.mean(axis=0),
                    "households": len(rows),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def dependence(
    models: Mapping[date, LightGBMRanker],
    frames: Mapping[date, pd.DataFrame],
    *,
    features: list[str],
    sample: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """How the score depends on ``features``: for a sample of households per test month, the
    feature's value and its contribution (log-odds). Long format: month, feature, value,
    contribution."""
    parts = []
    for month, model in sorted(models.items()):
        rows = _sample(frames[month], sample, seed)
        values, _ = contributions(model, rows)
        index = {name: j for j, name in enumerate(model.features)}
        for name in features:
            parts.append(
                pd.DataFrame(
                    {
                        "month": month,
                        "feature": name,
                        "value": rows[name].to_numpy(dtype=np.float64),
                        "contribution": values[:, index[name]],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)
