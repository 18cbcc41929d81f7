"""The state of each financial case (zaak) at a moment T, from the events known at T.

This is the reference the pipeline's SQL is tested against: it is written to be read, not to be
fast. Rules (signal contract, plus the project's choices, see docs/ingestion.md):

- Only events with ``datumtijd_gebeurtenis <= as_of`` count (knowledge time); an event delivered
  twice (same ``gebeurteniskenmerk``) counts once. A case exists once a
  FinancieleVerplichtingOpgelegd of it is known.
- ``opgelegd_cent``: the sum of all obligations imposed (including costs, increases, interest);
  ``verhogingen``: how many of them have ``categorie = Verhoging``.
- ``voldaan_cent``: payments plus remissions; ``saldo_cent = opgelegd_cent - voldaan_cent``.
- Demands (BetalingsverplichtingOpgelegd) that were withdrawn by a withdrawal known at T do not
  count. Payments and remissions together cover the open demands oldest first (by
  ``vervaldatum``, then knowledge time, then kenmerk). A demand is past due when its
  ``vervaldatum`` is before T's date in Europe/Amsterdam.
- ``achterstand_cent``: the uncovered part of the past-due demands, capped at the balance (an
  agency that repeats a demand without withdrawing the earlier one does not make the arrears
  larger than what is owed).
- ``oudste_achterstand_dagen`` / ``_maanden``: the age, at T's date, of the oldest past-due demand
  that is not fully covered (0 when none); months are whole calendar months.
- ``sterkste_aanmaning``: the strongest demand type among the case's demands that count:
  0 none, 1 Aanschrijving, 2 Herinnering, 3 Aanmaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from signals._parse_common import AMSTERDAM
from signals.contracts import BV, BVI, BVO, DEMAND_STRENGTH, FVK, FVO
from signals.sources import load_type_codes

__all__ = [
    "CaseState",
    "case_state_from_signal",
    "derive_case_states",
    "month_as_of",
    "months_between",
    "pilot_threshold_crossed",
]


@dataclass(frozen=True)
class CaseState:
    """One financial case at a moment. Amounts in euro cents; ages in days and whole months."""

    zaakkenmerk: str
    bron: str
    bsn: str
    type_financiele_verplichting: str
    opgelegd_cent: int
    voldaan_cent: int
    saldo_cent: int
    achterstand_cent: int
    oudste_achterstand_dagen: int
    oudste_achterstand_maanden: int
    verhogingen: int
    sterkste_aanmaning: int

    @property
    def is_open(self) -> bool:
        """A balance is still owed."""
        return self.saldo_cent > 0


def month_as_of(year: int, month: int) -> datetime:
    """The as-of moment for month ``year-month``: its last microsecond in Europe/Amsterdam (so
    ``<= as_of`` means "known before the first instant of the next month")."""
    nxt = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=AMSTERDAM)
    return (nxt.astimezone(UTC) - timedelta(microseconds=1)).astimezone(AMSTERDAM)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when ``later`` is not later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def _local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def _known(events: Iterable[Mapping[str, Any]], as_of: datetime) -> list[Mapping[str, Any]]:
    """Events known at ``as_of``, each kenmerk once (earliest known copy), in knowledge order."""
    known = sorted(
        (e for e in events if e["datumtijd_gebeurtenis"] <= as_of),
        key=lambda e: (e["datumtijd_gebeurtenis"], e["gebeurteniskenmerk"]),
    )
    seen: set[str] = set()
    out = []
    for event in known:
        if event["gebeurteniskenmerk"] not in seen:
            seen.add(event["gebeurteniskenmerk"])
            out.append(event)
    return out


def derive_case_states(
    events: Iterable[Mapping[str, Any]], *, as_of: datetime
) -> dict[str, CaseState]:
    """The state of every case at ``as_of`` (an aware datetime), by ``zaakkenmerk``.

    ``events``: the events of one source (kenmerken are unique within a source), mappings with
    the columns of the accepted events table (``datumtijd_gebeurtenis``
    an aware datetime, ``vervaldatum`` a date, ``bedrag_cent`` an int)."""
    by_case: dict[str, list[Mapping[str, Any]]] = {}
    known = _known(events, as_of)
    for event in known:
        by_case.setdefault(event["zaakkenmerk"], []).append(event)
    # a withdrawal withdraws the demand it names, whichever case the withdrawal is filed under
    withdrawn = {e["ingetrokken_gebeurteniskenmerk"] for e in known if e["gebeurtenis_type"] == BVI}
    today = _local_date(as_of)
    states = {}
    for zaak, case_events in by_case.items():
        state = _case_state(zaak, case_events, today, withdrawn)
        if state is not None:
            states[zaak] = state
    return states


def _case_state(
    zaak: str, events: list[Mapping[str, Any]], today: date, withdrawn: set[str]
) -> CaseState | None:
    obligations = [e for e in events if e["gebeurtenis_type"] == FVO]
    if not obligations:
        return None
    primary = next((e for e in obligations if e.get("primaire_verplichting")), obligations[0])
    demands = sorted(
        (
            e
            for e in events
            if e["gebeurtenis_type"] == BVO and e["gebeurteniskenmerk"] not in withdrawn
        ),
        key=lambda e: (e["vervaldatum"], e["datumtijd_gebeurtenis"], e["gebeurteniskenmerk"]),
    )
    opgelegd = sum(e["bedrag_cent"] for e in obligations)
    voldaan = sum(e["bedrag_cent"] for e in events if e["gebeurtenis_type"] in (BV, FVK))
    saldo = opgelegd - voldaan

    # Cover the demands oldest first with everything paid or remitted.
    left = voldaan
    past_due_open = 0
    oldest: date | None = None
    for demand in demands:
        covered = min(demand["bedrag_cent"], left)
        left -= covered
        uncovered = demand["bedrag_cent"] - covered
        if uncovered and demand["vervaldatum"] < today:
            past_due_open += uncovered
            oldest = demand["vervaldatum"] if oldest is None else min(oldest, demand["vervaldatum"])
    achterstand = min(past_due_open, max(saldo, 0))
    if achterstand == 0:
        oldest = None
    return CaseState(
        zaakkenmerk=zaak,
        bron=primary["bron"],
        bsn=primary["bsn"],
        type_financiele_verplichting=primary["type_financiele_verplichting"],
        opgelegd_cent=opgelegd,
        voldaan_cent=voldaan,
        saldo_cent=saldo,
        achterstand_cent=achterstand,
        oudste_achterstand_dagen=(today - oldest).days if oldest else 0,
        oudste_achterstand_maanden=months_between(oldest, today) if oldest else 0,
        verhogingen=sum(1 for e in obligations if e.get("categorie") == "Verhoging"),
        sterkste_aanmaning=max((DEMAND_STRENGTH[d["betaal_type"]] for d in demands), default=0),
    )


def case_state_from_signal(row: Mapping[str, Any], as_of: datetime) -> CaseState | None:
    """The state of a case described by one legacy signal row, or ``None`` when its
    ``peildatum`` is after ``as_of``'s date (not known yet).

    A signal only says the arrears and the oldest unpaid due date, so: imposed = balance =
    arrears = ``achterstand_cent``, settled 0, increases 0, and the strongest demand is an
    Aanmaning (3) when the type's pilot threshold requires one (the agency only signals after
    it), else 0 (unknown)."""
    today = _local_date(as_of)
    if row["peildatum"] > today:
        return None
    amount = int(row["achterstand_cent"])
    oldest: date = row["oudste_vervaldatum"]
    code = row["type_financiele_verplichting"]
    spec = load_type_codes().get(code)
    return CaseState(
        zaakkenmerk=row["zaakkenmerk"],
        bron=row["bron"],
        bsn=row["bsn"],
        type_financiele_verplichting=code,
        opgelegd_cent=amount,
        voldaan_cent=0,
        saldo_cent=amount,
        achterstand_cent=amount,
        oudste_achterstand_dagen=max((today - oldest).days, 0),
        oudste_achterstand_maanden=months_between(oldest, today),
        verhogingen=0,
        sterkste_aanmaning=3 if spec and spec.pilot and spec.pilot.na_aanmaning else 0,
    )


def pilot_threshold_crossed(states: Iterable[CaseState], as_of: datetime) -> bool:
    """Whether the cases of one person at one source cross a pilot threshold of
    ``type_codes.toml`` at ``as_of`` (the moment the states describe).

    Per type code with a pilot: the arrears of that person's cases of the code add up to at
    least ``min_cent``, the oldest of them is at least ``min_maanden`` months past due, and, if
    ``na_aanmaning``, one of the cases in arrears reached an Aanmaning."""
    del as_of  # the states already describe that moment; kept so callers state it explicitly
    codes = load_type_codes()
    by_code: dict[str, list[CaseState]] = {}
    for state in states:
        if state.achterstand_cent > 0:
            by_code.setdefault(state.type_financiele_verplichting, []).append(state)
    for code, cases in by_code.items():
        spec = codes.get(code)
        pilot = spec.pilot if spec else None
        if pilot is None:
            continue
        if (
            sum(s.achterstand_cent for s in cases) >= pilot.min_cent
            and max(s.oudste_achterstand_maanden for s in cases) >= pilot.min_maanden
            and (not pilot.na_aanmaning or max(s.sterkste_aanmaning for s in cases) >= 3)
        ):
            return True
    return False
