"""The model's inputs: the documented columns of ``household_features`` and ``labels``.

The column list mirrors docs/data-model.md; it is the one list the model, the explanations and the
model card use. Loading checks the published table against it, so a schema change fails loudly
instead of silently shifting a model's inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from models.history import HISTORY_FEATURES, add_history
from models.messages import ModelError

__all__ = [
    "AGENCIES",
    "AGENCY_COLUMNS",
    "CENT_FEATURES",
    "DEBT_HELP",
    "DEBT_HELP_TABLE",
    "FEATURES",
    "KEYS",
    "MODEL_FEATURES",
    "RESIDENTS_TABLE",
    "Store",
    "in_population",
    "load_features",
    "load_labels",
    "load_residents",
    "month_add",
    "open_serving",
    "read_features",
    "read_labels",
    "read_residents",
    "with_history",
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

#: What the model uses: the table's features plus the history derived from them
#: (``models.history``).
MODEL_FEATURES: tuple[str, ...] = (*FEATURES, *HISTORY_FEATURES)

#: Features that hold euro cents (signed for the deltas).
CENT_FEATURES: tuple[str, ...] = tuple(f for f in MODEL_FEATURES if "cent" in f)


def month_add(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month`` (``n`` may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def with_history(frame: pd.DataFrame, features: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with the history features added when ``features`` asks for any that are missing."""
    if all(f in frame.columns for f in features if f in HISTORY_FEATURES):
        return frame
    return add_history(frame)


#: The serving table that says which households already receive debt help (docs/data-model.md),
#: and its flag column, which :func:`read_features` adds to the rows when the table is there.
DEBT_HELP_TABLE = "schuldhulp"
DEBT_HELP = "in_schuldhulp"


def in_population(frame: pd.DataFrame) -> pd.Series:
    """The households the model ranks in a month (the cohort, in triage terms): those with arrears
    (``totaal_achterstand_cent > 0``, the population the ``labels`` table covers) that are not
    already in debt help (``in_schuldhulp``: registered for debt help or the WSNP in the last 24
    months, as known at the month). Frames without the flag column are filtered on arrears only."""
    population = frame["totaal_achterstand_cent"] > 0
    if DEBT_HELP in frame.columns:
        population &= ~frame[DEBT_HELP].astype(bool)
    return population


@dataclass(frozen=True)
class Store:
    """Where the published tables are read from: an open DuckDB connection and the schema that
    holds them (``main`` in ``DATA/serving.duckdb``; ``serving`` in the warehouse, inside a
    pipeline run before publication). ``label`` names it in error messages."""

    con: duckdb.DuckDBPyConnection
    schema: str = "main"
    label: str = ""

    def table(self, name: str) -> str:
        return f'"{self.schema}"."{name}"'

    def has(self, name: str) -> bool:
        found = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
            "AND table_name = ?",
            [self.schema, name],
        ).fetchone()
        return bool(found and found[0])

    def columns(self, name: str) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
            "AND table_name = ?",
            [self.schema, name],
        ).fetchall()
        return {r[0] for r in rows}

    def require(self, name: str) -> None:
        if not self.has(name):
            raise ModelError("tabel_ontbreekt", table=name, path=self.label or self.schema)


@contextmanager
def open_serving(serving: Path) -> Iterator[Store]:
    """The published serving store, read-only."""
    if not Path(serving).exists():
        raise ModelError("geen_serving", path=str(serving))
    con = duckdb.connect(str(serving), read_only=True)
    try:
        yield Store(con, "main", str(serving))
    finally:
        con.close()


def read_features(
    store: Store, *, months: list[date] | None = None, features: tuple[str, ...] = FEATURES
) -> pd.DataFrame:
    """Read ``household_features``.

    Returns one row per (``household_id``, ``month``) with the key columns and ``features`` as
    float64 (cents stay cents), sorted by month then household. ``months`` restricts the read.
    When the store has the ``schuldhulp`` table, the rows also carry ``in_schuldhulp`` (bool; not a
    feature, it defines the cohort: see :func:`in_population`).
    """
    store.require("household_features")
    features = tuple(f for f in features if f not in HISTORY_FEATURES)
    missing = [c for c in (*KEYS, *features) if c not in store.columns("household_features")]
    if missing:
        raise ModelError(
            "kolommen_ontbreken", table="household_features", columns=", ".join(missing)
        )
    cols = ", ".join(f'f."{c}"' for c in (*KEYS, *features))
    sql = f"SELECT {cols}"
    help_join = store.has(DEBT_HELP_TABLE)
    if help_join:
        sql += f", coalesce(h.{DEBT_HELP}, false) AS {DEBT_HELP}"
    sql += f" FROM {store.table('household_features')} AS f"
    if help_join:
        sql += f" LEFT JOIN {store.table(DEBT_HELP_TABLE)} AS h USING (household_id, month)"
    params: list[object] = []
    if months is not None:
        sql += " WHERE f.month IN (SELECT unnest(?::DATE[]))"
        params.append(list(months))
    frame = store.con.execute(sql + " ORDER BY f.month, f.household_id", params).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame[list(features)] = frame[list(features)].astype(np.float64)
    if help_join:
        frame[DEBT_HELP] = frame[DEBT_HELP].astype(bool)
    return frame


def read_labels(store: Store) -> pd.DataFrame:
    """Read ``labels``: ``household_id``, ``month``, ``label`` (bool), ``label_known`` (bool)."""
    store.require("labels")
    frame = store.con.execute(
        f"SELECT household_id, month, label, label_known FROM {store.table('labels')} "
        "ORDER BY month, household_id"
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["label"] = frame["label"].fillna(False).astype(bool)
    frame["label_known"] = frame["label_known"].fillna(False).astype(bool)
    return frame


#: The serving table with the number of residents per month (published by the model layer's
#: ``inwoners`` asset from the population register; an aggregate, no personal data).
RESIDENTS_TABLE = "inwoners"


def read_residents(store: Store) -> dict[date, int] | None:
    """Residents per month (``{month: count}``), or ``None`` if the table is absent."""
    if not store.has(RESIDENTS_TABLE):
        return None
    rows = store.con.execute(f"SELECT month, inwoners FROM {store.table(RESIDENTS_TABLE)}")
    return {pd.Timestamp(mo).date(): int(n) for mo, n in rows.fetchall()}


def load_features(
    serving: Path, *, months: list[date] | None = None, features: tuple[str, ...] = FEATURES
) -> pd.DataFrame:
    """:func:`read_features` from the published file ``serving``."""
    with open_serving(serving) as store:
        return read_features(store, months=months, features=features)


def load_labels(serving: Path) -> pd.DataFrame:
    """:func:`read_labels` from the published file ``serving``."""
    with open_serving(serving) as store:
        return read_labels(store)


def load_residents(serving: Path) -> dict[date, int] | None:
    """:func:`read_residents` from the published file ``serving``."""
    with open_serving(serving) as store:
        return read_residents(store)
