"""Households already in debt help: the ``schuldhulp`` SQL model (knowledge time) and the cohort
that leaves them out of training, evaluation and scoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from models import registry
from models.features import DEBT_HELP, FEATURES, Store, in_population, read_features
from models.messages import ModelError
from models.scoring import score_from_store
from models.training import TrainingConfig, train
from pipelines.warehouse import load_sql

MONTHS = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, m, 1) for m in range(1, 13)]
MONTHS += [date(2026, m, 1) for m in range(1, 5)]


def _warehouse(outcomes: list[tuple[str, str, str, str]]) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with households hh_a .. hh_e (one member each, p_a .. p_e) in
    arrears in every month of ``MONTHS``, and ``outcomes`` rows (delivery_month, pseudonym,
    datum, uitkomst)."""
    con = duckdb.connect()
    for schema in ("serving", "facts", "raw"):
        con.execute(f"CREATE SCHEMA {schema}")
    con.execute(
        "CREATE TABLE serving.household_features "
        "(household_id VARCHAR, month DATE, totaal_achterstand_cent BIGINT)"
    )
    con.execute(
        "CREATE TABLE facts.person_households (month DATE, household_id VARCHAR, pseudonym VARCHAR)"
    )
    con.execute(
        "CREATE TABLE raw.outcomes (delivery_month DATE, pseudonym VARCHAR, datum DATE, "
        "uitkomst VARCHAR, source_path VARCHAR)"
    )
    for month in MONTHS:
        for x in "abcde":
            con.execute(
                "INSERT INTO serving.household_features VALUES (?, ?, 1000)", [f"hh_{x}", month]
            )
            con.execute(
                "INSERT INTO facts.person_households VALUES (?, ?, ?)", [month, f"hh_{x}", f"p_{x}"]
            )
    for delivered, pseudonym, datum, kind in outcomes:
        con.execute(
            "INSERT INTO raw.outcomes VALUES (?::DATE, ?, ?::DATE, ?, 'uitkomsten/x.csv')",
            [delivered, pseudonym, datum, kind],
        )
    con.execute("CREATE TEMP TABLE as_of_months AS SELECT unnest(?::DATE[]) AS month", [MONTHS])
    return con


def _flags(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = con.execute(load_sql("schuldhulp")).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame.pivot(index="month", columns="household_id", values="in_schuldhulp")


def test_debt_help_counts_only_outcomes_delivered_by_the_month_and_lasts_24_months():
    con = _warehouse(
        [
            ("2024-03-01", "p_a", "2024-03-10", "aanmelding_schuldhulp"),  # on time
            ("2024-05-01", "p_b", "2024-03-20", "aanmelding_schuldhulp"),  # delivered 2 months late
            ("2024-03-01", "p_c", "2024-03-05", "ontruiming"),  # not debt help
            ("2024-06-01", "p_d", "2024-06-02", "wsnp"),
        ]
    )
    flags = _flags(con)
    assert len(flags) == len(MONTHS) and not flags.isna().any().any()
    a = flags["hh_a"]
    assert not a[date(2024, 2, 1)]
    assert a[date(2024, 3, 1)] and a[date(2026, 2, 1)]  # the 24th month after registration
    assert not a[date(2026, 3, 1)]
    b = flags["hh_b"]
    # happened in March, but only known from the May delivery on
    assert not b[date(2024, 3, 1)] and not b[date(2024, 4, 1)] and b[date(2024, 5, 1)]
    assert not flags["hh_c"].any()
    assert flags["hh_d"][date(2024, 6, 1)] and not flags["hh_d"][date(2024, 5, 1)]
    assert not flags["hh_e"].any()
    latest = con.execute(load_sql("schuldhulp")).df()
    row = latest[(latest["household_id"] == "hh_b") & (latest["month"] == pd.Timestamp(2024, 6, 1))]
    assert row["laatste_melding"].iloc[0] == pd.Timestamp(2024, 3, 20)


def test_debt_help_of_a_month_never_changes_with_later_deliveries():
    early = _flags(_warehouse([("2024-03-01", "p_a", "2024-03-10", "aanmelding_schuldhulp")]))
    later = _flags(
        _warehouse(
            [
                ("2024-03-01", "p_a", "2024-03-10", "aanmelding_schuldhulp"),
                ("2024-09-01", "p_e", "2024-02-01", "aanmelding_schuldhulp"),
            ]
        )
    )
    before = [m for m in MONTHS if m < date(2024, 9, 1)]
    pd.testing.assert_frame_equal(early.loc[before], later.loc[before])
    assert later.loc[date(2024, 9, 1), "hh_e"]


def _with_help(features: pd.DataFrame, share: float, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return features.assign(**{DEBT_HELP: rng.random(len(features)) < share})


def test_households_in_debt_help_are_left_out_of_training_and_evaluation(synthetic_tables):
    features, labels, truth = synthetic_tables
    flagged = _with_help(features, 0.1)
    config = TrainingConfig(k=20, test_months=1)
    result = train(flagged, labels, truth=truth, config=config)
    helped = flagged.loc[flagged[DEBT_HELP], ["household_id", "month"]]
    evaluated = result.evaluation.merge(helped, on=["household_id", "month"])
    assert evaluated.empty and not result.evaluation_baselines.merge(helped).shape[0]
    arrears = flagged  # every synthetic row has a label row
    for entry in result.per_month:
        month = date.fromisoformat(entry["month"])
        rows = arrears[
            (arrears["month"] == month) & arrears["household_id"].isin(labels.household_id)
        ]
        assert entry["left_out_debt_help"] == int(rows[DEBT_HELP].sum()) > 0
        assert entry["households"] == int((~rows[DEBT_HELP]).sum())
    kept = train(flagged, labels, truth=truth, config=replace(config, exclude_debt_help=False))
    assert not kept.evaluation.merge(helped).empty
    assert all(e["left_out_debt_help"] == 0 for e in kept.per_month)


def test_in_population_is_arrears_without_debt_help():
    frame = pd.DataFrame(
        {"totaal_achterstand_cent": [0.0, 100.0, 100.0], DEBT_HELP: [False, False, True]}
    )
    assert in_population(frame).tolist() == [False, True, False]
    assert in_population(frame.drop(columns=[DEBT_HELP])).tolist() == [False, True, True]


def test_scoring_leaves_out_households_in_debt_help(tmp_path, registered, synthetic_tables):
    data, version = registered
    model = registry.load(data, version)
    features = synthetic_tables[0]
    month = max(features["month"])
    rows = features[features["month"] == month]
    helped = rows.loc[rows["totaal_achterstand_cent"] > 0, "household_id"].iloc[:10].tolist()
    path = tmp_path / "serving.duckdb"
    con = duckdb.connect(str(path))
    con.register("rows", rows)
    con.execute("CREATE TABLE household_features AS SELECT * FROM rows")
    con.execute("CREATE TABLE inwoners AS SELECT ?::DATE AS month, 10000 AS inwoners", [month])
    flags = pd.DataFrame({"household_id": rows["household_id"], "month": month})
    flags[DEBT_HELP] = flags["household_id"].isin(helped)
    flags["laatste_melding"] = pd.NaT
    con.register("flags", flags)
    con.execute("CREATE TABLE schuldhulp AS SELECT * FROM flags")
    store = Store(con, "main", str(path))
    read = read_features(store, months=[month], features=FEATURES)
    assert read.loc[read["household_id"].isin(helped), DEBT_HELP].all()
    scored = score_from_store(model, store, month=month)
    in_arrears = set(rows.loc[rows["totaal_achterstand_cent"] > 0, "household_id"])
    assert set(scored.scores["household_id"]) == in_arrears - set(helped)
    assert not set(scored.explanations["household_id"]) & set(helped)
    con.execute("DROP TABLE schuldhulp")
    with pytest.raises(ModelError) as err:
        score_from_store(model, store, month=month)
    assert err.value.key == "tabel_ontbreekt"
    con.close()
