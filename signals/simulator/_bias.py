"""Planted bias: parsing ``KIND:ATTRIBUTE=VALUE:FACTOR[:BRON]`` and deciding group membership.

- ``measurement``: agency ``BRON`` delivers only ``FACTOR`` of the group's cases (events and
  signals of an undelivered case are all left out, so the deliveries stay consistent).
- ``label``: the group's outcomes are recorded at rate ``FACTOR``.
- ``proxy``: group members get, with probability ``FACTOR``, a small, always-paid payment plan at
  ``BRON`` (default ``bd``): harmless for their finances, but it shows up in that agency's
  features (``{bron}_open_zaken``, ``{bron}_saldo_cent``) and so encodes group membership.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from signals.i18n import translate
from signals.simulator._params import MIGRATION, WIJKEN
from signals.simulator._types import BRONNEN

__all__ = ["ATTRIBUTES", "Bias", "BiasError", "group_mask", "parse_bias"]

KINDS = ("measurement", "label", "proxy")
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "geslacht": ("M", "V", "X"),
    "migratieachtergrond": tuple(m[0] for m in MIGRATION),
    "wijk": tuple(w[0] for w in WIJKEN),
}
PROXY_BRONNEN = {
    "bd": "bd_inkomstenbelasting",
    "cjib": "cjib_wahv",
    "cak": "cak_eigen_bijdrage_wmo",
}
MEASUREMENT_BRONNEN = BRONNEN

_MESSAGES = {
    "format": {
        "nl": "De bias '{spec}' heeft niet de goede vorm. "
        "Gebruik SOORT:KENMERK=WAARDE:FACTOR[:BRON], "
        "bijvoorbeeld measurement:migratieachtergrond=buiten_europa:0.3:cjib.",
        "en": "The bias '{spec}' is not well formed. Use KIND:ATTRIBUTE=VALUE:FACTOR[:BRON], "
        "for example measurement:migratieachtergrond=buiten_europa:0.3:cjib.",
    },
    "kind": {
        "nl": "Onbekende soort bias '{value}' in '{spec}'. Kies uit: {allowed}.",
        "en": "Unknown bias kind '{value}' in '{spec}'. Choose from: {allowed}.",
    },
    "attribute": {
        "nl": "Onbekend kenmerk '{value}' in '{spec}'. Kies uit: {allowed}.",
        "en": "Unknown attribute '{value}' in '{spec}'. Choose from: {allowed}.",
    },
    "value": {
        "nl": "Onbekende waarde '{value}' voor {attribute} in '{spec}'. Kies uit: {allowed}.",
        "en": "Unknown value '{value}' for {attribute} in '{spec}'. Choose from: {allowed}.",
    },
    "factor": {
        "nl": "De factor '{value}' in '{spec}' moet een getal groter dan 0 en hoogstens 1 zijn.",
        "en": "The factor '{value}' in '{spec}' must be a number above 0 and at most 1.",
    },
    "bron": {
        "nl": "De bron '{value}' past niet bij '{spec}'. Kies uit: {allowed}.",
        "en": "The source '{value}' does not fit '{spec}'. Choose from: {allowed}.",
    },
    "bron_missing": {
        "nl": "Bij measurement-bias hoort een bron, bijvoorbeeld '{spec}:cjib'.",
        "en": "A measurement bias needs a source, for example '{spec}:cjib'.",
    },
    "bron_label": {
        "nl": "Label-bias geldt voor alle uitkomsten; laat de bron weg in '{spec}'.",
        "en": "Label bias applies to all outcomes; leave out the source in '{spec}'.",
    },
}


class BiasError(ValueError):
    """A malformed bias spec; the message is in the user's language."""


def _fail(key: str, **values: object) -> BiasError:
    return BiasError(translate(_MESSAGES, key, None, **values))


@dataclass(frozen=True)
class Bias:
    kind: str
    attribute: str
    value: str
    factor: float
    bron: str | None
    spec: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        if self.kind == "proxy":
            d["type_financiele_verplichting"] = PROXY_BRONNEN[self.bron or "bd"]
            d["features"] = [f"{self.bron}_open_zaken", f"{self.bron}_saldo_cent"]
        return d


def parse_bias(spec: str) -> Bias:
    """Parse one ``--bias`` spec; raises :class:`BiasError` with a Dutch (or English) message."""
    parts = spec.strip().split(":")
    if len(parts) not in (3, 4) or "=" not in parts[1]:
        raise _fail("format", spec=spec)
    kind, attr_value, factor_text = parts[0], parts[1], parts[2]
    bron = parts[3] if len(parts) == 4 else None
    if kind not in KINDS:
        raise _fail("kind", spec=spec, value=kind, allowed=", ".join(KINDS))
    attribute, value = attr_value.split("=", 1)
    if attribute not in ATTRIBUTES:
        raise _fail("attribute", spec=spec, value=attribute, allowed=", ".join(ATTRIBUTES))
    if value not in ATTRIBUTES[attribute]:
        allowed = ", ".join(ATTRIBUTES[attribute])
        raise _fail("value", spec=spec, value=value, attribute=attribute, allowed=allowed)
    try:
        factor = float(factor_text)
    except ValueError:
        raise _fail("factor", spec=spec, value=factor_text) from None
    if not (0.0 < factor <= 1.0):
        raise _fail("factor", spec=spec, value=factor_text)
    if kind == "measurement":
        if bron is None:
            raise _fail("bron_missing", spec=spec)
        if bron not in MEASUREMENT_BRONNEN:
            raise _fail("bron", spec=spec, value=bron, allowed=", ".join(MEASUREMENT_BRONNEN))
    elif kind == "label":
        if bron is not None:
            raise _fail("bron_label", spec=spec)
    else:
        bron = bron or "bd"
        if bron not in PROXY_BRONNEN:
            raise _fail("bron", spec=spec, value=bron, allowed=", ".join(PROXY_BRONNEN))
    return Bias(kind, attribute, value, factor, bron, spec)


def group_mask(bias: Bias, *, sex: np.ndarray, mig: np.ndarray, wijk: np.ndarray) -> np.ndarray:
    """Per person: member of the bias's group (``wijk`` is the wijk of their household now)."""
    code = ATTRIBUTES[bias.attribute].index(bias.value)
    column = {"geslacht": sex, "migratieachtergrond": mig, "wijk": wijk}[bias.attribute]
    return np.asarray(column) == code
