"""Payments, escalation, remissions and the month-end arrears of agency cases."""

from __future__ import annotations

import numpy as np

from signals.simulator._cases import (
    AANMANING,
    BV,
    BVI,
    BVO,
    FVK,
    FVO,
    HERINNERING,
    PREMIE,
    VERHOGING,
    Recorder,
    days_between,
)
from signals.simulator._params import Params
from signals.simulator._table import Table
from signals.simulator._types import BRONNEN, LUMP, PLAN, RECURRING, TYPES

__all__ = ["arrears", "escalate_and_settle", "pay"]

_IS_CJIB = np.array([t.bron == "cjib" for t in TYPES])
_IS_BD = np.array([t.bron == "bd" for t in TYPES])


def pay(
    t: int,
    d0: int,
    d_end: int,
    p: Params,
    rng: np.random.Generator,
    cases: Table,
    op: np.ndarray,
    ratio: np.ndarray,
    rec: Recorder | None,
    h_late: np.ndarray,
) -> None:
    kind = cases.kind[op]
    r = ratio[cases.hh[op]]
    afford = r >= 1.0
    forget = np.where(h_late[cases.hh[op]], p.late_payer_forget, p.forget)
    u = rng.random(len(op))
    v = rng.random(len(op))
    # --- recurring instalments ---
    rec_mask = kind == RECURRING
    k = op[rec_mask]
    owed = cases.n_due[k].astype(np.int64) * cases.install[k] - cases.paid[k]
    wh = cases.withhold[k]
    rk, uk, vk, ak = r[rec_mask], u[rec_mask], v[rec_mask], afford[rec_mask]
    # Instalments are collected by direct debit: habit does not matter, only money does.
    full = (owed > 0) & (wh | np.where(ak, uk > p.forget, uk < p.pay_on_time * rk * 0.5))
    part = (owed > 0) & ~full & ~ak & (vk < p.pay_partial)
    amount = np.where(full, owed, 0)
    part_amt = np.minimum(
        np.round(owed * (0.15 + 0.45 * rng.random(len(k))) / 100) * 100, owed - 1
    ).astype(np.int64)
    amount = np.where(part & (part_amt > 0), part_amt, amount)
    paying = amount > 0
    cases.paid[k[paying]] += amount[paying]
    ev = paying & (cases.type[k] == PREMIE)
    if rec is not None and ev.any():
        idx = k[ev]
        start = np.where(cases.withhold[idx], d0 + 2, d0 + 3)
        day = np.where(
            cases.withhold[idx], d0 + 2, days_between(rng, start, np.full(len(idx), d_end))
        )
        rec.add(cases, BV, idx, day, amount[ev])
    cases.balance[k[ev]] -= amount[ev]
    # --- lump claims and proxy plans ---
    lm = ~rec_mask
    k = op[lm]
    if not len(k):
        return
    out = cases.out[k]
    due = cases.due_day[k]
    ak, uk, vk, rk = afford[lm], u[lm], v[lm], r[lm]
    plan = cases.kind[k] == PLAN
    due_now = due <= d_end
    past = due < d0
    long_arrears = past & (cases.stage[k] >= AANMANING)
    p_full = np.where(ak, 1 - forget[lm], p.pay_on_time * rk * 0.5)
    pay_late = np.where(h_late[cases.hh[k]], p.pay_late, p.pay_late_regular)
    p_full = np.where(long_arrears, pay_late * np.minimum(rk, 1.0), p_full)
    p_full = np.where(due_now, p_full, np.where(ak, 0.5, 0.0))  # early payers
    full = (out > 0) & (plan | (uk < p_full))
    part = (out > 0) & ~full & (due_now | past) & ~ak & (vk < p.pay_partial)
    part_amt = np.minimum(
        np.round(out * (0.15 + 0.45 * rng.random(len(k))) / 100) * 100, out - 1
    ).astype(np.int64)
    amount = np.where(full, out, np.where(part & (part_amt > 0), part_amt, 0))
    paying = amount > 0
    idx = k[paying]
    if not len(idx):
        return
    start = np.maximum(cases.demand_day[idx], d0)
    on_time = full[paying] & (cases.due_day[idx] >= start) & (cases.due_day[idx] <= d_end)
    end = np.where(on_time, cases.due_day[idx], d_end)
    day = days_between(rng, start.astype(np.int64), end.astype(np.int64))
    amt = amount[paying]
    cases.out[idx] -= amt
    cases.balance[idx] -= amt
    if rec is not None:
        rec.add(cases, BV, idx, day, amt)


def escalate_and_settle(
    t: int,
    d0: int,
    d_end: int,
    p: Params,
    rng: np.random.Generator,
    h: Table,
    cases: Table,
    op: np.ndarray,
    ratio: np.ndarray,
    rec: Recorder | None,
) -> None:
    k = op[cases.kind[op] == LUMP]
    n = len(k)
    in_help = h.help_until[cases.hh[k]] >= t
    r = ratio[cases.hh[k]]
    u = rng.random(n)
    # Withdrawn and remitted: a successful objection, a remission (kwijtschelding) for a low
    # capacity after an Aanmaning (Belastingdienst), or a debt-help settlement.
    withdraw = (cases.stage[k] < AANMANING) & (u < p.withdraw_rate)
    remit_bd = _IS_BD[cases.type[k]] & (cases.stage[k] == AANMANING) & (r < 0.5) & (u < p.remit_bd)
    remit_help = in_help & (rng.random(n) < p.help_remit_share / 12.0)
    settle = (cases.balance[k] > 0) & (withdraw | remit_bd | remit_help)
    idx = k[settle]
    if len(idx):
        day = days_between(rng, np.full(len(idx), d0 + 5), np.full(len(idx), d_end))
        if rec is not None:
            has_demand = cases.out[idx] > 0
            rec.add(
                cases,
                BVI,
                idx[has_demand],
                day[has_demand],
                ref_seq=cases.demand_seq[idx[has_demand]],
            )
            rec.add(cases, FVK, idx, day, cases.balance[idx])
        cases.balance[idx] = 0
        cases.out[idx] = 0
    # Escalation: the vervaldatum passed without full payment.
    esc = k[~settle & (cases.out[k] > 0) & (cases.stage[k] < AANMANING) & (cases.due_day[k] < d0)]
    if len(esc):
        stage = (cases.stage[esc] + 1).astype(np.int8)
        day = days_between(rng, np.full(len(esc), d0), np.full(len(esc), d0 + 20))
        cjib = _IS_CJIB[cases.type[esc]]
        incr = np.where(
            cjib, np.where(stage == HERINNERING, cases.principal[esc] // 2, cases.principal[esc]), 0
        ).astype(np.int64)
        if rec is not None:
            rec.add(cases, BVI, esc, day, ref_seq=cases.demand_seq[esc])
            c = esc[incr > 0]
            rec.add(cases, FVO, c, day[incr > 0], incr[incr > 0], categorie=VERHOGING)
        cases.out[esc] += incr
        cases.balance[esc] += incr
        # The new demand repeats the withdrawn one plus the increase: earlier payments keep
        # covering it (payments apply to the open demands), so what is past due stays `out`.
        cases.demand_amt[esc] += incr
        cases.increases[esc] += (incr > 0).astype(np.int8)
        cases.stage[esc] = stage
        cases.demand_day[esc] = day
        cases.due_day[esc] = day + 14
        if rec is not None:
            cases.demand_seq[esc] = rec.add(
                cases, BVO, esc, day, cases.demand_amt[esc], dtype=stage, verval=day + 14
            )
    # Close what is settled; instalment cases close when ended and paid.
    op_all = np.flatnonzero(cases.open)
    kind = cases.kind[op_all]
    owed = cases.n_due[op_all].astype(np.int64) * cases.install[op_all] - cases.paid[op_all]
    done = np.where(
        kind == RECURRING, cases.ended[op_all] & (owed <= 0), cases.balance[op_all] <= 0
    )
    cases.open[op_all[done]] = False


def arrears(t: int, d_end: int, cases: Table, nh: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Past-due amount per household at month end, the number of agencies in arrears, and the
    past-due amount per agency (shape ``(nh, 4)`` in the order of ``BRONNEN``)."""
    op = np.flatnonzero(cases.open & ~cases.proxy)
    kind = cases.kind[op]
    owed_rec = cases.n_due[op].astype(np.int64) * cases.install[op] - cases.paid[op]
    past = np.where(
        kind == RECURRING, owed_rec, np.where(cases.due_day[op] < d_end, cases.out[op], 0)
    )
    past = np.maximum(past, 0)
    hh = cases.hh[op]
    arrears = np.bincount(hh, weights=past, minlength=nh)
    bron = _BRON_OF_TYPE[cases.type[op]]
    pos = past > 0
    flags = np.zeros((nh, 4), dtype=bool)
    flags[hh[pos], bron[pos]] = True
    per_bron = np.zeros((nh, 4))
    np.add.at(per_bron, (hh, bron), past)
    return arrears, flags.sum(1), per_bron


_BRON_OF_TYPE = np.array([BRONNEN.index(t.bron) for t in TYPES])
