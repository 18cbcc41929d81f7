"""Latent finances and the monthly step of households and their agency cases.

One :func:`finance_step` advances a month for a set of households and their cases. The main run
calls it with an event recorder (everything that happens becomes VO Rijk events); the ground
truth calls it on copies of the households in arrears, without a recorder, to simulate their
future (see ``_truth.py``). Amounts are euro cents; months are indices ``t`` of the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from signals.simulator._calendar import Calendar
from signals.simulator._cases import (
    AANMANING,
    AANSCHRIJVING,
    ALGEMEEN,
    BVO,
    FVO,
    HERINNERING,
    IB,
    PREMIE,
    STRAF,
    TSL_HUUR,
    TSL_ZORG,
    WAHV,
    WLZ,
    WMO,
    Outcomes,
    Recorder,
    days_between,
    lognormal_euros,
    open_lump,
    open_recurring,
)
from signals.simulator._outcomes import status_and_outcomes
from signals.simulator._params import Params
from signals.simulator._payments import arrears, escalate_and_settle, pay
from signals.simulator._table import Table
from signals.simulator._types import LUMP, PLAN, RECURRING

__all__ = ["ArrivalHook", "StepResult", "finance_step"]


@dataclass
class StepResult:
    """Household-level quantities of one month (arrays over all households of the step)."""

    capacity: np.ndarray
    demanded: np.ndarray
    arrears: np.ndarray  # past-due amount at month end, all cases (true state)
    n_agencies: np.ndarray  # agencies with past-due amount > 0
    hazard_recorded: np.ndarray  # per-household probability of a recorded outcome this month
    arrears_by_bron: np.ndarray  # (n, 4) past-due amount per agency, order of BRONNEN


ArrivalHook = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def finance_step(
    *,
    t: int,
    cal: Calendar,
    p: Params,
    rng: np.random.Generator,
    h: Table,
    cases: Table,
    counts: dict[str, np.ndarray],
    assign: ArrivalHook,
    rec: Recorder | None,
    outcomes: Outcomes | None,
    label_rate: np.ndarray,
    active: np.ndarray,
) -> StepResult:
    """Advance one month.

    ``h``: the households (rows of ``counts`` and ``active`` align with it); ``cases`` their cases
    (``cases.hh`` indexes ``h``). ``assign(hh, types) -> (person, delivered)`` picks the member a
    new case belongs to (and whether its agency delivers it, for measurement bias); the truth's
    forward simulation passes a hook that returns ``-1``. ``label_rate``: per household, the
    chance an outcome of this household is recorded (label bias; 1 without bias). Outcomes are
    drawn when ``outcomes`` is given; the forward simulation instead uses the returned hazard.
    """
    d0 = int(cal.first_day(t)[()])
    d_end = d0 + int(cal.days_in(t)[()]) - 1
    nh = len(h)

    _shocks(t, p, rng, h, active)
    capacity = _capacity(t, p, h)
    _arrivals(t, d0, d_end, p, rng, h, cases, counts, assign, rec, active)
    _premium_regime(t, d0, p, rng, h, cases, capacity, counts, assign, rec, active)

    op = np.flatnonzero(cases.open)
    demanded = _demanded(p, cases, op, nh)
    ratio = capacity / np.maximum(demanded, 1.0)
    _instalments(t, d0, cases, op, rec)
    # Paying a bill in full draws on this month's capacity plus a small buffer of savings.
    can_pay = capacity * p.pay_buffer_months / np.maximum(_due_now(d_end, cases, op, nh), 1.0)
    pay(t, d0, d_end, p, rng, cases, op, can_pay, rec, h.late_payer)
    escalate_and_settle(t, d0, d_end, p, rng, h, cases, op, ratio, rec)
    past_due, n_ag, per_bron = arrears(t, d_end, cases, nh)
    demanded = _demanded(p, cases, np.flatnonzero(cases.open), nh)
    hazard = status_and_outcomes(
        t,
        d0,
        d_end,
        p,
        rng,
        h,
        cases,
        capacity,
        demanded,
        past_due,
        outcomes,
        label_rate,
        active,
        counts,
    )
    return StepResult(capacity, demanded, past_due, n_ag, hazard, per_bron)


def _shocks(t: int, p: Params, rng: np.random.Generator, h: Table, active: np.ndarray) -> None:
    n = len(h)
    scale = np.exp(p.shock_hazard_slope * h.frag)
    employed = h.unemp == 0
    lose = active & employed & (rng.random(n) < p.job_loss_base * scale)
    find = ~employed & (rng.random(n) < p.job_find / np.sqrt(scale))
    unemp = h.unemp.astype(np.int32)
    unemp = np.where(employed, 0, unemp + 1)
    unemp[lose] = 1
    unemp[find] = 0
    h.unemp = np.minimum(unemp, 600).astype(np.int16)
    ill = h.ill.copy()
    ill_hazard = p.illness_base * scale * np.where(h.unemp > 0, p.illness_unemployed, 1.0)
    ill[active & ~ill & (rng.random(n) < ill_hazard)] = True
    ill[h.ill & (rng.random(n) < p.illness_end)] = False
    h.ill = ill


def _capacity(t: int, p: Params, h: Table) -> np.ndarray:
    f = np.ones(len(h))
    f[h.unemp > 0] *= p.factor_unemployed
    f[h.ill] *= p.factor_ill
    f[h.sep_until >= t] *= p.factor_separated
    f[h.birth_until >= t] *= p.factor_birth
    return h.capbase * f


def _arrivals(
    t: int,
    d0: int,
    d_end: int,
    p: Params,
    rng: np.random.Generator,
    h: Table,
    cases: Table,
    counts: dict[str, np.ndarray],
    assign: ArrivalHook,
    rec: Recorder | None,
    active: np.ndarray,
) -> None:
    adults = np.where(active, counts["adults"], 0)
    frag = h.frag
    # Allowances follow estimated income: a changed income (job loss) often means a clawback.
    tsl_boost = np.where(h.unemp > 0, p.tsl_unemployed, 1.0)
    rates = [
        (WAHV, p.wahv_rate * np.exp(p.wahv_fragility * frag), p.wahv_median, p.wahv_sigma),
        (STRAF, p.straf_rate * np.exp(0.5 * frag), p.straf_median, p.straf_sigma),
        (IB, p.ib_rate * np.exp(0.1 * frag), p.ib_median, p.ib_sigma),
        (
            TSL_ZORG,
            0.6 * p.tsl_rate * tsl_boost * np.exp(0.4 * frag) * (frag > p.tsl_min_fragility),
            p.tsl_median,
            p.tsl_sigma,
        ),
        (
            TSL_HUUR,
            0.4 * p.tsl_rate * tsl_boost * np.exp(0.4 * frag) * (frag > p.tsl_min_fragility),
            p.tsl_median * 1.2,
            p.tsl_sigma,
        ),
    ]
    hh_parts, type_parts, amount_parts = [], [], []
    for ty, rate, median, sigma in rates:
        k = rng.poisson(adults * np.minimum(rate, 0.5))
        hh_new = np.repeat(np.arange(len(h)), k)
        hh_parts.append(hh_new)
        type_parts.append(np.full(len(hh_new), ty, dtype=np.int8))
        amount_parts.append(lognormal_euros(rng, median, sigma, len(hh_new)))
    hh_new = np.concatenate(hh_parts)
    if len(hh_new):
        types = np.concatenate(type_parts)
        person, delivered = assign(hh_new, types)
        day = days_between(rng, np.full(len(hh_new), d0), np.full(len(hh_new), d_end))
        open_lump(
            cases,
            rec,
            hh=hh_new,
            person=person,
            types=types,
            amount=np.concatenate(amount_parts),
            day=day,
            t=t,
            delivered=delivered,
            admin=p.wahv_admin,
        )
    # Care contributions start for older members (instalment cases, delivered as signals).
    for ty, share, band, median in (
        (WMO, p.wmo_share, "old65", p.wmo_install_median),
        (WLZ, p.wlz_share, "old80", p.wlz_install_median),
    ):
        k = rng.poisson(np.where(active, counts[band], 0) * share / 120.0)
        hh_new = np.repeat(np.arange(len(h)), k)
        if len(hh_new):
            types = np.full(len(hh_new), ty, dtype=np.int8)
            person, delivered = assign(hh_new, types)
            open_recurring(
                cases,
                hh=hh_new,
                person=person,
                types=types,
                install=lognormal_euros(rng, median, p.care_sigma, len(hh_new)),
                t=t,
                day0=d0,
                delivered=delivered,
            )


def _premium_regime(
    t: int,
    d0: int,
    p: Params,
    rng: np.random.Generator,
    h: Table,
    cases: Table,
    capacity: np.ndarray,
    counts: dict[str, np.ndarray],
    assign: ArrivalHook,
    rec: Recorder | None,
    active: np.ndarray,
) -> None:
    """Health-premium arrears with the insurer (not a source) count up while the household is
    short of money; after ``premium_miss_months`` the CAK bestuursrechtelijke premie starts."""
    demanded = _demanded(p, cases, np.flatnonzero(cases.open), len(h))
    strained = active & ((demanded > capacity) | (capacity < 0.5 * p.premium_cent))
    miss = strained & (rng.random(len(h)) < p.insurer_miss)
    settle = ~strained & (rng.random(len(h)) < 0.3)
    m = h.insurer_miss.astype(np.int32)
    m = np.where(miss, m + 1, np.where(settle, 0, m))
    in_help = h.help_until >= t
    m[in_help] = 0
    h.insurer_miss = np.minimum(m, 120).astype(np.int16)
    start = np.flatnonzero(active & (m >= p.premium_miss_months) & (h.regime_ref < 0) & ~in_help)
    if len(start):
        types = np.full(len(start), PREMIE, dtype=np.int8)
        person, delivered = assign(start, types)
        install = np.full(len(start), round(p.premium_cent * p.premium_regime_factor), np.int64)
        idx = open_recurring(
            cases,
            hh=start,
            person=person,
            types=types,
            install=install,
            t=t,
            day0=d0,
            delivered=delivered,
            withhold=rng.random(len(start)) < p.regime_withhold,
        )
        h.regime_ref[start] = idx.astype(np.int32)
        cases.miss_months[idx] = m[start]
        h.insurer_miss[start] = 0
    # The regime ends when the insurer debt is settled, or when debt help starts.
    ref = h.regime_ref
    has = ref >= 0
    stop = has & ((rng.random(len(h)) < p.regime_end) | in_help | ~active)
    cases.ended[ref[stop]] = True
    h.regime_ref[stop] = -1


def _due_now(d_end: int, cases: Table, op: np.ndarray, nh: int) -> np.ndarray:
    """Per household: everything that is due by the end of this month, in full."""
    kind = cases.kind[op]
    owed = np.where(
        kind == RECURRING,
        cases.n_due[op] * cases.install[op] - cases.paid[op],
        np.where(cases.due_day[op] <= d_end, cases.out[op], 0),
    )
    return np.bincount(cases.hh[op], weights=np.maximum(owed, 0), minlength=nh)


def _demanded(p: Params, cases: Table, op: np.ndarray, nh: int) -> np.ndarray:
    """Demanded monthly repayments per household: running instalments plus demanded claims and
    instalment arrears spread over ``demand_divisor`` months. Proxy plans are left out: they are
    small voluntary arrangements that never strain a household."""
    kind = cases.kind[op]
    rec = kind == RECURRING
    owed = np.where(rec, cases.n_due[op] * cases.install[op] - cases.paid[op], cases.out[op])
    # Running instalments count only for the premium regime: student-debt and care-contribution
    # instalments are set by ability to pay (draagkracht), so only their arrears are demanded.
    running = np.where(rec & ~cases.ended[op] & (cases.type[op] == PREMIE), cases.install[op], 0)
    arrears = np.where(rec, np.maximum(owed - running, 0), np.where(kind == LUMP, owed, 0))
    amount = running + arrears / p.demand_divisor
    return np.bincount(cases.hh[op], weights=amount, minlength=nh)


def _instalments(t: int, d0: int, cases: Table, op: np.ndarray, rec: Recorder | None) -> None:
    """Recurring cases: this month's instalment falls due on the 28th; plans likewise."""
    k = op[(cases.kind[op] != LUMP) & ~cases.ended[op]]
    plan = k[cases.kind[k] == PLAN]
    k = k[cases.kind[k] == RECURRING]
    cases.n_due[k] += 1
    due = np.full(len(k), d0 + 27, dtype=np.int32)
    if rec is not None:
        ev = k[(cases.type[k] == PREMIE)]
        owed_before = cases.n_due[ev].astype(np.int64) * cases.install[ev] - cases.paid[ev]
        n_unpaid = np.ceil(owed_before / np.maximum(cases.install[ev], 1)).astype(np.int64)
        day = np.full(len(ev), d0 + 2, dtype=np.int32)
        cases.balance[ev] += cases.install[ev]
        rec.add(cases, FVO, ev, day, cases.install[ev], primary=1, categorie=ALGEMEEN)
        billed = ev[~cases.withhold[ev]]
        strength = np.where(n_unpaid >= 5, AANMANING, np.where(n_unpaid >= 3, HERINNERING, 1))
        strength = strength[~cases.withhold[ev]].astype(np.int8)
        cases.stage[billed] = np.maximum(cases.stage[billed], strength)
        cases.demand_seq[billed] = rec.add(
            cases,
            BVO,
            billed,
            np.full(len(billed), d0 + 2, dtype=np.int32),
            cases.install[billed],
            dtype=strength,
            verval=due[: len(billed)],
        )
    else:
        cases.balance[k] += cases.install[k]
    if len(plan):
        amount = np.minimum(cases.install[plan], cases.balance[plan])
        day = np.full(len(plan), d0 + 1, dtype=np.int32)
        cases.out[plan] = amount
        cases.demand_day[plan] = day
        cases.due_day[plan] = d0 + 27
        if rec is not None:
            cases.demand_seq[plan] = rec.add(
                cases, BVO, plan, day, amount, dtype=AANSCHRIJVING, verval=cases.due_day[plan]
            )
