"""Validation of the CSV deliveries: legacy signals, BRP extract, outcomes, contact details."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyarrow as pa
import pytest

from signals.contracts import CSV_COLUMNS, schema_for
from signals.validate import validate_file


def table(result) -> pa.Table:
    """The accepted table of a result that must have one."""
    assert result.accepted is not None
    return result.accepted


def lines_and_codes(result) -> list[tuple[int | None, str]]:
    return [(r.line, str(r.code)) for r in result.report.rejects]


@pytest.mark.parametrize(
    ("relative", "kind", "rows"),
    [
        ("brp/2024-03.csv", "brp", 5),
        ("contact/2024-03.csv", "contact", 2),
        ("uitkomsten/2024-03.csv", "uitkomsten", 1),
        ("landing/cak/2024-03.csv", "signals", 2),
    ],
)
def test_good_csv_deliveries(good, relative, kind, rows):
    result = validate_file(good / relative)
    assert result.report.kind == kind
    assert (result.report.received, result.report.accepted, result.report.rejected) == (
        rows,
        rows,
        0,
    )
    assert table(result).schema == schema_for(kind)
    assert table(result).column("source_line").to_pylist() == list(range(2, rows + 2))


def test_brp_values_are_normalised(good):
    rows = table(validate_file(good / "brp" / "2024-03.csv")).to_pylist()
    child = rows[2]
    assert child["geboortedatum"] == dt.date(2015, 7, 4)
    assert (child["ouder1_bsn"], child["ouder2_bsn"], child["partner_bsn"]) == (
        "100000216",
        "100000320",
        None,
    )
    assert child["migratieachtergrond"] is None
    assert rows[4]["bsn"] == "012345672"


def test_contact_postcode_is_normalised(good):
    rows = table(validate_file(good / "contact" / "2024-03.csv")).to_pylist()
    assert [r["postcode"] for r in rows] == ["1234 AB", "1235 CD"]
    assert rows[1]["telefoon"] is None


def test_signals_rows(good, broken):
    rows = table(validate_file(good / "landing" / "cak" / "2024-03.csv")).to_pylist()
    assert rows[1]["bsn"] == "012345672" and rows[0]["achterstand_cent"] == 12500
    result = validate_file(broken / "landing" / "cak" / "2024-03.csv")
    assert lines_and_codes(result) == [
        (3, "BRON_ONBEKEND"),
        (4, "ONGELDIG_BEDRAG"),
        (5, "ONGELDIGE_DATUM"),
        (6, "TOEKOMSTIGE_DATUM"),
        (7, "ONBEKEND_TYPE"),
        (8, "ONTBREKEND_VELD"),
    ]
    assert "Deze regel is geweigerd" in result.report.rejects[0].message
    assert result.report.accepted == 1  # columns in another order, an extra column: fine


def test_outcomes_rows(broken):
    result = validate_file(broken / "uitkomsten" / "2024-03.csv")
    assert lines_and_codes(result) == [
        (3, "ONGELDIGE_DATUM"),
        (4, "TOEKOMSTIGE_DATUM"),
        (5, "ONBEKEND_TYPE"),
        (6, "ONGELDIG_BSN"),
        (7, "ONTBREKEND_VELD"),
    ]
    assert result.report.received == 6  # blank and all-empty rows are not records


def test_missing_header_refuses_the_whole_file(broken, tmp_path):
    result = validate_file(broken / "brp" / "2024-03.csv")
    assert lines_and_codes(result) == [(None, "ONTBREKEND_VELD")]
    assert result.report.received == 2 == result.report.rejected and result.accepted is None
    partial = tmp_path / "uitkomsten" / "2024-03.csv"
    partial.parent.mkdir()
    partial.write_text("bsn;datum\n100000551;2024-03-15\n", encoding="utf-8")
    result = validate_file(partial)
    assert lines_and_codes(result) == [(None, "ONTBREKEND_VELD")]
    assert "'uitkomst'" in result.report.rejects[0].message and result.report.received == 1
    empty = tmp_path / "brp" / "2024-03.csv"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    assert lines_and_codes(validate_file(empty)) == [(None, "ONTBREKEND_VELD")]


def test_csv_encoding_problems_refuse_the_whole_file(tmp_path):
    path = tmp_path / "contact" / "2024-03.csv"
    path.parent.mkdir()
    text = "bsn;naam;adres;postcode;woonplaats;telefoon\n100000216;Renée Smit;Laan 1;1234 AB;Ede;\n"
    path.write_bytes(text.encode("cp1252"))
    result = validate_file(path)
    assert lines_and_codes(result) == [(None, "ONLEESBAAR_BESTAND")]
    assert result.report.received == 1 and "geen UTF-8" in result.report.rejects[0].message
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # BOM tolerated
    assert validate_file(path).report.accepted == 1


def test_brp_row_checks(tmp_path):
    path = tmp_path / "brp" / "2024-03.csv"
    path.parent.mkdir()
    header = ";".join(CSV_COLUMNS["brp"])
    rows = [
        "100000216;1984-05-12;V;0363200000000001;Centrum;2012-09-01;;;;",
        "100000216;1984-05-12;V;363200000000001;Centrum;2012-09-01;;;;",
        "100000216;1984-05-12;V;0363200000000001;Centrum;2024-04-02;;;;",
        "100000216;1984-05-12;V;0363200000000001;Centrum;2012-09-01;123456789;;;",
        "100000216;1984-05-12;V;0363200000000001;Centrum;2012-09-01;;;;marsbewoner",
        "100000216;1984-05-12;;0363200000000001;Centrum;2012-09-01;;;;",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = validate_file(path)
    assert lines_and_codes(result) == [
        (3, "ONTBREKEND_VELD"),
        (4, "TOEKOMSTIGE_DATUM"),
        (5, "ONGELDIG_BSN"),
        (6, "ONBEKEND_TYPE"),
        (7, "ONTBREKEND_VELD"),
    ]
    assert Counter(str(r.code) for r in result.report.rejects)["ONTBREKEND_VELD"] == 2
