"""Retention: what is past each source's period (signals/sources.toml) is deleted and logged."""

from datetime import UTC, date, datetime

from pipelines.retention import apply_retention, cutoff_month
from tests.pipelines.rawrows import event, insert, person, warehouse

FVO = "FinancieleVerplichtingOpgelegd"


def _delivery(path, bron, kind, month):
    return {
        "path": path,
        "bron": bron,
        "kind": kind,
        "delivery_month": month,
        "received": 1,
        "accepted": 1,
        "rejected": 0,
        "dropped_by_policy": 0,
        "loaded_at": datetime(2025, 1, 1, tzinfo=UTC),
    }


def test_cutoff():
    assert cutoff_month(date(2024, 12, 1), 36) == date(2022, 1, 1)
    assert cutoff_month(date(2024, 12, 1), 12) == date(2024, 1, 1)


def test_old_cases_registers_and_contacts_are_deleted_and_logged():
    con = warehouse()
    old, recent = datetime(2020, 5, 1, tzinfo=UTC), datetime(2024, 11, 3, tzinfo=UTC)
    insert(
        con,
        "raw.events",
        [
            event("a1", FVO, old, zaak="OLD", bedrag_cent=100),
            event("b1", FVO, old, zaak="LIVE", bedrag_cent=100),
            event("b2", "BetalingVerwerkt", recent, zaak="LIVE", bedrag_cent=50),
        ],
    )
    insert(con, "raw.persons", [person("2020-05", "p1", "A"), person("2024-12", "p1", "A")])
    insert(
        con,
        "restricted.contact",
        [
            {
                "delivery_month": d,
                "bsn": "1",
                "naam": "x",
                "adres": None,
                "postcode": None,
                "woonplaats": None,
                "telefoon": None,
            }
            for d in (date(2023, 11, 1), date(2024, 12, 1))
        ],
    )
    insert(
        con,
        "serving.deliveries",
        [
            _delivery("brp/2024-12.csv", "brp", "brp", date(2024, 12, 1)),
            _delivery("landing/cjib/2020-05.jsonl", "cjib", "events", date(2020, 5, 1)),
        ],
    )
    insert(
        con,
        "serving.rejects",
        [
            {
                "path": "landing/cjib/2020-05.jsonl",
                "bron": "cjib",
                "kind": "events",
                "delivery_month": date(2020, 5, 1),
                "line": 3,
                "code": "GEEN_JSON",
                "message": "m",
            }
        ],
    )
    insert(
        con,
        "restricted.reject_raw",
        [{"path": "landing/cjib/2020-05.jsonl", "line": 3, "raw": "{"}],
    )
    deleted = {(d.bron, d.table_name): d.rows_deleted for d in apply_retention(con)}
    assert deleted == {
        ("cjib", "raw.events"): 1,  # the old case; the live case keeps its old obligation
        ("cjib", "restricted.reject_raw"): 1,
        ("cjib", "serving.rejects"): 1,
        ("brp", "raw.persons"): 1,
        ("contact", "restricted.contact"): 1,  # contact details are kept 12 months
    }
    assert sorted(
        k for (k,) in con.execute("SELECT gebeurteniskenmerk FROM raw.events").fetchall()
    ) == ["b1", "b2"]
    log = con.execute("SELECT bron, table_name, rows_deleted FROM serving.retention_log").fetchall()
    assert len(log) == 5
    assert apply_retention(con) == []  # nothing left to delete: idempotent
