"""People, households and addresses that change month by month.

A simulated household is what the contract's BRP rule yields: the people at one address joined by
partner and parent-child links. Roommates share an address but form their own households. Every
change keeps that invariant: a separation moves one partner out (to a new address, or out of the
municipality), a new partner moves in, grown-up children leave home, whole households move within,
out of and into the municipality, people are born and die.
"""

from __future__ import annotations

import numpy as np

from signals.simulator._calendar import Calendar
from signals.simulator._params import MIGRATION, WIJKEN, Params
from signals.simulator._table import Table

__all__ = ["NONE", "Population"]

NONE = -(10**6)  # "no month" in month-valued household columns
_WIJK_SHARE = np.array([w[1] for w in WIJKEN]) / sum(w[1] for w in WIJKEN)
_WIJK_FRAG = np.array([w[2] for w in WIJKEN])
_WIJK_MIG = np.array([[1 - w[3] - w[4], w[4], w[3]] for w in WIJKEN])  # nederland, europa, buiten
_MIG_FRAG = np.array([m[1] for m in MIGRATION])
_TYPE_FRAG = {"single": 0.15, "couple": -0.25, "couple_kids": 0.0, "single_parent": 0.55}

PERSON_COLUMNS: dict[str, type] = {
    "bsn_n": np.int64,
    "birth": np.int32,
    "sex": np.int8,  # 0 M, 1 V, 2 X
    "mig": np.int8,
    "resident": np.bool_,
    "hh": np.int32,
    "partner_ref": np.int32,
    "parent1_ref": np.int32,
    "parent2_ref": np.int32,
    "vestiging": np.int32,
    "name_seed": np.int64,
}

HOUSEHOLD_COLUMNS: dict[str, type] = {
    "addr": np.int64,
    "wijk": np.int8,
    "active": np.bool_,
    "frag": np.float64,
    "capbase": np.float64,
    "unemp": np.int16,
    "ill": np.bool_,
    "sep_until": np.int32,
    "birth_until": np.int32,
    "first_unpaid": np.int32,
    "onset": np.int32,
    "prob_run": np.int16,
    "below_run": np.int16,
    "problematic": np.bool_,
    "help_until": np.int32,
    "insurer_miss": np.int16,
    "regime_ref": np.int32,  # the open cak_bestuursrechtelijke_premie case, -1 if none
    "prehistory": np.int32,  # months of debt history before the simulation (chronic debtors)
    "wsnp_t": np.int32,  # month a scheduled WSNP admission happens (NONE if none)
    "late_payer": np.bool_,  # pays late out of habit, not for lack of money
}


class Population:
    """All people and households ever simulated (rows are never removed; ``resident`` and
    ``active`` say who is here now)."""

    def __init__(self, *, params: Params, cal: Calendar, rng: np.random.Generator) -> None:
        self.p = params
        self.cal = cal
        self.rng = rng
        self.people = Table(PERSON_COLUMNS)
        self.households = Table(HOUSEHOLD_COLUMNS)
        self._next_addr = 1
        self.target_residents = 0  # set after the start population is made
        self._bsn_step = 7_919_011  # coprime with BSN_SEQUENCE_SIZE: spreads BSNs over the range
        self._bsn_offset = int(rng.integers(0, 10**7))

    # ----------------------------------------------------------------- creation
    def _new_addresses(self, n: int) -> np.ndarray:
        out = np.arange(self._next_addr, self._next_addr + n, dtype=np.int64)
        self._next_addr += n
        return out

    def _new_households(self, n: int, *, t: int, wijk: np.ndarray, frag: np.ndarray) -> np.ndarray:
        rng = self.rng
        cap = self.p.capacity_median * np.exp(
            -self.p.capacity_fragility * frag + self.p.capacity_sigma * rng.standard_normal(n)
        )
        late = rng.random(n) < self.p.late_payer_share * np.exp(self.p.late_payer_slope * frag)
        return self.households.append(
            n,
            late_payer=late,
            addr=self._new_addresses(n),
            wijk=wijk,
            active=True,
            frag=frag,
            capbase=cap,
            sep_until=NONE,
            birth_until=NONE,
            first_unpaid=NONE,
            onset=NONE,
            help_until=NONE,
            wsnp_t=NONE,
            regime_ref=-1,
        )

    def _new_people(
        self,
        n: int,
        *,
        hh: np.ndarray,
        birth: np.ndarray,
        sex: np.ndarray,
        mig: np.ndarray,
        vestiging: np.ndarray,
        parent1: np.ndarray | int = -1,
        parent2: np.ndarray | int = -1,
    ) -> np.ndarray:
        start = len(self.people)
        from signals.bsn import BSN_SEQUENCE_SIZE

        seq = (self._bsn_offset + self._bsn_step * np.arange(start, start + n, dtype=np.int64)) % (
            BSN_SEQUENCE_SIZE
        )
        return self.people.append(
            n,
            bsn_n=seq,
            birth=birth,
            sex=sex,
            mig=mig,
            resident=True,
            hh=hh,
            partner_ref=-1,
            parent1_ref=parent1,
            parent2_ref=parent2,
            vestiging=vestiging,
            name_seed=self.rng.integers(0, 2**62, n),
        )

    def _sexes(self, n: int, p_female: float = 0.5) -> np.ndarray:
        u = self.rng.random(n)
        sex = (u < p_female).astype(np.int8)
        sex[self.rng.random(n) < self.p.share_x] = 2
        return sex

    def _age_days(self, day0: int, years: np.ndarray) -> np.ndarray:
        return (day0 - years * 365.25 - self.rng.integers(0, 365, len(years))).astype(np.int32)

    def add_households(self, n_households: int, *, t: int) -> np.ndarray:
        """Create ``n_households`` new households of the usual mix (the start population, and the
        households that move into the municipality). Returns the new household indices."""
        p, rng = self.p, self.rng
        if n_households <= 0:
            return np.empty(0, dtype=np.int64)
        day0 = int(self.cal.first_day(t)[()])
        shares = np.array(
            [p.share_single, p.share_couple, p.share_couple_kids, p.share_single_parent]
        )
        kind = rng.choice(4, size=n_households, p=shares / shares.sum())
        wijk = rng.choice(len(WIJKEN), size=n_households, p=_WIJK_SHARE)
        mig = (rng.random(n_households)[:, None] > np.cumsum(_WIJK_MIG[wijk], axis=1)).sum(1)
        mig = np.minimum(mig, 2).astype(np.int8)
        type_frag = np.array([_TYPE_FRAG[k] for k in _TYPE_FRAG])[kind]
        frag = (
            _WIJK_FRAG[wijk]
            + _MIG_FRAG[mig]
            + type_frag
            + p.fragility_sigma * rng.standard_normal(n_households)
        )
        hh = self._new_households(n_households, t=t, wijk=wijk.astype(np.int8), frag=frag)
        # Roommates: a few single households share the address of the previous single household.
        single = np.flatnonzero(kind == 0)
        share = (
            single[1:][rng.random(len(single) - 1) < p.share_roommates] if len(single) else single
        )
        if len(share):
            prev = single[np.searchsorted(single, share) - 1]
            self.households.addr[hh[share]] = self.households.addr[hh[prev]]
            self.households.wijk[hh[share]] = self.households.wijk[hh[prev]]

        # First adult.
        age1 = np.select(
            [kind == 0, kind == 1, kind == 2],
            [
                rng.choice(
                    [23, 30, 42, 55, 68, 80], n_households, p=[0.2, 0.2, 0.15, 0.15, 0.15, 0.15]
                )
                + rng.integers(-4, 5, n_households),
                rng.choice([28, 45, 62, 75], n_households, p=[0.25, 0.25, 0.3, 0.2])
                + rng.integers(-5, 6, n_households),
                rng.integers(28, 52, n_households),
            ],
            default=rng.integers(25, 52, n_households),
        ).astype(np.float64)
        age1 = np.clip(age1, 18, 95)
        sex1 = self._sexes(n_households, 0.5)
        sex1[kind == 3] = (rng.random(int((kind == 3).sum())) < 0.85).astype(np.int8)
        vest = (day0 - rng.integers(0, 365 * 15, n_households)).astype(np.int32)
        born1 = self._age_days(day0, age1)
        vest = np.maximum(vest, born1 + int(18 * 365.25))
        a1 = self._new_people(n_households, hh=hh, birth=born1, sex=sex1, mig=mig, vestiging=vest)
        # Partner.
        has_partner = (kind == 1) | (kind == 2)
        k = int(has_partner.sum())
        age2 = np.clip(age1[has_partner] + rng.normal(-1.5, 3.5, k), 18, 95)
        sex2 = np.where(sex1[has_partner] == 1, 0, 1).astype(np.int8)
        same = rng.random(k) < 0.02
        sex2[same] = sex1[has_partner][same]
        mig2 = np.where(
            rng.random(k) < 0.85, mig[has_partner], rng.choice(3, k, p=[0.7, 0.12, 0.18])
        )
        a2 = self._new_people(
            k,
            hh=hh[has_partner],
            birth=self._age_days(day0, age2),
            sex=sex2,
            mig=mig2.astype(np.int8),
            vestiging=vest[has_partner],
        )
        self.people.partner_ref[a1[has_partner]] = a2
        self.people.partner_ref[a2] = a1[has_partner]
        # Children.
        with_kids = (kind == 2) | (kind == 3)
        n_kids = np.where(with_kids, 1 + rng.poisson(p.kids_mean_extra, n_households), 0)
        parent_a = np.repeat(a1, n_kids)
        other = np.full(n_households, -1, dtype=np.int64)
        other[has_partner] = a2
        parent_b = np.repeat(other, n_kids)
        kid_hh = np.repeat(hh, n_kids)
        max_age = np.maximum(np.repeat(age1, n_kids) - 19, 0.5)
        kid_age = rng.random(len(kid_hh)) * np.minimum(max_age, 22)
        kid_birth = self._age_days(day0, kid_age)
        self._new_people(
            len(kid_hh),
            hh=kid_hh,
            birth=kid_birth,
            sex=self._sexes(len(kid_hh)),
            mig=np.repeat(mig, n_kids),
            vestiging=np.maximum(np.repeat(vest, n_kids), kid_birth),
            parent1=parent_a,
            parent2=parent_b,
        )
        return hh

    # ----------------------------------------------------------------- queries
    def resident_index(self) -> np.ndarray:
        return np.flatnonzero(self.people.resident)

    def ages(self, t: int, idx: np.ndarray | None = None) -> np.ndarray:
        """Age in years at the first day of month ``t``."""
        birth = self.people.birth if idx is None else self.people.birth[idx]
        return (int(self.cal.first_day(t)[()]) - birth) / 365.25

    def household_counts(self, t: int) -> dict[str, np.ndarray]:
        """Per household (all rows): members, adults, children and adults by age band."""
        nh = len(self.households)
        res = self.resident_index()
        hh = self.people.hh[res]
        age = self.ages(t, res)
        adult = age >= 18

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(hh[mask], minlength=nh)

        return {
            "size": np.bincount(hh, minlength=nh),
            "adults": count(adult),
            "kids": count(~adult),
            "young": count((age >= 22) & (age < 41)),
            "old65": count(age >= 65),
            "old80": count(age >= 80),
        }

    # ----------------------------------------------------------------- monthly change
    def step(self, t: int) -> dict[str, int]:
        """Apply one month of births, deaths, separations, new partners, children leaving home
        and moves. Returns counts of what happened."""
        counts = {
            "deaths": self._deaths(t),
            "births": self._births(t),
            "separations": self._separations(t),
            "new_partners": self._new_partners(t),
            "left_home": self._leave_home(t),
            "moved_out": self._move_out(t),
            "moved_within": self._move_within(t),
        }
        counts["moved_in"] = len(self._move_in(t, counts))
        self._close_empty()
        return counts

    def _day_in_month(self, t: int, n: int) -> np.ndarray:
        d0 = int(self.cal.first_day(t)[()])
        return (d0 + self.rng.integers(0, int(self.cal.days_in(t)[()]), n)).astype(np.int32)

    def _is_parent_at_home(self) -> np.ndarray:
        """Per person: a parent of a resident member of their own household."""
        pp = self.people
        res = self.resident_index()
        out = np.zeros(len(pp), dtype=bool)
        for col in (pp.parent1_ref, pp.parent2_ref):
            ref = col[res]
            ok = (
                (ref >= 0)
                & (pp.hh[np.maximum(ref, 0)] == pp.hh[res])
                & pp.resident[np.maximum(ref, 0)]
            )
            out[ref[ok]] = True
        return out

    def _enforce_household_rule(self, t: int) -> None:
        """Members no longer linked to anyone at home (a child whose parent died or left) leave:
        adults start their own household, minors move to family elsewhere."""
        pp = self.people
        res = self.resident_index()
        size = np.bincount(pp.hh[res], minlength=len(self.households))
        linked = np.zeros(len(pp), dtype=bool)
        linked[self._is_parent_at_home()] = True
        partner = pp.partner_ref[res]
        linked[res[(partner >= 0)]] = True
        for col in (pp.parent1_ref, pp.parent2_ref):
            ref = col[res]
            ok = (
                (ref >= 0)
                & (pp.hh[np.maximum(ref, 0)] == pp.hh[res])
                & pp.resident[np.maximum(ref, 0)]
            )
            linked[res[ok]] = True
        loose = res[~linked[res] & (size[pp.hh[res]] > 1)]
        if not len(loose):
            return
        # Keep one loose member in place per household (the oldest), move the others.
        order = np.lexsort((pp.birth[loose], pp.hh[loose]))
        loose = loose[order]
        first = np.r_[True, pp.hh[loose][1:] != pp.hh[loose][:-1]]
        has_linked = np.bincount(pp.hh[res[linked[res]]], minlength=len(self.households)) > 0
        keep_one = first & ~has_linked[pp.hh[loose]]
        movers = loose[~keep_one]
        adult = self.ages(t, movers) >= 18
        self._split_off(t, movers, adult, shock=False)

    def _unlink_partner(self, who: np.ndarray) -> None:
        partner = self.people.partner_ref[who]
        has = partner >= 0
        self.people.partner_ref[partner[has]] = -1
        self.people.partner_ref[who] = -1

    def _deaths(self, t: int) -> int:
        res = self.resident_index()
        hazard = self.p.death_base * np.exp(np.clip(self.ages(t, res), 0, 105) / 10)
        dead = res[self.rng.random(len(res)) < hazard]
        self._unlink_partner(dead)
        self.people.resident[dead] = False
        # Children left without an adult at home move away (to family elsewhere).
        self._orphans_leave(t)
        self._enforce_household_rule(t)
        return len(dead)

    def _orphans_leave(self, t: int) -> None:
        counts = self.household_counts(t)
        no_adult = (counts["adults"] == 0) & (counts["size"] > 0)
        if no_adult.any():
            res = self.resident_index()
            leave = res[no_adult[self.people.hh[res]]]
            self.people.resident[leave] = False

    def _births(self, t: int) -> int:
        res = self.resident_index()
        age = self.ages(t, res)
        partner = self.people.partner_ref[res]
        mother = res[(self.people.sex[res] == 1) & (age >= 20) & (age <= 42) & (partner >= 0)]
        born = mother[self.rng.random(len(mother)) < self.p.birth_rate]
        if not len(born):
            return 0
        day = self._day_in_month(t, len(born))
        hh = self.people.hh[born]
        self._new_people(
            len(born),
            hh=hh,
            birth=day,
            sex=self._sexes(len(born)),
            mig=self.people.mig[born],
            vestiging=day,
            parent1=born,
            parent2=self.people.partner_ref[born],
        )
        self.households.birth_until[hh] = t + self.p.birth_months
        return len(born)

    def _split_off(self, t: int, movers: np.ndarray, stay: np.ndarray, *, shock: bool) -> None:
        """``movers`` leave their household: those with ``stay`` start a new single household at a
        new address in the municipality (inheriting the debt history), the others leave it."""
        old_hh = self.people.hh[movers]
        self.people.resident[movers[~stay]] = False
        keep = movers[stay]
        if len(keep):
            src = self.people.hh[keep]
            h = self.households
            new = self._new_households(
                len(keep),
                t=t,
                wijk=h.wijk[src],
                frag=h.frag[src] + 0.2 + 0.3 * self.rng.standard_normal(len(keep)),
            )
            h.wijk[new] = self.rng.choice(len(WIJKEN), size=len(keep), p=_WIJK_SHARE)
            for col in ("first_unpaid", "onset", "prehistory"):
                getattr(h, col)[new] = getattr(h, col)[src]
            if shock:
                h.sep_until[new] = t + self.p.separated_months
            self.people.hh[keep] = new
            self.people.vestiging[keep] = self._day_in_month(t, len(keep))
        if shock:
            self.households.sep_until[old_hh] = t + self.p.separated_months

    def _separations(self, t: int) -> int:
        res = self.resident_index()
        partner = self.people.partner_ref[res]
        first = res[(partner >= 0) & (res < partner)]  # one row per couple
        sep = first[self.rng.random(len(first)) < self.p.separation_rate]
        if not len(sep):
            return 0
        other = self.people.partner_ref[sep]
        # A parent of the children at home stays with them; otherwise the man leaves more often.
        parent = self._is_parent_at_home()
        by_sex = np.where(
            (self.people.sex[sep] == 0) ^ (self.rng.random(len(sep)) < 0.3), sep, other
        )
        leaver = np.where(
            parent[sep] & ~parent[other], other, np.where(parent[other] & ~parent[sep], sep, by_sex)
        )
        self._unlink_partner(sep)
        stay = self.rng.random(len(sep)) < self.p.separated_stay
        self._split_off(t, leaver, stay, shock=True)
        self._enforce_household_rule(t)
        return len(sep)

    def _new_partners(self, t: int) -> int:
        res = self.resident_index()
        age = self.ages(t, res)
        cand = res[(self.people.partner_ref[res] < 0) & (age >= 22) & (age <= 60)]
        # Only the oldest adult of a household can bring in a partner (keeps households simple).
        hh = self.people.hh[cand]
        counts = self.household_counts(t)
        cand = cand[counts["adults"][hh] == 1]
        who = cand[self.rng.random(len(cand)) < self.p.new_partner_rate]
        n = len(who)
        if not n:
            return 0
        day = self._day_in_month(t, n)
        age_w = self.ages(t, who)
        sex = np.where(self.people.sex[who] == 1, 0, 1).astype(np.int8)
        mig = np.where(
            self.rng.random(n) < 0.8,
            self.people.mig[who],
            self.rng.choice(3, n, p=[0.7, 0.12, 0.18]),
        ).astype(np.int8)
        new = self._new_people(
            n,
            hh=self.people.hh[who],
            birth=self._age_days(
                int(self.cal.first_day(t)[()]), np.clip(age_w + self.rng.normal(0, 4, n), 18, 80)
            ),
            sex=sex,
            mig=mig,
            vestiging=day,
        )
        self.people.partner_ref[who] = new
        self.people.partner_ref[new] = who
        # A second income: the household is a little less fragile.
        hhs = self.people.hh[who]
        self.households.capbase[hhs] *= 1.6
        self.households.frag[hhs] -= 0.3
        return n

    def _leave_home(self, t: int) -> int:
        res = self.resident_index()
        age = self.ages(t, res)
        kids = res[(self.people.parent1_ref[res] >= 0) & (age >= 18) & (age <= 26)]
        # Only children who still live with a parent.
        p1 = self.people.parent1_ref[kids]
        p2 = self.people.parent2_ref[kids]
        same = (self.people.hh[p1] == self.people.hh[kids]) & self.people.resident[p1]
        same |= (
            (p2 >= 0)
            & (self.people.hh[np.maximum(p2, 0)] == self.people.hh[kids])
            & (self.people.resident[np.maximum(p2, 0)])
        )
        kids = kids[same]
        leave = kids[self.rng.random(len(kids)) < self.p.leave_home_rate]
        if not len(leave):
            return 0
        stay = self.rng.random(len(leave)) < self.p.leave_home_stay
        self._split_off(t, leave, stay, shock=False)
        return len(leave)

    def _move_out(self, t: int) -> int:
        active = np.flatnonzero(self.households.active)
        out = active[self.rng.random(len(active)) < self.p.move_out_rate]
        if len(out):
            gone = np.zeros(len(self.households), dtype=bool)
            gone[out] = True
            res = self.resident_index()
            self.people.resident[res[gone[self.people.hh[res]]]] = False
        return len(out)

    def _move_within(self, t: int) -> int:
        active = np.flatnonzero(self.households.active)
        mv = active[self.rng.random(len(active)) < self.p.move_within_rate]
        if len(mv):
            h = self.households
            h.addr[mv] = self._new_addresses(len(mv))
            h.wijk[mv] = self.rng.choice(len(WIJKEN), size=len(mv), p=_WIJK_SHARE)
            moved = np.zeros(len(h), dtype=bool)
            moved[mv] = True
            res = self.resident_index()
            who = res[moved[self.people.hh[res]]]
            day = self._day_in_month(t, len(mv))
            day_of = np.zeros(len(h), dtype=np.int32)
            day_of[mv] = day
            self.people.vestiging[who] = np.maximum(
                day_of[self.people.hh[who]], self.people.birth[who]
            )
        return len(mv)

    def _move_in(self, t: int, counts: dict[str, int]) -> np.ndarray:
        # Arrivals replace the households that moved out, plus a quarter of the shortfall against
        # the starting population each month (people who died or left on their own): a town
        # that stays about its size, with noise.
        short = max(self.target_residents - int(self.people.resident.sum()), 0)
        expected = counts["moved_out"] + 0.25 * short / 2.1
        n = int(self.rng.poisson(expected))
        new = self.add_households(n, t=t)
        if n:
            res = np.flatnonzero(np.isin(self.people.hh, new) & self.people.resident)
            self.people.vestiging[res] = np.maximum(
                self._day_in_month(t, len(res)), self.people.birth[res]
            )
        return new

    def _close_empty(self) -> None:
        res = self.resident_index()
        occupied = np.bincount(self.people.hh[res], minlength=len(self.households)) > 0
        self.households.active = self.households.active & occupied
