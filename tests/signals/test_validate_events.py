"""Validation of VO Rijk events files: every reject code, whole-file refusals, references across
lines and files, idempotent re-delivery, and the parallel path."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pyarrow as pa
import pytest

from signals import validate as validate_module
from signals.contracts import schema_for
from signals.rejects import RejectCode
from signals.sources import Source, load_sources
from signals.validate import KnownEvents, validate_file


def table(result) -> pa.Table:
    """The accepted table of a result that must have one."""
    assert result.accepted is not None
    return result.accepted


def codes(result) -> Counter:
    return Counter(str(r.code) for r in result.report.rejects)


def reconciles(result) -> bool:
    r = result.report
    table_ok = result.accepted is None or result.accepted.num_rows == r.accepted
    return r.received == r.accepted + r.rejected and table_ok


def test_broken_fixture_exercises_every_line_code(broken):
    result = validate_file(broken / "landing" / "cjib" / "2024-03.jsonl")
    assert reconciles(result)
    assert (result.report.received, result.report.accepted) == (14, 1)
    assert codes(result) == Counter(
        {
            "GEEN_JSON": 1,
            "ONTBREKEND_VELD": 1,
            "ONGELDIG_BSN": 1,
            "ONGELDIGE_DATUM": 1,
            "TOEKOMSTIGE_DATUM": 1,
            "ONGELDIG_BEDRAG": 2,
            "ONBEKEND_TYPE": 2,
            "ONBEKEND_GEBEURTENIS_TYPE": 1,
            "VERWIJZING_ONBEKEND": 2,
            "DUBBEL_KENMERK_ANDERE_INHOUD": 1,
        }
    )
    by_line = {r.line: r for r in result.report.rejects}
    assert by_line[4].code is RejectCode.ONGELDIG_BSN and "elfproef" in by_line[4].message
    assert by_line[9].code is RejectCode.ONBEKEND_TYPE and "'duo'" in by_line[9].message
    assert (
        by_line[12].code is RejectCode.VERWIJZING_ONBEKEND and "cjib-z1-d99" in by_line[12].message
    )
    assert by_line[13].raw is not None and '"bedrag": 32000' in by_line[13].raw
    assert table(result).column("source_line").to_pylist() == [1]


def test_good_fixture_is_normalised(good):
    result = validate_file(good / "landing" / "cjib" / "2024-03.jsonl")
    assert result.report.rejected == 0 and result.report.received == 9
    accepted = table(result)
    assert accepted.schema == schema_for("events")
    rows = accepted.to_pylist()
    first = rows[0]
    assert first["datumtijd_gebeurtenis"] == dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert first["bedrag_cent"] == 23000 and first["primaire_verplichting"] is True
    assert (
        rows[1]["vervaldatum"] == dt.date(2024, 3, 29) and rows[1]["betaal_type"] == "Aanschrijving"
    )
    assert rows[3]["bsn"] == "012345672"  # 8 digits delivered, left-padded
    # The re-delivered first event (other key order, whitespace and offset notation) has the
    # same content hash: accepted again, deduplicated downstream by kenmerk.
    assert rows[-1]["gebeurteniskenmerk"] == first["gebeurteniskenmerk"]
    assert rows[-1]["content_hash"] == first["content_hash"]


def test_knowledge_time_on_the_last_instant_of_the_month_is_not_future(
    tmp_path, event, write_events
):
    lines = [
        event("fvo", "a", "z", datumtijd_gebeurtenis="2024-03-31T23:59:59.999999+02:00"),
        event("fvo", "b", "z2", datumtijd_gebeurtenis="2024-03-31T22:00:00Z"),  # = April 1st 00:00
    ]
    result = validate_file(write_events(tmp_path, "cjib", "2024-03", lines))
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [(2, "TOEKOMSTIGE_DATUM")]


def test_references_later_in_the_same_file_are_resolved(tmp_path, event, write_events):
    lines = [
        event("bvi", "w", "z", ingetrokken_gebeurteniskenmerk="d"),
        event("bvo", "d", "z"),
        event("bv", "p", "z"),
        event("fvo", "f", "z"),
    ]
    result = validate_file(write_events(tmp_path, "cjib", "2024-03", lines))
    assert result.report.rejected == 0
    assert table(result).column("source_line").to_pylist() == [1, 2, 3, 4]


def test_withdrawal_of_a_non_demand_or_a_rejected_demand_is_unknown(tmp_path, event, write_events):
    lines = [
        event("fvo", "f", "z"),
        event("bvi", "w1", "z", ingetrokken_gebeurteniskenmerk="f"),  # not a demand
        event("bvo", "d", "z", bedrag=0),  # rejected itself
        event("bvi", "w2", "z", ingetrokken_gebeurteniskenmerk="d"),
        event("bvo", "d2", "other-zaak"),  # case never opened
    ]
    result = validate_file(write_events(tmp_path, "cjib", "2024-03", lines))
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [
        (2, "VERWIJZING_ONBEKEND"),
        (3, "ONGELDIG_BEDRAG"),
        (4, "VERWIJZING_ONBEKEND"),
        (5, "VERWIJZING_ONBEKEND"),
    ]
    assert "other-zaak" in result.report.rejects[3].message


def test_a_case_belongs_to_its_bron(tmp_path, event, write_events):
    known = KnownEvents()
    validate_file(write_events(tmp_path, "cjib", "2024-03", [event("fvo", "f", "z")]), known=known)
    cak = write_events(tmp_path, "cak", "2024-03", [event("bv", "p", "z")])
    assert codes(validate_file(cak, known=known)) == Counter({"VERWIJZING_ONBEKEND": 1})


def test_known_events_carry_across_files_and_months(tmp_path, event, write_events):
    known = KnownEvents()
    march = write_events(
        tmp_path, "cjib", "2024-03", [event("fvo", "f", "z"), event("bvo", "d", "z")]
    )
    assert validate_file(march, known=known).report.rejected == 0
    assert "f" in known and known.is_demand("d") and not known.is_demand("f")
    assert known.is_opened(bron="cjib", zaakkenmerk="z")
    april_lines = [
        event(
            "bvi",
            "w",
            "z",
            datumtijd_gebeurtenis="2024-04-02T10:00:00+02:00",
            ingetrokken_gebeurteniskenmerk="d",
        ),
        event("fvo", "f", "z"),  # identical re-delivery: accepted, not doubled downstream
        event("fvo", "f", "z", bedrag=99),  # same kenmerk, other content
    ]
    april = write_events(tmp_path, "cjib", "2024-04", april_lines)
    result = validate_file(april, known=known)
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [
        (3, "DUBBEL_KENMERK_ANDERE_INHOUD")
    ]
    # Without the earlier month the withdrawal and the re-delivery have nothing to refer to.
    alone = validate_file(april)
    assert codes(alone) == Counter({"VERWIJZING_ONBEKEND": 1, "DUBBEL_KENMERK_ANDERE_INHOUD": 1})


def test_known_events_from_a_table_match_validation(tmp_path, event, write_events):
    march = write_events(tmp_path, "cjib", "2024-03", [event("fvo", "f", "z")])
    known = KnownEvents()
    known.add_table(validate_file(march).accepted)  # as the pipeline fills it from its warehouse
    again = write_events(
        tmp_path / "again",
        "cjib",
        "2024-03",
        [event("fvo", "f", "z"), event("fvo", "f", "z", bedrag=5)],
    )
    assert [str(r.code) for r in validate_file(again, known=known).report.rejects] == [
        "DUBBEL_KENMERK_ANDERE_INHOUD"
    ]


def test_a_refused_file_adds_nothing_to_known_events(tmp_path, event, write_events):
    known = KnownEvents()
    path = write_events(tmp_path, "cjib", "2024-03", [event("fvo", "f", "z")])
    path.write_bytes(path.read_bytes() + b'{"omschrijving": "caf\xe9"}\n')
    result = validate_file(path, known=known)
    assert result.report.whole_file_rejected and result.accepted is None
    assert len(known) == 0


@pytest.mark.parametrize(
    ("payload", "code", "fragment"),
    [
        ('{"a": "caf\u00e9"}\n'.encode("latin-1"), "ONLEESBAAR_BESTAND", "geen UTF-8"),
        ('{"a": 1}\n'.encode("utf-16"), "ONLEESBAAR_BESTAND", "geen UTF-8"),
        (b"bron;bsn\ncjib;100000216\n", "GEEN_JSON", "JSON-lines"),
        (b'[{"a": 1}, {"b": 2}]\n', "GEEN_JSON", "JSON-lines"),
        (b'{\n  "gebeurtenis_type": "BetalingVerwerkt"\n}\n', "GEEN_JSON", "JSON-lines"),
    ],
)
def test_whole_file_refusals(tmp_path, payload, code, fragment):
    path = tmp_path / "landing" / "cjib" / "2024-03.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    result = validate_file(path)
    report = result.report
    assert result.accepted is None and report.accepted == 0
    assert [(r.line, str(r.code)) for r in report.rejects] == [(None, code)]
    assert fragment in report.rejects[0].message
    assert report.received == report.rejected > 0


def test_bom_and_crlf_are_tolerated(tmp_path, event):
    path = tmp_path / "landing" / "cjib" / "2024-03.jsonl"
    path.parent.mkdir(parents=True)
    lines = [json.dumps(event("fvo", "f", "z")), json.dumps(event("bvo", "d", "z"))]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n\r\n")
    result = validate_file(path)
    assert (result.report.received, result.report.rejected) == (2, 0)


def test_a_broken_first_line_alone_does_not_refuse_the_file(tmp_path, event, write_events):
    path = write_events(tmp_path, "cjib", "2024-03", ["{oops", event("fvo", "f", "z")])
    result = validate_file(path)
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [(1, "GEEN_JSON")]


def test_unknown_bron_and_wrong_kind_are_refused(tmp_path, broken, event, write_events):
    result = validate_file(broken / "landing" / "svb" / "2024-03.jsonl")
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [(None, "BRON_ONBEKEND")]
    assert result.report.received == 9 == result.report.rejected
    brp_events = write_events(tmp_path, "brp", "2024-03", [event("fvo", "f", "z")])
    assert str(validate_file(brp_events).report.rejects[0].code) == "BRON_ONBEKEND"


@pytest.mark.parametrize(("grondslag", "ingeschakeld"), [("", True), ("Wgs art. 3", False)])
def test_source_without_legal_basis_or_switched_off_is_refused(
    tmp_path, monkeypatch, grondslag, ingeschakeld, event, write_events
):
    register = dict(load_sources())
    register["cjib"] = Source(
        bron="cjib",
        naam="CJIB",
        grondslag=grondslag,
        doel="test",
        bewaartermijn_maanden=36,
        formaten=("events",),
        ingeschakeld=ingeschakeld,
    )
    monkeypatch.setattr(validate_module, "load_sources", lambda: register)
    result = validate_file(write_events(tmp_path, "cjib", "2024-03", [event("fvo", "f", "z")]))
    assert [(r.line, str(r.code)) for r in result.report.rejects] == [
        (None, "BRON_ZONDER_GRONDSLAG")
    ]
    assert result.report.received == 1 == result.report.rejected


def test_parallel_workers_give_the_same_result(tmp_path, monkeypatch, event, write_events):
    lines: list[object] = []
    for i in range(600):
        zaak = f"z{i}"
        lines += [
            event("fvo", f"f{i}", zaak),
            event("bvo", f"d{i}", zaak),
            event("bv", f"p{i}", zaak),
        ]
        if i % 50 == 0:
            lines.append(event("bv", f"p{i}", zaak, bedrag=1))  # duplicate, other content
        if i % 70 == 0:
            lines.append("not json")
    lines.insert(0, event("bvi", "w-early", "z599", ingetrokken_gebeurteniskenmerk="d599"))
    path = write_events(tmp_path, "cjib", "2024-03", lines)
    monkeypatch.setattr(validate_module, "CHUNK_BYTES", 16_384)  # many chunks
    one = validate_file(path, workers=1)
    two = validate_file(path, workers=2)
    assert one.report == two.report
    assert table(one).equals(two.accepted)
    assert one.report.rejected == 12 + 9 and reconciles(one)
    assert table(one).num_rows == 1801


def test_collect_false_counts_the_same(good):
    path = good / "landing" / "cjib" / "2024-03.jsonl"
    assert validate_file(path, collect=False).report == validate_file(path).report
    assert validate_file(path, collect=False).accepted is None


def test_accepted_table_concatenates_with_schema(good, broken):
    tables = [
        validate_file(p / "landing" / "cjib" / "2024-03.jsonl").accepted for p in (good, broken)
    ]
    assert pa.concat_tables(tables).num_rows == 10


def test_known_events_single_add():
    known = KnownEvents()
    known.add(
        kenmerk="d1",
        content_hash="00" * 16,
        gebeurtenis_type="BetalingsverplichtingOpgelegd",
        zaakkenmerk="z",
        bron="cjib",
    )
    known.add(
        kenmerk="f1",
        content_hash="ff" * 16,
        gebeurtenis_type="FinancieleVerplichtingOpgelegd",
        zaakkenmerk="z",
        bron="cjib",
    )
    assert len(known) == 2 and "d1" in known and "x" not in known
    assert known.is_demand("d1") and not known.is_demand("f1") and not known.is_demand("x")
    assert known.is_opened(bron="cjib", zaakkenmerk="z")
    assert not known.is_opened(bron="cak", zaakkenmerk="z")


def test_messages_in_english(broken, monkeypatch):
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "en")
    result = validate_file(broken / "landing" / "cjib" / "2024-03.jsonl")
    by_line = {r.line: r.message for r in result.report.rejects}
    assert by_line[4] == "The BSN '123456789' is not valid (fails the eleven-test). Check the BSN."
    assert "belongs to source 'duo'" in by_line[9]
