"""Retention: delete what is past each source's registered retention period (signals/sources.toml,
``bewaartermijn_maanden``, counted from each record's knowledge time) and log what was deleted.

The reference moment is the end of the latest month the warehouse holds (the pipeline's "now"),
so replaying an old simulated town does not wipe it. Agency events are deleted per financial case,
when the case's latest event is past retention (deleting part of a case would change the balance
of what is still open). Derived per-month tables follow their inputs: case state per source,
household tables with the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb

from pipelines.partitions import add_months, as_of_instant
from pipelines.warehouse import scalar, table_exists, transaction
from signals.sources import agency_sources, load_sources

__all__ = ["Deletion", "apply_retention", "cutoff_month"]


@dataclass(frozen=True)
class Deletion:
    bron: str
    table_name: str
    cutoff: date
    rows_deleted: int


def cutoff_month(latest: date, bewaartermijn_maanden: int) -> date:
    """The first month kept: records known before its first day are past retention."""
    return add_months(latest, 1 - bewaartermijn_maanden)


def _targets(bron: str) -> list[tuple[str, str]]:
    """(table, condition on ``?`` = cutoff date) for a source."""
    if bron in agency_sources():
        return [
            # a financial case is kept whole while it has events within the period: deleting
            # part of an open case would change its balance
            (
                "raw.events",
                f"bron = '{bron}' AND zaakkenmerk IN (SELECT zaakkenmerk FROM raw.events "
                f"WHERE bron = '{bron}' GROUP BY zaakkenmerk "
                "HAVING max(datumtijd_gebeurtenis) < ?)",
            ),
            ("raw.signals", f"bron = '{bron}' AND peildatum < ?"),
            ("facts.case_state", f"bron = '{bron}' AND month < ?"),
            (
                "restricted.reject_raw",
                "path IN (SELECT path FROM serving.rejects "
                f"WHERE bron = '{bron}' AND delivery_month < ?)",
            ),
            ("serving.rejects", f"bron = '{bron}' AND delivery_month < ?"),
        ]
    if bron == "brp":
        return [
            ("raw.persons", "month < ?"),
            ("restricted.bsn_map", "month < ?"),
            ("restricted.protected_attributes", "month < ?"),
            ("restricted.identity", "month < ?"),
            ("restricted.household_protected", "month < ?"),
            ("facts.person_households", "month < ?"),
            ("facts.household_agency_month", "month < ?"),
            ("serving.household_features", "month < ?"),
            ("serving.arrears_timeline", "month < ?"),
        ]
    if bron == "uitkomsten":
        return [("raw.outcomes", "datum < ?")]
    if bron == "contact":
        return [("restricted.contact", "delivery_month < ?")]
    return []


def apply_retention(con: duckdb.DuckDBPyConnection) -> list[Deletion]:
    """Delete past-retention rows of every source in one transaction; log them in
    ``serving.retention_log``. Returns the deletions (tables with at least one row deleted)."""
    if not table_exists(con, "serving.deliveries"):
        return []
    latest = scalar(con, "SELECT max(delivery_month) FROM serving.deliveries")
    if latest is None:
        return []
    deleted: list[Deletion] = []
    now = datetime.now(UTC)
    with transaction(con):
        for bron, source in load_sources().items():
            cutoff = cutoff_month(latest, source.bewaartermijn_maanden)
            boundary = as_of_instant(add_months(cutoff, -1))  # first instant of the cutoff month
            for table, condition in _targets(bron):
                if not table_exists(con, table):
                    continue
                param = boundary if "datumtijd" in condition else cutoff
                n = scalar(con, f"SELECT count(*) FROM {table} WHERE {condition}", [param])
                if n:
                    con.execute(f"DELETE FROM {table} WHERE {condition}", [param]).complete()
                    deleted.append(Deletion(bron, table, cutoff, int(n)))
        for d in deleted:
            con.execute(
                "INSERT INTO serving.retention_log VALUES (?, ?, ?, ?, ?)",
                [now, d.bron, d.table_name, d.cutoff, d.rows_deleted],
            ).complete()
    return deleted
