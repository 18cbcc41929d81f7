"""Latent finances, agency cases and their event life cycle, problematic debt and outcomes.

One :func:`finance_step` advances a month for a set of households and their cases. The main run
calls it with an event recorder (everything that happens becomes VO Rijk events); the ground
truth calls it on copies of the households in arrears, without a recorder, to simulate their
future (see ``_truth.py``). Amounts are euro cents; months are indices ``t`` of the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from signals.simulator._calendar import Calendar
from signals.simulator._params import Params
from signals.simulator._population import NONE
from signals.simulator._table import Table
from signals.simulator._types import LUMP, PLAN, RECURRING, TYPES, type_index

__all__ = [
    "BV",
    "BVI",
    "BVO",
    "CASE_COLUMNS",
    "FVK",
    "FVO",
    "Outcomes",
    "Recorder",
    "StepResult",
    "finance_step",
    "new_cases",
]

FVO, BVO, BVI, BV, FVK = 0, 1, 2, 3, 4
ALGEMEEN, ADMIN, VERHOGING = 0, 1, 2
AANSCHRIJVING, HERINNERING, AANMANING = 1, 2, 3

_KIND = np.array([t.kind for t in TYPES], dtype=np.int8)
_TERM = np.array([t.term_days for t in TYPES], dtype=np.int32)
_IS_CJIB = np.array([t.bron == "cjib" for t in TYPES])
_IS_BD = np.array([t.bron == "bd" for t in TYPES])
WAHV = type_index("cjib_wahv")
STRAF = type_index("cjib_strafbeschikking")
PREMIE = type_index("cak_bestuursrechtelijke_premie")
WMO = type_index("cak_eigen_bijdrage_wmo")
WLZ = type_index("cak_eigen_bijdrage_wlz")
DUO = type_index("duo_studieschuld")
IB = type_index("bd_inkomstenbelasting")
TSL_ZORG = type_index("tsl_zorgtoeslag_terugvordering")
TSL_HUUR = type_index("tsl_huurtoeslag_terugvordering")

CASE_COLUMNS: dict[str, type] = {
    "hh": np.int32,
    "person": np.int32,
    "type": np.int8,
    "kind": np.int8,
    "proxy": np.bool_,
    "delivered": np.bool_,
    "open": np.bool_,
    "start_t": np.int32,
    "principal": np.int64,
    "balance": np.int64,  # imposed - settled
    "out": np.int64,  # LUMP/PLAN: outstanding on the current demand
    "stage": np.int8,  # strongest demand so far: 0 none, 1..3
    "demand_day": np.int32,
    "due_day": np.int32,
    "demand_seq": np.int32,
    "demand_amt": np.int64,  # LUMP: amount of the current demand (gross: before payments)
    "install": np.int64,  # RECURRING/PLAN: monthly amount
    "n_due": np.int32,  # RECURRING: instalments demanded so far
    "paid": np.int64,  # RECURRING: total paid so far
    "ended": np.bool_,  # RECURRING: no further instalments
    "withhold": np.bool_,  # RECURRING premie: withheld at source
    "increases": np.int8,
    "seq": np.int32,
    "last_reg": np.int32,
    "signalled": np.bool_,  # has crossed its pilot threshold before
    "miss_months": np.int16,  # premie regime: months of insurer arrears when it started
}


@dataclass
class Recorder:
    """Collects events as column blocks. ``late_registration``: share of events registered
    25-55 days after they happened (in a later month's file)."""

    rng: np.random.Generator
    late_registration: float
    blocks: list[dict[str, np.ndarray]] = field(default_factory=list)

    def add(
        self,
        cases: Table,
        etype: int,
        idx: np.ndarray,
        day: np.ndarray,
        amount: np.ndarray | int = 0,
        *,
        primary: np.ndarray | int = 0,
        categorie: np.ndarray | int = 0,
        dtype: np.ndarray | int = 0,
        verval: np.ndarray | int = 0,
        ref_seq: np.ndarray | int = -1,
    ) -> np.ndarray:
        """Record one event for each case in ``idx`` (each case at most once per call). Returns the
        events' sequence numbers within their case."""
        n = len(idx)
        if n == 0:
            return np.empty(0, dtype=np.int32)
        seq = cases.seq[idx].copy()
        cases.seq[idx] = seq + 1
        late = self.rng.random(n) < self.late_registration
        delay = np.where(late, self.rng.integers(25, 56, n), self.rng.integers(0, 3, n))
        reg = np.maximum(np.asarray(day, dtype=np.int64) + delay, cases.last_reg[idx])
        cases.last_reg[idx] = reg
        keep = cases.delivered[idx]
        if keep.any():

            def col(v: np.ndarray | int, dt: type) -> np.ndarray:
                return np.broadcast_to(np.asarray(v, dtype=dt), (n,))[keep].copy()

            self.blocks.append(
                {
                    "case": idx[keep].astype(np.int64),
                    "seq": seq[keep],
                    "etype": np.full(int(keep.sum()), etype, dtype=np.int8),
                    "occ_day": col(day, np.int32),
                    "reg_day": reg[keep].astype(np.int32),
                    "amount": col(amount, np.int64),
                    "primary": col(primary, np.int8),
                    "categorie": col(categorie, np.int8),
                    "dtype": col(dtype, np.int8),
                    "verval": col(verval, np.int32),
                    "ref_seq": col(ref_seq, np.int32),
                }
            )
        return seq

    def take_all(self) -> dict[str, np.ndarray] | None:
        if not self.blocks:
            return None
        out = {k: np.concatenate([b[k] for b in self.blocks]) for k in self.blocks[0]}
        self.blocks.clear()
        return out


@dataclass
class Outcomes:
    """Outcomes that happened (before recording bias): household, person, day, kind."""

    hh: list[np.ndarray] = field(default_factory=list)
    person: list[np.ndarray] = field(default_factory=list)
    day: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)

    def add(self, hh: np.ndarray, person: np.ndarray, day: np.ndarray, kind: int) -> None:
        self.hh.append(hh.astype(np.int32))
        self.person.append(person.astype(np.int32))
        self.day.append(day.astype(np.int32))
        self.kind.append(np.full(len(hh), kind, dtype=np.int8))


OUTCOME_KINDS = ("aanmelding_schuldhulp", "wsnp", "ontruiming", "afsluiting")


@dataclass
class StepResult:
    """Household-level quantities of one month (arrays over all households of the step)."""

    capacity: np.ndarray
    demanded: np.ndarray
    arrears: np.ndarray  # past-due amount at month end, all cases (true state)
    n_agencies: np.ndarray  # agencies with past-due amount > 0
    hazard_recorded: np.ndarray  # per-household probability of a recorded outcome this month
    arrears_by_bron: np.ndarray  # (n, 4) past-due amount per agency, order of BRONNEN


def new_cases(cases: Table, n: int, **cols: object) -> np.ndarray:
    defaults: dict[str, object] = {"open": True, "delivered": True, "demand_seq": -1}
    defaults.update(cols)
    return cases.append(n, **defaults)


def _lognormal(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    v = median * np.exp(sigma * rng.standard_normal(n))
    return np.maximum(np.round(v / 100.0) * 100, 100).astype(np.int64)  # whole euros


def _days(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """A uniform day in ``[start, end]`` (inclusive) per element."""
    span = np.maximum(end - start, 0) + 1
    return (start + (rng.random(len(start)) * span).astype(np.int64)).astype(np.int32)


def open_lump(
    cases: Table,
    rec: Recorder | None,
    *,
    hh: np.ndarray,
    person: np.ndarray,
    types: np.ndarray,
    amount: np.ndarray,
    day: np.ndarray,
    t: int,
    delivered: np.ndarray | bool = True,
    admin: int = 0,
) -> np.ndarray:
    """Open claims: obligation (+ CJIB administratiekosten) and the first demand (Aanschrijving)."""
    n = len(hh)
    admin_arr = np.where(types == WAHV, admin, 0).astype(np.int64)
    total = amount + admin_arr
    due = (day + _TERM[types]).astype(np.int32)
    idx = new_cases(
        cases,
        n,
        hh=hh,
        person=person,
        type=types,
        kind=LUMP,
        start_t=t,
        principal=amount,
        balance=total,
        out=total,
        stage=AANSCHRIJVING,
        demand_day=day,
        due_day=due,
        demand_amt=total,
        delivered=delivered,
        last_reg=day,
    )
    if rec is not None:
        rec.add(cases, FVO, idx, day, amount, primary=1, categorie=ALGEMEEN)
        a = admin_arr > 0
        rec.add(cases, FVO, idx[a], day[a], admin_arr[a], categorie=ADMIN)
        cases.demand_seq[idx] = rec.add(
            cases, BVO, idx, day, total, dtype=AANSCHRIJVING, verval=due
        )
    return idx


def open_recurring(
    cases: Table,
    *,
    hh: np.ndarray,
    person: np.ndarray,
    types: np.ndarray,
    install: np.ndarray,
    t: int,
    day0: int,
    delivered: np.ndarray | bool = True,
    withhold: np.ndarray | bool = False,
) -> np.ndarray:
    """Open instalment cases; the first instalment falls due in month ``t``."""
    return new_cases(
        cases,
        len(hh),
        hh=hh,
        person=person,
        type=types,
        kind=RECURRING,
        start_t=t,
        install=install,
        withhold=withhold,
        delivered=delivered,
        last_reg=day0,
    )


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
    _payments(t, d0, d_end, p, rng, cases, op, can_pay, rec, h.late_payer)
    _escalate_and_settle(t, d0, d_end, p, rng, h, cases, op, ratio, rec)
    arrears, n_ag, per_bron = _arrears(t, d_end, cases, nh)
    demanded = _demanded(p, cases, np.flatnonzero(cases.open), nh)
    hazard = _status_and_outcomes(
        t,
        d0,
        d_end,
        p,
        rng,
        h,
        cases,
        capacity,
        demanded,
        arrears,
        outcomes,
        label_rate,
        active,
        counts,
    )
    return StepResult(capacity, demanded, arrears, n_ag, hazard, per_bron)


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
        amount_parts.append(_lognormal(rng, median, sigma, len(hh_new)))
    hh_new = np.concatenate(hh_parts)
    if len(hh_new):
        types = np.concatenate(type_parts)
        person, delivered = assign(hh_new, types)
        day = _days(rng, np.full(len(hh_new), d0), np.full(len(hh_new), d_end))
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
                install=_lognormal(rng, median, p.care_sigma, len(hh_new)),
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


def _payments(
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
    pay = amount > 0
    cases.paid[k[pay]] += amount[pay]
    ev = pay & (cases.type[k] == PREMIE)
    if rec is not None and ev.any():
        idx = k[ev]
        start = np.where(cases.withhold[idx], d0 + 2, d0 + 3)
        day = np.where(cases.withhold[idx], d0 + 2, _days(rng, start, np.full(len(idx), d_end)))
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
    pay = amount > 0
    idx = k[pay]
    if not len(idx):
        return
    start = np.maximum(cases.demand_day[idx], d0)
    on_time = full[pay] & (cases.due_day[idx] >= start) & (cases.due_day[idx] <= d_end)
    end = np.where(on_time, cases.due_day[idx], d_end)
    day = _days(rng, start.astype(np.int64), end.astype(np.int64))
    amt = amount[pay]
    cases.out[idx] -= amt
    cases.balance[idx] -= amt
    if rec is not None:
        rec.add(cases, BV, idx, day, amt)


def _escalate_and_settle(
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
        day = _days(rng, np.full(len(idx), d0 + 5), np.full(len(idx), d_end))
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
        day = _days(rng, np.full(len(esc), d0), np.full(len(esc), d0 + 20))
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


def _arrears(
    t: int, d_end: int, cases: Table, nh: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


_BRON_OF_TYPE = np.array([("cjib", "cak", "duo", "bd").index(t.bron) for t in TYPES])


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


def _status_and_outcomes(
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
                _days(rng, np.full(len(hhs), d0), np.full(len(hhs), d_end)),
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
            _days(rng, np.full(len(due), d0), np.full(len(due), d_end)),
            1,
        )
    return hazard_recorded
