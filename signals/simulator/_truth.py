"""Ground truth: the true probability of the label by forward simulation.

For every household in arrears at the end of month ``t`` the simulator copies the household and
its open cases ``K`` times and runs its own monthly model (:func:`finance_step`, without
recording) for months ``t+1 .. t+12``. Along each simulated path the chance of a *recorded*
outcome is integrated exactly from the monthly outcome hazards (including the label-recording
rate and the chance of leaving the municipality first); the path results are averaged. This is
Rao-Blackwellised Monte Carlo: unbiased, with far less noise than counting simulated outcomes.

Simplifications (documented in docs/simulator.md): during the 12 forward months household
composition stays fixed apart from leaving the municipality, and an unrecorded outcome (label
bias) does not change the path.
"""

from __future__ import annotations

import numpy as np

from signals.simulator._calendar import Calendar
from signals.simulator._cases import CASE_COLUMNS
from signals.simulator._finance import finance_step
from signals.simulator._params import Params
from signals.simulator._population import HOUSEHOLD_COLUMNS
from signals.simulator._table import Table

__all__ = ["HORIZON", "forward_probability"]

HORIZON = 12


def forward_probability(
    *,
    t: int,
    subset: np.ndarray,
    cal: Calendar,
    p: Params,
    h: Table,
    cases: Table,
    counts: dict[str, np.ndarray],
    label_rate: np.ndarray,
    rng: np.random.Generator,
    replicates: int,
) -> np.ndarray:
    """P(an outcome is recorded for a member within months ``t+1..t+12``) per household of
    ``subset`` (indices into ``h``), shape ``(len(subset),)``, values in [0, 1]."""
    n = len(subset)
    if n == 0:
        return np.empty(0)
    k = replicates
    sub_h = Table(HOUSEHOLD_COLUMNS)
    sub_h.append(n * k, **{c: np.tile(getattr(h, c)[subset], k) for c in HOUSEHOLD_COLUMNS})
    pos = np.full(len(h), -1, dtype=np.int64)
    pos[subset] = np.arange(n)
    open_cases = np.flatnonzero(cases.open & (pos[cases.hh] >= 0))
    sub_c = Table(CASE_COLUMNS)
    cols = {c: getattr(cases, c)[open_cases] for c in CASE_COLUMNS}
    local = pos[cols["hh"]]
    m = len(open_cases)
    tiled = {c: np.tile(v, k) for c, v in cols.items()}
    tiled["hh"] = (np.tile(local, k) + np.repeat(np.arange(k) * n, m)).astype(np.int32)
    # Regime references point at case rows: remap them into the copied case table.
    case_pos = np.full(len(cases), -1, dtype=np.int64)
    case_pos[open_cases] = np.arange(m)
    ref = np.tile(h.regime_ref[subset].astype(np.int64), k)
    has = ref >= 0
    mapped = np.where(has, case_pos[np.maximum(ref, 0)], -1)
    mapped = np.where(mapped >= 0, mapped + np.repeat(np.arange(k) * m, n), -1)
    sub_h.regime_ref = mapped.astype(np.int32)
    sub_c.append(m * k, **tiled)
    sub_counts = {c: np.tile(v[subset], k) for c, v in counts.items()}
    sub_rate = np.tile(label_rate[subset], k)
    active = np.ones(n * k, dtype=bool)

    def assign(hh: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.full(len(hh), -1, dtype=np.int32), np.ones(len(hh), dtype=bool)

    stay = 1.0 - p.move_out_rate
    alive = np.ones(n * k)
    none_yet = np.ones(n * k)
    prob = np.zeros(n * k)
    for j in range(1, HORIZON + 1):
        res = finance_step(
            t=t + j,
            cal=cal,
            p=p,
            rng=rng,
            h=sub_h,
            cases=sub_c,
            counts=sub_counts,
            assign=assign,
            rec=None,
            outcomes=None,
            label_rate=sub_rate,
            active=active,
        )
        hz = res.hazard_recorded
        prob += alive * none_yet * hz
        none_yet *= 1.0 - hz
        alive *= stay
    return np.clip(prob.reshape(k, n).mean(axis=0), 0.0, 1.0)
