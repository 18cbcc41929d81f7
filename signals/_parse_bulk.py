"""Bulk checks of the large CSV deliveries (BRP, contact, outcomes): whole columns at a time.

The rules live in one place, the row checks of ``signals._parse_csv``. This module only finds,
in bulk, the rows that certainly pass them: Arrow compute kernels and NumPy test each column
against a *stricter* form of the rules (exactly 9 digits for a BSN, nothing to strip, a canonical
date, ...). Those rows are accepted with the values the row check would give them; every other
row goes through :func:`signals._parse_csv.check_row`, which accepts it or gives its reject code
and message. So the accepted rows and the rejects are the same as the row path's
(``tests/signals/test_validate_bulk.py`` compares both on faulty simulator output).

The bulk path takes only files whose lines are plain ``;``-separated records: UTF-8, no quote
character, no NUL, no lone carriage return and no line over the ``csv`` module's field size
limit. A file that is not (or whose header lacks a contract column) returns ``None``, and the
caller reads it with the row path, which also decides every whole-file refusal.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from signals._parse_common import DeliveryContext
from signals._parse_csv import CsvOutcome, check_row, to_table
from signals.contracts import CSV_COLUMNS, MIGRATIE_CATEGORIEEN, UITKOMSTEN, schema_for
from signals.rejects import Reject

__all__ = ["BULK_KINDS", "SPACE_CLASS", "parse_csv_bulk"]

_BOM = b"\xef\xbb\xbf"

#: Every character ``str.strip()`` removes (``str.isspace``; all lie in the Basic Multilingual
#: Plane, see the tests), as an RE2 character class.
SPACE_CLASS = "[" + "".join(f"\\x{{{c:x}}}" for c in range(0x10000) if chr(c).isspace()) + "]"
_EDGE_SPACE = f"^{SPACE_CLASS}|{SPACE_CLASS}$"
_BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)

#: (ok per row, accepted values) of one column.
Checked = tuple[np.ndarray, pa.Array]


def _np(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def _matches(col: pa.Array, pattern: str) -> np.ndarray:
    return _np(pc.match_substring_regex(col, pattern))


def _empty(col: pa.Array) -> np.ndarray:
    return _np(pc.equal(pc.binary_length(col), 0))


def _or_null(col: pa.Array, empty: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(empty), pa.nulls(len(col), pa.string()), col)


def _text(col: pa.Array) -> Checked:
    """A required free-text field: not empty, nothing to strip."""
    return ~_empty(col) & ~_matches(col, _EDGE_SPACE), col


def _optional_text(col: pa.Array) -> Checked:
    """An optional free-text field: empty (NULL) or nothing to strip."""
    empty = _empty(col)
    return empty | ~_matches(col, _EDGE_SPACE), _or_null(col, empty)


def _bsn(col: pa.Array) -> Checked:
    """A BSN of exactly 9 ASCII digits passing the eleven-test (sum not 0)."""
    ok = _matches(col, "^[0-9]{9}$")
    nine = col.filter(pa.array(ok))
    if len(nine):
        # the 9-byte values lie back to back in the data buffer
        offsets = np.frombuffer(nine.buffers()[1], dtype=np.int32)
        first = int(offsets[nine.offset])
        data = np.frombuffer(nine.buffers()[2], dtype=np.uint8)
        digits = data[first : first + 9 * len(nine)].reshape(-1, 9).astype(np.int64) - 48
        total = digits @ _BSN_WEIGHTS
        ok[ok] = (total != 0) & (total % 11 == 0)
    return ok, col


def _optional_bsn(col: pa.Array) -> Checked:
    empty = _empty(col)
    return empty | _bsn(col)[0], _or_null(col, empty)


def _date(col: pa.Array, *, last_day: int) -> Checked:
    """A canonical ``YYYY-MM-DD`` date (year 1 or later) on or before ``last_day`` (days since
    1970-01-01)."""
    shape = _matches(col, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & ~_matches(col, "^0000")
    col = pc.if_else(pa.array(shape), col, pa.scalar("1970-01-01"))  # digits where cast below
    parsed = pc.strptime(col, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls an impossible day over (31 April -> 1 May): the parts must come back
    same = [
        pc.equal(part(parsed), pc.cast(pc.utf8_slice_codeunits(col, start, stop), pa.int64()))
        for part, start, stop in ((pc.year, 0, 4), (pc.month, 5, 7), (pc.day, 8, 10))
    ]
    days = pc.cast(parsed, pa.date32())
    in_time = pc.less_equal(days, pa.scalar(last_day, pa.date32()))
    ok = shape.copy()
    for condition in (*same, in_time):
        ok &= _np(pc.fill_null(condition, False))
    return ok, days


def _choice(col: pa.Array, allowed: tuple[str, ...], *, required: bool) -> Checked:
    listed = _np(pc.is_in(col, value_set=pa.array(allowed)))
    if required:
        return listed, col
    empty = _empty(col)
    return empty | listed, _or_null(col, empty)


def _digits16(col: pa.Array) -> Checked:
    return _matches(col, "^[0-9]{16}$"), col


def _postcode(col: pa.Array) -> Checked:
    """``1234 AB`` or ``1234ab`` (nothing to strip), written ``1234 AB``."""
    ok = _matches(col, "^[1-9][0-9]{3} ?[A-Za-z]{2}$")
    digits = pc.utf8_slice_codeunits(col, 0, 4)
    letters = pc.utf8_upper(pc.utf8_slice_codeunits(col, -2, 2**31 - 1))
    return ok, pc.binary_join_element_wise(digits, letters, " ")


def _checks(kind: str, last_day: int) -> dict[str, Callable[[pa.Array], Checked]]:
    """Per contract column of ``kind``, its strict check."""

    def day(col: pa.Array) -> Checked:
        return _date(col, last_day=last_day)

    if kind == "brp":
        return {
            "bsn": _bsn,
            "geboortedatum": day,
            "geslacht": _text,
            "adres_id": _digits16,
            "wijk": _text,
            "datum_vestiging": day,
            "partner_bsn": _optional_bsn,
            "ouder1_bsn": _optional_bsn,
            "ouder2_bsn": _optional_bsn,
            "migratieachtergrond": lambda c: _choice(c, MIGRATIE_CATEGORIEEN, required=False),
        }
    if kind == "uitkomsten":
        return {
            "bsn": _bsn,
            "datum": day,
            "uitkomst": lambda c: _choice(c, UITKOMSTEN, required=True),
        }
    if kind == "contact":
        return {
            "bsn": _bsn,
            "naam": _text,
            "adres": _text,
            "postcode": _postcode,
            "woonplaats": _text,
            "telefoon": _optional_text,
        }
    raise KeyError(kind)


#: The delivery kinds with a bulk path (legacy signals files are small: row path only).
BULK_KINDS = frozenset({"brp", "uitkomsten", "contact"})


def _plain_lines(path: Path) -> list[str] | None:
    """The file's lines when it is plain (see the module docstring), else ``None``."""
    data = path.read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data:
        if data.count(b"\r") != data.count(b"\r\n"):
            return None
        data = data.replace(b"\r\n", b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if max(map(len, lines)) > csv.field_size_limit():
        return None
    return lines


def parse_csv_bulk(path: Path, *, ctx: DeliveryContext, collect: bool) -> CsvOutcome | None:
    """The outcome of checking the CSV delivery at ``path`` (kind in :data:`BULK_KINDS`), equal
    to :func:`signals._parse_csv.parse_csv_file`'s; ``None`` when the file needs the row path."""
    if ctx.kind not in BULK_KINDS:
        return None
    lines = _plain_lines(path)
    if lines is None:
        return None
    header = [h.strip() for h in lines[0].split(";")]
    columns = CSV_COLUMNS[ctx.kind]
    if any(header.count(c) != 1 for c in columns):
        return None  # missing (a whole-file refusal) or ambiguous: the row path decides
    width = len(header)
    body = pa.array(lines[1:], type=pa.string())
    line_numbers = np.arange(2, len(lines) + 1, dtype=np.int32)
    blank = _matches(body, f"^[;{SPACE_CLASS[1:-1]}]*$")  # skipped, like the row path does
    parts = pc.split_pattern(body, ";")
    right_width = _np(pc.equal(pc.list_value_length(parts), width))
    candidate = right_width & ~blank
    fields = pc.list_flatten(parts.filter(pa.array(candidate)))
    n = int(candidate.sum())
    ok = np.ones(n, dtype=bool)
    values: dict[str, pa.Array] = {}
    for name, check in _checks(ctx.kind, ctx.last_day).items():
        col = fields.take(pa.array(np.arange(header.index(name), n * width, width)))
        col_ok, values[name] = check(col)
        ok &= col_ok
    candidate_lines = line_numbers[candidate]
    # every other non-blank row: the row check decides (accepted after all, or its reject)
    slow_lines = np.sort(
        np.concatenate([candidate_lines[~ok], line_numbers[~right_width & ~blank]])
    )
    rejects: list[Reject] = []
    slow_rows: list[tuple] = []
    for lineno in slow_lines.tolist():
        result = check_row(lines[lineno - 1].split(";"), header=header, lineno=lineno, ctx=ctx)
        if isinstance(result, Reject):
            rejects.append(result)
        else:
            slow_rows.append(result)
    out = CsvOutcome(received=int((~blank).sum()), rejects=rejects)
    if collect:
        keep = pa.array(ok)
        fast = [values[c].filter(keep) for c in columns]
        out.table = _accepted(fast, candidate_lines[ok], slow_rows, ctx)
    return out


def _accepted(
    fast: list[pa.Array], lines: np.ndarray, slow_rows: list[tuple], ctx: DeliveryContext
) -> pa.Table:
    """The rows accepted in bulk and those accepted by the row check, in line order."""
    schema = schema_for(ctx.kind)
    arrays = [a.cast(f.type) for a, f in zip(fast, schema, strict=False)]
    arrays.append(pa.repeat(pa.scalar(ctx.path, pa.string()), len(lines)))
    arrays.append(pa.array(lines, type=pa.int32()))
    table = pa.Table.from_arrays(arrays, schema=schema)
    if not slow_rows:
        return table
    return pa.concat_tables([table, to_table(slow_rows, ctx)]).sort_by("source_line")
