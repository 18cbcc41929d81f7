"""Writing the deliveries of one month: events, legacy signals, BRP, contact and outcomes.

A mixin of :class:`signals.simulator._world.World`: it formats what the world holds. Strings that
never change for a person (BSN, birth date, parents, name, phone) or an address are formatted once
and cached, which keeps the monthly BRP and contact extracts cheap.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from signals.bsn import make_valid_bsn
from signals.contracts import CSV_COLUMNS
from signals.simulator._calendar import Calendar, date_strings
from signals.simulator._cases import FVO, OUTCOME_KINDS, Recorder
from signals.simulator._deliveries import event_lines, write_lines, zaakkenmerk
from signals.simulator._measure import Accumulators
from signals.simulator._names import WOONPLAATS, address_parts, full_names, phones
from signals.simulator._params import MIGRATION, WIJKEN
from signals.simulator._population import Population
from signals.simulator._table import Table
from signals.simulator._truthfile import TruthWriter
from signals.simulator._types import BRONNEN, PILOT_MIN_CENT, PILOT_MIN_MONTHS, TYPES
from signals.sources import TypeCode

__all__ = ["DeliveryWriter"]

_SEX = np.array(["M", "V", "X"])
_MIG = np.array([m[0] for m in MIGRATION])
_WIJK = np.array([w[0] for w in WIJKEN])
_SIGNAL_TYPES = np.array([i for i, t in enumerate(TYPES) if not t.events])
_MUNICIPALITY_CODE = "0999"  # a made-up municipality code for the BAG-style adres_id


class DeliveryWriter:
    """Formats and writes a month's deliveries (mixin; the attributes are the world's)."""

    out: Path
    cal: Calendar
    burn: int
    pop: Population
    cases: Table
    rec: Recorder
    acc: Accumulators
    truth: TruthWriter
    codes: dict[str, TypeCode]
    bsn_str: list[str]
    pending: dict[str, np.ndarray] | None
    pending_outcomes: list[tuple[int, int, int, int, int]]
    file_lines: dict[str, int]
    _brp_head: list[str]
    _brp_tail: list[str]
    _contact_head: list[str]
    _phone: list[str]
    _addr_cache: dict[int, tuple[str, str]]
    _day_cache: dict[int, str]
    _open_at_load: np.ndarray
    _new_signal_hh: list[int]

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
