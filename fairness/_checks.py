"""Checks: a figure, its interval, a threshold from the policy, and a verdict.

A check *fails* when its whole confidence interval lies on the wrong side of the threshold, is
*undetermined* when the interval straddles the threshold, and *passes* otherwise. A group below
the policy's minimum size is *too_small*: reported and counted, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from fairness._bootstrap import percentile_interval
from fairness._group_metrics import GroupMetrics
from fairness._policy import Policy

__all__ = ["VERDICTS", "Check", "fairness_checks", "judge", "overall_verdict"]

Verdict = Literal["pass", "fail", "undetermined", "too_small"]
VERDICTS: tuple[str, ...] = ("pass", "fail", "undetermined", "too_small")


@dataclass(frozen=True)
class Check:
    """One judged figure. ``threshold`` is a number (``direction`` "min" or "max") or a
    ``[low, high]`` band (``direction`` "between"). ``n`` counts the group's household-months,
    ``base`` the denominator the figure rests on (e.g. positives for recall)."""

    attribute: str
    group: str
    metric: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    reference_group: str | None
    threshold: float | list[float]
    direction: str
    n: int
    base: int
    verdict: str
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity of the check across audits (offline vs live, sign-off)."""
        return f"{self.metric}|{self.attribute}|{self.group}"

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        extra = out.pop("extra")
        for name in ("value", "ci_low", "ci_high"):
            out[name] = _finite(out[name])
        out.update(extra)
        return out


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 6)


def judge(
    ci_low: float, ci_high: float, *, minimum: float | None = None, maximum: float | None = None
) -> Verdict:
    """Verdict of an interval against a lower and/or upper bound (see module docstring)."""
    if not (math.isfinite(ci_low) and math.isfinite(ci_high)):
        return "undetermined"
    if (minimum is not None and ci_high < minimum) or (maximum is not None and ci_low > maximum):
        return "fail"
    if (minimum is None or ci_low >= minimum) and (maximum is None or ci_high <= maximum):
        return "pass"
    return "undetermined"


def overall_verdict(checks: list[Check], *, too_small_needs_signoff: bool = True) -> str:
    """``fail`` if any check fails, else ``undetermined`` if any is (or, by default, if any
    group was too small to judge), else ``pass``."""
    verdicts = {c.verdict for c in checks}
    if "fail" in verdicts:
        return "fail"
    if "undetermined" in verdicts or (too_small_needs_signoff and "too_small" in verdicts):
        return "undetermined"
    return "pass"


def fairness_checks(metrics: GroupMetrics, policy: Policy) -> list[Check]:
    """The recall-ratio (equal opportunity) and calibration checks for every group."""
    table = metrics.table
    checks: list[Check] = []
    big_enough = (table["n"] >= policy.min_rows) & (table["positives"] >= policy.min_positives)
    # Calibration compares observed with expected outcomes. Its size rule takes the larger of
    # the two (expected at the town's rate): requiring enough *observed* outcomes would hide
    # exactly the groups whose outcomes go unrecorded (label bias), because the stronger the
    # bias, the fewer outcomes remain.
    calibration_base = np.maximum(
        table["positives"].to_numpy(), np.nan_to_num(table["expected_at_town_rate"].to_numpy())
    )
    judgeable = (table["n"] >= policy.min_rows).to_numpy() & (
        calibration_base >= policy.min_positives
    )
    for attribute, rows in table.groupby("attribute", sort=False):
        idx = rows.index.to_numpy()
        eligible = idx[big_enough.loc[idx].to_numpy() & rows["recall"].notna().to_numpy()]
        reference: int | None = None
        if len(eligible):
            # best served: highest recall; ties go to the larger group
            order = table.loc[eligible].sort_values(["recall", "n"], ascending=False)
            reference = int(order.index[0])
        for i in idx:
            checks.append(_recall_check(metrics, policy, i, reference, str(attribute)))
            checks.append(
                _calibration_check(
                    metrics,
                    policy,
                    i,
                    big_enough=bool(judgeable[i]),
                    base=round(float(calibration_base[i])),
                )
            )
    return checks


def _recall_check(
    metrics: GroupMetrics, policy: Policy, i: int, reference: int | None, attribute: str
) -> Check:
    table = metrics.table
    row = table.loc[i].to_dict()
    small = row["n"] < policy.min_rows or row["positives"] < policy.min_positives
    ref_name = None if reference is None else str(table.loc[reference, "group"])
    value = float("nan")
    low = high = float("nan")
    verdict: Verdict
    if reference is not None:
        ref_recall = float(table["recall"].to_numpy()[reference])
        value = float(row["recall"]) / ref_recall if ref_recall > 0 else float("nan")
        # every figure carries its interval, also where the group is too small to judge
        samples = metrics.samples["recall"]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = samples[:, i] / samples[:, reference]
        ratio = np.where(np.isfinite(ratio), ratio, np.nan)
        lo, hi = percentile_interval(ratio[:, None], confidence=policy.confidence)
        low, high = float(lo[0]), float(hi[0])
    if small or reference is None:
        verdict = "too_small"
    else:
        verdict = judge(low, high, minimum=policy.recall_ratio_min)
    return Check(
        attribute=attribute,
        group=str(row["group"]),
        metric="recall_ratio",
        value=value,
        ci_low=low,
        ci_high=high,
        reference_group=ref_name,
        threshold=policy.recall_ratio_min,
        direction="min",
        n=int(row["n"]),
        base=int(row["positives"]),
        verdict=verdict,
        extra={
            **_households(row),
            "recall": _finite(float(row["recall"])),
            "recall_ci_low": _finite(float(row["recall_ci_low"])),
            "recall_ci_high": _finite(float(row["recall_ci_high"])),
        },
    )


def _calibration_check(
    metrics: GroupMetrics, policy: Policy, i: int, *, big_enough: bool, base: int
) -> Check:
    """Relative calibration: the group's observed / expected outcomes divided by the same ratio
    over all audited rows. 1 means a score means the same in the group as in the whole town;
    below 1 the scores promise the group more outcomes than are recorded (e.g. label bias),
    above 1 less (e.g. measurement bias). A model that is off by the same factor for everyone is
    a calibration problem of the model (model card), not a difference between groups."""
    row = metrics.table.loc[i].to_dict()
    low = float(row["relative_calibration_ci_low"])
    high = float(row["relative_calibration_ci_high"])
    verdict: Verdict = (
        judge(low, high, minimum=policy.calibration_min, maximum=policy.calibration_max)
        if big_enough
        else "too_small"
    )
    return Check(
        attribute=str(row["attribute"]),
        group=str(row["group"]),
        metric="relative_calibration",
        value=float(row["relative_calibration"]),
        ci_low=low,
        ci_high=high,
        reference_group=None,
        threshold=[policy.calibration_min, policy.calibration_max],
        direction="between",
        n=int(row["n"]),
        base=base,
        verdict=verdict,
        extra={
            **_households(row),
            "observed": int(row["positives"]),
            "expected": _finite(float(row["score"])),
            "calibration_ratio": _finite(float(row["calibration_ratio"])),
            "calibration_ratio_ci_low": _finite(float(row["calibration_ratio_ci_low"])),
            "calibration_ratio_ci_high": _finite(float(row["calibration_ratio_ci_high"])),
        },
    )


def _households(row: Mapping[Hashable, Any]) -> dict[str, int]:
    """The distinct households behind a group's rows and outcomes (the bootstrap's units)."""
    return {
        "households": int(row.get("households", 0)),
        "positive_households": int(row.get("positive_households", 0)),
    }
