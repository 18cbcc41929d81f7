"""Train-and-register, from a data folder to a frozen registry version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from models import registry
from models.explain import dependence, global_importance
from models.features import FEATURES, load_features, load_labels, load_residents, load_truth
from models.report import summarise
from models.training import TrainingConfig, TrainingResult, train
from signals.paths import DataDir

__all__ = ["Inputs", "load_inputs", "register", "train_and_register"]

#: How many of the most important features get a dependence table for the model card.
DEPENDENCE_FEATURES = 5


@dataclass(frozen=True)
class Inputs:
    features: pd.DataFrame
    labels: pd.DataFrame
    truth: pd.DataFrame | None
    residents: dict[date, int] | None


def load_inputs(data: DataDir, *, features: tuple[str, ...] | None = None) -> Inputs:
    """Everything training needs, read from the published serving store (and the simulator's
    truth folder when there is one)."""
    return Inputs(
        features=load_features(data.serving, features=features or FEATURES),
        labels=load_labels(data.serving),
        truth=load_truth(data.truth),
        residents=load_residents(data.serving),
    )


def register(data: DataDir, result: TrainingResult) -> tuple[str, bool]:
    """Freeze a training result with its metrics and global explanations."""
    importance = global_importance(result.backtest_models, result.test_frames)
    top = (
        importance.groupby("feature")["mean_abs_contribution"]
        .mean()
        .sort_values(ascending=False)
        .index[:DEPENDENCE_FEATURES]
        .tolist()
    )
    dep = dependence(result.backtest_models, result.test_frames, features=top)
    return registry.save(
        data,
        result,
        metrics=summarise(result),
        extra_frames={"global_importance": importance, "global_dependence": dep},
    )


def train_and_register(data: DataDir, *, config: TrainingConfig | None = None) -> tuple[str, bool]:
    """Train on the data folder's serving store and freeze the result. Returns ``(version,
    created)``; training the same data with the same code and settings yields the same version."""
    config = config or TrainingConfig()
    inputs = load_inputs(data, features=config.features)
    result = train(
        inputs.features,
        inputs.labels,
        truth=inputs.truth,
        residents=inputs.residents,
        config=config,
    )
    return register(data, result)
