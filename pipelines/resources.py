"""The one resource of the pipeline: the data folder and its warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from signals.paths import DataDir

__all__ = ["WarehouseResource", "connect"]


@contextmanager
def connect(data: DataDir, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``data.warehouse`` (created on first use), session time zone UTC."""
    data.root.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.warehouse), read_only=read_only)
    try:
        con.execute("SET TimeZone = 'UTC'")
        yield con
    finally:
        con.close()


class WarehouseResource(dg.ConfigurableResource):
    """The data folder (``DataDir``) the pipeline reads deliveries from and writes stores into.

    ``linkage_floor`` is the minimum share of agency records (per delivery month) whose BSN is in
    the population register; below it the linkage check fails and blocks the features.
    """

    data_dir: str
    linkage_floor: float = 0.5
    threads: int = 2
    memory_limit: str = "3GB"

    @property
    def data(self) -> DataDir:
        return DataDir(Path(self.data_dir))

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(self.data, read_only=read_only) as con:
            con.execute(f"SET threads = {int(self.threads)}")
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            yield con
