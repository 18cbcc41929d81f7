"""A straightforward pandas implementation of the household-month features.

Kept only as a reference for the benchmark (``bench_pipeline.py``): it reads the same warehouse
inputs as the SQL models (``raw.events``, ``raw.signals``, ``raw.persons``, the delivered
snapshot files) and must produce exactly ``serving.household_features``. Written to be read:
one month at a time, plain pandas, a union-find for the households.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from pipelines.partitions import add_months, as_of_instant
from signals.sources import agency_sources, load_type_codes

__all__ = ["reference_features"]

STRENGTH = {"Aanschrijving": 1, "Herinnering": 2, "Aanmaning": 3}
COLUMNS = (
    "open_zaken",
    "saldo_cent",
    "achterstand_cent",
    "oudste_achterstand_maanden",
    "verhogingen",
    "sterkste_aanmaning",
    "pilot_drempel",
)


def _whole_months(earlier: pd.Series, later: date) -> pd.Series:
    d = pd.to_datetime(earlier)
    months = (later.year - d.dt.year) * 12 + later.month - d.dt.month - (later.day < d.dt.day)
    return months.clip(lower=0)


def _assumed_strength(codes: dict, code: str) -> int:
    """A legacy signal of a type whose pilot requires an Aanmaning implies one (3)."""
    pilot = codes[code].pilot if code in codes else None
    return 3 if pilot is not None and pilot.na_aanmaning else 0


def _case_states(
    events: pd.DataFrame, signals: pd.DataFrame, snapshots: pd.DataFrame, month: date
) -> pd.DataFrame:
    as_of = pd.Timestamp(as_of_instant(month))
    today = add_months(month, 1) - timedelta(days=1)
    known = events[events["kennis_tijd"] < as_of]
    fvo = known[known["gebeurtenis_type"] == "FinancieleVerplichtingOpgelegd"].copy()
    fvo["not_primary"] = ~fvo["primaire_verplichting"].fillna(False).astype(bool)
    fvo["is_verhoging"] = (fvo["categorie"] == "Verhoging").astype("int64")
    fvo = fvo.sort_values(
        ["bron", "zaakkenmerk", "not_primary", "kennis_tijd", "gebeurteniskenmerk"]
    )
    key = ["bron", "zaakkenmerk"]
    cases = fvo.groupby(key).agg(
        pseudonym=("pseudonym", "first"),
        type_financiele_verplichting=("type_financiele_verplichting", "first"),
        opgelegd_cent=("bedrag_cent", "sum"),
        verhogingen=("is_verhoging", "sum"),
    )
    paid = known[
        known["gebeurtenis_type"].isin(
            ["BetalingVerwerkt", "FinancieleVerplichtingKwijtgescholden"]
        )
    ]
    voldaan = paid.groupby(key)["bedrag_cent"].sum().rename("voldaan_cent")
    cases = cases.join(voldaan).fillna({"voldaan_cent": 0})
    cases["saldo_cent"] = cases["opgelegd_cent"] - cases["voldaan_cent"]

    withdrawn = known[known["gebeurtenis_type"] == "BetalingsverplichtingIngetrokken"]
    gone = set(zip(withdrawn["bron"], withdrawn["ingetrokken_gebeurteniskenmerk"], strict=True))
    demands = known[known["gebeurtenis_type"] == "BetalingsverplichtingOpgelegd"]
    demands = demands[
        [
            (b, k) not in gone
            for b, k in zip(demands["bron"], demands["gebeurteniskenmerk"], strict=True)
        ]
    ]
    demands = demands.sort_values([*key, "vervaldatum", "kennis_tijd", "gebeurteniskenmerk"])
    demands = demands.join(voldaan, on=key).fillna({"voldaan_cent": 0})
    before = demands.groupby(key)["bedrag_cent"].cumsum() - demands["bedrag_cent"]
    covered = np.minimum(demands["bedrag_cent"], np.maximum(0, demands["voldaan_cent"] - before))
    demands = demands.assign(
        onbetaald=demands["bedrag_cent"] - covered,
        sterkte=demands["betaal_type"].map(STRENGTH).fillna(0),
        past_due=pd.to_datetime(demands["vervaldatum"]) < pd.Timestamp(today),
    )
    due = demands[demands["past_due"]]
    open_due = due[due["onbetaald"] > 0]
    cases = cases.join(due.groupby(key)["onbetaald"].sum().rename("achterstand_open"))
    cases = cases.join(open_due.groupby(key)["vervaldatum"].min().rename("oudste"))
    cases = cases.join(demands.groupby(key)["sterkte"].max().rename("sterkste_aanmaning"))
    cases = cases.fillna({"achterstand_open": 0, "sterkste_aanmaning": 0})
    cases["achterstand_cent"] = np.minimum(
        cases["achterstand_open"], cases["saldo_cent"].clip(lower=0)
    )
    cases = cases.reset_index()

    # legacy signals: the latest delivered snapshot of each source, for cases without events
    latest = snapshots[snapshots["delivery_month"] <= month].groupby("bron")["delivery_month"].max()
    rows = signals.merge(latest.reset_index(), on=["bron", "delivery_month"])
    rows = rows[pd.to_datetime(rows["peildatum"]) <= pd.Timestamp(today)]
    have = set(zip(cases["bron"], cases["zaakkenmerk"], strict=True))
    rows = rows[
        [(b, z) not in have for b, z in zip(rows["bron"], rows["zaakkenmerk"], strict=True)]
    ]
    codes = load_type_codes()
    legacy = pd.DataFrame(
        {
            "bron": rows["bron"],
            "zaakkenmerk": rows["zaakkenmerk"],
            "pseudonym": rows["pseudonym"],
            "type_financiele_verplichting": rows["type_financiele_verplichting"],
            "saldo_cent": rows["achterstand_cent"],
            "achterstand_cent": rows["achterstand_cent"],
            "oudste": rows["oudste_vervaldatum"],
            "verhogingen": 0,
            "sterkste_aanmaning": [
                _assumed_strength(codes, c) for c in rows["type_financiele_verplichting"]
            ],
        }
    )
    out = pd.concat([cases, legacy], ignore_index=True)
    has_arrears = (out["achterstand_cent"] > 0) & out["oudste"].notna()
    out["oudste_achterstand_maanden"] = 0
    if has_arrears.any():
        out.loc[has_arrears, "oudste_achterstand_maanden"] = _whole_months(
            out.loc[has_arrears, "oudste"], today
        ).to_numpy()
    out["open"] = out["saldo_cent"] > 0
    out["month"] = month
    return out


def _households(persons: pd.DataFrame) -> pd.DataFrame:
    """One month: pseudonym -> household_id, size and children (union-find on the links)."""
    parent = {p: p for p in persons["pseudonym"]}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    address = dict(zip(persons["pseudonym"], persons["adres_id"], strict=True))
    for p, a, links in zip(
        persons["pseudonym"],
        persons["adres_id"],
        persons[["partner", "ouder1", "ouder2"]].itertuples(index=False),
        strict=True,
    ):
        for q in links:
            if isinstance(q, str) and q != p and address.get(q) == a:
                ra, rb = find(p), find(q)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    frame = persons.assign(component=[find(p) for p in persons["pseudonym"]])
    frame["since"] = pd.to_datetime(frame["datum_vestiging"]).fillna(pd.Timestamp("2262-01-01"))
    anchors = (
        frame.sort_values(["component", "since", "pseudonym"])
        .groupby("component")
        .agg(
            anchor=("pseudonym", "first"),
            huishouden_grootte=("pseudonym", "size"),
            aantal_kinderen=("minderjarig", "sum"),
        )
    )
    anchors["household_id"] = [
        "hh_" + hashlib.sha256(a.encode()).hexdigest()[:16] for a in anchors["anchor"]
    ]
    return frame.join(anchors, on="component")[
        ["pseudonym", "household_id", "huishouden_grootte", "aantal_kinderen"]
    ]


def _agency_month(cases: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Per household and source: the aggregates of docs/data-model.md."""
    codes = load_type_codes()
    pilots = pd.DataFrame(
        [
            (c, t.pilot.min_cent, t.pilot.min_maanden, t.pilot.na_aanmaning)
            for c, t in codes.items()
            if t.pilot
        ],
        columns=["type_financiele_verplichting", "min_cent", "min_maanden", "na_aanmaning"],
    )
    # pilot thresholds per person, source and type code; a household crosses when a member does
    arrears = cases[cases["achterstand_cent"] > 0]
    per_code = (
        arrears.groupby(["pseudonym", "bron", "type_financiele_verplichting"])
        .agg(
            achterstand=("achterstand_cent", "sum"),
            maanden=("oudste_achterstand_maanden", "max"),
            sterkste=("sterkste_aanmaning", "max"),
        )
        .reset_index()
        .merge(pilots)
    )
    per_code = per_code[
        (per_code["achterstand"] >= per_code["min_cent"])
        & (per_code["maanden"] >= per_code["min_maanden"])
        & (~per_code["na_aanmaning"] | (per_code["sterkste"] >= 3))
    ]
    crossed = (
        per_code[["pseudonym", "bron"]]
        .drop_duplicates()
        .merge(members[["pseudonym", "household_id"]])[["household_id", "bron"]]
        .drop_duplicates()
    )
    crossed["pilot_drempel"] = 1

    c = cases.merge(members[["pseudonym", "household_id"]], on="pseudonym")
    c = c[c["open"] | (c["achterstand_cent"] > 0)].copy()
    c["open_saldo"] = c["saldo_cent"].where(c["open"], 0)
    c["open_verhogingen"] = c["verhogingen"].where(c["open"], 0)
    c["open_sterkste"] = c["sterkste_aanmaning"].where(c["open"], 0)
    c["premie"] = (
        c["open"] & (c["type_financiele_verplichting"] == "cak_bestuursrechtelijke_premie")
    ).astype(int)
    out = (
        c.groupby(["household_id", "bron"])
        .agg(
            open_zaken=("open", "sum"),
            saldo_cent=("open_saldo", "sum"),
            achterstand_cent=("achterstand_cent", "sum"),
            oudste_achterstand_maanden=("oudste_achterstand_maanden", "max"),
            verhogingen=("open_verhogingen", "sum"),
            sterkste_aanmaning=("open_sterkste", "max"),
            premie_regime=("premie", "max"),
        )
        .reset_index()
        .merge(crossed, how="left", on=["household_id", "bron"])
    )
    out["pilot_drempel"] = out["pilot_drempel"].fillna(0)
    return out[["household_id", "bron", *COLUMNS, "premie_regime"]]


def reference_features(con: duckdb.DuckDBPyConnection, months: list[date]) -> pd.DataFrame:
    """``serving.household_features`` for ``months`` (in order), computed with pandas from the
    warehouse's raw tables."""
    events = con.sql(
        "SELECT * EXCLUDE (rank) FROM (SELECT *, datumtijd_gebeurtenis AS kennis_tijd, "
        "row_number() OVER (PARTITION BY bron, gebeurteniskenmerk ORDER BY delivery_month, "
        "source_path, source_line) AS rank FROM raw.events) WHERE rank = 1"
    ).df()
    signals = con.sql("SELECT * FROM raw.signals").df()
    signals = signals.sort_values(
        ["bron", "zaakkenmerk", "delivery_month", "source_path", "source_line"]
    ).drop_duplicates(["bron", "zaakkenmerk", "delivery_month"])
    signals["delivery_month"] = pd.to_datetime(signals["delivery_month"]).dt.date
    snapshots = con.sql(
        "SELECT DISTINCT d.bron, d.delivery_month FROM serving.deliveries AS d WHERE d.kind = "
        "'signals' AND NOT EXISTS (SELECT 1 FROM serving.rejects AS r WHERE r.path = d.path "
        "AND r.line IS NULL)"
    ).df()
    snapshots["delivery_month"] = pd.to_datetime(snapshots["delivery_month"]).dt.date
    persons = con.sql("SELECT * FROM raw.persons").df()
    persons["month"] = pd.to_datetime(persons["month"]).dt.date

    history: dict[date, pd.DataFrame] = {}
    out = []
    for month in months:
        members = _households(persons[persons["month"] == month])
        cases = _case_states(events, signals, snapshots, month)
        agency = _agency_month(cases, members)
        history[month] = agency
        window = [history[m] for m in history if add_months(month, -12) <= m <= month]
        seen = set(pd.concat(window)["household_id"]) if window else set()
        scope = members.drop_duplicates("household_id")
        scope = scope[scope["household_id"].isin(seen)]
        wide = scope[["household_id", "huishouden_grootte", "aantal_kinderen"]].copy()
        for bron in agency_sources():
            part = agency[agency["bron"] == bron].set_index("household_id")
            for col in COLUMNS:
                wide[f"{bron}_{col}"] = wide["household_id"].map(part[col]).fillna(0)

        def totals(frame: pd.DataFrame) -> pd.DataFrame:
            frame = frame.assign(in_arrears=(frame["achterstand_cent"] > 0).astype("int64"))
            return frame.groupby("household_id").agg(
                saldo=("saldo_cent", "sum"),
                achterstand=("achterstand_cent", "sum"),
                instanties=("in_arrears", "sum"),
                pilots=("pilot_drempel", "sum"),
                premie=("premie_regime", "max"),
            )

        now = totals(agency)
        wide["cak_premie_regime"] = wide["household_id"].map(now["premie"]).fillna(0)
        wide["instanties_met_achterstand"] = wide["household_id"].map(now["instanties"]).fillna(0)
        wide["totaal_saldo_cent"] = wide["household_id"].map(now["saldo"]).fillna(0)
        wide["totaal_achterstand_cent"] = wide["household_id"].map(now["achterstand"]).fillna(0)
        wide["pilot_drempels"] = wide["household_id"].map(now["pilots"]).fillna(0)
        for k in (3, 6, 12):
            earlier = history.get(add_months(month, -k))
            before = totals(earlier) if earlier is not None and len(earlier) else None
            prev_a = (
                wide["household_id"].map(before["achterstand"]).fillna(0)
                if before is not None
                else 0
            )
            prev_i = (
                wide["household_id"].map(before["instanties"]).fillna(0)
                if before is not None
                else 0
            )
            wide[f"totaal_achterstand_delta_{k}m"] = wide["totaal_achterstand_cent"] - prev_a
            wide[f"instanties_delta_{k}m"] = wide["instanties_met_achterstand"] - prev_i
        wide["month"] = month
        out.append(wide)
    result = pd.concat(out, ignore_index=True)
    for col in result.columns:
        if col not in ("household_id", "month"):
            result[col] = result[col].astype("int64")
    return result
