import json
import os

import numpy as np
import pytest

from models import registry
from models.evaluation import evaluation_frame
from models.history import add_history
from models.messages import ModelError
from models.workflow import register


@pytest.fixture
def data(registry_copy):
    return registry_copy


def gate(data, version, verdict, signoff=None):
    (data.models / version / registry.GATE_FILE).write_text(
        json.dumps({"verdict": verdict, "signoff": signoff, "audit": "test"}), "utf-8"
    )


def test_a_version_is_frozen_with_its_provenance(data, trained):
    data, version = data
    manifest = json.loads((data.models / version / "manifest.json").read_text())
    assert manifest["data_fingerprint"] == trained.fingerprint
    assert manifest["features"] == list(trained.config.features)
    assert manifest["params"]["deterministic"] is True
    assert manifest["code_version"]
    assert manifest["training_window"]["label_timespan_months"] == 12
    assert set(manifest["files"]) >= {"model.txt", "metrics.json", "evaluation.parquet"}
    assert not os.access(data.models / version / "model.txt", os.W_OK) or os.geteuid() == 0
    # registering the same result again creates nothing new
    assert register(data, trained) == (version, False)
    assert registry.list_versions(data) == [version]


def test_loaded_model_scores_exactly_like_the_trained_one(data, trained, synthetic_tables):
    data, version = data
    loaded = registry.load(data, version)
    features = add_history(synthetic_tables[0]).head(500)
    np.testing.assert_allclose(
        loaded.model.probability(features), trained.model.probability(features)
    )


def test_a_changed_artefact_is_refused(data):
    data, version = data
    path = data.models / version / "calibration.json"
    path.chmod(0o644)
    path.write_text('{"slope": 5.0, "intercept": 0.0}')
    with pytest.raises(ModelError) as err:
        registry.load(data, version)
    assert err.value.key == "artefact_gewijzigd"


def test_activation_refuses_without_a_passed_gate(data):
    data, version = data
    with pytest.raises(ModelError) as err:
        registry.activate(data, version)
    assert err.value.key == "geen_toets"
    gate(data, version, "fail")
    with pytest.raises(ModelError) as err:
        registry.activate(data, version)
    assert err.value.key == "toets_afgekeurd"
    assert "afgekeurd" in str(err.value)
    gate(data, version, "undetermined")
    with pytest.raises(ModelError) as err:
        registry.activate(data, version)
    assert err.value.key == "toets_onbeslist"
    gate(data, version, "undetermined", {"reviewer": "j.jansen", "reason": "", "at": "2026-01-01"})
    with pytest.raises(ModelError):
        registry.activate(data, version)
    with pytest.raises(ModelError) as err:
        registry.active_version(data)
    assert err.value.key == "geen_actief_model"


def test_activation_accepts_a_pass_or_a_signed_undetermined(data):
    data, version = data
    gate(data, version, "pass")
    record = registry.activate(data, version, activated_by="tester")
    assert record["gate_verdict"] == "pass"
    assert registry.active_version(data) == version
    gate(
        data,
        version,
        "undetermined",
        {
            "reviewer": "j.jansen",
            "reason": "te weinig uitkomsten per groep",
            "at": "2026-01-01T10:00Z",
        },
    )
    assert registry.activate(data, version)["gate_signoff"]["reviewer"] == "j.jansen"


def test_unknown_version_is_a_clear_error(data):
    data, _ = data
    with pytest.raises(ModelError) as err:
        registry.activate(data, "999999-nope")
    assert "bestaat niet" in str(err.value)
    with pytest.raises(ModelError):
        registry.load(data, "../etc")


def test_evaluation_frame_for_the_fairness_audit(data, trained):
    data, version = data
    frame = evaluation_frame(data, version)
    assert list(frame.columns) == [
        "household_id",
        "month",
        "score",
        "rank",
        "selected",
        "label",
        "true_prob",
    ]
    assert len(frame) == len(trained.evaluation)
    assert frame["selected"].dtype == bool and frame["label"].dtype == bool
    assert set(frame["month"]) == {s.test_as_of for s in trained.splits}
    assert ((frame["rank"] <= 20) == frame["selected"]).all()
