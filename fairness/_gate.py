"""The promotion gate: ``DATA/models/<version>/fairness_gate.json``.

Written by the audit, read by ``models.registry.activate`` (which refuses unless the verdict is
``pass``, or ``undetermined`` with a complete sign-off) and by the pipeline's blocking check::

    {"model_version", "verdict": "pass" | "fail" | "undetermined", "audited_at", "policy_sha256",
     "report", "counts", "failed": [check keys], "undetermined": [check keys],
     "signoff": null | {"reviewer", "reason", "at", "checks": [check keys signed off]}}

``undetermined`` lists the checks a sign-off must cover: the undetermined ones and, unless the
policy's ``[gate] too_small_needs_signoff`` is false, those of groups too small to judge. A
sign-off covers the checks it names under the policy it was given under: a new audit keeps it
only while the checks needing one are among those and the policy is unchanged.
Every sign-off is also appended to ``DATA/audits/signoffs.jsonl``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fairness._audit import AuditError, AuditReport
from signals.paths import DataDir

__all__ = ["GATE_FILE", "gate_path", "read_gate", "sign_off", "write_gate"]

GATE_FILE = "fairness_gate.json"


def gate_path(data: DataDir, version: str) -> Path:
    if "/" in version or version.startswith("."):
        raise AuditError("onbekend_model", version=version, path=str(data.models))
    return data.models / version / GATE_FILE


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def read_gate(data: DataDir, version: str) -> dict[str, Any] | None:
    path = gate_path(data, version)
    if not path.is_file():
        return None
    return dict(json.loads(path.read_text("utf-8")))


def write_gate(data: DataDir, report: AuditReport, *, report_path: Path) -> dict[str, Any]:
    """Record ``report``'s verdict as the gate of its model version (keeping a sign-off that
    still covers it). Returns the gate written."""
    path = gate_path(data, report.model_version)
    if not path.parent.is_dir():
        raise AuditError("onbekend_model", version=report.model_version, path=str(data.models))
    # what a sign-off must cover: the undetermined checks, and the groups too small to judge
    # when the policy asks for that
    needs = (
        {"undetermined", "too_small"} if report.policy.too_small_needs_signoff else {"undetermined"}
    )
    undetermined = sorted(c.key for c in report.checks if c.verdict in needs)
    gate: dict[str, Any] = {
        "model_version": report.model_version,
        "verdict": report.verdict,
        "audited_at": report.created_at,
        "policy_sha256": report.policy.sha256,
        "report": str(report_path),
        "counts": report.counts,
        "failed": sorted(c.key for c in report.checks if c.verdict == "fail"),
        "undetermined": undetermined,
        "signoff": None,
    }
    previous = read_gate(data, report.model_version)
    old = (previous or {}).get("signoff")
    if (
        report.verdict == "undetermined"
        and isinstance(old, dict)
        and previous is not None
        and previous.get("policy_sha256") == report.policy.sha256
        and set(undetermined) <= set(old.get("checks", []))
    ):
        gate["signoff"] = old
    _write_atomic(path, gate)
    return gate


def sign_off(
    data: DataDir, version: str, *, reviewer: str, reason: str, at: datetime | None = None
) -> dict[str, Any]:
    """Record a named ethics reviewer's sign-off of an undetermined audit, with the reason."""
    reviewer, reason = reviewer.strip(), reason.strip()
    if not reviewer or not reason:
        raise AuditError("signoff_leeg")
    gate = read_gate(data, version)
    if gate is None:
        raise AuditError("geen_audit", version=version)
    if gate["verdict"] == "pass":
        raise AuditError("signoff_niet_nodig", version=version)
    if gate["verdict"] != "undetermined":
        raise AuditError("signoff_afgekeurd", version=version)
    moment = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    gate["signoff"] = {
        "reviewer": reviewer,
        "reason": reason,
        "at": moment,
        "checks": list(gate["undetermined"]),
    }
    _write_atomic(gate_path(data, version), gate)
    data.audits.mkdir(parents=True, exist_ok=True)
    entry = {"model_version": version, "policy_sha256": gate["policy_sha256"], **gate["signoff"]}
    with (data.audits / "signoffs.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return gate
