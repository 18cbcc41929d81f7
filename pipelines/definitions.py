"""The Dagster ``Definitions`` of vroegsignaal: one lineage graph from deliveries to the stores.

To add a layer's assets: write a module with ``@dg.asset`` functions (monthly ones use
``partitions_def=pipelines.partitions.months``; write ``serving.*`` tables, see docs/pipeline.md)
and add its import path to ``ASSET_MODULES``. Monthly assets join the ``maand`` job, the others
the ``afronding`` job; ``retention`` and ``publish`` always depend on all of them and run last.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import dagster as dg

from pipelines.assets.publish import build_publish_assets
from pipelines.automation import build_automation
from pipelines.checks import all_checks
from pipelines.partitions import months
from pipelines.resources import WarehouseResource
from pipelines.runner import progress_logger
from signals.paths import default_data_dir

__all__ = ["AFTER_PUBLISH_MODULES", "ASSET_MODULES", "CORE_MODULES", "build_definitions", "defs"]

#: Modules whose assets (and asset checks) belong to the graph. Add yours here.
ASSET_MODULES: list[str] = [
    "pipelines.assets.deliveries",
    "pipelines.assets.facts",
    "pipelines.assets.features",
    "pipelines.assets_model",
    "pipelines.assets_fairness",
]


#: Modules whose assets read the *published* stores, so they run after ``publish`` (casework
#: intake reads serving.duckdb and restricted.duckdb). They are left out of publish's upstream.
AFTER_PUBLISH_MODULES: list[str] = ["pipelines.assets_casework"]

#: The pipeline's own modules (deliveries to features), without later layers.
CORE_MODULES: tuple[str, ...] = tuple(ASSET_MODULES[:3])


def build_definitions(
    warehouse: WarehouseResource | None = None,
    *,
    modules: Sequence[str] | None = None,
    after_publish: Sequence[str] | None = None,
) -> dg.Definitions:
    """The Definitions, with ``warehouse`` (default: the data folder of ``VROEGSIGNAAL_DATA`` or
    ``./data``), the assets of ``modules`` (default: ``ASSET_MODULES``) and, after publication,
    those of ``after_publish`` (default: ``AFTER_PUBLISH_MODULES`` when ``modules`` is the
    default, none otherwise)."""
    loaded = [importlib.import_module(name) for name in (modules or ASSET_MODULES)]
    assets = [a for a in dg.load_assets_from_modules(loaded) if isinstance(a, dg.AssetsDefinition)]
    if after_publish is None:
        after_publish = AFTER_PUBLISH_MODULES if modules is None else []
    late = [importlib.import_module(name) for name in after_publish]
    finishing_tail = build_publish_assets(assets) + [
        a for a in dg.load_assets_from_modules(late) if isinstance(a, dg.AssetsDefinition)
    ]
    monthly = [a for a in assets if a.partitions_def == months]
    finishing = [a for a in assets if a.partitions_def is None] + finishing_tail
    jobs, sensors, schedules = build_automation(monthly, finishing)
    checks = all_checks() + list(dg.load_asset_checks_from_modules(loaded))
    return dg.Definitions(
        assets=[*assets, *finishing_tail],
        asset_checks=checks,
        jobs=jobs,
        sensors=sensors,
        schedules=schedules,
        loggers={"console": dg.colored_console_logger, "progress": progress_logger},
        resources={"warehouse": warehouse or WarehouseResource(data_dir=str(default_data_dir()))},
    )


defs = build_definitions()
