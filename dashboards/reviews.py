"""Read the model registry and the fairness reports for the ethics view (read-only, files only).

The registry layout is described in ``models/registry.py`` and docs/model.md; the audit reports
in docs/fairness.md. Missing pieces return ``None`` so the view can say "nog geen gegevens".
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from signals.paths import DataDir

__all__ = [
    "AuditReport",
    "ModelInfo",
    "active_model",
    "alerts",
    "downloads",
    "global_importance",
    "latest_audit",
    "live_audits",
    "performance_frame",
    "split_checks",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelInfo:
    version: str
    path: Path
    metrics: dict[str, Any] = field(default_factory=dict)
    card_markdown: str | None = None


@dataclass(frozen=True)
class AuditReport:
    path: Path
    report: dict[str, Any]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        log.warning("could not read %s", path)
        return None


def active_model(data: DataDir) -> ModelInfo | None:
    """The active model version (``models/ACTIVE.json``), else the newest trained one."""
    root = data.models
    if not root.is_dir():
        return None
    active = _read_json(root / "ACTIVE.json") if (root / "ACTIVE.json").is_file() else None
    version = active.get("version") if isinstance(active, dict) else None
    if version is None:
        folders = sorted(
            (p for p in root.iterdir() if p.is_dir() and (p / "manifest.json").is_file()),
            key=lambda p: p.stat().st_mtime,
        )
        if not folders:
            return None
        version = folders[-1].name
    path = root / str(version)
    if not path.is_dir():
        return None
    metrics = _read_json(path / "metrics.json") if (path / "metrics.json").is_file() else None
    card = None
    for folder in (path / "card", path):
        found = sorted(folder.glob("*.md")) if folder.is_dir() else []
        if found:
            card = found[0].read_text("utf-8")
            break
    return ModelInfo(
        version=str(version),
        path=path,
        metrics=metrics if isinstance(metrics, dict) else {},
        card_markdown=card,
    )


def performance_frame(model: ModelInfo) -> pd.DataFrame | None:
    """Long frame ``month, ranker, precision_at_k, recall_at_k`` from the backtest's per-month
    metrics (``metrics.json``)."""
    per_month = model.metrics.get("per_month") or []
    rows = []
    for entry in per_month:
        for ranker in ("model", "threshold_rule", "logistic_regression", "oracle"):
            values = entry.get(ranker)
            if not isinstance(values, dict):
                continue
            rows.append(
                {
                    "month": pd.Timestamp(entry["month"]),
                    "ranker": ranker,
                    "precision_at_k": values.get("precision_at_k"),
                    "recall_at_k": values.get("recall_at_k"),
                }
            )
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    return frame.dropna(subset=["precision_at_k"])


def global_importance(model: ModelInfo) -> pd.DataFrame | None:
    """``feature, importance`` (mean absolute SHAP over the test months), largest first."""
    path = model.path / "global_importance.parquet"
    if not path.is_file():
        return None
    frame = pd.read_parquet(path)
    value_col = next(
        (
            c
            for c in ("importance", "mean_abs_shap", "mean_abs_contribution", "value")
            if c in frame
        ),
        None,
    )
    if "feature" not in frame or value_col is None:
        return None
    agg = frame.groupby("feature")[value_col].mean().reset_index(name="importance")
    return agg.sort_values("importance", ascending=False).reset_index(drop=True)


PROXY_METRIC = "proxy_auc"


def latest_audit(data: DataDir, version: str | None) -> AuditReport | None:
    """The offline audit of ``version`` (``DATA/audits/<version>/audit.json``, docs/fairness.md),
    else the newest offline audit of any version."""
    root = data.audits
    if not root.is_dir():
        return None
    candidates = [root / version / "audit.json"] if version else []
    candidates += sorted(
        (p for p in root.glob("*/audit.json") if p.parent.name != "live"),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in candidates:
        if path.is_file():
            report = _read_json(path)
            if isinstance(report, dict) and "checks" in report:
                return AuditReport(path=path, report=report)
    return None


def live_audits(data: DataDir, version: str | None) -> list[AuditReport]:
    """The live audits of ``version`` (one per month with outcomes), oldest first."""
    if version is None:
        return []
    folder = data.audits / "live" / version
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        report = _read_json(path)
        if isinstance(report, dict) and "checks" in report:
            out.append(AuditReport(path=path, report=report))
    return out


def alerts(data: DataDir) -> list[dict[str, Any]]:
    """Live-monitoring alerts (``DATA/audits/alerts.json``), newest first."""
    path = data.audits / "alerts.json"
    raw = _read_json(path) if path.is_file() else None
    return list(reversed(raw)) if isinstance(raw, list) else []


def split_checks(report: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(group checks, proxy checks) of an audit report as frames."""
    checks = pd.DataFrame(report.get("checks") or [])
    if checks.empty:
        return checks, checks
    for col in ("value", "ci_low", "ci_high", "threshold", "feature", "note", "reference_group"):
        if col not in checks.columns:
            checks[col] = None
    is_proxy = checks["metric"] == PROXY_METRIC
    return checks[~is_proxy].reset_index(drop=True), checks[is_proxy].reset_index(drop=True)


def downloads(data: DataDir, model: ModelInfo | None) -> list[tuple[str, Path]]:
    """(message key, file) pairs for the ethics reviewer to download."""
    out: list[tuple[str, Path]] = []
    audit = latest_audit(data, model.version if model else None)
    if audit is not None:
        out.append(("download_audit_json", audit.path))
        html = audit.path.with_suffix(".html")
        if html.is_file():
            out.append(("download_audit_html", html))
        for export in sorted(audit.path.parent.glob("*.parquet")):
            out.append(("download_export", export))
        signoffs = data.audits / "signoffs.jsonl"
        if signoffs.is_file():
            out.append(("download_signoffs", signoffs))
    if model is not None:
        for folder in (model.path / "card", model.path):
            for candidate in sorted(folder.glob("*algoritmeregister*")):
                out.append(("download_register", candidate))
            for card_html in sorted(folder.glob("*.html")):
                out.append(("download_card", card_html))
    return out
