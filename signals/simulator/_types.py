"""The obligation types the simulator uses and how each source delivers them (project choice).

- ``cjib`` delivers VO Rijk events (fines, with the +50% and +100% increases as ``Verhoging``).
- ``cak`` delivers events for the bestuursrechtelijke premie and legacy threshold signals for the
  Wmo/Wlz care contributions (the pilot covers those).
- ``duo`` delivers legacy threshold signals only (student-debt instalments in arrears).
- ``bd`` (Belastingdienst and Toeslagen) delivers events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from signals.sources import agency_sources, load_type_codes

__all__ = [
    "BRONNEN",
    "HAS_PILOT",
    "LUMP",
    "PILOT_MIN_CENT",
    "PILOT_MIN_MONTHS",
    "PLAN",
    "RECURRING",
    "TYPES",
    "ObligationType",
    "type_index",
]

LUMP, RECURRING, PLAN = 0, 1, 2


@dataclass(frozen=True)
class ObligationType:
    code: str
    bron: str
    kind: int  # LUMP: one claim with escalating demands; RECURRING: monthly instalments
    events: bool  # delivered as VO Rijk events (else as legacy threshold signals)
    term_days: int  # days from demand to vervaldatum (first demand)


TYPES: tuple[ObligationType, ...] = (
    ObligationType("cjib_wahv", "cjib", LUMP, True, 56),
    ObligationType("cjib_strafbeschikking", "cjib", LUMP, True, 56),
    ObligationType("cak_bestuursrechtelijke_premie", "cak", RECURRING, True, 0),
    ObligationType("cak_eigen_bijdrage_wmo", "cak", RECURRING, False, 0),
    ObligationType("cak_eigen_bijdrage_wlz", "cak", RECURRING, False, 0),
    ObligationType("duo_studieschuld", "duo", RECURRING, False, 0),
    ObligationType("bd_inkomstenbelasting", "bd", LUMP, True, 60),
    ObligationType("tsl_zorgtoeslag_terugvordering", "bd", LUMP, True, 42),
    ObligationType("tsl_huurtoeslag_terugvordering", "bd", LUMP, True, 42),
)

#: The agencies, in the order of the source register (signals/sources.toml).
BRONNEN: tuple[str, ...] = tuple(agency_sources())

_known = load_type_codes()
for _t in TYPES:  # only codes of the one list, only registered sources
    if _t.code not in _known or _known[_t.code].bron != _t.bron or _t.bron not in BRONNEN:
        raise RuntimeError(f"type code {_t.code} is not registered for {_t.bron}")


def _pilot(code: str) -> tuple[int, int, bool]:
    pilot = _known[code].pilot
    return (
        (0, 0, False) if pilot is None else (pilot.min_cent, pilot.min_maanden, pilot.na_aanmaning)
    )


#: Per type (index of TYPES): pilot threshold minimum arrears (cents; 0 = no threshold),
#: minimum age of the oldest unpaid demand (months), and whether an Aanmaning is needed.
PILOT_MIN_CENT = np.array([_pilot(t.code)[0] for t in TYPES], dtype=np.int64)
PILOT_MIN_MONTHS = np.array([_pilot(t.code)[1] for t in TYPES], dtype=np.int64)
HAS_PILOT = np.array([_known[t.code].pilot is not None for t in TYPES])


def type_index(code: str) -> int:
    return next(i for i, t in enumerate(TYPES) if t.code == code)
