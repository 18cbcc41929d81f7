"""The command's error paths: clear messages in the user's language, exit status 2."""

from __future__ import annotations

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from fairness import DEFAULT_POLICY_PATH, PolicyError, load_policy, read_gate, sign_off, write_gate
from fairness.cli import app
from signals.paths import DataDir

runner = CliRunner()


def test_no_model_is_a_clear_error_in_dutch_and_english(tmp_path, monkeypatch):
    result = runner.invoke(app, ["--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "geen model om te toetsen" in result.output
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "en")
    result = runner.invoke(app, ["--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no model to audit" in result.output


def test_signoff_needs_an_audit_a_name_and_a_reason(tmp_path):
    base = ["signoff", "--model", "202401-abc", "--data", str(tmp_path)]
    empty = runner.invoke(app, [*base, "--reviewer", " ", "--reason", "omdat"])
    assert empty.exit_code == 2 and "naam van de ethisch toetser" in empty.output
    missing = runner.invoke(app, [*base, "--reviewer", "A. Toetser", "--reason", "omdat"])
    assert missing.exit_code == 2 and "nog niet getoetst" in missing.output


def test_live_without_scores_reports_nothing_to_do(tmp_path):
    result = runner.invoke(app, ["live", "--data", str(tmp_path)])
    assert result.exit_code == 0
    assert "Nog geen maanden" in result.output


def test_a_broken_policy_is_refused(tmp_path):
    path = tmp_path / "policy.toml"
    source = DEFAULT_POLICY_PATH.read_text("utf-8").replace("min = 0.8", "min = 2")
    path.write_text(source, "utf-8")
    with pytest.raises(PolicyError, match="recall_ratio"):
        load_policy(path)
    path.write_text(source.replace("geslacht", "nationaliteit", 1), "utf-8")
    with pytest.raises(PolicyError, match="nationaliteit"):
        load_policy(path)


def test_signoff_survives_a_reaudit_only_under_the_same_policy(tmp_path, fair_frame, policy):
    from fairness import run_audit

    small = dataclasses.replace(policy, replicates=60, min_positives=1500)
    report = run_audit(fair_frame, policy=small, model_version="202401-abc")
    data = DataDir(tmp_path)
    (data.models / "202401-abc").mkdir(parents=True)
    forced = dataclasses.replace(
        report,
        checks=[
            dataclasses.replace(c, verdict="undetermined") if i == 0 else c
            for i, c in enumerate(report.checks)
        ],
    )
    assert forced.verdict == "undetermined"
    write_gate(data, forced, report_path=tmp_path / "audit.json")
    sign_off(data, "202401-abc", reviewer="A. Toetser", reason="Te weinig uitkomsten")
    write_gate(data, forced, report_path=tmp_path / "audit.json")
    assert read_gate(data, "202401-abc")["signoff"]["reviewer"] == "A. Toetser"
    changed = dataclasses.replace(forced, policy=dataclasses.replace(small, sha256="other"))
    write_gate(data, changed, report_path=tmp_path / "audit.json")
    assert read_gate(data, "202401-abc")["signoff"] is None
    log = [json.loads(line) for line in (data.audits / "signoffs.jsonl").read_text().splitlines()]
    assert log[0]["reviewer"] == "A. Toetser" and log[0]["checks"]
