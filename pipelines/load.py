"""Loading one month of one source into the warehouse.

``signals.validate`` decides what is accepted and rejected; this module only stores the result:
per delivered file, in one transaction, the accepted records (pseudonymised; agency records of
people not in the month's population register are dropped by policy and counted), the rejects
(message public, raw line restricted) and one ``serving.deliveries`` row. Loading a file again
replaces what it loaded before. A month without a delivery of a source is marked ``ontbreekt`` in
``serving.freshness``; without a register extract the latest earlier register is carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.partitions import month_key
from pipelines.pseudonyms import add_pseudonyms
from pipelines.warehouse import scalar, transaction
from signals.contracts import schema_for
from signals.paths import DataDir
from signals.validate import FileReport, KnownEvents, validate_file

__all__ = ["Totals", "load_agency", "load_brp", "load_contact", "load_outcomes"]


@dataclass
class Totals:
    """Counts over the files loaded by one asset run (records, not files, except ``files``)."""

    files: int = 0
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    dropped_by_policy: int = 0
    missing_months: int = 0

    def __iadd__(self, other: Totals) -> Totals:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def metadata(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _validate(path: Path, known: KnownEvents | None = None) -> tuple[FileReport, pa.Table]:
    """The file's report and its accepted records (an empty table when refused whole)."""
    result = validate_file(path, known=known)
    table = result.accepted
    if table is None:
        table = schema_for(result.report.kind or "events").empty_table()
    return result.report, table


def _relative(data: DataDir, path: Path) -> str:
    try:
        return path.relative_to(data.root).as_posix()
    except ValueError:
        return path.as_posix()


def _files(folder: Path, month: date, suffixes: tuple[str, ...]) -> list[Path]:
    key = month_key(month)
    return [p for s in suffixes if (p := folder / f"{key}{s}").is_file()]


def _register_month(con: duckdb.DuckDBPyConnection, month: date) -> date | None:
    """The register month used for ``month``: itself, or the latest earlier one loaded."""
    return scalar(con, "SELECT max(month) FROM restricted.bsn_map WHERE month <= ?", [month])


def _record_file(
    con: duckdb.DuckDBPyConnection,
    *,
    rel: str,
    bron: str,
    kind: str,
    month: date,
    report: FileReport,
    dropped: int,
) -> None:
    """Replace the deliveries row, rejects and raw reject lines of one file (inside the caller's
    transaction)."""
    for table in ("serving.deliveries", "serving.rejects", "restricted.reject_raw"):
        con.execute(f"DELETE FROM {table} WHERE path = ?", [rel]).complete()
    accepted = report.accepted - dropped
    con.execute(
        "INSERT INTO serving.deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rel,
            bron,
            kind,
            month,
            report.received,
            accepted,
            report.rejected,
            dropped,
            datetime.now(UTC),
        ],
    ).complete()
    if not report.rejects:
        return
    rejects = pa.table(
        {
            "line": pa.array([r.line for r in report.rejects], type=pa.int32()),
            "code": pa.array([str(r.code) for r in report.rejects], type=pa.string()),
            "message": pa.array([r.message for r in report.rejects], type=pa.string()),
            "raw": pa.array([r.raw for r in report.rejects], type=pa.string()),
        }
    )
    con.register("_rejects", rejects)  # one insert per table, not one per reject
    try:
        con.execute(
            "INSERT INTO serving.rejects SELECT ?, ?, ?, ?, line, code, message FROM _rejects",
            [rel, bron, kind, month],
        ).complete()
        con.execute(
            "INSERT INTO restricted.reject_raw SELECT ?, line, raw FROM _rejects", [rel]
        ).complete()
    finally:
        con.unregister("_rejects")


def _mark(con: duckdb.DuckDBPyConnection, month: date, bron: str, status: str) -> None:
    with transaction(con):
        con.execute(
            "DELETE FROM serving.freshness WHERE month = ? AND bron = ?", [month, bron]
        ).complete()
        con.execute(
            "INSERT INTO serving.freshness VALUES (?, ?, ?, ?)",
            [month, bron, status, datetime.now(UTC)],
        ).complete()


def _status(con: duckdb.DuckDBPyConnection, month: date, bron: str, found: bool) -> str:
    """'geleverd', 'ontbreekt', or 'te_laat' when a later month of the source was loaded before."""
    if not found:
        return "ontbreekt"
    later = scalar(
        con,
        "SELECT count(*) FROM serving.freshness WHERE bron = ? AND month > ? "
        "AND NOT EXISTS (SELECT 1 FROM serving.freshness f WHERE f.bron = ? AND f.month = ? "
        "AND f.status <> 'ontbreekt')",
        [bron, month, bron, month],
    )
    previously_missing = scalar(
        con,
        "SELECT count(*) FROM serving.freshness WHERE bron = ? AND month = ? "
        "AND status IN ('ontbreekt', 'te_laat')",
        [bron, month],
    )
    return "te_laat" if later or previously_missing else "geleverd"


def load_brp(con: duckdb.DuckDBPyConnection, data: DataDir, month: date) -> Totals:
    """Load ``brp/<month>.csv``: persons (pseudonymised), the BSN map and protected attributes."""
    totals = Totals()
    files = _files(data.brp, month, (".csv",))
    status = _status(con, month, "brp", bool(files))
    for path in files:
        report, table = _validate(path)
        rel = _relative(data, path)
        table = add_pseudonyms(
            data,
            table,
            {
                "bsn": "pseudonym",
                "partner_bsn": "partner",
                "ouder1_bsn": "ouder1",
                "ouder2_bsn": "ouder2",
            },
        )
        con.register("_brp", table)
        try:
            with transaction(con):
                for t in ("raw.persons", "restricted.bsn_map", "restricted.protected_attributes"):
                    con.execute(f"DELETE FROM {t} WHERE month = ?", [month]).complete()
                con.execute(
                    "INSERT INTO raw.persons SELECT ?, pseudonym, adres_id, datum_vestiging, "
                    "partner, ouder1, ouder2, coalesce(date_sub('year', geboortedatum, "
                    "(?::DATE + INTERVAL 1 MONTH)::DATE) < 18, false) FROM _brp",
                    [month, month],
                ).complete()
                con.execute(
                    "INSERT INTO restricted.bsn_map SELECT ?, pseudonym, bsn FROM _brp", [month]
                ).complete()
                con.execute(
                    "INSERT INTO restricted.protected_attributes SELECT pseudonym, ?, "
                    "geboortedatum, geslacht, migratieachtergrond, wijk, adres_id FROM _brp",
                    [month],
                ).complete()
                _record_file(
                    con, rel=rel, bron="brp", kind="brp", month=month, report=report, dropped=0
                )
        finally:
            con.unregister("_brp")
        totals += Totals(1, report.received, report.accepted, report.rejected, 0)
    if not files:
        _carry_register_forward(con, month)
        totals.missing_months += 1
    _mark(con, month, "brp", status)
    return totals


def _carry_register_forward(con: duckdb.DuckDBPyConnection, month: date) -> None:
    """No extract for ``month``: use the latest earlier register (marked missing in freshness)."""
    previous = scalar(con, "SELECT max(month) FROM raw.persons WHERE month < ?", [month])
    with transaction(con):
        for t in ("raw.persons", "restricted.bsn_map", "restricted.protected_attributes"):
            con.execute(f"DELETE FROM {t} WHERE month = ?", [month]).complete()
            if previous is not None:
                con.execute(
                    f"INSERT INTO {t} BY NAME SELECT * REPLACE (?::DATE AS month) FROM {t} "
                    "WHERE month = ?",
                    [month, previous],
                ).complete()


_EVENT_COLUMNS = (
    "bron, gebeurteniskenmerk, gebeurtenis_type, datumtijd_gebeurtenis, zaakkenmerk, "
    "datumtijd_opgelegd, primaire_verplichting, type_financiele_verplichting, categorie, "
    "bedrag_cent, betaal_type, vervaldatum, ingetrokken_gebeurteniskenmerk, datum_betaling, "
    "content_hash, source_line"
)
_SIGNAL_COLUMNS = (
    "bron, zaakkenmerk, type_financiele_verplichting, achterstand_cent, oudste_vervaldatum, "
    "peildatum, source_line"
)


def known_events(con: duckdb.DuckDBPyConnection, bron: str, before: date) -> KnownEvents:
    """The events of ``bron`` delivered in months before ``before``, for cross-file checks."""
    known = KnownEvents()
    table = con.sql(
        "SELECT gebeurteniskenmerk, content_hash, gebeurtenis_type, zaakkenmerk, bron "
        "FROM raw.events WHERE bron = $bron AND delivery_month < $before "
        "ORDER BY delivery_month, source_path, source_line",
        params={"bron": bron, "before": before},
    ).to_arrow_table()
    if table.num_rows:
        known.add_table(table)
    return known


def _store_linked(
    con: duckdb.DuckDBPyConnection,
    target: str,
    columns: str,
    table: pa.Table,
    *,
    month: date,
    register: date | None,
    rel: str,
) -> int:
    """Insert the rows of ``table`` whose BSN is in the register (pseudonymised) into ``target``;
    return the number dropped by policy (inside the caller's transaction)."""
    con.register("_accepted", table)
    try:
        con.execute(f"DELETE FROM {target} WHERE source_path = ?", [rel]).complete()
        con.execute(
            f"INSERT INTO {target} BY NAME SELECT ?::DATE AS delivery_month, ? AS source_path, "
            f"b.pseudonym, {', '.join('a.' + c.strip() for c in columns.split(','))} "
            "FROM _accepted AS a JOIN restricted.bsn_map AS b ON b.bsn = a.bsn AND b.month = ?",
            [month, rel, register],
        ).complete()
        linked = scalar(
            con,
            "SELECT count(*) FROM _accepted AS a JOIN restricted.bsn_map AS b "
            "ON b.bsn = a.bsn AND b.month = ?",
            [register],
        )
    finally:
        con.unregister("_accepted")
    return table.num_rows - int(linked or 0)


def load_agency(
    con: duckdb.DuckDBPyConnection,
    data: DataDir,
    bron: str,
    month: date,
    known: KnownEvents | None = None,
) -> Totals:
    """Load ``landing/<bron>/<month>.jsonl`` (events) and ``.csv`` (legacy signals)."""
    totals = Totals()
    files = _files(data.landing / bron, month, (".jsonl", ".csv"))
    status = _status(con, month, bron, bool(files))
    register = _register_month(con, month)
    if known is None:
        known = known_events(con, bron, month)
    for path in files:
        report, table = _validate(path, known)
        rel = _relative(data, path)
        is_events = report.kind == "events"
        with transaction(con):
            dropped = _store_linked(
                con,
                "raw.events" if is_events else "raw.signals",
                _EVENT_COLUMNS if is_events else _SIGNAL_COLUMNS,
                table,
                month=month,
                register=register,
                rel=rel,
            )
            _record_file(
                con,
                rel=rel,
                bron=bron,
                kind=report.kind or "events",
                month=month,
                report=report,
                dropped=dropped,
            )
        totals += Totals(1, report.received, report.accepted - dropped, report.rejected, dropped)
    if not files:
        totals.missing_months += 1
    _mark(con, month, bron, status)
    return totals


def load_outcomes(con: duckdb.DuckDBPyConnection, data: DataDir, month: date) -> Totals:
    """Load ``uitkomsten/<month>.csv``; outcomes of people not in the register are dropped."""
    totals = Totals()
    files = _files(data.uitkomsten, month, (".csv",))
    status = _status(con, month, "uitkomsten", bool(files))
    register = _register_month(con, month)
    for path in files:
        report, table = _validate(path)
        rel = _relative(data, path)
        with transaction(con):
            dropped = _store_linked(
                con,
                "raw.outcomes",
                "datum, uitkomst",
                table,
                month=month,
                register=register,
                rel=rel,
            )
            _record_file(
                con,
                rel=rel,
                bron="uitkomsten",
                kind="uitkomsten",
                month=month,
                report=report,
                dropped=dropped,
            )
        totals += Totals(1, report.received, report.accepted - dropped, report.rejected, dropped)
    if not files:
        totals.missing_months += 1
    _mark(con, month, "uitkomsten", status)
    return totals


def load_contact(con: duckdb.DuckDBPyConnection, data: DataDir, month: date) -> Totals:
    """Load ``contact/<month>.csv`` into ``restricted.contact`` (residents only)."""
    totals = Totals()
    files = _files(data.contact, month, (".csv",))
    status = _status(con, month, "contact", bool(files))
    register = _register_month(con, month)
    for path in files:
        report, table = _validate(path)
        rel = _relative(data, path)
        con.register("_contact", table)
        try:
            with transaction(con):
                con.execute(
                    "DELETE FROM restricted.contact WHERE delivery_month = ?", [month]
                ).complete()
                con.execute(
                    "INSERT INTO restricted.contact SELECT ?, c.bsn, c.naam, c.adres, "
                    "c.postcode, c.woonplaats, c.telefoon FROM _contact AS c "
                    "WHERE c.bsn IN (SELECT bsn FROM restricted.bsn_map WHERE month = ?)",
                    [month, register],
                ).complete()
                linked = scalar(
                    con,
                    "SELECT count(*) FROM _contact WHERE bsn IN "
                    "(SELECT bsn FROM restricted.bsn_map WHERE month = ?)",
                    [register],
                )
                dropped = table.num_rows - int(linked or 0)
                _record_file(
                    con,
                    rel=rel,
                    bron="contact",
                    kind="contact",
                    month=month,
                    report=report,
                    dropped=dropped,
                )
        finally:
            con.unregister("_contact")
        totals += Totals(1, report.received, report.accepted - dropped, report.rejected, dropped)
    if not files:
        totals.missing_months += 1
    _mark(con, month, "contact", status)
    return totals
