"""Reading the simulator's ground truth (simulated data only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["read_true_probabilities"]


def read_true_probabilities(truth_dir: Path) -> pd.DataFrame | None:
    """``household_id``, ``month`` (date), ``true_prob`` from ``truth_dir``, or ``None``."""
    path = truth_dir / "household_months.parquet"
    if not path.is_file():
        return None
    frame = pd.read_parquet(path, columns=["household_id", "month", "true_prob"])
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame
