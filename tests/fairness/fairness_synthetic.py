"""Evaluation frames built explicitly for the audit's unit tests.

A world of households over months: each household has groups, a true probability of the label
per month, a label drawn from it, and a score. ``score_factor`` multiplies the score of one
group (a model that under-ranks it: measurement bias); ``label_rate`` records only that share of
one group's outcomes (label bias).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

SINGLES = ("geslacht", "leeftijdsgroep", "migratieachtergrond", "wijk", "huishoudtype")


def world(
    *,
    households: int = 8000,
    months: int = 6,
    k: int = 1000,
    seed: int = 1,
    score_factor: dict[tuple[str, str], float] | None = None,
    label_rate: dict[tuple[str, str], float] | None = None,
    tiny_group: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(evaluation, groups)``: the model's evaluation rows and ``household_protected`` rows.

    ``tiny_group`` households get wijk ``"Klein"`` (a group below the minimum size).
    """
    rng = np.random.default_rng(seed)
    ids = np.array([f"hh_{i:06d}" for i in range(households)])
    attrs = {
        "geslacht": rng.choice(["M", "V"], households),
        "leeftijdsgroep": rng.choice(["18-27", "28-44", "45-66", "67+"], households),
        "migratieachtergrond": rng.choice(
            ["nederland", "europa", "buiten_europa"], households, p=[0.5, 0.2, 0.3]
        ),
        "wijk": rng.choice(["Centrum", "Noord", "Oost", "West"], households),
        "huishoudtype": rng.choice(["alleenstaand", "paar", "paar_met_kinderen"], households),
    }
    if tiny_group:
        attrs["wijk"][:tiny_group] = "Klein"
    frailty = rng.beta(1.2, 9.0, households)
    rows = []
    for m in range(months):
        month = date(2024, 1 + m, 1)
        p = np.clip(frailty * rng.lognormal(0, 0.25, households), 0.001, 0.95)
        label = rng.random(households) < p
        score = p.copy()
        for (attribute, value), factor in (score_factor or {}).items():
            score = np.where(attrs[attribute] == value, score * factor, score)
        for (attribute, value), rate in (label_rate or {}).items():
            keep = rng.random(households) < rate
            label = np.where(attrs[attribute] == value, label & keep, label)
        order = np.argsort(-score, kind="stable")
        rank = np.empty(households, dtype=int)
        rank[order] = np.arange(1, households + 1)
        rows.append(
            pd.DataFrame(
                {
                    "household_id": ids,
                    "month": month,
                    "score": score,
                    "rank": rank,
                    "selected": rank <= k,
                    "label": label,
                    "true_prob": p,
                }
            )
        )
    evaluation = pd.concat(rows, ignore_index=True)
    groups = pd.concat(
        [
            pd.DataFrame({"household_id": ids, "month": date(2024, 1 + m, 1), **attrs})
            for m in range(months)
        ],
        ignore_index=True,
    )
    return evaluation, groups
