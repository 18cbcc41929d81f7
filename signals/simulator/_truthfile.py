"""Writing ``truth/`` month by month (Parquet row groups), so memory does not grow with the run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from signals.simulator._population import NONE

__all__ = ["TruthWriter"]


class TruthWriter:
    """``households.parquet`` and ``members.parquet`` get one row group per month;
    ``outcomes.parquet`` is written at :meth:`close`.

    ``first_month``: ``datetime64[M]`` of month index 0 (the first delivery month)."""

    def __init__(self, root: Path, *, first_month: np.datetime64) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.first = first_month.astype(np.int64)
        self._households: pq.ParquetWriter | None = None
        self._members: pq.ParquetWriter | None = None

    def month_dates(self, index: np.ndarray) -> np.ndarray:
        """Month index (0 = first delivery month, ``NONE`` for none) -> first day, or NaT."""
        index = np.asarray(index, dtype=np.int64)
        valid = index != NONE
        month = np.where(valid, self.first + index, 0).astype("datetime64[M]")
        return np.where(valid, month.astype("datetime64[D]"), np.datetime64("NaT"))

    def households(self, rows: dict[str, np.ndarray]) -> None:
        """One month of household rows; ``*_index`` columns are month indices."""
        cols: dict[str, np.ndarray] = {}
        for k, v in rows.items():
            if k.endswith("_index"):
                name = "month" if k == "month_index" else k.replace("_index", "_month")
                cols[name] = self.month_dates(v)
            else:
                cols[k] = v
        order = ["household", "month"] + [k for k in cols if k not in ("household", "month")]
        table = pa.table({k: cols[k] for k in order})
        if self._households is None:
            self._households = pq.ParquetWriter(self.root / "households.parquet", table.schema)
        self._households.write_table(table)

    def members(self, household: np.ndarray, month_index: int, bsn: list[str]) -> None:
        table = pa.table(
            {
                "household": household.astype(np.int32),
                "month": self.month_dates(np.full(len(bsn), month_index)),
                "bsn": pa.array(bsn, type=pa.string()),
            }
        )
        if self._members is None:
            self._members = pq.ParquetWriter(self.root / "members.parquet", table.schema)
        self._members.write_table(table)

    def close(self, outcomes: pa.Table) -> None:
        for writer in (self._households, self._members):
            if writer is not None:
                writer.close()
        pq.write_table(outcomes, self.root / "outcomes.parquet")
