"""Parse and check one chunk of a VO Rijk events file (JSON lines), line by line.

This stage checks everything a line can show on its own (JSON, fields, BSN, dates, amounts, codes)
and runs in worker processes for large files. What needs the other lines (duplicate ids, references
to cases and demands) is settled afterwards, in file order, by :mod:`signals._references`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import msgspec
import pyarrow as pa

from signals._parse_common import (
    BadValue,
    DeliveryContext,
    detail,
    parse_amount,
    parse_bsn,
    parse_date_days,
    parse_timestamp_us,
)
from signals.contracts import BV, BVI, BVO, CATEGORIEEN, DEMAND_STRENGTH, FVK, FVO, schema_for
from signals.rejects import Reject, RejectCode, message
from signals.sources import load_type_codes

__all__ = ["EVENT_KINDS", "EventChunk", "parse_event_chunk"]

#: Event type -> small integer used by the reference pass.
EVENT_KINDS: dict[str, int] = {FVO: 0, BVO: 1, BVI: 2, BV: 3, FVK: 4}
_ALLOWED_TYPES = ", ".join(EVENT_KINDS)
#: How many leading non-empty lines may fail before a file counts as "not JSON lines at all".
SNIFF_LINES = 10


class _RawEvent(msgspec.Struct):
    """A decoded line: every contract field, untyped (checked by hand for precise messages)."""

    gebeurtenis_type: Any = None
    gebeurteniskenmerk: Any = None
    datumtijd_gebeurtenis: Any = None
    zaakkenmerk: Any = None
    bsn: Any = None
    datumtijd_opgelegd: Any = None
    beschikkingsnummer: Any = None
    primaire_verplichting: Any = None
    type_financiele_verplichting: Any = None
    categorie: Any = None
    bedrag: Any = None
    type: Any = None
    vervaldatum: Any = None
    omschrijving: Any = None
    ingetrokken_gebeurteniskenmerk: Any = None
    datum_betaling: Any = None


_decode = msgspec.json.Decoder(_RawEvent).decode


@dataclass
class EventChunk:
    """The result of one chunk. Candidate lists are parallel, in line order."""

    received: int = 0
    rejects: list[Reject] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    kenmerken: list[str] = field(default_factory=list)
    zaken: list[str] = field(default_factory=list)
    refs: list[str | None] = field(default_factory=list)
    content: list[int] = field(default_factory=list)  # first 64 bits of the content hash
    batch: pa.RecordBatch | None = None
    encoding_error: bool = False
    not_json_lines: bool = False


def _text(value: object, name: str, *, required: bool = True) -> str | None:
    if type(value) is str:
        if value.strip():
            return value
    elif type(value) is int:
        return str(value)
    elif value is not None:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=name, detail=detail("text"))
    if required:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=name)
    return None


def _check(ev: _RawEvent, ctx: DeliveryContext, codes: dict) -> tuple:
    """The normalised row (schema order, without source columns) or :class:`BadValue`."""
    t = ev.gebeurtenis_type
    if t is None or t == "":
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld="gebeurtenis_type")
    if not isinstance(t, str) or t not in EVENT_KINDS:
        raise BadValue(RejectCode.ONBEKEND_GEBEURTENIS_TYPE, waarde=t, toegestaan=_ALLOWED_TYPES)
    kenmerk = _text(ev.gebeurteniskenmerk, "gebeurteniskenmerk")
    ts = parse_timestamp_us(ev.datumtijd_gebeurtenis, "datumtijd_gebeurtenis")
    zaak = _text(ev.zaakkenmerk, "zaakkenmerk")
    bsn = parse_bsn(ev.bsn)
    if ts >= ctx.cutoff_us:
        raise BadValue(
            RejectCode.TOEKOMSTIGE_DATUM,
            veld="datumtijd_gebeurtenis",
            waarde=ev.datumtijd_gebeurtenis,
            peil=ctx.last_day_iso,
        )
    opgelegd = besch = primair = code = categorie = bedrag = None
    betaal_type = verval = omschrijving = ingetrokken = betaling = None
    if t == FVO:
        opgelegd = parse_timestamp_us(ev.datumtijd_opgelegd, "datumtijd_opgelegd")
        besch = _text(ev.beschikkingsnummer, "beschikkingsnummer", required=False)
        primair = ev.primaire_verplichting
        if type(primair) is not bool:
            raise BadValue(
                RejectCode.ONTBREKEND_VELD, veld="primaire_verplichting", detail=detail("bool")
            )
        code = _type_code(ev.type_financiele_verplichting, ctx.bron, codes)
        categorie = ev.categorie
        if categorie == "":
            categorie = None
        if categorie is not None and categorie not in CATEGORIEEN:
            raise BadValue(
                RejectCode.ONBEKEND_TYPE,
                veld="categorie",
                waarde=categorie,
                detail=detail("allowed", toegestaan=", ".join(CATEGORIEEN)),
            )
        bedrag = parse_amount(ev.bedrag, "bedrag")
    elif t == BVO:
        betaal_type = ev.type
        if betaal_type is None or betaal_type == "":
            raise BadValue(RejectCode.ONTBREKEND_VELD, veld="type")
        if betaal_type not in DEMAND_STRENGTH:
            raise BadValue(
                RejectCode.ONBEKEND_TYPE,
                veld="type",
                waarde=betaal_type,
                detail=detail("allowed", toegestaan=", ".join(DEMAND_STRENGTH)),
            )
        bedrag = parse_amount(ev.bedrag, "bedrag")
        verval = parse_date_days(ev.vervaldatum, "vervaldatum")
        omschrijving = _text(ev.omschrijving, "omschrijving", required=False)
    elif t == BVI:
        ingetrokken = _text(ev.ingetrokken_gebeurteniskenmerk, "ingetrokken_gebeurteniskenmerk")
    elif t == BV:
        bedrag = parse_amount(ev.bedrag, "bedrag")
        betaling = parse_date_days(ev.datum_betaling, "datum_betaling")
    else:  # FVK
        bedrag = parse_amount(ev.bedrag, "bedrag")
    return (
        ctx.bron,
        kenmerk,
        t,
        ts,
        zaak,
        bsn,
        opgelegd,
        besch,
        primair,
        code,
        categorie,
        bedrag,
        betaal_type,
        verval,
        omschrijving,
        ingetrokken,
        betaling,
    )


def _type_code(value: object, bron: str, codes: dict) -> str:
    if value is None or value == "":
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld="type_financiele_verplichting")
    spec = codes.get(value) if isinstance(value, str) else None
    if spec is None:
        raise BadValue(
            RejectCode.ONBEKEND_TYPE,
            veld="type_financiele_verplichting",
            waarde=value,
            detail=detail("type_code_unknown"),
        )
    if spec.bron != bron:
        raise BadValue(
            RejectCode.ONBEKEND_TYPE,
            veld="type_financiele_verplichting",
            waarde=value,
            detail=detail("type_code_other_bron", andere=spec.bron, bron=bron),
        )
    return value  # type: ignore[return-value]


def content_digest(row: tuple) -> bytes:
    """The 16-byte BLAKE2b digest of the canonical content of a normalised event row.

    Canonical: the normalised values (bron, kenmerk, type, UTC microseconds, 9-digit BSN, cents,
    days) joined by the unit separator, empty for absent fields. The same event delivered with
    other key order, whitespace, offset notation or an 8-digit BSN has the same digest."""
    text = "\x1f".join(
        "" if v is None else ("1" if v is True else "0" if v is False else str(v)) for v in row
    )
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def parse_event_chunk(
    data: bytes, *, first_line: int, ctx: DeliveryContext, collect: bool, sniff: bool
) -> EventChunk:
    """Check the lines of ``data`` (whole lines; the first is line ``first_line``).

    ``sniff``: this chunk starts the file, so decide whether it is JSON lines at all (none of the
    first :data:`SNIFF_LINES` non-empty lines is a JSON object -> ``not_json_lines``)."""
    out = EventChunk()
    if b"\x00" in data:
        out.encoding_error = True
        return out
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        out.encoding_error = True
        return out
    codes = load_type_codes()
    path = ctx.path
    rows: list[tuple] = []
    rejects = out.rejects
    lineno = first_line - 1
    first_object_at = 0  # the ordinal of the first non-empty line that is a JSON object
    for raw in data.split(b"\n"):
        lineno += 1
        if not raw or raw.isspace():
            continue
        out.received += 1
        try:
            ev = _decode(raw)
        except msgspec.ValidationError:
            rejects.append(_geen_json(path, lineno, raw, "json_not_object"))
            continue
        except msgspec.DecodeError:
            rejects.append(_geen_json(path, lineno, raw, "json_broken"))
            continue
        if not first_object_at:
            first_object_at = out.received
        try:
            row = _check(ev, ctx, codes)
        except BadValue as bad:
            rejects.append(Reject(path, lineno, bad.code, bad.render(), raw.decode()))
            continue
        digest = content_digest(row)
        out.lines.append(lineno)
        out.kinds.append(EVENT_KINDS[row[2]])
        out.kenmerken.append(row[1])
        out.zaken.append(row[4])
        out.refs.append(row[15])
        out.content.append(int.from_bytes(digest[:8], "little", signed=True))
        if collect:
            rows.append((*row, digest.hex(), lineno))
    if sniff and out.received and not 0 < first_object_at <= SNIFF_LINES:
        out.not_json_lines = True
    if collect:
        out.batch = _to_batch(rows, path)
    return out


def _geen_json(path: str, lineno: int, raw: bytes, key: str) -> Reject:
    return Reject(
        path,
        lineno,
        RejectCode.GEEN_JSON,
        message(RejectCode.GEEN_JSON, detail=detail(key)),
        raw.decode(),
    )


_SCHEMA = schema_for("events")


def _to_batch(rows: list[tuple], path: str) -> pa.RecordBatch:
    if not rows:
        return pa.RecordBatch.from_pylist([], schema=_SCHEMA)
    columns = list(zip(*rows, strict=True))
    lines = columns.pop()
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, _SCHEMA, strict=False)]
    arrays.append(pa.array([path] * len(lines), type=pa.string()))
    arrays.append(pa.array(lines, type=pa.int32()))
    return pa.RecordBatch.from_arrays(arrays, schema=_SCHEMA)
