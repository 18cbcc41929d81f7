"""The monthly partitions of the pipeline.

A partition key is a month ``YYYY-MM``. The months are *dynamic*: they are the months for which
something was delivered, added when a delivery lands (sensor) or when ``vroegsignaal run`` starts,
so a simulated town in any period works without editing code. Keys sort chronologically.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from signals.paths import DataDir

__all__ = [
    "AMSTERDAM",
    "add_months",
    "as_of_instant",
    "delivered_months",
    "month_key",
    "months",
    "parse_month",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

#: The partitions every monthly asset uses (later layers too).
months = dg.DynamicPartitionsDefinition(name="maand")

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(key: str) -> date:
    """``"2024-03"`` -> ``date(2024, 3, 1)``; a clear ``ValueError`` otherwise."""
    match = _MONTH_RE.match(key.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month (YYYY-MM): {key!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month`` (``n`` may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def as_of_instant(month: date) -> datetime:
    """The first instant of the month after ``month`` in Europe/Amsterdam, in UTC.

    "As of month M" uses only facts whose knowledge time is strictly before this instant.
    """
    nxt = add_months(month, 1)
    return datetime(nxt.year, nxt.month, 1, tzinfo=AMSTERDAM).astimezone(UTC)


def _months_in(folder: Path, pattern: str) -> set[str]:
    found: set[str] = set()
    for path in folder.glob(pattern):
        stem = path.name.split(".")[0]
        if _MONTH_RE.match(stem):
            found.add(stem)
    return found


def delivered_months(data: DataDir) -> list[str]:
    """Every month with a delivery of any kind in ``data``, sorted."""
    found = _months_in(data.brp, "*.csv") | _months_in(data.uitkomsten, "*.csv")
    found |= _months_in(data.landing, "*/*.*")
    return sorted(found)
