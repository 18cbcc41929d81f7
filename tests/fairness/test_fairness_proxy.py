"""Proxy check: AUC computed right, a planted proxy flagged, a reviewed feature accepted."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from fairness import FEATURE_SET, proxy_checks, weighted_auc
from fairness._policy import ReviewedProxy


def test_weighted_auc_equals_sklearn_with_ties():
    rng = np.random.default_rng(0)
    values = rng.integers(0, 5, 2000).astype(float)
    positive = rng.random(2000) < 0.3 + 0.05 * values
    got = weighted_auc(values, positive, np.ones((1, 2000)))[0]
    assert got == pytest.approx(roc_auc_score(positive, values), abs=1e-12)


def test_weighted_auc_with_counts_equals_repeated_rows():
    rng = np.random.default_rng(1)
    values = rng.integers(0, 20, 300).astype(float)
    positive = rng.random(300) < 0.4
    counts = rng.integers(0, 3, 300)
    got = weighted_auc(values, positive, counts[None, :].astype(float))[0]
    repeated = np.repeat(np.arange(300), counts)
    assert got == pytest.approx(roc_auc_score(positive[repeated], values[repeated]), abs=1e-12)


@pytest.fixture(scope="module")
def proxy_world():
    """Households with harmless features, one of which (bd_open_zaken) is switched on for 90%
    of the buiten_europa group, as the simulator's proxy bias does."""
    rng = np.random.default_rng(7)
    n = 4000
    frame = pd.DataFrame(
        {
            "household_id": [f"hh_{i}" for i in range(n)],
            "month": pd.Timestamp("2024-01-01").date(),
            "geslacht": rng.choice(["M", "V"], n),
            "leeftijdsgroep": rng.choice(["18-27", "28-44", "45-66", "67+"], n),
            "migratieachtergrond": rng.choice(["nederland", "europa", "buiten_europa"], n),
            "wijk": rng.choice(["Centrum", "Noord", "Oost"], n),
            "huishoudtype": rng.choice(["alleenstaand", "paar"], n),
            "cjib_saldo_cent": rng.poisson(3, n) * 10_000,
            "duo_open_zaken": rng.poisson(0.3, n),
        }
    )
    encoded = (frame["migratieachtergrond"] == "buiten_europa") & (rng.random(n) < 0.9)
    frame["bd_open_zaken"] = encoded.astype(int) + rng.poisson(0.05, n)
    frame["huishouden_grootte"] = np.where(frame["huishoudtype"] == "paar", 2, 1)
    return frame


FEATURES = ["cjib_saldo_cent", "duo_open_zaken", "bd_open_zaken", "huishouden_grootte"]


def test_planted_proxy_is_flagged_and_harmless_features_pass(proxy_world, policy):
    policy = dataclasses.replace(policy, replicates=100)
    checks = proxy_checks(proxy_world, feature_names=FEATURES, policy=policy)
    by = {(c.attribute, c.extra["feature"]): c for c in checks}
    flagged = by[("migratieachtergrond", "bd_open_zaken")]
    assert flagged.verdict == "fail"
    assert flagged.group == "buiten_europa"
    assert flagged.ci_low > policy.proxy_auc_max
    assert by[("migratieachtergrond", FEATURE_SET)].verdict == "fail"
    for attribute in ("geslacht", "leeftijdsgroep", "wijk"):
        for feature in ("cjib_saldo_cent", "duo_open_zaken", "bd_open_zaken"):
            assert by[(attribute, feature)].verdict == "pass", (attribute, feature)
    # huishouden_grootte encodes huishoudtype exactly; the shipped policy has reviewed it
    reviewed = by[("huishoudtype", "huishouden_grootte")]
    assert reviewed.verdict == "pass"
    assert reviewed.extra["measured_verdict"] == "fail"
    assert "geaccepteerd" in reviewed.note
    # and the feature-set check leaves a reviewed feature out
    assert by[("huishoudtype", FEATURE_SET)].verdict == "pass"


def test_unreviewed_proxy_fails(proxy_world, policy):
    policy = dataclasses.replace(policy, replicates=100, reviewed_proxies=())
    checks = proxy_checks(proxy_world, feature_names=["huishouden_grootte"], policy=policy)
    by = {(c.attribute, c.extra["feature"]): c for c in checks}
    assert by[("huishoudtype", "huishouden_grootte")].verdict == "fail"
    assert by[("huishoudtype", FEATURE_SET)].verdict == "fail"
    assert ReviewedProxy  # the type reviewers' entries load into


def test_a_single_household_in_a_pooled_group_does_not_break_the_check(proxy_world, policy):
    policy = dataclasses.replace(policy, replicates=60)
    frame = proxy_world.copy()
    frame.loc[0, "geslacht"] = "X"  # one household: pooled with nothing else, cannot be split
    checks = proxy_checks(frame, feature_names=["bd_open_zaken"], policy=policy)
    assert {c.extra["feature"] for c in checks if c.attribute == "geslacht"} == {
        "bd_open_zaken",
        FEATURE_SET,
    }
