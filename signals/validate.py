"""Validate deliveries against the signal contract, without loading them anywhere.

Every delivered record ends up accepted or rejected with a reason code and a Dutch message
(``signals.rejects``); a whole-file problem refuses the whole file, never half of it. The counts
always reconcile: ``received = accepted + rejected`` (see docs/ingestion.md for every rule).

Events files are streamed in chunks; large ones are checked by several processes (the line checks
run in parallel, the cross-line checks in file order in this process).
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from signals._parse_bulk import parse_csv_bulk
from signals._parse_common import DeliveryContext, detail
from signals._parse_csv import parse_csv_file
from signals._parse_events import EventChunk, decode_loose, parse_event_chunk
from signals._references import Candidates, KnownEvents, settle
from signals.contracts import schema_for
from signals.i18n import translate
from signals.rejects import Reject, RejectCode, message
from signals.sources import load_sources, load_type_codes

__all__ = [
    "DeliveryError",
    "FileReport",
    "KnownEvents",
    "ValidationResult",
    "detect_delivery",
    "iter_delivery_files",
    "scan_deliveries",
    "validate_file",
]

#: Bytes per chunk of an events file (whole lines; about 12,000 events).
CHUNK_BYTES = 4 << 20
#: Files at least this large are checked by worker processes when ``workers`` is not given.
PARALLEL_MIN_BYTES = 48 << 20
_BOM = b"\xef\xbb\xbf"

_MESSAGES: dict[str, dict[str, str]] = {
    "not_in_layout": {
        "nl": "'{path}' is geen aanlevering volgens het contract. Verwacht: "
        "landing/<bron>/<JJJJ-MM>.jsonl of .csv, brp/<JJJJ-MM>.csv, uitkomsten/<JJJJ-MM>.csv "
        "of contact/<JJJJ-MM>.csv.",
        "en": "'{path}' is not a delivery as the contract lays them out. Expected: "
        "landing/<bron>/<YYYY-MM>.jsonl or .csv, brp/<YYYY-MM>.csv, uitkomsten/<YYYY-MM>.csv "
        "or contact/<YYYY-MM>.csv.",
    },
    "not_found": {
        "nl": "'{path}' bestaat niet.",
        "en": "'{path}' does not exist.",
    },
}

_KIND_FOLDERS = {"brp": "brp", "uitkomsten": "uitkomsten", "contact": "contact"}


class DeliveryError(ValueError):
    """A path that is not a delivery as the contract lays them out (a usage error)."""


def _month_ok(stem: str) -> bool:
    return (
        len(stem) == 7
        and stem[4] == "-"
        and stem[:4].isdigit()
        and stem[5:].isdigit()
        and 1 <= int(stem[5:]) <= 12
    )


def detect_delivery(path: Path) -> tuple[str, str, str]:
    """``(bron, kind, 'YYYY-MM')`` of a delivery file from its place in the contract layout.

    ``landing/<bron>/<YYYY-MM>.jsonl`` -> events, ``landing/<bron>/<YYYY-MM>.csv`` -> signals,
    ``brp/``, ``uitkomsten/`` and ``contact/<YYYY-MM>.csv`` -> bron and kind both the folder
    name. The bron is returned even when it is not registered (the validator refuses it).
    Raises :class:`DeliveryError` otherwise."""
    path = Path(path)
    stem, suffix, parent = path.stem, path.suffix, path.parent
    if _month_ok(stem):
        if parent.name in _KIND_FOLDERS and suffix == ".csv":
            return parent.name, _KIND_FOLDERS[parent.name], stem
        if parent.parent.name == "landing" and parent.name and suffix in (".jsonl", ".csv"):
            return parent.name, "events" if suffix == ".jsonl" else "signals", stem
    raise DeliveryError(translate(_MESSAGES, "not_in_layout", path=str(path)))


@dataclass
class FileReport:
    """What validating one file found.

    ``received`` counts the non-empty record lines (a CSV header is not a record). When the whole
    file is refused, ``rejects`` holds one entry with ``line = None`` and every received record
    counts as rejected, so ``received = accepted + rejected`` holds in every case."""

    path: str
    bron: str | None
    kind: str | None
    month: str | None
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)

    @property
    def whole_file_rejected(self) -> bool:
        return bool(self.rejects) and self.rejects[0].line is None

    def counts_by_code(self) -> dict[str, int]:
        """Rejected records per reason code (a whole-file reject counts every record)."""
        if self.whole_file_rejected:
            return {str(self.rejects[0].code): self.rejected}
        return dict(sorted(Counter(str(r.code) for r in self.rejects).items()))

    def to_dict(self, *, max_rejects: int | None = None) -> dict[str, object]:
        """The report as plain JSON-able values (no raw lines: they can hold a BSN)."""
        shown = self.rejects if max_rejects is None else self.rejects[:max_rejects]
        return {
            "path": self.path,
            "bron": self.bron,
            "kind": self.kind,
            "month": self.month,
            "received": self.received,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejected_by_code": self.counts_by_code(),
            "rejects": [{"line": r.line, "code": str(r.code), "message": r.message} for r in shown],
        }


@dataclass
class ValidationResult:
    """The report, and (with ``collect``) the accepted records in the schema of
    :data:`signals.contracts.ACCEPTED_SCHEMAS` (``None`` when the file is refused whole)."""

    report: FileReport
    accepted: pa.Table | None


def _count_record_lines(path: Path, *, csv_header: bool) -> int:
    count = 0
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip(b" \t\r\n\x00"):  # a UTF-16 file leaves a lone NUL after its last newline
                count += 1
    return max(count - 1, 0) if csv_header else count


def _encoding_detail(path: Path) -> str:
    from charset_normalizer import from_bytes

    with path.open("rb") as handle:
        sample = handle.read(1 << 16)
    best = from_bytes(sample).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return detail("encoding_unknown")
    return detail("encoding", encoding=best.encoding.replace("_", "-"))


def _refuse(
    report: FileReport,
    path: Path,
    code: RejectCode,
    *,
    received: int | None = None,
    **values: Any,
) -> ValidationResult:
    """Refuse the whole file: one reject with ``line = None``; every record counts as rejected."""
    if received is None:
        received = _count_record_lines(path, csv_header=report.kind != "events")
    report.received = received
    report.accepted = 0
    report.rejected = received
    report.rejects = [Reject(report.path, None, code, message(code, **values))]
    return ValidationResult(report, None)


def _source_problem(bron: str, kind: str) -> tuple[RejectCode, dict[str, Any]] | None:
    source = load_sources().get(bron)
    if source is None:
        return RejectCode.BRON_ONBEKEND, {"waarde": bron, "gevolg": detail("whole_file")}
    if not source.has_legal_basis:
        return RejectCode.BRON_ZONDER_GRONDSLAG, {"waarde": bron}
    if not source.ingeschakeld:
        return RejectCode.BRON_ZONDER_GRONDSLAG, {"waarde": bron, "detail": detail("disabled")}
    if kind not in source.formaten:
        return RejectCode.BRON_ONBEKEND, {
            "waarde": bron,
            "detail": detail("kind_not_registered", kind=kind),
            "gevolg": detail("whole_file"),
        }
    return None


def validate_file(
    path: Path,
    *,
    known: KnownEvents | None = None,
    collect: bool = True,
    workers: int | None = None,
    bulk: bool = True,
) -> ValidationResult:
    """Validate one delivery file.

    ``known``: events of earlier files (kenmerken, contents, opened cases); the file's accepted
    events are added to it when the file is not refused whole, so one ``KnownEvents`` can be
    carried through the files of :func:`iter_delivery_files`. ``collect``: also return the
    accepted records (otherwise memory stays flat however large the file). ``workers``: processes
    for the line checks of an events file (default: 2 for files of 48 MiB and more, else 1).
    ``bulk``: check plain BRP, contact and outcome files a column at a time
    (``signals._parse_bulk``; same accepted rows and rejects as the row by row check, which
    ``bulk=False`` forces).
    Raises :class:`DeliveryError` when ``path`` is not a delivery file of the contract layout."""
    path = Path(path)
    if not path.is_file():
        raise DeliveryError(translate(_MESSAGES, "not_found", path=str(path)))
    bron, kind, month = detect_delivery(path)
    report = FileReport(path=str(path), bron=bron, kind=kind, month=month)
    problem = _source_problem(bron, kind)
    if problem is not None:
        return _refuse(report, path, problem[0], **problem[1])
    ctx = DeliveryContext(path=str(path), bron=bron, kind=kind, month=month)
    if kind == "events":
        return _validate_events(path, ctx, report, known=known, collect=collect, workers=workers)
    outcome = (parse_csv_bulk(path, ctx=ctx, collect=collect) if bulk else None) or parse_csv_file(
        path, ctx=ctx, collect=collect
    )
    if outcome.whole_file is not None:
        code, values = outcome.whole_file
        if code is RejectCode.ONLEESBAAR_BESTAND and "detail" not in values:
            values = {**values, "detail": _encoding_detail(path)}
        received = outcome.received if code is RejectCode.ONTBREKEND_VELD else None
        return _refuse(report, path, code, received=received, **values)
    report.received = outcome.received
    report.rejects = outcome.rejects
    report.rejected = len(outcome.rejects)
    report.accepted = report.received - report.rejected
    return ValidationResult(report, outcome.table)


# --- events ---------------------------------------------------------------------------------


def _chunk_ranges(path: Path, chunk_bytes: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` byte ranges of whole-line chunks of about ``chunk_bytes`` (BOM skipped).

    Only the few bytes after each boundary are read here: the chunks themselves are read by
    whichever process checks them."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = len(_BOM) if handle.read(len(_BOM)) == _BOM else 0
        while start < size:
            end = start + chunk_bytes
            if end >= size:
                yield start, size
                return
            handle.seek(end - 1)  # the chunk ends after the first newline from here on
            while True:
                block = handle.read(1 << 16)
                cut = block.find(b"\n")
                if cut >= 0:
                    end = handle.tell() - len(block) + cut + 1
                    break
                if not block:
                    end = size
                    break
            yield start, end
            start = end


def _read_range(path: str, start: int, end: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(start)
        return handle.read(end - start)


def _check_range(
    args: tuple[str, int, int, int, DeliveryContext, bool, bool],
) -> tuple[EventChunk, int]:
    """Read and check one chunk; also returns the number of newlines in it."""
    path, start, end, first_line, ctx, collect, sniff = args
    data = _read_range(path, start, end)
    chunk = parse_event_chunk(data, first_line=first_line, ctx=ctx, collect=collect, sniff=sniff)
    return chunk, data.count(b"\n")


def _shift_lines(chunk: EventChunk, by: int) -> None:
    """Renumber a chunk that was checked as if it started at line 1."""
    chunk.candidates[:, 0] += by
    chunk.rejects[:] = [replace(r, line=r.line + by) for r in chunk.rejects if r.line is not None]
    if chunk.batch is not None:
        at = chunk.batch.schema.get_field_index("source_line")
        shifted = pc.add(chunk.batch.column(at), pa.scalar(by, pa.int32()))
        chunk.batch = chunk.batch.set_column(at, chunk.batch.schema.field(at), shifted)


class _Lines:
    """The raw lines of one chunk, read and split only when a message needs one."""

    def __init__(self, path: str, start: int, end: int, first_line: int) -> None:
        self.path, self.start, self.end, self.first_line = path, start, end, first_line
        self._lines: list[bytes] | None = None

    def __getitem__(self, line: int) -> str:
        if self._lines is None:
            self._lines = _read_range(self.path, self.start, self.end).split(b"\n")
        return self._lines[line - self.first_line].decode()


def _checked_chunks(
    path: Path, ctx: DeliveryContext, *, collect: bool, workers: int
) -> Iterator[tuple[_Lines, EventChunk]]:
    """The line checks of every chunk, in file order; with ``workers > 1`` a bounded number of
    chunks is in flight at a time so memory stays flat, and each worker reads its own chunks
    (this process sends only byte ranges and receives compact results)."""
    name = str(path)
    first_line = 1
    if workers <= 1 or os.name != "posix":
        for i, (start, end) in enumerate(_chunk_ranges(path, CHUNK_BYTES)):
            chunk, newlines = _check_range((name, start, end, first_line, ctx, collect, i == 0))
            yield _Lines(name, start, end, first_line), chunk
            first_line += newlines
        return
    # Fork: the workers inherit the loaded modules (fast start) and Python's hash secret, so the
    # 64-bit keys they compute match this process's index. (Without fork: one process.)
    load_type_codes()  # read the register before forking, so no worker needs the import lock
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        window: deque[tuple[int, int, Future[tuple[EventChunk, int]]]] = deque()

        def done() -> tuple[_Lines, EventChunk]:
            nonlocal first_line
            start, end, future = window.popleft()
            chunk, newlines = future.result()
            if first_line > 1:
                _shift_lines(chunk, first_line - 1)
            lines = _Lines(name, start, end, first_line)
            first_line += newlines
            return lines, chunk

        for i, (start, end) in enumerate(_chunk_ranges(path, CHUNK_BYTES)):
            task = (name, start, end, 1, ctx, collect, i == 0)
            window.append((start, end, pool.submit(_check_range, task)))
            if len(window) >= 2 * workers:
                yield done()
        while window:
            yield done()


@dataclass
class _Pending:
    """Events waiting for a reference that may come later in the file."""

    cands: list[Candidates] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    batches: list[pa.RecordBatch] = field(default_factory=list)


def _field(raw: str, name: str) -> str:
    return str(getattr(decode_loose(raw.encode()), name))


def _duplicate_reject(path: str, line: int, raw: str) -> Reject:
    code = RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD
    return Reject(path, line, code, message(code, waarde=_field(raw, "gebeurteniskenmerk")), raw)


def _validate_events(
    path: Path,
    ctx: DeliveryContext,
    report: FileReport,
    *,
    known: KnownEvents | None,
    collect: bool,
    workers: int | None,
) -> ValidationResult:
    if workers is None:
        big = path.stat().st_size >= PARALLEL_MIN_BYTES
        workers = 2 if big and (os.cpu_count() or 1) > 1 else 1
    file_known = KnownEvents()
    batches: list[pa.RecordBatch] = []
    rejects: list[Reject] = []
    pending = _Pending()
    received = 0
    for raw, chunk in _checked_chunks(path, ctx, collect=collect, workers=workers):
        if chunk.encoding_error:
            return _refuse(
                report, path, RejectCode.ONLEESBAAR_BESTAND, detail=_encoding_detail(path)
            )
        if chunk.not_json_lines:
            return _refuse(report, path, RejectCode.GEEN_JSON, detail=detail("not_json_lines"))
        received += chunk.received
        rejects.extend(chunk.rejects)
        if not len(chunk.candidates):
            continue
        lines = chunk.candidates[:, 0]
        cands = Candidates.from_matrix(chunk.candidates)
        settled = settle(cands, known=known, file_known=file_known)
        for i in np.flatnonzero(settled.duplicate):
            rejects.append(_duplicate_reject(ctx.path, int(lines[i]), raw[int(lines[i])]))
        waiting = np.flatnonzero(settled.pending)
        if len(waiting):
            pending.cands.append(cands.take(waiting))
            pending.lines.extend(int(n) for n in lines[waiting])
            pending.raws.extend(raw[int(n)] for n in lines[waiting])
            if chunk.batch is not None:
                pending.batches.append(chunk.batch.take(pa.array(waiting)))
        if chunk.batch is not None:
            batches.append(chunk.batch.filter(pa.array(settled.accepted)))
    if pending.lines:
        batches.extend(_settle_pending(pending, ctx, known, file_known, rejects))
    rejects.sort(key=lambda r: r.line or 0)
    report.received = received
    report.rejects = rejects
    report.rejected = len(rejects)
    report.accepted = received - len(rejects)
    if known is not None:
        known.merge(file_known, consume=True)
    table = None
    if collect:
        table = pa.Table.from_batches(batches, schema=schema_for("events"))
        table = table.sort_by("source_line") if pending.lines else table
    return ValidationResult(report, table)


def _settle_pending(
    pending: _Pending,
    ctx: DeliveryContext,
    known: KnownEvents | None,
    file_known: KnownEvents,
    rejects: list[Reject],
) -> list[pa.RecordBatch]:
    """Retry the waiting events now that the whole file is known, until nothing changes; reject
    what still misses its reference. Returns the batches of the events accepted now."""
    cands = Candidates.concat(pending.cands)
    index = np.arange(len(cands))
    table = (
        pa.Table.from_batches(pending.batches, schema=schema_for("events"))
        if pending.batches
        else None
    )
    accepted: list[pa.RecordBatch] = []
    while len(index):
        settled = settle(cands.take(index), known=known, file_known=file_known)
        for i in index[settled.duplicate]:
            rejects.append(_duplicate_reject(ctx.path, pending.lines[i], pending.raws[i]))
        if table is not None and settled.accepted.any():
            accepted.extend(table.take(pa.array(index[settled.accepted])).to_batches())
        progressed = settled.accepted.any()
        index = index[settled.pending]
        if not progressed:
            break
    code = RejectCode.VERWIJZING_ONBEKEND
    for i in index:
        zaak = _field(pending.raws[i], "zaakkenmerk")
        opened = file_known.is_opened(bron=ctx.bron, zaakkenmerk=zaak) or (
            known is not None and known.is_opened(bron=ctx.bron, zaakkenmerk=zaak)
        )
        missing = zaak if not opened else _field(pending.raws[i], "ingetrokken_gebeurteniskenmerk")
        rejects.append(
            Reject(ctx.path, pending.lines[i], code, message(code, waarde=missing), pending.raws[i])
        )
    return accepted


# --- finding delivery files -------------------------------------------------------------------

_KIND_ORDER = {"brp": 0, "contact": 1, "events": 2, "signals": 2, "uitkomsten": 3}


def _sort_key(path: Path) -> tuple:
    bron, kind, month = detect_delivery(path)
    order = list(load_sources())
    bron_rank = order.index(bron) if bron in order else len(order)
    return (month, _KIND_ORDER[kind], bron_rank, bron, 0 if kind == "events" else 1, str(path))


def scan_deliveries(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """``(delivery files in processing order, other files found in the given folders)``.

    Raises :class:`DeliveryError` for a path that does not exist or a file given by name that is
    not a delivery of the contract layout."""
    found: set[Path] = set()
    skipped: list[Path] = []
    for given in paths:
        p = Path(given)
        if p.is_file():
            detect_delivery(p)
            found.add(p)
        elif p.is_dir():
            for candidate in sorted(p.rglob("*")):
                if not candidate.is_file() or any(
                    part.startswith(".") for part in candidate.parts[len(p.parts) :]
                ):
                    continue
                try:
                    detect_delivery(candidate)
                except DeliveryError:
                    if candidate.suffix in (".csv", ".jsonl") and _in_delivery_folder(candidate):
                        skipped.append(candidate)
                    continue
                found.add(candidate)
        else:
            raise DeliveryError(translate(_MESSAGES, "not_found", path=str(p)))
    return sorted(found, key=_sort_key), skipped


def _in_delivery_folder(path: Path) -> bool:
    names = {part for part in path.parts[:-1]}
    return bool(names & {"landing", "brp", "uitkomsten", "contact"})


def iter_delivery_files(paths: Sequence[Path]) -> list[Path]:
    """The delivery files among ``paths`` (files, or folders laid out as in the contract) in a
    deterministic order: per month ascending, brp, contact, landing (bron order of
    sources.toml, ``.jsonl`` before ``.csv``), uitkomsten."""
    return scan_deliveries(paths)[0]
