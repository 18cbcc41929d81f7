"""Blocking asset checks: reconciliation, unique keys, point-in-time, linkage, freshness.

The checks read the warehouse; a failing ERROR check blocks the assets downstream of the one it
checks. Freshness fails with severity WARN: a missing or late delivery is reported, and the
pipeline runs on what it has (the gap is marked in ``serving.freshness``).
"""

from collections.abc import Sequence

import dagster as dg

from pipelines.assets.deliveries import agency_delivery_assets, outcomes, persons
from pipelines.assets.facts import case_state, households
from pipelines.assets.features import household_features, labels
from pipelines.resources import WarehouseResource
from pipelines.warehouse import table_exists

__all__ = ["all_checks"]

_DELIVERY_ASSETS = [persons, *agency_delivery_assets, outcomes]


def _rows(warehouse: WarehouseResource, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    with warehouse.connect(read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _bron_of(asset: dg.AssetsDefinition) -> str:
    name = asset.key.path[-1]
    return {"persons": "brp", "outcomes": "uitkomsten"}.get(name, name.removesuffix("_deliveries"))


def _reconciliation(asset: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    bron = _bron_of(asset)

    @dg.asset_check(
        asset=asset,
        name="reconciliation",
        blocking=True,
        description="received = accepted + rejected + dropped_by_policy, per file",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        bad = _rows(
            warehouse,
            "SELECT path, received, accepted, rejected, dropped_by_policy FROM serving.deliveries "
            "WHERE bron = ? AND received <> accepted + rejected + dropped_by_policy",
            [bron],
        )
        totals = _rows(
            warehouse,
            "SELECT count(*), coalesce(sum(received), 0), coalesce(sum(accepted), 0), "
            "coalesce(sum(rejected), 0), coalesce(sum(dropped_by_policy), 0) "
            "FROM serving.deliveries WHERE bron = ?",
            [bron],
        )[0]
        return dg.AssetCheckResult(
            passed=not bad,
            metadata={
                "files": totals[0],
                "received": totals[1],
                "accepted": totals[2],
                "rejected": totals[3],
                "dropped_by_policy": totals[4],
                "not_reconciled": dg.MetadataValue.json([list(map(str, r)) for r in bad[:20]]),
            },
        )

    return _check


def _freshness(asset: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    bron = _bron_of(asset)

    @dg.asset_check(
        asset=asset,
        name="freshness",
        blocking=True,
        description="Every processed month has this source's delivery, on time "
        "(WARN only: the pipeline runs on what it has).",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        gaps = _rows(
            warehouse,
            "SELECT strftime(month, '%Y-%m'), status FROM serving.freshness "
            "WHERE bron = ? AND status <> 'geleverd' ORDER BY month",
            [bron],
        )
        return dg.AssetCheckResult(
            passed=not gaps,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"gaps": dg.MetadataValue.json([list(g) for g in gaps])},
        )

    return _check


def _linkage(asset: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    bron = _bron_of(asset)

    @dg.asset_check(
        asset=asset,
        name="linkage",
        blocking=True,
        description="Share of accepted agency records whose BSN is in the population "
        "register is at least the configured floor, per delivery month.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        rates = _rows(
            warehouse,
            "SELECT strftime(delivery_month, '%Y-%m'), sum(accepted), sum(dropped_by_policy) "
            "FROM serving.deliveries WHERE bron = ? GROUP BY delivery_month "
            "HAVING sum(accepted + dropped_by_policy) > 0 ORDER BY 1",
            [bron],
        )
        per_month = {m: a / (a + d) for m, a, d in rates}
        low = {m: round(r, 4) for m, r in per_month.items() if r < warehouse.linkage_floor}
        return dg.AssetCheckResult(
            passed=not low,
            metadata={
                "floor": warehouse.linkage_floor,
                "lowest": round(min(per_month.values()), 4) if per_month else None,
                "below_floor": dg.MetadataValue.json(low),
            },
        )

    return _check


def _unique(asset: dg.AssetsDefinition, table: str, keys: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset, name="unique_keys", blocking=True, description=f"({keys}) is unique in {table}"
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            if not table_exists(con, table):
                return dg.AssetCheckResult(passed=False, metadata={"missing_table": table})
            dup = con.execute(
                f"SELECT count(*) FROM (SELECT {keys} FROM {table} GROUP BY ALL "
                "HAVING count(*) > 1)"
            ).fetchall()[0][0]
            nulls = con.execute(
                f"SELECT count(*) FROM {table} WHERE "
                + " OR ".join(f"{k.strip()} IS NULL" for k in keys.split(","))
            ).fetchall()[0][0]
        return dg.AssetCheckResult(
            passed=dup == 0 and nulls == 0,
            metadata={"duplicate_keys": int(dup), "null_keys": int(nulls)},
        )

    return _check


@dg.asset_check(
    asset=household_features,
    name="point_in_time",
    blocking=True,
    description="No feature of month M uses a fact whose knowledge time is at or "
    "after the first instant of month M+1 (Europe/Amsterdam).",
)
def point_in_time(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    late = _rows(
        warehouse,
        "SELECT (SELECT count(*) FROM facts.case_state WHERE max_kennis_tijd >= as_of), "
        "(SELECT count(*) FROM facts.household_agency_month AS a WHERE a.max_kennis_tijd >= "
        " timezone('Europe/Amsterdam', (a.month + INTERVAL 1 MONTH)::TIMESTAMP))",
    )[0]
    return dg.AssetCheckResult(
        passed=late == (0, 0),
        metadata={"late_case_rows": int(late[0]), "late_household_rows": int(late[1])},
    )


def all_checks() -> list[dg.AssetChecksDefinition]:
    """Every check of this module, for the Definitions."""
    checks: list[dg.AssetChecksDefinition] = []
    for asset in _DELIVERY_ASSETS:
        checks += [_reconciliation(asset), _freshness(asset)]
    checks += [_linkage(asset) for asset in agency_delivery_assets]
    checks += [
        _unique(persons, "raw.persons", "month, pseudonym"),
        _unique(households, "facts.person_households", "month, pseudonym"),
        _unique(case_state, "facts.case_state", "month, bron, zaakkenmerk"),
        _unique(household_features, "serving.household_features", "household_id, month"),
        _unique(labels, "serving.labels", "household_id, month"),
        point_in_time,
    ]
    return checks
