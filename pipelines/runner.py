"""Running the whole pipeline in-process through Dagster (used by ``vroegsignaal run``).

The Dagster instance lives in ``DATA/dagster_home`` (``DAGSTER_HOME``), so the run history shows
in the UI (``dg dev`` / ``dagster dev``) started with the same ``DAGSTER_HOME``.
"""

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dagster as dg

from pipelines.automation import range_tags
from pipelines.partitions import delivered_months, months, parse_month
from pipelines.resources import WarehouseResource, connect
from pipelines.warehouse import scalar, table_exists
from signals.paths import DataDir

__all__ = ["RunSummary", "instance_for", "progress_logger", "run_pipeline"]

StepListener = Callable[[str, str], None]
_listeners: list[StepListener] = []


class _ProgressHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None or not event.step_key:
            return
        kind = event.event_type_value
        if kind in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            for listener in list(_listeners):
                listener(kind, event.step_key)


@dg.logger(None, description="Reports step starts and ends to vroegsignaal run's progress display.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.Logger("vroegsignaal.progress", level=logging.DEBUG)
    log.addHandler(_ProgressHandler())
    return log


_DAGSTER_YAML = """\
# The Dagster instance of this data folder (created by `vroegsignaal run`).
telemetry:
  enabled: false
"""


def instance_for(data: DataDir) -> dg.DagsterInstance:
    """The persistent Dagster instance in ``data.dagster_home`` (created on first use)."""
    home = data.dagster_home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(_DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


@dataclass(frozen=True)
class RunSummary:
    months: list[str]
    received: int
    accepted: int
    rejected: int
    dropped_by_policy: int
    linkage: float | None
    household_months: int
    seconds: float
    success: bool


def run_pipeline(
    data: DataDir,
    *,
    through: str | None = None,
    instance: dg.DagsterInstance | None = None,
    on_step: StepListener | None = None,
    defs: dg.Definitions | None = None,
) -> RunSummary:
    """Materialise every month with a delivery (up to ``through``, ``YYYY-MM``) in one ``maand``
    run, then the ``afronding`` run (labels, later layers, retention, publish)."""
    from pipelines.definitions import build_definitions

    started = time.perf_counter()
    keys = delivered_months(data)
    if through is not None:
        limit = parse_month(through)
        keys = [k for k in keys if parse_month(k) <= limit]
    if not keys:
        raise ValueError(f"no deliveries in {data.root}")
    instance = instance or instance_for(data)
    defs = defs or build_definitions(WarehouseResource(data_dir=str(data.root)))
    existing = set(instance.get_dynamic_partitions(months.name or "maand"))
    missing = [k for k in keys if k not in existing]
    if missing:
        instance.add_dynamic_partitions(months.name or "maand", missing)
    run_config: dict[str, Any] = {"loggers": {"progress": {}}}
    if on_step is not None:
        _listeners.append(on_step)
    try:
        ok = (
            defs.resolve_job_def("maand")
            .execute_in_process(
                instance=instance,
                tags=range_tags(keys[0], keys[-1]),
                run_config=run_config,
                raise_on_error=False,
            )
            .success
        )
        if ok:
            ok = (
                defs.resolve_job_def("afronding")
                .execute_in_process(instance=instance, run_config=run_config, raise_on_error=False)
                .success
            )
    finally:
        if on_step is not None:
            _listeners.remove(on_step)
    with connect(data, read_only=True) as con:
        row = con.execute(
            "SELECT coalesce(sum(received), 0), coalesce(sum(accepted), 0), "
            "coalesce(sum(rejected), 0), coalesce(sum(dropped_by_policy), 0), "
            "sum(accepted) FILTER (WHERE kind IN ('events', 'signals')), "
            "sum(dropped_by_policy) FILTER (WHERE kind IN ('events', 'signals')) "
            "FROM serving.deliveries"
        ).fetchall()[0]
        features = (
            scalar(con, "SELECT count(*) FROM serving.household_features")
            if table_exists(con, "serving.household_features")
            else 0
        )
    linked, dropped = row[4] or 0, row[5] or 0
    return RunSummary(
        months=keys,
        received=int(row[0]),
        accepted=int(row[1]),
        rejected=int(row[2]),
        dropped_by_policy=int(row[3]),
        linkage=linked / (linked + dropped) if linked + dropped else None,
        household_months=int(features),
        seconds=time.perf_counter() - started,
        success=ok,
    )
