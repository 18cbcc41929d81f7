"""Measuring the run against the calibration targets (the true state, month by month)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from signals.simulator._cases import PREMIE
from signals.simulator._finance import StepResult
from signals.simulator._types import BRONNEN, PILOT_MIN_CENT, RECURRING, TYPES, type_index

if TYPE_CHECKING:
    from signals.simulator._world import World

__all__ = ["Accumulators", "calibration_values", "measure_month"]


@dataclass
class Accumulators:
    """Monthly figures for the calibration report (one entry per delivery month)."""

    persons_per_household: list[float] = field(default_factory=list)
    adults_arrears_1: list[float] = field(default_factory=list)
    adults_arrears_2: list[float] = field(default_factory=list)
    multiproblem: list[float] = field(default_factory=list)
    bijstand_3plus: list[float] = field(default_factory=list)
    signals_per_1000: list[float] = field(default_factory=list)
    signal_hh: list[np.ndarray] = field(default_factory=list)  # households signalled per month
    aanmelding_years: list[float] = field(default_factory=list)
    regime_factor: list[float] = field(default_factory=list)
    regime_miss_months: list[int] = field(default_factory=list)
    signal_rows: int = 0
    signal_rows_ok: int = 0
    cjib_first: list[float] = field(default_factory=list)
    cjib_second: list[float] = field(default_factory=list)
    aanmelding_hh_t: list[tuple[int, int]] = field(default_factory=list)


def measure_month(
    world: World, t: int, res: StepResult, counts: dict[str, np.ndarray], regime_before: int
) -> None:
    """Add month ``t``'s figures (true state at month end) to ``world.acc``."""
    pp, h, c, acc = world.pop.people, world.pop.households, world.cases, world.acc
    active = h.active
    residents = int(pp.resident.sum())
    acc.persons_per_household.append(residents / max(int(active.sum()), 1))
    # Adults with arrears at >= 1 and >= 2 agencies (person level).
    d_end = int(world.cal.first_day(t + 1)[()]) - 1
    op = np.flatnonzero(c.open & ~c.proxy)
    kind = c.kind[op]
    owed_rec = c.n_due[op].astype(np.int64) * c.install[op] - c.paid[op]
    past = np.where(kind == RECURRING, owed_rec, np.where(c.due_day[op] < d_end, c.out[op], 0)) > 0
    bron = np.array([BRONNEN.index(x.bron) for x in TYPES])[c.type[op]]
    flags = np.zeros((len(pp), 4), dtype=bool)
    flags[c.person[op][past], bron[past]] = True
    n_ag = flags.sum(1)
    res_idx = world.pop.resident_index()
    adults = res_idx[world.pop.ages(t, res_idx) >= 18]
    acc.adults_arrears_1.append(float((n_ag[adults] >= 1).mean()))
    acc.adults_arrears_2.append(float((n_ag[adults] >= 2).mean()))
    # Another life domain in trouble: long-term unemployment, illness, a recent separation.
    other = (h.unemp >= world.p.bijstand_after) | h.ill | (h.sep_until >= t)
    acc.multiproblem.append(float((h.problematic & other & active).sum() / max(active.sum(), 1)))
    bijstand = active & (h.unemp >= world.p.bijstand_after)
    problems = (
        1
        + (res.arrears > 0).astype(int)
        + h.problematic.astype(int)
        + h.ill.astype(int)
        + (h.sep_until >= t).astype(int)
    )
    w = counts["adults"] * bijstand
    if w.sum():
        acc.bijstand_3plus.append(float((w * (problems >= 3)).sum() / w.sum()))
    # Wgs-type signals: new pilot-threshold crossings (signals, bd/tsl after Aanmaning) and
    # new premium-regime cases (the insurer's six-month report).
    new_regime = np.arange(regime_before, len(c))
    new_regime = new_regime[c.type[new_regime] == PREMIE]
    sig_hh = list(world._new_signal_hh) + c.hh[new_regime].tolist()
    bdlike = np.flatnonzero(
        c.open
        & ~c.signalled
        & np.isin(
            c.type,
            [
                type_index("bd_inkomstenbelasting"),
                type_index("tsl_zorgtoeslag_terugvordering"),
                type_index("tsl_huurtoeslag_terugvordering"),
            ],
        )
        & (c.stage == 3)
        & (c.due_day < d_end)
    )
    min_cent = PILOT_MIN_CENT
    bdlike = bdlike[c.out[bdlike] >= min_cent[c.type[bdlike]]]
    c.signalled[bdlike] = True
    sig_hh += c.hh[bdlike].tolist()
    acc.signals_per_1000.append(1000.0 * len(sig_hh) / max(residents, 1))
    acc.signal_hh.append(np.array(sig_hh, dtype=np.int64))
    if len(new_regime):
        acc.regime_factor.extend((c.install[new_regime] / world.p.premium_cent).tolist())
        acc.regime_miss_months.extend(c.miss_months[new_regime].tolist())


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def _accepted_help(world: World) -> float | None:
    acc = world.acc
    months = len(acc.signal_hh)
    horizon = 12
    usable = months - horizon if months > horizon else months
    aanm: dict[int, list[int]] = {}
    for hh, t in acc.aanmelding_hh_t:
        aanm.setdefault(hh, []).append(t - world.burn)
    total = hit = 0
    for m in range(usable):
        for hh in acc.signal_hh[m].tolist():
            total += 1
            if any(m < x <= m + horizon for x in aanm.get(hh, ())):
                hit += 1
    return hit / total if total else None


def calibration_values(world: World) -> dict[str, float | None]:
    """The measured value of every calibration target (see ``_calibration.TARGETS``)."""
    acc = world.acc
    return {
        "personen_per_huishouden": _mean(acc.persons_per_household),
        "volwassenen_achterstand_1plus": _mean(acc.adults_arrears_1),
        "volwassenen_achterstand_2plus": _mean(acc.adults_arrears_2),
        "huishoudens_multiproblematiek": _mean(acc.multiproblem),
        "bijstand_3plus_problemen": _mean(acc.bijstand_3plus),
        "signalen_per_1000_per_maand": _mean(acc.signals_per_1000),
        "signalen_met_hulp": _accepted_help(world),
        "jaren_tot_hulpvraag": _mean(acc.aanmelding_years),
        "cjib_verhoging_1": _mean(acc.cjib_first),
        "cjib_verhoging_2": _mean(acc.cjib_second),
        "cak_premie_factor": _mean(acc.regime_factor),
        "cak_maanden_achterstand_bij_start": float(min(acc.regime_miss_months))
        if acc.regime_miss_months
        else None,
        "pilot_drempels_gerespecteerd": acc.signal_rows_ok / acc.signal_rows
        if acc.signal_rows
        else None,
    }
