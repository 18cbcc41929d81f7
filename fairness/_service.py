"""The audit of a data folder: read inputs, audit, write reports and the gate, export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from fairness._audit import AuditReport, attach_groups, run_audit
from fairness._data import (
    Sources,
    default_version,
    load_evaluation,
    model_features,
    open_sources,
)
from fairness._gate import write_gate
from fairness._policy import Policy, load_policy, split_attribute
from fairness._report import write_report
from signals.paths import DataDir

__all__ = ["AuditOutcome", "audit_model", "export_evaluation", "model_audit_frame"]


@dataclass(frozen=True)
class AuditOutcome:
    report: AuditReport
    frame: pd.DataFrame
    json_path: Path
    html_path: Path
    gate: dict[str, Any]


def model_audit_frame(
    data: DataDir, version: str, policy: Policy, sources: Sources
) -> pd.DataFrame:
    """The model's evaluation rows (test months) with their protected groups attached."""
    evaluation = load_evaluation(data, version)
    groups = sources.groups(months=sorted(set(evaluation["month"])))
    return attach_groups(evaluation, groups, attributes=policy.attributes)


def _proxy_inputs(
    data: DataDir, version: str, frame: pd.DataFrame, policy: Policy, sources: Sources
) -> tuple[pd.DataFrame, list[str]]:
    names = model_features(data, version)
    features = sources.features(months=sorted(set(frame["month"])), features=names)
    singles = [a for a in policy.attributes if len(split_attribute(a)) == 1]
    keyed = frame[["household_id", "month", *singles]]
    return features.merge(keyed, on=["household_id", "month"], how="inner"), names


def audit_model(
    data: DataDir,
    version: str | None = None,
    *,
    policy: Policy | None = None,
    mitigation: bool | None = None,
    proxy: bool = True,
    sources: Sources | None = None,
) -> AuditOutcome:
    """Audit a model version (default: the active one, else the newest), write its report to
    ``DATA/audits/<version>/`` and its gate to ``DATA/models/<version>/fairness_gate.json``.

    ``sources`` (default: the published stores of ``data``) says where tables are read."""
    if sources is None:
        with open_sources(data) as published:
            return audit_model(
                data,
                version,
                policy=policy,
                mitigation=mitigation,
                proxy=proxy,
                sources=published,
            )
    policy = policy or load_policy()
    version = version or default_version(data)
    frame = model_audit_frame(data, version, policy, sources)
    features, names = (
        _proxy_inputs(data, version, frame, policy, sources) if proxy else (None, None)
    )
    report = run_audit(
        frame,
        policy=policy,
        model_version=version,
        features=features,
        feature_names=names,
        mitigation=mitigation,
    )
    json_path, html_path = write_report(report, data.audits / version)
    gate = write_gate(data, report, report_path=json_path)
    # a completed audit clears the pipeline's marker of an earlier crashed one
    (data.audits / version / "audit_fout.txt").unlink(missing_ok=True)
    return AuditOutcome(report, frame, json_path, html_path, gate)


def export_evaluation(frame: pd.DataFrame, directory: Path, *, version: str) -> Path:
    """Write the audited rows (pseudonymous household key, month, score, selection, label and
    group columns) as Parquet, so every figure can be recomputed with another tool."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"evaluatie_{version}.parquet"
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path
