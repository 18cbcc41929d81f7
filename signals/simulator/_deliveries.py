"""Formatting the deliveries of the signal contract: events, legacy signals, BRP, contact and
outcomes. Every file is written to a temporary name and renamed, so none is ever half-written."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from signals.simulator._calendar import date_strings, timestamps
from signals.simulator._types import TYPES

__all__ = ["event_lines", "write_lines"]

_GT = (
    "FinancieleVerplichtingOpgelegd",
    "BetalingsverplichtingOpgelegd",
    "BetalingsverplichtingIngetrokken",
    "BetalingVerwerkt",
    "FinancieleVerplichtingKwijtgescholden",
)
_CATEGORIE = ("Algemeen", "Administratiekosten", "Verhoging")
_DEMAND = ("", "Aanschrijving", "Herinnering", "Aanmaning")
_OMSCHRIJVING = {
    2: "Herinnering: u hebt nog niet betaald",
    3: "Aanmaning — betaal vóór de vervaldatum om extra kosten te voorkomen",
}


def zaakkenmerk(bron: str, case: int) -> str:
    return f"{bron.upper()}-Z{case:08d}"


def event_lines(
    ev: dict[str, np.ndarray], *, case_type: np.ndarray, bsn: Sequence[str]
) -> list[str]:
    """One JSON line per event, in the order of ``ev``. ``bsn`` per event (already formatted)."""
    n = len(ev["case"])
    if n == 0:
        return []
    ts = timestamps(ev["reg_day"], ev["reg_sec"]).tolist()
    occ_ts = timestamps(ev["occ_day"], np.full(n, 9 * 3600)).tolist()
    occ_date = date_strings(ev["occ_day"]).tolist()
    verval = date_strings(ev["verval"]).tolist()
    out: list[str] = []
    cases = ev["case"].tolist()
    for i, (case, seq, et, amt, prim, cat, dt, ref) in enumerate(
        zip(
            cases,
            ev["seq"].tolist(),
            ev["etype"].tolist(),
            ev["amount"].tolist(),
            ev["primary"].tolist(),
            ev["categorie"].tolist(),
            ev["dtype"].tolist(),
            ev["ref_seq"].tolist(),
            strict=True,
        )
    ):
        ty = TYPES[int(case_type[i])]
        zaak = zaakkenmerk(ty.bron, case)
        head = (
            f'{{"gebeurtenis_type":"{_GT[et]}","gebeurteniskenmerk":"{zaak}-{seq:03d}",'
            f'"datumtijd_gebeurtenis":"{ts[i]}","zaakkenmerk":"{zaak}","bsn":"{bsn[i]}"'
        )
        if et == 0:
            besch = (
                f',"beschikkingsnummer":"{ty.bron.upper()}-B{case:09d}"'
                if prim and ty.bron in ("cjib", "bd")
                else ""
            )
            body = (
                f',"datumtijd_opgelegd":"{occ_ts[i]}"{besch},'
                f'"primaire_verplichting":{"true" if prim else "false"},'
                f'"type_financiele_verplichting":"{ty.code}","categorie":"{_CATEGORIE[cat]}",'
                f'"bedrag":{amt}}}'
            )
        elif et == 1:
            oms = _OMSCHRIJVING.get(dt)
            oms_part = f',"omschrijving":{json.dumps(oms, ensure_ascii=False)}' if oms else ""
            body = f',"type":"{_DEMAND[dt]}","bedrag":{amt},"vervaldatum":"{verval[i]}"{oms_part}}}'
        elif et == 2:
            body = f',"ingetrokken_gebeurteniskenmerk":"{zaak}-{ref:03d}"}}'
        elif et == 3:
            body = f',"bedrag":{amt},"datum_betaling":"{occ_date[i]}"}}'
        else:
            body = f',"bedrag":{amt}}}'
        out.append(head + body)
    return out


def write_lines(
    path: Path, lines: Sequence[str], *, header: str | None = None, encoding: str = "utf-8"
) -> None:
    """Write ``lines`` (with an optional header line) atomically, newline-terminated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    text = "\n".join(([header] if header is not None else []) + list(lines))
    if text:
        text += "\n"
    with open(tmp, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
