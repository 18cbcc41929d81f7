"""Fixtures: hand-written towns run through the real pipeline (Dagster in-process, DuckDB files)."""

import shutil
import warnings
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import CORE_MODULES, build_definitions
from pipelines.resources import WarehouseResource
from pipelines.runner import RunSummary, run_pipeline
from signals.paths import DataDir
from tests.pipelines.handmade import write_town

warnings.filterwarnings("ignore", category=dg.BetaWarning)

#: Columns that record when something happened (differ between runs by design).
VOLATILE = {"loaded_at", "checked_at", "deleted_at"}


def core_defs(data: DataDir) -> dg.Definitions:
    """The pipeline's own Definitions (deliveries to features and publish) for ``data``."""
    return build_definitions(WarehouseResource(data_dir=str(data.root)), modules=CORE_MODULES)


def run(data: DataDir, *, full: bool = False, **kwargs) -> RunSummary:
    """Run the pipeline on ``data`` with a throw-away Dagster instance (``full``: with the later
    layers' assets too)."""
    defs = None if full else core_defs(data)
    return run_pipeline(data, instance=dg.DagsterInstance.ephemeral(), defs=defs, **kwargs)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table of a published store as sorted rows, without the volatile columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out: dict[str, list[tuple]] = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            cols = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index",
                    [table],
                ).fetchall()
                if c not in VOLATILE
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


@pytest.fixture(scope="session")
def sim_town(tmp_path_factory) -> DataDir:
    """A small simulated town with delivery faults switched on, run once (do not modify it)."""
    from signals.simulator import simulate

    root = tmp_path_factory.mktemp("sim") / "data"
    simulate(root, residents=500, months=18, seed=11, faults=0.02)
    data = DataDir(root)
    summary = run(data)
    assert summary.success
    return data
