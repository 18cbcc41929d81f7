"""The one resource of the pipeline: the data folder and its warehouse."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.warehouse import ensure_schema
from signals.paths import DataDir

__all__ = ["WarehouseResource", "connect"]


@contextmanager
def connect(data: DataDir, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``data.warehouse`` (created on first use), session time zone UTC."""
    data.root.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.warehouse), read_only=read_only)
    try:
        con.execute("SET TimeZone = 'UTC'").complete()
        yield con
    finally:
        con.close()


class WarehouseResource(dg.ConfigurableResource):
    """The data folder (``DataDir``) the pipeline reads deliveries from and writes stores into.

    During a run the warehouse is opened once; every ``connect()`` hands out a cursor of that
    connection (its own session: temporary tables do not leak between steps).
    ``linkage_floor`` is the minimum share of agency records (per delivery month) whose BSN is in
    the population register; below it the linkage check fails and blocks the features.
    """

    data_dir: str
    linkage_floor: float = 0.5
    threads: int = 2
    memory_limit: str = "3GB"

    _con: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @property
    def data(self) -> DataDir:
        return DataDir(Path(self.data_dir))

    def _open(self) -> duckdb.DuckDBPyConnection:
        self.data.root.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(
            str(self.data.warehouse),
            config={"threads": int(self.threads), "memory_limit": self.memory_limit},
        )
        con.execute("SET TimeZone = 'UTC'").complete()
        ensure_schema(con)
        return con

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._con = self._open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A session on the warehouse (``read_only`` is advisory inside a run)."""
        if self._con is None:
            con = self._open()
            try:
                yield con
            finally:
                con.close()
            return
        cursor = self._con.cursor()
        try:
            cursor.execute("SET TimeZone = 'UTC'").complete()
            yield cursor
        finally:
            cursor.close()
