"""The whole Definitions loads, with the lineage graph, checks, jobs, sensor and schedule."""

import dagster as dg

from pipelines.checks import all_checks
from pipelines.definitions import ASSET_MODULES, build_definitions, defs
from pipelines.resources import WarehouseResource


def test_definitions_load_and_resolve():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "persons",
        "cjib_deliveries",
        "cak_deliveries",
        "duo_deliveries",
        "bd_deliveries",
        "outcomes",
        "contact",
        "households",
        "case_state",
        "household_features",
        "labels",
        "retention",
        "publish",
    } <= keys
    for job in ("maand", "afronding"):
        assert defs.resolve_job_def(job) is not None
    assert defs.resolve_sensor_def("nieuwe_aanlevering") is not None
    assert defs.resolve_sensor_def("na_maand") is not None
    assert defs.resolve_schedule_def("maandelijks") is not None


def test_lineage_runs_from_deliveries_to_publish():
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey("household_features")).parent_keys
    assert {dg.AssetKey("case_state"), dg.AssetKey("households")} <= upstream
    case_parents = graph.get(dg.AssetKey("case_state")).parent_keys
    assert dg.AssetKey("cjib_deliveries") in case_parents
    # publish depends on every other asset, so it always runs last
    publish_ancestors = (
        graph.get(dg.AssetKey("publish")).parent_keys
        | graph.get(dg.AssetKey("retention")).parent_keys
    )
    assert dg.AssetKey("labels") in publish_ancestors


def test_checks_are_blocking():
    specs = [spec for check in all_checks() for spec in check.check_specs]
    assert {s.name for s in specs} == {
        "reconciliation",
        "unique_keys",
        "point_in_time",
        "linkage",
        "freshness",
    }
    assert all(s.blocking for s in specs)
    loaded = {k.name for k in defs.resolve_asset_graph().asset_check_keys}
    assert {s.name for s in specs} <= loaded


def test_extending_with_a_module(tmp_path):
    """A later layer adds a module to ASSET_MODULES; publish then depends on its assets."""
    ASSET_MODULES.append("tests.pipelines.extra_layer")
    try:
        extended = build_definitions(WarehouseResource(data_dir=str(tmp_path)))
    finally:
        ASSET_MODULES.remove("tests.pipelines.extra_layer")
    graph = extended.resolve_asset_graph()
    assert dg.AssetKey("scores_example") in graph.get(dg.AssetKey("retention")).parent_keys
    assert "scores_example" in {
        k.to_user_string()
        for k in extended.resolve_job_def("afronding").asset_layer.selected_asset_keys
    }
