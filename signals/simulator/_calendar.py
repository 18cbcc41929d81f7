"""Months, days and timestamps of the simulation.

Days are integers counted from 1970-01-01 (numpy ``datetime64[D]``); month ``t`` is the ``t``-th
month after the configured start. Timestamps are written in Europe/Amsterdam local time with their
RFC 3339 offset (``+01:00`` in winter, ``+02:00`` in summer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

__all__ = ["Calendar", "parse_month"]

_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> np.datetime64:
    """``YYYY-MM`` as ``datetime64[M]``; raises ``ValueError`` for anything else."""
    if not _MONTH_RE.match(text):
        raise ValueError(text)
    return np.datetime64(text, "M")


def _last_sunday(year: int, month: int) -> int:
    first_next = np.datetime64(f"{year}-{month:02d}", "M") + 1
    last = first_next.astype("datetime64[D]") - 1
    weekday = (last.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return int(last.astype(np.int64) - (weekday - 6) % 7)


@dataclass(frozen=True)
class Calendar:
    """The months ``first .. first + n_months - 1`` (``first`` may lie before the delivery start:
    the burn-in months)."""

    first: np.datetime64  # datetime64[M]
    n_months: int

    def month(self, t: int) -> np.datetime64:
        return self.first + t

    def label(self, t: int) -> str:
        return str(self.first + t)

    def first_day(self, t: int | np.ndarray) -> np.ndarray:
        """Day number of the first day of month ``t`` (array-friendly)."""
        months = self.first.astype(np.int64) + np.asarray(t, dtype=np.int64)
        return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)

    def days_in(self, t: int | np.ndarray) -> np.ndarray:
        return self.first_day(np.asarray(t) + 1) - self.first_day(t)

    def month_of_day(self, day: np.ndarray) -> np.ndarray:
        """Month index ``t`` of each day number."""
        m = np.asarray(day, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
        return m.astype(np.int64) - self.first.astype(np.int64)


def date_strings(days: np.ndarray) -> np.ndarray:
    """ISO ``YYYY-MM-DD`` for each day number."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"))


def amsterdam_offsets(days: np.ndarray) -> np.ndarray:
    """``+01:00`` or ``+02:00`` per day number, for local times between 04:00 and 23:59."""
    days = np.asarray(days, dtype=np.int64)
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    out = np.full(days.shape, "+01:00", dtype="<U6")
    for year in np.unique(years):
        y = int(year)
        summer = (days >= _last_sunday(y, 3)) & (days < _last_sunday(y, 10)) & (years == y)
        out[summer] = "+02:00"
    return out


def timestamps(days: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """RFC 3339 local timestamps, e.g. ``2023-05-04T09:12:30+02:00``; ``seconds`` since midnight."""
    seconds = np.asarray(seconds, dtype=np.int64)
    hh = seconds // 3600
    mm = (seconds // 60) % 60
    ss = seconds % 60
    dates = date_strings(days)
    offs = amsterdam_offsets(days)
    return np.char.add(
        np.char.add(dates, "T"),
        np.char.add(
            np.char.add(
                np.char.add(np.char.zfill(hh.astype("U2"), 2), ":"),
                np.char.add(
                    np.char.add(np.char.zfill(mm.astype("U2"), 2), ":"),
                    np.char.zfill(ss.astype("U2"), 2),
                ),
            ),
            offs,
        ),
    )
