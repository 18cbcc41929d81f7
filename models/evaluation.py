"""The evaluation table of a model version, for the fairness audit and the model card.

Written once at training time (``DATA/models/<version>/evaluation.parquet``); this module only
reads it back.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from models.messages import ModelError
from signals.paths import DataDir

__all__ = ["EVALUATION_COLUMNS", "baseline_evaluation_frame", "evaluation_frame"]

#: Columns of :func:`evaluation_frame`; ``true_prob`` only when the data is simulated.
EVALUATION_COLUMNS = ("household_id", "month", "score", "rank", "selected", "label", "true_prob")


def _read(data: DataDir, version: str, name: str) -> pd.DataFrame:
    folder = data.models / version
    manifest_path = folder / "manifest.json"
    if "/" in version or version.startswith(".") or not manifest_path.is_file():
        raise ModelError("onbekende_versie", version=version, path=str(data.models))
    manifest = json.loads(manifest_path.read_text("utf-8"))
    path = folder / name
    if hashlib.sha256(path.read_bytes()).hexdigest() != manifest["files"][name]:
        raise ModelError("artefact_gewijzigd", file=name, version=version)
    frame = pd.read_parquet(path)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def evaluation_frame(data: DataDir, version: str) -> pd.DataFrame:
    """The model's scores on its backtest test months.

    One row per household and test as-of month: ``household_id`` (str), ``month`` (date, first of
    the month), ``score`` (calibrated probability, float), ``rank`` (int, 1 = first in the month),
    ``selected`` (bool, rank <= k of that month), ``label`` (bool, an outcome within 12 months), and
    ``true_prob`` (float, the simulator's true probability) when the data is simulated. Each test
    month was scored by a model trained only on labels known before that month.
    """
    return _read(data, version, "evaluation.parquet")


def baseline_evaluation_frame(data: DataDir, version: str) -> pd.DataFrame:
    """The same table for the baselines, with a ``ranker`` column (``threshold_rule``,
    ``logistic_regression``), trained and tested on exactly the same months."""
    return _read(data, version, "evaluation_baselines.parquet")
