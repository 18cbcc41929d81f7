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
    "downloads",
    "global_importance",
    "latest_audit",
    "performance_frame",
    "proxy_frame",
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
    for name in ("model_card.md", "modelkaart.md", "card.md"):
        if (path / name).is_file():
            card = (path / name).read_text("utf-8")
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


def _audit_files(data: DataDir) -> list[Path]:
    if not data.audits.is_dir():
        return []
    return sorted(data.audits.rglob("*.json"), key=lambda p: p.stat().st_mtime)


def latest_audit(data: DataDir, version: str | None) -> AuditReport | None:
    """The newest audit report for ``version`` (any version when ``None`` or none matches)."""
    reports = []
    for path in _audit_files(data):
        report = _read_json(path)
        if isinstance(report, dict) and "checks" in report:
            reports.append(AuditReport(path=path, report=report))
    if not reports:
        return None
    matching = [r for r in reports if version and r.report.get("model_version") == version]
    return (matching or reports)[-1]


def proxy_frame(report: dict[str, Any]) -> pd.DataFrame | None:
    """The proxy check of an audit report as a frame (features flagged first)."""
    raw = report.get("proxies") or report.get("proxy") or report.get("proxy_flags")
    if not raw:
        return None
    if isinstance(raw, dict):
        raw = raw.get("features") or raw.get("rows") or [raw]
    frame = pd.DataFrame(raw)
    if "flagged" in frame:
        frame = frame.sort_values("flagged", ascending=False)
    return frame.reset_index(drop=True)


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
    if model is not None:
        for candidate in sorted(model.path.glob("*algoritmeregister*")):
            out.append(("download_register", candidate))
        card_html = model.path / "model_card.html"
        if card_html.is_file():
            out.append(("download_card", card_html))
    return out
