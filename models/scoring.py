"""Scoring a month with the active model: ``scores`` and ``explanations`` rows.

Only the *active* version scores (see ``registry.activate``), and only while its fairness gate
still allows it: if the audit later turns to ``fail``, scoring stops instead of quietly going on.
Every row carries the ``model_version`` that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from models import registry
from models.explain import explain_households
from models.features import (
    DEBT_HELP,
    DEBT_HELP_TABLE,
    FEATURES,
    Store,
    in_population,
    open_serving,
    read_features,
    read_residents,
    with_history,
)
from models.history import HISTORY_FEATURES
from models.messages import ModelError
from models.metrics import capacity_k, rank_order
from signals.paths import DataDir

__all__ = [
    "SCORE_COLUMNS",
    "ScoredMonth",
    "active_model",
    "excludes_debt_help",
    "score_frame",
    "score_from_store",
    "score_month",
]

SCORE_COLUMNS = ("household_id", "month", "model_version", "score", "rank", "selected")


@dataclass(frozen=True)
class ScoredMonth:
    month: date
    model_version: str
    k: int
    scores: pd.DataFrame
    explanations: pd.DataFrame


def active_model(data: DataDir) -> registry.ModelVersion:
    """The active, verified model whose fairness gate still allows use."""
    version = registry.active_version(data)
    allowed, reason = registry.gate_status(data, version)
    if not allowed:
        raise ModelError(reason, version=version, path=str(data.models / version))
    return registry.load(data, version)


def excludes_debt_help(model: registry.ModelVersion) -> bool:
    """Whether ``model``'s cohort leaves out households in debt help (older versions: no)."""
    return bool(model.manifest.get("config", {}).get("exclude_debt_help", False))


def score_frame(model: registry.ModelVersion, frame: pd.DataFrame, *, k: int) -> pd.DataFrame:
    """Score and rank the households of ONE month (``frame``: ``household_features`` rows).

    Returns ``SCORE_COLUMNS``: ``score`` is the calibrated probability of an outcome within 12
    months, ``rank`` 1 is the highest, ``selected`` marks the first ``k``.
    """
    if frame["month"].nunique() > 1:
        raise ValueError("score_frame takes one month at a time")
    margin = model.model.margin(frame)
    ranks = rank_order([margin], frame["household_id"].to_numpy().astype(str))
    return pd.DataFrame(
        {
            "household_id": frame["household_id"].to_numpy(),
            "month": frame["month"].to_numpy(),
            "model_version": model.version,
            "score": model.model.calibration(margin),
            "rank": ranks.astype(np.int32),
            "selected": ranks <= k,
        }
    )


def score_from_store(
    model: registry.ModelVersion,
    store: Store,
    *,
    month: date | None = None,
    k: int | None = None,
    per_1000: float = 2.0,
    explain_top: int | None = None,
) -> ScoredMonth:
    """Score ``month`` (default: the latest month with features) of ``store`` with ``model`` and
    explain its first ``explain_top`` households (default: the ``k`` selected ones).

    The population is the cohort the model was trained on: the month's households with arrears,
    without those already in debt help when the model's cohort leaves them out (then the
    ``schuldhulp`` table must be there). ``k`` defaults to ``per_1000`` per 1,000 residents of
    the month (table ``inwoners``).
    """
    if excludes_debt_help(model):
        store.require(DEBT_HELP_TABLE)
    if month is None:
        row = store.con.execute(
            f"SELECT max(month) FROM {store.table('household_features')}"
        ).fetchone()
        if not row or row[0] is None:
            raise ModelError("maand_zonder_gegevens", month="?")
        month = pd.Timestamp(row[0]).date()
    wanted = model.model.features
    needs_history = any(f in HISTORY_FEATURES for f in wanted)
    # History features look back at the household's earlier months (never later ones).
    features = read_features(store, months=None if needs_history else [month], features=FEATURES)
    features = with_history(features[features["month"] <= month], wanted)
    features = features[features["month"] == month]
    if not excludes_debt_help(model):
        features = features.drop(columns=[DEBT_HELP], errors="ignore")
    rows = features[in_population(features)]
    if rows.empty:
        raise ModelError("maand_zonder_gegevens", month=month.isoformat())
    if k is None:
        residents = read_residents(store)
        if not residents or month not in residents:
            raise ModelError("geen_inwoners")
        k = capacity_k(residents[month], per_1000=per_1000)
    scores = score_frame(model, rows, k=k)
    top = scores.nsmallest(explain_top if explain_top is not None else k, "rank")
    shown = rows.set_index("household_id").loc[top["household_id"]].reset_index()
    explanations = explain_households(model.model, shown, model_version=model.version)
    return ScoredMonth(month, model.version, k, scores, explanations)


def score_month(
    data: DataDir,
    *,
    month: date | None = None,
    k: int | None = None,
    per_1000: float = 2.0,
    explain_top: int | None = None,
) -> ScoredMonth:
    """:func:`score_from_store` with the active model on the published serving store."""
    model = active_model(data)
    with open_serving(data.serving) as store:
        return score_from_store(
            model, store, month=month, k=k, per_1000=per_1000, explain_top=explain_top
        )
