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
    min_value=dt.datetime(2024, 3, 1, 1), max_value=dt.datetime(2024, 3, 31, 7), timezones=offsets
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
