"""The whole pipeline over the hand-written town: published stores, values, privacy, labels."""

import duckdb

from tests.pipelines.conftest import run, snapshot
from tests.pipelines.handmade import BSN


def _serving(town):
    return duckdb.connect(str(town.serving), read_only=True)


def test_published_tables(town):
    con = _serving(town)
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"household_features", "labels", "rejects", "deliveries", "arrears_timeline"} <= tables
    restricted = duckdb.connect(str(town.restricted), read_only=True)
    r_tables = {
        t for (t,) in restricted.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }
    assert {"identity", "protected_attributes", "household_protected", "reject_raw"} <= r_tables


def test_serving_holds_no_bsn_and_no_protected_attribute(town):
    con = _serving(town)
    columns = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns()").fetchall()}
    assert not columns & {
        "bsn",
        "geslacht",
        "geboortedatum",
        "migratieachtergrond",
        "wijk",
        "adres_id",
        "raw",
    }
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        for row in con.execute(f"SELECT * FROM {table}").fetchall():
            assert not any(str(v) in BSN.values() for v in row), table


def test_features_of_the_family(town):
    """Anna's fine: 240 EUR due 5 Feb, 40 paid in Feb, +120 increase in March (due 20 March);
    Bram's study debt: 500 imposed, 300 demanded (Aanmaning) due 15 Feb."""
    con = _serving(town)
    rows = con.execute(
        "SELECT strftime(month, '%Y-%m'), cjib_open_zaken, cjib_saldo_cent, "
        "cjib_achterstand_cent, cjib_oudste_achterstand_maanden, cjib_verhogingen, "
        "cjib_sterkste_aanmaning, duo_saldo_cent, duo_achterstand_cent, duo_pilot_drempel, "
        "instanties_met_achterstand, totaal_achterstand_cent, totaal_achterstand_delta_3m, "
        "huishouden_grootte, aantal_kinderen FROM household_features "
        "WHERE huishouden_grootte = 3 ORDER BY month"
    ).fetchall()
    assert rows == [
        ("2024-01", 1, 24000, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 1),
        ("2024-02", 1, 20000, 20000, 0, 0, 1, 50000, 30000, 1, 2, 50000, 50000, 3, 1),
        ("2024-03", 1, 32000, 32000, 1, 1, 2, 50000, 30000, 1, 2, 62000, 62000, 3, 1),
        # the 10 EUR payment registered at 00:30 on 1 April (Amsterdam) counts from April on
        ("2024-04", 1, 31000, 31000, 2, 1, 2, 50000, 30000, 1, 2, 61000, 61000, 3, 1),
    ]


def test_legacy_signals_become_arrears_and_an_empty_snapshot_ends_them(town):
    con = _serving(town)
    rows = con.execute(
        "SELECT strftime(month, '%Y-%m'), cak_achterstand_cent, cak_oudste_achterstand_maanden, "
        "cak_pilot_drempel FROM household_features WHERE huishouden_grootte = 1 ORDER BY month"
    ).fetchall()
    assert rows == [("2024-01", 15000, 6, 1), ("2024-02", 18000, 7, 1), ("2024-03", 0, 0, 0)]


def test_rejects_and_policy_drops_are_counted(town):
    con = _serving(town)
    assert con.execute(
        "SELECT count(*) FROM deliveries WHERE received <> accepted + rejected + dropped_by_policy"
    ).fetchall() == [(0,)]
    assert con.execute("SELECT path, code FROM rejects").fetchall() == [
        ("landing/cjib/2024-02.jsonl", "ONTBREKEND_VELD")
    ]
    dropped = dict(
        con.execute("SELECT bron, sum(dropped_by_policy) FROM deliveries GROUP BY bron").fetchall()
    )
    assert dropped["cjib"] == 1 and dropped["cak"] == 1
    restricted = duckdb.connect(str(town.restricted), read_only=True)
    assert restricted.execute(
        "SELECT count(*) FROM reject_raw WHERE raw LIKE '%123456789%'"
    ).fetchall() == [(1,)]


def test_households_and_identity(town):
    restricted = duckdb.connect(str(town.restricted), read_only=True)
    sizes = restricted.execute(
        "SELECT household_id, count(*) FROM identity WHERE month = DATE '2024-01-01' "
        "GROUP BY household_id ORDER BY 2"
    ).fetchall()
    assert sorted(n for _, n in sizes) == [1, 1, 3]  # Dirk lodges alone; Eva alone; the family
    types = {
        t
        for (t,) in restricted.execute(
            "SELECT huishoudtype FROM household_protected WHERE month = DATE '2024-01-01'"
        ).fetchall()
    }
    assert types == {"alleenstaand", "paar_met_kinderen"}


def test_labels(town):
    con = _serving(town)
    labels = con.execute(
        "SELECT strftime(l.month, '%Y-%m'), l.label, l.label_known FROM labels AS l "
        "JOIN household_features AS f USING (household_id, month) "
        "WHERE f.huishouden_grootte = 1 ORDER BY 1"
    ).fetchall()
    # Eva registers for debt help on 12 March: a label for January and February, unknown yet
    assert labels == [("2024-01", True, False), ("2024-02", True, False)]


def test_idempotent(town, copy_of):
    again = copy_of(town, "again")
    before = (snapshot(again.serving), snapshot(again.restricted))
    assert run(again).success
    assert (snapshot(again.serving), snapshot(again.restricted)) == before


def test_freshness_marks_missing_sources(town):
    con = _serving(town)
    status = dict(
        con.execute("SELECT bron, status FROM freshness WHERE month = DATE '2024-01-01'").fetchall()
    )
    assert status["cjib"] == "geleverd" and status["bd"] == "ontbreekt"
