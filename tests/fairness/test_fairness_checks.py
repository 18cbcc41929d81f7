"""Verdicts: fail / undetermined / pass by the interval, too-small groups reported, known
answers on explicitly built worlds."""

from __future__ import annotations

import math

import pytest
from fairness_synthetic import world

from fairness import UNKNOWN_GROUP, attach_groups, judge, run_audit


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0.5, 0.7, "fail"),
        (0.7, 0.9, "undetermined"),
        (0.85, 1.1, "pass"),
        (0.8, 1.0, "pass"),
        (math.nan, 1.0, "undetermined"),
    ],
)
def test_judge_against_a_minimum(low, high, expected):
    assert judge(low, high, minimum=0.8) == expected


def test_judge_against_a_band():
    assert judge(1.3, 1.5, minimum=0.8, maximum=1.25) == "fail"
    assert judge(1.1, 1.3, minimum=0.8, maximum=1.25) == "undetermined"
    assert judge(0.9, 1.1, minimum=0.8, maximum=1.25) == "pass"
    assert judge(0.5, 0.7, minimum=0.8, maximum=1.25) == "fail"


@pytest.fixture(scope="module")
def fair_report(fair_frame, policy):
    return run_audit(fair_frame, policy=policy, model_version="v-fair")


def test_fair_world_passes(fair_report):
    """No check fails; every single attribute passes. The intersection's groups are a sixth of
    the world each, and at this size some of their intervals still straddle the threshold."""
    assert [c.key for c in fair_report.checks if c.verdict == "fail"] == []
    singles = [c for c in fair_report.checks if " x " not in c.attribute and c.group != "Klein"]
    assert [c.key for c in singles if c.verdict != "pass"] == []
    assert fair_report.verdict in ("pass", "undetermined")


def test_too_small_group_is_reported_and_counted(fair_report):
    small = [c for c in fair_report.checks if c.attribute == "wijk" and c.group == "Klein"]
    assert {c.metric for c in small} == {"recall_ratio", "relative_calibration"}
    assert all(c.verdict == "too_small" for c in small)
    assert fair_report.counts["too_small"] >= 2
    payload = fair_report.to_json()
    listed = [m for m in payload["metrics"] if m["attribute"] == "wijk" and m["group"] == "Klein"]
    assert listed and listed[0]["too_small"] and listed[0]["n"] == 30 * 6


def test_json_holds_the_required_fields(fair_report):
    payload = fair_report.to_json()
    assert {"model_version", "verdict", "checks"} <= payload.keys()
    required = {
        "attribute",
        "group",
        "metric",
        "value",
        "ci_low",
        "ci_high",
        "reference_group",
        "threshold",
        "n",
        "verdict",
    }
    for check in payload["checks"]:
        assert required <= check.keys()
        assert check["verdict"] in {"pass", "fail", "undetermined", "too_small"}
    recall = [
        c
        for c in payload["checks"]
        if c["metric"] == "recall_ratio" and c["attribute"] == "geslacht"
    ]
    assert {c["reference_group"] for c in recall} in ({"M"}, {"V"})


def test_rows_without_groups_are_kept_as_unknown(policy):
    evaluation, groups = world(households=600, months=2, k=30, seed=4)
    groups = groups[groups["household_id"] != "hh_000001"]
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    assert len(frame) == len(evaluation)
    unknown = frame[frame["household_id"] == "hh_000001"]
    assert (unknown["geslacht"] == UNKNOWN_GROUP).all()
    assert (unknown["geslacht x migratieachtergrond"] == f"{UNKNOWN_GROUP} / {UNKNOWN_GROUP}").all()


def test_under_ranked_group_fails_equal_opportunity(policy):
    evaluation, groups = world(
        seed=12, score_factor={("migratieachtergrond", "buiten_europa"): 0.5}
    )
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    report = run_audit(frame, policy=policy, model_version="v-measured")
    by_key = {c.key: c for c in report.checks}
    assert by_key["recall_ratio|migratieachtergrond|buiten_europa"].verdict == "fail"
    # scores halved: the group has about twice the outcomes the scores promise
    assert by_key["relative_calibration|migratieachtergrond|buiten_europa"].verdict == "fail"
    assert by_key["recall_ratio|geslacht x migratieachtergrond|V / buiten_europa"].verdict == "fail"
    assert by_key["recall_ratio|migratieachtergrond|europa"].verdict == "pass"
    assert report.verdict == "fail"


def test_label_bias_fails_calibration(policy):
    evaluation, groups = world(seed=13, label_rate={("geslacht", "V"): 0.5})
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    report = run_audit(frame, policy=policy, model_version="v-label")
    by_key = {c.key: c for c in report.checks}
    women, men = (
        by_key["relative_calibration|geslacht|V"],
        by_key["relative_calibration|geslacht|M"],
    )
    # half of V's outcomes recorded: V's scores promise more than is recorded, compared with
    # the whole town (about 0.5 / 0.75); with two groups the other side of the gap shows in M
    assert women.verdict == "fail" and women.ci_high < 0.8
    assert women.value == pytest.approx(0.67, abs=0.08)
    assert men.value > 1
    # judged on the outcomes V would have at the town's rate, not only on the recorded ones
    assert women.base > women.extra["observed"]
    for attribute in ("leeftijdsgroep", "migratieachtergrond", "wijk", "huishoudtype"):
        assert [
            c.key for c in report.checks if c.attribute == attribute and c.verdict == "fail"
        ] == []


def test_bad_input_gets_a_clear_error(policy):
    evaluation, groups = world(households=300, months=1, k=10, seed=5)
    from fairness import AuditError

    with pytest.raises(AuditError, match="mist kolommen: label"):
        attach_groups(evaluation.drop(columns=["label"]), groups, attributes=policy.attributes)
    with pytest.raises(AuditError, match="twee keer"):
        attach_groups(pd_concat(evaluation), groups, attributes=policy.attributes)
    frame = attach_groups(evaluation, groups, attributes=policy.attributes)
    frame.loc[0, "score"] = 1.5
    with pytest.raises(AuditError, match="tussen 0 en 1"):
        run_audit(frame, policy=policy, model_version="v")


def pd_concat(frame):
    import pandas as pd

    return pd.concat([frame, frame.head(1)], ignore_index=True)


def test_a_group_too_small_to_judge_needs_a_signoff(fair_frame, policy):
    import dataclasses

    tiny = fair_frame[fair_frame["wijk"] == "Klein"]
    strict = dataclasses.replace(policy, replicates=60)
    report = run_audit(tiny, policy=strict, model_version="v-tiny")
    assert {c.verdict for c in report.checks} == {"too_small"}
    assert report.verdict == "undetermined"
    lenient = dataclasses.replace(strict, too_small_needs_signoff=False)
    assert run_audit(tiny, policy=lenient, model_version="v-tiny").verdict == "pass"
