"""Deliveries -> accepted records and rejects, per source and month.

Each asset validates the month's files of one source with ``signals.validate``, pseudonymises
them, drops agency records of people not in the register (counted) and writes the accepted
records, the rejects and a ``deliveries`` row per file into the warehouse, in one transaction per
month (a crash leaves earlier months loaded and the month it was in untouched; a re-run replaces
every month of its run).
"""

from collections.abc import Callable
from datetime import date

import dagster as dg
import duckdb

from pipelines import load
from pipelines.assets._common import run_months
from pipelines.partitions import months
from pipelines.resources import WarehouseResource
from pipelines.warehouse import transaction
from signals.paths import DataDir
from signals.sources import agency_sources

__all__ = ["agency_delivery_assets", "contact", "outcomes", "persons"]

_GROUP = "aanleveringen"
_POLICY = dg.BackfillPolicy.single_run()


def _load_each_month(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    loader: Callable[[duckdb.DuckDBPyConnection, DataDir, date], load.Totals],
) -> dg.MaterializeResult:
    """Run ``loader`` for every month of the run, one transaction per month (a month is loaded
    whole or not at all; one transaction over all months would hold every month's uncommitted
    rows in memory: 12 GiB for a town of 1,000,000 over 36 months)."""
    stats = load.Totals()
    with warehouse.connect() as con:
        for month in run_months(context):
            with transaction(con):
                stats += loader(con, warehouse.data, month)
    return dg.MaterializeResult(metadata=stats.metadata())


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    description="Residents per month from the population register (BRP) extract, pseudonymised; "
    "identities and protected attributes go to the restricted schema.",
)
def persons(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _load_each_month(context, warehouse, load.load_brp)


def _agency_asset(bron: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"{bron}_deliveries",
        partitions_def=months,
        backfill_policy=_POLICY,
        group_name=_GROUP,
        kinds={"duckdb"},
        deps=[persons],
        description=f"Events and legacy signals of {bron}: accepted records, rejects, and "
        "records of people not living in the municipality dropped by policy.",
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        stats = load.Totals()
        run = run_months(context)
        with warehouse.connect() as con:
            known = load.known_events(con, bron, run[0])  # carried through the months in order
            for month in run:
                with transaction(con):  # each month whole, or not at all
                    stats += load.load_agency(con, warehouse.data, bron, month, known)
        return dg.MaterializeResult(metadata=stats.metadata())

    return _asset


agency_delivery_assets = [_agency_asset(bron) for bron in agency_sources()]


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=[persons],
    description="Outcomes (debt-help registration, WSNP, eviction, disconnection) for labels.",
)
def outcomes(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _load_each_month(context, warehouse, load.load_outcomes)


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=[persons],
    description="Names and contact details (restricted): only for casework intake and inzage.",
)
def contact(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _load_each_month(context, warehouse, load.load_contact)
