"""The calibration report: each target of docs/calibration.md against what the run produced."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TARGETS", "Target", "calibration_report"]


@dataclass(frozen=True)
class Target:
    name: str
    target: float | str
    low: float
    high: float
    source: str
    description: str


#: name -> target, accepted range [low, high] (the tolerance), source.
TARGETS: tuple[Target, ...] = (
    Target(
        "personen_per_huishouden",
        2.1,
        1.95,
        2.25,
        "CBS",
        "residents per household, mean over months",
    ),
    Target(
        "volwassenen_achterstand_1plus",
        0.13,
        0.10,
        0.16,
        "Werk aan Uitvoering",
        "share of adults with arrears at >= 1 agency",
    ),
    Target(
        "volwassenen_achterstand_2plus",
        0.033,
        0.022,
        0.045,
        "Werk aan Uitvoering",
        "share of adults with arrears at >= 2 agencies",
    ),
    Target(
        "huishoudens_multiproblematiek",
        "0.010-0.014",
        0.008,
        0.016,
        "Toekomstverkenning 2035",
        "share of households in problematic debt with another active problem "
        "(long-term unemployment, illness, recent separation)",
    ),
    Target(
        "bijstand_3plus_problemen",
        0.5,
        0.40,
        0.60,
        "Toekomstverkenning 2035",
        "share of adults on social assistance with 3+ problems",
    ),
    Target(
        "signalen_per_1000_per_maand",
        "3-4",
        2.5,
        4.5,
        "Divosa monitor",
        "new Wgs-type signals (pilot thresholds crossed, premium regime) "
        "per 1,000 residents per month",
    ),
    Target(
        "signalen_met_hulp",
        0.08,
        0.05,
        0.11,
        "Divosa monitor",
        "share of signalled households registering for debt help within 12 months",
    ),
    Target(
        "jaren_tot_hulpvraag",
        8.0,
        6.0,
        10.0,
        "Wgs-evaluatie 2025",
        "mean years from first unpaid claim to debt-help registration",
    ),
    Target("cjib_verhoging_1", 0.5, 0.49, 0.51, "CJIB", "first increase / original fine"),
    Target("cjib_verhoging_2", 1.0, 0.99, 1.01, "CJIB", "second increase / original fine"),
    Target(
        "cak_premie_factor", 1.3, 1.25, 1.35, "CAK", "bestuursrechtelijke premie / normal premium"
    ),
    Target(
        "cak_maanden_achterstand_bij_start",
        6.0,
        6.0,
        120.0,
        "CAK",
        "least months of premium arrears when the regime starts",
    ),
    Target(
        "pilot_drempels_gerespecteerd",
        1.0,
        1.0,
        1.0,
        "Tijdelijke regeling signaal betalingsachterstanden",
        "share of legacy signal rows that meet their pilot threshold",
    ),
)


def _round(v: float) -> float:
    return float(np.round(v, 4))


def calibration_report(values: dict[str, float | None]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for t in TARGETS:
        v = values.get(t.name)
        ok = v is not None and bool(np.isfinite(v)) and t.low <= v <= t.high
        out.append(
            {
                "name": t.name,
                "value": None if v is None or not np.isfinite(v) else _round(v),
                "target": t.target,
                "tolerance": [t.low, t.high],
                "within_tolerance": ok,
                "source": t.source,
                "description": t.description,
            }
        )
    return out
