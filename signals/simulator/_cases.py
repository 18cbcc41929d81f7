"""Agency cases: their columns, the event recorder and how cases are opened.

A case is one financial case (zaak) of one person at one agency. Claims (``LUMP``) have one open
demand at a time that escalates; instalment cases (``RECURRING``) fall due monthly; proxy plans
(``PLAN``) are small always-paid arrangements. Amounts are euro cents, days are day numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from signals.simulator._table import Table
from signals.simulator._types import LUMP, RECURRING, TYPES, type_index

__all__ = [
    "AANMANING",
    "AANSCHRIJVING",
    "ADMIN",
    "ALGEMEEN",
    "BV",
    "BVI",
    "BVO",
    "CASE_COLUMNS",
    "FVK",
    "FVO",
    "HERINNERING",
    "OUTCOME_KINDS",
    "VERHOGING",
    "Outcomes",
    "Recorder",
    "days_between",
    "lognormal_euros",
    "new_cases",
    "open_lump",
    "open_recurring",
]

FVO, BVO, BVI, BV, FVK = 0, 1, 2, 3, 4
ALGEMEEN, ADMIN, VERHOGING = 0, 1, 2
AANSCHRIJVING, HERINNERING, AANMANING = 1, 2, 3

_TERM = np.array([t.term_days for t in TYPES], dtype=np.int32)
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


def new_cases(cases: Table, n: int, **cols: object) -> np.ndarray:
    defaults: dict[str, object] = {"open": True, "delivered": True, "demand_seq": -1}
    defaults.update(cols)
    return cases.append(n, **defaults)


def lognormal_euros(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    v = median * np.exp(sigma * rng.standard_normal(n))
    return np.maximum(np.round(v / 100.0) * 100, 100).astype(np.int64)  # whole euros


def days_between(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> np.ndarray:
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
