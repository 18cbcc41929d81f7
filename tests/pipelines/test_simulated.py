"""The pipeline over a small simulated town with delivery faults: reconciliation, and the SQL
case state against the reference signals/casestate.py on simulated events and signals."""

import json
from datetime import UTC

import duckdb
import pytest

from signals.casestate import case_state_from_signal, derive_case_states, month_as_of


def _warehouse(data):
    return duckdb.connect(str(data.warehouse), read_only=True)


def test_every_record_is_accounted_for(sim_town):
    con = duckdb.connect(str(sim_town.serving), read_only=True)
    unreconciled = con.execute(
        "SELECT count(*) FROM deliveries WHERE received <> accepted + rejected + dropped_by_policy"
    ).fetchall()[0][0]
    assert unreconciled == 0
    faults = json.loads((sim_town.root / "faults.json").read_text())["faults"]
    rejects = {
        (path, line, code)
        for path, line, code in con.execute("SELECT path, line, code FROM rejects").fetchall()
    }
    whole = {(p, c) for p, line, c in rejects if line is None}
    missing = [
        f
        for f in faults
        if (f["path"], f["line"], f["code"]) not in rejects and (f["path"], f["code"]) not in whole
    ]
    assert faults and not missing
    # a whole file refused: every line counted as rejected, nothing of it stored
    refused = con.execute(
        "SELECT d.path, d.received, d.rejected, d.accepted FROM deliveries AS d JOIN rejects AS r "
        "USING (path) WHERE r.line IS NULL"
    ).fetchall()
    assert refused and all(rec == rej and acc == 0 for _, rec, rej, acc in refused)


def _events_by_source(con):
    rows = con.execute(
        "SELECT bron, gebeurteniskenmerk, gebeurtenis_type, datumtijd_gebeurtenis, zaakkenmerk, "
        "pseudonym AS bsn, primaire_verplichting, type_financiele_verplichting, categorie, "
        "bedrag_cent, betaal_type, vervaldatum, ingetrokken_gebeurteniskenmerk FROM raw.events"
    ).fetchall()
    names = [d[0] for d in con.description]
    out: dict[str, list[dict]] = {}
    for row in rows:
        event = dict(zip(names, row, strict=True))
        event["datumtijd_gebeurtenis"] = event["datumtijd_gebeurtenis"].astimezone(UTC)
        out.setdefault(event["bron"], []).append(event)
    return out


def test_sql_case_state_equals_reference_on_simulated_events(sim_town):
    con = _warehouse(sim_town)
    months = [
        m
        for (m,) in con.execute("SELECT DISTINCT month FROM facts.case_state ORDER BY 1").fetchall()
    ]
    assert len(months) == 18
    by_source = _events_by_source(con)
    checked = 0
    for month in [*months[::5], months[-1]]:
        as_of = month_as_of(month.year, month.month)
        for bron, events in by_source.items():
            expected = {
                zaak: (
                    s.bsn,
                    s.saldo_cent,
                    s.achterstand_cent,
                    s.oudste_achterstand_maanden,
                    s.verhogingen,
                    s.sterkste_aanmaning,
                )
                for zaak, s in derive_case_states(events, as_of=as_of).items()
            }
            actual = {
                r[0]: tuple(r[1:])
                for r in con.execute(
                    "SELECT zaakkenmerk, pseudonym, saldo_cent, achterstand_cent, "
                    "oudste_achterstand_maanden, verhogingen, sterkste_aanmaning "
                    "FROM facts.case_state WHERE month = ? AND bron = ? AND herkomst = 'events'",
                    [month, bron],
                ).fetchall()
            }
            assert actual == expected, (month, bron)
            checked += len(actual)
    assert checked > 100


def test_legacy_signals_equal_reference(sim_town):
    con = _warehouse(sim_town)
    month = con.execute(
        "SELECT max(month) FROM facts.case_state WHERE herkomst = 'signals'"
    ).fetchall()[0][0]
    if month is None:
        pytest.skip("the simulated town delivered no legacy signals")
    as_of = month_as_of(month.year, month.month)
    snapshot_rows = con.execute(
        "SELECT bron, zaakkenmerk, pseudonym AS bsn, type_financiele_verplichting, "
        "achterstand_cent, oudste_vervaldatum, peildatum, delivery_month FROM raw.signals"
    ).fetchall()
    names = [d[0] for d in con.description]
    actual = {
        (r[0], r[1]): tuple(r[2:])
        for r in con.execute(
            "SELECT bron, zaakkenmerk, saldo_cent, achterstand_cent, oudste_achterstand_maanden, "
            "sterkste_aanmaning FROM facts.case_state WHERE month = ? AND herkomst = 'signals'",
            [month],
        ).fetchall()
    }
    for row in map(lambda r: dict(zip(names, r, strict=True)), snapshot_rows):
        key = (row["bron"], row["zaakkenmerk"])
        if key not in actual or row["delivery_month"] != _latest_snapshot(con, row["bron"], month):
            continue
        state = case_state_from_signal(row, as_of)
        assert state is not None
        assert actual[key] == (
            state.saldo_cent,
            state.achterstand_cent,
            state.oudste_achterstand_maanden,
            state.sterkste_aanmaning,
        )


def _latest_snapshot(con, bron, month):
    return con.execute(
        "SELECT max(delivery_month) FROM serving.deliveries WHERE bron = ? AND kind = 'signals' "
        "AND delivery_month <= ? AND path NOT IN (SELECT path FROM serving.rejects "
        "WHERE line IS NULL)",
        [bron, month],
    ).fetchall()[0][0]


def test_features_and_labels_are_well_formed(sim_town):
    con = duckdb.connect(str(sim_town.serving), read_only=True)
    n, keys, negative = con.execute(
        "SELECT count(*), count(DISTINCT (household_id, month)), "
        "count(*) FILTER (WHERE totaal_saldo_cent < 0 OR instanties_met_achterstand NOT "
        "BETWEEN 0 AND 4 OR huishouden_grootte < 1) FROM household_features"
    ).fetchall()[0]
    assert n > 500 and keys == n and negative == 0
    last = con.execute("SELECT max(month) FROM household_features").fetchall()[0][0]
    # a label is known only when the 12 months after it were delivered
    known_late = con.execute(
        "SELECT count(*) FROM labels WHERE label_known AND month > ? - INTERVAL 12 MONTH", [last]
    ).fetchall()[0][0]
    assert known_late == 0
    assert con.execute("SELECT count(*) FROM labels WHERE label_known").fetchall()[0][0] > 0
