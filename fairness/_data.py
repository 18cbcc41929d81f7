"""Reading the audit's inputs from a data folder.

Protected attributes are read here, from ``restricted.duckdb``, and nowhere else in the project;
they are joined to evaluation rows only inside ``fairness/`` and leave it only as aggregates
(reports) or in the explicit ``--export`` table for reviewers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from fairness._audit import AuditError
from fairness._policy import PROTECTED_COLUMNS
from signals.paths import DataDir

__all__ = [
    "default_version",
    "load_evaluation",
    "load_features",
    "load_groups",
    "load_live",
    "model_features",
]


@contextlib.contextmanager
def _read_only(path: Path, missing_key: str) -> Iterator[duckdb.DuckDBPyConnection]:
    if not path.is_file():
        raise AuditError(missing_key, path=str(path))
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchall()
    return bool(rows[0][0])


def load_groups(data: DataDir, *, months: list[date] | None = None) -> pd.DataFrame:
    """``household_protected`` of ``restricted.duckdb``: ``household_id``, ``month`` and the
    protected columns, for ``months`` (default: all)."""
    with _read_only(data.restricted, "geen_restricted") as con:
        if not _has_table(con, "household_protected"):
            raise AuditError("geen_restricted", path=f"{data.restricted}: household_protected")
        columns = ", ".join(PROTECTED_COLUMNS)
        sql = f"SELECT household_id, month, {columns} FROM household_protected"
        if months:
            return con.execute(sql + " WHERE month IN (SELECT unnest(?::DATE[]))", [months]).df()
        return con.execute(sql).df()


def load_features(data: DataDir, *, months: list[date], features: list[str]) -> pd.DataFrame:
    """The model's inputs for ``months``: keys and ``features``, read and derived exactly as the
    model layer does (``models.features``: the table's columns plus history features, which need
    the household's earlier months)."""
    from models.features import load_features as read
    from models.features import with_history

    if not data.serving.is_file():
        raise AuditError("geen_serving", path=str(data.serving))
    frame = with_history(read(data.serving, features=tuple(features)), tuple(features))
    frame = frame[frame["month"].isin(set(months))]
    return frame[["household_id", "month", *features]].reset_index(drop=True)


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


def load_live(data: DataDir) -> pd.DataFrame:
    """Months scored in use whose outcomes are known: the ``scores`` of the serving store joined
    to ``labels`` with ``label_known``. Columns: ``household_id``, ``month``, ``model_version``,
    ``score``, ``rank``, ``selected``, ``label``. Empty when nothing is known yet."""
    empty = pd.DataFrame(
        columns=["household_id", "month", "model_version", "score", "rank", "selected", "label"]
    )
    if not data.serving.is_file():
        return empty
    with _read_only(data.serving, "geen_serving") as con:
        if not (_has_table(con, "scores") and _has_table(con, "labels")):
            return empty
        # as offline (models.training.labelled_frame): only household-months with a label row
        frame = con.execute(
            """
            SELECT s.household_id, s.month, s.model_version, s.score, s.rank, s.selected,
                   l.label
            FROM scores s
            JOIN labels l USING (household_id, month)
            WHERE l.label_known
            """
        ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame
