import json

from typer.testing import CliRunner

from models import registry
from models.card import algoritmeregister_entry, render_card, write_card
from models.cli import app

runner = CliRunner()


def test_report_json_has_the_documented_shape(registry_copy):
    data, version = registry_copy
    result = runner.invoke(app, ["report", "--json", "--data", str(data.root)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["model_version"] == version and payload["active"] is False
    assert payload["k"] == 20
    assert len(payload["test_months"]) == 3
    for metric in ("precision_at_k", "recall_at_k", "pr_auc", "brier"):
        assert set(payload[metric]) == {"model", "threshold_rule", "logistic_regression", "oracle"}
        assert all(isinstance(v, float) for v in payload[metric].values())
    assert [e["month"] for e in payload["per_month"]] == payload["test_months"]
    mean_p = sum(e["model"]["precision_at_k"] for e in payload["per_month"]) / 3
    assert abs(payload["precision_at_k"]["model"] - mean_p) < 1e-12


def test_activate_command_refuses_without_gate_then_accepts(registry_copy):
    data, version = registry_copy
    refused = runner.invoke(app, ["activate", version, "--data", str(data.root)])
    assert refused.exit_code == 1
    assert "nog niet op eerlijkheid getoetst" in refused.output
    (data.models / version / registry.GATE_FILE).write_text(
        json.dumps({"verdict": "pass", "signoff": None})
    )
    accepted = runner.invoke(app, ["activate", version, "--data", str(data.root)])
    assert accepted.exit_code == 0, accepted.output
    text = runner.invoke(app, ["report", "--data", str(data.root)], env={"VROEGSIGNAAL_TAAL": "en"})
    assert text.exit_code == 0
    assert "threshold rule" in text.output and "not active" not in text.output


def test_report_without_models_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["report", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "nog geen getrainde modellen" in result.output


def test_card_and_register_entry_come_from_the_registry(registry_copy):
    data, version = registry_copy
    md = render_card(data, version)
    assert version in md and "Drempelregel (pilot)" in md and "Orakel" in md
    assert "Hulp verandert de uitkomst" in md  # the feedback-loop limit
    assert "al schuldhulp krijgen" in md  # the cohort (exclude_debt_help, the default)
    assert "Hoe de score afhangt" in md
    manifest = registry.load(data, version).manifest
    assert manifest["data_fingerprint"] in md
    html = render_card(data, version, fmt="html", lang="en")
    assert html.startswith("<!doctype html>") and "Threshold rule (pilot)" in html
    entry = algoritmeregister_entry(data, version)
    for field in (
        "name",
        "organization",
        "description_short",
        "goal",
        "impact",
        "lawful_basis",
        "source_data",
        "methods_and_models",
        "human_intervention",
        "risks",
        "performance_standard",
        "standard_version",
    ):
        assert entry[field], field
    assert "Wet gemeentelijke schuldhulpverlening" in entry["lawful_basis"]
    paths = write_card(data, version)
    assert [p.name for p in paths] == ["model_card.md", "model_card.html", "algoritmeregister.json"]
    assert json.loads(paths[2].read_text())["name"] == entry["name"]
    # the card is generated next to the frozen files, which stay intact
    registry.load(data, version)
