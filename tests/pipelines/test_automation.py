"""The landing sensor and the monthly schedule, evaluated against a real data folder."""

import os

import dagster as dg

from pipelines.definitions import CORE_MODULES, build_definitions
from pipelines.resources import WarehouseResource


def _defs(data):
    return build_definitions(WarehouseResource(data_dir=str(data.root)), modules=CORE_MODULES)


def test_sensor_starts_a_run_when_a_delivery_lands(fresh_town):
    defs = _defs(fresh_town)
    sensor = defs.resolve_sensor_def("nieuwe_aanlevering")
    instance = dg.DagsterInstance.ephemeral()
    resources = {"warehouse": WarehouseResource(data_dir=str(fresh_town.root))}

    def evaluate(cursor=None):
        with dg.build_sensor_context(
            instance=instance, resources=resources, cursor=cursor
        ) as context:
            return sensor(context)

    first = evaluate()
    assert isinstance(first, dg.SensorResult)
    (request,) = first.run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2024-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2024-04"
    (added,) = first.dynamic_partitions_requests
    assert list(added.partition_keys) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    instance.add_dynamic_partitions("maand", list(added.partition_keys))

    # nothing new: skip
    again = evaluate(first.cursor)
    assert isinstance(again, dg.SkipReason)

    # a re-delivered March file: run March through the latest month
    march = fresh_town.landing / "cjib" / "2024-03.jsonl"
    march.write_text(march.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(march, ns=(1, 10**18))
    third = evaluate(first.cursor)
    (request,) = third.run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2024-03"
    assert request.tags["dagster/asset_partition_range_end"] == "2024-04"
    assert not third.dynamic_partitions_requests


def test_schedule_runs_the_latest_delivered_month(fresh_town):
    defs = _defs(fresh_town)
    schedule = defs.resolve_schedule_def("maandelijks")
    resources = {"warehouse": WarehouseResource(data_dir=str(fresh_town.root))}
    with (
        dg.instance_for_test() as instance,
        dg.build_schedule_context(instance=instance, resources=resources) as context,
    ):
        request = schedule(context)
        assert request.partition_key == "2024-04"
        assert "2024-04" in instance.get_dynamic_partitions("maand")
