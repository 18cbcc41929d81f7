"""Parse and check one chunk of a VO Rijk events file (JSON lines), line by line.

This stage checks everything a line can show on its own (JSON, fields, BSN, dates, amounts, codes)
and runs in worker processes for large files. What needs the other lines (duplicate ids, references
to cases and demands) is settled afterwards, in file order, by :mod:`signals._references`.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import repeat
from operator import itemgetter
from typing import Annotated, Any, Literal

import msgspec
import numpy as np
import pyarrow as pa

from signals._parse_common import (
    BadValue,
    DeliveryContext,
    detail,
    parse_amount,
    parse_bsn,
    parse_date,
    parse_timestamp,
)
from signals.bsn import valid_bsn
from signals.contracts import BV, BVI, BVO, CATEGORIEEN, DEMAND_STRENGTH, FVK, FVO, schema_for
from signals.rejects import Reject, RejectCode, message
from signals.sources import load_type_codes

__all__ = ["EVENT_KINDS", "EventChunk", "content_digest", "decode_loose", "parse_event_chunk"]


def decode_loose(raw: bytes) -> Any:
    """The fields of an events line without checks (for messages about a line already checked)."""
    return _decode(raw)


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

# The fast path: typed structs that msgspec checks in C (types, required fields, amounts > 0,
# allowed values). Timestamps and dates arrive as text and are parsed by the same functions as
# the lenient path (so both accept exactly the same values), through bounded caches: a delivery
# repeats the same moments, days and people many times. A line that fails any fast check goes
# through the lenient path above, which finds the exact problem for the message (or accepts
# what the typed structs are too strict for, such as a BSN given as a number).
_Cents = Annotated[int, msgspec.Meta(gt=0, le=(1 << 63) - 1)]


class _Event(msgspec.Struct, tag_field="gebeurtenis_type", gc=False):
    gebeurteniskenmerk: str
    datumtijd_gebeurtenis: str
    zaakkenmerk: str
    bsn: str


class _Opgelegd(_Event, tag=FVO):
    datumtijd_opgelegd: str
    primaire_verplichting: bool
    type_financiele_verplichting: str
    bedrag: _Cents
    beschikkingsnummer: str | None = None
    categorie: Literal["Algemeen", "Administratiekosten", "Verhoging", "Rente"] | None = None


class _Betaalverplichting(_Event, tag=BVO):
    type: Literal["Aanschrijving", "Herinnering", "Aanmaning"]
    bedrag: _Cents
    vervaldatum: str
    omschrijving: str | None = None


class _Ingetrokken(_Event, tag=BVI):
    ingetrokken_gebeurteniskenmerk: str


class _Betaling(_Event, tag=BV):
    bedrag: _Cents
    datum_betaling: str


class _Kwijtgescholden(_Event, tag=FVK):
    bedrag: _Cents


_decode_typed = msgspec.json.Decoder(
    _Opgelegd | _Betaalverplichting | _Ingetrokken | _Betaling | _Kwijtgescholden
).decode
_encode = msgspec.json.Encoder().encode

#: Entries per value cache before it is emptied (bounds memory however large the file).
CACHE_LIMIT = 1 << 17
_MOMENTS: dict[str, datetime] = {}
_DAYS: dict[str, date] = {}
_BSNS: dict[str, str] = {}


def _learn_moment(text: str) -> datetime | None:
    """``text`` as a UTC datetime exactly as the lenient path parses it
    (:func:`signals._parse_common.parse_timestamp`), or ``None``."""
    if len(text) < 20 or text[4] != "-" or text[7] != "-" or text[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return None
        moment = moment.astimezone(UTC)  # OverflowError: not a date in UTC
    except (ValueError, OverflowError):
        return None
    if len(_MOMENTS) >= CACHE_LIMIT:
        _MOMENTS.clear()
    _MOMENTS[text] = moment
    return moment


def _learn_day(text: str) -> date | None:
    """``text`` as a date exactly as the lenient path parses it
    (:func:`signals._parse_common.parse_date`), or ``None``."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if len(_DAYS) >= CACHE_LIMIT:
        _DAYS.clear()
    _DAYS[text] = day
    return day


def _learn_bsn(text: str) -> str | None:
    bsn = valid_bsn(text)
    if bsn is not None:
        if len(_BSNS) >= CACHE_LIMIT:
            _BSNS.clear()
        _BSNS[text] = bsn
    return bsn


def _fast_row(
    ev: Any,
    bron: str,
    cutoff: datetime,
    own_codes: frozenset[str],
    *,
    moment: Any = _MOMENTS.get,  # bound once: local names are faster than globals
    day: Any = _DAYS.get,
    known_bsn: Any = _BSNS.get,
) -> tuple | None:
    """The normalised row of a typed event (schema order, without source columns), or ``None``
    when a check fails (the lenient path then names the problem). Written for speed: this runs
    for every line."""
    ts = moment(ev.datumtijd_gebeurtenis) or _learn_moment(ev.datumtijd_gebeurtenis)
    bsn = known_bsn(ev.bsn) or _learn_bsn(ev.bsn)
    kenmerk, zaak = ev.gebeurteniskenmerk, ev.zaakkenmerk
    if ts is None or bsn is None or ts >= cutoff or not kenmerk.strip() or not zaak.strip():
        return None
    cls = type(ev)
    if cls is _Betaalverplichting:
        omschrijving = ev.omschrijving
        verval = day(ev.vervaldatum) or _learn_day(ev.vervaldatum)
        if verval is None or (omschrijving is not None and not omschrijving.strip()):
            return None
        return (bron, kenmerk, BVO, ts, zaak, bsn, None, None, None, None, None, ev.bedrag,
                ev.type, verval, omschrijving, None, None)  # fmt: skip
    if cls is _Opgelegd:
        code, besch = ev.type_financiele_verplichting, ev.beschikkingsnummer
        opgelegd = moment(ev.datumtijd_opgelegd) or _learn_moment(ev.datumtijd_opgelegd)
        if code not in own_codes or opgelegd is None or (besch is not None and not besch.strip()):
            return None
        return (bron, kenmerk, FVO, ts, zaak, bsn, opgelegd, besch, ev.primaire_verplichting,
                code, ev.categorie, ev.bedrag, None, None, None, None, None)  # fmt: skip
    if cls is _Betaling:
        betaling = day(ev.datum_betaling) or _learn_day(ev.datum_betaling)
        if betaling is None:
            return None
        return (bron, kenmerk, BV, ts, zaak, bsn, None, None, None, None, None, ev.bedrag,
                None, None, None, None, betaling)  # fmt: skip
    if cls is _Ingetrokken:
        ingetrokken = ev.ingetrokken_gebeurteniskenmerk
        if not ingetrokken.strip():
            return None
        return (bron, kenmerk, BVI, ts, zaak, bsn, None, None, None, None, None, None,
                None, None, None, ingetrokken, None)  # fmt: skip
    return (bron, kenmerk, FVK, ts, zaak, bsn, None, None, None, None, None, ev.bedrag,
            None, None, None, None, None)  # fmt: skip


@dataclass
class EventChunk:
    """The result of one chunk.

    ``candidates``: one row per line that passed its line checks, in line order, int64 columns
    (line, kind, hash(kenmerk), hash((bron, zaakkenmerk)), hash(ingetrokken kenmerk) or 0,
    first 64 bits of the content hash). ``hash()`` is Python's: valid in this process and in
    processes forked from it."""

    received: int = 0
    rejects: list[Reject] = field(default_factory=list)
    candidates: np.ndarray = field(default_factory=lambda: np.empty((0, 6), dtype=np.int64))
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
    ts = parse_timestamp(ev.datumtijd_gebeurtenis, "datumtijd_gebeurtenis")
    zaak = _text(ev.zaakkenmerk, "zaakkenmerk")
    bsn = parse_bsn(ev.bsn)
    if ts >= ctx.cutoff:
        raise BadValue(
            RejectCode.TOEKOMSTIGE_DATUM,
            veld="datumtijd_gebeurtenis",
            waarde=ev.datumtijd_gebeurtenis,
            peil=ctx.last_day_iso,
        )
    opgelegd = besch = primair = code = categorie = bedrag = None
    betaal_type = verval = omschrijving = ingetrokken = betaling = None
    if t == FVO:
        opgelegd = parse_timestamp(ev.datumtijd_opgelegd, "datumtijd_opgelegd")
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
        verval = parse_date(ev.vervaldatum, "vervaldatum")
        omschrijving = _text(ev.omschrijving, "omschrijving", required=False)
    elif t == BVI:
        ingetrokken = _text(ev.ingetrokken_gebeurteniskenmerk, "ingetrokken_gebeurteniskenmerk")
    elif t == BV:
        bedrag = parse_amount(ev.bedrag, "bedrag")
        betaling = parse_date(ev.datum_betaling, "datum_betaling")
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

    Canonical: the JSON array of the normalised values (bron, kenmerk, type, timestamps in UTC,
    9-digit BSN, cents, dates, ...; null when absent). The same event delivered with another key
    order, whitespace, offset notation or an 8-digit BSN has the same digest."""
    return hashlib.blake2b(_encode(row), digest_size=16).digest()


def parse_event_chunk(
    data: bytes, *, first_line: int, ctx: DeliveryContext, collect: bool, sniff: bool
) -> EventChunk:
    """Check the lines of ``data`` (whole lines; the first is line ``first_line``).

    ``sniff``: this chunk starts the file, so decide whether it is JSON lines at all (none of the
    first :data:`SNIFF_LINES` non-empty lines is a JSON object -> ``not_json_lines``).

    The cyclic garbage collector is paused meanwhile: the loop makes a tuple per line and no
    cycles, and a collection pass every 700 tuples would cost about 5% of the time."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_event_chunk(
            data, first_line=first_line, ctx=ctx, collect=collect, sniff=sniff
        )
    finally:
        if paused:
            gc.enable()


def _parse_event_chunk(
    data: bytes, *, first_line: int, ctx: DeliveryContext, collect: bool, sniff: bool
) -> EventChunk:
    """Check the lines of ``data`` (whole lines; the first is line ``first_line``).

    ``sniff``: this chunk starts the file, so decide whether it is JSON lines at all (none of the
    first :data:`SNIFF_LINES` non-empty lines is a JSON object -> ``not_json_lines``)."""
    out = EventChunk()
    if b"\x00" in data:
        out.encoding_error = True
        return out
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            out.encoding_error = True
            return out
    codes = load_type_codes()
    bron, cutoff, path = ctx.bron, ctx.cutoff, ctx.path
    own_codes = frozenset(c for c, spec in codes.items() if spec.bron == bron)
    rows: list[tuple] = []  # the accepted-so-far rows, in line order
    lines: list[int] = []  # their line numbers
    digests: list[bytes] = []  # their content digests
    rejects = out.rejects
    decode_typed, fast_row, encode = _decode_typed, _fast_row, _encode
    blake2b = hashlib.blake2b(digest_size=16).copy  # a fresh hasher (cheaper than the constructor)
    add_row, add_line, add_digest = rows.append, lines.append, digests.append
    received = 0
    first_object_at = 0  # the ordinal of the first non-empty line that is a JSON object
    for lineno, raw in enumerate(data.split(b"\n"), first_line):
        if not raw or raw.isspace():
            continue
        received += 1
        try:
            row = fast_row(decode_typed(raw), bron, cutoff, own_codes)
        except msgspec.DecodeError:
            row = None
        if row is None:
            try:
                ev = _decode(raw)
            except msgspec.ValidationError:
                rejects.append(_geen_json(path, lineno, raw, "json_not_object"))
                continue
            except msgspec.DecodeError:
                rejects.append(_geen_json(path, lineno, raw, "json_broken"))
                continue
            try:
                row = _check(ev, ctx, codes)
            except BadValue as bad:
                if not first_object_at:
                    first_object_at = received
                rejects.append(Reject(path, lineno, bad.code, bad.render(), raw.decode()))
                continue
        if not first_object_at:
            first_object_at = received
        add_row(row)
        add_line(lineno)
        hasher = blake2b()
        hasher.update(encode(row))
        add_digest(hasher.digest())  # = content_digest(row)
    out.received = received
    if sniff and received and not 0 < first_object_at <= SNIFF_LINES:
        out.not_json_lines = True
    if rows:
        out.candidates = _candidates(rows, lines, digests, bron)
    if collect:
        out.batch = _to_batch(rows, lines, digests, path)
    return out


def _candidates(rows: list[tuple], lines: list[int], digests: list[bytes], bron: str) -> np.ndarray:
    """The ``candidates`` matrix of :class:`EventChunk` for the accepted-so-far rows."""
    n = len(rows)
    m = np.empty((n, 6), dtype=np.int64)
    m[:, 0] = lines
    m[:, 1] = np.fromiter(map(EVENT_KINDS.__getitem__, map(itemgetter(2), rows)), np.int64, n)
    m[:, 2] = np.fromiter(map(hash, map(itemgetter(1), rows)), np.int64, n)
    m[:, 3] = np.fromiter(map(hash, zip(repeat(bron), map(itemgetter(4), rows))), np.int64, n)
    m[:, 4] = np.fromiter(map(hash, map(itemgetter(15), rows)), np.int64, n)
    m[m[:, 1] != EVENT_KINDS[BVI], 4] = 0  # only a withdrawal refers to another event
    # The first 8 bytes of each digest as a little-endian signed integer.
    m[:, 5] = np.frombuffer(b"".join(digests), dtype="<i8")[::2]
    return m


def _geen_json(path: str, lineno: int, raw: bytes, key: str) -> Reject:
    return Reject(
        path,
        lineno,
        RejectCode.GEEN_JSON,
        message(RejectCode.GEEN_JSON, detail=detail(key)),
        raw.decode(),
    )


_SCHEMA = schema_for("events")


def _to_batch(
    rows: list[tuple], lines: list[int], digests: list[bytes], path: str
) -> pa.RecordBatch:
    if not rows:
        return pa.RecordBatch.from_pylist([], schema=_SCHEMA)
    columns = list(zip(*rows, strict=True))
    columns.append(tuple(d.hex() for d in digests))
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, _SCHEMA, strict=False)]
    arrays.append(pa.array([path] * len(lines), type=pa.string()))
    arrays.append(pa.array(lines, type=pa.int32()))
    return pa.RecordBatch.from_arrays(arrays, schema=_SCHEMA)
