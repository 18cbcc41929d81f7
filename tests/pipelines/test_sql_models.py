"""Tests of the SQL models on hand-made rows: households, identity and audit groups, features,
labels, staging (plus the generic unique / not-null tests every model gets)."""

from datetime import UTC, date, datetime
from itertools import pairwise

from pipelines.build import (
    MODELS,
    build_case_state,
    build_features,
    build_households,
    build_labels,
    build_restricted,
    prepare,
)
from pipelines.warehouse import table_exists
from signals.pseudonym import household_id_for
from tests.pipelines.rawrows import event, insert, person, warehouse

FVO, BVO = "FinancieleVerplichtingOpgelegd", "BetalingsverplichtingOpgelegd"
KEYS = {
    "case_state": "month, bron, zaakkenmerk",
    "person_households": "month, pseudonym",
    "household_agency_month": "household_id, month, bron",
    "household_features": "household_id, month",
    "identity": "month, pseudonym",
    "household_protected": "household_id, month",
}


def _generic_tests(con):
    """dbt-style tests: keys unique and not null in every model's table."""
    for model, keys in KEYS.items():
        table = MODELS[model]
        if not table_exists(con, table):
            continue
        dup = con.execute(
            f"SELECT count(*) FROM (SELECT {keys} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
        nulls = con.execute(
            f"SELECT count(*) FROM {table} WHERE "
            + " OR ".join(f"{k.strip()} IS NULL" for k in keys.split(","))
        ).fetchall()[0][0]
        assert (dup, nulls) == (0, 0), table


def _town(months):
    """Two addresses: a couple with a child and a lodger at A; at B a single parent with a
    child, and their adult neighbour without links."""
    rows = []
    for m in months:
        rows += [
            person(m, "anna", "A", sinds="2010-01-01", partner="bram"),
            person(m, "bram", "A", sinds="2012-01-01", partner="anna"),
            person(
                m, "cas", "A", sinds="2015-01-01", ouder1="anna", ouder2="bram", minderjarig=True
            ),
            person(m, "dirk", "A", sinds="2005-01-01"),
            person(m, "eva", "B", sinds="2001-01-01"),
            person(m, "fien", "B", sinds="2020-01-01", ouder1="eva", minderjarig=True),
            person(m, "gijs", "B", sinds="1999-01-01"),
        ]
    return rows


def test_households_follow_the_contract_rule():
    con = warehouse()
    insert(con, "raw.persons", _town(["2024-01"]))
    prepare(con, [date(2024, 1, 1)])
    build_households(con)
    rows = dict(
        (p, (h, a, n, k))
        for p, h, a, n, k in con.execute(
            "SELECT pseudonym, household_id, is_anchor, huishouden_grootte, aantal_kinderen "
            "FROM facts.person_households"
        ).fetchall()
    )
    # the anchor lived at the address longest: anna (2010) for the family, eva for hers
    assert rows["anna"] == (household_id_for("anna"), True, 3, 1)
    assert rows["bram"][0] == rows["cas"][0] == household_id_for("anna")
    assert rows["dirk"] == (household_id_for("dirk"), True, 1, 0)  # same address, no link
    assert rows["fien"] == (household_id_for("eva"), False, 2, 1)
    assert rows["gijs"] == (household_id_for("gijs"), True, 1, 0)


def test_anchor_ties_go_to_the_smallest_pseudonym():
    con = warehouse()
    insert(
        con,
        "raw.persons",
        [
            person("2024-01", "zz", "A", sinds="2010-01-01", partner="aa"),
            person("2024-01", "aa", "A", sinds="2010-01-01", partner="zz"),
        ],
    )
    prepare(con, [date(2024, 1, 1)])
    build_households(con)
    ids = {h for (h,) in con.execute("SELECT household_id FROM facts.person_households").fetchall()}
    assert ids == {household_id_for("aa")}


def test_a_chain_of_links_is_one_household_until_it_breaks():
    """Four generations at one address, linked only parent to child, form one household (the
    smallest number spreads over several rounds); when the middle one moves out in February, the
    chain splits in two. A lodger stays on their own."""
    generations = ["jet", "ivo", "hans", "gerda"]  # each the child of the next
    rows = []
    for m in ["2024-01", "2024-02"]:
        for child, parent in pairwise(generations):
            if m == "2024-02" and child == "ivo":
                continue
            rows.append(person(m, child, "C", sinds="2000-01-01", ouder1=parent))
        rows.append(person(m, "gerda", "C", sinds="1970-01-01"))
        rows.append(person(m, "kees", "C", sinds="1960-01-01"))
    con = warehouse()
    insert(con, "raw.persons", rows)
    prepare(con, [date(2024, 1, 1), date(2024, 2, 1)])
    build_households(con)
    got = {
        (m, p): (h, n)
        for m, p, h, n in con.execute(
            "SELECT month, pseudonym, household_id, huishouden_grootte FROM facts.person_households"
        ).fetchall()
    }
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert {got[(jan, p)] for p in generations} == {(household_id_for("gerda"), 4)}
    assert got[(jan, "kees")] == (household_id_for("kees"), 1)
    assert {got[(feb, p)] for p in ["hans", "gerda"]} == {(household_id_for("gerda"), 2)}
    assert got[(feb, "jet")] == (household_id_for("jet"), 1)  # her parent moved out
    assert got[(feb, "kees")] == (household_id_for("kees"), 1)
    _generic_tests(con)


def test_identity_and_audit_groups():
    con = warehouse()
    months = ["2024-01"]
    insert(con, "raw.persons", _town(months))
    insert(
        con,
        "restricted.bsn_map",
        [
            {"month": date(2024, 1, 1), "pseudonym": p, "bsn": f"bsn-{p}"}
            for p in ("anna", "bram", "cas", "dirk", "eva", "fien", "gijs")
        ],
    )
    insert(
        con,
        "restricted.protected_attributes",
        [
            {
                "pseudonym": "anna",
                "month": date(2024, 1, 1),
                "geboortedatum": date(1990, 6, 1),
                "geslacht": "V",
                "migratieachtergrond": "europa",
                "wijk": "Oost",
                "adres_id": "A",
            },
            {
                "pseudonym": "eva",
                "month": date(2024, 1, 1),
                "geboortedatum": date(2000, 6, 1),
                "geslacht": "V",
                "migratieachtergrond": "nederland",
                "wijk": "West",
                "adres_id": "B",
            },
        ],
    )
    insert(
        con,
        "restricted.contact",
        [
            {
                "delivery_month": date(2023, 12, 1),
                "bsn": "bsn-anna",
                "naam": "Oud",
                "adres": None,
                "postcode": None,
                "woonplaats": None,
                "telefoon": None,
            },
            {
                "delivery_month": date(2024, 1, 1),
                "bsn": "bsn-anna",
                "naam": "Anna",
                "adres": "x",
                "postcode": "1234AB",
                "woonplaats": "Y",
                "telefoon": "06",
            },
        ],
    )
    prepare(con, [date(2024, 1, 1)])
    build_households(con)
    build_restricted(con)
    naam = dict(con.execute("SELECT pseudonym, naam FROM restricted.identity").fetchall())
    assert naam["anna"] == "Anna" and naam["bram"] is None and len(naam) == 7
    groups = {
        h: (g, lg, t)
        for h, g, lg, t in con.execute(
            "SELECT household_id, geslacht, leeftijdsgroep, huishoudtype "
            "FROM restricted.household_protected"
        ).fetchall()
    }
    assert groups[household_id_for("anna")] == ("V", "27-44", "paar_met_kinderen")
    assert groups[household_id_for("eva")] == ("V", "18-26", "alleenstaande_ouder")
    assert groups[household_id_for("dirk")] == (None, "onbekend", "alleenstaand")
    _generic_tests(con)


def _debt(at: datetime, zaak: str, who: str, bron: str, amount: int, due: date, code: str):
    return [
        event(
            f"{zaak}-o",
            FVO,
            at,
            bron=bron,
            zaak=zaak,
            pseudonym=who,
            bedrag_cent=amount,
            primaire_verplichting=True,
            type_financiele_verplichting=code,
        ),
        event(
            f"{zaak}-d",
            BVO,
            at,
            bron=bron,
            zaak=zaak,
            pseudonym=who,
            bedrag_cent=amount,
            betaal_type="Aanmaning",
            vervaldatum=due,
        ),
    ]


def test_features_scope_deltas_and_pivot():
    """Anna's DUO debt from January; Dirk's tax debt only in February, paid in March. Dirk's
    household stays in scope after it is paid (a resolved situation shows as a change)."""
    months = [f"2024-{m:02d}" for m in range(1, 6)]
    con = warehouse()
    insert(con, "raw.persons", _town(months))
    rows = _debt(
        datetime(2024, 1, 3, tzinfo=UTC),
        "D1",
        "anna",
        "duo",
        40000,
        date(2024, 1, 20),
        "duo_studieschuld",
    )
    rows += _debt(
        datetime(2024, 2, 3, tzinfo=UTC),
        "B1",
        "dirk",
        "bd",
        70000,
        date(2024, 2, 10),
        "bd_inkomstenbelasting",
    )
    rows.append(
        event(
            "B1-p",
            "BetalingVerwerkt",
            datetime(2024, 3, 5, tzinfo=UTC),
            bron="bd",
            zaak="B1",
            pseudonym="dirk",
            bedrag_cent=70000,
        )
    )
    insert(con, "raw.events", rows)
    prepare(con, [date.fromisoformat(m + "-01") for m in months])
    build_households(con)
    build_case_state(con)
    build_features(con)
    got = {
        (h, str(m)): r
        for h, m, *r in con.execute(
            "SELECT household_id, month, duo_achterstand_cent, duo_pilot_drempel, "
            "bd_achterstand_cent, bd_pilot_drempel, instanties_met_achterstand, "
            "totaal_achterstand_delta_3m, instanties_delta_3m, huishouden_grootte "
            "FROM serving.household_features"
        ).fetchall()
    }
    anna, dirk = household_id_for("anna"), household_id_for("dirk")
    assert got[(anna, "2024-01-01")] == [40000, 1, 0, 0, 1, 40000, 1, 3]
    assert got[(anna, "2024-04-01")] == [40000, 1, 0, 0, 1, 0, 0, 3]
    assert got[(dirk, "2024-02-01")] == [0, 0, 70000, 1, 1, 70000, 1, 1]
    assert got[(dirk, "2024-03-01")] == [0, 0, 0, 0, 0, 0, 0, 1]
    assert got[(dirk, "2024-05-01")] == [0, 0, 0, 0, 0, -70000, -1, 1]
    assert (dirk, "2024-01-01") not in got
    assert not any(h == household_id_for("eva") for h, _ in got)
    _generic_tests(con)


def test_labels_need_twelve_delivered_months():
    con = warehouse()
    months = [date(2024, 1, 1)]
    insert(con, "raw.persons", _town(["2024-01"]))
    insert(
        con,
        "raw.events",
        _debt(
            datetime(2024, 1, 3, tzinfo=UTC),
            "C1",
            "bram",
            "cjib",
            30000,
            date(2024, 1, 10),
            "cjib_wahv",
        ),
    )
    insert(
        con,
        "raw.outcomes",
        [
            {
                "delivery_month": date(2024, 9, 1),
                "pseudonym": "cas",
                "datum": date(2024, 9, 9),
                "uitkomst": "ontruiming",
                "source_path": "uitkomsten/2024-09.csv",
            }
        ],
    )
    prepare(con, months)
    build_households(con)
    build_case_state(con)
    build_features(con)
    deliveries = [
        {
            "path": f"uitkomsten/2024-{m:02d}.csv",
            "bron": "uitkomsten",
            "kind": "uitkomsten",
            "delivery_month": date(2024 + (m > 12), (m - 1) % 12 + 1, 1),
            "received": 0,
            "accepted": 0,
            "rejected": 0,
            "dropped_by_policy": 0,
            "loaded_at": datetime(2025, 1, 1, tzinfo=UTC),
        }
        for m in range(2, 13)
    ]
    insert(con, "serving.deliveries", deliveries)
    build_labels(con)
    assert con.execute("SELECT label, label_known FROM serving.labels").fetchall() == [
        (True, False)
    ]
    insert(
        con,
        "serving.deliveries",
        [{**deliveries[0], "path": "uitkomsten/2025-01.csv", "delivery_month": date(2025, 1, 1)}],
    )
    build_labels(con)
    assert con.execute("SELECT label, label_known FROM serving.labels").fetchall() == [(True, True)]


def test_staging_counts_a_redelivered_event_once():
    con = warehouse()
    at = datetime(2024, 1, 3, tzinfo=UTC)
    rows = _debt(at, "C1", "anna", "cjib", 30000, date(2024, 1, 10), "cjib_wahv")
    again = [
        {**r, "delivery_month": date(2024, 2, 1), "source_path": "landing/cjib/2024-02.jsonl"}
        for r in rows
    ]
    insert(con, "raw.events", rows + again)
    prepare(con, [date(2024, 2, 1)])
    build_case_state(con)
    assert con.execute("SELECT saldo_cent, achterstand_cent FROM facts.case_state").fetchall() == [
        (30000, 30000)
    ]
