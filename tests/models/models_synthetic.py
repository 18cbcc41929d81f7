"""Small, explicit household-month tables in the documented schema, for unit tests.

This is not a simulator: it draws features independently per month and a label from a known
logistic function of them, so tests can check that the code learns what is there and nothing else.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from models.features import AGENCIES, FEATURES, month_add


def tables(
    *, households: int = 400, months: int = 30, seed: int = 7, start: date = date(2022, 1, 1)
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(features, labels, truth)``; labels of the last 12 months are not yet known."""
    rng = np.random.default_rng(seed)
    rows = []
    for t in range(months):
        month = month_add(start, t)
        n = households
        row: dict[str, object] = {
            "household_id": [f"hh_{i:016x}" for i in range(n)],
            "month": [month] * n,
        }
        for a in AGENCIES:
            arrears = rng.binomial(1, 0.3, n) * rng.gamma(1.5, 30000, n).round()
            row[f"{a}_open_zaken"] = (arrears > 0) * rng.integers(1, 4, n)
            row[f"{a}_saldo_cent"] = arrears + rng.gamma(1.0, 10000, n).round() * (arrears > 0)
            row[f"{a}_achterstand_cent"] = arrears
            row[f"{a}_oudste_achterstand_maanden"] = (arrears > 0) * rng.integers(1, 14, n)
            row[f"{a}_verhogingen"] = (arrears > 0) * rng.integers(0, 3, n)
            row[f"{a}_sterkste_aanmaning"] = (arrears > 0) * rng.integers(1, 4, n)
            row[f"{a}_pilot_drempel"] = (arrears > 27000).astype(int)
        frame = pd.DataFrame(row)
        frame["cak_premie_regime"] = (frame["cak_oudste_achterstand_maanden"] >= 6).astype(int)
        frame["instanties_met_achterstand"] = sum(
            (frame[f"{a}_achterstand_cent"] > 0).astype(int) for a in AGENCIES
        )
        frame["totaal_saldo_cent"] = sum(frame[f"{a}_saldo_cent"] for a in AGENCIES)
        frame["totaal_achterstand_cent"] = sum(frame[f"{a}_achterstand_cent"] for a in AGENCIES)
        frame["pilot_drempels"] = sum(frame[f"{a}_pilot_drempel"] for a in AGENCIES)
        for h in (3, 6, 12):
            frame[f"totaal_achterstand_delta_{h}m"] = rng.normal(0, 20000, n).round()
            frame[f"instanties_delta_{h}m"] = rng.integers(-1, 2, n)
        frame["huishouden_grootte"] = rng.integers(1, 6, n)
        frame["aantal_kinderen"] = np.maximum(0, frame["huishouden_grootte"] - 2)
        rows.append(frame)
    features = pd.concat(rows, ignore_index=True)[["household_id", "month", *FEATURES]]
    z = (
        -4.0
        + 0.9 * features["instanties_met_achterstand"]
        + 0.8 * features["cjib_verhogingen"]
        + 1.2 * features["cak_premie_regime"]
        + 0.00002 * features["totaal_achterstand_delta_6m"]
    )
    true_prob = 1 / (1 + np.exp(-z))
    label = rng.random(len(features)) < true_prob
    last_known = month_add(start, months - 13)
    labels = pd.DataFrame(
        {
            "household_id": features["household_id"],
            "month": features["month"],
            "label": label,
            "label_known": features["month"] <= last_known,
        }
    )
    truth = pd.DataFrame(
        {
            "household_id": features["household_id"],
            "month": features["month"],
            "true_prob": true_prob,
        }
    )
    return features, labels, truth
