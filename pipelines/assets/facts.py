"""Facts per month: persons in households, and financial-case state as of the month end."""

import dagster as dg

from pipelines import build
from pipelines.assets._common import run_months
from pipelines.assets.deliveries import agency_delivery_assets, contact, persons
from pipelines.partitions import months
from pipelines.resources import WarehouseResource
from pipelines.warehouse import transaction

__all__ = ["case_state", "households"]

_GROUP = "feiten"
_POLICY = dg.BackfillPolicy.single_run()


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=[persons, contact],
    description="Households per month (the contract's household rule, pipelines/sql/"
    "person_households.sql); the restricted identity table and household audit groups.",
)
def households(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    rows = restricted = 0
    with warehouse.connect() as con:
        build.prepare(con, run_months(context))  # creates missing tables before the transaction
        with transaction(con):  # all months at once, or none
            # one month at a time: the household closure over every month at once needs more
            # memory than the warehouse's limit for a town of 100,000
            for month in run_months(context):
                build.set_months(con, [month])
                rows += build.build_households(con)
                restricted += build.build_restricted(con)
    return dg.MaterializeResult(metadata={"rows": rows, "identity_rows": restricted})


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=agency_delivery_assets,
    description="Financial-case state per case as of each month end, from facts known by then "
    "(pipelines/sql/case_state.sql).",
)
def case_state(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        build.prepare(con, run_months(context))
        # all months at once (one pass over the events, see the SQL), or none
        rows = build.build_case_state(con)
    return dg.MaterializeResult(metadata={"rows": rows})
