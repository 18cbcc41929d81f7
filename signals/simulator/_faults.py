"""Delivery faults on demand: extra, corrupted records and now and then a whole file in a wrong
encoding, each recorded (file, line, expected reject code) in ``faults.json``.

Faults are *added* records (a corrupted copy of a real record under a fresh
``gebeurteniskenmerk``), never replacements: a lost real record would make later events refer to
something unknown and the validator would, rightly, report more than what was injected. The same
reasoning limits whole-file encoding faults to files nothing later refers to: legacy signal
snapshots (re-encoded as UTF-16) and the last month's events of one agency (cp1252, which only
differs from UTF-8 when the file holds a non-ASCII character, e.g. ``vóór`` in a demand's
``omschrijving``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from signals.rejects import RejectCode

__all__ = ["inject_faults"]

_EVENT_KINDS = (
    RejectCode.GEEN_JSON,
    RejectCode.ONTBREKEND_VELD,
    RejectCode.ONGELDIG_BSN,
    RejectCode.ONGELDIGE_DATUM,
    RejectCode.TOEKOMSTIGE_DATUM,
    RejectCode.ONGELDIG_BEDRAG,
    RejectCode.ONBEKEND_TYPE,
    RejectCode.ONBEKEND_GEBEURTENIS_TYPE,
    RejectCode.VERWIJZING_ONBEKEND,
    RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD,
)
_SIGNAL_KINDS = (
    RejectCode.ONTBREKEND_VELD,
    RejectCode.ONGELDIG_BSN,
    RejectCode.ONGELDIGE_DATUM,
    RejectCode.TOEKOMSTIGE_DATUM,
    RejectCode.ONGELDIG_BEDRAG,
    RejectCode.ONBEKEND_TYPE,
)
_OUTCOME_KINDS = (
    RejectCode.ONTBREKEND_VELD,
    RejectCode.ONGELDIG_BSN,
    RejectCode.ONGELDIGE_DATUM,
    RejectCode.TOEKOMSTIGE_DATUM,
    RejectCode.ONBEKEND_TYPE,
)


def _bad_bsn(bsn: str) -> str:
    """Change the check digit so the eleven-test fails."""
    last = (int(bsn[-1]) + 1) % 10
    return bsn[:-1] + str(last)


def _next_month_day(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y:04d}-{m:02d}-15"


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _event_fault(code: RejectCode, obj: dict, n: int, month: str, rng: np.random.Generator) -> str:
    e = dict(obj)
    if code is not RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD:
        e["gebeurteniskenmerk"] = f"{obj['gebeurteniskenmerk']}-F{n}"
    if code is RejectCode.GEEN_JSON:
        text = _dumps(e)
        return text[: max(10, len(text) // 2)]
    if code is RejectCode.ONTBREKEND_VELD:
        e.pop("zaakkenmerk")
    elif code is RejectCode.ONGELDIG_BSN:
        e["bsn"] = _bad_bsn(e["bsn"])
    elif code is RejectCode.ONGELDIGE_DATUM:
        e["datumtijd_gebeurtenis"] = f"{month}-32T10:00:00+01:00"
    elif code is RejectCode.TOEKOMSTIGE_DATUM:
        e["datumtijd_gebeurtenis"] = f"{_next_month_day(month)}T10:00:00+01:00"
    elif code is RejectCode.ONGELDIG_BEDRAG:
        e["bedrag"] = [-500, 0, "12,50", 12.5][int(rng.integers(0, 4))]
    elif code is RejectCode.ONBEKEND_TYPE:
        e["type_financiele_verplichting"] = (
            f"{e['type_financiele_verplichting'].split('_')[0]}_onbekende_regeling"
        )
    elif code is RejectCode.ONBEKEND_GEBEURTENIS_TYPE:
        e["gebeurtenis_type"] = "BetalingsregelingGetroffen"
    elif code is RejectCode.VERWIJZING_ONBEKEND:
        e = {
            "gebeurtenis_type": "BetalingsverplichtingIngetrokken",
            "gebeurteniskenmerk": e["gebeurteniskenmerk"],
            "datumtijd_gebeurtenis": obj["datumtijd_gebeurtenis"],
            "zaakkenmerk": obj["zaakkenmerk"],
            "bsn": obj["bsn"],
            "ingetrokken_gebeurteniskenmerk": f"{obj['zaakkenmerk']}-X{n}",
        }
    elif code is RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD:
        if "bedrag" in e:
            e["bedrag"] = int(e["bedrag"]) + 100
        else:
            e["ingetrokken_gebeurteniskenmerk"] = e["ingetrokken_gebeurteniskenmerk"] + "0"
    return _dumps(e)


def _csv_fault(code: RejectCode, fields: list[str], kind: str, month: str) -> str:
    f = list(fields)
    if kind == "signals":  # bron;bsn;zaak;type;achterstand;oudste;peildatum
        if code is RejectCode.ONTBREKEND_VELD:
            f[2] = ""
        elif code is RejectCode.ONGELDIG_BSN:
            f[1] = _bad_bsn(f[1])
        elif code is RejectCode.ONGELDIGE_DATUM:
            f[5] = (
                f[5][:8] + "31"
                if f[5][5:7] in ("02", "04", "06", "09", "11")
                else f[5][:5] + "13-01"
            )
        elif code is RejectCode.TOEKOMSTIGE_DATUM:
            f[6] = _next_month_day(month)
        elif code is RejectCode.ONGELDIG_BEDRAG:
            f[4] = "-" + f[4]
        elif code is RejectCode.ONBEKEND_TYPE:
            f[3] = f"{f[0]}_onbekende_regeling"
    else:  # uitkomsten: bsn;datum;uitkomst
        if code is RejectCode.ONTBREKEND_VELD:
            f[0] = ""
        elif code is RejectCode.ONGELDIG_BSN:
            f[0] = _bad_bsn(f[0])
        elif code is RejectCode.ONGELDIGE_DATUM:
            f[1] = f[1][:5] + "13-01"
        elif code is RejectCode.TOEKOMSTIGE_DATUM:
            f[1] = _next_month_day(month)
        elif code is RejectCode.ONBEKEND_TYPE:
            f[2] = "verhuizing"
    return ";".join(f)


def _choose(kinds: tuple[RejectCode, ...], rng: np.random.Generator) -> RejectCode:
    return kinds[int(rng.integers(0, len(kinds)))]


def inject_faults(root: Path, *, rate: float, seed: int, file_lines: dict[str, int]) -> dict:
    """Corrupt about ``rate`` of the records of the agency and outcome deliveries under ``root``
    and write ``root/faults.json``. Returns the summary's ``faults`` entry."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xFA17]))
    records: list[dict[str, object]] = []
    paths = sorted(p for p in file_lines if p.startswith(("landing/", "uitkomsten/")))
    signal_files = [p for p in paths if p.endswith(".csv") and p.startswith("landing/")]
    last_month = max(p.rsplit("/", 1)[1][:7] for p in paths)
    # Whole files in a wrong encoding.
    whole: dict[str, str] = {}
    n_utf16 = (
        max(1, int(rng.binomial(len(signal_files), min(0.5, 2 * rate)))) if signal_files else 0
    )
    for i in rng.choice(len(signal_files), size=n_utf16, replace=False) if n_utf16 else []:
        whole[signal_files[int(i)]] = "utf-16"
    for p in paths:
        if p.endswith(f"{last_month}.jsonl") and "ó" in (root / p).read_text(encoding="utf-8"):
            whole[p] = "cp1252"
            break
    for rel in paths:
        path = root / rel
        month = rel.rsplit("/", 1)[1][:7]
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if rel in whole:
            n_records = len(lines) - (0 if rel.endswith(".jsonl") else 1)
            if n_records <= 0:
                continue
            path.write_bytes(text.encode(whole[rel]))
            records.append(
                {
                    "path": rel,
                    "line": None,
                    "code": str(RejectCode.ONLEESBAAR_BESTAND),
                    "records": n_records,
                    "encoding": whole[rel],
                }
            )
            continue
        events = rel.endswith(".jsonl")
        header = [] if events else lines[:1]
        body = lines if events else lines[1:]
        n = int(rng.binomial(len(body), rate)) if body else 0
        if n == 0:
            continue
        inserts: list[tuple[int, int, str, RejectCode]] = []  # (after index, order, line, code)
        for j in range(n):
            src = int(rng.integers(0, len(body)))
            if events:
                obj = json.loads(body[src])
                kinds = _EVENT_KINDS
                code = _choose(kinds, rng)
                if code is RejectCode.ONGELDIG_BEDRAG and "bedrag" not in obj:
                    code = RejectCode.ONGELDIG_BSN
                if code is RejectCode.ONBEKEND_TYPE and "type_financiele_verplichting" not in obj:
                    code = RejectCode.ONBEKEND_GEBEURTENIS_TYPE
                line = _event_fault(code, obj, len(records) + j, month, rng)
                # A duplicate comes after its original; other faults anywhere after the first line.
                after = (
                    int(rng.integers(src, len(body)))
                    if code is RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD
                    else int(rng.integers(0, len(body)))
                )
            else:
                kind = "signals" if rel.startswith("landing/") else "uitkomsten"
                code = _choose(_SIGNAL_KINDS if kind == "signals" else _OUTCOME_KINDS, rng)
                line = _csv_fault(code, body[src].split(";"), kind, month)
                after = int(rng.integers(0, len(body)))
            inserts.append((after, j, line, code))
        inserts.sort(key=lambda x: (x[0], x[1]))
        out: list[str] = list(header)
        k = 0
        for i, real in enumerate(body):
            out.append(real)
            while k < len(inserts) and inserts[k][0] == i:
                out.append(inserts[k][2])
                records.append({"path": rel, "line": len(out), "code": str(inserts[k][3])})
                k += 1
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    by_code: dict[str, int] = {}
    for r in records:
        by_code[str(r["code"])] = by_code.get(str(r["code"]), 0) + int(r.get("records", 1))  # type: ignore[call-overload]
    (root / "faults.json").write_text(
        json.dumps({"rate": rate, "faults": records}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return {
        "rate": rate,
        "count": sum(by_code.values()),
        "by_code": dict(sorted(by_code.items())),
        "whole_files": [{"path": p, "encoding": e} for p, e in sorted(whole.items())],
        "file": "faults.json",
    }
