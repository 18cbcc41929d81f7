"""The last steps of every run: retention, then publishing the read-only stores."""

from collections.abc import Sequence

import dagster as dg

from pipelines.publish import publish as publish_stores
from pipelines.resources import WarehouseResource
from pipelines.retention import apply_retention

__all__ = ["build_publish_assets"]

_GROUP = "publicatie"


def build_publish_assets(upstream: Sequence[dg.AssetsDefinition]) -> list[dg.AssetsDefinition]:
    """``retention`` and ``publish``, depending on every asset in ``upstream`` so they run last."""
    keys = [key for asset in upstream for key in asset.keys]

    @dg.asset(
        group_name=_GROUP,
        kinds={"duckdb"},
        deps=keys,
        description="Deletes what is past each source's retention period (signals/sources.toml) "
        "and logs it in serving.retention_log.",
    )
    def retention(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            deleted = apply_retention(con)
        return dg.MaterializeResult(
            metadata={
                "rows_deleted": sum(d.rows_deleted for d in deleted),
                "tables": dg.MetadataValue.json(
                    [
                        {
                            "bron": d.bron,
                            "table": d.table_name,
                            "cutoff": d.cutoff.isoformat(),
                            "rows": d.rows_deleted,
                        }
                        for d in deleted
                    ]
                ),
            }
        )

    @dg.asset(
        group_name=_GROUP,
        kinds={"duckdb"},
        deps=[retention],
        description="Publishes the warehouse's serving and restricted schemas as read-only "
        "DATA/serving.duckdb and DATA/restricted.duckdb (atomic replace).",
    )
    def publish(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            counts = publish_stores(con, warehouse.data)
        return dg.MaterializeResult(
            metadata={
                f"{store}.{table}": n for store, t in counts.items() for table, n in t.items()
            }
        )

    return [retention, publish]
