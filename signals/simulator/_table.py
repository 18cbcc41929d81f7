"""A growable struct-of-arrays table: the simulator's people, households and cases."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["Table"]


class Table:
    """Named NumPy columns of equal length. Rows are appended in blocks and never deleted, so a
    row index is a stable identifier (a person, a household, a case)."""

    def __init__(self, dtypes: Mapping[str, np.dtype | type]) -> None:
        self._dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self._cols: dict[str, np.ndarray] = {
            k: np.empty(0, dtype=d) for k, d in self._dtypes.items()
        }
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("_cols")
        if cols is not None and name in cols:
            return cols[name][: self._n]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        elif name in self._cols:
            self._cols[name][: self._n] = value
        else:
            raise AttributeError(name)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self._cols)

    def append(self, n: int, **values: object) -> np.ndarray:
        """Append ``n`` rows; columns not given get their default (0 / False / -1 for ints ending
        in ``_ref``). Returns the new row indices."""
        if n <= 0:
            return np.empty(0, dtype=np.int64)
        start = self._n
        need = start + n
        for k, arr in self._cols.items():
            if len(arr) < need:
                grown = np.empty(max(need, int(len(arr) * 1.5) + 1024), dtype=arr.dtype)
                grown[:start] = arr[:start]
                self._cols[k] = grown
        unknown = set(values) - set(self._cols)
        if unknown:
            raise KeyError(sorted(unknown))
        for k, arr in self._cols.items():
            if k in values:
                arr[start:need] = values[k]
            else:
                arr[start:need] = -1 if k.endswith("_ref") else 0
        self._n = need
        return np.arange(start, need)

    def take(self, index: np.ndarray) -> dict[str, np.ndarray]:
        return {k: v[: self._n][index] for k, v in self._cols.items()}
