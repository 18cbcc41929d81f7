"""The bulk check of BRP, contact and outcome files gives exactly what the row by row check gives:
the same accepted rows (values, order, line numbers) and the same rejects (line, code, message,
raw line), on faulty simulator output and on deliberately awkward values."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals._parse_bulk import SPACE_CLASS, parse_csv_bulk
from signals._parse_common import DeliveryContext
from signals.simulator import simulate
from signals.validate import ValidationResult, detect_delivery, validate_file


def _rejects(result: ValidationResult) -> list[tuple]:
    return [(r.line, str(r.code), r.message, r.raw) for r in result.report.rejects]


def assert_same(path: Path, *, bulk_expected: bool = True) -> ValidationResult:
    """Validate ``path`` both ways and compare everything; returns the bulk result."""
    bron, kind, month = detect_delivery(path)
    ctx = DeliveryContext(path=str(path), bron=bron, kind=kind, month=month)
    assert (parse_csv_bulk(path, ctx=ctx, collect=False) is not None) is bulk_expected
    bulk = validate_file(path)
    rows = validate_file(path, bulk=False)
    assert bulk.report.to_dict() == rows.report.to_dict()
    assert _rejects(bulk) == _rejects(rows)
    assert (bulk.accepted is None) == (rows.accepted is None)
    if rows.accepted is not None:
        assert bulk.accepted is not None
        assert bulk.accepted.schema == rows.accepted.schema
        assert bulk.accepted.to_pylist() == rows.accepted.to_pylist()
    return bulk


@pytest.fixture(scope="module")
def faulty_town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bulk") / "town"
    simulate(root, residents=2000, months=12, seed=5, faults=0.5)  # outcomes are rare
    return root


# Awkward values per column: each is either accepted by the row check after normalising, or
# rejected by it; the bulk path must agree either way.
_AWKWARD: dict[str, list[str]] = {
    "bsn": [
        " {v}",
        "{v} ",
        "{v8}",
        "000000000",
        "000000012",
        "{bad}",
        "",
        "12345678a",
        "\u00a0{v}",
        "{v}\u2003",
        "{v}\x1f",
        "٣{v8}",
    ],
    "date": [
        "2023-02-29",
        "2024-04-31",
        "0000-01-01",
        "0001-01-01",
        "2024-1-01",
        "24-01-01",
        "2099-01-01",
        " 2000-01-01",
        "2000-01-01 ",
        "٢٠٠٠-01-01",
        "",
        "2000-13-01",
        "2000/01/01",
        "2000-01-01T00:00",
    ],
    "text": ["", " ", " x", "x ", "x\u3000", "\x1cx", "a;b"],
    "adres_id": ["{a15}", "{a}1", "ABCDEFGHIJKLMNOP", " {a}", "{a} "],
    "optional_bsn": ["", "  ", "{bad}", "{v8}", " {v}"],
    "migratieachtergrond": ["NEDERLAND", " nederland", "", "onbekend", "europa "],
    "postcode": [
        "1234ab",
        "1234 ab",
        "1234  AB",
        "0234 AB",
        " 1234 AB",
        "1234AB ",
        "12345 AB",
        "1234 ÅB",
        "",
    ],
    "telefoon": ["", " ", " 0612345678", "06 12 34 56 78"],
    "uitkomst": ["WSNP", " wsnp", "", "verhuizing"],
}
_COLUMN_KIND = {
    "bsn": "bsn",
    "geboortedatum": "date",
    "datum_vestiging": "date",
    "datum": "date",
    "geslacht": "text",
    "wijk": "text",
    "naam": "text",
    "adres": "text",
    "woonplaats": "text",
    "adres_id": "adres_id",
    "partner_bsn": "optional_bsn",
    "ouder1_bsn": "optional_bsn",
    "ouder2_bsn": "optional_bsn",
    "migratieachtergrond": "migratieachtergrond",
    "postcode": "postcode",
    "telefoon": "telefoon",
    "uitkomst": "uitkomst",
}


def _fill(template: str, value: str) -> str:
    bsn = value if len(value) == 9 and value.isdigit() else "123456782"
    last = (int(bsn[-1]) + 1) % 10
    return template.format(v=bsn, v8=bsn[1:], bad=bsn[:-1] + str(last), a=value, a15=value[:-1])


def _corrupt(path: Path, rng: random.Random, *, share: float) -> None:
    """Mutate about ``share`` of the data lines of a CSV delivery in awkward ways, and add blank
    lines and lines with too few or too many fields."""
    header, *body = path.read_text(encoding="utf-8").splitlines()
    names = header.split(";")
    out = [header]
    for line in body:
        fields = line.split(";")
        if rng.random() < share:
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(len(names))
                fields[i] = _fill(rng.choice(_AWKWARD[_COLUMN_KIND[names[i]]]), fields[i])
        roll = rng.random()
        if roll < 0.01:
            out.append(rng.choice(["", "   ", ";" * (len(names) - 1), " ;\t; "]))
        elif roll < 0.02:
            fields = fields[:-1] if rng.random() < 0.5 else [*fields, "extra"]
        out.append(";".join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_spaces_outside_the_basic_plane_do_not_exist() -> None:
    """SPACE_CLASS lists the whitespace of the Basic Multilingual Plane only."""
    assert not any(chr(c).isspace() for c in range(0x10000, sys.maxunicode + 1))
    assert all(f"\\x{{{c:x}}}" in SPACE_CLASS for c in range(0x10000) if chr(c).isspace())


def test_faulty_simulator_output_bulk_equals_rows(faulty_town: Path) -> None:
    files = sorted((faulty_town / "uitkomsten").glob("*.csv"))
    assert files
    rejected = 0
    for path in files:
        rejected += assert_same(path).report.rejected
    assert rejected  # the simulator's outcome faults are there


@pytest.mark.parametrize("kind", ["brp", "contact", "uitkomsten"])
def test_awkward_values_bulk_equals_rows(faulty_town: Path, tmp_path: Path, kind: str) -> None:
    rng = random.Random(f"bulk-{kind}")
    accepted = rejected = 0
    sources = sorted((faulty_town / kind).glob("*.csv"))
    for source in sources if kind == "uitkomsten" else sources[:3]:  # outcomes: few lines
        path = tmp_path / kind / source.name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(source.read_bytes())
        _corrupt(path, rng, share=0.5)
        result = assert_same(path)
        accepted += result.report.accepted
        rejected += result.report.rejected
    assert accepted and rejected


def test_header_order_extra_columns_crlf_and_bom(faulty_town: Path, tmp_path: Path) -> None:
    source = sorted((faulty_town / "contact").glob("*.csv"))[0]
    header, *body = source.read_text(encoding="utf-8").splitlines()
    order = [5, 0, 3, 1, 2, 4]
    names = header.split(";")
    lines = [";".join([names[i] for i in order] + ["opmerking"])]
    lines += [";".join([line.split(";")[i] for i in order] + ["-"]) for line in body]
    path = tmp_path / "contact" / source.name
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())
    assert assert_same(path).report.accepted == len(body)


@pytest.mark.parametrize(
    "content",
    [
        'bsn;datum;uitkomst\n"123456782";2020-01-01;wsnp\n',  # a quote: csv rules
        "bsn;datum;uitkomst\r123456782;2020-01-01;wsnp\r",  # old Mac line ends
        "bsn;datum;uitkomst\n123456782;2020-01-01;wsnp\n\x00\n",  # NUL
        "bsn;datum\n123456782;2020-01-01\n",  # a header without a contract column
        "bsn;datum;uitkomst;datum\n123456782;2020-01-01;wsnp;2020-02-01\n",  # a column twice
        "",
    ],
)
def test_files_that_are_not_plain_take_the_row_path(tmp_path: Path, content: str) -> None:
    path = tmp_path / "uitkomsten" / "2024-03.csv"
    path.parent.mkdir()
    path.write_bytes(content.encode())
    assert_same(path, bulk_expected=False)


_VALUE = st.one_of(
    st.text(alphabet="0123456789- ABab\u00a0\x1f\t", max_size=12),
    st.sampled_from(["123456782", "2020-02-29", "2021-02-29", "1234 AB", "wsnp", "nederland"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(st.lists(_VALUE, min_size=2, max_size=4), min_size=1, max_size=8))
def test_random_outcome_rows_bulk_equals_rows(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "uitkomsten" / "2024-03.csv"
    path.parent.mkdir(exist_ok=True)
    text = "bsn;datum;uitkomst\n" + "\n".join(";".join(r) for r in rows) + "\n"
    path.write_bytes(text.encode())
    assert_same(path)
