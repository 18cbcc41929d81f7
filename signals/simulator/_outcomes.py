"""Problematic debt and outcomes: the household status at month end and the outcome hazards."""

from __future__ import annotations

import numpy as np

from signals.simulator._cases import Outcomes, days_between
from signals.simulator._params import Params
from signals.simulator._population import NONE
from signals.simulator._table import Table

__all__ = ["outcome_hazards", "status_and_outcomes"]


def outcome_hazards(
    t: int, p: Params, h: Table, capacity: np.ndarray, demanded: np.ndarray
) -> np.ndarray:
    """Per household and month: hazards of (aanmelding, ontruiming, afsluiting), shape (n, 3).
    Only households in problematic debt and not in debt help have a hazard."""
    years = np.maximum(t - h.first_unpaid + h.prehistory, 0) / 12.0
    years = np.where(h.first_unpaid == NONE, 0.0, years)
    severity = np.clip(demanded / np.maximum(capacity, 1.0) - 1.0, 0.0, 4.0)
    at_risk = h.problematic & (h.help_until < t)
    aanm = (
        p.aanmelding_base
        * (years / 8.0) ** p.aanmelding_dur_power
        * (1 + p.aanmelding_severity * severity)
    )
    out = np.zeros((len(h), 3))
    out[:, 0] = np.where(at_risk, np.minimum(aanm, 0.5), 0.0)
    out[:, 1] = np.where(at_risk, p.ontruiming_rate * (1 + severity), 0.0)
    out[:, 2] = np.where(at_risk, p.afsluiting_rate * (1 + severity), 0.0)
    return out


def status_and_outcomes(
    t: int,
    d0: int,
    d_end: int,
    p: Params,
    rng: np.random.Generator,
    h: Table,
    cases: Table,
    capacity: np.ndarray,
    demanded: np.ndarray,
    arrears: np.ndarray,
    outcomes: Outcomes | None,
    label_rate: np.ndarray,
    active: np.ndarray,
    counts: dict[str, np.ndarray],
) -> np.ndarray:
    over = demanded > capacity
    h.prob_run = np.where(over & active, h.prob_run + 1, 0).astype(np.int16)
    h.below_run = np.where(~over & active, h.below_run + 1, 0).astype(np.int16)
    problematic = (h.prob_run >= p.problematic_after) | (
        h.problematic & (h.below_run < p.problematic_end_after)
    )
    h.problematic = problematic & active
    onset = (h.onset == NONE) & h.problematic
    h.onset = np.where(onset, t, h.onset).astype(np.int32)
    first = (h.first_unpaid == NONE) & (arrears > 0) & active
    h.first_unpaid = np.where(first, t, h.first_unpaid).astype(np.int32)

    hz = outcome_hazards(t, p, h, capacity, demanded)
    # Probability that an outcome of this month is recorded (label bias lowers it for a group).
    p_any = 1 - np.prod(1 - hz, axis=1) * np.where((h.wsnp_t == t) & active, 0.0, 1.0)
    hazard_recorded = p_any * label_rate
    if outcomes is None:
        return hazard_recorded
    u = rng.random((len(h), 3))
    happen = (u < hz) & active[:, None]
    for j, kind in ((0, 0), (1, 2), (2, 3)):
        hhs = np.flatnonzero(happen[:, j])
        if len(hhs):
            outcomes.add(
                hhs,
                np.full(len(hhs), -1),
                days_between(rng, np.full(len(hhs), d0), np.full(len(hhs), d_end)),
                kind,
            )
    aanm = np.flatnonzero(happen[:, 0])
    h.help_until[aanm] = t + 24
    # A share of debt-help registrations ends in the WSNP 6-18 months later.
    wsnp = aanm[rng.random(len(aanm)) < p.wsnp_share]
    h.wsnp_t[wsnp] = t + rng.integers(6, 19, len(wsnp))
    due = np.flatnonzero((h.wsnp_t == t) & active)
    if len(due):
        outcomes.add(
            due,
            np.full(len(due), -1),
            days_between(rng, np.full(len(due), d0), np.full(len(due), d_end)),
            1,
        )
    return hazard_recorded
