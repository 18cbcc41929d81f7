"""Read-only access to the published serving store (``DATA/serving.duckdb``).

The dashboards never open the warehouse. Each query opens the published file read-only and closes
it again: the pipeline replaces the file atomically on every run, so a long-lived connection would
keep showing the old copy. A missing file or table is not an error here: the caller shows
"nog geen gegevens" instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

__all__ = ["ReadOnlyStore"]


class ReadOnlyStore:
    """A published DuckDB file, opened read-only per query.

    Parameters
    ----------
    path : Path
        The DuckDB file (``DATA/serving.duckdb``, or ``DATA/restricted.duckdb`` for the one
        steward-only table the dashboards show from it).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), read_only=True)

    def tables(self) -> set[str]:
        """Names of the tables in the store (empty when it has not been published yet)."""
        if not self.exists():
            return set()
        with self._connect() as con:
            rows = con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        return {r[0] for r in rows}

    def has(self, *tables: str) -> bool:
        present = self.tables()
        return all(t in present for t in tables)

    def columns(self, table: str) -> list[str]:
        if not self.has(table):
            return []
        with self._connect() as con:
            rows = con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
        return [r[0] for r in rows]

    def frame(
        self, sql: str, params: Sequence[object] = (), *, needs: Sequence[str] = ()
    ) -> pd.DataFrame | None:
        """Run ``sql`` and return a DataFrame, or ``None`` when a table in ``needs`` (or the
        store itself) does not exist yet."""
        if not self.exists() or (needs and not self.has(*needs)):
            return None
        with self._connect() as con:
            return con.execute(sql, list(params)).df()
