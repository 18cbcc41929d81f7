"""Backtest over rolling test months, then fit the model that will be used.

``train`` does what a careful analyst would do by hand:

1. For each test as-of month ``T`` (several, rolling forward) fit the LightGBM model and both
   baselines on the months whose labels were fully known before ``T``, calibrate them on the latest
   of those months, and measure them on ``T`` at the team's capacity ``k``; measure the oracle (the
   simulator's true probability) on ``T`` as well when it is there.
2. Fit the production model the same way on every month whose label is known.

It returns everything the registry freezes; it writes nothing itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from models import metrics as m
from models.features import DEBT_HELP, FEATURES, with_history
from models.messages import ModelError
from models.rankers import DEFAULT_LGBM_PARAMS, LightGBMRanker, LogisticRanker, ThresholdRule
from models.splits import Split, production_split, temporal_splits

__all__ = [
    "RANKERS",
    "TrainingConfig",
    "TrainingPlan",
    "TrainingResult",
    "data_fingerprint",
    "labelled_frame",
    "plan_training",
    "train",
]

#: The names under which rankers are reported, in report order ("oracle" is added with truth).
RANKERS = ("model", "threshold_rule", "logistic_regression")


class Ranker(Protocol):
    name: str

    def fit(
        self, train: pd.DataFrame, y_train: npt.ArrayLike, cal: pd.DataFrame, y_cal: npt.ArrayLike
    ) -> Any: ...

    def keys(self, frame: pd.DataFrame) -> list[npt.NDArray[np.float64]]: ...

    def probability(self, frame: pd.DataFrame) -> npt.NDArray[np.float64]: ...


@dataclass(frozen=True)
class TrainingConfig:
    """Settings of one training run. Months count as-of months; ``k`` overrides ``per_1000``."""

    label_timespan: int = 12
    test_months: int = 6
    calibration_months: int = 2
    min_train_months: int = 3
    per_1000: float = 2.0
    k: int | None = None
    lgbm_params: Mapping[str, Any] = field(default_factory=lambda: dict(DEFAULT_LGBM_PARAMS))
    # History features (models.history) are available but off by default: censored at the first
    # delivered month they track calendar time, and on the simulated towns they lowered
    # precision@k (docs/model.md).
    features: tuple[str, ...] = FEATURES
    # The cohort leaves out households already in debt help (``in_schuldhulp``, known at the
    # as-of month): they are not a new early signal, and their outcome risk is of another kind.
    exclude_debt_help: bool = True

    def capacity(self, month: date, residents: Mapping[date, int] | None) -> int:
        if self.k is not None:
            return self.k
        if not residents or month not in residents:
            raise ModelError("geen_inwoners")
        return m.capacity_k(residents[month], per_1000=self.per_1000)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["lgbm_params"] = dict(self.lgbm_params)
        out["features"] = list(self.features)
        return out


@dataclass
class TrainingResult:
    config: TrainingConfig
    model: LightGBMRanker
    production: Split
    splits: list[Split]
    per_month: list[dict[str, Any]]
    evaluation: pd.DataFrame
    evaluation_baselines: pd.DataFrame
    backtest_models: dict[date, LightGBMRanker]
    test_frames: dict[date, pd.DataFrame]
    fingerprint: str
    has_truth: bool
    label_months: list[date]


def labelled_frame(
    features: pd.DataFrame, labels: pd.DataFrame, truth: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Features joined to their labels (inner join: only household-months with a label row), with
    ``true_prob`` from the simulator's truth when given (left join, NaN where missing)."""
    frame = features.merge(
        labels[["household_id", "month", "label", "label_known"]],
        on=["household_id", "month"],
        how="inner",
        validate="one_to_one",
    )
    if truth is not None:
        frame = frame.merge(
            truth[["household_id", "month", "true_prob"]],
            on=["household_id", "month"],
            how="left",
            validate="one_to_one",
        )
    return frame.sort_values(["month", "household_id"], ignore_index=True)


def data_fingerprint(frame: pd.DataFrame, columns: list[str]) -> str:
    """SHA-256 of the rows and columns a model was trained on, independent of row order."""
    ordered = frame.sort_values(["month", "household_id"], ignore_index=True)[columns]
    hashed = pd.util.hash_pandas_object(ordered, index=False).to_numpy()
    digest = hashlib.sha256(",".join(columns).encode())
    digest.update(hashed.tobytes())
    return digest.hexdigest()


def _rows(frame: pd.DataFrame, months: tuple[date, ...]) -> pd.DataFrame:
    return frame[frame["month"].isin(months)]


def _fit(ranker: Ranker, frame: pd.DataFrame, split: Split) -> Ranker:
    train_rows, cal_rows = _rows(frame, split.train_as_of), _rows(frame, split.calibration_as_of)
    if not train_rows["label"].any():
        raise ModelError("geen_positieven", month=str(max(split.train_as_of)))
    ranker.fit(train_rows, train_rows["label"], cal_rows, cal_rows["label"])
    return ranker


def _score_month(ranker: Ranker, month_rows: pd.DataFrame, k: int) -> pd.DataFrame:
    ids = month_rows["household_id"].to_numpy().astype(str)
    ranks = m.rank_order(ranker.keys(month_rows), ids)
    out = month_rows[["household_id", "month", "label"]].copy()
    out["score"] = ranker.probability(month_rows)
    out["rank"] = ranks
    out["selected"] = ranks <= k
    if "true_prob" in month_rows:
        out["true_prob"] = month_rows["true_prob"].to_numpy()
    return out


def _month_metrics(scored: pd.DataFrame, k: int) -> dict[str, Any]:
    y = scored["label"].to_numpy(bool)
    out = {
        "precision_at_k": m.precision_at_k(y, scored["rank"], k),
        "recall_at_k": m.recall_at_k(y, scored["rank"], k),
        "pr_auc": m.pr_auc(y, scored["score"]),
        "brier": m.brier(y, scored["score"]),
        "calibration": m.calibration_points(y, scored["score"]),
    }
    if "true_prob" in scored and scored["true_prob"].notna().any():
        # the precision@k to expect (mean true probability of the first k): free of the luck of
        # which households happened to have an outcome, so rankers compare with less noise
        chosen = scored.loc[scored["rank"] <= k, "true_prob"].fillna(0.0)
        out["expected_precision_at_k"] = float(chosen.sum() / k)
    return out


def _oracle(month_rows: pd.DataFrame, k: int) -> dict[str, Any] | None:
    truth = month_rows.get("true_prob")
    if truth is None or truth.isna().all():
        return None
    p = truth.fillna(0.0).to_numpy(np.float64)
    ranks = m.rank_order([p], month_rows["household_id"].to_numpy().astype(str))
    y = month_rows["label"].to_numpy(bool)
    return {
        "precision_at_k": m.precision_at_k(y, ranks, k),
        "recall_at_k": m.recall_at_k(y, ranks, k),
        "pr_auc": m.pr_auc(y, p),
        "brier": m.brier(y, p),
        "calibration": m.calibration_points(y, p),
        "expected_precision_at_k": float(np.sort(p)[::-1][:k].sum() / k),
    }


def _new_rankers(config: TrainingConfig) -> list[Ranker]:
    return [
        LightGBMRanker(params=dict(config.lgbm_params), features=config.features),
        ThresholdRule(),
        LogisticRanker(features=config.features),
    ]


@dataclass(frozen=True)
class TrainingPlan:
    """What a training run will use, known before any model is fitted."""

    frame: pd.DataFrame
    frame_known: pd.DataFrame
    label_months: list[date]
    splits: list[Split]
    production: Split
    fingerprint: str
    #: Household-months with arrears left out per as-of month because they are in debt help.
    left_out: dict[date, int] = field(default_factory=dict)


def plan_training(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    truth: pd.DataFrame | None = None,
    config: TrainingConfig,
) -> TrainingPlan:
    """Join, pick the months with known labels, lay out the splits and fingerprint the data the
    production model will be fitted on (cheap: no model is fitted)."""
    frame = labelled_frame(with_history(features, config.features), labels, truth)
    left_out: dict[date, int] = {}
    if config.exclude_debt_help and DEBT_HELP in frame.columns:
        # the label rows are the households in arrears already (``labels``); only the flag counts
        cohort = ~frame[DEBT_HELP].astype(bool)
        counts = frame.loc[~cohort, "month"].value_counts()
        left_out = {mo: int(n) for mo, n in zip(counts.index, counts.to_numpy(), strict=True)}
        frame = frame[cohort].reset_index(drop=True)
    known = frame.groupby("month")["label_known"].all()
    label_months: list[date] = sorted(mo for mo, ok in known.items() if ok)  # type: ignore[misc]
    frame_known = frame[frame["month"].isin(label_months)]
    split_args = {
        "label_timespan": config.label_timespan,
        "calibration_months": config.calibration_months,
        "min_train_months": config.min_train_months,
    }
    splits = temporal_splits(label_months, test_months=config.test_months, **split_args)
    production = production_split(label_months, **split_args)
    used = pd.concat(
        [
            _rows(frame_known, production.train_as_of),
            _rows(frame_known, production.calibration_as_of),
        ]
    )
    columns = ["household_id", "month", *config.features, "label"]
    return TrainingPlan(
        frame,
        frame_known,
        label_months,
        splits,
        production,
        data_fingerprint(used, columns),
        left_out,
    )


def train(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    truth: pd.DataFrame | None = None,
    residents: Mapping[date, int] | None = None,
    config: TrainingConfig | None = None,
) -> TrainingResult:
    """Backtest the model and both baselines, then fit the production model.

    ``features``: rows of ``household_features``; ``labels``: rows of ``labels``; ``truth``:
    ``household_id``, ``month``, ``true_prob`` (simulated data only); ``residents``: residents per
    month, for the capacity ``k`` (not needed when ``config.k`` is set).
    """
    config = config or TrainingConfig()
    plan = plan_training(features, labels, truth=truth, config=config)
    frame, frame_known, label_months = plan.frame, plan.frame_known, plan.label_months
    splits, production = plan.splits, plan.production

    per_month: list[dict[str, Any]] = []
    evaluations: list[pd.DataFrame] = []
    baselines: list[pd.DataFrame] = []
    backtest_models: dict[date, LightGBMRanker] = {}
    test_frames: dict[date, pd.DataFrame] = {}
    for split in splits:
        assert split.test_as_of is not None
        test_rows = frame_known[frame_known["month"] == split.test_as_of]
        k = config.capacity(split.test_as_of, residents)
        entry: dict[str, Any] = {
            "month": split.test_as_of.isoformat(),
            "k": k,
            "households": len(test_rows),
            "left_out_debt_help": plan.left_out.get(split.test_as_of, 0),
            "positives": int(test_rows["label"].sum()),
            "train_as_of": [split.train_as_of[0].isoformat(), split.train_as_of[-1].isoformat()],
            "calibration_as_of": [
                split.calibration_as_of[0].isoformat(),
                split.calibration_as_of[-1].isoformat(),
            ],
        }
        for ranker in _new_rankers(config):
            _fit(ranker, frame_known, split)
            scored = _score_month(ranker, test_rows, k)
            entry[ranker.name] = _month_metrics(scored, k)
            if isinstance(ranker, LightGBMRanker):
                evaluations.append(scored)
                backtest_models[split.test_as_of] = ranker
                test_frames[split.test_as_of] = test_rows
            else:
                baselines.append(scored.assign(ranker=ranker.name))
        oracle = _oracle(test_rows, k)
        if oracle is not None:
            entry["oracle"] = oracle
        per_month.append(entry)

    model = LightGBMRanker(params=dict(config.lgbm_params), features=config.features)
    _fit(model, frame_known, production)
    eval_columns = ["household_id", "month", "score", "rank", "selected", "label"]
    has_truth = "true_prob" in frame and bool(frame["true_prob"].notna().any())
    if has_truth:
        eval_columns.append("true_prob")
    return TrainingResult(
        config=config,
        model=model,
        production=production,
        splits=splits,
        per_month=per_month,
        evaluation=pd.concat(evaluations, ignore_index=True)[eval_columns],
        evaluation_baselines=pd.concat(baselines, ignore_index=True)[["ranker", *eval_columns]],
        backtest_models=backtest_models,
        test_frames=test_frames,
        fingerprint=plan.fingerprint,
        has_truth=has_truth,
        label_months=label_months,
    )
