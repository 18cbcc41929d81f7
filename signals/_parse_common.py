"""Shared pieces of the delivery parsers: value checks that raise a reject, and message details.

A check either returns the normalised value or raises :class:`BadValue` carrying the reject code
and the values for its message. Parsers catch it once per line.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from signals.bsn import bsn_problem, normalise_bsn
from signals.i18n import translate
from signals.rejects import RejectCode, message

__all__ = [
    "AMSTERDAM",
    "BadValue",
    "DeliveryContext",
    "detail",
    "month_cutoff",
    "parse_amount",
    "parse_bsn",
    "parse_date",
    "parse_date_days",
    "parse_timestamp",
    "parse_timestamp_us",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_US = timedelta(microseconds=1)
_INT64_MAX = (1 << 63) - 1
_MIN_US = (datetime.min.replace(tzinfo=UTC) - _EPOCH) // _US
_MAX_US = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // _US

# Details that fill the ``{detail}`` / ``{formaat}`` placeholders of the reject messages.
_DETAILS: dict[str, dict[str, str]] = {
    "length": {"nl": "geen 9 cijfers", "en": "not 9 digits"},
    "zeros": {"nl": "alleen nullen", "en": "only zeros"},
    "eleven_test": {"nl": "voldoet niet aan de elfproef", "en": "fails the eleven-test"},
    "json_broken": {"nl": "geen leesbare JSON", "en": "not readable JSON"},
    "json_not_object": {"nl": "wel JSON, maar geen object", "en": "JSON, but not an object"},
    "not_json_lines": {
        "nl": "geen van de eerste regels is een JSON-object; is dit wel een JSON-lines-bestand?",
        "en": "none of the first lines is a JSON object; is this a JSON lines file at all?",
    },
    "timestamp_format": {
        "nl": "datum en tijd met tijdzone, bijvoorbeeld 2024-03-01T09:30:00+01:00",
        "en": "date and time with an offset, for example 2024-03-01T09:30:00+01:00",
    },
    "date_format": {
        "nl": "JJJJ-MM-DD, bijvoorbeeld 2024-03-01",
        "en": "YYYY-MM-DD, e.g. 2024-03-01",
    },
    "not_after_peildatum": {
        "nl": "een datum op of vóór de peildatum",
        "en": "a date on or before the peildatum",
    },
    "bool": {"nl": ": gebruik true of false", "en": ": use true or false"},
    "text": {"nl": ": gebruik tekst", "en": ": use text"},
    "columns": {
        "nl": ": verwacht {verwacht} kolommen, gekregen {gekregen}",
        "en": ": expected {verwacht} columns, got {gekregen}",
    },
    "header": {
        "nl": " (kopregel; verwacht: {verwacht})",
        "en": " (header row; expected: {verwacht})",
    },
    "digits16": {"nl": ": gebruik 16 cijfers (BAG-id)", "en": ": use 16 digits (BAG id)"},
    "postcode": {"nl": ": gebruik 1234 AB", "en": ": use 1234 AB"},
    "allowed": {"nl": " (toegestaan: {toegestaan})", "en": " (allowed: {toegestaan})"},
    "type_code_unknown": {
        "nl": " (niet in de lijst met typecodes; een nieuwe code voeg je toe aan "
        "signals/type_codes.toml)",
        "en": " (not in the list of type codes; a new code is added to signals/type_codes.toml)",
    },
    "type_code_other_bron": {
        "nl": " (deze code hoort bij bron '{andere}', niet bij '{bron}')",
        "en": " (this code belongs to source '{andere}', not to '{bron}')",
    },
    "bron_other": {
        "nl": " (het bestand staat in de map van bron '{bron}')",
        "en": " (the file is in the folder of source '{bron}')",
    },
    "earlier": {"nl": " (eerder: {waar})", "en": " (earlier: {waar})"},
    "whole_file": {"nl": "Het hele bestand is geweigerd.", "en": "The whole file was refused."},
    "line_only": {"nl": "Deze regel is geweigerd.", "en": "This line was refused."},
    "kind_not_registered": {
        "nl": " (deze bron levert volgens het register geen '{kind}')",
        "en": " (according to the register this source does not deliver '{kind}')",
    },
    "disabled": {"nl": " (de bron staat uit)", "en": " (the source is switched off)"},
    "encoding": {
        "nl": "geen UTF-8; het lijkt {encoding}",
        "en": "not UTF-8; it looks like {encoding}",
    },
    "encoding_unknown": {
        "nl": "geen UTF-8; de codering is niet te herkennen",
        "en": "not UTF-8; the encoding cannot be recognised",
    },
    "csv_broken": {"nl": "kapotte CSV: {fout}", "en": "broken CSV: {fout}"},
    "header_missing": {"nl": " (de kopregel ontbreekt)", "en": " (the header row is missing)"},
}


def detail(key: str, **values: Any) -> str:
    """A message detail in the current language."""
    return translate(_DETAILS, key, **values)


class BadValue(Exception):
    """A value that rejects its line with ``code``; ``values`` fill the message."""

    def __init__(self, code: RejectCode, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values

    def render(self) -> str:
        return message(self.code, **self.values)


class DeliveryContext:
    """What a parser needs to know about the file it reads.

    ``cutoff_us``: the first instant after the delivery month (Europe/Amsterdam), in microseconds
    since the Unix epoch (UTC); ``last_day``: the last day of the delivery month (days since
    1970-01-01). Knowledge times at or after the cutoff / dates after the last day are future."""

    __slots__ = ("bron", "cutoff", "cutoff_us", "kind", "last_day", "month", "path")

    def __init__(self, *, path: str, bron: str, kind: str, month: str) -> None:
        self.path = path
        self.bron = bron
        self.kind = kind
        self.month = month
        cutoff = month_cutoff(month)
        self.cutoff = cutoff
        self.cutoff_us = (cutoff - _EPOCH) // _US
        self.last_day = cutoff.astimezone(AMSTERDAM).date().toordinal() - 1 - _EPOCH_ORDINAL

    @property
    def last_day_iso(self) -> str:
        return date.fromordinal(self.last_day + _EPOCH_ORDINAL).isoformat()


def month_cutoff(month: str) -> datetime:
    """The first instant (UTC) of the month after ``month`` ('YYYY-MM') in Europe/Amsterdam."""
    year, mon = int(month[:4]), int(month[5:7])
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return datetime(year, mon, 1, tzinfo=AMSTERDAM).astimezone(UTC)


def parse_bsn(value: object, field: str = "bsn") -> str:
    """The 9-digit BSN in ``value`` (a string, or an integer that lost its leading zero)."""
    if type(value) is int:
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=field)
    problem = bsn_problem(value)
    if problem is not None:
        raise BadValue(RejectCode.ONGELDIG_BSN, waarde=value, detail=detail(problem))
    return normalise_bsn(value)  # type: ignore[return-value]


def parse_timestamp_us(value: object, field: str) -> int:
    """An RFC 3339 timestamp with an offset, as microseconds since the epoch (UTC)."""
    if not isinstance(value, str) or not value:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=field)
    try:
        if len(value) < 20 or value[4] != "-" or value[7] != "-" or value[10] not in "Tt ":
            raise ValueError(value)
        dt = datetime.fromisoformat(value)
        if dt.tzinfo is None:
            raise ValueError(value)
        us = (dt - _EPOCH) // _US
        if not _MIN_US <= us <= _MAX_US:  # not a date in UTC (year 0 or 10000)
            raise ValueError(value)
        return us
    except ValueError:
        raise BadValue(
            RejectCode.ONGELDIGE_DATUM, veld=field, waarde=value, formaat=detail("timestamp_format")
        ) from None


def parse_timestamp(value: object, field: str) -> datetime:
    """An RFC 3339 timestamp with an offset, as an aware datetime in UTC."""
    return _EPOCH + timedelta(microseconds=parse_timestamp_us(value, field))


def parse_date(value: object, field: str) -> date:
    """An ISO 8601 date ``YYYY-MM-DD``."""
    return date.fromordinal(parse_date_days(value, field) + _EPOCH_ORDINAL)


def parse_date_days(value: object, field: str) -> int:
    """An ISO 8601 date ``YYYY-MM-DD`` as days since 1970-01-01."""
    if not isinstance(value, str) or not value:
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=field)
    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return date.fromisoformat(value).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        raise BadValue(
            RejectCode.ONGELDIGE_DATUM, veld=field, waarde=value, formaat=detail("date_format")
        ) from None


def parse_amount(value: object, field: str, *, from_text: bool = False) -> int:
    """A whole number of euro cents greater than 0 (a JSON integer, or digits in a CSV)."""
    if value is None or value == "":
        raise BadValue(RejectCode.ONTBREKEND_VELD, veld=field)
    if from_text and isinstance(value, str):
        v = value.strip()
        amount = int(v) if v.isascii() and v.isdigit() else 0
    else:
        amount = value if type(value) is int else 0
    if not 0 < amount <= _INT64_MAX:  # type: ignore[operator]
        raise BadValue(RejectCode.ONGELDIG_BEDRAG, veld=field, waarde=value)
    return amount  # type: ignore[return-value]


def days_to_iso(days: int) -> str:
    return date.fromordinal(days + _EPOCH_ORDINAL).isoformat()


def us_to_iso(us: int) -> str:
    return (_EPOCH + timedelta(microseconds=us)).isoformat()
