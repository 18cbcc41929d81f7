"""Reading the audit's inputs.

Protected attributes are read here, from the restricted store, and nowhere else in the project;
they are joined to evaluation rows only inside ``fairness/`` and leave it only as aggregates
(reports) or in the explicit ``--export`` table for reviewers.

Outside the pipeline the published files are read (``DATA/serving.duckdb``,
``DATA/restricted.duckdb``, schema ``main``); inside a pipeline run the warehouse connection is
passed in and its ``serving`` and ``restricted`` schemas are read (see docs/pipeline.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from fairness._audit import AuditError
from fairness._policy import PROTECTED_COLUMNS
from signals.paths import DataDir

__all__ = [
    "Sources",
    "default_version",
    "load_evaluation",
    "model_features",
    "open_sources",
]

LIVE_COLUMNS = ["household_id", "month", "model_version", "score", "rank", "selected", "label"]


@dataclass(frozen=True)
class Sources:
    """Where the tables are: a connection and schema for the serving tables and for the
    restricted ones (the same connection inside the pipeline, two files outside it)."""

    serving: duckdb.DuckDBPyConnection | None
    serving_schema: str
    restricted: duckdb.DuckDBPyConnection | None
    restricted_schema: str
    label: str

    @classmethod
    def warehouse(cls, con: duckdb.DuckDBPyConnection, label: str = "warehouse") -> Sources:
        return cls(con, "serving", con, "restricted", label)

    def _has(self, con: duckdb.DuckDBPyConnection | None, schema: str, table: str) -> bool:
        if con is None:
            return False
        rows = con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchall()
        return bool(rows[0][0])

    def groups(self, *, months: list[date]) -> pd.DataFrame:
        """``household_protected``: ``household_id``, ``month`` and the protected columns."""
        if not self._has(self.restricted, self.restricted_schema, "household_protected"):
            raise AuditError("geen_restricted", path=f"{self.label}: household_protected")
        assert self.restricted is not None
        columns = ", ".join(PROTECTED_COLUMNS)
        frame = self.restricted.execute(
            f"SELECT household_id, month, {columns} "
            f'FROM "{self.restricted_schema}".household_protected '
            "WHERE month IN (SELECT unnest(?::DATE[]))",
            [months],
        ).df()
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
        return frame

    def features(self, *, months: list[date], features: list[str]) -> pd.DataFrame:
        """The model's inputs for ``months``, read and derived exactly as the model layer does
        (``models.features``: table columns plus history features from earlier months)."""
        from models.features import Store, read_features, with_history

        if not self._has(self.serving, self.serving_schema, "household_features"):
            raise AuditError("geen_serving", path=f"{self.label}: household_features")
        assert self.serving is not None
        store = Store(self.serving, self.serving_schema, self.label)
        frame = with_history(read_features(store, features=tuple(features)), tuple(features))
        frame = frame[frame["month"].isin(set(months))]
        return frame[["household_id", "month", *features]].reset_index(drop=True)

    def live(self) -> pd.DataFrame:
        """Months scored in use whose outcomes are known: ``scores`` joined to ``labels`` with
        ``label_known`` (as offline, only household-months with a label row). Columns
        ``LIVE_COLUMNS``; empty when nothing is known yet."""
        schema = self.serving_schema
        if not (
            self._has(self.serving, schema, "scores") and self._has(self.serving, schema, "labels")
        ):
            return pd.DataFrame(columns=LIVE_COLUMNS)
        assert self.serving is not None
        frame = self.serving.execute(
            f"""
            SELECT s.household_id, s.month, s.model_version, s.score, s.rank, s.selected,
                   l.label
            FROM "{schema}".scores s
            JOIN "{schema}".labels l USING (household_id, month)
            WHERE l.label_known
            """
        ).df()
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
        return frame


@contextlib.contextmanager
def open_sources(data: DataDir) -> Iterator[Sources]:
    """The published stores of ``data``, read-only (a missing file reads as a missing table)."""
    serving = duckdb.connect(str(data.serving), read_only=True) if data.serving.is_file() else None
    restricted = (
        duckdb.connect(str(data.restricted), read_only=True) if data.restricted.is_file() else None
    )
    try:
        yield Sources(serving, "main", restricted, "main", str(data.root))
    finally:
        for con in (serving, restricted):
            if con is not None:
                con.close()


def default_version(data: DataDir) -> str:
    """The active model version, else the newest frozen one."""
    from models import registry
    from models.messages import ModelError

    try:
        return registry.active_version(data)
    except ModelError:
        versions = registry.list_versions(data)
        if not versions:
            raise AuditError("geen_model", path=str(data.models)) from None
        return versions[-1]


def load_evaluation(data: DataDir, version: str) -> pd.DataFrame:
    """The model's evaluation table (test months) from the registry."""
    from models import registry
    from models.evaluation import evaluation_frame

    if not registry.exists(data, version):
        raise AuditError("onbekend_model", version=version, path=str(data.models))
    return evaluation_frame(data, version)


def model_features(data: DataDir, version: str) -> list[str]:
    """The feature names the model version uses (from its verified manifest)."""
    from models import registry

    return list(registry.load(data, version).manifest["features"])
