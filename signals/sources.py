"""The source register (``sources.toml``) and the type-code list (``type_codes.toml``).

Both files are the single source of truth; this module only reads and checks them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "DELIVERY_KINDS",
    "PilotThreshold",
    "Source",
    "TypeCode",
    "agency_sources",
    "load_sources",
    "load_type_codes",
]

#: The four kinds of delivery of the signal contract, plus the project's own contact-details
#: delivery (``contact/<YYYY-MM>.csv``, see docs/data-model.md).
DELIVERY_KINDS = ("events", "signals", "brp", "uitkomsten", "contact")

_TYPE_CODE_RE = re.compile(r"^[a-z]{1,5}_[a-z0-9_]{1,50}$")


@dataclass(frozen=True, slots=True)
class Source:
    """One registered source."""

    bron: str
    naam: str
    grondslag: str
    doel: str
    bewaartermijn_maanden: int
    formaten: tuple[str, ...]
    ingeschakeld: bool

    @property
    def has_legal_basis(self) -> bool:
        return bool(self.grondslag.strip())


@dataclass(frozen=True, slots=True)
class PilotThreshold:
    """A pilot signal threshold: arrears of at least ``min_cent`` (euro cents) whose oldest unpaid
    demand is at least ``min_maanden`` months old, and, if ``na_aanmaning``, only after a formal
    demand (Aanmaning)."""

    min_cent: int
    min_maanden: int
    na_aanmaning: bool


@dataclass(frozen=True, slots=True)
class TypeCode:
    code: str
    bron: str
    omschrijving: str
    soort: str
    pilot: PilotThreshold | None


def _read_toml(name: str) -> dict:
    return tomllib.loads(resources.files("signals").joinpath(name).read_text(encoding="utf-8"))


@cache
def load_sources() -> dict[str, Source]:
    """All registered sources by their ``bron`` identifier."""
    raw = _read_toml("sources.toml")["bronnen"]
    out: dict[str, Source] = {}
    for bron, spec in raw.items():
        formaten = tuple(spec["formaten"])
        unknown = set(formaten) - set(DELIVERY_KINDS)
        if unknown:
            raise ValueError(f"sources.toml: bron {bron!r} has unknown formats {sorted(unknown)}")
        out[bron] = Source(
            bron=bron,
            naam=spec["naam"],
            grondslag=spec.get("grondslag", ""),
            doel=spec["doel"],
            bewaartermijn_maanden=int(spec["bewaartermijn_maanden"]),
            formaten=formaten,
            ingeschakeld=bool(spec.get("ingeschakeld", True)),
        )
    return out


def agency_sources() -> list[str]:
    """The agencies that deliver events or legacy signals (``cjib``, ``cak``, ``duo``, ``bd``)."""
    return [s.bron for s in load_sources().values() if {"events", "signals"} & set(s.formaten)]


@cache
def load_type_codes() -> dict[str, TypeCode]:
    """The financial-obligation type codes by code."""
    raw = _read_toml("type_codes.toml")["codes"]
    sources = load_sources()
    out: dict[str, TypeCode] = {}
    for code, spec in raw.items():
        if not _TYPE_CODE_RE.match(code):
            raise ValueError(f"type_codes.toml: {code!r} does not follow <prefix>_<description>")
        if spec["bron"] not in sources:
            raise ValueError(f"type_codes.toml: {code!r} names unknown bron {spec['bron']!r}")
        pilot = spec.get("pilot")
        out[code] = TypeCode(
            code=code,
            bron=spec["bron"],
            omschrijving=spec["omschrijving"],
            soort=spec["soort"],
            pilot=PilotThreshold(**pilot) if pilot else None,
        )
    return out
