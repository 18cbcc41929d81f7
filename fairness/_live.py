"""Live monitoring: repeat the audit on months scored in use once their outcomes are known.

An offline pass is not enough (the Amsterdam "Slimme Check" flipped in live use). For every model
version and live month with known outcomes, and for all its live months together, the audit is
repeated; every check that passed offline and fails live raises an alert. Alerts are kept in
``DATA/audits/alerts.json`` (shown to ethics reviewers, and a failing check in the pipeline) and
in the live report itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairness._audit import AuditReport, attach_groups, run_audit
from fairness._data import Sources, open_sources
from fairness._policy import Policy, load_policy
from fairness._report import write_report
from fairness.messages import text
from signals.i18n import current_language
from signals.paths import DataDir

__all__ = ["ALL_MONTHS", "LiveResult", "live_audit", "read_alerts"]

#: The stem of the report over all live months of a version together.
ALL_MONTHS = "alle-maanden"


@dataclass(frozen=True)
class LiveResult:
    model_version: str
    month: str  # "YYYY-MM", or ALL_MONTHS
    report: AuditReport
    alerts: list[dict[str, Any]]
    json_path: Path


def alerts_path(data: DataDir) -> Path:
    return data.audits / "alerts.json"


def read_alerts(data: DataDir) -> list[dict[str, Any]]:
    """All alerts raised so far (oldest first)."""
    path = alerts_path(data)
    return list(json.loads(path.read_text("utf-8"))) if path.is_file() else []


def _offline_verdicts(data: DataDir, version: str) -> dict[str, str]:
    path = data.audits / version / "audit.json"
    if not path.is_file():
        return {}
    report = json.loads(path.read_text("utf-8"))
    return {f"{c['metric']}|{c['attribute']}|{c['group']}": c["verdict"] for c in report["checks"]}


def _alerts(report: AuditReport, offline: dict[str, str], month: str) -> list[dict[str, Any]]:
    raised = datetime.now(UTC).isoformat(timespec="seconds")
    out = []
    for check in report.checks:
        if check.verdict == "fail" and offline.get(check.key) == "pass":
            entry = check.to_json()
            values = {
                k: entry[k] for k in ("metric", "attribute", "group", "value", "ci_low", "ci_high")
            }
            out.append(
                {
                    "model_version": report.model_version,
                    "month": month,
                    "key": check.key,
                    **values,
                    "threshold": entry["threshold"],
                    "offline_verdict": "pass",
                    "live_verdict": "fail",
                    "raised_at": raised,
                    "message_nl": text("alert", "nl", month=month, **values),
                    "message_en": text("alert", "en", month=month, **values),
                }
            )
    return out


def live_audit(
    data: DataDir, *, policy: Policy | None = None, sources: Sources | None = None
) -> list[LiveResult]:
    """Audit every live month with known outcomes; store reports and new alerts.

    ``sources`` (default: the published stores of ``data``) says where tables are read."""
    if sources is None:
        with open_sources(data) as published:
            return live_audit(data, policy=policy, sources=published)
    policy = policy or load_policy()
    live = sources.live()
    if live.empty:
        return []
    groups = sources.groups(months=sorted(set(live["month"])))
    results: list[LiveResult] = []
    for version, rows in live.groupby("model_version", sort=True):
        offline = _offline_verdicts(data, str(version))
        frame = attach_groups(
            rows.drop(columns=["model_version"]), groups, attributes=policy.attributes
        )
        parts = [(f"{m:%Y-%m}", frame[frame["month"] == m]) for m in sorted(set(frame["month"]))]
        if len(parts) > 1:
            parts.append((ALL_MONTHS, frame))
        for month, part in parts:
            report = run_audit(
                part, policy=policy, model_version=str(version), scope="live", mitigation=False
            )
            alerts = _alerts(report, offline, month)
            messages = [a[f"message_{current_language()}"] for a in alerts]
            json_path, _ = write_report(
                report, data.audits / "live" / str(version), stem=month, alerts=messages
            )
            results.append(LiveResult(str(version), month, report, alerts, json_path))
    _store_alerts(data, [a for r in results for a in r.alerts])
    return results


def _store_alerts(data: DataDir, new: list[dict[str, Any]]) -> None:
    """Add alerts not raised before (same version, month and check) to ``alerts.json``."""
    existing = read_alerts(data)
    seen = {(a["model_version"], a["month"], a["key"]) for a in existing}
    fresh = [a for a in new if (a["model_version"], a["month"], a["key"]) not in seen]
    if not fresh and alerts_path(data).is_file():
        return
    data.audits.mkdir(parents=True, exist_ok=True)
    path = alerts_path(data)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(existing + fresh, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)
