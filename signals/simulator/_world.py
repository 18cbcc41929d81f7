"""The simulated municipality: one run, month by month, from burn-in to the last delivery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from signals.bsn import make_valid_bsn
from signals.contracts import CSV_COLUMNS
from signals.simulator._bias import PROXY_BRONNEN, Bias, group_mask
from signals.simulator._calendar import Calendar, date_strings
from signals.simulator._cases import (
    ALGEMEEN,
    CASE_COLUMNS,
    DUO,
    FVO,
    OUTCOME_KINDS,
    PREMIE,
    WLZ,
    WMO,
    Outcomes,
    Recorder,
    new_cases,
    open_recurring,
)
from signals.simulator._deliveries import event_lines, write_lines, zaakkenmerk
from signals.simulator._finance import StepResult, finance_step
from signals.simulator._measure import Accumulators, measure_month
from signals.simulator._names import WOONPLAATS, address_parts, full_names, phones
from signals.simulator._params import MIGRATION, WIJKEN, Params
from signals.simulator._population import NONE, Population
from signals.simulator._table import Table
from signals.simulator._truth import forward_probability
from signals.simulator._truthfile import TruthWriter
from signals.simulator._types import (
    BRONNEN,
    LUMP,
    PILOT_MIN_CENT,
    PILOT_MIN_MONTHS,
    PLAN,
    TYPES,
    type_index,
)
from signals.sources import load_type_codes

__all__ = ["World"]

_SEX = np.array(["M", "V", "X"])
_MIG = np.array([m[0] for m in MIGRATION])
_WIJK = np.array([w[0] for w in WIJKEN])
_SIGNAL_TYPES = np.array([i for i, t in enumerate(TYPES) if not t.events])
_MUNICIPALITY_CODE = "0999"


class World:
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
    def _sync_bsn(self) -> None:
        """Format what never changes about a person once: BSN, the fixed BRP columns, name and
        phone number (new people are appended)."""
        pp = self.pop.people
        start, n = len(self.bsn_str), len(pp)
        if start >= n:
            return
        new = np.arange(start, n)
        self.bsn_str.extend(make_valid_bsn(int(x)) for x in pp.bsn_n[new])
        bsn = self.bsn_str
        birth = date_strings(pp.birth[new]).tolist()
        sex = _SEX[pp.sex[new]].tolist()
        mig = _MIG[pp.mig[new]].tolist()

        def ref(col: np.ndarray) -> list[str]:
            return ["" if r < 0 else bsn[r] for r in col[new].tolist()]

        p1, p2 = ref(pp.parent1_ref), ref(pp.parent2_ref)
        ids = new.tolist()
        self._brp_head.extend(f"{bsn[i]};{b};{s}" for i, b, s in zip(ids, birth, sex, strict=True))
        self._brp_tail.extend(f"{a};{b};{m}" for a, b, m in zip(p1, p2, mig, strict=True))
        names = full_names(pp.name_seed[new], pp.sex[new])
        self._contact_head.extend(f"{bsn[i]};{nm}" for i, nm in zip(ids, names, strict=True))
        self._phone.extend(phones(pp.name_seed[new]))

    def _addresses(self, addr: np.ndarray, wijk: np.ndarray) -> list[tuple[str, str]]:
        """Per address: ``adres_id;wijk`` for the BRP and ``street;postcode`` for contact."""
        cache = self._addr_cache
        missing = [i for i, a in enumerate(addr.tolist()) if a not in cache]
        if missing:
            m = np.array(missing)
            streets, postcodes = address_parts(addr[m], wijk[m])
            for a, w, s, pc in zip(
                addr[m].tolist(), _WIJK[wijk[m]].tolist(), streets, postcodes, strict=True
            ):
                cache[a] = (f"{_MUNICIPALITY_CODE}20{a:010d};{w}", f"{s};{pc}")
        return [cache[a] for a in addr.tolist()]

    def _day_str(self, days: np.ndarray) -> list[str]:
        cache = self._day_cache
        uniq = np.unique(days)
        fresh = uniq[[int(d) not in cache for d in uniq.tolist()]] if len(uniq) else uniq
        if len(fresh):
            cache.update(zip(fresh.tolist(), date_strings(fresh).tolist(), strict=True))
        return [cache[d] for d in days.tolist()]

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

    def _deliver_events(self, t: int, label: str) -> None:
        new = self.rec.take_all()
        if new is not None:
            new["reg_sec"] = np.full(len(new["case"]), -1, dtype=np.int32)
        parts = [x for x in (self.pending, new) if x is not None]
        if not parts:
            return
        ev = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        reg_t = self.cal.month_of_day(ev["reg_day"])
        if t == self.burn:
            ev, reg_t = self._initial_load(ev, reg_t, t)
        normal = ev["reg_sec"] < 0
        case = ev["case"]
        ev["reg_sec"] = np.where(
            normal, 28_800 + (case * 7919) % 28_000 + ev["seq"].astype(np.int64) * 5, ev["reg_sec"]
        ).astype(np.int32)
        now = reg_t == t
        later = reg_t > t
        self.pending = {k: v[later] for k, v in ev.items()}
        cur = {k: v[now] for k, v in ev.items()}
        order = np.lexsort((cur["seq"], cur["case"], cur["reg_sec"], cur["reg_day"]))
        cur = {k: v[order] for k, v in cur.items()}
        ctype = self.cases.type[cur["case"]]
        person = self.cases.person[cur["case"]]
        bsn = [self.bsn_str[i] for i in person.tolist()]
        self._measure_cjib(cur)
        bron_of = np.array([BRONNEN.index(TYPES[i].bron) for i in range(len(TYPES))])[ctype]
        for b, bron in enumerate(BRONNEN):
            if not TYPES or not any(ty.bron == bron and ty.events for ty in TYPES):
                continue
            sel = np.flatnonzero(bron_of == b)
            sub = {k: v[sel] for k, v in cur.items()}
            lines = event_lines(sub, case_type=ctype[sel], bsn=[bsn[i] for i in sel.tolist()])
            path = self.out / "landing" / bron / f"{label}.jsonl"
            write_lines(path, lines)
            self.file_lines[str(path.relative_to(self.out))] = len(lines)

    def _initial_load(
        self, ev: dict[str, np.ndarray], reg_t: np.ndarray, t: int
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Burn-in history of cases still open at the delivery start: one initial load on the
        first day of the first delivery month, in the original registration order."""
        # Cases from before the delivery start are delivered only when still open at the start.
        loaded_case = np.ones(len(self.cases), dtype=bool)
        loaded_case[: len(self._open_at_load)] = self._open_at_load
        keep = loaded_case[ev["case"]]
        ev = {k: v[keep] for k, v in ev.items()}
        reg_t = reg_t[keep]
        old = reg_t < t
        idx = np.flatnonzero(old)
        order = idx[np.lexsort((ev["seq"][idx], ev["case"][idx], ev["reg_day"][idx]))]
        d0 = int(self.cal.first_day(t)[()])
        n = len(order)
        ev["reg_day"][order] = d0
        ev["reg_sec"][order] = (np.arange(n) * 28_000 // max(n, 1)).astype(np.int32)
        reg_t = reg_t.copy()
        reg_t[order] = t
        # Later events of these cases must come after the load.
        c = self.cases
        loaded = ev["case"][order]
        c.last_reg[loaded] = np.maximum(c.last_reg[loaded], d0)
        # Rebuild the order so the load comes first within the day (stable sort keeps it).
        first = np.r_[order, np.flatnonzero(~old)]
        return {k: v[first] for k, v in ev.items()}, reg_t[first]

    def _deliver_signals(self, t: int, label: str) -> None:
        c, pp = self.cases, self.pop.people
        d_last = int(self.cal.first_day(t + 1)[()]) - 1
        peil = str(date_strings(np.array([d_last]))[0])
        op = np.flatnonzero(c.open & np.isin(c.type, _SIGNAL_TYPES) & ~c.proxy)
        owed = c.n_due[op].astype(np.int64) * c.install[op] - c.paid[op]
        oldest_idx = c.paid[op] // np.maximum(c.install[op], 1)
        oldest_t = c.start_t[op] + oldest_idx
        age = t - oldest_t
        min_cent, min_m = PILOT_MIN_CENT, PILOT_MIN_MONTHS
        ty = c.type[op]
        cross = (owed >= min_cent[ty]) & (owed > 0) & (age >= min_m[ty])
        newly = op[cross & ~c.signalled[op]]
        c.signalled[newly] = True
        self._new_signal_hh = list(c.hh[newly])
        rows = op[cross & c.delivered[op] & pp.resident[c.person[op]]]
        sel = cross & c.delivered[op] & pp.resident[c.person[op]]
        oldest_day = self.cal.first_day(oldest_t[sel]) + 27
        oldest = date_strings(oldest_day).tolist()
        owed_sel = owed[sel].tolist()
        per_bron: dict[str, list[str]] = {
            b: [] for b in BRONNEN if any(x.bron == b and not x.events for x in TYPES)
        }
        for i, case in enumerate(rows.tolist()):
            tyo = TYPES[int(c.type[case])]
            bsn = self.bsn_str[int(c.person[case])]
            zaak = zaakkenmerk(tyo.bron, case)
            row = f"{tyo.bron};{bsn};{zaak};{tyo.code};{owed_sel[i]};{oldest[i]};{peil}"
            per_bron[tyo.bron].append(row)
            self._check_pilot(row)
        header = ";".join(CSV_COLUMNS["signals"])
        for bron, lines in per_bron.items():
            path = self.out / "landing" / bron / f"{label}.csv"
            write_lines(path, lines, header=header)
            self.file_lines[str(path.relative_to(self.out))] = len(lines)

    def _deliver_brp(self, t: int, label: str) -> None:
        pp, h = self.pop.people, self.pop.households
        res = self.pop.resident_index()
        bsn = self.bsn_str
        hh = pp.hh[res]
        addresses = self._addresses(h.addr[hh], h.wijk[hh])
        vest = self._day_str(pp.vestiging[res])
        partner = ["" if r < 0 else bsn[r] for r in pp.partner_ref[res].tolist()]
        ids = res.tolist()
        head, tail = self._brp_head, self._brp_tail
        lines = [
            f"{head[i]};{ad[0]};{v};{pa};{tail[i]}"
            for i, ad, v, pa in zip(ids, addresses, vest, partner, strict=True)
        ]
        header = ";".join(CSV_COLUMNS["brp"])
        write_lines(self.out / "brp" / f"{label}.csv", lines, header=header)
        self.file_lines[f"brp/{label}.csv"] = len(lines)
        # Contact details (restricted delivery, invented names).
        ch, ph = self._contact_head, self._phone
        contact = [
            f"{ch[i]};{ad[1]};{WOONPLAATS};{ph[i]}" for i, ad in zip(ids, addresses, strict=True)
        ]
        write_lines(
            self.out / "contact" / f"{label}.csv",
            contact,
            header=";".join(CSV_COLUMNS["contact"]),
        )
        # Truth: who lived in which simulated household this month.
        self.truth.members(hh, t - self.burn, [bsn[i] for i in ids])

    def _deliver_outcomes(self, t: int, label: str) -> None:
        now = [o for o in self.pending_outcomes if o[0] == t]
        self.pending_outcomes = [o for o in self.pending_outcomes if o[0] != t]
        now.sort(key=lambda o: (o[3], o[1]))
        days = date_strings(np.array([o[3] for o in now], dtype=np.int64)).tolist() if now else []
        lines = [
            f"{self.bsn_str[o[1]]};{d};{OUTCOME_KINDS[o[4]]}"
            for o, d in zip(now, days, strict=True)
        ]
        write_lines(
            self.out / "uitkomsten" / f"{label}.csv",
            lines,
            header=";".join(CSV_COLUMNS["uitkomsten"]),
        )
        self.file_lines[f"uitkomsten/{label}.csv"] = len(lines)

    # ------------------------------------------------------------------ measuring
    def _check_pilot(self, row: str) -> None:
        """Count whether a written signal row meets its pilot threshold, re-derived from the row's
        own text (an independent check of what is delivered)."""
        _, _, _, code, amount, oldest, peil = row.split(";")
        pilot = self.codes[code].pilot
        age = (int(peil[:4]) * 12 + int(peil[5:7])) - (int(oldest[:4]) * 12 + int(oldest[5:7]))
        ok = pilot is None or (int(amount) >= pilot.min_cent and age >= pilot.min_maanden)
        self.acc.signal_rows += 1
        self.acc.signal_rows_ok += int(ok and int(amount) > 0)

    def _measure_cjib(self, cur: dict[str, np.ndarray]) -> None:
        verh = (cur["etype"] == FVO) & (cur["categorie"] == 2)
        if not verh.any():
            return
        case = cur["case"][verh]
        ratio = cur["amount"][verh] / np.maximum(self.cases.principal[case], 1)
        first = ratio < 0.75
        self.acc.cjib_first.extend(ratio[first].tolist())
        self.acc.cjib_second.extend(ratio[~first].tolist())

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
