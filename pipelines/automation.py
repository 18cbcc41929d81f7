"""Jobs, the landing sensor and the monthly schedule.

- ``maand``: every monthly asset, for one month or a range of months (one run).
- ``afronding`` (finish): the unpartitioned assets (labels, later layers' models, retention,
  publish); started by ``na_maand`` whenever a ``maand`` run succeeds.
- ``nieuwe_aanlevering``: starts ``maand`` when a delivery lands or changes, from its month
  through the latest delivered month (later months' features look back at it).
- ``maandelijks``: on the 5th of every month, runs the latest delivered month.
"""

import json
from collections.abc import Sequence

import dagster as dg

from pipelines.partitions import delivered_months, months
from pipelines.resources import WarehouseResource
from signals.paths import DataDir

__all__ = ["build_automation", "delivery_files", "range_tags"]


def range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run materialise the partitions ``first`` .. ``last``."""
    return {
        "dagster/asset_partition_range_start": first,
        "dagster/asset_partition_range_end": last,
    }


def delivery_files(data: DataDir) -> dict[str, str]:
    """Every delivered file (path relative to the data folder) -> a change stamp (mtime, size)."""
    found: dict[str, str] = {}
    for folder, pattern in (
        (data.landing, "*/*.*"),
        (data.brp, "*.csv"),
        (data.uitkomsten, "*.csv"),
        (data.contact, "*.csv"),
    ):
        for path in folder.glob(pattern):
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                found[str(path.relative_to(data.root))] = f"{stat.st_mtime_ns}:{stat.st_size}"
    return found


def _month_of(relative: str) -> str:
    return relative.rsplit("/", 1)[-1].split(".")[0]


def build_automation(
    monthly: Sequence[dg.AssetsDefinition], finishing: Sequence[dg.AssetsDefinition]
) -> tuple[list, list, list]:
    """Jobs, sensors and schedules for the given monthly and finishing assets."""
    maand = dg.define_asset_job(
        "maand",
        selection=dg.AssetSelection.assets(*monthly),
        description="All monthly assets for one month or a range of months.",
    )
    afronding = dg.define_asset_job(
        "afronding",
        selection=dg.AssetSelection.assets(*finishing),
        description="Labels, later layers' unpartitioned assets, retention and publish.",
    )

    @dg.sensor(
        job=maand, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED
    )
    def nieuwe_aanlevering(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        """Start a run when a delivery lands (or is re-delivered) in the data folder."""
        data = warehouse.data
        seen = json.loads(context.cursor) if context.cursor else {}
        current = delivery_files(data)
        changed = sorted({_month_of(p) for p, stamp in current.items() if seen.get(p) != stamp})
        if not changed:
            return dg.SkipReason("Geen nieuwe aanleveringen.")
        all_months = delivered_months(data)
        known = set(context.instance.get_dynamic_partitions(months.name or "maand"))
        new = [m for m in all_months if m not in known]
        first, last = changed[0], all_months[-1]
        return dg.SensorResult(
            run_requests=[
                dg.RunRequest(
                    run_key=f"{first}..{last}:{len(current)}:{hash(frozenset(current.items()))}",
                    tags=range_tags(first, last),
                )
            ],
            dynamic_partitions_requests=[months.build_add_request(new)] if new else [],
            cursor=json.dumps(current, sort_keys=True),
        )

    @dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[maand],
        request_job=afronding,
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    def na_maand(context: dg.RunStatusSensorContext):
        """After every successful monthly run: labels, later layers, retention, publish."""
        return dg.RunRequest(run_key=context.dagster_run.run_id)

    @dg.schedule(
        job=maand,
        cron_schedule="0 6 5 * *",
        execution_timezone="Europe/Amsterdam",
        default_status=dg.DefaultScheduleStatus.STOPPED,
    )
    def maandelijks(context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource):
        """On the 5th of every month: run the latest delivered month."""
        delivered = delivered_months(warehouse.data)
        if not delivered:
            return dg.SkipReason("Nog geen aanleveringen.")
        latest = delivered[-1]
        if latest not in context.instance.get_dynamic_partitions(months.name or "maand"):
            context.instance.add_dynamic_partitions(months.name or "maand", [latest])
        return dg.RunRequest(partition_key=latest)

    return [maand, afronding], [nieuwe_aanlevering, na_maand], [maandelijks]
