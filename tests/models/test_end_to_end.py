"""End to end on a small simulated town: simulator -> real pipeline (Dagster in-process, with the
model layer's assets) -> registry -> gate -> scoring -> explanations.

The town is simulated and run through the pipeline once per session (the slow part); tests that
change anything work on a copy.
"""

import json
import math
import shutil
import warnings
from datetime import date

import dagster as dg
import duckdb
import numpy as np
import pytest

from models import registry
from models.evaluation import evaluation_frame
from models.explain import contributions
from models.features import (
    DEBT_HELP,
    FEATURES,
    KEYS,
    in_population,
    load_features,
    load_residents,
    month_add,
)
from models.history import add_history
from models.scoring import score_month
from models.sentences import SENTENCES
from models.training import TrainingConfig
from models.workflow import train_and_register
from pipelines.partitions import month_key
from pipelines.resources import WarehouseResource
from pipelines.runner import run_pipeline
from signals.paths import DataDir
from signals.simulator import simulate

warnings.filterwarnings("ignore", category=dg.BetaWarning)

pytestmark = pytest.mark.slow

RESIDENTS, MONTHS = 2000, 30
#: Fewer months than a real deployment has, so the splits are smaller than the defaults.
CONFIG = TrainingConfig(test_months=3, calibration_months=1, min_train_months=2)


@pytest.fixture(scope="session")
def sim_town(tmp_path_factory) -> DataDir:
    """A simulated town run once through the whole pipeline (do not modify; copy it)."""
    data = DataDir(tmp_path_factory.mktemp("simtown") / "data")
    simulate(data.root, residents=RESIDENTS, months=MONTHS, start="2023-01", seed=11)
    with dg.instance_for_test() as instance:
        summary = run_pipeline(data, instance=instance)
    assert summary.success
    return data


@pytest.fixture
def town(tmp_path, sim_town) -> DataDir:
    target = tmp_path / "data"
    shutil.copytree(sim_town.root, target, ignore=shutil.ignore_patterns("dagster_home"))
    return DataDir(target)


def _gate_pass(data: DataDir, version: str) -> None:
    (data.models / version / registry.GATE_FILE).write_text(
        json.dumps({"verdict": "pass", "signoff": None}), "utf-8"
    )


def test_every_live_feature_column_has_a_reason_sentence(sim_town):
    con = duckdb.connect(str(sim_town.serving), read_only=True)
    try:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'household_features'"
            ).fetchall()
        ]
    finally:
        con.close()
    assert set(FEATURES) <= set(columns)
    assert [c for c in columns if c not in KEYS and c not in SENTENCES] == []


def test_debt_help_is_published_for_every_feature_row(sim_town):
    con = duckdb.connect(str(sim_town.serving), read_only=True)
    try:
        rows, flagged, missing = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE s.in_schuldhulp), "
            "count(*) FILTER (WHERE s.household_id IS NULL) FROM household_features AS f "
            "LEFT JOIN schuldhulp AS s USING (household_id, month)"
        ).fetchone()
    finally:
        con.close()
    assert rows > 0 and missing == 0 and flagged > 0


def test_residents_are_published_for_the_capacity(sim_town):
    residents = load_residents(sim_town.serving)
    assert residents is not None and len(residents) == MONTHS
    assert all(0.8 * RESIDENTS < n < 1.3 * RESIDENTS for n in residents.values())


def test_the_pipeline_trained_and_froze_a_model_without_activating_it(sim_town):
    versions = registry.list_versions(sim_town)
    assert len(versions) == 1
    with pytest.raises(Exception, match="actief model"):
        registry.active_version(sim_town)
    entry = registry.load(sim_town, versions[0])
    assert entry.manifest["has_truth"] is True
    # the card was generated from the registry by the model_card asset
    assert (entry.path / "card" / "model_card.html").is_file()
    # no active model: nothing was scored
    con = duckdb.connect(str(sim_town.serving), read_only=True)
    try:
        tables = {
            t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    finally:
        con.close()
    assert "scores" not in tables


def test_backtest_on_simulated_data_uses_only_labels_known_before_each_test_month(town):
    version, created = train_and_register(town, config=CONFIG)
    assert created
    metrics = registry.load(town, version).metrics
    assert len(metrics["per_month"]) == 3
    for entry in metrics["per_month"]:
        test = entry["month"]
        last_used = entry["calibration_as_of"][-1]
        y, m, _ = map(int, last_used.split("-"))
        assert month_add(date(y, m, 1), 12).isoformat() < test
        for name in ("model", "threshold_rule", "logistic_regression", "oracle"):
            assert 0 <= entry[name]["precision_at_k"] <= 1
    assert metrics["precision_at_k"]["oracle"] is not None
    frame = evaluation_frame(town, version)
    assert frame["true_prob"].notna().mean() > 0.95
    # the oracle, ranking by the true probability, is at least as good as chance
    assert metrics["pr_auc"]["oracle"] > frame["label"].mean()
    # same data, code and settings: the pipeline's own training recognises it and does nothing
    assert train_and_register(town, config=CONFIG) == (version, False)


def test_activated_model_scores_and_explains_the_selected_households(town):
    version = registry.list_versions(town)[0]
    # the pipeline's fairness audit may have written a gate already; start without one
    (town.models / version / registry.GATE_FILE).unlink(missing_ok=True)
    with pytest.raises(Exception, match="getoetst"):
        registry.activate(town, version)
    _gate_pass(town, version)
    registry.activate(town, version)
    result = score_month(town)
    scores = result.scores
    features = add_history(load_features(town.serving))
    features = features[features["month"] == result.month]
    in_arrears = features[in_population(features)]
    # the cohort: households in arrears that are not in debt help (serving.schuldhulp)
    assert features[DEBT_HELP].dtype == bool
    helped = features.loc[features[DEBT_HELP], "household_id"]
    assert set(scores["household_id"]) == set(in_arrears["household_id"])
    assert not set(scores["household_id"]) & set(helped)
    assert sorted(scores["rank"]) == list(range(1, len(scores) + 1))
    residents = load_residents(town.serving)[result.month]
    assert result.k == math.ceil(2 * residents / 1000) == int(scores["selected"].sum())
    assert (scores["model_version"] == version).all()
    assert scores["score"].between(0, 1).all()
    top = scores.sort_values("rank")
    assert top["score"].is_monotonic_decreasing
    expl = result.explanations
    assert set(expl["household_id"]) <= set(scores.loc[scores["selected"], "household_id"])
    assert (
        expl.groupby("household_id")["position"]
        .apply(lambda p: sorted(p) == list(range(1, len(p) + 1)))
        .all()
    )
    assert (expl["sentence_nl"].str.len() > 5).all() and (expl["model_version"] == version).all()
    # additivity on real data
    model = registry.load(town, version).model
    values, expected = contributions(model, in_arrears)
    np.testing.assert_allclose(values.sum(1) + expected, model.margin(in_arrears), atol=1e-9)
    # a failed re-audit stops scoring
    (town.models / version / registry.GATE_FILE).write_text(
        json.dumps({"verdict": "fail", "signoff": None})
    )
    with pytest.raises(Exception, match="afgekeurd"):
        score_month(town)


def test_scores_asset_writes_the_active_models_rows(town):
    from pipelines.assets_model import scores_and_explanations

    version = registry.list_versions(town)[0]
    _gate_pass(town, version)
    registry.activate(town, version)
    month = month_add(max(load_residents(town.serving)), 0)
    key = month_key(month)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("maand", [key])
        result = dg.materialize(
            [scores_and_explanations],
            partition_key=key,
            instance=instance,
            resources={"warehouse": WarehouseResource(data_dir=str(town.root))},
            selection=[scores_and_explanations],
        )
    assert result.success
    con = duckdb.connect(str(town.warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT count(*), count(DISTINCT model_version), sum(selected::INT) "
            "FROM serving.scores WHERE month = ?",
            [month],
        ).fetchone()
        explained = con.execute(
            "SELECT count(DISTINCT household_id) FROM serving.explanations"
        ).fetchone()
    finally:
        con.close()
    assert (
        rows[0] > 0
        and rows[1] == 1
        and rows[2] == math.ceil(2 * load_residents(town.serving)[month] / 1000)
    )
    assert 0 < explained[0] <= rows[2]
