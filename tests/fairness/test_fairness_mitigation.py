"""Group-aware selection: same capacity, recall closer to equal, cost reported."""

from __future__ import annotations

import dataclasses

import pytest
from fairness_synthetic import world

from fairness import attach_groups, mitigation_report, run_audit


def test_mitigation_equalises_recall_at_a_reported_cost(policy):
    evaluation, groups = world(
        households=6000,
        months=6,
        k=300,
        seed=21,
        score_factor={("migratieachtergrond", "buiten_europa"): 0.4},
    )
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    result = mitigation_report(frame, policy=policy)
    assert result["enabled"] is False  # off by default in the shipped policy
    assert result["apply_months"] == ["2024-04-01", "2024-05-01", "2024-06-01"]
    before = result["min_recall_ratio"]["unmitigated"]
    after = result["min_recall_ratio"]["mitigated"]
    assert before < 0.6
    assert after > 0.85
    assert after > before
    precision = result["precision_at_k"]
    assert result["precision_cost"] == pytest.approx(
        precision["unmitigated"] - precision["mitigated"], abs=1e-5
    )
    low, high = result["precision_at_k_ci"]["cost"]
    assert low <= result["precision_cost"] <= high
    # the under-ranked group gains recall
    by_group = result["recall_by_group"]["buiten_europa"]
    assert by_group["mitigated"] > by_group["unmitigated"]
    # every figure of the comparison carries its household-bootstrap interval
    for name in ("unmitigated", "mitigated"):
        low, high = result["min_recall_ratio"][f"{name}_ci"]
        assert low <= result["min_recall_ratio"][name] <= high
        for figures in result["recall_by_group"].values():
            low, high = figures[f"{name}_ci"]
            assert low <= figures[name] <= high
    assert (
        result["min_recall_ratio"]["unmitigated_ci"][1]
        < result["min_recall_ratio"]["mitigated_ci"][0]
    )


def test_mitigation_keeps_capacity_and_is_only_reported_when_chosen(policy):
    evaluation, groups = world(households=2000, months=4, k=60, seed=22)
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    small = dataclasses.replace(policy, replicates=60)
    assert run_audit(frame, policy=small, model_version="v").mitigation is None
    chosen = dataclasses.replace(small, mitigation_enabled=True)
    report = run_audit(frame, policy=chosen, model_version="v")
    assert report.mitigation is not None and report.mitigation["enabled"] is True
    from fairness._report import render_html

    html = render_html(report)
    low, high = report.mitigation["min_recall_ratio"]["mitigated_ci"]
    assert f"{low:.3f}&ndash;{high:.3f}" in html  # the report shows the interval too

    from fairness import fit_recall_curves, group_aware_selection

    curves = fit_recall_curves(frame, attribute="wijk", min_positives=40)
    k = {m: 60 for m in frame["month"].unique()}
    selected = group_aware_selection(frame, attribute="wijk", curves=curves, k=k)
    assert (selected.groupby(frame["month"]).sum() == 60).all()
