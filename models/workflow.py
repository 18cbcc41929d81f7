"""Train-and-register, from the published tables to a frozen registry version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from models import registry
from models._truth import load_truth, read_truth
from models.explain import dependence, global_importance
from models.features import (
    DEBT_HELP_TABLE,
    Store,
    open_serving,
    read_features,
    read_labels,
    read_residents,
)
from models.report import summarise
from models.training import TrainingConfig, TrainingResult, plan_training, train
from signals.paths import DataDir

__all__ = [
    "Inputs",
    "load_inputs",
    "read_inputs",
    "register",
    "train_and_register",
    "train_in_warehouse",
    "train_inputs",
]

#: How many of the most important features get a dependence table for the model card.
DEPENDENCE_FEATURES = 5


@dataclass(frozen=True)
class Inputs:
    features: pd.DataFrame
    labels: pd.DataFrame
    truth: pd.DataFrame | None
    residents: dict[date, int] | None


def read_inputs(
    store: Store,
    *,
    features: tuple[str, ...],
    truth_dir: Path,
    identity_table: str | None = None,
    debt_help: bool = True,
) -> Inputs:
    """Everything training needs, from ``store``. The simulator's truth (simulated data only)
    is joined through ``identity_table`` on the same connection when given. ``debt_help``: the
    cohort leaves out households in debt help, so the ``schuldhulp`` table must be there."""
    if debt_help:
        store.require(DEBT_HELP_TABLE)
    truth = None
    if identity_table is not None:
        truth = read_truth(truth_dir, store.con, identity_table=identity_table)
    return Inputs(
        features=read_features(store, features=features),
        labels=read_labels(store),
        truth=truth,
        residents=read_residents(store),
    )


def load_inputs(data: DataDir, *, features: tuple[str, ...], debt_help: bool = True) -> Inputs:
    """:func:`read_inputs` from the published stores of ``data``."""
    with open_serving(data.serving) as store:
        inputs = read_inputs(store, features=features, truth_dir=data.truth, debt_help=debt_help)
    truth = load_truth(data.truth, data.restricted)
    return Inputs(inputs.features, inputs.labels, truth, inputs.residents)


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


def train_inputs(
    data: DataDir, inputs: Inputs, *, config: TrainingConfig | None = None
) -> tuple[str, bool]:
    """Train on ``inputs`` and freeze the result, unless exactly this version (same data, code
    and settings) exists already. Returns ``(version, created)``."""
    config = config or TrainingConfig()
    plan = plan_training(inputs.features, inputs.labels, truth=inputs.truth, config=config)
    version = registry.version_id(
        fingerprint=plan.fingerprint,
        config=config,
        last_month=max(plan.production.calibration_as_of),
    )
    if registry.exists(data, version):
        return version, False
    result = train(
        inputs.features,
        inputs.labels,
        truth=inputs.truth,
        residents=inputs.residents,
        config=config,
    )
    return register(data, result)


def train_and_register(data: DataDir, *, config: TrainingConfig | None = None) -> tuple[str, bool]:
    """Train on the data folder's published serving store and freeze the result."""
    config = config or TrainingConfig()
    inputs = load_inputs(data, features=config.features, debt_help=config.exclude_debt_help)
    return train_inputs(data, inputs, config=config)


def train_in_warehouse(
    data: DataDir, con: duckdb.DuckDBPyConnection, *, config: TrainingConfig | None = None
) -> tuple[str, bool]:
    """Train from the warehouse's ``serving`` schema inside a pipeline run (before it is
    published), joining the simulator's truth through ``restricted.identity``."""
    config = config or TrainingConfig()
    has_identity = Store(con, "restricted").has("identity")
    inputs = read_inputs(
        Store(con, "serving", "warehouse"),
        features=config.features,
        truth_dir=data.truth,
        identity_table="restricted.identity" if has_identity else None,
        debt_help=config.exclude_debt_help,
    )
    return train_inputs(data, inputs, config=config)
