"""One audit: an evaluation frame joined to its groups, judged against the policy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from fairness._checks import Check, fairness_checks, overall_verdict
from fairness._group_metrics import UNKNOWN_GROUP, GroupMetrics, compute_group_metrics
from fairness._mitigation import mitigation_report
from fairness._policy import Policy, split_attribute
from fairness._proxy import proxy_checks

__all__ = ["EVALUATION_REQUIRED", "AuditError", "AuditReport", "attach_groups", "run_audit"]

#: Columns an evaluation frame must have (``true_prob`` and ``rank`` are optional).
EVALUATION_REQUIRED = ("household_id", "month", "score", "selected", "label")

#: Separator between the parts of an intersection group, e.g. ``"V / buiten_europa"``.
INTERSECTION_SEPARATOR = " / "


class AuditError(ValueError):
    """The audit cannot run on this input; ``key`` names the message in ``fairness.messages``."""

    def __init__(self, key: str, **values: Any) -> None:
        from fairness.messages import text

        self.key = key
        self.values = values
        super().__init__(text(key, **values))


@dataclass(frozen=True)
class AuditReport:
    """The outcome of one audit (a model version offline, or one live month)."""

    model_version: str
    scope: str  # "offline" or "live"
    months: list[date]
    policy: Policy
    checks: list[Check]
    group_metrics: GroupMetrics
    rows: int
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    mitigation: dict[str, Any] | None = None

    @property
    def verdict(self) -> str:
        return overall_verdict(
            self.checks, too_small_needs_signoff=self.policy.too_small_needs_signoff
        )

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(c.verdict for c in self.checks)
        return {v: int(counted.get(v, 0)) for v in ("pass", "fail", "undetermined", "too_small")}

    def to_json(self) -> dict[str, Any]:
        """The audit as JSON (see docs/fairness.md for every field)."""
        p = self.policy
        return {
            "model_version": self.model_version,
            "verdict": self.verdict,
            "scope": self.scope,
            "months": [m.isoformat() for m in self.months],
            "audited_at": self.created_at,
            "rows": self.rows,
            "counts": self.counts,
            "policy": {
                "sha256": p.sha256,
                "recall_ratio_min": p.recall_ratio_min,
                "relative_calibration": [p.calibration_min, p.calibration_max],
                "proxy_auc_max": p.proxy_auc_max,
                "min_size": {
                    "rows": p.min_rows,
                    "positives": p.min_positives,
                    "selected": p.min_selected,
                },
                "bootstrap": {
                    "replicates": p.replicates,
                    "confidence": p.confidence,
                    "seed": p.seed,
                    "unit": "household",
                },
            },
            "checks": [c.to_json() for c in self.checks],
            "metrics": _metrics_json(self.group_metrics, p),
            "mitigation": self.mitigation,
        }


def _metrics_json(metrics: GroupMetrics, policy: Policy) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in metrics.table.to_dict("records"):
        entry: dict[str, Any] = {
            "attribute": row["attribute"],
            "group": row["group"],
            "n": int(row["n"]),
            "positives": int(row["positives"]),
            "selected": int(row["selected"]),
            "tp": int(row["tp"]),
            "fp": int(row["fp"]),
            "negatives": int(row["negatives"]),
            "households": int(row["households"]),
            "positive_households": int(row["positive_households"]),
            "too_small": bool(
                row["n"] < policy.min_rows or row["positives"] < policy.min_positives
            ),
        }
        for metric in metrics.metrics:
            entry[metric] = {
                name: _number(row[key])
                for name, key in (
                    ("value", metric),
                    ("ci_low", f"{metric}_ci_low"),
                    ("ci_high", f"{metric}_ci_high"),
                )
            }
        out.append(entry)
    return out


def _number(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return round(number, 6) if np.isfinite(number) else None


def attach_groups(
    evaluation: pd.DataFrame, groups: pd.DataFrame, *, attributes: tuple[str, ...]
) -> pd.DataFrame:
    """Join the protected groups (``household_id``, ``month``, one column per attribute) to the
    evaluation rows. A row without groups keeps every row and reads ``UNKNOWN_GROUP``;
    intersections ``"a x b"`` become a column of their own."""
    missing = [c for c in EVALUATION_REQUIRED if c not in evaluation.columns]
    if missing:
        raise AuditError("kolommen_ontbreken", columns=", ".join(missing))
    if evaluation.duplicated(["household_id", "month"]).any():
        raise AuditError("dubbele_rijen")
    singles = sorted({c for a in attributes for c in split_attribute(a)})
    absent = [c for c in singles if c not in groups.columns]
    if absent:
        raise AuditError("groepen_ontbreken", columns=", ".join(absent))
    left = evaluation.copy()
    left["month"] = pd.to_datetime(left["month"]).dt.date
    right = groups[["household_id", "month", *singles]].copy()
    right["month"] = pd.to_datetime(right["month"]).dt.date
    right = right.drop_duplicates(["household_id", "month"])
    frame = left.merge(right, on=["household_id", "month"], how="left", validate="one_to_one")
    for column in singles:
        frame[column] = frame[column].astype("string").fillna(UNKNOWN_GROUP).astype(str)
    for attribute in attributes:
        parts = split_attribute(attribute)
        if len(parts) > 1:
            joined = frame[parts[0]]
            for part in parts[1:]:
                joined = joined + INTERSECTION_SEPARATOR + frame[part]
            frame[attribute] = joined
    frame["selected"] = frame["selected"].astype(bool)
    frame["label"] = frame["label"].astype(bool)
    return frame


def run_audit(
    frame: pd.DataFrame,
    *,
    policy: Policy,
    model_version: str,
    scope: str = "offline",
    features: pd.DataFrame | None = None,
    feature_names: list[str] | None = None,
    mitigation: bool | None = None,
) -> AuditReport:
    """Audit ``frame`` (from :func:`attach_groups`).

    With ``features`` (household-months with ``feature_names`` and the single protected columns)
    the proxy check runs too. ``mitigation`` (default: the policy's choice) adds the group-aware
    selection and its cost in precision@k.
    """
    if frame.empty:
        raise AuditError("geen_rijen")
    if frame["score"].isna().any() or not frame["score"].between(0, 1).all():
        raise AuditError("score_ongeldig")
    metrics = compute_group_metrics(
        frame,
        attributes=policy.attributes,
        replicates=policy.replicates,
        confidence=policy.confidence,
        seed=policy.seed,
    )
    checks = fairness_checks(metrics, policy)
    if features is not None and feature_names:
        checks += proxy_checks(features, feature_names=feature_names, policy=policy)
    use_mitigation = policy.mitigation_enabled if mitigation is None else mitigation
    return AuditReport(
        model_version=model_version,
        scope=scope,
        months=sorted(set(frame["month"])),
        policy=policy,
        checks=checks,
        group_metrics=metrics,
        rows=len(frame),
        mitigation=mitigation_report(frame, policy=policy) if use_mitigation else None,
    )
