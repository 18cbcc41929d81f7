"""Helpers shared by the asset modules: the months a run covers."""

from __future__ import annotations

from datetime import date

import dagster as dg

from pipelines.partitions import parse_month

__all__ = ["run_months"]


def run_months(context: dg.AssetExecutionContext) -> list[date]:
    """The months (first-of-month dates) this run materialises, oldest first.

    One partition, or a range when a backfill runs as a single run (``BackfillPolicy.single_run``).
    """
    return sorted(parse_month(key) for key in context.partition_keys)
