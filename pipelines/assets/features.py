"""Household-month features, the arrears timeline, and labels."""

import dagster as dg

from pipelines import build
from pipelines.assets._common import run_months
from pipelines.assets.deliveries import outcomes
from pipelines.assets.facts import case_state, households
from pipelines.partitions import months
from pipelines.resources import WarehouseResource
from pipelines.warehouse import transaction

__all__ = ["household_features", "labels"]

_GROUP = "kenmerken"


@dg.asset(
    partitions_def=months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=[case_state, households],
    description="serving.household_features and serving.arrears_timeline (docs/data-model.md). "
    "Build months in order: the 3/6/12-month changes look back at earlier months.",
)
def household_features(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        build.prepare(con, run_months(context))
        with transaction(con):  # all months at once, or none
            rows = build.build_features(con)
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=[household_features, outcomes],
    description="serving.labels: outcome within 12 months after each month in arrears; rebuilt "
    "whole because a month's label becomes known only as later outcomes arrive.",
)
def labels(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        rows = build.build_labels(con)
        known = build.scalar(con, "SELECT count(*) FROM serving.labels WHERE label_known")
    return dg.MaterializeResult(metadata={"rows": rows, "label_known": int(known or 0)})
