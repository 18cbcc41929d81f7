"""Fixtures: hand-written towns run through the real pipeline (Dagster in-process, DuckDB files)."""

import shutil
import warnings
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.runner import RunSummary, run_pipeline
from signals.paths import DataDir
from tests.pipelines.handmade import write_town

warnings.filterwarnings("ignore", category=dg.BetaWarning)

#: Columns that record when something happened (differ between runs by design).
VOLATILE = {"loaded_at", "checked_at", "deleted_at"}


def run(data: DataDir, **kwargs) -> RunSummary:
    """Run the whole pipeline on ``data`` with a throw-away Dagster instance."""
    with dg.instance_for_test() as instance:
        return run_pipeline(data, instance=instance, **kwargs)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table of a published store as sorted rows, without the volatile columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out: dict[str, list[tuple]] = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            cols = [
                c for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index", [table]).fetchall() if c not in VOLATILE
            ]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="session")
def town(tmp_path_factory) -> DataDir:
    """The hand-written town, run once through the whole pipeline (do not modify it)."""
    data = DataDir(write_town(tmp_path_factory.mktemp("town")))
    summary = run(data)
    assert summary.success
    return data


@pytest.fixture
def fresh_town(tmp_path) -> DataDir:
    """A fresh copy of the hand-written deliveries (not yet run)."""
    return DataDir(write_town(tmp_path / "data"))


@pytest.fixture
def copy_of(tmp_path):
    def _copy(data: DataDir, name: str) -> DataDir:
        target = tmp_path / name
        shutil.copytree(data.root, target)
        return DataDir(target)

    return _copy
