"""Property-based tests of the parsers, and the reconciliation invariant on fuzzed deliveries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals._parse_common import BadValue, parse_amount, parse_date_days, parse_timestamp_us
from signals.bsn import make_valid_bsn
from signals.rejects import RejectCode
from signals.validate import validate_file

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
moments = st.datetimes(
    min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=offsets
)


@given(moments)
def test_timestamps_round_trip_to_utc_microseconds(moment):
    us = parse_timestamp_us(moment.isoformat(), "t")
    assert EPOCH + dt.timedelta(microseconds=us) == moment


@given(st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_timestamps_without_offset_are_invalid(naive):
    with pytest.raises(BadValue) as info:
        parse_timestamp_us(naive.isoformat(), "t")
    assert info.value.code is RejectCode.ONGELDIGE_DATUM


@given(st.dates())
def test_dates_round_trip(day):
    text = day.isoformat()
    if len(text) == 10:
        assert parse_date_days(text, "d") == (day - dt.date(1970, 1, 1)).days
    else:  # years before 1000 are not four digits: not YYYY-MM-DD
        with pytest.raises(BadValue):
            parse_date_days(text, "d")


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.text(max_size=8)))
def test_amounts_are_positive_whole_cents(value):
    ok = type(value) is int and 0 < value < 2**63
    try:
        assert parse_amount(value, "bedrag") == value and ok
    except BadValue as bad:
        assert not ok and bad.code in (RejectCode.ONGELDIG_BEDRAG, RejectCode.ONTBREKEND_VELD)


kenmerken = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_é", min_size=1, max_size=12)
in_march = st.datetimes(
    # at most 2024-03-31 07:00 local: with an offset of -14:00 still before April in Amsterdam
    min_value=dt.datetime(2024, 3, 1, 1),
    max_value=dt.datetime(2024, 3, 31, 7),
    timezones=offsets,
)


@st.composite
def valid_obligation(draw) -> dict:
    return {
        "gebeurtenis_type": "FinancieleVerplichtingOpgelegd",
        "gebeurteniskenmerk": draw(kenmerken),
        "datumtijd_gebeurtenis": draw(in_march).isoformat(),
        "zaakkenmerk": draw(kenmerken),
        "bsn": make_valid_bsn(draw(st.integers(min_value=0, max_value=10**6))),
        "datumtijd_opgelegd": draw(moments).isoformat(),
        "primaire_verplichting": draw(st.booleans()),
        "type_financiele_verplichting": draw(
            st.sampled_from(["cjib_wahv", "cjib_strafbeschikking"])
        ),
        "categorie": draw(st.sampled_from([None, "Algemeen", "Verhoging", "Rente"])),
        "bedrag": draw(st.integers(min_value=1, max_value=2**63 - 1)),
        "beschikkingsnummer": draw(st.one_of(st.none(), kenmerken)),
    }


def _validate_lines(lines: list[str]):
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "landing" / "cjib" / "2024-03.jsonl"
        path.parent.mkdir(parents=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return validate_file(path)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(valid_obligation())
def test_valid_events_are_accepted_and_the_lenient_path_agrees(ev):
    # The same event with the BSN as a number (older systems) goes through the lenient path and
    # must give the same normalised row and content hash as the typed fast path.
    as_number = {**ev, "bsn": int(ev["bsn"]), "gebeurteniskenmerk": ev["gebeurteniskenmerk"]}
    result = _validate_lines([json.dumps(ev), json.dumps(as_number)])
    assert result.report.rejected == 0, result.report.rejects
    fast, lenient = result.accepted.to_pylist()
    assert {k: v for k, v in fast.items() if k != "source_line"} == {
        k: v for k, v in lenient.items() if k != "source_line"
    }
    assert fast["bedrag_cent"] == ev["bedrag"]
    assert fast["datumtijd_gebeurtenis"] == dt.datetime.fromisoformat(ev["datumtijd_gebeurtenis"])


def _mutations(ev: dict) -> st.SearchStrategy[str]:
    keys = sorted(ev)
    junk = st.one_of(
        st.none(), st.integers(), st.text(max_size=6), st.booleans(), st.floats(allow_nan=False)
    )
    return st.one_of(
        st.just(json.dumps(ev)),
        st.sampled_from(keys).map(lambda k: json.dumps({x: v for x, v in ev.items() if x != k})),
        st.tuples(st.sampled_from(keys), junk).map(lambda kv: json.dumps({**ev, kv[0]: kv[1]})),
        st.text(max_size=30).filter(lambda s: "\n" not in s and "\r" not in s),
        st.just(json.dumps(ev)[:-3]),
        st.just(json.dumps([ev])),
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(valid_obligation().flatmap(_mutations), min_size=1, max_size=25))
def test_fuzzed_files_reconcile(lines):
    result = _validate_lines(lines)
    report = result.report
    assert report.received == report.accepted + report.rejected
    records = {i + 1 for i, line in enumerate(lines) if line.encode().strip()}
    assert report.received == len(records)
    if report.whole_file_rejected:
        assert result.accepted is None and len(report.rejects) == 1
        return
    rejected = [r.line for r in report.rejects]
    accepted = result.accepted.column("source_line").to_pylist()
    assert len(set(rejected)) == len(rejected)  # one reject per line
    assert sorted(rejected + accepted) == sorted(records)


# --- the fast path of the line checks agrees with the lenient path, line by line -------------

_odd_moments = st.one_of(
    in_march.map(lambda m: m.isoformat(sep=" ")),
    in_march.map(lambda m: m.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")),
    in_march.map(lambda m: m.isoformat().lower()),
    in_march.map(lambda m: m.replace(tzinfo=None).isoformat()),
    st.sampled_from(
        ["2024-03-31T23:59:59+02:00", "2024-03-31T22:00:00Z", "2024-04-01T00:00:00+02:00"]
    ),
    st.text(alphabet="0123456789-:TZ+ ", max_size=26),
)
_odd_days = st.sampled_from(["2024-02-30", "20240301", "2024-3-1", "", "2024-03-01T00:00"])
_odd_bsns = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(lambda n: " " + make_valid_bsn(n)[1:]),
    st.integers(min_value=0, max_value=10**6).map(lambda n: int(make_valid_bsn(n))),
    st.text(alphabet="0123456789", min_size=8, max_size=10),
)
_odd_texts = st.sampled_from(["", " ", "\u00a0", "a\\", "\t"])


_ODD = {
    "moment": _odd_moments,
    "day": _odd_days,
    "bsn": _odd_bsns,
    "text": _odd_texts,
    "amount": st.sampled_from([0, -5, 1.5, "7", 2**63]),
    "bool": st.sampled_from([1, "true", None]),
    "code": st.sampled_from(["cak_eigen_bijdrage_wlz", "onbekend", ""]),
    "categorie": st.sampled_from(["", "Overig", 3]),
    "type": st.sampled_from(["", "Brief", None]),
}
_VALID = {
    "moment": in_march.map(lambda m: m.isoformat()),
    "day": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)).map(str),
    "bsn": st.integers(min_value=0, max_value=10**6).map(make_valid_bsn),
    "text": kenmerken,
    "amount": st.integers(min_value=1, max_value=10**9),
    "bool": st.booleans(),
    "code": st.just("cjib_wahv"),
    "categorie": st.sampled_from([None, "Algemeen", "Rente"]),
    "type": st.sampled_from(["Aanschrijving", "Herinnering", "Aanmaning"]),
}
_FIELDS = {  # per event type: field -> kind of value
    "FinancieleVerplichtingOpgelegd": {
        "datumtijd_opgelegd": "moment",
        "primaire_verplichting": "bool",
        "type_financiele_verplichting": "code",
        "categorie": "categorie",
        "beschikkingsnummer": "text",
        "bedrag": "amount",
    },
    "BetalingsverplichtingOpgelegd": {
        "type": "type",
        "bedrag": "amount",
        "vervaldatum": "day",
        "omschrijving": "text",
    },
    "BetalingsverplichtingIngetrokken": {"ingetrokken_gebeurteniskenmerk": "text"},
    "BetalingVerwerkt": {"bedrag": "amount", "datum_betaling": "day"},
    "FinancieleVerplichtingKwijtgescholden": {"bedrag": "amount"},
}
_COMMON = {
    "gebeurteniskenmerk": "text",
    "datumtijd_gebeurtenis": "moment",
    "zaakkenmerk": "text",
    "bsn": "bsn",
}


@st.composite
def any_event(draw) -> dict:
    """A valid event of any type, often with one field odd (valid or not in the lenient path's
    eyes), sometimes with an optional field left out."""
    kind = draw(st.sampled_from(sorted(_FIELDS)))
    fields = {**_COMMON, **_FIELDS[kind]}
    odd = draw(st.sampled_from([None, *fields]))
    ev: dict = {"gebeurtenis_type": kind}
    for name, sort in fields.items():
        ev[name] = draw(_ODD[sort] if name == odd else _VALID[sort])
    for optional in ("categorie", "beschikkingsnummer", "omschrijving"):
        if optional in ev and draw(st.booleans()):
            del ev[optional]
    return ev


def _unescaped(line: str) -> str:
    """The same JSON object with non-ASCII characters written as UTF-8, not as escapes."""
    if line.startswith("{") and line.endswith("}"):
        return json.dumps(json.loads(line), ensure_ascii=False)
    return line


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(any_event().map(json.dumps), any_event().flatmap(_mutations)),
            st.booleans(),
        ).map(lambda lb: lb[0] if lb[1] else _unescaped(lb[0])),
        min_size=1,
        max_size=30,
    )
)
def test_fast_and_lenient_line_checks_agree(lines):
    _assert_paths_agree(lines)


_BASE = {
    "gebeurteniskenmerk": "k1",
    "datumtijd_gebeurtenis": "2024-03-05T10:00:00+01:00",
    "zaakkenmerk": "z1",
    "bsn": "100000101",
}
_EDGE_LINES = [
    {**_BASE, "gebeurtenis_type": "FinancieleVerplichtingOpgelegd", "bedrag": 5,
     "datumtijd_opgelegd": "2024-03-01T00:00:00Z", "primaire_verplichting": True,
     "type_financiele_verplichting": "cjib_wahv", "beschikkingsnummer": besch}
    for besch in ("", " ", "\u00a0", "B1", None)
] + [
    {**_BASE, "gebeurtenis_type": "BetalingsverplichtingOpgelegd", "type": "Aanmaning",
     "bedrag": 5, "vervaldatum": "2024-03-09", "omschrijving": text}
    for text in ("", " ", "x")
] + [
    {**_BASE, "gebeurtenis_type": "BetalingsverplichtingIngetrokken",
     "ingetrokken_gebeurteniskenmerk": text}
    for text in ("", "\t", "k0")
] + [
    {**_BASE, "gebeurtenis_type": "FinancieleVerplichtingKwijtgescholden", "bedrag": 1,
     "datumtijd_gebeurtenis": moment}
    for moment in ("2024-03-31T22:00:00Z", "2024-03-31T21:59:59.999999Z", "2024-04-01T00:00+02:00",
                   "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00")
] + [
    {**_BASE, "gebeurtenis_type": "BetalingVerwerkt", "bedrag": 1, "datum_betaling": "2024-03-01",
     "zaakkenmerk": zaak, "bsn": bsn}
    for zaak, bsn in ((" ", "100000101"), ("z", " 00000101"), ("z", 100000101), ("z", "000000000"))
]  # fmt: skip


def test_fast_and_lenient_line_checks_agree_on_edge_cases():
    _assert_paths_agree([json.dumps(ev) for ev in _EDGE_LINES])


@pytest.mark.parametrize("moment", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
def test_moments_outside_the_utc_calendar_are_invalid_not_a_crash(moment):
    with pytest.raises(BadValue) as info:
        parse_timestamp_us(moment, "t")
    assert info.value.code is RejectCode.ONGELDIGE_DATUM


def _assert_paths_agree(lines: list[str]) -> None:
    # Every line once through the chunk checker (fast path, lenient path for what it declines)
    # and once through the lenient path alone: same verdict, same row, same content hash.
    from signals._parse_common import DeliveryContext
    from signals._parse_events import _check, _decode, content_digest, parse_event_chunk
    from signals.sources import load_type_codes

    ctx = DeliveryContext(path="p", bron="cjib", kind="events", month="2024-03")
    data = "\n".join(lines).encode() + b"\n"
    chunk = parse_event_chunk(data, first_line=1, ctx=ctx, collect=True, sniff=False)
    if b"\x00" in data:  # refused as a whole file before any line is checked
        assert chunk.encoding_error and chunk.batch is None
        return
    rejected = {r.line: r for r in chunk.rejects}
    accepted = {row["source_line"]: row for row in chunk.batch.to_pylist()}
    codes = load_type_codes()
    for lineno, line in enumerate(lines, start=1):
        raw = line.encode()
        if not raw.strip():
            assert lineno not in rejected and lineno not in accepted
            continue
        try:
            row = _check(_decode(raw), ctx, codes)
        except BadValue as bad:
            assert rejected[lineno].code is bad.code and rejected[lineno].message == bad.render()
            continue
        except Exception:  # not JSON, or not an object
            assert rejected[lineno].code is RejectCode.GEEN_JSON
            continue
        got = accepted[lineno]
        assert tuple(got.values())[:17] == row
        assert got["content_hash"] == content_digest(row).hex()


def test_the_line_checks_restore_the_garbage_collector():
    import gc

    from signals._parse_common import DeliveryContext
    from signals._parse_events import parse_event_chunk

    ctx = DeliveryContext(path="p", bron="cjib", kind="events", month="2024-03")
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            parse_event_chunk(b'{"x": 1}\n', first_line=1, ctx=ctx, collect=False, sniff=True)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
