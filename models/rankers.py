"""The three rankers, fitted and calibrated the same way.

Each ranker is fitted on the training as-of months, calibrated on the later calibration months, and
then gives every household two things: ``keys`` (what orders the list, most significant first) and
``probability`` (a calibrated chance that the label turns true). The LightGBM model and the logistic
regression are calibrated with a Platt curve on their raw margin, which is strictly increasing, so
calibration never reorders the list. The pilot-threshold rule orders by the rule municipalities use
today and reads its probability off the training rate of its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from models.features import AGENCIES, CENT_FEATURES, FEATURES

__all__ = [
    "DEFAULT_LGBM_PARAMS",
    "MONOTONE_INCREASING",
    "LightGBMRanker",
    "LogisticRanker",
    "PlattCalibration",
    "ThresholdRule",
]

FloatArray = npt.NDArray[np.float64]

#: LightGBM parameters. ``deterministic`` with a fixed thread count and seed makes training
#: reproducible byte for byte on the same machine.
DEFAULT_LGBM_PARAMS: dict[str, Any] = {
    "objective": "binary",
    # Stumps (one split per tree, i.e. an additive model of one-feature curves) with leaves of at
    # least 50 households: a municipality has a few hundred outcomes a year, and deeper trees
    # memorise them (training AUC near 1, test precision below the pilot rule). On three
    # simulated 20,000-resident towns stumps ranked better than 4-leaf trees (docs/model.md).
    "learning_rate": 0.03,
    "num_leaves": 2,
    "min_data_in_leaf": 50,
    "lambda_l2": 10.0,
    # monotone_constraints from MONOTONE_INCREASING for the ranker's features (False: none)
    "monotone": True,
    "feature_fraction": 0.7,
    "num_boost_round": 400,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "seed": 20260101,
    "verbosity": -1,
}


#: Features the score may only rise with (LightGBM ``monotone_constraints``, +1), all else equal:
#: more or older arrears, more fee increases, a stronger reminder, a crossed pilot threshold, the
#: premium regime. With a few hundred outcomes a year this removes noise the trees would otherwise
#: learn (on the simulated towns precision@k rose, docs/model.md), and it keeps the reasons
#: sensible: paying off arrears never raises a household's score.
MONOTONE_INCREASING: frozenset[str] = frozenset(
    {
        *(
            f"{a}_{c}"
            for a in AGENCIES
            for c in (
                "achterstand_cent",
                "oudste_achterstand_maanden",
                "verhogingen",
                "sterkste_aanmaning",
                "pilot_drempel",
            )
        ),
        "cak_premie_regime",
        "instanties_met_achterstand",
        "totaal_achterstand_cent",
        "pilot_drempels",
        "maanden_achterstand_12m",
        "max_achterstand_12m_cent",
        "maanden_sinds_eerste_achterstand",
    }
)


def monotone_constraints(features: tuple[str, ...]) -> list[int]:
    """LightGBM's ``monotone_constraints`` for ``features`` (in order): +1 or 0 per feature."""
    return [1 if f in MONOTONE_INCREASING else 0 for f in features]


#: Threads for prediction (a sum over trees per row: the result does not depend on it).
PREDICT_THREADS = 2


def _matrix(frame: pd.DataFrame, features: tuple[str, ...]) -> FloatArray:
    return frame.loc[:, list(features)].to_numpy(dtype=np.float64)


@dataclass
class PlattCalibration:
    """``p = 1 / (1 + exp(-(slope * margin + intercept)))``, fitted on a later window."""

    slope: float = 1.0
    intercept: float = 0.0

    def fit(self, margin: FloatArray, labels: npt.ArrayLike) -> PlattCalibration:
        y = np.asarray(labels, dtype=bool)
        if y.all() or not y.any():
            # One class only: keep the identity, a fitted curve would be degenerate.
            return self
        lr = LogisticRegression(C=1e4, max_iter=1000)
        lr.fit(margin.reshape(-1, 1), y)
        self.slope, self.intercept = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        if self.slope <= 0:  # a reversed curve would reorder the list; fall back to identity
            self.slope, self.intercept = 1.0, 0.0
        return self

    def __call__(self, margin: FloatArray) -> FloatArray:
        z = np.clip(self.slope * margin + self.intercept, -40.0, 40.0)
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class LightGBMRanker:
    """Gradient-boosted trees on all features, Platt-calibrated on the calibration window."""

    params: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_LGBM_PARAMS))
    features: tuple[str, ...] = FEATURES
    booster: lgb.Booster | None = None
    calibration: PlattCalibration = field(default_factory=PlattCalibration)
    name: str = "model"

    def fit(
        self, train: pd.DataFrame, y_train: npt.ArrayLike, cal: pd.DataFrame, y_cal: npt.ArrayLike
    ) -> LightGBMRanker:
        params = dict(self.params)
        rounds = int(params.pop("num_boost_round"))
        if params.pop("monotone", True):
            params["monotone_constraints"] = monotone_constraints(self.features)
        data = lgb.Dataset(
            _matrix(train, self.features),
            label=np.asarray(y_train, dtype=np.float64),
            feature_name=list(self.features),
            free_raw_data=True,
        )
        self.booster = lgb.train(params, data, num_boost_round=rounds)
        self.calibration = PlattCalibration().fit(self.margin(cal), y_cal)
        return self

    def margin(self, frame: pd.DataFrame) -> FloatArray:
        """The raw log-odds output of the trees."""
        assert self.booster is not None, "fit first"
        x = _matrix(frame, self.features)
        out = self.booster.predict(x, raw_score=True, num_threads=PREDICT_THREADS)
        return np.asarray(out, dtype=np.float64)

    def keys(self, frame: pd.DataFrame) -> list[FloatArray]:
        return [self.margin(frame)]

    def probability(self, frame: pd.DataFrame) -> FloatArray:
        return self.calibration(self.margin(frame))


def _logistic_inputs(frame: pd.DataFrame, features: tuple[str, ...]) -> FloatArray:
    """Cents to signed log-euros, so a few very large debts do not dominate a linear model."""
    x = _matrix(frame, features)
    for i, name in enumerate(features):
        if name in CENT_FEATURES:
            x[:, i] = np.sign(x[:, i]) * np.log1p(np.abs(x[:, i]) / 100.0)
    return x


@dataclass
class LogisticRanker:
    """Logistic regression on scaled features (cents as signed log-euros), Platt-calibrated."""

    features: tuple[str, ...] = FEATURES
    c: float = 1.0
    scaler: StandardScaler | None = None
    model: LogisticRegression | None = None
    calibration: PlattCalibration = field(default_factory=PlattCalibration)
    name: str = "logistic_regression"

    def fit(
        self, train: pd.DataFrame, y_train: npt.ArrayLike, cal: pd.DataFrame, y_cal: npt.ArrayLike
    ) -> LogisticRanker:
        x = _logistic_inputs(train, self.features)
        self.scaler = StandardScaler().fit(x)
        self.model = LogisticRegression(C=self.c, max_iter=2000)
        self.model.fit(self.scaler.transform(x), np.asarray(y_train, dtype=bool))
        self.calibration = PlattCalibration().fit(self.margin(cal), y_cal)
        return self

    def margin(self, frame: pd.DataFrame) -> FloatArray:
        assert self.scaler is not None and self.model is not None, "fit first"
        x = self.scaler.transform(_logistic_inputs(frame, self.features))
        return np.asarray(self.model.decision_function(x), dtype=np.float64)

    def keys(self, frame: pd.DataFrame) -> list[FloatArray]:
        return [self.margin(frame)]

    def probability(self, frame: pd.DataFrame) -> FloatArray:
        return self.calibration(self.margin(frame))


@dataclass
class ThresholdRule:
    """The pilot-threshold rule of today: a household is signalled when at least one agency's pilot
    threshold is crossed (``pilot_drempels > 0``); signalled households come first, ordered by the
    number of agencies in arrears, then by the total amount in arrears.

    Its probability is the label rate of its cell (signalled, agencies in arrears capped at 4) over
    the training and calibration months, smoothed towards the overall rate with ``prior_weight``
    pseudo-households, so a rarely seen cell does not get an extreme probability.
    """

    prior_weight: float = 20.0
    rates: dict[tuple[int, int], float] = field(default_factory=dict)
    base_rate: float = 0.0
    name: str = "threshold_rule"

    @staticmethod
    def _cells(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "signalled": (frame["pilot_drempels"].to_numpy() > 0).astype(int),
                "agencies": np.minimum(frame["instanties_met_achterstand"].to_numpy(), 4).astype(
                    int
                ),
            }
        )

    def fit(
        self, train: pd.DataFrame, y_train: npt.ArrayLike, cal: pd.DataFrame, y_cal: npt.ArrayLike
    ) -> ThresholdRule:
        cells = self._cells(pd.concat([train, cal], ignore_index=True))
        cells["y"] = np.concatenate([np.asarray(y_train, bool), np.asarray(y_cal, bool)])
        self.base_rate = float(cells["y"].mean()) if len(cells) else 0.0
        grouped = cells.groupby(["signalled", "agencies"])["y"].agg(["sum", "count"])
        self.rates = {
            (int(s), int(a)): float(
                (hits + self.prior_weight * self.base_rate) / (count + self.prior_weight)
            )
            for s, a, hits, count in zip(
                grouped.index.get_level_values(0),
                grouped.index.get_level_values(1),
                grouped["sum"],
                grouped["count"],
                strict=True,
            )
        }
        return self

    def keys(self, frame: pd.DataFrame) -> list[FloatArray]:
        return [
            (frame["pilot_drempels"].to_numpy() > 0).astype(np.float64),
            frame["instanties_met_achterstand"].to_numpy(dtype=np.float64),
            frame["totaal_achterstand_cent"].to_numpy(dtype=np.float64),
        ]

    def probability(self, frame: pd.DataFrame) -> FloatArray:
        cells = self._cells(frame)
        return np.array(
            [
                self.rates.get((s, a), self.base_rate)
                for s, a in zip(cells["signalled"], cells["agencies"], strict=True)
            ],
            dtype=np.float64,
        )
