"""The model's inputs: the documented columns of ``household_features`` and ``labels``.

The column list mirrors docs/data-model.md; it is the one list the model, the explanations and the
model card use. Loading checks the published table against it, so a schema change fails loudly
instead of silently shifting a model's inputs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from models.messages import ModelError

__all__ = [
    "AGENCIES",
    "AGENCY_COLUMNS",
    "CENT_FEATURES",
    "FEATURES",
    "KEYS",
    "RESIDENTS_TABLE",
    "in_population",
    "load_features",
    "load_labels",
    "load_residents",
    "load_truth",
    "month_add",
]

#: The agencies (``bron`` identifiers of signals/sources.toml) with per-agency feature columns.
AGENCIES: tuple[str, ...] = ("cjib", "cak", "duo", "bd")

#: Per-agency column suffixes, in the documented order.
AGENCY_COLUMNS: tuple[str, ...] = (
    "open_zaken",
    "saldo_cent",
    "achterstand_cent",
    "oudste_achterstand_maanden",
    "verhogingen",
    "sterkste_aanmaning",
    "pilot_drempel",
)

KEYS: tuple[str, str] = ("household_id", "month")

#: Every feature column of ``household_features`` (docs/data-model.md), in a fixed order.
FEATURES: tuple[str, ...] = (
    *(f"{a}_{c}" for a in AGENCIES for c in AGENCY_COLUMNS),
    "cak_premie_regime",
    "instanties_met_achterstand",
    "totaal_saldo_cent",
    "totaal_achterstand_cent",
    "pilot_drempels",
    "totaal_achterstand_delta_3m",
    "totaal_achterstand_delta_6m",
    "totaal_achterstand_delta_12m",
    "instanties_delta_3m",
    "instanties_delta_6m",
    "instanties_delta_12m",
    "huishouden_grootte",
    "aantal_kinderen",
)

#: Features that hold euro cents (signed for the deltas).
CENT_FEATURES: tuple[str, ...] = tuple(f for f in FEATURES if "cent" in f)


def month_add(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month`` (``n`` may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def in_population(frame: pd.DataFrame) -> pd.Series:
    """The households the model ranks in a month: those with arrears (``totaal_achterstand_cent >
    0``), the same population the ``labels`` table covers."""
    return frame["totaal_achterstand_cent"] > 0


def _connect(serving: Path) -> duckdb.DuckDBPyConnection:
    if not Path(serving).exists():
        raise ModelError("geen_serving", path=str(serving))
    return duckdb.connect(str(serving), read_only=True)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }


def load_features(
    serving: Path, *, months: list[date] | None = None, features: tuple[str, ...] = FEATURES
) -> pd.DataFrame:
    """Read ``household_features`` from the published serving store.

    Returns one row per (``household_id``, ``month``) with the key columns and ``features`` as
    float64 (cents stay cents), sorted by month then household. ``months`` restricts the read.
    """
    with _connect(serving) as con:
        if "household_features" not in _tables(con):
            raise ModelError("tabel_ontbreekt", table="household_features", path=str(serving))
        present = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'household_features'"
            ).fetchall()
        }
        missing = [c for c in (*KEYS, *features) if c not in present]
        if missing:
            raise ModelError(
                "kolommen_ontbreken", table="household_features", columns=", ".join(missing)
            )
        cols = ", ".join(f'"{c}"' for c in (*KEYS, *features))
        sql = f"SELECT {cols} FROM household_features"
        params: list[object] = []
        if months is not None:
            sql += " WHERE month IN (SELECT unnest(?::DATE[]))"
            params.append(list(months))
        frame = con.execute(sql + " ORDER BY month, household_id", params).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame[list(features)] = frame[list(features)].astype(np.float64)
    return frame


def load_labels(serving: Path) -> pd.DataFrame:
    """Read ``labels``: ``household_id``, ``month``, ``label`` (bool), ``label_known`` (bool)."""
    with _connect(serving) as con:
        if "labels" not in _tables(con):
            raise ModelError("tabel_ontbreekt", table="labels", path=str(serving))
        frame = con.execute(
            "SELECT household_id, month, label, label_known FROM labels "
            "ORDER BY month, household_id"
        ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["label"] = frame["label"].fillna(False).astype(bool)
    frame["label_known"] = frame["label_known"].fillna(False).astype(bool)
    return frame


def load_truth(truth_dir: Path) -> pd.DataFrame | None:
    """The simulator's true label probability per household-month, if this is simulated data.

    Returns ``household_id``, ``month``, ``true_prob`` or ``None`` when there is no truth folder.
    """
    from models._truth import read_true_probabilities

    return read_true_probabilities(Path(truth_dir))


#: The serving table with the number of residents per month (published by the model layer's
#: ``inwoners`` asset from the population register; an aggregate, no personal data).
RESIDENTS_TABLE = "inwoners"


def load_residents(serving: Path) -> dict[date, int] | None:
    """Residents per month (``{month: count}``) from the serving store, or ``None`` if absent."""
    with _connect(serving) as con:
        if RESIDENTS_TABLE not in _tables(con):
            return None
        rows = con.execute(f"SELECT month, inwoners FROM {RESIDENTS_TABLE}").fetchall()
    return {pd.Timestamp(mo).date(): int(n) for mo, n in rows}
