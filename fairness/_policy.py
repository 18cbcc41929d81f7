"""The fairness policy: thresholds, minimum group sizes and bootstrap settings.

Read from ``fairness/policy.toml`` (the one policy file) or from a file a caller names. The policy
is validated on load so that a typo is a clear error instead of a silently missing check.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_POLICY_PATH", "Policy", "PolicyError", "ReviewedProxy", "load_policy"]

DEFAULT_POLICY_PATH = Path(__file__).with_name("policy.toml")

PROTECTED_COLUMNS = ("geslacht", "leeftijdsgroep", "migratieachtergrond", "wijk", "huishoudtype")


class PolicyError(ValueError):
    """The policy file is missing a setting or holds an impossible one."""


@dataclass(frozen=True)
class ReviewedProxy:
    """A feature reviewers accepted although it predicts ``attribute``; ``reason`` says why."""

    attribute: str
    feature: str
    reason: str


@dataclass(frozen=True)
class Policy:
    """All thresholds of the audit. Ratios are dimensionless; sizes count household-months."""

    attributes: tuple[str, ...]
    replicates: int
    confidence: float
    seed: int
    min_rows: int
    min_positives: int
    min_selected: int
    recall_ratio_min: float
    calibration_min: float
    calibration_max: float
    proxy_auc_max: float
    proxy_sample: int
    reviewed_proxies: tuple[ReviewedProxy, ...] = ()
    mitigation_enabled: bool = False
    mitigation_attribute: str = "migratieachtergrond"
    live_enabled: bool = True
    too_small_needs_signoff: bool = True
    sha256: str = field(default="", compare=False)

    def reviewed(self, *, attribute: str, feature: str) -> ReviewedProxy | None:
        """The review of ``feature`` as a proxy for ``attribute``, if reviewers accepted it."""
        for review in self.reviewed_proxies:
            if review.attribute == attribute and review.feature == feature:
                return review
        return None

    @property
    def protected_columns(self) -> tuple[str, ...]:
        """The single protected columns the audited attributes need, in policy order."""
        seen: list[str] = []
        for attribute in self.attributes:
            for column in split_attribute(attribute):
                if column not in seen:
                    seen.append(column)
        return tuple(seen)


def split_attribute(attribute: str) -> tuple[str, ...]:
    """``"geslacht x migratieachtergrond"`` -> ``("geslacht", "migratieachtergrond")``."""
    return tuple(part.strip() for part in attribute.split(" x "))


def load_policy(path: Path | None = None) -> Policy:
    """Load and validate the policy at ``path`` (default: ``fairness/policy.toml``)."""
    path = Path(path) if path is not None else DEFAULT_POLICY_PATH
    try:
        raw_bytes = path.read_bytes()
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy file {path} is not valid TOML: {exc}") from exc
    try:
        checks = raw["checks"]
        proxy = checks["proxy_auc"]
        policy = Policy(
            attributes=tuple(raw["audit"]["attributes"]),
            replicates=int(raw["bootstrap"]["replicates"]),
            confidence=float(raw["bootstrap"]["confidence"]),
            seed=int(raw["bootstrap"]["seed"]),
            min_rows=int(raw["min_size"]["rows"]),
            min_positives=int(raw["min_size"]["positives"]),
            min_selected=int(raw["min_size"]["selected"]),
            recall_ratio_min=float(checks["recall_ratio"]["min"]),
            calibration_min=float(checks["relative_calibration"]["min"]),
            calibration_max=float(checks["relative_calibration"]["max"]),
            proxy_auc_max=float(proxy["max"]),
            proxy_sample=int(proxy["sample"]),
            reviewed_proxies=tuple(
                ReviewedProxy(attribute=r["attribute"], feature=r["feature"], reason=r["reason"])
                for r in proxy.get("reviewed", [])
            ),
            mitigation_enabled=bool(raw.get("mitigation", {}).get("enabled", False)),
            mitigation_attribute=str(
                raw.get("mitigation", {}).get("attribute", "migratieachtergrond")
            ),
            live_enabled=bool(raw.get("live", {}).get("enabled", True)),
            too_small_needs_signoff=bool(raw.get("gate", {}).get("too_small_needs_signoff", True)),
            sha256=hashlib.sha256(raw_bytes).hexdigest(),
        )
    except KeyError as exc:
        raise PolicyError(f"policy file {path} lacks the setting {exc.args[0]!r}") from exc
    _validate(policy, path)
    return policy


def _validate(policy: Policy, path: Path) -> None:
    problems: list[str] = []
    for attribute in policy.attributes:
        for column in split_attribute(attribute):
            if column not in PROTECTED_COLUMNS:
                problems.append(f"unknown attribute {column!r} (known: {PROTECTED_COLUMNS})")
    if policy.mitigation_attribute not in policy.attributes:
        problems.append(f"mitigation attribute {policy.mitigation_attribute!r} is not audited")
    if not 0.5 < policy.confidence < 1:
        problems.append("bootstrap.confidence must lie between 0.5 and 1")
    if policy.replicates < 50:
        problems.append("bootstrap.replicates must be at least 50")
    if min(policy.min_rows, policy.min_positives, policy.min_selected) < 1:
        problems.append("min_size values must be at least 1")
    if not 0 < policy.recall_ratio_min <= 1:
        problems.append("checks.recall_ratio.min must lie in (0, 1]")
    if not 0 < policy.calibration_min < 1 < policy.calibration_max:
        problems.append("checks.relative_calibration needs min < 1 < max")
    if not 0.5 < policy.proxy_auc_max < 1:
        problems.append("checks.proxy_auc.max must lie between 0.5 and 1")
    if problems:
        raise PolicyError(f"policy file {path}: " + "; ".join(problems))
