import numpy as np
import pytest

from models.explain import contributions, dependence, explain_households, global_importance
from models.features import MODEL_FEATURES as FEATURES
from models.history import add_history
from models.sentences import SENTENCES, euro, sentence


def test_shap_contributions_add_up_to_the_raw_output(trained, synthetic_tables):
    rows = add_history(synthetic_tables[0]).head(300)
    values, expected = contributions(trained.model, rows)
    used = list(trained.model.features)
    assert values.shape == (300, len(used))
    np.testing.assert_allclose(values.sum(axis=1) + expected, trained.model.margin(rows), atol=1e-9)
    # and they match shap's exact TreeExplainer
    shap = pytest.importorskip("shap")
    explainer = shap.TreeExplainer(trained.model.booster)
    reference = explainer.shap_values(rows[used].to_numpy(dtype=float))
    np.testing.assert_allclose(values, np.asarray(reference), atol=1e-6)


def test_explanations_list_the_strongest_raising_reasons_in_both_languages(
    trained, synthetic_tables
):
    rows = add_history(synthetic_tables[0]).head(50)
    out = explain_households(trained.model, rows, model_version="v1", reasons=4)
    values, _ = contributions(trained.model, rows)
    assert (out["contribution"] > 0).all()
    assert out.groupby("household_id")["position"].max().max() <= 4
    first = out[out["household_id"] == rows["household_id"].iloc[0]].sort_values("position")
    used = list(trained.model.features)
    expected = [used[j] for j in np.argsort(-values[0]) if values[0, j] > 0][: len(first)]
    assert first["feature"].tolist() == expected
    assert first["contribution"].is_monotonic_decreasing
    assert out["sentence_nl"].str.len().min() > 5 and out["sentence_en"].str.len().min() > 5
    assert set(out["model_version"]) == {"v1"}
    none = explain_households(trained.model, rows.iloc[:0], model_version="v1")
    assert none.empty and list(none.columns) == list(out.columns)


def test_every_feature_has_a_reason_sentence_in_dutch_and_english():
    assert set(SENTENCES) == set(FEATURES)
    for value in (0, 1, 2, 7, -3, 123_456):
        # counts and amounts are never negative; the changes (delta) can be
        row = {f: float(value if "delta" in f else abs(value)) for f in FEATURES}
        for feature in FEATURES:
            for lang in ("nl", "en"):
                text = sentence(feature, row, lang)
                assert text and "{" not in text and "None" not in text, (feature, text)
                assert text[0].isupper() or text[0].isdigit() or text[0] == "€", text


def test_sentences_read_like_the_examples():
    row = {f: 0.0 for f in FEATURES}
    row.update(
        cjib_verhogingen=2,
        instanties_met_achterstand=3,
        totaal_achterstand_cent=124_000,
        cak_oudste_achterstand_maanden=7,
    )
    assert sentence("cjib_verhogingen", row) == "Boete bij het CJIB is twee keer verhoogd"
    assert (
        sentence("instanties_met_achterstand", row) == "Achterstand bij 3 instanties, samen € 1.240"
    )
    assert sentence("cak_oudste_achterstand_maanden", row) == (
        "Zorgpremie bij het CAK sinds 7 maanden niet betaald"
    )
    assert sentence("cjib_verhogingen", row, "en") == "The fine with CJIB has been increased twice"
    assert euro(123_456_78) == "€ 123.457" and euro(4_9, "en") == "€0"


def test_global_importance_and_dependence_cover_every_test_month(trained):
    imp = global_importance(trained.backtest_models, trained.test_frames, sample=100)
    assert set(imp["month"]) == set(trained.backtest_models)
    assert len(imp) == len(trained.backtest_models) * len(trained.model.features)
    top = imp.groupby("feature")["mean_abs_contribution"].mean().idxmax()
    assert top in {
        "instanties_met_achterstand",
        "cak_premie_regime",
        "cjib_verhogingen",
        "totaal_achterstand_delta_6m",
        "cak_oudste_achterstand_maanden",
    }
    dep = dependence(trained.backtest_models, trained.test_frames, features=[top], sample=50)
    assert set(dep.columns) == {"month", "feature", "value", "contribution"}
    assert len(dep) == 50 * len(trained.backtest_models)
