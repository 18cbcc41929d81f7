"""A small household world with known biases, written into a real data folder.

Not the simulator (that needs the whole pipeline, minutes per world): households with fixed
protected groups and a latent fragility draw agency arrears per month; the label follows a
known logistic function of the *true* features. Planted biases, each a known answer:

- ``measurement``: the CJIB delivers only ``factor`` of one group's cases (their CJIB features
  read zero otherwise), so the model sees less of that group's debt than there is;
- ``label``: only ``factor`` of one group's outcomes are recorded;
- ``proxy``: ``factor`` of one group get a small, always-paid tax payment plan (``bd_open_zaken``,
  ``bd_saldo_cent``): harmless, but it encodes the group.

``write_world`` trains and freezes a real model (``models.workflow.train_inputs``) and writes
``serving.duckdb`` (features, labels) and ``restricted.duckdb`` (``household_protected``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from models.features import AGENCIES, FEATURES, month_add
from models.rankers import DEFAULT_LGBM_PARAMS
from models.training import TrainingConfig
from models.workflow import Inputs, train_inputs
from signals.paths import DataDir

START = date(2022, 1, 1)


@dataclass(frozen=True)
class Planted:
    kind: str  # measurement | label | proxy
    attribute: str
    value: str
    factor: float


def tables(
    *, households: int, months: int, seed: int, bias: tuple[Planted, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(features, labels, truth, groups)`` in the documented schemas."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"hh_{seed:04d}{i:012x}" for i in range(households)])
    attrs = {
        "geslacht": rng.choice(["M", "V"], households),
        "leeftijdsgroep": rng.choice(["18-27", "28-44", "45-66", "67+"], households),
        "migratieachtergrond": rng.choice(
            ["nederland", "europa", "buiten_europa"], households, p=[0.55, 0.15, 0.3]
        ),
        "wijk": rng.choice(["Centrum", "Noord", "Zuid"], households),
        "huishoudtype": rng.choice(
            ["alleenstaand", "alleenstaande_ouder", "paar", "paar_met_kinderen"], households
        ),
    }
    size = np.select(
        [attrs["huishoudtype"] == "alleenstaand", attrs["huishoudtype"] == "paar"],
        [1, 2],
        default=3,
    )
    fragility = rng.beta(1.0, 3.0, households)
    in_group = {b: attrs[b.attribute] == b.value for b in bias}
    frames, truths, labels = [], [], []
    for t in range(months):
        n = households
        row: dict[str, object] = {"household_id": ids, "month": [month_add(START, t)] * n}
        for a in AGENCIES:
            has = rng.random(n) < 0.08 + 0.6 * fragility
            arrears = has * rng.gamma(1.5, 20000 + 60000 * fragility).round()
            row[f"{a}_open_zaken"] = has * rng.integers(1, 4, n)
            row[f"{a}_saldo_cent"] = arrears + has * rng.gamma(1.0, 10000, n).round()
            row[f"{a}_achterstand_cent"] = arrears
            row[f"{a}_oudste_achterstand_maanden"] = has * rng.integers(1, 14, n)
            row[f"{a}_verhogingen"] = has * rng.binomial(3, fragility)
            row[f"{a}_sterkste_aanmaning"] = has * rng.integers(1, 4, n)
            row[f"{a}_pilot_drempel"] = (arrears > 27000).astype(int)
        frame = pd.DataFrame(row)
        frame["huishouden_grootte"] = size
        frame["aantal_kinderen"] = np.maximum(0, size - 2)
        _totals(frame, rng)
        z = (
            -4.2
            + 0.8 * frame["instanties_met_achterstand"]
            + 0.7 * frame["cjib_verhogingen"]
            + 1.0 * frame["cak_premie_regime"]
            + 1.5 * fragility
        )
        true_prob = 1 / (1 + np.exp(-z.to_numpy()))
        label = rng.random(n) < true_prob
        for b, member in in_group.items():
            if b.kind == "measurement":
                hidden = member & (rng.random(n) >= b.factor)
                for column in [c for c in frame.columns if c.startswith("cjib_")]:
                    frame.loc[hidden, column] = 0
            elif b.kind == "label":
                label = label & ~(member & (rng.random(n) >= b.factor))
            elif b.kind == "proxy":
                plan = member & (rng.random(n) < b.factor)
                frame.loc[plan, "bd_open_zaken"] += 1
                frame.loc[plan, "bd_saldo_cent"] += 15000
        _totals(frame, rng, deltas=False)
        frames.append(frame)
        truths.append(true_prob)
        labels.append(label)
    features = pd.concat(frames, ignore_index=True)[["household_id", "month", *FEATURES]]
    last_known = month_add(START, months - 13)
    label_frame = pd.DataFrame(
        {
            "household_id": features["household_id"],
            "month": features["month"],
            "label": np.concatenate(labels),
            "label_known": features["month"] <= last_known,
        }
    )
    truth = pd.DataFrame(
        {
            "household_id": features["household_id"],
            "month": features["month"],
            "true_prob": np.concatenate(truths),
        }
    )
    groups = pd.concat(
        [
            pd.DataFrame({"household_id": ids, "month": month_add(START, t), **attrs})
            for t in range(months)
        ],
        ignore_index=True,
    )
    return features, label_frame, truth, groups


def _totals(frame: pd.DataFrame, rng: np.random.Generator, *, deltas: bool = True) -> None:
    frame["cak_premie_regime"] = (frame["cak_oudste_achterstand_maanden"] >= 6).astype(int)
    frame["instanties_met_achterstand"] = sum(
        (frame[f"{a}_achterstand_cent"] > 0).astype(int) for a in AGENCIES
    )
    frame["totaal_saldo_cent"] = sum(frame[f"{a}_saldo_cent"] for a in AGENCIES)
    frame["totaal_achterstand_cent"] = sum(frame[f"{a}_achterstand_cent"] for a in AGENCIES)
    frame["pilot_drempels"] = sum(frame[f"{a}_pilot_drempel"] for a in AGENCIES)
    if deltas:
        for h in (3, 6, 12):
            frame[f"totaal_achterstand_delta_{h}m"] = rng.normal(0, 20000, len(frame)).round()
            frame[f"instanties_delta_{h}m"] = rng.integers(-1, 2, len(frame))


def write_world(
    root: Path,
    *,
    households: int,
    months: int = 34,
    seed: int,
    k: int,
    test_months: int = 4,
    bias: tuple[Planted, ...] = (),
) -> tuple[DataDir, str]:
    """Write the stores of a world into ``root``, train and freeze a model; returns the data
    folder and the model version."""
    features, labels, truth, groups = tables(
        households=households, months=months, seed=seed, bias=bias
    )
    data = DataDir(root)
    root.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(data.serving)) as con:
        con.register("f", features)
        con.execute("CREATE TABLE household_features AS SELECT * FROM f")
        con.register("l", labels)
        con.execute("CREATE TABLE labels AS SELECT * FROM l")
    with duckdb.connect(str(data.restricted)) as con:
        con.register("g", groups)
        con.execute("CREATE TABLE household_protected AS SELECT * FROM g")
    # fewer, larger boosting steps than the shipped model: the same code, a faster test
    params = {**DEFAULT_LGBM_PARAMS, "num_boost_round": 60, "learning_rate": 0.15}
    config = TrainingConfig(k=k, test_months=test_months, lgbm_params=params)
    # one BLAS/OpenMP thread: on a busy 2-core machine, threads that wait for each other make
    # the logistic-regression baseline minutes slower
    with threadpool_limits(1):
        version, _ = train_inputs(data, Inputs(features, labels, truth, None), config=config)
    return data, version


def add_live_months(
    data: DataDir,
    version: str,
    *,
    households: int,
    months: int,
    seed: int,
    k: int,
    bias: tuple[Planted, ...] = (),
) -> pd.DataFrame:
    """Months scored in use: new household-months (optionally drifted by ``bias``) scored by the
    frozen ``version`` with ``models.scoring.score_frame``, their outcomes known; appended to
    ``scores`` and ``labels`` (serving) and ``household_protected`` (restricted). Returns the
    scores."""
    from models import registry
    from models.features import with_history
    from models.scoring import score_frame

    features, labels, _, groups = tables(households=households, months=months, seed=seed, bias=bias)
    model = registry.load(data, version)
    features = with_history(features, model.model.features)
    with threadpool_limits(1):
        scores = pd.concat(
            [score_frame(model, rows, k=k) for _, rows in features.groupby("month")],
            ignore_index=True,
        )
    labels = labels.assign(label_known=True)
    with duckdb.connect(str(data.serving)) as con:
        con.register("s", scores)
        con.execute("CREATE TABLE IF NOT EXISTS scores AS SELECT * FROM s WHERE false")
        con.execute("INSERT INTO scores SELECT * FROM s")
        con.register("l", labels)
        con.execute("INSERT INTO labels SELECT * FROM l")
    with duckdb.connect(str(data.restricted)) as con:
        con.register("g", groups)
        con.execute("INSERT INTO household_protected SELECT * FROM g")
    return scores
