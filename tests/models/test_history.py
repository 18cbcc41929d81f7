from datetime import date

import numpy as np
import pandas as pd

from models.features import month_add
from models.history import HISTORY_FEATURES, add_history

START = date(2023, 1, 1)


def frame(arrears_by_month: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for hh, values in arrears_by_month.items():
        for t, value in enumerate(values):
            if value is None:
                continue  # no row that month
            rows.append(
                {
                    "household_id": hh,
                    "month": month_add(START, t),
                    "totaal_achterstand_cent": value,
                    "totaal_saldo_cent": 2 * value,
                }
            )
    return pd.DataFrame(rows)


def test_history_counts_months_maxima_and_duration():
    f = frame({"hh_a": [0, 100, None, 300, 0, 50], "hh_b": [None, None, None, None, 10, 0]})
    out = add_history(f).set_index(["household_id", "month"])
    a = out.loc["hh_a"]
    assert a["maanden_achterstand_12m"].tolist() == [0, 1, 2, 2, 3]
    assert a["max_achterstand_12m_cent"].tolist() == [0, 100, 300, 300, 300]
    assert a["max_saldo_12m_cent"].tolist() == [0, 200, 600, 600, 600]
    assert a["maanden_sinds_eerste_achterstand"].tolist() == [0, 0, 2, 3, 4]
    b = out.loc["hh_b"]
    assert b["maanden_sinds_eerste_achterstand"].tolist() == [0, 1]
    assert b["maanden_achterstand_12m"].tolist() == [1, 1]


def test_window_forgets_after_twelve_months():
    f = frame({"hh_a": [500] + [0] * 13})
    out = add_history(f)
    assert out["maanden_achterstand_12m"].tolist() == [1] * 12 + [0, 0]
    assert out["max_achterstand_12m_cent"].tolist() == [500] * 12 + [0, 0]


def test_history_of_a_month_never_depends_on_later_months():
    rng = np.random.default_rng(3)
    f = frame({f"hh_{i}": list(rng.integers(0, 3, 20) * 100.0) for i in range(30)})
    cut = month_add(START, 11)
    full = add_history(f)
    early = add_history(f[f["month"] <= cut])
    changed = f.copy()
    changed.loc[changed["month"] > cut, "totaal_achterstand_cent"] = 9e9
    later_changed = add_history(changed)
    keep = full["month"] <= cut
    cols = list(HISTORY_FEATURES)
    pd.testing.assert_frame_equal(
        full.loc[keep, cols].reset_index(drop=True), early[cols].reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(full.loc[keep, cols], later_changed.loc[keep, cols])
