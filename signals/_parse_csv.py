"""Parse and check the semicolon-separated deliveries: legacy signals, BRP, outcomes, contact.

The file is streamed with the ``csv`` module. Its header must name every contract column (order
free, extra columns ignored); otherwise the whole file is refused. Each data row is accepted or
rejected with the first problem found, in contract column order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from signals._parse_common import (
    BadValue,
    DeliveryContext,
    detail,
    parse_amount,
    parse_bsn,
    parse_date_days,
)
from signals.contracts import CSV_COLUMNS, MIGRATIE_CATEGORIEEN, UITKOMSTEN, schema_for
from signals.rejects import Reject, RejectCode
from signals.sources import load_type_codes

__all__ = ["CsvOutcome", "check_row", "parse_csv_file", "to_table"]

_ADRES_ID = re.compile(r"^[0-9]{16}$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


@dataclass
class CsvOutcome:
    received: int = 0
    rejects: list[Reject] = field(default_factory=list)
    table: pa.Table | None = None
    #: set when the whole file is refused (encoding, header, broken CSV)
    whole_file: tuple[RejectCode, dict[str, Any]] | None = None


def _required(row: dict[str, str], name: str) -> str:
    value = row[name].strip()
    if not value:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=name)
    return value


def _optional(row: dict[str, str], name: str) -> str | None:
    return row[name].strip() or None


def _future(days: int, ctx: DeliveryContext, name: str, raw: str) -> int:
    if days > ctx.last_day:
        raise BadValue(RejectCode.TOEKOMSTIGE_DATUM, veld=name, waarde=raw, peil=ctx.last_day_iso)
    return days


def _date(row: dict[str, str], name: str) -> int:
    return parse_date_days(_required(row, name), name)


def _choice(
    row: dict[str, str], name: str, allowed: tuple[str, ...], *, required: bool
) -> str | None:
    value = _required(row, name) if required else _optional(row, name)
    if value is not None and value not in allowed:
        raise BadValue(
            RejectCode.ONBEKEND_TYPE,
            veld=name,
            waarde=value,
            detail=detail("allowed", toegestaan=", ".join(allowed)),
        )
    return value


def _signal(row: dict[str, str], ctx: DeliveryContext) -> tuple:
    bron = _required(row, "bron")
    if bron != ctx.bron:
        raise BadValue(
            RejectCode.BRON_ONBEKEND,
            waarde=bron,
            detail=detail("bron_other", bron=ctx.bron),
            gevolg=detail("line_only"),
        )
    bsn = parse_bsn(_required(row, "bsn"))
    zaak = _required(row, "zaakkenmerk")
    code = _required(row, "type_financiele_verplichting")
    spec = load_type_codes().get(code)
    if spec is None or spec.bron != bron:
        key = "type_code_unknown" if spec is None else "type_code_other_bron"
        raise BadValue(
            RejectCode.ONBEKEND_TYPE,
            veld="type_financiele_verplichting",
            waarde=code,
            detail=detail(key, andere=spec.bron if spec else "", bron=bron),
        )
    amount = parse_amount(row["achterstand_cent"].strip(), "achterstand_cent", from_text=True)
    oudste = _date(row, "oudste_vervaldatum")
    peil = _future(_date(row, "peildatum"), ctx, "peildatum", row["peildatum"])
    if oudste > peil:
        raise BadValue(
            RejectCode.ONGELDIGE_DATUM,
            veld="oudste_vervaldatum",
            waarde=row["oudste_vervaldatum"],
            formaat=detail("not_after_peildatum"),
        )
    return (bron, bsn, zaak, code, amount, oudste, peil)


def _optional_bsn(row: dict[str, str], name: str) -> str | None:
    value = _optional(row, name)
    return None if value is None else parse_bsn(value, name)


def _brp(row: dict[str, str], ctx: DeliveryContext) -> tuple:
    bsn = parse_bsn(_required(row, "bsn"))
    geboren = _future(_date(row, "geboortedatum"), ctx, "geboortedatum", row["geboortedatum"])
    geslacht = _required(row, "geslacht")
    adres_id = _required(row, "adres_id")
    if not _ADRES_ID.match(adres_id):
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld="adres_id", detail=detail("digits16"))
    wijk = _required(row, "wijk")
    gevestigd = _future(
        _date(row, "datum_vestiging"), ctx, "datum_vestiging", row["datum_vestiging"]
    )
    partner = _optional_bsn(row, "partner_bsn")
    ouder1 = _optional_bsn(row, "ouder1_bsn")
    ouder2 = _optional_bsn(row, "ouder2_bsn")
    migratie = _choice(row, "migratieachtergrond", MIGRATIE_CATEGORIEEN, required=False)
    return (bsn, geboren, geslacht, adres_id, wijk, gevestigd, partner, ouder1, ouder2, migratie)


def _uitkomst(row: dict[str, str], ctx: DeliveryContext) -> tuple:
    bsn = parse_bsn(_required(row, "bsn"))
    datum = _future(_date(row, "datum"), ctx, "datum", row["datum"])
    uitkomst = _choice(row, "uitkomst", UITKOMSTEN, required=True)
    return (bsn, datum, uitkomst)


def _contact(row: dict[str, str], ctx: DeliveryContext) -> tuple:
    bsn = parse_bsn(_required(row, "bsn"))
    naam = _required(row, "naam")
    adres = _required(row, "adres")
    match = _POSTCODE.match(_required(row, "postcode"))
    if match is None:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld="postcode", detail=detail("postcode"))
    postcode = f"{match.group(1)} {match.group(2).upper()}"
    woonplaats = _required(row, "woonplaats")
    return (bsn, naam, adres, postcode, woonplaats, _optional(row, "telefoon"))


_ROW_PARSERS: dict[str, Callable[[dict[str, str], DeliveryContext], tuple]] = {
    "signals": _signal,
    "brp": _brp,
    "uitkomsten": _uitkomst,
    "contact": _contact,
}


def check_row(
    values: list[str], *, header: list[str], lineno: int, ctx: DeliveryContext
) -> tuple | Reject:
    """The one check of a data row (the fields of one record, split at ``;``): the parsed values
    followed by ``lineno``, or the reject of its first problem, in contract column order."""
    columns = CSV_COLUMNS[ctx.kind]
    try:
        if len(values) != len(header):
            raise BadValue(
                RejectCode.ONTBREKEND_VELD,
                veld=columns[min(len(values), len(columns) - 1)],
                detail=detail("columns", verwacht=len(header), gekregen=len(values)),
            )
        parsed = _ROW_PARSERS[ctx.kind](dict(zip(header, values, strict=True)), ctx)
    except BadValue as bad:
        return Reject(ctx.path, lineno, bad.code, bad.render(), ";".join(values))
    return (*parsed, lineno)


def parse_csv_file(path: Path, *, ctx: DeliveryContext, collect: bool) -> CsvOutcome:
    """Check every data row of the CSV delivery at ``path`` (kind ``ctx.kind``)."""
    out = CsvOutcome()
    columns = CSV_COLUMNS[ctx.kind]
    rows: list[tuple] = []
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as handle:
            head = handle.read(4096)
            if "\x00" in head:
                raise UnicodeError("NUL")
            handle.seek(0)
            reader = csv.reader(handle, delimiter=";")
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in columns if c not in header]
            if missing:
                out.received = sum(1 for r in reader if any(v.strip() for v in r))
                if any(header) and not set(header) & set(columns):
                    out.received += 1  # no header at all: the first line is a record too
                out.whole_file = (
                    RejectCode.ONTBREKEND_VELD,
                    {
                        "veld": ", ".join(missing),
                        "detail": detail("header_missing")
                        if not header or header == [""]
                        else detail("header", verwacht=";".join(columns)),
                    },
                )
                return out
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                out.received += 1
                checked = check_row(values, header=header, lineno=reader.line_num, ctx=ctx)
                if isinstance(checked, Reject):
                    out.rejects.append(checked)
                elif collect:
                    rows.append(checked)
    except UnicodeError:
        out.whole_file = (RejectCode.ONLEESBAAR_BESTAND, {})
        return out
    except csv.Error as exc:
        out.whole_file = (
            RejectCode.ONLEESBAAR_BESTAND,
            {"detail": detail("csv_broken", fout=str(exc))},
        )
        return out
    if collect:
        out.table = to_table(rows, ctx)
    return out


def to_table(rows: list[tuple], ctx: DeliveryContext) -> pa.Table:
    """The accepted table (``schema_for(ctx.kind)``) of rows returned by :func:`check_row`."""
    schema = schema_for(ctx.kind)
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    lines = columns.pop()
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=False)]
    arrays.append(pa.array([ctx.path] * len(lines), type=pa.string()))
    arrays.append(pa.array(lines, type=pa.int32()))
    return pa.Table.from_arrays(arrays, schema=schema)
