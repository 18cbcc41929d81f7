"""The simulated municipality: one run, month by month, from burn-in to the last delivery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from signals.simulator._bias import PROXY_BRONNEN, Bias, group_mask
from signals.simulator._calendar import Calendar
from signals.simulator._cases import (
    ALGEMEEN,
    CASE_COLUMNS,
    DUO,
    FVO,
    PREMIE,
    WLZ,
    WMO,
    Outcomes,
    Recorder,
    new_cases,
    open_recurring,
)
from signals.simulator._finance import StepResult, finance_step
from signals.simulator._measure import Accumulators, measure_month
from signals.simulator._params import Params
from signals.simulator._population import NONE, Population
from signals.simulator._table import Table
from signals.simulator._truth import forward_probability
from signals.simulator._truthfile import TruthWriter
from signals.simulator._types import (
    BRONNEN,
    LUMP,
    PLAN,
    TYPES,
    type_index,
)
from signals.simulator._write import DeliveryWriter
from signals.sources import load_type_codes

__all__ = ["World"]


class World(DeliveryWriter):
    def __init__(
        self,
        *,
        out: Path,
        residents: int,
        months: int,
        start: np.datetime64,
        seed: int,
        biases: list[Bias],
        params: Params,
        truth_replicates: int = 4,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.out = out
        self.p = params
        self.months = months
        self.burn = params.burn_in_months
        self.cal = Calendar(start - self.burn, self.burn + months)
        ss = np.random.SeedSequence(seed)
        demo, fin, rec, truth, misc = (np.random.default_rng(s) for s in ss.spawn(5))
        self.rng_fin, self.rng_truth, self.rng_misc = fin, truth, misc
        self.pop = Population(params=params, cal=self.cal, rng=demo)
        self.cases = Table(CASE_COLUMNS)
        self.rec = Recorder(rng=rec, late_registration=params.late_registration)
        self.outcomes = Outcomes()
        self.biases = biases
        self.truth_replicates = truth_replicates
        self.progress = progress
        self.residents = residents
        self.bsn_str: list[str] = []
        self._brp_head: list[str] = []
        self._brp_tail: list[str] = []
        self._contact_head: list[str] = []
        self._phone: list[str] = []
        self._addr_cache: dict[int, tuple[str, str]] = {}
        self._day_cache: dict[int, str] = {}
        self.pending: dict[str, np.ndarray] | None = None
        self.pending_outcomes: list[
            tuple[int, int, int, int, int]
        ] = []  # file t, person, hh, day, kind
        self.true_outcomes: list[
            tuple[int, int, int, int, bool]
        ] = []  # person, hh, day, kind, recorded
        self.acc = Accumulators()
        self.truth = TruthWriter(out / "truth", first_month=start)
        self.codes = load_type_codes()
        self._open_at_load = np.zeros(0, dtype=bool)
        self.file_lines: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def _prepare_adults(self, t: int) -> None:
        pp = self.pop.people
        res = self.pop.resident_index()
        adults = res[self.pop.ages(t, res) >= 18]
        order = np.argsort(pp.hh[adults], kind="stable")
        self._adults = adults[order]
        hh = pp.hh[self._adults]
        nh = len(self.pop.households)
        self._adult_start = np.searchsorted(hh, np.arange(nh))
        self._adult_count = np.bincount(hh, minlength=nh)

    def _pick_adult(self, hh: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        cnt = self._adult_count[hh]
        pick = self._adult_start[hh] + (rng.random(len(hh)) * np.maximum(cnt, 1)).astype(np.int64)
        pick = np.minimum(pick, len(self._adults) - 1)
        return self._adults[pick].astype(np.int32)

    def _groups(self, bias: Bias, person: np.ndarray) -> np.ndarray:
        pp = self.pop.people
        return group_mask(
            bias,
            sex=pp.sex[person],
            mig=pp.mig[person],
            wijk=self.pop.households.wijk[pp.hh[person]],
        )

    def _assign(self, hh: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        person = self._pick_adult(hh, self.rng_misc)
        return person, self._delivered(person, types)

    def _delivered(self, person: np.ndarray, types: np.ndarray) -> np.ndarray:
        delivered = np.ones(len(person), dtype=bool)
        for b in self.biases:
            if b.kind != "measurement":
                continue
            bron_ok = np.array([TYPES[int(x)].bron == b.bron for x in range(len(TYPES))])[types]
            hit = bron_ok & self._groups(b, person)
            delivered &= ~hit | (self.rng_misc.random(len(person)) < b.factor)
        return delivered

    def _label_rate_person(self, person: np.ndarray) -> np.ndarray:
        rate = np.ones(len(person))
        for b in self.biases:
            if b.kind == "label":
                rate = np.where(self._groups(b, person), rate * b.factor, rate)
        return rate

    def _label_rate(self) -> np.ndarray:
        """Per household: mean recording rate over its adults (the person of an outcome is a
        random adult)."""
        nh = len(self.pop.households)
        if not any(b.kind == "label" for b in self.biases):
            return np.ones(nh)
        rate = self._label_rate_person(self._adults)
        hh = self.pop.people.hh[self._adults]
        total = np.bincount(hh, weights=rate, minlength=nh)
        return np.where(self._adult_count > 0, total / np.maximum(self._adult_count, 1), 1.0)

    # ------------------------------------------------------------------ case upkeep
    def _sync_cases(self, t: int) -> None:
        c, pp = self.cases, self.pop.people
        op = np.flatnonzero(c.open)
        gone = op[~pp.resident[c.person[op]]]
        # Cases of people who left or died are no longer followed (the municipality may not).
        c.open[gone] = False
        c.ended[gone] = True
        h = self.pop.households
        stale = np.flatnonzero(h.regime_ref >= 0)
        stale = stale[~c.open[h.regime_ref[stale]]]
        h.regime_ref[stale] = -1
        op = np.flatnonzero(c.open)
        c.hh[op] = pp.hh[c.person[op]]

    def _instalment_cases(self, t: int) -> None:
        """Student debts start for people turning 22 (and for the start population)."""
        p, pp = self.p, self.pop.people
        res = self.pop.resident_index()
        age = self.pop.ages(t, res)
        d0 = int(self.cal.first_day(t)[()])
        rng = self.rng_misc
        if t == 0:
            groups = [
                (
                    DUO,
                    res[(age >= 22) & (age < 41)],
                    p.duo_share,
                    p.duo_install_median,
                    p.duo_install_sigma,
                ),
                (WMO, res[age >= 65], p.wmo_share, p.wmo_install_median, p.care_sigma),
                (WLZ, res[age >= 80], p.wlz_share, p.wlz_install_median, p.care_sigma),
            ]
        else:
            turning = res[(age >= 22) & (age < 22 + 1 / 12)]
            groups = [(DUO, turning, p.duo_share, p.duo_install_median, p.duo_install_sigma)]
        for ty, who, share, median, sigma in groups:
            who = who[rng.random(len(who)) < share]
            if not len(who):
                continue
            types = np.full(len(who), ty, dtype=np.int8)
            amount = median * np.exp(sigma * rng.standard_normal(len(who)))
            open_recurring(
                self.cases,
                hh=pp.hh[who],
                person=who.astype(np.int32),
                types=types,
                install=np.maximum(np.round(amount / 100) * 100, 500).astype(np.int64),
                t=t,
                day0=d0,
                delivered=self._delivered(who, types),
            )

    def _proxy_plans(self, t: int) -> None:
        """Proxy bias: group members hold a small payment plan that is always paid on time."""
        biases = [b for b in self.biases if b.kind == "proxy"]
        if not biases:
            return
        c, pp = self.cases, self.pop.people
        d0 = int(self.cal.first_day(t)[()])
        rng = self.rng_misc
        for b in biases:
            ty = type_index(PROXY_BRONNEN[b.bron or "bd"])
            adults = self._adults
            member = self._groups(b, adults)
            has = np.zeros(len(pp), dtype=bool)
            op = np.flatnonzero(c.open & c.proxy & (c.type == ty))
            has[c.person[op]] = True
            # Each member draws once whether they hold such plans (stable per person).
            holder = (pp.name_seed[adults] % 10_000) < b.factor * 10_000
            new = adults[member & holder & ~has[adults]]
            if t > 0:
                new = new[
                    rng.random(len(new)) < 0.5
                ]  # a new plan starts some months after the last
            if not len(new):
                continue
            months_left = rng.integers(12, 30, len(new))
            install = (rng.integers(2, 5, len(new)) * 1000).astype(np.int64)
            principal = install * months_left
            day = np.full(len(new), d0, dtype=np.int32)
            idx = new_cases(
                c,
                len(new),
                hh=pp.hh[new],
                person=new.astype(np.int32),
                type=ty,
                kind=PLAN,
                proxy=True,
                start_t=t,
                principal=principal,
                balance=principal,
                install=install,
                last_reg=d0,
            )
            self.rec.add(c, FVO, idx, day, principal, primary=1, categorie=ALGEMEEN)

    # ------------------------------------------------------------------ the run
    def run(self) -> None:
        total = self.burn + self.months
        hh0 = max(1, round(self.residents / 2.12))
        self.pop.add_households(hh0, t=0)
        self.pop.target_residents = int(self.pop.people.resident.sum())
        for t in range(total):
            if t > 0:
                self.pop.step(t)
            self._sync_cases(t)
            self._prepare_adults(t)
            self._instalment_cases(t)
            self._proxy_plans(t)
            counts = self.pop.household_counts(t)
            active = self.pop.households.active.copy()
            label_rate = self._label_rate()
            n_before = len(self.outcomes.hh)
            regime_before = len(self.cases)
            if t == self.burn:
                self._open_at_load = self.cases.open.copy()
            res = finance_step(
                t=t,
                cal=self.cal,
                p=self.p,
                rng=self.rng_fin,
                h=self.pop.households,
                cases=self.cases,
                counts=counts,
                assign=self._assign,
                rec=self.rec,
                outcomes=self.outcomes,
                label_rate=label_rate,
                active=active,
            )
            self._handle_outcomes(t, n_before)
            if t == self.burn - 1:
                self._prehistory()
            if t >= self.burn:
                self._deliver(t, res, counts, label_rate, regime_before)
            if self.progress is not None:
                self.progress(t + 1, total)

    def _prehistory(self) -> None:
        """Debt histories are older than the burn-in: chronic debtors (fragile households already
        in arrears) get years of earlier history (drives the years-to-help-request figure)."""
        h = self.pop.households
        rng = self.rng_misc
        chronic = (h.first_unpaid != NONE) & h.active & (h.frag > 0.3)
        years = rng.exponential(self.p.prehistory_years_mean, len(h))
        h.prehistory = np.where(chronic, np.round(years * 12), 0).astype(np.int32)

    def _handle_outcomes(self, t: int, n_before: int) -> None:
        o = self.outcomes
        if len(o.hh) == n_before:
            return
        hh = np.concatenate(o.hh[n_before:])
        day = np.concatenate(o.day[n_before:])
        kind = np.concatenate(o.kind[n_before:])
        del o.hh[n_before:], o.day[n_before:], o.kind[n_before:], o.person[n_before:]
        person = self._pick_adult(hh, self.rng_misc)
        recorded = self.rng_misc.random(len(hh)) < self._label_rate_person(person)
        probs = np.array(self.p.outcome_delay_probs)
        delay = self.rng_misc.choice(len(probs), size=len(hh), p=probs / probs.sum())
        h = self.pop.households
        for i in range(len(hh)):
            self.true_outcomes.append(
                (int(person[i]), int(hh[i]), int(day[i]), int(kind[i]), bool(recorded[i]))
            )
            if recorded[i]:
                self.pending_outcomes.append(
                    (t + int(delay[i]), int(person[i]), int(hh[i]), int(day[i]), int(kind[i]))
                )
            if kind[i] == 0 and t >= self.burn:
                years = (t - h.first_unpaid[hh[i]] + h.prehistory[hh[i]]) / 12.0
                self.acc.aanmelding_years.append(float(years))
                self.acc.aanmelding_hh_t.append((int(hh[i]), t))

    # ------------------------------------------------------------------ deliveries
    def _deliver(
        self,
        t: int,
        res: StepResult,
        counts: dict[str, np.ndarray],
        label_rate: np.ndarray,
        regime_before: int,
    ) -> None:
        self._sync_bsn()
        label = self.cal.label(t)
        self._deliver_events(t, label)
        self._deliver_signals(t, label)
        self._deliver_brp(t, label)
        self._deliver_outcomes(t, label)
        measure_month(self, t, res, counts, regime_before)
        self._truth(t, res, counts, label_rate)

    def _relative(self, t_abs: np.ndarray) -> np.ndarray:
        """Absolute month index (burn-in included) -> index from the first delivery month."""
        return np.where(t_abs == NONE, NONE, t_abs.astype(np.int64) - self.burn)

    def _truth(
        self, t: int, res: StepResult, counts: dict[str, np.ndarray], label_rate: np.ndarray
    ) -> None:
        h = self.pop.households
        active = np.flatnonzero(h.active)
        # Households in arrears, plus those with an open claim or premium regime: a payment
        # registered late can make the pipeline see arrears that were in fact paid.
        c = self.cases
        op = np.flatnonzero(c.open & ~c.proxy & ((c.kind == LUMP) | (c.type == PREMIE)))
        has_claim = np.bincount(c.hh[op], minlength=len(h)) > 0
        in_arrears = active[(res.arrears[active] > 0) | has_claim[active]]
        prob = forward_probability(
            t=t,
            subset=in_arrears,
            cal=self.cal,
            p=self.p,
            h=h,
            cases=self.cases,
            counts=counts,
            label_rate=label_rate,
            rng=self.rng_truth,
            replicates=self.truth_replicates,
        )
        p_full = np.full(len(h), np.nan)
        p_full[in_arrears] = prob
        self.truth.households(
            {
                "household": active.astype(np.int32),
                "month_index": np.full(len(active), t - self.burn, dtype=np.int16),
                "fragility": h.frag[active],
                "capacity_cent": np.round(res.capacity[active]).astype(np.int64),
                "demanded_cent": np.round(res.demanded[active]).astype(np.int64),
                "arrears_cent": np.round(res.arrears[active]).astype(np.int64),
                "agencies_in_arrears": res.n_agencies[active].astype(np.int8),
                **{
                    f"arrears_{bron}_cent": np.round(res.arrears_by_bron[active, b]).astype(
                        np.int64
                    )
                    for b, bron in enumerate(BRONNEN)
                },
                "unemployed": h.unemp[active] > 0,
                "bijstand": h.unemp[active] >= self.p.bijstand_after,
                "ill": h.ill[active],
                "separated_recently": h.sep_until[active] >= t,
                "problematic": h.problematic[active],
                "onset_index": self._relative(h.onset[active]),
                "first_unpaid_index": self._relative(h.first_unpaid[active]),
                "prehistory_months": h.prehistory[active],
                "in_debt_help": h.help_until[active] >= t,
                "p_label_12m": p_full[active],
            }
        )
