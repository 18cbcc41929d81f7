"""Pipeline runs and asset-check results from the Dagster instance in ``DATA/dagster_home``.

Dagster is imported only here and only when the steward view is opened, so the board does not
pay for it. A missing instance means "no runs yet", not an error.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["check_results", "recent_runs"]

log = logging.getLogger(__name__)

RUN_COLUMNS = ["run_id", "job", "status", "start", "end"]
CHECK_COLUMNS = ["asset", "check", "passed", "at", "detail", "run_id"]


def _instance(dagster_home: Path) -> Any:
    if not (dagster_home / "dagster.yaml").is_file() and not (dagster_home / "history").is_dir():
        return None
    import dagster as dg

    return dg.DagsterInstance.from_config(str(dagster_home))


def _ts(value: float | None) -> pd.Timestamp | None:
    return pd.Timestamp(datetime.fromtimestamp(value, tz=UTC)) if value else None


def recent_runs(dagster_home: Path, *, limit: int = 20) -> pd.DataFrame | None:
    """The latest ``limit`` runs (newest first), or ``None`` when there is no instance."""
    try:
        instance = _instance(dagster_home)
        if instance is None:
            return None
        records = instance.get_run_records(limit=limit)
    except Exception:  # a broken instance must not take the steward page down
        log.exception("could not read Dagster runs")
        return None
    rows = [
        {
            "run_id": r.dagster_run.run_id[:8],
            "job": r.dagster_run.job_name,
            "status": r.dagster_run.status.value,
            "start": _ts(r.start_time),
            "end": _ts(r.end_time),
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def check_results(dagster_home: Path, *, runs: int = 5) -> pd.DataFrame | None:
    """Asset-check evaluations of the latest ``runs`` runs (newest first)."""
    try:
        instance = _instance(dagster_home)
        if instance is None:
            return None
        import dagster as dg

        rows = []
        for record in instance.get_run_records(limit=runs):
            run_id = record.dagster_run.run_id
            conn = instance.get_records_for_run(
                run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=500
            )
            for rec in conn.records:
                entry = rec.event_log_entry
                data = entry.dagster_event.event_specific_data if entry.dagster_event else None
                if data is None:
                    continue
                detail = ", ".join(
                    f"{k}: {getattr(v, 'value', v)}" for k, v in (data.metadata or {}).items()
                )
                rows.append(
                    {
                        "asset": data.asset_key.to_user_string(),
                        "check": data.check_name,
                        "passed": bool(data.passed),
                        "at": _ts(entry.timestamp),
                        "detail": detail[:300],
                        "run_id": run_id[:8],
                    }
                )
    except Exception:
        log.exception("could not read Dagster check results")
        return None
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
